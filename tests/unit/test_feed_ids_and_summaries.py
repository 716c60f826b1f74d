"""Feed entry ids that never change, and the Summary as plain text everywhere."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from html import unescape

import pytest
from lxml import etree

from charity_site.feeds.formats import atom_bytes, json_feed_bytes, rss_bytes
from charity_site.feeds.model import Entry, FeedSpec, Identity, entry_id, entry_ids
from charity_site.feeds.text import as_html_text
from charity_site.rules.per_file import plain_summary
from charity_site.rules.reading import parse_source
from charity_site.rules.settings import CheckSettings
from charity_site.source.parse import MarkdownConverter

AUTHORITY = "stories.example.org,2025"
BASE = "https://stories.example.org"
NS = {
    "a": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


def identity(path: str, day: str, guid: str | None = None) -> Identity:
    return Identity(f"{BASE}{path}", path, date.fromisoformat(day), guid)


POSTS = [
    identity("/news/co-production-week/", "2025-06-26"),
    identity("/news/cafe-opens/", "2025-06-26"),
    identity("/stories/dan/", "2025-06-26"),
    identity("/news/older/", "2024-01-02"),
]


def test_an_id_is_made_of_the_authority_the_day_and_the_address_only():
    assert entry_id(AUTHORITY, date(2025, 6, 26), "/news/co-production-week/") == (
        "tag:stories.example.org,2025:2025-06-26:/news/co-production-week/"
    )


def test_a_new_post_on_the_same_day_changes_no_other_id():
    before = entry_ids(POSTS, AUTHORITY)
    newcomer = identity("/news/aaa-first-by-name/", "2025-06-26")
    after = entry_ids([newcomer, *POSTS], AUTHORITY)
    assert {url: after[url] for url in before} == before
    assert len(set(after.values())) == len(after), "every id differs"
    # The same whatever the order the posts come in (newest first, by name...).
    assert entry_ids(list(reversed(POSTS)), AUTHORITY) == before


def test_a_guid_pins_an_id_and_a_move_to_another_domain_changes_none():
    pinned = identity("/news/renamed/", "2025-06-26", "tag:old.example,2020:x")
    assert entry_ids([pinned], AUTHORITY)[pinned.url] == "tag:old.example,2020:x"
    moved = [
        Identity(f"https://new.example/site{p.path}", p.path, p.published)
        for p in POSTS
    ]
    assert sorted(entry_ids(moved, AUTHORITY).values()) == sorted(
        entry_ids(POSTS, AUTHORITY).values()
    )


# --- the Summary ------------------------------------------------------------------

SETTINGS = CheckSettings(sections=("stories", "campaigns", "news", "events"))
CONVERTER = MarkdownConverter({"extensions": ["markdown.extensions.extra"]})


def summary_problems(summary: str) -> list[tuple[str, str]]:
    data = f"Title: T\nDate: 2025-06-26\nSummary: {summary}\n\nBody.\n".encode()
    problems = parse_source("news/x.md", data, CONVERTER, SETTINGS).problems
    return [(p.rule, p.severity) for p in problems if p.rule.startswith("summary")]


@pytest.mark.parametrize(
    "summary",
    [
        "We <b>love</b> it.",
        "Read this <script>alert(1)</script>",
        'See <a href="https://x.example">here</a>.',
        "An end tag </p> alone.",
        "A comment <!-- hidden --> here.",
        "Written as entities &lt;script&gt;alert(1)&lt;/script&gt;",
        "Numeric ones too &#60;b&#62;bold&#60;/b&#62;",
    ],
)
def test_html_in_a_summary_is_an_error(summary):
    assert summary_problems(summary) == [("summary-html", "error")]


@pytest.mark.parametrize(
    "summary",
    ["Tom &amp; Jerry &mdash; friends.", "3 < 4, and <3 from us.", "Q&A: R&D"],
)
def test_entities_and_a_lone_angle_bracket_are_plain_text(summary):
    assert summary_problems(summary) == []


def test_markdown_in_a_summary_is_still_only_a_warning():
    assert summary_problems("A **bold** claim.") == [("summary-markup", "warning")]


def test_the_plain_summary_reads_entities_once_and_keeps_the_rest_as_typed():
    assert plain_summary("Tom &amp; Jerry &#8212; friends") == "Tom & Jerry — friends"
    assert plain_summary("&amp;lt;b&amp;gt;") == "&lt;b&gt;"  # read once, not twice
    # Without its semicolon an entity is text: "this &notice" is not "this ¬ice".
    assert plain_summary("this &notice &copy 2025") == "this &notice &copy 2025"
    assert plain_summary("  two\x0bspaced\x0c  words ") == "two spaced words"
    assert plain_summary("<b>kept</b>") == "<b>kept</b>", "shown as typed, escaped"


def test_text_for_a_field_readers_take_as_html_is_escaped():
    assert as_html_text("3 < 4 & <script>x</script>\x0b") == (
        "3 &lt; 4 &amp; &lt;script&gt;x&lt;/script&gt;"
    )


# --- the summary in each feed format -------------------------------------------------

SUMMARY = 'Read this <script>alert("x")</script> & <b>that</b>.'
WHEN = datetime(2025, 6, 26, 9, 30, tzinfo=UTC)
ENTRY = Entry(
    url=f"{BASE}/news/x/",
    title="A post",
    summary=SUMMARY,
    content_html="<p>The <strong>body</strong>.</p>",
    published=WHEN,
    updated=WHEN,
    authors=("CPSL Mind",),
    section=("News", f"{BASE}/news/"),
    tags=(("<b>Bold</b>", f"{BASE}/tags/bold/"),),
)
SPEC = FeedSpec(
    "all", "Site: all", "Posts about <b>Bold</b> & more.", f"{BASE}/", (ENTRY,)
)
IDS = {ENTRY.url: "tag:stories.example.org,2025:2025-06-26:/news/x/"}
COMMON = {"lang": "en-GB", "site_name": "Site"}


def test_rss_carries_the_summary_as_escaped_text_and_html_only_in_content():
    xml = rss_bytes(
        SPEC, IDS, feed_url=f"{BASE}/feeds/all.rss.xml", fallback=WHEN, **COMMON
    )
    tree = etree.fromstring(xml)
    (description,) = tree.xpath("//item/description")
    # Readers take RSS descriptions as HTML: the text they read is the summary.
    assert "<" not in description.text
    assert unescape(description.text) == SUMMARY
    channel = tree.xpath("/rss/channel/description")[0].text
    assert "<" not in channel and unescape(channel) == SPEC.description
    (content,) = tree.xpath("//item/content:encoded", namespaces=NS)
    assert content.text == ENTRY.content_html
    # No other element holds markup: nothing but content has a `<` to read.
    for element in tree.iter():
        if element is not content and element.text:
            assert "<script" not in element.text, element.tag
            if element.tag == "description":
                assert "<" not in element.text


def test_atom_marks_the_summary_as_text_and_json_keeps_it_plain():
    xml = atom_bytes(
        SPEC, IDS, feed_url=f"{BASE}/feeds/all.atom.xml", fallback=WHEN, **COMMON
    )
    tree = etree.fromstring(xml)
    (summary,) = tree.xpath("//a:entry/a:summary", namespaces=NS)
    assert summary.get("type") == "text"
    assert summary.text == SUMMARY and len(summary) == 0
    (content,) = tree.xpath("//a:entry/a:content", namespaces=NS)
    assert content.get("type") == "html"
    # Every element that could be read as HTML is content; the rest is text.
    for element in tree.iter():
        if element.get("type") in ("html", "xhtml"):
            assert element is content, element.tag
    document = json.loads(
        json_feed_bytes(
            SPEC,
            IDS,
            feed_url=f"{BASE}/feeds/all.json",
            home_url=f"{BASE}/",
            **COMMON,
        )
    )
    (item,) = document["items"]
    assert item["summary"] == SUMMARY  # JSON Feed's summary is plain text
    assert item["id"] == IDS[ENTRY.url]
