"""Head metadata, JSON-LD, sitemap, robots.txt and hashtag lines on the built site."""

from __future__ import annotations

import json

from lxml import etree

from support.sources import read_sources

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_article_head_has_description_canonical_social_cards_and_feeds(published_site):
    tree = published_site.page("news/co-production-week-2025/")
    url = f"{published_site.siteurl}/news/co-production-week-2025/"
    assert tree.xpath("string(//link[@rel='canonical']/@href)") == url
    assert tree.xpath("string(//meta[@property='og:url']/@content)") == url
    assert tree.xpath("string(//meta[@property='og:type']/@content)") == "article"
    description = tree.xpath("string(//meta[@name='description']/@content)")
    assert description.startswith("Ahead of Co-Production Week")
    assert tree.xpath("string(//meta[@name='twitter:card']/@content)") in (
        "summary",
        "summary_large_image",
    )
    feeds = tree.xpath("//link[@rel='alternate']/@type")
    assert "application/atom+xml" in feeds and "application/rss+xml" in feeds


def test_json_ld_describes_the_article_and_its_authors(published_site):
    tree = published_site.page("news/co-production-week-2025/")
    data = json.loads(tree.xpath("string(//script[@type='application/ld+json'])"))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == tree.xpath("string(//h1)").strip()
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Allan Hughes",
            "url": f"{published_site.siteurl}/authors/allan-hughes/",
        }
    ]
    assert data["datePublished"].startswith("2025-06-26T09:30:00+01:00")
    assert data["publisher"]["name"] == "CPSL Mind"
    home = json.loads(
        published_site.page("").xpath("string(//script[@type='application/ld+json'])")
    )
    assert (
        home["@type"] == "Organization" and home["url"] == published_site.siteurl + "/"
    )


def test_sitemap_lists_every_published_page_and_nothing_hidden(
    published_site, sample_content
):
    tree = etree.parse(str(published_site.output / "sitemap.xml"))
    urls = set(tree.xpath("//s:url/s:loc/text()", namespaces=SITEMAP_NS))
    for source in read_sources(sample_content):
        url = f"{published_site.siteurl}/{source.url}"
        assert (url in urls) == source.is_published, source.path
    assert not [u for u in urls if u.endswith(("404.html", "robots.txt"))]


def test_robots_txt_points_at_the_sitemap(published_site):
    robots = (published_site.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {published_site.siteurl}/sitemap.xml" in robots.splitlines()


def test_hashtag_lines_are_tag_links_not_headings(published_site):
    tree = published_site.page("news/co-production-week-2025/")
    assert len(tree.xpath("//h1")) == 1
    links = tree.xpath("//p[@class='hashtags']/a")
    assert [a.text for a in links] == [
        "#CoProductionWeek",
        "#CPSLMind",
        "#LivedExperience",
    ]
    assert links[0].get("href") == f"{published_site.siteurl}/tags/coproductionweek/"


def test_sitemap_dates_come_from_the_content_not_the_clock(published_site):
    tree = etree.parse(str(published_site.output / "sitemap.xml"))
    rows = {
        url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for url in tree.xpath("//s:url", namespaces=SITEMAP_NS)
    }
    site = published_site.siteurl
    post = f"{site}/news/co-production-week-2025/"
    assert rows[post].startswith("2025-"), rows[post]
    dated = [v for v in rows.values() if v]
    assert rows[f"{site}/"] == max(dated), "the home page is as new as its newest post"
    assert not [u for u in rows if "/page/" in u or "/drafts/" in u]
    assert f"{site}/news/" in rows and f"{site}/tags/" in rows


def test_two_publishes_of_the_same_content_give_the_same_sitemap(
    published_site, sample_content, tmp_path
):
    from support.site import build_here

    # Its own, empty cache: nothing a cache keeps may change the sitemap.
    again = build_here(sample_content, tmp_path / "again", "publishconf.py")
    assert again.returncode == 0, again.log
    assert (again.output / "sitemap.xml").read_bytes() == (
        published_site.output / "sitemap.xml"
    ).read_bytes()


def test_newer_posts_leads_to_the_folder_not_index_html(
    published_site, cache, tmp_path
):
    from support.site import build_here

    # Two posts a page, so the news section has a second page.
    paged = build_here(
        published_site.content, tmp_path / "paged", "publishconf.py",
        "-e", "DEFAULT_PAGINATION=2", cache=cache,
    )  # fmt: skip
    assert paged.returncode == 0, paged.log
    second = paged.page("news/page/2/")
    (newer,) = second.xpath("//a[@rel='prev']/@href")
    assert newer == f"{paged.siteurl}/news/"
    for page in published_site.html_files():
        html = page.read_text(encoding="utf-8")
        assert '/index.html"' not in html.split("</html>")[0], page


def test_the_404_page_is_noindex_with_no_canonical_and_a_favicon_ico_exists(
    published_site,
):
    from io import BytesIO

    from PIL import Image

    page = published_site.page("404.html")
    assert page.xpath("string(//meta[@name='robots']/@content)") == "noindex"
    assert not page.xpath("//link[@rel='canonical'] | //meta[@property='og:url']")
    icon = (published_site.output / "favicon.ico").read_bytes()
    with Image.open(BytesIO(icon)) as image:
        assert image.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48)} <= set(image.info["sizes"])
        image.size = (48, 48)
        image.load()
        brand = image.convert("RGB").getpixel((6, 24))
    assert brand == (0x1C, 0x4F, 0x8F), "drawn from the theme's own icon"


