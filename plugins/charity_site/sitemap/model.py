"""sitemap.xml from the site's pages and the dates of their content. Pure.

A post's `lastmod` is its Modified or Date; a list (the home page, a section, a
topic, an author) is as new as its newest post. Nothing comes from the clock, so
two publishes of the same content write the same bytes, and a search engine is
told a page changed only when it did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Entry:
    """One address of the sitemap and when its content last changed (if known)."""

    url: str  # site-relative, like 'news/my-post/'
    changed: datetime | None = None


def newest(dates: Iterable[datetime | None]) -> datetime | None:
    """The latest of the dates given, or None when there is none."""
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def _w3c(when: datetime) -> str:
    """A W3C datetime: with its offset when it has one, else the day."""
    if when.tzinfo is None:
        return when.date().isoformat()
    return when.isoformat(timespec="seconds")


def sitemap_xml(siteurl: str, entries: Iterable[Entry]) -> str:
    """The sitemap document: one <url> per address, sorted, each address once."""
    by_url: dict[str, Entry] = {}
    for entry in entries:
        kept = by_url.get(entry.url)
        if kept is None or newest([kept.changed, entry.changed]) != kept.changed:
            by_url[entry.url] = entry
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{NAMESPACE}">']
    for url in sorted(by_url):
        entry = by_url[url]
        lines.append(f"<url><loc>{escape(siteurl.rstrip('/') + '/' + url)}</loc>")
        if entry.changed is not None:
            lines.append(f"<lastmod>{_w3c(entry.changed)}</lastmod>")
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
