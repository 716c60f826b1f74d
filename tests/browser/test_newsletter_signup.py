"""Each provider preset, sent with the keyboard only, posts exactly the right fields;
and under the headers a host that reads `_headers` sends, nothing blocks the post."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qsl

import pytest
from axe_playwright_python.sync_playwright import Axe

from charity_site.hosting.headers import host_headers, parse_headers_file
from support.capture import capture_server
from support.host_headers import serve_as_host
from support.server import free_port, serve
from support.site import ROOT, build

SITE = ROOT / "tests" / "fixtures" / "newsletter-site"
EMAIL = "reader@example.org"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def presets(capture_url: str) -> dict[str, tuple[dict, str, list[tuple[str, str]]]]:
    """Setting, expected path and expected fields, per preset."""
    return {
        "mailchimp": (
            {
                "provider": "mailchimp",
                "dc": "us21",
                "u": "abc123",
                "id": "list9",
                "ask_name": True,
                "action": f"{capture_url}/subscribe/post?u=abc123&id=list9",
            },
            "/subscribe/post?u=abc123&id=list9",
            [("EMAIL", EMAIL), ("FNAME", ""), ("b_abc123_list9", "")],
        ),
        "buttondown": (
            {
                "provider": "buttondown",
                "username": "cpsl",
                "action": f"{capture_url}/api/emails/embed-subscribe/cpsl",
            },
            "/api/emails/embed-subscribe/cpsl",
            [("email", EMAIL), ("embed", "1")],
        ),
        "listmonk": (
            {
                "provider": "listmonk",
                "root": capture_url,
                "lists": ["uuid-one", "uuid-two"],
            },
            "/subscription/form",
            [("email", EMAIL), ("l", "uuid-one"), ("l", "uuid-two"), ("nonce", "")],
        ),
        "generic": (
            {
                "provider": "generic",
                "provider_name": "Example Mail",
                "action": f"{capture_url}/join",
                "email_field": "address",
                "hidden": {"list": "7", "source": "website"},
                "honeypot": "website_url",
            },
            "/join",
            [
                ("address", EMAIL),
                ("list", "7"),
                ("source", "website"),
                ("website_url", ""),
            ],
        ),
    }


@contextmanager
def site_with(browser, folder, setting: dict) -> Iterator[tuple[object, str]]:
    """The fixture site built with this NEWSLETTER, served, and a fresh tab."""
    override = f"NEWSLETTER={json.dumps(setting)}"
    result = build(SITE, folder / "out", "pelicanconf.py", "-e", override)
    assert result.returncode == 0, result.log
    context = browser.new_context()
    try:
        with serve(folder / "out", free_port()) as url:
            yield context.new_page(), url
    finally:
        context.close()


@pytest.mark.parametrize("preset", ["mailchimp", "buttondown", "listmonk", "generic"])
def test_keyboard_sign_up_posts_the_exact_fields(browser, tmp_path, preset):
    with capture_server(free_port()) as capture:
        setting, path, fields = presets(capture.url)[preset]
        with site_with(browser, tmp_path, setting) as (page, url):
            page.goto(url + "/newsletter/")
            target = "nl-page-email"
            for _ in range(80):  # Tab through the page until the form's email field
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.id") == target:
                    break
            else:
                pytest.fail("Tab never reached the email field")
            page.keyboard.type(EMAIL)
            page.keyboard.press("Enter")
            assert capture.received.wait(10), "the form was not submitted"
            page.wait_for_load_state()
            assert page.locator("h1").inner_text() == "Thanks for signing up"
    (post,) = capture.posts
    assert post["method"] == "POST"
    assert post["path"] == path
    assert post["content_type"].startswith("application/x-www-form-urlencoded")
    assert post["fields"] == fields


def test_axe_finds_no_violations_in_the_form(browser, tmp_path):
    setting = presets("https://lists.example.org")["mailchimp"][0]
    with site_with(browser, tmp_path, setting) as (page, url):
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(url + "/newsletter/")
            options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
            results = Axe().run(page, context="form.newsletter-form", options=options)
            assert results.response["violations"] == []
            assert results.response["passes"], "axe looked at the form"


PROVIDER = "https://lists.example.org"  # no network here: routed to a stub below
CSP = "content-security-policy"
THANKS = "<!doctype html><title>Thanks</title><h1>Thanks for signing up</h1>"
FILM = (
    "Title: A post with a film\nDate: 2025-05-03\nSummary: A film.\n\n"
    '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
    'title="A film about the cafe"></iframe>\n'
)


def test_sign_up_and_a_video_work_under_the_headers_a_joining_host_sends(
    browser, tmp_path
):
    """Cloudflare Pages joins every `_headers` rule that matches an address.

    When /* carried the editor's policy, every page got it as well as the
    strict one, and its `form-action 'self'` blocked the post to the provider
    and its `frame-src 'self'` the video. Served here as that host serves it.
    """
    content = shutil.copytree(SITE, tmp_path / "content")
    (content / "news" / "film.md").write_text(FILM, encoding="utf-8")
    setting = {**presets(PROVIDER)["mailchimp"][0]}
    setting["action"] = f"{PROVIDER}/subscribe/post?u=abc123&id=list9"
    override = f"NEWSLETTER={json.dumps(setting)}"
    result = build(content, tmp_path / "out", "pelicanconf.py", "-e", override)
    assert result.returncode == 0, result.log
    rules = parse_headers_file((tmp_path / "out" / "_headers").read_text("utf-8"))
    (policy,) = host_headers(rules, "/newsletter/")["content-security-policy"]
    assert f"form-action 'self' {PROVIDER}" in policy

    posts: list[dict] = []

    def provider(route):
        request = route.request
        posts.append({"method": request.method, "fields": request.post_data})
        route.fulfill(status=200, content_type="text/html", body=THANKS)

    def video(route):
        route.fulfill(status=200, content_type="text/html", body="<p>the film</p>")

    context = browser.new_context()
    blocked: list[str] = []
    try:
        context.route(f"{PROVIDER}/**", provider)
        context.route("https://www.youtube-nocookie.com/**", video)
        page = context.new_page()
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security" in m.text else None,
        )
        with serve_as_host(tmp_path / "out", free_port()) as url:
            response = page.goto(url + "/newsletter/")
            assert response is not None
            sent = response.headers_array()
            policies = [
                h for h in sent if h["name"].lower() == "content-security-policy"
            ]
            assert [h["value"] for h in policies] == [policy], "one policy, the site's"
            page.fill("#nl-page-email", EMAIL)
            with page.expect_request(f"{PROVIDER}/**", timeout=10_000):
                page.keyboard.press("Enter")
            page.wait_for_load_state()
            assert page.locator("h1").inner_text() == "Thanks for signing up"

            page.goto(url + "/news/film/")
            frame = page.frame_locator("iframe[src*='youtube-nocookie.com']")
            assert frame.locator("p").inner_text(timeout=10_000) == "the film"
    finally:
        context.close()
    assert blocked == []
    (post,) = posts
    assert post["method"] == "POST"
    assert ("EMAIL", EMAIL) in parse_qsl(post["fields"], keep_blank_values=True)
