"""BRAND: colours people can read, an SVG logo, https links; one line when wrong."""

from __future__ import annotations

import pytest

from charity_site.brand import BrandSettingError, contrast, read_brand
from support.site import ROOT

GOOD = {
    "logo": "theme/static/favicon.svg",
    "primary": "#1c4f8f",
    "accent": "#7a1f2b",
    "background": "#fffdf8",
}


def test_contrast_is_the_wcag_ratio():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_a_good_brand_reads_and_gives_the_light_scheme_colours():
    brand = read_brand({"BRAND": {**GOOD, "charity_number": " 1234567 "}}, ROOT)
    assert brand.charity_number == "1234567"
    assert (
        "--link:#1c4f8f" in brand.css() and "prefers-color-scheme:light" in brand.css()
    )


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"primary": "#77aaff"}, "BRAND['primary'] #77aaff has a contrast of"),
        ({"accent": "#ff8888"}, "BRAND['accent'] #ff8888 has a contrast of"),
        ({"background": "#1c4f8e"}, "BRAND['primary'] #1c4f8f has a contrast of"),
        ({"primary": "blue"}, "BRAND['primary'] is 'blue': write a colour like"),
        ({"logo": "theme/static/nothing.svg"}, "BRAND['logo'] is"),
        ({"donate_url": "http://example.org"}, "BRAND['donate_url'] is"),
        ({"colour": "#000000"}, "BRAND['colour'] is not a brand setting"),
    ],
)
def test_each_wrong_value_is_one_line_naming_the_setting(change, words):
    with pytest.raises(BrandSettingError) as wrong:
        read_brand({"BRAND": {**GOOD, **change}}, ROOT)
    message = str(wrong.value)
    assert message.startswith(words), message
    assert "\n" not in message


def test_a_logo_that_cannot_be_drawn_is_one_line(tmp_path):
    broken = tmp_path / "logo.svg"
    broken.write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle', "utf-8")
    with pytest.raises(BrandSettingError) as wrong:
        read_brand({"BRAND": {**GOOD, "logo": str(broken)}}, ROOT)
    message = str(wrong.value)
    assert message.startswith("BRAND['logo'] logo.svg cannot be drawn (")
    assert "\n" not in message
