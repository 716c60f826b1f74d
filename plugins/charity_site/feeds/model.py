"""What a feed holds, as plain data, and the ids and care text of entries. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
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
    """What an entry's id is made of: the post's own address and date, nothing else."""

    url: str  # the absolute address: how the feeds look the id up
    path: str  # the address on the site, '/news/co-production-week/'
    published: date  # the post's first publication date (its Date:)
    pinned_id: str | None = None  # a `Guid:` header


def entry_id(authority: str, published: date, path: str) -> str:
    """One post's tag: URI (RFC 4151), e.g. tag:example.org,2025:2025-06-26:/news/x/.

    Made of the site's fixed authority (FEEDS['id_authority'], never its
    address, so a move to another domain keeps every id), the day the post was
    first published and its address on the site: nothing about any other post,
    so a new post, whatever its date, never changes the id of an old one. The
    date tells apart two posts that had one address years apart.
    """
    return f"tag:{authority}:{published.isoformat()}:{path}"


def entry_ids(entries: Iterable[Identity], authority: str) -> dict[str, str]:
    """The id of every entry, by its URL; a `Guid:` header pins one for good."""
    return {
        entry.url: entry.pinned_id or entry_id(authority, entry.published, entry.path)
        for entry in entries
    }


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
