"""Run `invoke check` and `invoke publish` on fixture folders, two at a time; or
the same two builds in this process, where the tasks are not what is tested."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from support.nginx import assert_nginx_accepts
from support.shared import dump_process, load_process
from support.site import ROOT, SITEURL, build_here

FIXTURES = ROOT / "tests" / "fixtures"
# Judged by the tasks themselves, end to end.
BROKEN = FIXTURES / "broken-posts"
HOSTILE = FIXTURES / "hostile-posts"
# Judged by the same two builds in this process (tests/build/test_checks.py).
SITE_CASES = FIXTURES / "site-cases"


@dataclass(frozen=True)
class Verdict:
    """What the two commands said of one content folder."""

    check: subprocess.CompletedProcess
    publish: subprocess.CompletedProcess
    site: Path  # where the publish went


def invoke(*args: str, cache: Path) -> subprocess.CompletedProcess:
    """Run an invoke task as an editor would, with its own cache."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        env={**os.environ, "SITE_CACHE": str(cache), "SITEURL": SITEURL},
        capture_output=True,
        text=True,
        timeout=300,
    )


def judge(content: Path, work: Path) -> Verdict:
    """Check, then publish, one content folder."""
    cache, site = work / "cache", work / "site"
    check = invoke("check", "--content", str(content), cache=cache)
    publish = invoke(
        "publish", "--content", str(content), "--output", str(site), cache=cache
    )
    if publish.returncode == 0:
        assert_nginx_accepts(site)
    return Verdict(check, publish, site)


def judge_all(folders: list[Path], work: Path) -> dict[str, Verdict]:
    """Judge every folder (named '<set>/<case>'), two at a time (two cores)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            f"{folder.parent.name}/{folder.name}": pool.submit(
                judge, folder, work / folder.parent.name / folder.name
            )
            for folder in folders
        }
        return {name: future.result() for name, future in futures.items()}


def dump_verdicts(verdicts: dict[str, Verdict]) -> dict:
    """Verdicts as JSON (support/shared.py shares them between test workers)."""
    return {
        name: {
            "check": dump_process(verdict.check),
            "publish": dump_process(verdict.publish),
            "site": str(verdict.site),
        }
        for name, verdict in verdicts.items()
    }


def load_verdicts(record: dict) -> dict[str, Verdict]:
    """Verdicts from their JSON."""
    return {
        name: Verdict(
            load_process(fields["check"]),
            load_process(fields["publish"]),
            Path(fields["site"]),
        )
        for name, fields in record.items()
    }


def judge_here(content: Path, work: Path, cache: Path | None = None) -> Verdict:
    """Check, then publish, one content folder in this process, as the tasks run
    Pelican: the publish settings with warnings fatal, the check with CHECK_ONLY.

    What each printed is kept as its standard output. The tasks' own steps do not
    run: the publish is written straight into work/publish. The cache (keyed by
    content) may be shared between folders.
    """
    results = []
    for name, extra in (("check", ("-e", "CHECK_ONLY=true")), ("publish", ())):
        site = build_here(
            content,
            work / name,
            "publishconf.py",
            "--fatal",
            "warnings",
            *extra,
            cache=cache or work / "cache",
        )
        args = [name, "--content", str(content)]
        results.append(subprocess.CompletedProcess(args, site.returncode, site.log, ""))
    check, publish = results
    return Verdict(check, publish, work / "publish")
