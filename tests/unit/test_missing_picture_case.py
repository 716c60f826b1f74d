"""A missing picture whose name differs from a file's only in capitals: the one
line names the file the post meant."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.settings import read_settings

from charity_site.build import BuildState, state_of
from charity_site.rules.cross_file import reference_problems, same_but_case
from charity_site.rules.reading import parse_source
from charity_site.source.parse import MarkdownConverter
from support.site import ROOT

POST = """Title: A walk
Date: 2025-05-01
Summary: A walk in the park.
Image: {{static}}/images/{hero}
Image_alt: The park

Words.

![A path]({{static}}/{body})
"""


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> BuildState:
    """A build's state from the site's own settings, its cache out of the tree."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"SITE_CACHE_PATH": str(tmp_path_factory.mktemp("cache"))},
    )
    return state_of({}, settings)


def lines_for(root: Path, state: BuildState, hero: str, body: str) -> list[str]:
    """The missing-image lines a build prints for a post naming these pictures."""
    text = POST.format(hero=hero, body=body).encode()
    converter = MarkdownConverter(state.markdown_options)
    parsed = parse_source("news/walk.md", text, converter, state.checks)
    problems = reference_problems({"news/walk.md": parsed}, root, set(), state.checks)
    return [str(p) for p in problems if p.rule == "missing-image"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A content folder with images/walk.jpg and images/Sea/view.png."""
    (tmp_path / "images" / "Sea").mkdir(parents=True)
    (tmp_path / "images" / "walk.jpg").write_bytes(b"jpeg")
    (tmp_path / "images" / "Sea" / "view.png").write_bytes(b"png")
    return tmp_path


def test_a_name_wrong_only_in_capitals_suggests_the_file(root, state):
    lines = lines_for(root, state, "Walk.jpg", "images/sea/VIEW.png")
    assert len(lines) == 2
    hero, body = lines
    assert hero.startswith("news/walk.md:4: error: ")
    assert (
        "the picture 'images/Walk.jpg' is not there (did you mean images/walk.jpg?)"
        in hero
    )
    assert "did you mean images/Sea/view.png?" in body
    assert "\n" not in hero + body  # one line each


def test_a_name_wrong_otherwise_gets_no_guess(root, state):
    (line,) = lines_for(root, state, "walk.jpg", "images/walks.jpg")
    assert "did you mean" not in line
    assert "check the spelling" in line


def test_two_files_that_differ_only_in_case_give_no_guess(root):
    (root / "images" / "WALK.jpg").write_bytes(b"jpeg")
    assert same_but_case("images/Walk.jpg", root) is None
    assert (
        same_but_case("images/walk.jpg", root) is None
    )  # it is there: nothing to guess
    assert same_but_case("images/sea", root) is None  # a folder is not a picture
