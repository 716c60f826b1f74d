"""Image_focus read as CSS object-position, and the crop a picture gets without it."""

from __future__ import annotations

import pytest

from charity_site.pictures.focus import PORTRAIT_DEFAULT, focus_for, object_position


@pytest.mark.parametrize(
    ("written", "css"),
    [
        ("top", "50% 0%"),
        ("Centre", "50% 50%"),
        (" bottom ", "50% 100%"),
        ("50% 20%", "50% 20%"),
        ("50%  20 %", "50% 20%"),
        ("0% 100%", "0% 100%"),
        ("33.5% 10%", "33.5% 10%"),
    ],
)
def test_words_and_two_percentages_are_read(written, css):
    assert object_position(written) == css


@pytest.mark.parametrize(
    "written",
    ["", "the face", "50%", "120% 10%", "50% 20% 10%", "50px 20px", "50% 20%;x:y"],
)
def test_anything_else_is_not(written):
    assert object_position(written) is None


def test_a_portrait_keeps_its_upper_part_and_a_wide_picture_its_middle():
    assert focus_for("", 900, 1600) == PORTRAIT_DEFAULT == "50% 25%"
    assert focus_for(None, 900, 1600) == PORTRAIT_DEFAULT
    assert focus_for("", 1600, 900) == ""  # the middle: CSS's own, no attribute
    assert focus_for("nonsense", 900, 1600) == PORTRAIT_DEFAULT  # reported, not used


def test_the_editors_focus_wins():
    assert focus_for("bottom", 900, 1600) == "50% 100%"
    assert focus_for("center", 900, 1600) == ""  # the middle, said by writing nothing
    assert focus_for("50% 20%", 1600, 900) == "50% 20%"
