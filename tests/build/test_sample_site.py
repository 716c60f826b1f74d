"""The sample site, built for real: every post at its URL, lists, drafts, links."""

from __future__ import annotations

from collections import defaultdict

import pytest

from support.links import broken_links
from support.site import SECTIONS, Build
from support.sources import Source, read_sources, tag_slug


@pytest.fixture(scope="module")
def sources(sample_content) -> list[Source]:
    return read_sources(sample_content)


@pytest.fixture(scope="module")
def published(sources) -> list[Source]:
    return [s for s in sources if s.is_published]


CARD_LINKS = (
    "//article[contains(@class,'card')]//*[contains(@class,'card-title')]/a/@href"
)


def listed_urls(site: Build, url: str) -> list[str]:
    """Post URLs linked from the cards of a list page and all its later pages."""
    found: list[str] = []
    while url is not None:
        tree = site.page(url)
        found += [
            href.removeprefix(site.siteurl).strip("/") + "/"
            for href in tree.xpath(CARD_LINKS)
        ]
        following = tree.xpath("//a[@rel='next']/@href")
        url = following[0].removeprefix(site.siteurl).lstrip("/") if following else None
    return found


def test_sample_content_is_big_enough(published):
    sections = defaultdict(int)
    for source in published:
        sections[source.section] += 1
    articles = sum(n for s, n in sections.items() if s != "pages")
    assert articles >= 10
    assert all(sections[s] >= 2 for s in SECTIONS), sections
    pages = {s.slug for s in published if s.section == "pages"}
    assert {"about", "newsletter", "get-help", "privacy"} <= pages


def test_every_post_and_page_has_exactly_one_page_at_its_url(published_site, published):
    canonicals = defaultdict(list)
    for page in published_site.html_files():
        tree = published_site.page(page.relative_to(published_site.output).as_posix())
        for href in tree.xpath("//link[@rel='canonical']/@href"):
            canonicals[href].append(page)
    for source in published:
        tree = published_site.page(source.url)
        assert tree.xpath("string(//h1)").strip() == source.title, source.path
        canonical = f"{published_site.siteurl}/{source.url}"
        assert len(canonicals[canonical]) == 1, (source.path, canonicals[canonical])


def test_home_page_features_a_story_then_each_sections_newest(
    published_site, published
):
    home = published_site.page("")
    stories = sorted(
        (s for s in published if s.section == "stories"),
        key=lambda s: s.date,
        reverse=True,
    )
    featured = home.xpath("//section[@class='featured']//h2/a/@href")
    assert featured == [f"{published_site.siteurl}/{stories[0].url}"]
    for section in SECTIONS:
        newest = sorted(
            (s for s in published if s.section == section),
            key=lambda s: s.date,
            reverse=True,
        )
        newest = [s for s in newest if s is not stories[0]][:3]
        shown = home.xpath(
            f"//section[@aria-labelledby='latest-{section}']"
            "//*[contains(@class,'card-title')]/a/@href"
        )
        assert shown == [f"{published_site.siteurl}/{s.url}" for s in newest], section
    assert not published_site.file_for("page/2/").exists(), "the home is not paged"
    # Every post is still one click away, on /archives/.
    listed = home.xpath("//a[@href=$u]", u=f"{published_site.siteurl}/archives/")
    assert listed


@pytest.mark.parametrize("section", SECTIONS)
def test_section_pages_list_their_posts(published_site, published, section):
    expected = {s.url for s in published if s.section == section}
    assert set(listed_urls(published_site, f"{section}/")) == expected


def test_tag_pages_list_the_posts_with_that_tag(published_site, published):
    by_tag = defaultdict(set)
    for source in published:
        for tag in source.tags:
            by_tag[tag_slug(tag)].add(source.url)
    assert by_tag, "the sample content has tags"
    for slug, urls in by_tag.items():
        assert set(listed_urls(published_site, f"tags/{slug}/")) == urls, slug


def test_author_pages_list_the_posts_by_that_author(published_site, published):
    by_author = defaultdict(set)
    for source in published:
        if source.section != "pages":
            for author in source.authors:
                by_author[tag_slug(author)].add(source.url)
    assert len(by_author) >= 2
    for slug, urls in by_author.items():
        assert set(listed_urls(published_site, f"authors/{slug}/")) == urls, slug


def test_drafts_and_future_posts_appear_in_no_published_file(published_site, sources):
    hidden = [s for s in sources if not s.is_published]
    assert {s.status for s in hidden} >= {"draft"}
    assert any(s.date and s.status != "draft" for s in hidden), "a future-dated post"
    for source in hidden:
        assert not published_site.file_for(source.url).exists()
        for path in published_site.text_files():
            text = path.read_text(encoding="utf-8")
            assert source.title not in text, (source.path, path)
            assert f"/{source.slug}/" not in text, (source.path, path)
    assert not (published_site.output / "drafts").exists()


def test_drafts_can_be_previewed(preview_site, sources):
    for source in sources:
        if not source.is_published and source.section != "pages":
            draft = preview_site.page(f"drafts/{source.section}/{source.slug}/")
            assert draft.xpath("string(//h1)").strip() == source.title


def test_every_internal_link_and_asset_resolves_in_publish(published_site):
    assert broken_links(published_site.output, published_site.siteurl) == []


def test_every_internal_link_and_asset_resolves_in_preview(preview_site):
    assert broken_links(preview_site.output) == []


def test_preview_links_are_relative_and_published_links_absolute(
    preview_site, published_site
):
    preview_home = preview_site.page("")
    assert not [
        h
        for h in preview_home.xpath("//a/@href")
        if h.startswith("http") and "example" in h
    ]
    published_home = published_site.page("")
    hrefs = published_home.xpath("//header//a/@href")
    assert hrefs and all(h.startswith(published_site.siteurl) for h in hrefs)


def test_pages_declare_british_english(published_site):
    for path in published_site.html_files():
        tree = published_site.page(path.relative_to(published_site.output).as_posix())
        assert tree.get("lang") == "en-GB", path
