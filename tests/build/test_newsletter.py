"""The sign-up form on built pages, and what a wrong or missing setting does."""

from __future__ import annotations

import json

import pytest

from support.site import ROOT, build

SITE = ROOT / "tests" / "fixtures" / "newsletter-site"


def forms(tree):
    return tree.xpath("//form[contains(@class,'newsletter-form')]")


def test_the_form_is_on_every_page_once_in_the_footer_unless_the_page_has_its_own(
    published_site,
):
    site = published_site
    for path in site.html_files():
        tree = site.page(path.relative_to(site.output).as_posix())
        forms_here = tree.xpath("//form[contains(@class,'newsletter-form')]")
        own = tree.xpath("//main//form[contains(@class,'newsletter-form')]")
        assert len(forms_here) == 1, path
        if not own:
            assert tree.xpath("//footer//form[contains(@class,'newsletter-form')]")
    assert site.page("newsletter/").xpath(
        "//main//form[contains(@class,'newsletter-form')]"
    )
    assert site.page("news/co-production-week-2025/").xpath("//main//form")
    # The campaign post says `Newsletter: no`.
    assert not site.page("campaigns/stop-suicide-chronic-pain/").xpath("//main//form")


def test_the_form_is_accessible_lawful_and_works_without_javascript(published_site):
    tree = published_site.page("newsletter/")
    for form in forms(tree):
        assert form.get("method") == "post"
        assert form.get("action").startswith("https://")
        email = form.xpath(".//input[@type='email']")[0]
        assert (
            email.get("autocomplete") == "email" and email.get("required") is not None
        )
        (label,) = form.xpath(f".//label[@for='{email.get('id')}']")
        assert label.text_content().strip() == "Email address"
        (trap,) = form.xpath(".//div[@aria-hidden='true']//input")
        assert trap.get("tabindex") == "-1" and trap.get("value") == ""
        assert not form.xpath(".//input[@type='checkbox'][@checked]")
        consent = form.xpath("string(.//p[@class='consent'])")
        for words in ("CPSL Mind", "bi-monthly newsletter", "unsubscribe at any time"):
            assert words in consent
        assert form.xpath(".//p[@class='consent']/a/@href")[0].endswith("/privacy/")
        assert form.xpath(".//button[@type='submit']")
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)), "two forms on a page keep their ids apart"


def test_the_privacy_page_names_the_provider(published_site):
    text = published_site.page("privacy/").xpath("string(//main)")
    assert "Newsletter sign-ups go straight from the form to Mailchimp" in text
    assert "unsubscribe" in text


def build_with(tmp_path, newsletter, settings="pelicanconf.py"):
    extra = () if newsletter is ... else ("-e", f"NEWSLETTER={json.dumps(newsletter)}")
    return build(SITE, tmp_path / "out", settings, *extra)


@pytest.mark.parametrize(
    ("newsletter", "words"),
    [
        ({"provider": "mailchimpp"}, "NEWSLETTER: unknown provider 'mailchimpp'"),
        ({"provider": "buttondown"}, "NEWSLETTER: 'username' is missing"),
        (
            {
                "provider": "generic",
                "action": "http://x.example/join",
                "provider_name": "X",
            },
            "NEWSLETTER: the form address 'http://x.example/join' is not https",
        ),
    ],
)
def test_a_wrong_setting_stops_a_publish_in_one_line(tmp_path, newsletter, words):
    result = build_with(tmp_path, newsletter, "publishconf.py")
    assert result.returncode != 0
    assert f"pelicanconf.py: error: {words}" in result.log
    assert "Traceback" not in result.log


def test_a_wrong_setting_in_preview_warns_and_builds_without_the_form(tmp_path):
    result = build_with(tmp_path, {"provider": "mailchimpp"})
    assert result.returncode == 0, result.log
    assert "NEWSLETTER: unknown provider 'mailchimpp'" in result.log
    tree = result.page("newsletter/")
    assert not forms(tree)
    assert tree.xpath("//footer//a[contains(@href,'newsletter/')]")


def test_none_publishes_without_a_form(tmp_path):
    result = build_with(tmp_path, None, "publishconf.py")
    assert result.returncode == 0, result.log
    assert not forms(result.page("newsletter/"))
    assert "no newsletter sign-up form" in result.page("privacy/").xpath(
        "string(//main)"
    )


def test_an_unconfigured_form_stops_a_publish_saying_what_to_set(tmp_path):
    override = tmp_path / "noform.py"
    override.write_text("from publishconf import *\ndel NEWSLETTER\n", encoding="utf-8")
    result = build(SITE, tmp_path / "out", str(override))
    assert result.returncode != 0
    assert "NEWSLETTER is not set" in result.log and "NEWSLETTER = None" in result.log
