"""A Markdown extension: a line of hashtags becomes tag links, never a heading.

Editors end posts with a line like `#CoProductionWeek #CPSLMind`. Plain Markdown
reads that as a level-one heading and drops the first '#'. Here a line made only
of hashtags (no space after each '#') becomes a paragraph of links to the tag
pages; `# Heading`, with a space, is still a heading. The web editor's Markdown
widget saves such a line escaped (`\\#LivedExperience \\#CPSLMind`, and `\\_` inside
a name), so the escaped form means exactly the same. Pure: no Pelican imports.
The links use Pelican's `{tag}Name` form so Pelican writes the real tag URL.
"""

from __future__ import annotations

import re
from html import escape

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

HASHTAG = r"#(?=\w*[^\W\d_])\w+"
# What the editor writes for the same tag: '\#' before it, '\_' for '_' inside.
_NAME_CHAR = r"(?:\w|\\_)"
_WRITTEN = rf"\\?#(?={_NAME_CHAR}*[^\W\d_]){_NAME_CHAR}+"
_LINE = re.compile(rf"^[ ]{{0,3}}{_WRITTEN}(?:[ \t]+{_WRITTEN})*[ \t]*$")
_TAG = re.compile(_WRITTEN)


def hashtags_in(line: str) -> list[str] | None:
    """The tag names of a hashtag line, or None when the line is something else."""
    if not _LINE.match(line):
        return None
    return [token.lstrip("\\")[1:].replace("\\_", "_") for token in _TAG.findall(line)]


def hashtag_html(names: list[str]) -> str:
    """The HTML paragraph of tag links for a hashtag line."""
    links = " ".join(
        f'<a href="{{tag}}{escape(name)}" rel="tag">#{escape(name)}</a>'
        for name in names
    )
    return f'<p class="hashtags">{links}</p>'


class HashtagPreprocessor(Preprocessor):
    """Swap each hashtag line for stashed HTML before block parsing sees it."""

    def run(self, lines: list[str]) -> list[str]:
        found: list[str] = []
        out = []
        fenced = False
        for line in lines:
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            names = None if fenced else hashtags_in(line)
            if names is None:
                out.append(line)
                continue
            found += names
            # A blank line on each side keeps the stash its own block.
            out += ["", self.md.htmlStash.store(hashtag_html(names)), ""]
        self.md.hashtags = list(dict.fromkeys(found))
        return out


class HashtagExtension(Extension):
    """Register the hashtag preprocessor (after the meta-data header is read)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.hashtags = []
        # 25: after normalize_whitespace (30) and meta (27), before any block parsing.
        md.preprocessors.register(HashtagPreprocessor(md), "hashtags", 25)
