"""Drawn link-preview cards: any title, however long or odd, is one quick card,
and never a row of empty boxes; titles no one can see are refused."""

from __future__ import annotations

import io
import time

import pytest
import resvg_py
from PIL import Image, ImageChops

from charity_site.pictures.card_steps import missing_glyphs_problem
from charity_site.pictures.cards import (
    CARD,
    CardText,
    card_font,
    card_text,
    drawn_card,
    wrap,
)
from charity_site.rules.reading import parse_source
from charity_site.rules.settings import CheckSettings
from charity_site.source.parse import MarkdownConverter
from support.site import ROOT

LOGO = bytes(
    resvg_py.svg_to_bytes(
        svg_string=(ROOT / "theme" / "static" / "favicon.svg").read_text("utf-8"),
        width=176,
        height=176,
    )
)


@pytest.mark.parametrize(
    "title", ["x" * 10_000, "word " * 2_000, "Łódź " * 600, "", "   "]
)
def test_a_long_or_empty_title_is_still_one_card_in_a_moment(title):
    started = time.monotonic()
    card = drawn_card(title, "CPSL Mind", "#1c4f8f", LOGO)
    # Generous for a noisy machine: a 2,000-character word once took minutes.
    assert time.monotonic() - started < 5
    assert card.size == CARD
    # The title is drawn: white pixels in the title area.
    title_area = card.crop((80, 230, 1120, 600)).convert("L")
    assert title_area.getextrema()[1] > 200


def test_a_word_wider_than_a_line_is_cut_to_lines_that_fit():
    font = card_font(76)
    lines = wrap("x" * 400, font, 1040)
    assert "".join(lines) == "x" * 400
    assert all(font.width(line) <= 1040 for line in lines)
    assert all(font.width(line + "x") > 1040 for line in lines[:-1]), "each line full"


def test_a_card_is_a_jpeg_without_metadata():
    from charity_site.pictures.cards import jpeg

    data = jpeg(drawn_card("A title", "CPSL Mind", "#1c4f8f", LOGO))
    with Image.open(io.BytesIO(data)) as card:
        assert card.format == "JPEG" and card.size == CARD
        assert not card.getexif()


def same_pixels(first: Image.Image, second: Image.Image) -> bool:
    return ImageChops.difference(first, second).getbbox() is None


def test_the_font_knows_its_own_characters_from_its_character_map():
    font = card_font(76)
    assert all(font.has(c) for c in "Aaz09 .,;:!?'’“”–—…£€Łódźçñ")
    assert not any(font.has(c) for c in "中文ع😀\u2028\ue000")


@pytest.mark.parametrize(
    ("title", "text", "missing"),
    [
        ("Łódź café", "Łódź café", ()),
        ("中文标题", "", ("中", "文", "标", "题")),
        ("Our fair 中文", "", ("中", "文")),  # half a title would mislead
        ("مرحبا", "", ("م", "ر", "ح", "ب", "ا")),
        ("Summer fair 🎉🎉", "Summer fair", ("🎉",)),
        ("❤️ Love", "Love", ("❤",)),  # the emoji's variation selector is invisible
        ("zero\u200bwidth\ufeff", "zerowidth", ()),
        ("\u202eReversed", "Reversed", ()),
        ("tab\tand\u2028line", "tab and line", ()),
        ("e\u0301te\u0301", "été", ()),  # decomposed accents drawn composed
    ],
)
def test_card_text_keeps_what_the_font_can_draw(title, text, missing):
    assert card_text(title) == CardText(text, missing)


def test_an_accented_letter_the_font_lacks_is_drawn_as_its_plain_letter():
    assert card_text("Croeso i'r Ŵyl 🎉") == CardText(
        "Croeso i'r Wyl", ("Ŵ", "🎉"), ("Ŵ",)
    )
    welsh = drawn_card("Croeso i'r ŵyl", "CPSL Mind", "#1c4f8f", LOGO)
    assert same_pixels(
        welsh, drawn_card("Croeso i'r wyl", "CPSL Mind", "#1c4f8f", LOGO)
    )
    problem = missing_glyphs_problem("news/gwyl.md", 1, "Croeso i'r ŵyl")
    assert problem is not None and "so the card draws ŵ as w —" in str(problem)


