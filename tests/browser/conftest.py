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
    folder = (
        Path(configured) if configured else tmp_path_factory.getbasetemp() / "artifacts"
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


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say where the screenshots are."""
    folder = os.environ.get("TEST_ARTIFACTS")
    if not folder:
        try:
            base = config._tmp_path_factory.getbasetemp()
        except (AttributeError, ValueError):
            return
        folder = str(base / "artifacts")
    if Path(folder).is_dir() and any(Path(folder).iterdir()):
        terminalreporter.write_line(f"Browser screenshots: {folder}")
