"""The rules about one post, on the one parse, for every mistake that needs no
other file to show it.

Each case folder in tests/fixtures/one-file-rules/ holds one post (and the
pictures it names): a mistake an editor made, or an input that once passed the
checks and then crashed a build or lost a post. Its bytes are parsed as the
reader parses them, with the site's own settings and Markdown, and the rules a
build runs on that parse give exactly the lines `invoke check` prints for the
folder. That the check and a publish print the same lines and refuse together
is shown end to end on the folders in tests/build/test_check_is_publish.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pelican.settings import read_settings

from charity_site.build import BuildState, state_of
from charity_site.problems import Problem
from charity_site.rules.cross_file import reference_problems
from charity_site.rules.per_file import blocks_build
from charity_site.rules.reader import CharityReader
from charity_site.rules.reading import parse_source
from charity_site.source.parse import MarkdownConverter, ParsedSource
from support.site import ROOT

CASES_FOLDER = ROOT / "tests" / "fixtures" / "one-file-rules"
# The line an editor reads: `path:line: severity: what — how to fix [rule]`.
PROBLEM = re.compile(r"^(\S.*?):(\d+): (error|warning): .+ — .+ \[([a-z0-9-]+)\]$")
# case folder: (the post, every problem as (line, severity, rule))
CASES: dict[str, tuple[str, list[tuple[int, str, str]]]] = {
    # Mistakes, one each.
    "bad-date": ("news/post.md", [(2, "error", "bad-date")]),
    "bad-modified": ("news/post.md", [(4, "error", "bad-modified")]),
    "bad-newsletter": ("news/post.md", [(4, "error", "bad-newsletter")]),
    "bad-status": ("news/post.md", [(4, "error", "bad-status")]),
    "bad-template": ("pages/oops.md", [(3, "error", "bad-template")]),
    "control-character": ("news/post.md", [(5, "error", "control-character")]),
    "missing-alt": ("news/post.md", [(7, "error", "missing-alt")]),
    "missing-consent": ("stories/post.md", [(1, "error", "missing-consent")]),
    "missing-content-warning": (
        "news/post.md",
        [(1, "error", "missing-content-warning")],
    ),
    "missing-event-start": (
        "events/post.md",
        [(1, "error", "missing-event-start")],
    ),
    "missing-image-alt": ("news/post.md", [(4, "error", "missing-image-alt")]),
    "missing-summary": ("news/post.md", [(1, "error", "missing-summary")]),
    "missing-title": ("news/post.md", [(1, "error", "missing-title")]),
    "not-utf8": ("news/post.md", [(5, "error", "not-utf8")]),
    "reading-level": ("news/post.md", [(5, "warning", "reading-level")]),
    "review-overdue": ("news/post.md", [(5, "warning", "review-overdue")]),
    "sub-folder": ("news/2025/post.md", [(1, "error", "sub-folder")]),
    "swallowed-line": ("news/post.md", [(4, "error", "swallowed-line")]),
    "unknown-key": ("news/post.md", [(4, "error", "unknown-key")]),
    "unknown-section": ("blog/post.md", [(1, "error", "unknown-section")]),
    "unsafe-wording": ("news/post.md", [(6, "error", "unsafe-wording")]),
    # A post that cannot be built (its Status) still gets every other rule.
    "every-rule-despite-a-block": (
        "news/post.md",
        [
            (1, "error", "missing-content-warning"),
            (4, "error", "bad-status"),
            (6, "error", "missing-image-alt"),
        ],
    ),
    # Hostile inputs that once passed the checks, then crashed or lost a post.
    "angle-picture-empty-alt": ("news/post.md", [(7, "error", "missing-alt")]),
    "article-template-on-page": ("pages/oops.md", [(3, "error", "bad-template")]),
    "deep-quotes": ("news/post.md", [(7, "error", "nesting-too-deep")]),
    "embed-not-allowed": ("news/post.md", [(7, "error", "unsafe-html")]),
    "empty-file": (
        "news/post.md",
        [
            (1, "error", "missing-date"),
            (1, "error", "missing-summary"),
            (1, "error", "missing-title"),
        ],
    ),
    "event-end-before-start": (
        "events/talk.md",
        [(5, "error", "event-ends-before-start")],
    ),
    "event-skipped-hour": ("events/walk.md", [(4, "error", "event-time-skipped")]),
    "event-year-9999": ("events/party.md", [(4, "error", "event-year-unlikely")]),
    "html-picture-no-alt": ("news/post.md", [(7, "error", "missing-alt")]),
    "lang-key": ("news/post.md", [(4, "error", "unknown-key")]),
    "many-brackets": ("news/post.md", [(7, "error", "too-many-brackets")]),
    "only-a-bom": (
        "news/post.md",
        [
            (1, "error", "missing-date"),
            (1, "error", "missing-summary"),
            (1, "error", "missing-title"),
        ],
    ),
    "reference-picture-no-alt": ("news/post.md", [(9, "error", "missing-alt")]),
    "save-as-key": ("news/post.md", [(4, "error", "unknown-key")]),
    "slug-key": ("news/post.md", [(4, "error", "unknown-key")]),
    "two-dates": (
        "news/post.md",
        [(4, "error", "bad-date"), (4, "warning", "duplicate-key")],
    ),
    "unknown-link-kind": ("news/post.md", [(5, "error", "unknown-link-kind")]),
    # Five removals by the sanitiser; the <img> it keeps names a missing picture.
    "unsafe-html": (
        "news/post.md",
        [
            (7, "error", "unsafe-html"),
            (9, "error", "missing-image"),
            (9, "error", "unsafe-html"),
            (11, "error", "unsafe-html"),
            (11, "error", "unsafe-html"),
            (13, "error", "unsafe-html"),
        ],
    ),
}


@pytest.fixture(scope="module")
def site_state(tmp_path_factory: pytest.TempPathFactory) -> BuildState:
    """A build's state from the site's own settings (its cache kept out of the
    work tree): the check settings and Markdown options the reader uses."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"SITE_CACHE_PATH": str(tmp_path_factory.mktemp("cache"))},
    )
    return state_of({}, settings)


