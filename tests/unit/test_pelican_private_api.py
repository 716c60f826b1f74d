"""Each use of Pelican's private API, held to the behaviour the plugin relies on.

docs/architecture.md ("Pelican's private API") lists every use and why no
signal can do the job. If a Pelican upgrade changes one of these behaviours,
the test named there fails before a build quietly goes wrong.
"""

from __future__ import annotations

import copy
import inspect
from datetime import datetime

import pytest
from pelican import signals
from pelican.contents import Article, Content, Static
from pelican.generators import Generator
from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG


def settings(**changes: object) -> dict:
    """Pelican's defaults with a few changes, as a build would have them."""
    return {**copy.deepcopy(DEFAULT_CONFIG), **changes}


class LinkTarget:
    """The shape pictures/steps.py puts into static_content for a picture."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.attached_to: list[object] = []

    def attach_to(self, content: object) -> None:
        self.attached_to.append(content)


@pytest.fixture(autouse=True)
def no_build_listens():
    """The objects made here belong to no build: an in-process build earlier in
    the session leaves the plugin's receivers connected, so mute them."""
    with signals.content_object_init.muted():
        yield


def article(html: str, context: dict) -> Article:
    return Article(
        html,
        {"title": "T", "date": datetime(2025, 5, 1), "category": "news"},
        settings(SITEURL=""),
        "/site/content/news/t.md",
        context,
    )


def test_get_files_is_a_bound_method_with_the_wrapped_signature():
    # files/steps.py keep_inside(): each generator's own get_files is wrapped.
    params = list(inspect.signature(Generator.get_files).parameters)
    assert params == ["self", "paths", "exclude", "extensions"]


def test_a_content_object_keeps_its_html_and_context_in_private_attributes():
    # pictures/steps.py rewrites _content before rendering; display/steps.py
    # reads it; plugin.py enrich_safely() finds the build through _context.
    context = {"static_content": {}, "generated_content": {}, "localsiteurl": ""}
    post = article("<p>Hello</p>", context)
    assert post._content == "<p>Hello</p>"
    assert post._context is context
    post._content = "<p>Changed</p>"
    assert post.content == "<p>Changed</p>"


def test_a_static_link_is_replaced_by_whatever_static_content_holds():
    # pictures/steps.py: a {static} link to a picture reaches its clean copy
    # through a duck-typed object in static_content; {attach} calls attach_to.
    target = LinkTarget("images/photo.jpg")
    context = {
        "static_content": {"images/photo.jpg": target},
        "generated_content": {},
        "localsiteurl": "",
    }
    html = (
        '<a href="{static}/images/photo.jpg">a</a>'
        '<a href="{attach}/images/photo.jpg">b</a>'
    )
    post = article(html, context)
    assert post.content.count('href="/images/photo.jpg"') == 2
    assert target.attached_to == [post]


def test_asking_a_static_files_url_pins_it_but_contents_url_does_not():
    # rules/steps.py site_addresses() reads Content.url.fget(static) so that
    # an {attach} link can still move the file beside its post.
    def static() -> Static:
        return Static(
            "",
            {},
            settings(STATIC_SAVE_AS="{path}", STATIC_URL="{path}"),
            "/site/content/images/leaflet.pdf",
            {},
        )

    untouched = static()
    assert Content.url.fget(untouched) == untouched.get_url_setting("url").format(
        **untouched.url_format
    )
    assert untouched._output_location_referenced is False
    pinned = static()
    _ = pinned.url
    assert pinned._output_location_referenced is True


def test_override_save_as_and_url_place_a_static_file():
    # files/steps.py places content/extra/ files at the site root this way.
    placed = Static(
        "",
        {},
        settings(STATIC_SAVE_AS="{path}", STATIC_URL="{path}"),
        "/site/content/extra/robots-extra.txt",
        {},
    )
    placed.override_save_as = "robots-extra.txt"
    placed.override_url = "robots-extra.txt"
    assert (placed.save_as, placed.url) == ("robots-extra.txt", "robots-extra.txt")


def test_readers_keep_their_instances_by_extension():
    # rules/reader.py binds this build's state to the reader instance it finds
    # in readers.readers (the class is swapped in readers_init, a public signal).
    readers = Readers(settings(READERS={}))
    assert "md" in readers.readers
    assert readers.reader_classes["md"] is type(readers.readers["md"])


def test_a_post_given_the_kept_addresses_class_has_pelicans_addresses(monkeypatch):
    # addresses_once.py: Pelican's Article and Page swapped for subclasses that
    # keep each address. Pelican must still read the class's name for its URL
    # settings, and every change an address depends on must be asked anew.
    from pelican.contents import Page
    from pelican.urlwrappers import Category

    from charity_site import addresses_once

    made = settings(
        SITEURL="",
        PATH="/site/content",
        ARTICLE_URL="{category}/{date:%Y}/{slug}/",
        ARTICLE_SAVE_AS="{category}/{date:%Y}/{slug}/index.html",
        DRAFT_URL="drafts/{slug}/",
        PAGE_URL="{slug}-{topic}/",
    )
    news = Category("News", made)

    def pair(kind, metadata, path="/site/content/news/t.md"):
        plain = kind("<p>x</p>", dict(metadata), made, path, {})
        kept = kind("<p>x</p>", dict(metadata), made, path, {})
        addresses_once.addresses_once(kept)
        return plain, kept

    when = datetime(2025, 5, 1)
    plain, kept = pair(Article, {"title": "T", "date": when, "slug": "t"})
    assert type(kept) is addresses_once.Article and isinstance(kept, Article)
    assert type(kept).__name__ == "Article"
    asked: list[object] = []
    real = Content.get_relative_source_path

    def counted(self, source_path=None):
        asked.append(source_path)
        return real(self, source_path)

    monkeypatch.setattr(Content, "get_relative_source_path", counted)
    for post in (plain, kept):
        post.category = news
    for _ in range(3):
        assert (kept.url, kept.save_as) == (plain.url, plain.save_as)
    # plain asked six times (url, save_as, three rounds); kept once.
    assert asked.count(None) == 6 + 1
    assert plain.url == "news/2025/t/"
    # Each value an address is made from, changed on both: the same answers.
    changes = (
        ("slug", "other"),
        ("date", datetime(2024, 1, 2)),
        ("category", Category("Events", made)),
        ("status", "draft"),
    )
    for name, value in changes:
        for post in (plain, kept):
            setattr(post, name, value)
        assert (kept.url, kept.save_as) == (plain.url, plain.save_as), name
    assert kept.url == "drafts/other/"
    # A header field a pattern names (a Page's {topic}), changed in place.
    plain, kept = pair(Page, {"title": "P", "slug": "p", "topic": "care"})
    assert kept.url == plain.url == "p-care/"
    for post in (plain, kept):
        post.metadata["topic"] = "rights"
    assert kept.url == plain.url == "p-rights/"
    kept.source_path = "/site/content/news/other.md"  # a moved source is asked anew
    assert kept.get_relative_source_path() == "news/other.md"
