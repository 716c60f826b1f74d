"""One Chromium for the whole session: Debian's, driven by Playwright.

Outside CI a missing browser skips these tests with the reason; in CI (CI=true)
it is a failure, because the browser layer must run there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The system Chromium, or None."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium shared by every browser test."""
    executable = find_chromium()
    if executable is None:
        reason = (
            "no Chromium found (install Debian's: apt-get install chromium, "
            "or set CHROMIUM=/path/to/chromium)"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the browser tests, but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=FLAGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
