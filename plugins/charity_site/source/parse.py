"""The one parse of one source file, and the per-file rules run on it. Pure.

A source is decoded, its header read (with the line of every key), its body
turned into HTML by one Markdown instance, and the pictures and links of that
HTML noted with their lines. The per-file rules then run on exactly that. The
result is what the cache keeps, so nothing later reads the file again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markdown import Markdown

from ..problems import Problem
from ..rules.per_file import (
    PER_FILE_RULES,
    WAIT_FOR_PUBLISHING,
    Post,
    check_limits,
    decode,
    run_rules,
)
from ..rules.settings import CheckSettings
from .hashtags import HashtagExtension
from .header import Header, parse_header, source_lines
from .headings import HeadingLevelExtension
from .references import Link, Picture, find_references
from .sanitise import sanitise
from .typography import TypographyExtension

HTML_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
# Pelican adds this one to every Markdown reader; ours reads the header itself.
META_EXTENSION = "markdown.extensions.meta"


@dataclass(frozen=True)
class ParsedSource:
    """Everything later steps need of one source file."""

    path: str  # relative to the content folder, with forward slashes
    header: Header
    html: str
    hashtags: tuple[str, ...]
    pictures: tuple[Picture, ...]
    links: tuple[Link, ...]
    problems: tuple[Problem, ...]  # from the per-file rules


class MarkdownConverter:
    """One Markdown instance, with our extensions, reset between posts.

    Building one costs more than converting a post, so a reader keeps one.
    """

    def __init__(self, options: dict[str, Any]) -> None:
        options = dict(options)
        extensions = [e for e in options.get("extensions", []) if e != META_EXTENSION]
        configs = {
            k: v
            for k, v in options.get("extension_configs", {}).items()
            if k != META_EXTENSION
        }
        for name in configs:
            if name not in extensions:
                extensions.append(name)
        options["extensions"] = [
            *extensions,
            HashtagExtension(),
            HeadingLevelExtension(),
            TypographyExtension(),
        ]
        options["extension_configs"] = configs
        self._md = Markdown(**options)

    def convert(self, body: str) -> tuple[str, tuple[str, ...]]:
        """The HTML of a post's body (comments removed) and its hashtags."""
        self._md.reset()
        html = self._md.convert(body)
        # Notes to self in <!-- comments --> never reach the site.
        return HTML_COMMENT.sub("", html), tuple(self._md.hashtags)


def parse_source(
    path: str, data: bytes, converter: MarkdownConverter, settings: CheckSettings
) -> ParsedSource:
    """Parse one source's bytes once and run the per-file rules on the result."""
    text, problems = decode(path, data)
    if text is None:
        return ParsedSource(path, Header(), "", (), (), (), tuple(problems))
    header = parse_header(text)
    lines = source_lines(text)
    too_big = check_limits(path, lines, header.body_line)
    if too_big:  # never handed to Markdown: it would take minutes
        return ParsedSource(path, header, "", (), (), (), tuple(problems + too_big))
    body = "\n".join(lines[header.body_line - 1 :])
    html, hashtags = converter.convert(body)
    html, removals = sanitise(html, lines, header.body_line)
    problems += [
        Problem(
            path,
            removal.line,
            "error",
            "unsafe-html",
            f"{removal.what} is not allowed in a post, so it was left out",
            "remove it from the text (to show a video, embed it as docs/writing.md "
            "shows)",
        )
        for removal in removals
    ]
    pictures, links = find_references(html, lines, header.body_line)
    post = Post(path, text, header, settings, pictures, links)
    found = run_rules(post, PER_FILE_RULES)
    if header.value("Status").strip().lower() == "draft":
        # A draft is work in progress: what it still lacks is due when it is
        # published (the Status line removed), not while it is being written.
        found = [p for p in found if p.rule not in WAIT_FOR_PUBLISHING]
    problems += found
    problems.sort(key=lambda p: (p.line, p.rule))
    return ParsedSource(path, header, html, hashtags, pictures, links, tuple(problems))
