"""The one Pelican command line every build uses: tasks, preview, tests, benchmarks."""

from __future__ import annotations

import sys
from pathlib import Path


def pelican_command(
    content: Path | str, output: Path | str, settings: Path | str, *extra: str
) -> list[str]:
    """Run this Python's Pelican on content into output with these settings."""
    return [
        sys.executable,
        "-m",
        "pelican",
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
