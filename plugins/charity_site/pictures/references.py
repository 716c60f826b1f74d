"""Find the images a post uses, in its HTML and its source. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class ImgTag:
    """One <img> in rendered HTML: where it is and its attributes."""

    start: int
    end: int
    attrs: dict[str, str]


class _AttrParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = {name: value or "" for name, value in attrs}

    handle_startendtag = handle_starttag


def img_tags(html: str) -> list[ImgTag]:
    """Every <img> tag in an HTML fragment, in order."""
    tags = []
    for match in _IMG.finditer(html):
        parser = _AttrParser()
        parser.feed(match.group(0))
        tags.append(ImgTag(match.start(), match.end(), parser.attrs))
    return tags
