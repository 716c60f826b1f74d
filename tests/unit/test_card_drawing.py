"""Drawn link-preview cards: any title, however long or odd, is one quick card."""

from __future__ import annotations

import io
import time

import pytest
import resvg_py
from PIL import Image

from charity_site.pictures.cards import CARD, card_font, drawn_card, wrap
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

    data = jpeg(drawn_card("A title", "CPSL Mind", "#1c4f8f", LOGO), 85)
    with Image.open(io.BytesIO(data)) as card:
        assert card.format == "JPEG" and card.size == CARD
        assert not card.getexif()