def test_a_brand_is_one_setting_checked_at_start_up(tmp_path, sample_content, cache):
    import json

    from support.site import ROOT, build, build_here

    brand = {
        "logo": str(ROOT / "theme" / "static" / "favicon.svg"),
        "primary": "#0b5d3b",
        "accent": "#7a1f2b",
        "background": "#ffffff",
        "charity_number": "1234567",
        "registered_address": "1 High Street, Anytown",
        "donate_url": "https://example.org/donate",
    }
    site = build_here(
        sample_content,
        tmp_path / "site",
        "pelicanconf.py",
        "-e",
        f"BRAND={json.dumps(brand)}",
        cache=cache,
    )
    assert site.returncode == 0, site.log
    home = site.page("")
    style = home.xpath("string(//style)")
    assert "--link:#0b5d3b" in style
    footer = home.xpath("string(//footer)")
    assert "Registered charity number 1234567." in footer
    assert "1 High Street, Anytown" in footer
    assert home.xpath("//footer//a[@href='https://example.org/donate']")
    unreadable = build(
        sample_content,
        tmp_path / "bad",
        "pelicanconf.py",
        *("-e", f"BRAND={json.dumps({**brand, 'primary': '#8fbfff'})}"),
    )
    assert unreadable.returncode != 0
    (line,) = [r for r in unreadable.log.splitlines() if "BRAND" in r]
    assert line.startswith("pelicanconf.py: error: BRAND['primary'] #8fbfff")
    assert "Traceback" not in unreadable.log


def test_each_post_s_reading_time_is_its_text_s(published_site, sample_content):
    """The minutes counted by the parse (and kept in its cache) are the ones the
    page's own text gives, on every post."""
    import re

    from lxml import html as lxml_html

    from charity_site.source.reading_time import reading_minutes

    checked = 0
    for source in read_sources(sample_content):
        # Stories and news tell their reading time (events and campaigns dates).
        if not source.is_published or source.section not in ("stories", "news"):
            continue
        tree = published_site.page(source.url)
        meta = " ".join(tree.xpath("//p[@class='meta']//text()"))
        shown = re.search(r"(\d+) min read", meta)
        assert shown, source.path
        (body,) = tree.xpath("//div[@class='post-body']")
        inner = "".join(lxml_html.tostring(child, encoding="unicode") for child in body)
        assert int(shown[1]) == reading_minutes(inner), source.path
        checked += 1
    assert checked >= 5
