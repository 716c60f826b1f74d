"""Debian's nginx, with deploy/nginx.conf, serves a published site with its headers,
compressed files, feed types, the 404 page and the redirects."""

from __future__ import annotations

import gzip
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support.ci import require
from support.nginx import NGINX, nginx_serving
from support.site import build_here


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, **headers: str):
    """(status, headers, body) of one GET, redirects not followed."""
    opener = urllib.request.build_opener(NoRedirects)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (127.0.0.1)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers, answer.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory, sample_content, cache):
    if not Path(NGINX).exists():
        require("nginx", "nginx is not installed (apt-get install nginx)")
    work = tmp_path_factory.mktemp("nginx")
    content = shutil.copytree(sample_content, work / "content")
    (content / "redirects.txt").write_text("/about-us/ /about/\n", "utf-8")
    site = work / "site"
    # The publish build (`invoke publish` runs it, then swaps the folder in),
    # in this process, with the session's cache.
    published = build_here(
        content, site, "publishconf.py", "--fatal", "warnings", cache=cache
    )
    assert published.returncode == 0, published.log
    with nginx_serving(site, work) as base:
        yield base, site


def test_pages_come_with_the_security_headers(served):
    base, site = served
    status, headers, body = fetch(base + "/news/")
    assert status == 200
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert body == (site / "news" / "index.html").read_bytes()
    # Checked again within minutes, never left to a browser's guess.
    assert headers.get_all("Cache-Control") == ["public, max-age=300, must-revalidate"]


def test_precompressed_files_are_served_to_browsers_that_accept_them(served):
    base, site = served
    status, headers, body = fetch(base + "/", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (site / "index.html").read_bytes()


def test_feeds_have_their_types_and_pictures_are_cached_for_good(served):
    base, site = served
    for path, kind in (
        ("/feeds/all.rss.xml", "application/rss+xml"),
        ("/feeds/all.atom.xml", "application/atom+xml"),
        ("/feeds/all.json", "application/feed+json"),
    ):
        status, headers, _body = fetch(base + path)
        assert status == 200
        assert headers["Content-Type"].startswith(kind), path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers.get_all("Cache-Control") == [
            "public, max-age=300, must-revalidate"
        ]
    picture = next(site.rglob("*-800w.*.webp")).relative_to(site).as_posix()
    status, headers, _body = fetch(f"{base}/{picture}")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_calendars_are_text_calendar_for_calendar_apps(served):
    # Debian's mime.types has no .ics: it was application/octet-stream, which
    # calendar apps refuse to subscribe to.
    base, site = served
    calendars = sorted(site.rglob("*.ics"))
    assert site / "events" / "calendar.ics" in calendars and len(calendars) > 1
    for calendar in calendars:
        path = "/" + calendar.relative_to(site).as_posix()
        status, headers, body = fetch(base + path)
        assert status == 200, path
        assert headers.get_all("Content-Type") == ["text/calendar; charset=utf-8"]
        assert body == calendar.read_bytes()
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers.get_all("Cache-Control") == [
            "public, max-age=300, must-revalidate"
        ]
    # The compressed twin goes to a browser that accepts gzip, with the same type.
    status, headers, body = fetch(
        base + "/events/calendar.ics", **{"Accept-Encoding": "gzip"}
    )
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert gzip.decompress(body) == (site / "events" / "calendar.ics").read_bytes()


def test_a_missing_page_is_the_404_page_with_status_404(served):
    base, site = served
    status, _headers, body = fetch(base + "/no/such/page/")
    assert status == 404
    assert body == (site / "404.html").read_bytes()
    assert fetch(base + "/_headers")[0] == 404, "host files are not served"


def test_an_old_address_is_redirected_permanently(served):
    base, _site = served
    status, headers, _body = fetch(base + "/about-us/")
    assert status == 301
    assert headers["Location"].endswith("/about/")


def test_the_editor_has_its_own_policy_and_the_site_keeps_the_strict_one(served):
    base, site = served
    status, headers, body = fetch(base + "/admin/")
    assert status == 200
    assert body == (site / "admin" / "index.html").read_bytes()
    # One policy, the editor's: nginx never adds the strict one as well.
    (policy,) = headers.get_all("Content-Security-Policy")
    assert "script-src 'self' 'unsafe-eval'" in policy
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers.get_all("Cache-Control") == ["public, max-age=300, must-revalidate"]
    (script,) = (site / "admin").glob("decap-cms.*.js")
    status, headers, _body = fetch(f"{base}/admin/{script.name}")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"].startswith("application/javascript")
    assert "unsafe-eval" in headers["Content-Security-Policy"]
    status, headers, _body = fetch(base + "/admin/config.yml")
    assert status == 200
    assert headers["Content-Type"].startswith("text/yaml")
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    for path in ("/", "/news/", "/no/such/page/", "/admin/no-such-file"):
        _status, headers, _body = fetch(base + path)
        (strict,) = headers.get_all("Content-Security-Policy")
        assert "unsafe-eval" not in strict, path
        assert "unsafe-inline" not in strict.split("style-src ", 1)[1].split(";")[0]
