"""`_headers` as the hosts read it: one policy per address, few rules, right types."""

from __future__ import annotations

import pytest

from charity_site.hosting.headers import (
    IMMUTABLE,
    MAX_RULES,
    SHORT,
    Rule,
    editor_policy,
    header_file_problems,
    headers_file,
    host_headers,
    nginx_file,
    parse_headers_file,
    rules_for,
    security_headers,
)

STRICT = "default-src 'self'; script-src 'self'; form-action 'self' https://x.example"
EVERY = security_headers(STRICT)
EDITOR = security_headers(editor_policy(["https://api.github.com"]))
EDITOR_POLICY = dict(EDITOR)["Content-Security-Policy"]
HOSTS = ("cloudflare", "netlify")


def site_files(posts: int) -> list[str]:
    """The files of a published site with this many posts, each with a picture."""
    files = [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "logo.svg",
        "favicon.ico",
        "about/index.html",
        "feeds/index.html",
        "feeds/all.json",
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "events/calendar.ics",
        "admin/index.html",
        "admin/config.yml",
        "admin/decap-cms.0123456789.js",
        "admin/editor.abcdef0123.js",
        "_headers",
        "_redirects",
    ]
    for n in range(posts):
        files += [
            f"news/post-{n}/index.html",
            f"news/post-{n}/index.html.gz",
            f"events/event-{n}/event.ics",
            f"feeds/tags/tag-{n}.atom.xml",
            f"feeds/tags/tag-{n}.rss.xml",
            f"cards/{n:016x}.jpg",
            f"images/photo-{n}.jpg",  # the full-size copy keeps its name
            f"images/photo-{n}-social.{n:010x}.jpg",
        ]
        files += [
            f"images/photo-{n}-{w}w.{n:010x}.{ext}"
            for w in (480, 800, 1037)
            for ext in ("webp", "jpg")
        ]
    return files


def addresses(files: list[str]) -> list[str]:
    """What a browser asks for: pretty URLs for pages, and every file by name."""
    found = {"/", "/admin/", "/no-such-page/", "/news/no-such-post/", "/admin/nope"}
    for name in files:
        found.add(f"/{name}")
        if name.endswith("index.html"):
            found.add("/" + name.removesuffix("index.html"))
    return sorted(found)


@pytest.mark.parametrize("host", HOSTS)
def test_every_address_gets_exactly_one_policy_the_right_one(host):
    files = site_files(3)
    rules = rules_for(files, EVERY, EDITOR)
    for path in addresses(files):
        sent = host_headers(rules, path, host)
        want = EDITOR_POLICY if path.startswith("/admin/") else STRICT
        assert sent["content-security-policy"] == [want], path
        for name, values in sent.items():
            assert len(values) == 1, (path, name, values)
        assert sent["x-content-type-options"] == ["nosniff"], path
        assert ("x-robots-tag" in sent) == path.startswith("/admin/"), path


def test_the_editor_rule_replaces_the_policy_and_repeats_nothing_else():
    rules = rules_for(site_files(1), EVERY, EDITOR)
    (editor,) = [r for r in rules if r.path == "/admin/*"]
    assert editor.detach == ("Content-Security-Policy",)
    assert [name for name, _ in editor.headers] == [
        "Content-Security-Policy",
        "X-Robots-Tag",
    ]
    text = headers_file(rules)
    assert "/admin/*\n  ! Content-Security-Policy\n  Content-Security-Policy: " in text
    # Without an editor, one rule for every response, and no detach anywhere.
    alone = rules_for(["index.html"], EVERY)
    assert [r.path for r in alone] == ["/*"]


def test_the_number_of_rules_does_not_grow_with_posts():
    few = rules_for(site_files(2), EVERY, EDITOR)
    many = rules_for(site_files(600), EVERY, EDITOR)
    assert [r.path for r in many] == [r.path for r in few]
    assert len(many) < 25
    assert len({r.path for r in many}) == len(many), "one rule per path"


@pytest.mark.parametrize(
    ("name", "cache", "kind"),
    [
        ("images/photo-0-800w.0000000000.webp", IMMUTABLE, None),
        ("images/photo-0-1037w.0000000000.jpg", IMMUTABLE, None),
        ("images/photo-0-social.0000000000.jpg", IMMUTABLE, None),
        ("cards/0000000000000000.jpg", IMMUTABLE, None),
        ("admin/decap-cms.0123456789.js", IMMUTABLE, None),
        ("images/photo-0.jpg", None, None),
        ("index.html", None, None),
        ("feeds/all.rss.xml", SHORT, "application/rss+xml; charset=utf-8"),
        ("feeds/tags/tag-0.atom.xml", SHORT, "application/atom+xml; charset=utf-8"),
        ("feeds/all.json", SHORT, "application/feed+json; charset=utf-8"),
        ("events/calendar.ics", SHORT, "text/calendar; charset=utf-8"),
        ("events/event-0/event.ics", SHORT, "text/calendar; charset=utf-8"),
        ("admin/config.yml", None, "text/yaml; charset=utf-8"),
    ],
)
def test_caching_and_types_by_pattern(name, cache, kind):
    rules = rules_for(site_files(1), EVERY, EDITOR)
    sent = host_headers(rules, f"/{name}")
    assert sent.get("cache-control") == ([cache] if cache else None)
    assert sent.get("content-type") == ([kind] if kind else None)


