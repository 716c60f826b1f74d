"""Builds in this process write what builds in their own process write.

support.site.build_here() runs Pelican in the test process for the tests that
look only at a build's output. Pelican keeps state in its modules (signals stay
connected, each log message is logged once a process), so this holds that
builds here, one after another and after a refused one, print and write
byte for byte what the subprocess builds of the session fixtures did.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.site import ROOT, Build, build, build_here

PROBLEM = re.compile(r"^\S.*?:\d+: (error|warning): .+ \[[a-z0-9-]+\]$")
REFUSED = ROOT / "tests" / "fixtures" / "one-file-rules" / "missing-title"
STRICT = ("publishconf.py", "--fatal", "warnings")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by its path there, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def problem_lines(log: str) -> list[str]:
    return sorted(line for line in log.splitlines() if PROBLEM.match(line))


@pytest.fixture(scope="module")
def here(
    sample_content: Path, cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Build]:
    """The sample site previewed and published here twice (with the session's
    cache), a refused check between them."""
    work = tmp_path_factory.mktemp("in-process")
    runs = {}
    for name, settings in (
        ("preview", ("pelicanconf.py",)),
        ("publish", STRICT),
        ("refused", (*STRICT, "-e", "CHECK_ONLY=true")),
        ("preview again", ("pelicanconf.py",)),
        ("publish again", STRICT),
    ):
        content = REFUSED if name == "refused" else sample_content
        output = work / name.replace(" ", "-") / "output"
        runs[name] = build_here(content, output, *settings, cache=cache)
    return runs


@pytest.mark.parametrize(
    ("name", "subprocess_site"),
    [
        ("preview", "preview_site"),
        ("preview again", "preview_site"),
        ("publish", "published_site"),
        ("publish again", "published_site"),
    ],
)
def test_a_build_here_writes_and_prints_what_its_own_process_did(
    name, subprocess_site, here, request
):
    theirs: Build = request.getfixturevalue(subprocess_site)
    ours = here[name]
    assert ours.returncode == theirs.returncode == 0, ours.log
    assert ours.siteurl == theirs.siteurl
    assert problem_lines(ours.log) == problem_lines(theirs.log)
    mine, other = tree(ours.output), tree(theirs.output)
    assert sorted(mine) == sorted(other)
    assert [path for path in mine if mine[path] != other[path]] == []


def test_a_refused_build_here_is_its_exit_status_and_its_lines(here):
    refused = here["refused"]
    assert refused.returncode == 1
    assert "news/post.md:1: error: " in refused.log
    assert "[missing-title]" in refused.log
    assert "1 error(s), 0 warning(s) in missing-title/" in refused.log
    assert "Traceback" not in refused.log


def test_a_warning_is_fatal_here_each_time_as_in_its_own_process(tmp_path):
    """--fatal warnings ends a build on a warning Pelican logs, in every build of
    the process (Pelican logs each message once a process: forgotten per build)."""
    settings = tmp_path / "warnconf.py"
    settings.write_text(
        "import logging\n"
        "from pelicanconf import *\n"
        "logging.getLogger('pelican').warning('a warning from the settings')\n",
        encoding="utf-8",
    )
    content = ROOT / "tests" / "fixtures" / "hostile-posts" / "embed-allowed"
    fatal = (str(settings), "--fatal", "warnings")
    results = [build(content, tmp_path / "own" / "output", *fatal)]
    for number in range(2):
        output = tmp_path / f"here-{number}" / "output"
        results.append(build_here(content, output, *fatal))
    for result in results:
        assert result.returncode == 1, result.log
        assert "a warning from the settings" in result.log
        assert "RuntimeError: Warning or error encountered" in result.log
    lenient = build_here(content, tmp_path / "lenient" / "output", str(settings))
    assert lenient.returncode == 0, lenient.log
    assert "a warning from the settings" in lenient.log
