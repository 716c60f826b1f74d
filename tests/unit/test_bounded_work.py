"""No post, however written, keeps the reader or the rules busy for long.

Each input below once took from tens of seconds to many minutes (long runs of
link or tag openers, deep nesting, huge paragraphs). Now each is either read in
well under a second or refused, unread, in one line. The bound asserted is a
generous 10 s so that a slow machine cannot make the test flaky; the fixed code
takes a fraction of that (see the printed figures with -s).
"""

from __future__ import annotations

import time

import pytest

from charity_site.rules.per_file import BLOCKING_RULES
from charity_site.rules.reading import parse_source
from charity_site.rules.settings import CheckSettings
from charity_site.source.parse import MarkdownConverter

HEAD = "Title: T\nDate: 2025-05-01\nSummary: s.\n\n"
BOUND_SECONDS = 10
CONVERTER = MarkdownConverter(
    {
        "extensions": ["markdown.extensions.extra", "markdown.extensions.sane_lists"],
        "output_format": "html5",
    }
)
SETTINGS = CheckSettings(sections=("news",))


def paragraphs(unit: str, size: int = 5_000, count: int = 11) -> str:
    """count paragraphs of about size characters made of unit."""
    return "\n\n".join([unit * (size // len(unit))] * count)


# name: (body, the rule that refuses it, or None when it is read)
CASES = {
    "openers one line": ("[" * 200_000, "post-too-long"),
    "brackets in a paragraph": ("[x " * 3_000, "too-many-brackets"),
    "tag openers": ("<a " * 3_000, "too-many-brackets"),
    "picture openers over lines": ("![\n" * 2_000, "too-many-brackets"),
    "a long line": ("word" * 3_000, "line-too-long"),
    "a long paragraph": ("word word\n" * 2_000, "paragraph-too-long"),
    "deep quotes": (">" * 50 + " deep\n", "nesting-too-deep"),
    "deep lists": (
        "".join("    " * i + "- x\n" for i in range(20)),
        "nesting-too-deep",
    ),
    "link closers": (paragraphs("]("), None),
    "emphasis marks": (paragraphs("*_"), None),
    "backslashes": (paragraphs("\\"), None),
    "entities": (paragraphs("&amp;"), None),
    "pipes": (paragraphs("|"), None),
    "tables": (paragraphs("|a|b|\n|-|-|\n|x|y|\n"), None),
    "hashtags": (paragraphs("#Tag "), None),
    "code fences": (paragraphs("```\n"), None),
    "static links": (paragraphs("[x]({static}/a.jpg) "), None),
    "unclosed comments": (paragraphs("<!-- "[:4] + " x "), "too-many-brackets"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_pathological_post_is_read_quickly_or_refused_in_one_line(name):
    body, rule = CASES[name]
    started = time.perf_counter()
    parsed = parse_source("news/x.md", (HEAD + body).encode(), CONVERTER, SETTINGS)
    seconds = time.perf_counter() - started
    print(f"{name}: {seconds:.2f} s")
    assert seconds < BOUND_SECONDS
    rules = [p.rule for p in parsed.problems if p.rule in BLOCKING_RULES]
    if rule is None:
        assert rules == [], parsed.problems
        assert parsed.html
    else:
        assert rules[:1] == [rule], parsed.problems
        assert parsed.html == "", "never handed to Markdown"
