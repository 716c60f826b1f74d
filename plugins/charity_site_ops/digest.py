"""`invoke digest`: the email-ready newsletter of a period, from a production build."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pelican.settings import read_settings

from charity_site.clock import site_clock
from charity_site.layout import DIGEST_FOLDER
from charity_site.newsletter.digest import digest_period
from charity_site_ops.commands import option_given, option_name
from charity_site_ops.folders import digest_folder
from charity_site_ops.pelican_cli import run_pelican
from charity_site_ops.problems import TaskError


@dataclass(frozen=True)
class DigestPlan:
    """A digest's period, content and folder, each checked before any build."""

    first: date
    last: date
    content: Path
    folder: Path
    output: str  # --output as it was given, for the lines said about it


def plan_digest(
    since: str, until: str, content: str, output: str, settings: Path
) -> DigestPlan:
    """Check the period, the content folder and the output (one line if wrong)."""
    try:
        # Today on the site's clock (the build's settings: TIMEZONE, SITE_NOW),
        # as the build counts what is published.
        today = site_clock(read_settings(str(settings))).today
        first, last = digest_period(since, until, today)
    except ValueError as problem:
        raise TaskError(f"error: {problem}") from None
    if not Path(content).is_dir():
        given = option_given("content", content, quoted=False)
        raise TaskError(f"error: {given} is not a folder: give the content folder")
    # Before the build: nothing is written if it is wrong.
    return DigestPlan(first, last, Path(content), digest_folder(output), output)


def write_digest(plan: DigestPlan, settings: Path) -> None:
    """Build with settings, then keep the digest's two files, saying each."""
    stem = f"{plan.first.isoformat()}_{plan.last.isoformat()}"
    period = json.dumps(
        {"since": plan.first.isoformat(), "until": plan.last.isoformat()}
    )
    with tempfile.TemporaryDirectory() as build_dir:
        # A production build (absolute URLs, no drafts) that also writes the digest.
        code = run_pelican(
            plan.content, Path(build_dir), settings, "-e", f"DIGEST={period}"
        )
        if code:
            raise TaskError(code=code)  # Pelican's lines above say why
        try:
            plan.folder.mkdir(parents=True, exist_ok=True)
            # The two files only: nothing else the build put beside them.
            made_here = Path(build_dir) / DIGEST_FOLDER
            for made in sorted(made_here.glob(f"{stem}.*")):
                if made.suffix in (".html", ".txt"):
                    shutil.copyfile(made, plan.folder / made.name)
                    size = made.stat().st_size // 1024
                    print(f"Wrote {plan.folder / made.name} ({size} KB)")
        except OSError as problem:
            raise TaskError(
                f"error: cannot write the digest into {plan.output} "
                f"({problem.strerror or problem}): choose another "
                f"{option_name('output')}"
            ) from None
