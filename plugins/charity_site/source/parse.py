"""What the one parse of a source keeps, and the Markdown that makes its HTML. Pure.

The parse itself, with the per-file rules run on it, is rules/reading.py:
parsing and the rules have one home, and this package (header, Markdown
extensions, references, the sanitiser) depends on nothing above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markdown import Markdown

from ..problems import Problem
from .hashtags import HashtagExtension
from .header import Header
from .headings import HeadingLevelExtension
from .references import Link, Picture
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
    words: int = 0  # in the HTML, as reading time counts them (reading_time.py)


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
