"""Run the content rules over a whole content folder."""

from __future__ import annotations

from pathlib import Path

from .problems import Problem
from .rules import check_source

# Folders that hold files, not posts.
NOT_POSTS = ("images", "extra")


def post_files(content: Path) -> list[Path]:
    """Every Markdown file under content/ that Pelican would read as a post or page."""
    return sorted(
        path
        for path in content.rglob("*.md")
        if path.relative_to(content).parts[0] not in NOT_POSTS
    )


def check_site(content: Path) -> list[Problem]:
    """Check every post under content and return all problems, file by file."""
    problems: list[Problem] = []
    for path in post_files(content):
        relative = path.relative_to(content).as_posix()
        problems.extend(check_source(relative, path.read_bytes()))
    return problems
