"""`make serve`'s live reload: an open tab refreshes after a post changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.server import free_port
from support.site import ROOT, copy_content

EDITED = "Edited while the tab was open"


def wait_for(url: str, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own http URL)
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"nothing answered at {url}")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway copy of the project, so editing it never touches the work tree."""
    for name in ("pelicanconf.py", "theme", "plugins", "vendor"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, tmp_path / name)
    copy_content(tmp_path / "content")
    return tmp_path


def test_open_tab_reloads_after_a_post_or_template_changes(browser, project):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "charity_site_ops.preview_server",
            "--root",
            str(project),
            "--port",
            str(port),
        ],
        cwd=project,
        env={**os.environ, "SITE_CACHE": str(project / "image-cache")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/news/co-production-week-2025/"
        wait_for(url)
        page = browser.new_page()
        page.goto(url)
        post = project / "content" / "news" / "co-production-week-2025.md"
        text = post.read_text(encoding="utf-8")
        title = text.splitlines()[0].removeprefix("Title: ")
        assert page.locator("h1").inner_text() == title
        post.write_text(text.replace(title, EDITED, 1), encoding="utf-8")
        page.wait_for_function(
            f"document.querySelector('main h1').textContent === {EDITED!r}",
            timeout=30_000,
        )
        footer = project / "theme" / "templates" / "partials" / "footer.html"
        footer.write_text(
            footer.read_text(encoding="utf-8").replace(
                "</footer>", "<p id='changed'>Template changed</p></footer>"
            ),
            encoding="utf-8",
        )
        page.wait_for_selector("#changed", timeout=30_000)
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
