"""The one Pelican command line every build uses: tasks, preview, tests, benchmarks."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path


def pelican_command(
    content: Path | str, output: Path | str, settings: Path | str, *extra: str
) -> list[str]:
    """Run this Python's Pelican on content into output with these settings.

    Through charity_site_ops.launch, which says at once when a preview has
    nothing to change, and otherwise runs Pelican in the same process with the
    same arguments. Not a build that stops on warnings (a publish, a check):
    it builds a fresh folder, which the launcher never skips, and its process
    stays `python -m pelican` for what looks for one (the publish's tests).
    """
    launcher = "pelican" if "--fatal" in extra else "charity_site_ops.launch"
    return [
        sys.executable,
        "-m",
        launcher,
        str(content),
        "-o",
        str(output),
        "-s",
        str(settings),
        # plain: one message, one line (the rich handler wraps and adds columns)
        "--log-handler",
        "plain",
        *extra,
    ]


def run_pelican(
    content: Path | str, output: Path | str, settings: Path | str, *extra: str
) -> int:
    """Run Pelican with its output passed straight through; return its exit status.

    Not invoke's c.run: invoke decodes the child's output a chunk at a time, so a
    character split between two reads (the dash in every problem line) came out
    as replacement characters once the output was long.
    """
    command = pelican_command(content, output, settings, *extra)
    sys.stdout.flush()
    return subprocess.run(command, check=False).returncode


def check_site(content: Path | str, settings: Path | str) -> int:
    """The publish build, stopped from writing pictures and thrown away: its status.

    The same code, the same lines, the same verdict as a publish with settings.
    """
    with tempfile.TemporaryDirectory(prefix="site-check-") as scratch:
        return run_pelican(
            content,
            Path(scratch) / "output",
            settings,
            "--fatal",
            "warnings",
            "-e",
            "CHECK_ONLY=true",
        )
