"""Pelican glue for the content checks.

Every build checks every post, once, when all posts are read and nothing is
written yet. In preview each problem is a warning in the log (the markdown
plugin skips a post that cannot be built, so the rest still builds); with
CHECKS_STRICT (the publish settings) any error stops the build.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from pelican import signals

from .settings import read_check_settings
from .site import check_site

logger = logging.getLogger("pelican.plugins.charity_checks")


class ContentErrors(SystemExit):
    """Ends a strict build with exit status 1.

    A SystemExit, not an Exception: Pelican prints a traceback for any Exception,
    and an editor's mistake must read as the plain lines above it, nothing more.
    """


def report_problems(generators) -> None:
    """Report every content problem once per build; refuse a strict build on errors."""
    settings = generators[0].settings
    content = Path(settings["PATH"])
    # Problems other plugins found in this build (the images plugin's), then ours.
    found = generators[0].context.get("content_problems", [])
    problems = sorted({*found, *check_site(content, read_check_settings(settings))})
    if not settings.get("CHECKS_STRICT", False):
        for problem in problems:
            logger.warning("%s", problem)
        return
    # Printed, not logged: under --fatal the first logged line would stop the build
    # with a traceback before the editor saw the rest.
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if p.is_error]
    if errors:
        print(
            f"{len(errors)} content error(s): nothing was published. "
            "Fix the lines above, then publish again.",
            file=sys.stderr,
        )
        raise ContentErrors(1)


def register() -> None:
    """Connect the checks to Pelican's signals."""
    # all_generators_finalized: every post is read, nothing is written yet.
    signals.all_generators_finalized.connect(report_problems)
