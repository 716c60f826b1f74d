"""Find the images a post uses, in its HTML and its source. Pure."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_STATIC_PREFIXES = ("{static}", "|static|", "{attach}", "|attach|")


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


def content_path(src: str, source_dir: str = "") -> str | None:
    """The path under content/ an image reference points to, or None if not ours.

    Accepts what editors write: `{static}/images/x.jpg`, `/images/x.jpg`, or a
    path relative to the post's own folder.
    """
    reference = src.strip()
    for prefix in _STATIC_PREFIXES:
        if reference.startswith(prefix):
            reference = reference[len(prefix) :]
            break
    else:
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", reference, re.IGNORECASE):
            return None  # another site, or a data: URL
    reference = reference.split("#", 1)[0].split("?", 1)[0]
    if not reference:
        return None
    if reference.startswith("/"):
        return posixpath.normpath(reference.lstrip("/"))
    return posixpath.normpath(posixpath.join(source_dir, reference))


def line_of(text: str, needle: str, after_line: int = 1) -> int:
    """The 1-based line of needle's first use from after_line on (else after_line)."""
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if number >= after_line and needle in line:
            return number
    return after_line
