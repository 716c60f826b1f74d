"""The published site carries its HTTP headers for hosts that read `_headers`:
one definition of security headers, caching and feed types."""

from __future__ import annotations

import base64
import hashlib
import re

from support.site import Build


def parse_headers(site: Build) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in (site.output / "_headers").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if not line.startswith(" "):
            current = rules.setdefault(line.strip(), {})
        else:
            name, _, value = line.strip().partition(": ")
            assert name not in current, f"{name} twice for one path"
            current[name] = value
    return rules


def matching(rules: dict[str, dict[str, str]], path: str) -> list[dict[str, str]]:
    """The rules a host applies to path: exact paths, and /x/* for what is under /x/."""
    found = []
    for pattern, headers in rules.items():
        if pattern.endswith("*"):
            if path.startswith(pattern[:-1]):
                found.append(headers)
        elif pattern == path:
            found.append(headers)
    return found


def policies_for(site: Build, path: str) -> list[str]:
    """Every Content-Security-Policy a host joins for path (a browser enforces all)."""
    rules = parse_headers(site)
    return [
        headers["Content-Security-Policy"]
        for headers in matching(rules, path)
        if "Content-Security-Policy" in headers
    ]


def directives(policy: str) -> dict[str, str]:
    return dict(
        part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip()
    )


def strict_policy(site: Build) -> str:
    return parse_headers(site)["/"]["Content-Security-Policy"]


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
    every = parse_headers(published_site)["/*"]
    assert every["X-Content-Type-Options"] == "nosniff"
    assert every["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in every["Permissions-Policy"]
    assert every["Strict-Transport-Security"].startswith("max-age=")
    assert "Cache-Control" not in every, "hosts would join it with per-file values"
    assert "Content-Security-Policy" in every, "even an address the site never had"
    policy = directives(strict_policy(published_site))
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in policy["style-src"]
    assert policy["object-src"] == "'none'"
    assert "https://www.youtube-nocookie.com" in policy["frame-src"]


def test_every_file_outside_the_editor_gets_the_strict_policy(published_site):
    # Hosts join the values of every matching rule; a browser enforces each
    # policy, so a page with the strict one is held to it whatever else applies.
    strict = strict_policy(published_site)
    editor = parse_headers(published_site)["/*"]["Content-Security-Policy"]
    assert editor != strict
    paths = served_paths(published_site)
    assert "/" in paths and "/admin/" in paths
    for path in paths:
        policies = policies_for(published_site, path)
        if path.startswith("/admin/"):
            assert policies == [editor], path
        else:
            assert strict in policies, path
            assert set(policies) <= {strict, editor}, path


def test_the_editor_has_its_own_policy_and_is_never_indexed(published_site):
    rules = parse_headers(published_site)
    editor = directives(rules["/*"]["Content-Security-Policy"])
    # What Decap CMS needs, found in Chromium (docs/cms.md), and no more.
    assert editor["script-src"] == "'self' 'unsafe-eval'"
    assert editor["style-src"] == "'self' 'unsafe-inline'"
    assert "https://api.github.com" in editor["connect-src"]
    assert "http:" not in editor["connect-src"], "no decap-server in a publish"
    assert editor["frame-ancestors"] == "'none'"
    assert editor["object-src"] == "'none'"
    assert rules["/admin/*"]["X-Robots-Tag"] == "noindex, nofollow"
    assert rules["/admin/config.yml"]["Content-Type"].startswith("text/yaml")
    scripts = sorted((published_site.output / "admin").glob("*.js"))
    assert [re.sub(r"\.[0-9a-f]{10}\.", ".HASH.", p.name) for p in scripts] == [
        "decap-cms.HASH.js",
        "editor.HASH.js",
    ]
    for script in scripts:
        cached = rules[f"/admin/{script.name}"]["Cache-Control"]
        assert cached == "public, max-age=31536000, immutable"
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


def test_feeds_have_their_types_and_hashed_pictures_are_cached_for_good(
    published_site,
):
    rules = parse_headers(published_site)
    output = published_site.output
    feeds = [*sorted(output.glob("feeds/**/*.xml")), output / "feeds" / "all.json"]
    assert len(feeds) > 10
    for feed in feeds:
        headers = rules[f"/{feed.relative_to(output).as_posix()}"]
        kind = headers["Content-Type"]
        if feed.name.endswith(".rss.xml"):
            assert kind.startswith("application/rss+xml")
        elif feed.name.endswith(".atom.xml"):
            assert kind.startswith("application/atom+xml")
        else:
            assert kind.startswith("application/feed+json")
    hashed = [
        p
        for p in output.rglob("*")
        if re.search(r"\.[0-9a-f]{10}\.(webp|jpg|png)$", p.name)
    ]
    assert len(hashed) > 20
    for picture in hashed:
        headers = rules[f"/{picture.relative_to(output).as_posix()}"]
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


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