def problems_of(case: str, state: BuildState) -> tuple[ParsedSource, list[Problem]]:
    """The one parse of a case's post, and every problem a build reports for it:
    the per-file rules on the parse, then its pictures, links and the rules that
    depend on the day (run on the same parse after reading)."""
    path, _expected = CASES[case]
    folder = CASES_FOLDER / case
    converter = MarkdownConverter(state.markdown_options)
    parsed = parse_source(path, (folder / path).read_bytes(), converter, state.checks)
    later = reference_problems({path: parsed}, folder, set(), state.checks)
    return parsed, sorted([*parsed.problems, *later])


def posts_in(folder: Path) -> list[str]:
    """The post files of a content folder, relative to it."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.suffix in {".md", ".markdown"}
    )


def test_every_case_folder_has_a_case_and_holds_one_post():
    assert sorted(p.name for p in CASES_FOLDER.iterdir()) == sorted(CASES)
    for case, (path, _expected) in CASES.items():
        assert posts_in(CASES_FOLDER / case) == [path], case


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_mistake_is_its_rule_at_its_line_with_its_severity(case, site_state):
    path, expected = CASES[case]
    _parsed, problems = problems_of(case, site_state)
    assert [(p.line, p.severity, p.rule) for p in problems] == sorted(expected)
    for problem in problems:
        match = PROBLEM.match(str(problem))
        assert match, f"one line with file, line, what, how to fix and rule: {problem}"
        assert match.groups() == (
            path,
            str(problem.line),
            problem.severity,
            problem.rule,
        )


@pytest.mark.parametrize(
    ("case", "blocks"),
    [
        ("missing-title", True),
        ("bad-date", True),
        ("missing-summary", False),
        ("every-rule-despite-a-block", True),
    ],
)
def test_a_post_pelican_cannot_build_is_left_out_and_the_rest_is_built(
    case, blocks, site_state
):
    _parsed, problems = problems_of(case, site_state)
    assert blocks_build(problems) is blocks


def test_safe_wording_comes_with_the_suggested_words(site_state):
    _parsed, (problem,) = problems_of("unsafe-wording", site_state)
    assert "'committed suicide'" in str(problem)
    assert "write 'died by suicide' instead" in str(problem)


def test_a_typo_in_a_key_gets_a_suggestion(site_state):
    _parsed, (problem,) = problems_of("unknown-key", site_state)
    assert "unknown header 'Tittle:' — did you mean 'Title:'?" in str(problem)


def test_a_post_with_windows_text_is_named_at_its_first_bad_byte(site_state):
    parsed, (problem,) = problems_of("not-utf8", site_state)
    assert "UTF-8" in problem.message
    assert parsed.html == "", "never handed to Markdown half-read"


def test_text_too_deep_or_bracketed_for_markdown_is_never_parsed(site_state):
    for case in ("deep-quotes", "many-brackets"):
        parsed, _problems = problems_of(case, site_state)
        assert parsed.html == "", case


def test_a_post_that_cannot_be_built_is_told_everything_at_once(tmp_path):
    """Its bad Status blocks the build; every other problem is reported with it,
    by the rules on the parse and by the reader (tags without an address), and
    the post is still left out."""
    folder = CASES_FOLDER / "every-rule-despite-a-block"
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(folder), "SITE_CACHE_PATH": str(tmp_path)},
    )
    state = state_of({}, settings)
    reader = CharityReader(settings)
    reader.state = state
    assert reader.read(str(folder / "news" / "post.md")) == ("", {"status": "skip"})
    assert state.not_built == {"news/post.md": "it has the errors above"}
    assert sorted((p.line, p.rule) for p in state.problems) == [
        (1, "missing-content-warning"),
        (4, "bad-status"),
        (5, "bad-slug"),
        (6, "missing-image-alt"),
    ]
    warning = next(p for p in state.problems if p.line == 1)
    assert "suicide ('suicidal')" in warning.message


def test_a_post_too_big_to_read_still_has_its_header_checked(site_state):
    text = "Title: A post\nSummary: Short.\nStatus: publish\n\n" + "word " * 2_500
    converter = MarkdownConverter(site_state.markdown_options)
    parsed = parse_source("news/big.md", text.encode(), converter, site_state.checks)
    assert [(p.line, p.rule) for p in parsed.problems] == [
        (1, "missing-date"),
        (3, "bad-status"),
        (5, "line-too-long"),
    ]
    assert parsed.html == "", "never handed to Markdown"
