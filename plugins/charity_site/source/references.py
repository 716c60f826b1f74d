"""The pictures and links of a post, found in its rendered HTML. Pure.

Found in the HTML Markdown made, not in the source text: every syntax an
editor can use for a picture or a link (inline, reference-style, with a title,
angle brackets, raw HTML) ends up as the same tags, so no rule can miss one.
Each reference keeps the source line it came from, for the one-line messages.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from .tags import URL_ATTRIBUTES, start_tags

_OTHER_SITE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_INTERNAL = re.compile(
    r"^(?:\{(filename|static|attach)\}|\|(filename|static|attach)\|)"
)


@dataclass(frozen=True)
class Picture:
    """One <img> of the body: its address, alt text (None when absent) and line."""

    src: str
    alt: str | None
    title: str
    line: int


@dataclass(frozen=True)
class Link:
    """One address in the body (href, src, ...), the kind of internal link, its line."""

    target: str
    kind: str  # filename, static, attach, or '' for an ordinary address
    line: int


# Where an <img> tag could start (an HTML parser reads tag names in any case).
_IMG_START = re.compile(r"<img", re.IGNORECASE)


@dataclass(frozen=True)
class ImgTag:
    """One <img> in rendered HTML: where it is and its attributes."""

    start: int
    end: int
    attrs: dict[str, str]


def img_tags(html: str) -> list[ImgTag]:
    """Every <img> tag in an HTML fragment, in order, found as the reader finds it."""
    if not _IMG_START.search(html):
        return []  # most posts have none: no need to parse their HTML again
    return [
        ImgTag(tag.start, tag.end, {k: v or "" for k, v in tag.attrs.items()})
        for tag in start_tags(html)
        if tag.name == "img"
    ]


def link_kind(target: str) -> str:
    """filename, static or attach for an internal link; '' for anything else."""
    match = _INTERNAL.match(target)
    return (match.group(1) or match.group(2)) if match else ""


def is_other_site(target: str) -> bool:
    """True for an address on another site, or a scheme such as mailto: or data:."""
    return bool(_OTHER_SITE.match(target)) and not link_kind(target)


class LineFinder:
    """The source line on which a piece of text first appears, from the body on."""

    def __init__(self, lines: list[str], body_line: int) -> None:
        self._lines = lines
        self._body_line = body_line
        self._last = body_line
        self._seen: dict[str, int] = {}

    def line_of(self, needle: str) -> int:
        """The line of needle's first use at or after the last one found.

        References come in the order of the text, so each search starts where
        the last one ended (and once more from the top if that finds nothing):
        a post with thousands of links costs one pass, not one pass per link.
        """
        if not needle:
            return self._body_line
        for start in (self._last, self._body_line):
            for number in range(start, len(self._lines) + 1):
                if needle in self._lines[number - 1]:
                    self._last = number
                    self._seen[needle] = number
                    return number
            if needle in self._seen:  # found before: not worth a second pass
                return self._seen[needle]
        self._seen[needle] = self._body_line  # not in the text as written
        return self._body_line


def find_references(
    html: str, lines: list[str], body_line: int
) -> tuple[tuple[Picture, ...], tuple[Link, ...]]:
    """The pictures and links of rendered HTML, each with its source line."""
    finder = LineFinder(lines, body_line)
    pictures: list[Picture] = []
    links: list[Link] = []
    for tag in start_tags(html):
        if tag.name == "img":
            src = tag.value("src")
            pictures.append(
                Picture(
                    src,
                    tag.attrs.get("alt") if "alt" in tag.attrs else None,
                    tag.value("title"),
                    finder.line_of(src),
                )
            )
        for name, value in tag.attrs.items():
            if name in URL_ATTRIBUTES and value:
                links.append(Link(value, link_kind(value), finder.line_of(value)))
    return tuple(pictures), tuple(links)


def content_path(reference: str, source_dir: str = "") -> str | None:
    """The path under content/ a reference points to; None for another site.

    Accepts what editors write: `{static}/images/x.jpg`, `/images/x.jpg`, or a
    path relative to the post's own folder. A path that climbs out of content/
    comes back starting with '..' (see leaves_content).
    """
    reference = reference.strip()
    kind = link_kind(reference)
    if kind:
        reference = _INTERNAL.sub("", reference)
    elif is_other_site(reference):
        return None  # another site, or a mailto: or data: URL
    reference = reference.split("#", 1)[0].split("?", 1)[0]
    if not reference:
        return "" if kind else None  # '{static}' alone: a link to nothing
    if reference.startswith("/"):
        return posixpath.normpath(reference.lstrip("/"))
    return posixpath.normpath(posixpath.join(source_dir, reference))


def leaves_content(path: str) -> bool:
    """True for a content path that climbs out of the content folder."""
    return path == ".." or path.startswith("../")
