"""One Chromium for the whole session: Debian's, driven by Playwright.

Outside CI a missing browser skips these tests with the reason; in CI (CI=true)
it is a failure, because the browser layer must run there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.browser import FLAGS, find_chromium
from support.ci import require
from support.desk_site import write_desk_content
from support.server import free_port, serve
from support.shared import run_folder
from support.site import build


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium shared by every browser test."""
    executable = find_chromium()
    if executable is None:
        reason = (
            "no Chromium found (install Debian's: apt-get install chromium, "
            "or set CHROMIUM=/path/to/chromium)"
        )
        require("a browser", reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=FLAGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def served_site(
    sample_content: Path, tmp_path_factory: pytest.TempPathFactory, cache: Path
):
    """The sample site built for production at a local address, and served there."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output = tmp_path_factory.mktemp("served") / "output"
    result = build(sample_content, output, "publishconf.py", siteurl=base, cache=cache)
    assert result.returncode == 0, result.log
    with serve(output, port) as url:
        yield url


@pytest.fixture(scope="session")
def served_preview(tmp_path_factory: pytest.TempPathFactory):
    """A preview with problems, drafts and the desk (support/desk_site.py), served."""
    base = tmp_path_factory.mktemp("served-preview")
    content = write_desk_content(base / "content")
    output = base / "output"
    result = build(content, output, cache=base / "cache")
    assert result.returncode == 0, result.log
    with serve(output, free_port()) as url:
        yield url


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $TEST_ARTIFACTS, or a folder in pytest's temp area."""
    configured = os.environ.get("TEST_ARTIFACTS")
    # The run's folder, not a worker's: the summary below names it.
    folder = (
        Path(configured) if configured else run_folder(tmp_path_factory) / "artifacts"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser):
    """A fresh tab (its own context) for one test."""
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def _one_tab(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


# A new tab's viewport and media, as Playwright opens one.
NEW_TAB_VIEWPORT = {"width": 1280, "height": 720}


@pytest.fixture
def tab(_one_tab):
    """One tab shared by the tests that only load pages and read them, put back
    as a new tab opens before each: a fresh context (its own renderer process)
    costs about a third of a second of CPU, and these tests are most of them.

    A test that adds a listener removes it; one that routes requests, adds
    scripts or needs cookies of its own takes `page`.
    """
    _one_tab.goto("about:blank")
    _one_tab.set_viewport_size(NEW_TAB_VIEWPORT)
    _one_tab.emulate_media(color_scheme="light", reduced_motion="no-preference")
    return _one_tab
