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


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 32 32">{}</svg>'
)


def logo_error(tmp_path, body: str | bytes) -> str:
    """The one line read_brand gives for a logo made of body."""
    logo = tmp_path / "logo.svg"
    if isinstance(body, bytes):
        logo.write_bytes(body)
    else:
        logo.write_text(body, "utf-8")
    with pytest.raises(BrandSettingError) as wrong:
        read_brand({"BRAND": {**GOOD, "logo": str(logo)}}, ROOT)
    message = str(wrong.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("drawing", "words"),
    [
        (
            '<image href="/etc/passwd" width="32" height="32"/>',
            "links to '/etc/passwd'",
        ),
        ('<image xlink:href="file:///etc/passwd"/>', "links to 'file:///etc/passwd'"),
        ('<image href="../../secrets.png"/>', "links to '../../secrets.png'"),
        ('<use href="https://evil.example/x.svg#a"/>', "links to 'https://evil"),
        ('<a href="https://evil.example/"><circle r="4"/></a>', "links to"),
        ('<a href="java&#9;script:alert(1)"><circle r="4"/></a>', "javascript:"),
        ("<script>alert(1)</script>", "has a <script> element"),
        (
            '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>',
            "has a <foreignObject> element",
        ),
        ('<circle r="4" onload="alert(1)"/>', "has an event handler (onload=)"),
        ('<circle r="4" ONCLICK="x()"/>', "has an event handler (onclick=)"),
        ('<set attributeName="xlink:href" to="#a"/>', "animates the xlink:href"),
        ('<circle r="4" style="fill:url(https://evil.example/p.svg#g)"/>', "url(https"),
        ('<circle r="4" fill="url(file:///etc/passwd)"/>', "url(file:"),
        ("<style>@import 'https://evil.example/x.css';</style>", "@import"),
        ("<style>circle{fill:u\\72l(https://evil.example/)}</style>", "CSS escape"),
        ("<title>javascript:alert(1)</title>", "javascript:"),
    ],
)
def test_a_logo_that_could_run_code_or_read_files_is_refused(tmp_path, drawing, words):
    message = logo_error(tmp_path, SVG.format(drawing))
    assert message.startswith("BRAND['logo'] logo.svg "), message
    assert words in message, message


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        b'<?xml-stylesheet href="https://evil.example/x.css"?>'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
)
def test_a_logo_with_a_dtd_entity_or_stylesheet_instruction_is_refused(tmp_path, data):
    message = logo_error(tmp_path, data)
    assert message.startswith(
        "BRAND['logo'] logo.svg has a DOCTYPE, ENTITY or <?processing instruction?>"
    ), message


def test_a_logo_over_100_kb_is_refused_naming_its_size(tmp_path):
    padding = "<!--" + "x" * 120_000 + "-->"
    message = logo_error(tmp_path, SVG.format(padding + '<circle r="4"/>'))
    assert message.startswith("BRAND['logo'] logo.svg is 120,"), message
    assert "100,000" in message


def test_a_logo_that_is_not_an_svg_is_refused(tmp_path):
    message = logo_error(tmp_path, "<html><body>hi</body></html>")
    assert message.startswith("BRAND['logo'] logo.svg is not an SVG"), message


def test_a_plain_logo_with_links_inside_itself_is_accepted(tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text(
        SVG.format(
            '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/>'
            '</linearGradient><circle id="c" r="4"/></defs>'
            "<style>circle{fill:url(#g)}</style>"
            '<use href="#c"/><use xlink:href="#c" x="8"/>'
            '<rect width="4" height="4" fill="url(#g)"/>'
        ),
        "utf-8",
    )
    assert read_brand({"BRAND": {**GOOD, "logo": str(logo)}}, ROOT).logo == logo


@pytest.mark.parametrize("key", ["donate_url", "volunteer_url"])
@pytest.mark.parametrize(
    "value",
    [
        "https://",
        "https:///donate",
        "https://:443/x",
        "//example.org/donate",
        "javascript:alert(1)",
        "https://user@evil.example/",
        'https://example.org/" onclick="x',
        "ftp://example.org/",
    ],
)
def test_a_brand_link_must_be_https_with_a_host(key, value):
    with pytest.raises(BrandSettingError) as wrong:
        read_brand({"BRAND": {**GOOD, key: value}}, ROOT)
    message = str(wrong.value)
    assert message.startswith(f"BRAND['{key}'] is "), message
    assert "\n" not in message


def test_a_good_brand_link_is_kept():
    brand = read_brand(
        {"BRAND": {**GOOD, "donate_url": " https://example.org/donate?x=1 "}}, ROOT
    )
    assert brand.donate_url == "https://example.org/donate?x=1"
