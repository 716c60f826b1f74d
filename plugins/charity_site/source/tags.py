"""The one HTML tokeniser: each start tag of a fragment, its attributes, place. Pure.

Python's own `html.parser` reads tags as a browser's tokeniser does: quoted and
bare values, entities, case, and no tags inside <script> or <style>. The
references of a post (links and pictures), the sanitiser's account of what it
removed, the feeds' absolute addresses and the picture markup all read tags
through this one module, so they cannot disagree about what a tag is.

HTML made by Markdown and the sanitiser is nearly always plain: every `<`
opens a simple start or end tag with quoted values. Such HTML is read with one
regex, about eight times faster than `html.parser`, and gives exactly what
`html.parser` gives (tests/unit/test_parse_speed_tags.py compares the two);
anything else (a comment, a bare value, a script, a lone `<`) is read by
`html.parser` itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape
from html.parser import HTMLParser

# Every attribute Pelican replaces {filename}, {static} and {attach} in.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "poster", "data", "cite", "formaction", "action", "content"}
)
SRCSET = "srcset"  # several addresses, each with a width or density after it


@dataclass(frozen=True)
class StartTag:
    """One start tag: its name, attributes (values unescaped) and where it is."""

    name: str  # lower case
    attrs: dict[str, str | None]  # the first of a repeated name wins, as browsers
    start: int  # the offset of its '<'
    end: int  # the offset just after its '>'
    self_closing: bool = False

    def value(self, name: str) -> str:
        """An attribute's value, '' when it is absent or has none."""
        return self.attrs.get(name) or ""

    def with_values(self, changed: dict[str, str]) -> str:
        """The tag written again with some attribute values changed."""
        parts = [self.name]
        for name, value in self.attrs.items():
            value = changed.get(name, value)
            parts.append(name if value is None else f'{name}="{escape(value)}"')
        return f"<{' '.join(parts)}{' /' if self.self_closing else ''}>"


# The plain tags: only what html.parser reads in one obvious way. Spaces are
# the five HTML spaces (not regex \s, which html.parser's tag names stop at
# differently); a value never holds '<', so each '<' of a tag is its first
# character, and counting them tells whether every '<' began such a tag.
_SPACE = r"[ \t\n\r\f]"
_NAME = r"[a-zA-Z][a-zA-Z0-9]*"
_VALUE = r"""=(?:"[^"<]*"|'[^'<]*')"""
_PLAIN_TAG = re.compile(
    rf"<(?:/{_NAME}{_SPACE}*>|(?P<name>{_NAME})"
    rf"(?P<attrs>(?:{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:{_VALUE})?)*)"
    rf"{_SPACE}*(?P<closing>/?)>)"
)
_PLAIN_ATTRIBUTE = re.compile(
    rf"{_SPACE}+(?P<key>[a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=(?P<value>\"[^\"<]*\"|'[^'<]*'))?"
)
# Elements whose text is not read as HTML: html.parser's own list (script and
# style in Python 3.11) and those newer versions add, all left to html.parser.
_RAW_TEXT = frozenset(
    {
        *HTMLParser.CDATA_CONTENT_ELEMENTS,
        *getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ()),
        *("script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"),
        *("textarea", "title", "plaintext"),
    }
)


def _plain_tags(html: str) -> tuple[StartTag, ...] | None:
    """The start tags of plain HTML as html.parser reads them, or None if not plain."""
    found: list[StartTag] = []
    tags = 0
    for match in _PLAIN_TAG.finditer(html):
        tags += 1
        name, attributes, closing = match.group("name", "attrs", "closing")
        if name is None:  # an end tag
            continue
        name = name.lower()
        if name in _RAW_TEXT:
            return None
        values: dict[str, str | None] = {}
        if attributes:
            for key, value in _PLAIN_ATTRIBUTE.findall(attributes):
                if value:
                    # Quotes off, entities read, as html.parser does.
                    value = value[1:-1]
                    if "&" in value:
                        value = unescape(value)
                else:
                    value = None  # a name alone ('' was written ="")
                values.setdefault(key.lower(), value)
        start, end = match.span()
        found.append(StartTag(name, values, start, end, closing == "/"))
    # A '<' no plain tag began (a comment, a bare value, text): html.parser reads it.
    return tuple(found) if tags == html.count("<") else None


class _Collector(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[StartTag] = []
        self._starts = [0]
        for line in html.split("\n")[:-1]:  # where each line starts
            self._starts.append(self._starts[-1] + len(line) + 1)

    def _tag(self, name: str, attrs: list, closing: bool) -> None:
        line, column = self.getpos()
        start = self._starts[line - 1] + column
        text = self.get_starttag_text() or ""
        values: dict[str, str | None] = {}
        for key, value in attrs:
            values.setdefault(key, value)
        self.found.append(StartTag(name, values, start, start + len(text), closing))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._tag(tag, attrs, closing=False)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._tag(tag, attrs, closing=True)


@lru_cache(maxsize=4)
def start_tags(html: str) -> tuple[StartTag, ...]:
    """Every start tag of an HTML fragment, in order."""
    # Kept for the last few fragments: one parse reads the same HTML for its
    # sanitiser's account, its embeds and its references. A tuple of frozen
    # tags, so no caller can change what the next one is given.
    plain = _plain_tags(html)
    if plain is not None:
        return plain
    collector = _Collector(html)
    collector.feed(html)
    collector.close()
    return tuple(collector.found)


def replace_tags(html: str, replacements: dict[int, str]) -> str:
    """The HTML with the tags starting at these offsets replaced by new text."""
    if not replacements:
        return html
    pieces, last = [], 0
    for tag in start_tags(html):
        if tag.start in replacements:
            pieces += [html[last : tag.start], replacements[tag.start]]
            last = tag.end
    return "".join(pieces) + html[last:]
