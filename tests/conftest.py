"""Shared fixtures: the sample site is built once per test run and shared (by
every xdist worker too: support/shared.py)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from support.shared import dump_build, load_build, once
from support.site import Build, build, copy_content

FUTURE_POST = """Title: A scheduled announcement
Date: {when}
Summary: This post is dated in the future, so no build before that day may publish it.
Tags: Scheduled

Scheduled-post-marker-text: it must not appear anywhere in a published site.
"""


@pytest.fixture(scope="session")
def sample_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of content/ with its photos made and one future-dated post added."""

    def make(folder: Path) -> Path:
        content = copy_content(folder / "content")
        when = (date.today() + timedelta(days=400)).isoformat()
        (content / "news" / "scheduled-announcement.md").write_text(
            FUTURE_POST.format(when=when), encoding="utf-8"
        )
        return content

    return once(tmp_path_factory, "sample", make, str, Path)


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One image cache for the session's builds of the sample site."""
    return tmp_path_factory.mktemp("image-cache")


@pytest.fixture(scope="session")
def published_site(
    sample_content: Path, tmp_path_factory: pytest.TempPathFactory, cache: Path
) -> Build:
    """The sample site built with the production settings, as strictly as a publish."""

    def make(folder: Path) -> Build:
        result = build(
            sample_content,
            folder / "output",
            "publishconf.py",
            "--fatal",
            "warnings",  # as `invoke publish` builds: the sample site must be clean
            cache=cache,
        )
        assert result.returncode == 0, result.log
        return result

    return once(tmp_path_factory, "published", make, dump_build, load_build)


@pytest.fixture(scope="session")
def preview_site(
    sample_content: Path, tmp_path_factory: pytest.TempPathFactory, cache: Path
) -> Build:
    """The sample site built with the preview settings."""

    def make(folder: Path) -> Build:
        result = build(sample_content, folder / "output", cache=cache)
        assert result.returncode == 0, result.log
        return result

    return once(tmp_path_factory, "preview", make, dump_build, load_build)


@pytest.fixture(scope="session")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`invoke check` and `invoke publish` on every broken and hostile fixture."""
    from support.verdicts import (
        BROKEN,
        HOSTILE,
        dump_verdicts,
        judge_all,
        load_verdicts,
    )

    def make(folder: Path) -> dict:
        return judge_all(sorted([*BROKEN.iterdir(), *HOSTILE.iterdir()]), folder)

    return once(tmp_path_factory, "verdicts", make, dump_verdicts, load_verdicts)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist (`make test` runs a worker a core): whole test modules go
    to one worker, so a module's fixtures are built once, and every browser test
    goes to one worker, so Chromium is launched once."""
    from xdist.scheduler import LoadScopeScheduling

    class ModulesAndOneBrowser(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith("tests/browser/"):
                return "tests/browser"
            return nodeid.split("::", 1)[0]

    return ModulesAndOneBrowser(config, log)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say where the browser tests' screenshots are (here, not in tests/browser/:
    under xdist only this conftest is loaded where the summary is written)."""
    folder = os.environ.get("TEST_ARTIFACTS")
    if not folder:
        try:
            base = config._tmp_path_factory.getbasetemp()
        except (AttributeError, ValueError):
            return
        folder = str(base / "artifacts")
    if Path(folder).is_dir() and any(Path(folder).iterdir()):
        terminalreporter.write_line(f"Browser screenshots: {folder}")
