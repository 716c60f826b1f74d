"""Shared fixtures: the sample site is built once per session and shared."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

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
    content = copy_content(tmp_path_factory.mktemp("sample") / "content")
    when = (date.today() + timedelta(days=400)).isoformat()
    (content / "news" / "scheduled-announcement.md").write_text(
        FUTURE_POST.format(when=when), encoding="utf-8"
    )
    return content


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One image cache for the session's builds of the sample site."""
    return tmp_path_factory.mktemp("image-cache")


@pytest.fixture(scope="session")
def published_site(
    sample_content: Path, tmp_path_factory: pytest.TempPathFactory, cache: Path
) -> Build:
    """The sample site built with the production settings, as strictly as a publish."""
    result = build(
        sample_content,
        tmp_path_factory.mktemp("published") / "output",
        "publishconf.py",
        "--fatal",
        "warnings",  # as `invoke publish` builds: the sample site must be clean
        cache=cache,
    )
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="session")
def preview_site(
    sample_content: Path, tmp_path_factory: pytest.TempPathFactory, cache: Path
) -> Build:
    """The sample site built with the preview settings."""
    output = tmp_path_factory.mktemp("preview") / "output"
    result = build(sample_content, output, cache=cache)
    assert result.returncode == 0, result.log
    return result


@pytest.fixture(scope="session")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`invoke check` and `invoke publish` on every broken and hostile fixture."""
    from support.verdicts import BROKEN, HOSTILE, judge_all

    folders = sorted([*BROKEN.iterdir(), *HOSTILE.iterdir()])
    return judge_all(folders, tmp_path_factory.mktemp("verdicts"))
