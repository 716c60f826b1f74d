"""What a feed holds, as plain data, and the ids and care text of entries. Pure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from ..helplines import helpline_text, in_order


@dataclass(frozen=True)
class Enclosure:
    """The hero picture as feeds carry it."""

    url: str
    length: int
    mime: str
    width: int
    height: int


@dataclass(frozen=True)
class Entry:
    """One post as every feed format needs it (all URLs absolute)."""

    url: str
    title: str
    summary: str
    content_html: str
    published: datetime
    updated: datetime
    authors: tuple[str, ...]
    section: tuple[str, str]  # (name, url)
    tags: tuple[tuple[str, str], ...]  # (name, url)
    image: Enclosure | None = None


@dataclass(frozen=True)
class FeedSpec:
    """One feed: what it is called, where it lives and what it lists."""

    slug: str  # the path stem under /feeds/, e.g. 'all', 'news', 'tags/cpslmind'
    title: str
    description: str
    page_url: str  # the HTML page the feed follows
    entries: tuple[Entry, ...] = field(default_factory=tuple)
    kind: str = "all"  # all, section, tag, author: for the /feeds/ page


@dataclass(frozen=True)
class Identity:
    """What an entry's id is made of (cheap to know for every post)."""

    key: str
    url: str
    pinned_id: str | None = None


def entry_ids(entries: list[Identity], authority: str) -> dict[str, str]:
    """A stable tag: URI per entry, keyed by entry URL.

    The id is built from the section and publication time, not the address or
    slug, so it survives a move to another domain and a corrected file name.
    Posts of one section published at the same moment are numbered in order of
    URL; a `Guid:` header pins an id for good.
    """
    groups: dict[str, list[Identity]] = defaultdict(list)
    for entry in entries:
        groups[entry.key].append(entry)
    ids: dict[str, str] = {}
    for key, group in groups.items():
        for number, entry in enumerate(sorted(group, key=lambda e: e.url), start=1):
            suffix = "" if len(group) == 1 else f"-{number}"
            ids[entry.url] = entry.pinned_id or f"tag:{authority}:{key}{suffix}"
    return ids


def care_html(warning: str, helplines: list[dict], help_url: str) -> tuple[str, str]:
    """The content warning (before the text) and support box (after) for a feed item."""
    before = (
        f"<p><strong>Content warning:</strong> this post mentions {escape(warning)}. "
        f'<a href="{escape(help_url)}">Get help now</a>.</p>'
    )
    items = "".join(
        f"<li>{escape(helpline_text(line))}</li>" for line in in_order(helplines)
    )
    after = (
        "<hr><p><strong>If you need support now</strong></p>"
        f"<ul>{items}</ul>"
        f'<p><a href="{escape(help_url)}">More ways to get help now</a></p>'
    )
    return before, after
