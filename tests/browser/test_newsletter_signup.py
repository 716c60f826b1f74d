"""Each provider preset, sent with the keyboard only, posts exactly the right fields."""

from __future__ import annotations

import json

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


@pytest.mark.parametrize("preset", ["mailchimp", "buttondown", "listmonk", "generic"])
def test_keyboard_sign_up_posts_the_exact_fields(browser, tmp_path, preset):
    capture_port, site_port = free_port(), free_port()
    with capture_server(capture_port) as capture:
        setting, path, fields = presets(capture.url)[preset]
        result = build(
            SITE,
            tmp_path / "out",
            "pelicanconf.py",
            "-e",
            f"NEWSLETTER={json.dumps(setting)}",
        )
        assert result.returncode == 0, result.log
        context = browser.new_context()
        page = context.new_page()
        with serve(tmp_path / "out", site_port) as url:
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
        context.close()
    (post,) = capture.posts
    assert post["method"] == "POST"
    assert post["path"] == path
    assert post["content_type"].startswith("application/x-www-form-urlencoded")
    assert post["fields"] == fields


def test_axe_finds_no_violations_in_the_form(browser, tmp_path):
    port = free_port()
    setting = presets("https://lists.example.org")["mailchimp"][0]
    result = build(
        SITE,
        tmp_path / "out",
        "pelicanconf.py",
        "-e",
        f"NEWSLETTER={json.dumps(setting)}",
    )
    assert result.returncode == 0, result.log
    context = browser.new_context()
    page = context.new_page()
    with serve(tmp_path / "out", port) as url:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.goto(url + "/newsletter/")
            options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
            results = Axe().run(page, context="form.newsletter-form", options=options)
            assert results.response["violations"] == []
            assert results.response["passes"], "axe looked at the form"
    context.close()
