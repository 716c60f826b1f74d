"""Run `invoke check` and `invoke publish` on fixture folders, two at a time."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from support.nginx import assert_nginx_accepts
from support.site import ROOT, SITEURL

FIXTURES = ROOT / "tests" / "fixtures"
BROKEN = FIXTURES / "broken-posts"
HOSTILE = FIXTURES / "hostile-posts"


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
