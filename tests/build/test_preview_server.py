"""The preview server: a port already taken is one line, not a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from support.site import ROOT

SERVE = {
    "invoke serve": [sys.executable, "-m", "invoke", "serve"],
    "live_preview.py": [sys.executable, str(ROOT / "scripts" / "live_preview.py")],
}


@pytest.mark.parametrize("command", sorted(SERVE))
def test_a_port_in_use_is_one_line_suggesting_another(command, tmp_path: Path):
    content, preview = tmp_path / "content", tmp_path / "preview"
    content.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                *SERVE[command],
                "--content",
                str(content),
                "--output",
                str(preview),
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env={**os.environ, "SITE_CACHE": str(tmp_path / "cache")},
            capture_output=True,
            text=True,
            timeout=60,  # a server that started would never end: this fails it
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: port {port} is already in use (another preview, or another "
        f"program): stop that, or serve on another port with --port {port + 1}"
    ]
    assert not preview.exists()  # said before building anything
