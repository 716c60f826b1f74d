"""Feeds as readers and RSS-to-email tools see them: valid, absolute, stable."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree, html

from support.site import build_here, copy_content

NS = {
    "a": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "media": "http://search.yahoo.com/mrss/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def feed_files(output: Path) -> list[Path]:
    return sorted((output / "feeds").rglob("*.xml"))


def parse_xml(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False))


def test_every_feed_parses_cleanly(published_site):
    files = feed_files(published_site.output)
    assert len(files) > 20
    for path in files:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path
        parse_xml(path)  # strict XML


def test_atom_has_the_required_elements(published_site):
    tree = parse_xml(published_site.output / "feeds" / "all.atom.xml")
    for required in ("a:id", "a:title", "a:updated", "a:link[@rel='self']"):
        assert tree.xpath(f"/a:feed/{required}", namespaces=NS), required
    for entry in tree.xpath("//a:entry", namespaces=NS):
        for required in (
            "a:id",
            "a:title",
            "a:updated",
            "a:published",
            "a:link",
            "a:content[@type='html']",
            "a:summary",
            "a:author/a:name",
            "a:category",
        ):
            assert entry.xpath(required, namespaces=NS), required


def test_rss_has_the_required_elements_and_full_content(published_site):
    tree = parse_xml(published_site.output / "feeds" / "all.rss.xml")
    channel = tree.xpath("/rss/channel")[0]
    for required in ("title", "link", "description", "lastBuildDate"):
        assert channel.findtext(required), required
    assert channel.findtext("link") == published_site.siteurl + "/"
    for item in tree.xpath("//item"):
        for required in ("title", "link", "guid", "description", "pubDate"):
            assert item.findtext(required), required
        body = item.xpath("content:encoded/text()", namespaces=NS)[0]
        assert len(body) > len(item.findtext("description")), "full text, not a summary"
        assert item.xpath("dc:creator", namespaces=NS)


def urls_in(path: Path) -> list[str]:
    """Every URL in a feed: XML attributes and links, and inside the HTML content."""
    tree = parse_xml(path)
    found = tree.xpath(
        "//@href | //@url | //@domain | //@scheme | //link/text() | //a:id/text()",
        namespaces=NS,
    )
    for fragment in tree.xpath(
        "//a:content/text() | //content:encoded/text()", namespaces=NS
    ):
        doc = html.fromstring(f"<div>{fragment}</div>")
        found += doc.xpath("//@href | //@src | //@poster")
        for srcset in doc.xpath("//@srcset"):
            found += [c.strip().split()[0] for c in srcset.split(",")]
    return found


def test_no_relative_url_anywhere_in_any_feed(published_site):
    for path in feed_files(published_site.output):
        urls = [u for u in urls_in(path) if not u.startswith("tag:")]
        assert urls, path
        relative = [
            u
            for u in urls
            if not u.startswith(("https://", "http://", "mailto:", "tel:", "sms:"))
        ]
        assert relative == [], (path, relative[:5])
    # Pictures in the body, root-relative in the source, come out absolute with srcsets.
    text = (published_site.output / "feeds" / "all.rss.xml").read_text(encoding="utf-8")
    assert (
        f'srcset="{published_site.siteurl}/images/sample/boardroom-table-480w.' in text
    )


def test_ids_are_unique_and_entries_newest_first(published_site):
    for path in feed_files(published_site.output):
        parsed = feedparser.parse(path.read_bytes())
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)), path
        dates = [entry.published_parsed for entry in parsed.entries]
        assert dates == sorted(dates, reverse=True), path


def test_an_id_is_the_posts_own_day_and_address(published_site):
    parsed = feedparser.parse(
        (published_site.output / "feeds" / "all.atom.xml").read_bytes()
    )
    (entry,) = [
        e for e in parsed.entries if e.link.endswith("/news/co-production-week-2025/")
    ]
    day = datetime(*entry.published_parsed[:6]).date().isoformat()
    assert entry.id == f"tag:cpslmind.org.uk,2025:{day}:/news/co-production-week-2025/"


def test_feed_updated_is_the_newest_entry_not_the_build_time(published_site):
    tree = parse_xml(published_site.output / "feeds" / "all.atom.xml")
    updated = tree.xpath("string(/a:feed/a:updated)", namespaces=NS)
    entries = tree.xpath("//a:entry/a:updated/text()", namespaces=NS)
    assert updated == max(entries, key=datetime.fromisoformat)


def test_hero_image_is_media_content_and_an_rss_enclosure(published_site):
    tree = parse_xml(published_site.output / "feeds" / "all.rss.xml")
    items = [
        i
        for i in tree.xpath("//item")
        if i.findtext("link").endswith("/news/volunteering-with-us/")
    ]
    (item,) = items
    (enclosure,) = item.xpath("enclosure")
    path = published_site.output / enclosure.get("url").removeprefix(
        published_site.siteurl + "/"
    )
    assert int(enclosure.get("length")) == path.stat().st_size
    assert enclosure.get("type") == "image/jpeg"
    assert item.xpath("media:group/media:content[@medium='image']", namespaces=NS)


def test_all_authors_section_and_tags_are_kept(published_site):
    parsed = feedparser.parse(
        (published_site.output / "feeds" / "all.atom.xml").read_bytes()
    )
    (entry,) = [
        e for e in parsed.entries if e.link.endswith("/co-production-week-2025/")
    ]
    assert [a.name for a in entry.authors] == ["Allan Hughes"]
    terms = [t.term for t in entry.tags]
    assert terms[0] == "News" and "CoProductionWeek" in terms


def test_sensitive_posts_carry_the_warning_and_helplines_inside_the_item(
    published_site,
):
    parsed = feedparser.parse(
        (published_site.output / "feeds" / "all.rss.xml").read_bytes()
    )
    (entry,) = [
        e for e in parsed.entries if e.link.endswith("/stop-suicide-chronic-pain/")
    ]
    body = entry.content[0].value
    assert body.index("Content warning") < body.index("Living with pain")
    for line in ("Samaritans", "116 123", "SHOUT to 85258", "999"):
        assert line in body


def test_json_feed(published_site):
    data = json.loads(
        (published_site.output / "feeds" / "all.json").read_text(encoding="utf-8")
    )
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == f"{published_site.siteurl}/feeds/all.json"
    assert data["items"] and all(i["url"].startswith("https://") for i in data["items"])
    atom_ids = [
        e.id
        for e in feedparser.parse(
            (published_site.output / "feeds" / "all.atom.xml").read_bytes()
        ).entries
    ]
    assert [i["id"] for i in data["items"]] == atom_ids


def test_every_page_links_its_feeds_and_the_feeds_page_lists_them_all(published_site):
    site = published_site
    for path in site.html_files():
        tree = site.page(path.relative_to(site.output).as_posix())
        hrefs = tree.xpath("//link[@rel='alternate']/@href")
        assert f"{site.siteurl}/feeds/all.atom.xml" in hrefs, path
    tag = site.page("tags/cpslmind/").xpath("//link[@rel='alternate']/@href")
    assert f"{site.siteurl}/feeds/tags/cpslmind.rss.xml" in tag
    # Each feed's address is given to copy (a field, or the text beside it).
    feeds_page = site.page("feeds/")
    listed = set(feeds_page.xpath("//main//input[contains(@class,'feed-url')]/@value"))
    listed |= {c.text for c in feeds_page.xpath("//main//code")}
    written = {
        f"{site.siteurl}/{p.relative_to(site.output).as_posix()}"
        for p in feed_files(site.output)
    }
    assert written <= listed
    assert f"{site.siteurl}/feeds/all.json" in listed
    text = site.page("feeds/").xpath("string(//main)")
    assert "A feed is" in text


def test_feeds_point_browsers_at_the_stylesheet(published_site):
    for path in feed_files(published_site.output):
        head = path.read_bytes()[:300]
        assert (
            b'<?xml-stylesheet type="text/xsl" href="'
            + published_site.siteurl.encode()
            + b'/theme/feed.xsl"?>'
            in head
        )
    assert (published_site.output / "theme" / "feed.xsl").is_file()


AWKWARD = (
    'Title: Fish & chips: "quoted" <b>bold</b>\x0b title\n'
    "Date: 2025-04-01 10:00\n"
    "Summary: A summary with a form feed\x0c in it.\n"
    "Guid: tag:example.org,2020:pinned-forever\n\n"
    "Body text pasted from a word processor\x0b with a vertical tab.\n"
)
# Markup in a Summary is an error (a publish refuses it); a relaxed build shows
# where it would go: as text, escaped, everywhere.
MARKED_SUMMARY = 'Read this <script>alert("x")</script> & <b>that</b> &amp; more.'
MARKED = (
    "Title: A post whose summary has markup\n"
    "Date: 2025-04-02 10:00\n"
    f"Summary: {MARKED_SUMMARY}\n\n"
    "The body may have <strong>emphasis</strong>.\n"
)
PLAIN_SUMMARY = 'Read this <script>alert("x")</script> & <b>that</b> & more.'


@pytest.fixture(scope="module")
def awkward_site(tmp_path_factory, sample_content):
    root = tmp_path_factory.mktemp("feeds")
    content = copy_content(root / "content")
    (content / "news" / "awkward-feed-post.md").write_text(AWKWARD, encoding="utf-8")
    (content / "news" / "marked-summary.md").write_text(MARKED, encoding="utf-8")
    return content


def build_feeds(content: Path, output: Path, siteurl: str, *overrides: str):
    # The checks would refuse the awkward post (control characters are errors):
    # relaxed here, to show the feeds still clean whatever gets through. One -e
    # takes every override (a second -e would replace the first).
    extra = ("-e", "CHECKS_STRICT=false", *overrides)
    # One cache for the module's builds of the folder (it is keyed by content).
    cache = content.parent / "cache"
    result = build_here(
        content, output, "publishconf.py", *extra, siteurl=siteurl, cache=cache
    )
    assert result.returncode == 0, result.log
    return result


def test_forbidden_characters_are_removed_and_titles_stay_exact(awkward_site, tmp_path):
    site = build_feeds(awkward_site, tmp_path / "out", "https://a.example")
    for path in feed_files(site.output):
        assert not feedparser.parse(path.read_bytes()).bozo, path
    parsed = feedparser.parse((site.output / "feeds" / "all.atom.xml").read_bytes())
    (entry,) = [e for e in parsed.entries if e.link.endswith("/awkward-feed-post/")]
    assert entry.title == 'Fish & chips: "quoted" <b>bold</b> title'
    assert entry.id == "tag:example.org,2020:pinned-forever"
    assert "\x0b" not in entry.content[0].value


def test_ids_survive_a_move_and_a_post_of_the_same_day_and_builds_are_identical(
    awkward_site, tmp_path
):
    first = build_feeds(awkward_site, tmp_path / "one", "https://a.example")
    again = build_feeds(awkward_site, tmp_path / "two", "https://a.example")
    for path in [*feed_files(first.output), first.output / "feeds" / "all.json"]:
        twin = again.output / path.relative_to(first.output)
        assert path.read_bytes() == twin.read_bytes(), path

    def ids(site) -> dict[str, str]:
        parsed = feedparser.parse((site.output / "feeds" / "all.atom.xml").read_bytes())
        return {e.title: e.id for e in parsed.entries}

    moved = build_feeds(
        awkward_site, tmp_path / "moved", "https://new-home.example/stories"
    )
    assert ids(moved) == ids(first)
    # A new post dated the same minute as one in its section, and named to sort
    # before it: ids were numbered in that order, so the old post's changed.
    old = (awkward_site / "news" / "influencing-public-health.md").read_text("utf-8")
    (date_line,) = [line for line in old.splitlines() if line.startswith("Date:")]
    newcomer = awkward_site / "news" / "aaa-same-day.md"
    newcomer.write_text(
        f"Title: Same day\n{date_line}\nSummary: The same day.\n\nText.\n", "utf-8"
    )
    try:
        later = build_feeds(awkward_site, tmp_path / "later", "https://a.example")
    finally:
        newcomer.unlink()
    after = ids(later)
    assert {title: after[title] for title in ids(first)} == ids(first)
    assert "Same day" in after and len(set(after.values())) == len(after)


def test_a_summary_is_text_in_every_feed_and_only_content_holds_html(
    awkward_site, tmp_path
):
    site = build_feeds(awkward_site, tmp_path / "out", "https://a.example")
    assert "summary-html" in site.log  # a publish would refuse it
    rss = parse_xml(site.output / "feeds" / "all.rss.xml")
    (item,) = [
        i
        for i in rss.xpath("//item")
        if i.findtext("link").endswith("/marked-summary/")
    ]
    # Readers take an RSS description as HTML: escaped, it reads as the text.
    description = item.findtext("description")
    assert "<" not in description
    assert html.fromstring(f"<p>{description}</p>").text_content() == PLAIN_SUMMARY
    content = item.xpath("content:encoded", namespaces=NS)[0].text
    assert "<strong>emphasis</strong>" in content, "the body is the only HTML"
    for element in rss.iter():
        if element.tag == "description":
            assert "<" not in (element.text or ""), "no markup for a reader to run"

    atom = parse_xml(site.output / "feeds" / "all.atom.xml")
    (entry,) = [
        e
        for e in atom.xpath("//a:entry", namespaces=NS)
        if e.xpath("a:link/@href", namespaces=NS)[0].endswith("/marked-summary/")
    ]
    (summary,) = entry.xpath("a:summary", namespaces=NS)
    assert summary.get("type") == "text" and summary.text == PLAIN_SUMMARY
    assert len(summary) == 0, "no child elements"
    for element in atom.iter():
        if element.get("type") in ("html", "xhtml"):
            assert element.tag == f"{{{NS['a']}}}content", element.tag

    data = json.loads((site.output / "feeds" / "all.json").read_text("utf-8"))
    (post,) = [i for i in data["items"] if i["url"].endswith("/marked-summary/")]
    assert post["summary"] == PLAIN_SUMMARY

    # The page's description and its card say the same, as text.
    page = site.page("news/marked-summary/")
    assert page.xpath("string(//meta[@name='description']/@content)") == (PLAIN_SUMMARY)
    home = site.page("news/")
    cards = [c for c in home.xpath("//article") if "whose summary" in c.text_content()]
    (card,) = cards
    assert PLAIN_SUMMARY in card.text_content()
    assert not card.xpath(".//script | .//b")


def test_each_feed_holds_the_latest_n_entries(awkward_site, tmp_path):
    override = 'FEEDS={"max_items": 3, "id_authority": "example.org,2025"}'
    site = build_feeds(awkward_site, tmp_path / "out", "https://a.example", override)
    for path in feed_files(site.output):
        assert len(feedparser.parse(path.read_bytes()).entries) <= 3
    assert (
        len(
            feedparser.parse(
                (site.output / "feeds" / "all.rss.xml").read_bytes()
            ).entries
        )
        == 3
    )
