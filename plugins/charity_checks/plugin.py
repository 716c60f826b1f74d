"""Pelican glue for the content checks.

Every build checks every post, once, when all posts are read and nothing is
written yet. In preview each problem is a warning in the log (the markdown
plugin skips a post that cannot be built, so the rest still builds); with
CHECKS_STRICT (the publish settings) any error stops the build.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from .site import check_site

logger = logging.getLogger(__name__)


class ContentErrors(Exception):
    """Raised to refuse a strict build; Pelican prints the message and exits 1."""


def report_problems(generators) -> None:
    """Log every content problem once per build; refuse a strict build on errors."""
    settings = generators[0].settings
    # Problems other plugins found in this build (the images plugin's), then ours.
    found = generators[0].context.get("content_problems", [])
    problems = sorted({*found, *check_site(Path(settings["PATH"]))})
    errors = [p for p in problems if p.is_error]
    if settings.get("CHECKS_STRICT", False) and errors:
        # One exception carrying every line, so the editor sees them all at once
        # (a fatal logger would stop at the first).
        lines = "\n".join(str(p) for p in errors)
        raise ContentErrors(
            f"{len(errors)} content error(s), nothing was published:\n{lines}"
        )
    for problem in problems:
        logger.warning("%s", problem)


def register() -> None:
    """Connect the checks to Pelican's signals."""
    # all_generators_finalized: every post is read, nothing is written yet.
    signals.all_generators_finalized.connect(report_problems)
