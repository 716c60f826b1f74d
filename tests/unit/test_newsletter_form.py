"""NEWSLETTER presets and their validation."""

from __future__ import annotations

import pytest

from charity_site.newsletter.form import NewsletterSettingError, read_newsletter

MAILCHIMP = {"provider": "mailchimp", "dc": "us21", "u": "abc123", "id": "list9"}


def test_mailchimp_preset():
    form = read_newsletter(MAILCHIMP, publishing=True)
    assert (
        form.action == "https://us21.list-manage.com/subscribe/post?u=abc123&id=list9"
    )
    assert (form.email_field, form.honeypot, form.name_field) == (
        "EMAIL",
        "b_abc123_list9",
        None,
    )
    assert (
        read_newsletter({**MAILCHIMP, "ask_name": True}, publishing=True).name_field
        == "FNAME"
    )


def test_buttondown_preset():
    form = read_newsletter(
        {"provider": "buttondown", "username": "cpsl"}, publishing=True
    )
    assert form.action == "https://buttondown.com/api/emails/embed-subscribe/cpsl"
    assert form.email_field == "email" and form.hidden == (("embed", "1"),)


def test_listmonk_preset_posts_every_list_id_and_an_empty_nonce():
    config = {
        "provider": "listmonk",
        "root": "https://lists.example.org/",
        "lists": ["a1", "b2"],
    }
    form = read_newsletter(config, publishing=True)
    assert form.action == "https://lists.example.org/subscription/form"
    assert form.hidden == (("l", "a1"), ("l", "b2"))
    assert form.honeypot == "nonce"


def test_generic_form():
    config = {
        "provider": "generic",
        "action": "https://forms.example.org/join",
        "provider_name": "Example Mail",
        "email_field": "address",
        "hidden": {"list": "7"},
        "honeypot": "website",
    }
    form = read_newsletter(config, publishing=True)
    assert (form.action, form.email_field, form.hidden, form.honeypot) == (
        "https://forms.example.org/join",
        "address",
        (("list", "7"),),
        "website",
    )


def test_none_switches_the_form_off():
    assert read_newsletter(None, publishing=True) is None


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ({"provider": "mailchimpp"}, "unknown provider 'mailchimpp'"),
        ({"provider": "mailchimp", "dc": "us21", "u": "abc"}, "'id' is missing"),
        (
            {"provider": "listmonk", "root": "https://l.example.org", "lists": []},
            "'lists'",
        ),
        ({**MAILCHIMP, "colour": "blue"}, "unknown key(s) colour"),
        (
            {"provider": "generic", "action": "ftp://x", "provider_name": "X"},
            "not a web address",
        ),
    ],
)
def test_wrong_settings_are_one_line(config, words):
    with pytest.raises(NewsletterSettingError) as raised:
        read_newsletter(config, publishing=False)
    message = str(raised.value)
    assert (
        words in message and "\n" not in message and message.startswith("NEWSLETTER: ")
    )


def test_a_published_form_must_use_https_but_a_preview_may_not():
    config = {**MAILCHIMP, "action": "http://127.0.0.1:9/subscribe"}
    assert (
        read_newsletter(config, publishing=False).action
        == "http://127.0.0.1:9/subscribe"
    )
    with pytest.raises(NewsletterSettingError, match="not https"):
        read_newsletter(config, publishing=True)
