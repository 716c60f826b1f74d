"""The tokeniser's quick reading of plain HTML is html.parser's reading, exactly.

start_tags reads most HTML (what Markdown and the sanitiser make) with one regex
and hands anything else to html.parser. Here both read the same fragments,
written tag by tag from pieces that trip tokenisers up (case, quotes, entities,
odd spaces, slashes, comments, scripts), and must agree wherever the quick one
answers at all.
"""

from __future__ import annotations

import random

import pytest

from charity_site.source.tags import _Collector, _plain_tags, start_tags

NAMES = ["p", "P", "a", "img", "br", "h1", "iframe", "script", "Style", "a-b", "x:y"]
NAMES += ["title", "TextArea", "noscript"]
KEYS = ["href", "SRC", "alt", "title", "data-x", "x:y", "a.b", "_k", "K"]
VALUES = ["", "x", "a b", "a>b", "&amp;", "&#x27;", "&bogus;", "&amp", "it's", "\n"]
VALUES += ['say "hi"', "/", "a=b", "é", "&lt;b&gt;", "a<b"]
SPACES = [" ", "  ", "\n", "\t", "\r", "\f", "\x0b", "\xa0", ""]
ENDS = [">", "/>", " />", " / >", "//>"]
TEXTS = ["text", " & ", "a < b", "\n", "'q'", "&amp;", "", "<!-- c -->", "<!x>"]
TEXTS += ["<?x?>", "</p >", "</ p>", "<", "<3", "a > b"]


def parsed(html: str) -> tuple:
    """What html.parser itself reads (the tokeniser's fallback)."""
    collector = _Collector(html)
    collector.feed(html)
    collector.close()
    return tuple(collector.found)


def tag(rng: random.Random) -> str:
    """One start or end tag, mostly well formed, sometimes not."""
    if rng.random() < 0.3:
        return f"</{rng.choice(NAMES)}{rng.choice(SPACES)}>"
    text = "<" + rng.choice(NAMES)
    for _ in range(rng.randint(0, 4)):
        text += (rng.choice(SPACES) or " ") + rng.choice(KEYS)
        value, kind = rng.choice(VALUES), rng.random()
        if kind < 0.4:
            text += '="' + value.replace('"', "") + '"'
        elif kind < 0.6:
            text += "='" + value.replace("'", "") + "'"
        elif kind < 0.7:
            text += "=" + value
        elif kind < 0.75:
            text += f'{rng.choice(SPACES)}={rng.choice(SPACES)}"{value}"'
    return text + rng.choice(SPACES) + rng.choice(ENDS)


def fragment(rng: random.Random) -> str:
    parts = [
        tag(rng) if rng.random() < 0.7 else rng.choice(TEXTS)
        for _ in range(rng.randint(1, 6))
    ]
    return "".join(parts)


@pytest.mark.parametrize("seed", range(4))
def test_the_quick_reading_agrees_with_html_parser(seed):
    rng = random.Random(seed)  # noqa: S311 (the same fragments each run)
    quick = 0
    for _ in range(5_000):
        html = fragment(rng)
        found = _plain_tags(html)
        if found is not None:
            quick += 1
            assert found == parsed(html), html
        assert start_tags(html) == parsed(html), html
    assert quick > 300  # the quick reading is exercised, not always declined


def test_markdown_html_is_read_quickly_and_the_rest_by_html_parser():
    html = (
        '<h2 id="plans">Our plans</h2>\n<p>Read <a href="/x?a=1&amp;b=2" '
        'title="A &amp; B">this</a>.<br />\n<img alt="" src="{static}/p.jpg"></p>'
    )
    assert _plain_tags(html) == parsed(html)
    assert [t.value("href") for t in _plain_tags(html)] == [
        "",
        "",
        "/x?a=1&b=2",
        "",
        "",
    ]
    for odd in (
        "<p>a <!-- note --> b</p>",
        "<script>x = '<a href=1>'</script>",
        "<a href=bare>x</a>",
        "<p>3 < 4</p>",
    ):
        assert _plain_tags(odd) is None  # not plain: html.parser reads it
        assert start_tags(odd) == parsed(odd)
