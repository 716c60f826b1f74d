"""Each provider preset, sent with the keyboard only, posts exactly the right fields."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from axe_playwright_python.sync_playwright import Axe

from support.capture import capture_server
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
