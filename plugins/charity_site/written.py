"""The posts and pages a build writes: one answer for every step. Pure.

Pelican keeps them in several lists of the context (published, hidden, drafts;
articles and pages); a post is written when it has an address to be saved at
(a draft has one only where drafts are written: the preview). Posts the rules
left out are no longer in these lists. Every step that asks "which pages does
this build write?" (pictures, cards, redirects, link checks, the writer's key)
asks here, so the answers cannot disagree on hidden posts or drafts.
"""

from __future__ import annotations

from collections.abc import Mapping

# Pelican's context lists of content objects (one language: no translations).
CONTENT_LISTS = (
    "articles",
    "hidden_articles",
    "drafts",
    "pages",
    "hidden_pages",
    "draft_pages",
)


def written_content(context: Mapping[str, object]) -> list:
    """Every post and page this build writes a page for, in list order."""
    found: list = []
    seen: set[int] = set()
    for key in CONTENT_LISTS:
        for content in context.get(key, ()) or ():  # type: ignore[union-attr]
            if getattr(content, "save_as", "") and id(content) not in seen:
                seen.add(id(content))
                found.append(content)
    return found