def test_a_title_in_a_script_the_font_lacks_gives_the_site_name_card_not_boxes():
    fallback = drawn_card("", "CPSL Mind", "#1c4f8f", LOGO)
    for title in ("中文标题", "مرحبا بكم", "Our open day 中文"):
        card = drawn_card(title, "CPSL Mind", "#1c4f8f", LOGO)
        assert card.size == CARD
        assert same_pixels(card, fallback), title
    # The fallback still says something in the title area (the site's name).
    assert fallback.crop((80, 230, 1120, 600)).convert("L").getextrema()[1] > 200


def test_an_emoji_is_left_out_of_the_card_and_the_rest_drawn():
    with_emoji = drawn_card("Summer fair 🎉", "CPSL Mind", "#1c4f8f", LOGO)
    assert same_pixels(
        with_emoji, drawn_card("Summer fair", "CPSL Mind", "#1c4f8f", LOGO)
    )


def test_a_title_the_font_cannot_draw_is_one_warning_at_the_title_line():
    problem = missing_glyphs_problem("news/open-day.md", 1, "Open day 中文")
    assert problem is not None and problem.severity == "warning"
    line = str(problem)
    assert line.startswith("news/open-day.md:1: warning: the link-preview card's font")
    assert "中 (U+4E2D), 文 (U+6587)" in line
    assert "shows the site's name instead of the title" in line
    assert line.endswith("[card-font]") and "\n" not in line
    emoji = missing_glyphs_problem("news/fair.md", 2, "Fair 🎉")
    assert emoji is not None and "so the card leaves it out —" in str(emoji)
    assert missing_glyphs_problem("news/fine.md", 1, "Łódź café – 2025") is None


TITLE_RULES = CheckSettings(sections=("news",))
CONVERTER = MarkdownConverter({"extensions": ["markdown.extensions.extra"]})


def title_problems(title: str) -> list[tuple[int, str, str]]:
    data = f"Date: 2025-06-26\nTitle: {title}\nSummary: s.\n\nBody.\n".encode()
    parsed = parse_source("news/x.md", data, CONVERTER, TITLE_RULES)
    return [(p.line, p.severity, p.rule) for p in parsed.problems]


@pytest.mark.parametrize(
    "title", ["\u200b\u200b\u200b", "\u200b \ufeff\u2060\u00ad\u200d", "\u200e\u200f"]
)
def test_a_title_of_invisible_characters_is_an_error(title):
    assert title_problems(title) == [(2, "error", "invisible-title")]


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_a_title_with_a_direction_control_is_an_error(control):
    assert title_problems(f"Open {control}day") == [(2, "error", "bidi-control")]


def test_a_title_with_a_zero_width_space_inside_words_is_fine():
    assert title_problems("Open\u200bday 中文") == []


def test_cards_of_two_brands_in_one_process_each_show_their_own():
    blue = drawn_card("A title", "CPSL Mind", "#1c4f8f", LOGO)
    drawn_card("Another title, drawn on its own copy", "CPSL Mind", "#1c4f8f", LOGO)
    red = drawn_card("A title", "Other Mind", "#7a1f2b", LOGO)
    assert blue.getpixel((5, 5)) == (0x1C, 0x4F, 0x8F)
    assert red.getpixel((5, 5)) == (0x7A, 0x1F, 0x2B)
    # The shared part is reused, never drawn on: the same card again is the same.
    assert same_pixels(blue, drawn_card("A title", "CPSL Mind", "#1c4f8f", LOGO))


def test_every_card_started_is_in_the_cache_once_drawing_finishes(tmp_path):
    from charity_site.pictures.card_steps import CardDrawing

    drawing = CardDrawing("CPSL Mind", "#1c4f8f", LOGO, tmp_path, "fixed")
    keys = {drawing.start(f"Post number {n}") for n in range(20)}
    assert drawing.start("Post number 3") in keys, "one card a title"
    drawing.finish()
    assert {p.stem for p in tmp_path.iterdir()} == keys
    for key in keys:
        with Image.open(tmp_path / f"{key}.jpg") as card:
            assert card.format == "JPEG" and card.size == CARD
