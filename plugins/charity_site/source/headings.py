"""A Markdown extension: body headings start at level 2 and never skip a level.

The page template owns the only <h1> (the title). An editor's `# Heading` or a
jump from `##` to `####` would break the outline screen-reader users navigate
by, so the levels a post uses are renumbered in order from 2: {1, 2} becomes
{2, 3}, {2, 4} becomes {2, 3}. Pure: no Pelican imports.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
FIRST_LEVEL = 2


def level_map(levels: set[int]) -> dict[int, int]:
    """Map the heading levels a post uses onto consecutive levels from 2 (at most 6)."""
    return {old: min(6, FIRST_LEVEL + i) for i, old in enumerate(sorted(levels))}


class HeadingLevelTreeprocessor(Treeprocessor):
    """Renumber heading elements in place."""

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if el.tag in HEADINGS]
        mapping = level_map({int(el.tag[1]) for el in headings})
        for element in headings:
            element.tag = f"h{mapping[int(element.tag[1])]}"


class HeadingLevelExtension(Extension):
    """Register the heading renumbering."""

    def extendMarkdown(self, md: Markdown) -> None:
        # Low priority: after every other tree change, before serialising.
        md.treeprocessors.register(HeadingLevelTreeprocessor(md), "heading_levels", 1)
