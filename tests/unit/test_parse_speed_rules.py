"""The shortcuts of one parse give what the long way gives, line for line.

A post's plain text is made once for all its lines; its body lines are read at
once when it has no fence or comment; typography skips the search for code when
there is none; the sanitiser reads no address where there cannot be one. Each is
held here to the long way it replaces.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from charity_site.rules.per_file import (
    MAX_NESTING,
    Post,
    _plain,
    _plain_lines,
    _read_marked_body,
    check_limits,
)
from charity_site.source.header import parse_header, source_lines
from charity_site.source.sanitise import _scheme
from charity_site.source.typography import _PIECES, _RAW_TAGS, smarten, smarten_html

LINES = [
    "",
    " ",
    "-",
    "- ",
    "-\tx",
    "   # Heading",
    "    # code, not a heading",
    "1. first",
    "12.3 no",
    "> quoted **bold** _it_ `code`",
    "![a picture](x.jpg) and [a link](https://example.org/a) after",
    "[unclosed](",
    "#Hashtag #Other",
    "\u2028 - odd space",
    "\r- carriage",
    "* star",
]


def test_the_plain_lines_made_at_once_are_each_line_made_alone():
    assert _plain_lines(LINES) == tuple(_plain(line) for line in LINES)
    assert _plain_lines([]) == ()


@pytest.mark.parametrize(
    "body",
    [
        "Plain.\n\nText.",
        "Before\n```\ncode <!-- x -->\n```\nafter <!-- a\nnote --> end",
        "~~~\nfenced\n~~~\n<!-- whole -->\nlast",
    ],
)
def test_the_body_read_at_once_is_the_body_read_line_by_line(body):
    text = f"Title: T\nDate: 2025-05-01\n\n{body}\n"
    post = Post("news/p.md", text, parse_header(text))
    expected = tuple(_read_marked_body(source_lines(text), post.header.body_line))
    assert post.body == expected
    assert len(post.plain_lines) == len(post.body)


@pytest.mark.parametrize(
    ("line", "deep"),
    [
        (">" * MAX_NESTING + " x", False),
        (">" * (MAX_NESTING + 1) + " x", True),
        ("a " + ">" * (MAX_NESTING + 1), False),  # not quote marks
        (" " * (4 * MAX_NESTING - 4) + "- x", False),
        (" " * (4 * MAX_NESTING) + "- x", True),
    ],
)
def test_nesting_is_measured_on_the_lines_that_could_be_too_deep(line, deep):
    problems = check_limits("news/p.md", ["x", line], 1)
    assert [p.rule for p in problems] == (["nesting-too-deep"] if deep else [])


def smartened_piece_by_piece(html: str) -> str:
    """smarten_html the long way: every tag read for code and scripts."""
    pieces = _PIECES.split(html)
    depth = 0
    for index, piece in enumerate(pieces):
        if index % 2:
            match = _RAW_TAGS.match(piece)
            if match:
                depth = max(depth + (-1 if match.group(1) else 1), 0)
        elif depth == 0 and piece:
            pieces[index] = smarten(piece)
    return "".join(pieces)


@pytest.mark.parametrize(
    "html",
    [
        '<p>"Quoted" -- and --- dashes... it\'s</p>\n<p title="a \'b\'">x</p>',
        '<p>\'a\'</p><pre><code>"raw" -- kept</code></pre><p>"b"</p>',
        '<p>text with a <code unclosed and "quotes"</p>',
        "   \n",
    ],
)
def test_typography_without_code_is_the_same_as_the_long_way(html):
    assert smarten_html(html) == smartened_piece_by_piece(html)


@pytest.mark.parametrize(
    "value",
    [None, "", "nav", "A photo", "https://x.org/a", "mailto:a@b", "/about/"],
)
def test_a_value_with_no_colon_or_slash_has_no_scheme(value):
    expected = urlsplit(value.strip()).scheme.lower() if value else ""
    assert _scheme(value) == expected


def test_an_address_urlsplit_refuses_is_still_refused():
    with pytest.raises(ValueError, match="IPv6"):
        _scheme("//[broken")


@pytest.mark.parametrize(
    ("lines", "rules"),
    [
        (["[" * 300], []),
        (["[" * 150, "", "<" * 151], []),  # over the total, not in one paragraph
        (["[" * 150, "<" * 151], ["too-many-brackets"]),
        (["x" * 9_000, "", "y" * 999], []),
        (["x" * 9_000, "y" * 1_000], ["paragraph-too-long"]),
    ],
)
def test_a_short_post_passes_the_limits_exactly_when_it_did(lines, rules):
    assert [p.rule for p in check_limits("news/p.md", lines, 1)] == rules
