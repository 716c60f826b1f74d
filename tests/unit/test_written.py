"""One answer to 'which pages does this build write?' for every step."""

from __future__ import annotations

from types import SimpleNamespace

from charity_site.written import CONTENT_LISTS, written_content


def post(name: str, save_as: str = "") -> SimpleNamespace:
    return SimpleNamespace(name=name, save_as=save_as)


def test_published_hidden_and_draft_posts_and_pages_with_an_address_are_written():
    context = {
        "articles": [post("a", "news/a/index.html")],
        "hidden_articles": [post("h", "news/h/index.html")],
        "drafts": [post("d-publish")],  # a publish gives drafts no address
        "pages": [post("p", "p/index.html")],
        "hidden_pages": [post("hp", "hp/index.html")],
        "draft_pages": [post("dp", "drafts/pages/dp/index.html")],
        "tags": [post("not-content", "tags/x/index.html")],
    }
    assert [c.name for c in written_content(context)] == ["a", "h", "p", "hp", "dp"]


def test_an_object_in_two_lists_is_written_once():
    shared = post("a", "news/a/index.html")
    assert written_content({"articles": [shared], "drafts": [shared]}) == [shared]
    assert set(CONTENT_LISTS) >= {"articles", "pages", "hidden_articles"}
