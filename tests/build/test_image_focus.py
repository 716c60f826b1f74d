"""Cropped pictures keep their subject: the featured story and each card carry the
object-position of the post's Image_focus, or a portrait's upper part by default;
an unreadable focus is one warning line and the usual crop."""

from __future__ import annotations

import pytest
from PIL import Image

from support.site import Build, build_here, small_site

POST = """Title: {title}
Date: 2025-05-0{day}
Summary: A post with a {shape} picture.
Image: {{static}}/images/{shape}.jpg
Image_alt: A plain {shape} picture
{extra}
Words.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Build:
    """Four news posts: a featured portrait, then cards with and without a focus."""
    root = tmp_path_factory.mktemp("focus")
    content = small_site(root / "content")
    (content / "images").mkdir()
    Image.new("RGB", (900, 1600), (150, 90, 40)).save(content / "images" / "tall.jpg")
    Image.new("RGB", (1600, 900), (40, 90, 150)).save(content / "images" / "wide.jpg")
    for name, shape, day, extra in (
        ("featured", "tall", 4, "Featured: yes\n"),
        ("feet", "tall", 3, "Image_focus: bottom\n"),
        ("wide", "wide", 2, "Image_focus: 30% 60%\n"),
        ("odd", "wide", 1, "Image_focus: the face\n"),
    ):
        (content / "news" / f"{name}.md").write_text(
            POST.format(title=name.title(), day=day, shape=shape, extra=extra),
            encoding="utf-8",
        )
    built = build_here(content, root / "site", "publishconf.py")
    assert built.returncode == 0, built.log
    return built


def _position(img) -> str:
    style = img.get("style") or ""
    return style.removeprefix("object-position:") if style else ""


def test_the_featured_portrait_keeps_its_upper_part(site):
    (img,) = site.page("").xpath("//section[@class='featured']//img")
    assert "featured-image" in img.get("class")
    assert _position(img) == "50% 25%"


def test_each_card_uses_its_posts_focus(site):
    cards = {
        card.xpath("string(.//h2[@class='card-title'])").strip(): card.xpath(".//img")[
            0
        ]
        for card in site.page("news/").xpath("//article[contains(@class,'card')]")
        if card.xpath(".//img")
    }
    assert _position(cards["Featured"]) == "50% 25%"
    assert _position(cards["Feet"]) == "50% 100%"
    assert _position(cards["Wide"]) == "30% 60%"
    assert cards["Odd"].get("style") is None  # a wide picture: its middle


def test_the_post_page_does_not_crop_so_has_no_focus(site):
    (img,) = site.page("news/feet/").xpath("//figure[@class='hero']//img")
    assert img.get("style") is None


def test_an_unreadable_focus_is_one_warning_line(site):
    lines = [line for line in site.log.splitlines() if "[bad-image-focus]" in line]
    assert len(lines) == 1
    assert lines[0].startswith("news/odd.md:6: warning: 'Image_focus: the face'")
