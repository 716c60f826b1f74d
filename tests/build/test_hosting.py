"""The published site carries its HTTP headers for hosts that read `_headers`:
one definition of security headers, caching and feed types, read the way the
hosts read it (charity_site.hosting.headers.host_headers)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from charity_site.hosting.headers import (
    IMMUTABLE,
    MAX_RULES,
    SHORT,
    Rule,
    header_file_problems,
    host_headers,
    parse_headers_file,
)
from support.site import Build

HOSTS = ("cloudflare", "netlify")


def header_rules(site: Build) -> list[Rule]:
    return parse_headers_file((site.output / "_headers").read_text(encoding="utf-8"))


def sent(site: Build, path: str, host: str = "cloudflare") -> dict[str, list[str]]:
    """The `_headers` values a host sends for one address of the site."""
    return host_headers(header_rules(site), path, host)


def directives(policy: str) -> dict[str, str]:
    return dict(
        part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip()
    )


def strict_policy(site: Build) -> str:
    (policy,) = sent(site, "/")["content-security-policy"]
    return policy


def editor_policy(site: Build) -> str:
    (policy,) = sent(site, "/admin/")["content-security-policy"]
    return policy


def served_paths(site: Build) -> list[str]:
    """The address of every file of the site, as a browser asks for it."""
    paths = []
    for path in sorted(site.output.rglob("*")):
        name = path.relative_to(site.output).as_posix()
        # .gz and .br twins are sent for their page's address, never their own.
        if (
            path.is_file()
            and not name.startswith("_")
            and path.suffix
            not in (
                ".gz",
                ".br",
            )
        ):
            paths.append("/" + name.removesuffix("index.html"))
    return paths


def test_every_response_carries_the_security_headers(published_site):
    # Even an address the site never had: its 404 is held to the strict policy.
    every = sent(published_site, "/no/such/page/")
    assert every["x-content-type-options"] == ["nosniff"]
    assert every["referrer-policy"] == ["strict-origin-when-cross-origin"]
    assert "camera=()" in every["permissions-policy"][0]
    assert every["strict-transport-security"][0].startswith("max-age=")
    assert "cache-control" not in every, "pages keep the host's own"
    assert every["content-security-policy"] == [strict_policy(published_site)]
    policy = directives(strict_policy(published_site))
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in policy["style-src"]
    assert policy["object-src"] == "'none'"
    assert "https://www.youtube-nocookie.com" in policy["frame-src"]
    assert "https://" in policy["form-action"], "the newsletter's provider"


@pytest.mark.parametrize("host", HOSTS)
def test_every_address_gets_exactly_one_policy_the_right_one(published_site, host):
    # A host that joins rules sends every policy that matches, and a browser
    # enforces each: the editor's would block the sign-up form and videos.
    strict = strict_policy(published_site)
    editor = editor_policy(published_site)
    assert editor != strict
    paths = served_paths(published_site)
    assert "/" in paths and "/admin/" in paths and "/admin/config.yml" in paths
    rules = header_rules(published_site)
    for path in [*paths, "/no-such-page/", "/news/no-such-post/", "/admin/nope"]:
        headers = host_headers(rules, path, host)
        want = editor if path.startswith("/admin/") else strict
        assert headers["content-security-policy"] == [want], path
        for name, values in headers.items():
            assert len(values) == 1, (path, name, values)


def test_the_number_of_rules_stays_within_what_cloudflare_pages_reads(
    published_site,
):
    text = (published_site.output / "_headers").read_text(encoding="utf-8")
    rules = header_rules(published_site)
    # Patterns, not a rule per picture or feed: the sample had 137 before.
    assert len(rules) <= 25 < MAX_RULES
    assert len({rule.path for rule in rules}) == len(rules)
    assert header_file_problems(text, strict=True) == []
    assert "too-many-header-rules" not in published_site.log


def test_the_editor_has_its_own_policy_and_is_never_indexed(published_site):
    editor = directives(editor_policy(published_site))
    # What Decap CMS needs, found in Chromium (docs/cms.md), and no more.
    assert editor["script-src"] == "'self' 'unsafe-eval'"
    assert editor["style-src"] == "'self' 'unsafe-inline'"
    assert "https://api.github.com" in editor["connect-src"]
    assert "http:" not in editor["connect-src"], "no decap-server in a publish"
    assert editor["frame-ancestors"] == "'none'"
    assert editor["object-src"] == "'none'"
    assert sent(published_site, "/admin/")["x-robots-tag"] == ["noindex, nofollow"]
    config = sent(published_site, "/admin/config.yml")
    assert config["content-type"][0].startswith("text/yaml")
    scripts = sorted((published_site.output / "admin").glob("*.js"))
    assert [re.sub(r"\.[0-9a-f]{10}\.", ".HASH.", p.name) for p in scripts] == [
        "decap-cms.HASH.js",
        "editor.HASH.js",
    ]
    for script in scripts:
        cached = sent(published_site, f"/admin/{script.name}")["cache-control"]
        assert cached == [IMMUTABLE]
    page = (published_site.output / "admin" / "index.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "http" not in page, "no script or style from anywhere else"
    for listing in ("sitemap.xml", "feeds/all.atom.xml", "feeds/all.json"):
        assert "/admin/" not in (published_site.output / listing).read_text("utf-8")


def test_the_inline_style_of_every_page_is_allowed_by_its_hash(published_site):
    policy = strict_policy(published_site)
    allowed = set(re.findall(r"'sha256-([^']+)'", policy))
    for page in published_site.html_files():
        if page.name != "index.html":
            continue
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"<style>(.*?)</style>", text, re.DOTALL):
            digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
            assert digest in allowed, page


def test_feeds_and_calendars_have_their_types_and_hashed_pictures_are_cached_for_good(
    published_site,
):
    output = published_site.output
    feeds = [*sorted(output.glob("feeds/**/*.xml")), output / "feeds" / "all.json"]
    assert len(feeds) > 10
    for feed in feeds:
        headers = sent(published_site, f"/{feed.relative_to(output).as_posix()}")
        (kind,) = headers["content-type"]
        if feed.name.endswith(".rss.xml"):
            assert kind.startswith("application/rss+xml")
        elif feed.name.endswith(".atom.xml"):
            assert kind.startswith("application/atom+xml")
        else:
            assert kind.startswith("application/feed+json")
        assert headers["cache-control"] == [SHORT]
    calendars = sorted(output.rglob("*.ics"))
    assert output / "events" / "calendar.ics" in calendars and len(calendars) > 1
    for calendar in calendars:
        headers = sent(published_site, f"/{calendar.relative_to(output).as_posix()}")
        assert headers["content-type"] == ["text/calendar; charset=utf-8"]
    hashed = [
        p
        for p in output.rglob("*")
        if re.search(r"\.[0-9a-f]{10}\.(webp|jpg|png)$", p.name)
    ]
    assert len(hashed) > 20
    for picture in hashed:
        headers = sent(published_site, f"/{picture.relative_to(output).as_posix()}")
        assert headers["cache-control"] == [IMMUTABLE]
    # The full-size copy keeps its name when its picture changes: never a year.
    full = [
        p
        for p in output.glob("images/**/*")
        if p.is_file() and not re.search(r"\.[0-9a-f]{10}\.", p.name)
    ]
    assert full
    for picture in full:
        headers = sent(published_site, f"/{picture.relative_to(output).as_posix()}")
        assert "cache-control" not in headers, picture


def test_every_text_file_of_a_publish_has_gzip_and_brotli_twins(published_site):
    import gzip

    import brotli

    from charity_site.hosting.precompress import gzipped, is_text

    texts = [p for p in published_site.output.rglob("*") if p.is_file() and is_text(p)]
    assert len(texts) > 50
    for path in texts:
        data = path.read_bytes()
        gz = path.with_name(path.name + ".gz").read_bytes()
        br = path.with_name(path.name + ".br").read_bytes()
        assert gzip.decompress(gz) == data, path
        assert brotli.decompress(br) == data, path
        assert gz[4:8] == b"\0\0\0\0", "no time stamp: the same bytes every publish"
    assert gzipped(b"same") == gzipped(b"same")


def test_a_preview_is_not_compressed(preview_site):
    assert not list(preview_site.output.rglob("*.gz"))
    assert not list(preview_site.output.rglob("*.br"))