def test_an_unhashed_name_a_picture_pattern_takes_gets_its_own_correction():
    # crew.2024.jpg ends like a picture variant (`*w.:hash.jpg`) but is a
    # full-size copy whose content can change under the same name.
    files = [*site_files(1), "images/crew.2024.jpg", "images/view.final.webp"]
    rules = rules_for(files, EVERY, EDITOR)
    for name in ("images/crew.2024.jpg", "images/view.final.webp"):
        assert "cache-control" not in host_headers(rules, f"/{name}"), name
        (fix,) = [r for r in rules if r.path == f"/{name}"]
        assert fix == Rule(f"/{name}", (), ("Cache-Control",))
    assert host_headers(rules, "/images/photo-0-800w.0000000000.webp")[
        "cache-control"
    ] == [IMMUTABLE]


def test_a_file_name_with_host_syntax_or_a_line_break_never_enters_the_rules():
    # Each ends like a picture variant, so it would get a correction of its own.
    odd = [
        "images/a crew.2024.jpg",
        "images/x\n/*\n  Content-Security-Policy: none\ncrew.2024.jpg",
        "images/*crew.2024.jpg",
    ]
    text = headers_file(rules_for([*site_files(1), *odd], EVERY, EDITOR))
    assert "Content-Security-Policy: none" not in text
    assert "crew.2024.jpg" not in text
    assert header_file_problems(text, strict=True) == []


def test_cloudflare_reads_one_splat_and_placeholders_within_a_part():
    rules = [
        Rule("/*", (("A", "every"),)),
        Rule("/admin/*", (("B", "editor"),)),
        Rule("/*w.:hash.webp", (("C", "picture"),)),
        Rule("/*/*", (("D", "two splats: skipped"),)),
    ]
    assert host_headers(rules, "/") == {"a": ["every"]}
    assert "b" not in host_headers(rules, "/administration/")
    assert host_headers(rules, "/admin/")["b"] == ["editor"]
    assert host_headers(rules, "/a/b-800w.0123456789.webp")["c"] == ["picture"]
    # A placeholder is one part of a path: never across a slash.
    assert "c" not in host_headers(rules, "/a/bw.x/y.webp")
    assert "d" not in host_headers(rules, "/a/b")


def test_the_file_reads_back_as_the_rules_it_was_written_from():
    rules = rules_for([*site_files(2), "images/crew.2024.jpg"], EVERY, EDITOR)
    assert parse_headers_file(headers_file(rules)) == rules


def test_more_rules_than_cloudflare_reads_is_one_line_naming_the_host_and_limit():
    rules = [Rule(f"/page-{n}/*", (("X-A", "1"),)) for n in range(MAX_RULES + 1)]
    text = headers_file(rules)
    assert header_file_problems(headers_file(rules[:MAX_RULES]), strict=True) == []
    (problem,) = header_file_problems(text, strict=True)
    assert str(problem) == (
        "_headers:1: error: _headers has 101 rules, but Cloudflare Pages reads only "
        "the first 100 and ignores the rest — tell the web team: "
        "plugins/charity_site/hosting/headers.py must cover these files with "
        "fewer, wider patterns [too-many-header-rules]"
    )
    (preview,) = header_file_problems(text, strict=False)
    assert preview.severity == "warning"


def test_a_line_longer_than_cloudflare_reads_is_named_by_its_line():
    rules = [Rule("/*", (("X-A", "1"),)), Rule("/b", (("X-Long", "v" * 2000),))]
    (problem,) = header_file_problems(headers_file(rules), strict=True)
    assert (problem.line, problem.rule) == (5, "header-line-too-long")


def test_nginx_gives_calendars_their_type_and_the_editor_its_own_location():
    nginx = nginx_file(EVERY, [], EDITOR)
    ics = nginx.split('location ~ "\\.ics$" {', 1)[1].split("\n}", 1)[0]
    assert 'default_type "text/calendar; charset=utf-8";' in ics
    assert "types { }" in ics
    assert f'add_header Cache-Control "{SHORT}" always;' in ics
    assert 'location ~ "^/feeds/.*\\.json$" {' in nginx
    assert "location ^~ /admin/ {\n    try_files $uri $uri/ =404;" in nginx
    assert "location ^~ /admin/" not in nginx_file(EVERY, [])


def test_a_preview_editor_may_talk_to_decap_server_over_http():
    policy = editor_policy(["http://127.0.0.1:8081"], local=True)
    assert "connect-src 'self' blob: http://127.0.0.1:8081" in policy
    assert "upgrade-insecure-requests" not in policy, "it would break http://127.0.0.1"
