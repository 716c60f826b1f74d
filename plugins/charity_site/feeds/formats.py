"""Write a FeedSpec as Atom, RSS 2.0 (with feedgen) and JSON Feed 1.1. Pure.

Every date given is the post's own, never the build time, so the same content
always gives byte-identical feeds.
"""

from __future__ import annotations

import json
from datetime import datetime

from feedgen.feed import FeedGenerator

from .model import FeedSpec
from .text import as_html_text, xml_safe

GENERATOR = "stories-site (feedgen)"


def _newest(spec: FeedSpec, fallback: datetime) -> datetime:
    return max((e.updated for e in spec.entries), default=fallback)


def _base(
    spec: FeedSpec, feed_url: str, lang: str, site_name: str, rss: bool
) -> FeedGenerator:
    feed = FeedGenerator()
    feed.load_extension("media", atom=True, rss=True)
    feed.title(xml_safe(spec.title))
    # One field in feedgen: RSS's description (read as HTML by readers, and
    # holding a tag's name) or Atom's subtitle (text).
    feed.description(
        as_html_text(spec.description) if rss else xml_safe(spec.description)
    )
    feed.language(lang)
    feed.generator(GENERATOR)
    feed.author({"name": site_name})
    return feed


def _add_entries(
    feed: FeedGenerator, spec: FeedSpec, ids: dict[str, str], rss: bool
) -> None:
    for entry in spec.entries:
        item = feed.add_entry(order="append")  # feedgen prepends by default
        item.id(ids[entry.url])
        item.guid(ids[entry.url], permalink=False)
        item.title(xml_safe(entry.title))
        item.link(href=entry.url, rel="alternate", type="text/html")
        item.published(entry.published)
        item.updated(entry.updated)
        # The summary is text: RSS readers read description as HTML, so it is
        # escaped for them; Atom's summary is marked as text. The only HTML in
        # a feed is the sanitised body, in content.
        if rss:
            item.description(as_html_text(entry.summary))
            item.content(xml_safe(entry.content_html), type="CDATA")
        else:
            item.summary(xml_safe(entry.summary), type="text")
            item.content(xml_safe(entry.content_html), type="html")
        item.author([{"name": xml_safe(name)} for name in entry.authors])
        categories = [entry.section, *entry.tags]
        item.category(
            [
                {"term": xml_safe(name), "label": xml_safe(name), "scheme": url}
                for name, url in categories
            ]
        )
        if entry.image:
            image = entry.image
            item.media.content(
                {
                    "url": image.url,
                    "type": image.mime,
                    "medium": "image",
                    "width": str(image.width),
                    "height": str(image.height),
                    "fileSize": str(image.length),
                }
            )
            if rss:
                item.enclosure(image.url, str(image.length), image.mime)


def atom_bytes(
    spec: FeedSpec,
    ids: dict[str, str],
    *,
    feed_url: str,
    lang: str,
    site_name: str,
    fallback: datetime,
) -> bytes:
    """The feed as Atom 1.0."""
    feed = _base(spec, feed_url, lang, site_name, rss=False)
    feed.id(feed_url)
    feed.link(href=spec.page_url, rel="alternate", type="text/html")
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.updated(_newest(spec, fallback))
    _add_entries(feed, spec, ids, rss=False)
    return feed.atom_str(pretty=True)


def rss_bytes(
    spec: FeedSpec,
    ids: dict[str, str],
    *,
    feed_url: str,
    lang: str,
    site_name: str,
    fallback: datetime,
) -> bytes:
    """The feed as RSS 2.0, with full content in content:encoded."""
    feed = _base(spec, feed_url, lang, site_name, rss=True)
    feed.load_extension("dc", atom=False, rss=True)
    # feedgen keeps the last alternate link as RSS's <link>: the page, set last.
    feed.link(href=feed_url, rel="self", type="application/rss+xml")
    feed.link(href=spec.page_url, rel="alternate")
    newest = _newest(spec, fallback)
    feed.lastBuildDate(newest)
    feed.pubDate(newest)
    _add_entries(feed, spec, ids, rss=True)
    # RSS's <author> must be an email address: names go in dc:creator instead.
    for item, entry in zip(feed.entry(), spec.entries, strict=True):
        item.dc.dc_creator([xml_safe(name) for name in entry.authors])
    return feed.rss_str(pretty=True)


def json_feed_bytes(
    spec: FeedSpec,
    ids: dict[str, str],
    *,
    feed_url: str,
    lang: str,
    site_name: str,
    home_url: str,
) -> bytes:
    """The feed as JSON Feed 1.1."""
    items = []
    for entry in spec.entries:
        item: dict[str, object] = {
            "id": ids[entry.url],
            "url": entry.url,
            "title": xml_safe(entry.title),
            "summary": xml_safe(entry.summary),
            "content_html": xml_safe(entry.content_html),
            "date_published": entry.published.isoformat(),
            "date_modified": entry.updated.isoformat(),
            "authors": [{"name": name} for name in entry.authors],
            "tags": [name for name, _ in (entry.section, *entry.tags)],
        }
        if entry.image:
            item["image"] = entry.image.url
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": xml_safe(spec.title),
        "home_page_url": home_url,
        "feed_url": feed_url,
        "description": xml_safe(spec.description),
        "language": lang,
        "authors": [{"name": site_name}],
        "items": items,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def with_stylesheet(xml: bytes, stylesheet_url: str) -> bytes:
    """Add the XSL processing instruction that makes a browser show a readable page."""
    declaration_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    instruction = (
        f'\n<?xml-stylesheet type="text/xsl" href="{stylesheet_url}"?>'.encode()
    )
    return xml[:declaration_end] + instruction + xml[declaration_end:]
