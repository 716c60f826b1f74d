"""The output layout owns every address the build writes, however it is spelt."""

from __future__ import annotations

import pytest

from charity_site.layout import fold, plain_address_problem, save_as_of
from charity_site.redirects.model import (
    Redirect,
    aliases_of,
    check_redirects,
    host_limit_problems,
    parse_redirects_file,
)
from support.site import site_conventions

LAYOUT = site_conventions().layout


def spellings(address: str) -> list[str]:
    """Every way an editor might write one site address."""
    path = "/" + address.lstrip("/")
    folder = path.removesuffix("index.html")
    found = {path, folder, path.upper(), folder.upper()}
    if folder.endswith("/") and folder != "/":
        found |= {folder.rstrip("/"), folder + "index.html"}
    found.add(
        "".join(c if c.isalnum() or c in "/." else f"%{ord(c):02X}" for c in path)
    )
    return sorted(found)


def test_every_spelling_of_an_address_folds_to_one():
    for address in ("get-help/index.html", "feeds/all.atom.xml", "_headers", ""):
        assert {fold(s) for s in spellings(address)} == {fold(address)}, address


@pytest.mark.parametrize(
    "address",
    [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "favicon.ico",
        "logo.svg",
        "_headers",
        "_redirects",
        "_nginx.conf",
        "feeds/all.atom.xml",
        "feeds/index.html",
        "admin/index.html",
        "admin/config.yml",
        "cards/0123456789abcdef.jpg",
        "tags/index.html",
        "tags/cafe/index.html",
        "archives/index.html",
        "drafts/news/x/index.html",
        "_desk/index.html",
        "news/index.html",
        "news/page/2/index.html",
        "events/calendar.ics",
        "events/open-day/event.ics",
        "images/photo-800w.0123456789.webp",
        "images/photo-social.0123456789.jpg",
        "theme/x.css",
        "search/index.html",
    ],
)
def test_the_layout_owns_each_address_the_site_writes_in_every_spelling(address):
    for spelling in spellings(address):
        assert LAYOUT.owner_of(spelling), spelling


@pytest.mark.parametrize(
    "address", ["news/post/index.html", "get-help/index.html", "images/photo.jpg"]
)
def test_posts_pages_and_an_editors_pictures_are_not_the_layouts(address):
    assert LAYOUT.owner_of(address) is None


def test_no_page_may_take_a_folder_or_root_file_the_site_writes():
    reserved = site_conventions().reserved
    assert {
        "admin",
        "cards",
        "feeds",
        "_desk",
        "tags",
        "drafts",
        "_headers",
    } <= reserved
    assert {"news", "stories", "events", "campaigns", "images"} <= reserved


@pytest.mark.parametrize(
    "written",
    [
        "/*",
        "/news/*",
        "/:splat",
        "/news/:slug/",
        "/a b/",
        "/a;b/",
        "/a{b}/",
        "/a$b/",
        '/a"b/',
        "/a'b/",
        "/a\\b/",
        "/a%20b/",
        "/a%7Bb/",
        "/caf%C3%A9/",
        "/a?p=1",
        "/a#top",
        "/a//b/",
        "/a/../b/",
        "/robots.txt/x/",
        "/" + "a" * 201 + "/",
        "/" + "a/" * 300,
    ],
)
def test_an_alias_holding_host_syntax_or_unsafe_characters_is_one_line(written):
    redirects, problems = aliases_of(written, "news/post/", "news/post.md", 4)
    assert redirects == []
    assert [(p.path, p.line, p.severity, p.rule) for p in problems] == [
        ("news/post.md", 4, "error", "bad-redirect")
    ]
    assert plain_address_problem(written)


def test_a_plain_old_address_passes_and_percent_encoding_is_read():
    redirects, problems = aliases_of("/2019/05/a-post/, /a%2Dpost.html", "n/p/", "s", 1)
    assert problems == []
    assert [r.old for r in redirects] == ["/2019/05/a-post/", "/a-post.html"]
    assert save_as_of("/a-post.html") == "a-post.html"
    assert save_as_of("/2019/05/a-post") == "2019/05/a-post/index.html"


@pytest.mark.parametrize(
    "old",
    [
        spelling
        for address in ("", "get-help/", "feeds/all.atom.xml", "_headers", "admin/")
        for spelling in spellings(address)
    ],
)
def test_no_redirect_from_a_live_page_or_an_address_the_layout_owns(old):
    live = {"/", "/get-help/", "/news/post/"}
    asked = [Redirect(old, "/news/post/", "redirects.txt", 3)]
    final, problems = check_redirects(asked, live, LAYOUT)
    assert final == []
    assert [(p.line, p.rule) for p in problems] == [(3, "bad-redirect")], old


def test_a_redirects_file_line_with_host_syntax_is_one_line():
    text = "/old/* /news/post/\n/ok/ /news/post/\n/x/ /news/post/ 301\n"
    redirects, problems = parse_redirects_file(text)
    assert [r.old for r in redirects] == ["/ok/"]
    assert [(p.line, p.rule) for p in problems] == [
        (1, "bad-redirect"),
        (3, "bad-redirect"),
    ]


def test_past_a_hosts_documented_limit_one_line_names_the_host():
    many = [
        Redirect(f"/old/{n}/", "/news/post/", "redirects.txt", n)
        for n in range(1, 2102)
    ]
    final, problems = check_redirects(many, {"/news/post/"}, LAYOUT)
    assert len(final) == 2101 and problems == []
    (line,) = host_limit_problems(final)
    assert line.line == 2001 and line.severity == "warning"
    assert "Cloudflare Pages" in line.message
    assert host_limit_problems(final[:2000]) == []


def test_one_hashed_name_shape_for_pictures_the_editor_and_the_host_rules():
    from charity_site.cms.page import hashed_name as editor_name
    from charity_site.hosting.headers import HASHED, PICTURE_PATTERNS
    from charity_site.layout import PICTURE_VARIANT, content_hash, hashed_name

    key = content_hash(b"photo bytes")
    picture = hashed_name("images/photo-800w", key, "webp")
    assert picture == f"images/photo-800w.{key}.webp" and len(key) == 10
    assert HASHED.search(picture) and PICTURE_VARIANT.search(picture)
    assert any(pattern.search(picture) for _host, pattern in PICTURE_PATTERNS)
    assert LAYOUT.owner_of(picture)
    assert editor_name("editor.js", b"photo bytes") == f"editor.{key}.js"


def test_the_pages_the_layout_owns_are_valid_redirect_targets():
    pages = LAYOUT.pages()
    assert {"/", "/tags/", "/archives/", "/news/", "/events/"} <= pages
    assert not any(page.endswith(".xml") for page in pages)
