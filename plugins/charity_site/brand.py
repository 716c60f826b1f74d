"""The charity's brand, from the BRAND setting: colours, logo, footer facts. Pure.

Checked once at start-up: a colour pair that people could not read (under the
WCAG AA contrast of 4.5:1 for text) is a one-line error naming the setting, so
a brand change can never make the site harder to read. The logo is published
as it is at /logo.svg, on the site's own address, and drawn by resvg (which
reads any file an <image> names): so it must be a plain drawing, with no
script, event handler, link out of the file, embedded page or DTD.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from .settings import BadSetting

WHITE = "#ffffff"
AA_TEXT = 4.5  # WCAG 2.2 AA, normal text
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
KEYS = {
    "logo",
    "primary",
    "accent",
    "background",
    "charity_number",
    "registered_address",
    "donate_url",
    "volunteer_url",
}
URL_KEYS = ("donate_url", "volunteer_url")
MAX_LOGO = 100_000  # bytes: a logo is a few KB; more is a pasted photo or worse
# Elements that run code or show another document: never in a published logo.
ACTIVE_ELEMENTS = {
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
}
# Attributes that name another resource: only a same-file "#fragment" is kept.
LINK_ATTRIBUTES = {"href", "src"}
# A DTD can define entities (XXE, billion laughs); a processing instruction
# (<?xml-stylesheet?>) makes a browser load a stylesheet from elsewhere.
_DTD_OR_PI = re.compile(rb"<!DOCTYPE|<!ENTITY|<\?(?!xml[ \t\r\n])", re.IGNORECASE)
_URL = re.compile(r"url\(\s*(['\"]?)\s*([^'\")]*)", re.IGNORECASE)
# Browsers ignore these inside a URL's scheme ("java\tscript:" still runs).
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


class BrandSettingError(BadSetting):
    """A BRAND value the site cannot use; str() names the key and the fix."""


@dataclass(frozen=True)
class Brand:
    """The brand as the theme and the link-preview cards use it."""

    logo: Path  # an SVG file
    primary: str  # links, buttons, the background of text cards
    accent: str  # the "Get help now" button
    background: str  # the page background (light scheme)
    charity_number: str = ""
    registered_address: str = ""
    donate_url: str = ""
    volunteer_url: str = ""

    def css(self) -> str:
        """The light scheme's colour variables (the dark scheme keeps the theme's)."""
        return (
            f"@media (prefers-color-scheme:light){{:root{{--link:{self.primary};"
            f"--accent:{self.primary};--help-bg:{self.accent};--bg:{self.background}}}}}"
        )


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The WCAG relative luminance of a #rrggbb colour."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _local(name: object) -> str:
    """An element's or attribute's name without its namespace, lower-cased."""
    return etree.QName(name).localname.lower() if isinstance(name, str) else ""


def _outside_link(css: str) -> str | None:
    """The first url(...) in css that leaves the file, or an @import or escape."""
    if "@import" in css.lower():
        return "@import"
    if "\\" in css:  # a CSS escape can spell url( or a scheme past any check
        return "a CSS escape (\\)"
    for found in _URL.finditer(css):
        if not found.group(2).strip().startswith("#"):
            return f"url({found.group(2).strip()[:60]})"
    return None


def logo_problem(data: bytes) -> str | None:
    """What makes an SVG unsafe to publish or draw, in a few words; None if safe.

    Parsed with no DTD, no entities and no network, so nothing is fetched or
    expanded while looking; anything unusual is refused rather than cleaned.
    """
    if len(data) > MAX_LOGO:
        return f"is {len(data):,} bytes, over the {MAX_LOGO:,} a logo may be"
    if _DTD_OR_PI.search(data):
        return "has a DOCTYPE, ENTITY or <?processing instruction?>"
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as problem:
        return f"cannot be drawn ({' '.join(str(problem).split())})"
    if _local(root.tag) != "svg":
        return f"is not an SVG (it starts with <{_local(root.tag) or '?'}>)"
    for element in root.iter():
        name = _local(element.tag)
        if not name:  # a processing instruction or entity inside the drawing
            return "has a <?processing instruction?> or an entity"
        if name in ACTIVE_ELEMENTS:
            return f"has a <{etree.QName(element.tag).localname}> element"
        if name == "style" and (found := _outside_link(element.text or "")):
            return f"has a style with {found}"
        text = f"{element.text or ''}{element.tail or ''}"
        if "javascript:" in _IGNORED_IN_URLS.sub("", text).lower():
            return "has 'javascript:' in its text"
        for attribute, value in element.attrib.items():
            key = _local(attribute)
            squeezed = _IGNORED_IN_URLS.sub("", value).lower()
            if key.startswith("on"):
                return f"has an event handler ({key}=)"
            if "javascript:" in squeezed:
                return f"has 'javascript:' in {key}="
            if key in LINK_ATTRIBUTES and not value.strip().startswith("#"):
                return f"links to {value.strip()[:60]!r} ({key}=)"
            # <set attributeName="href" to="..."> would change a link after load.
            target = value.strip().rsplit(":", 1)[-1].lower()
            if key == "attributename" and (
                target in LINK_ATTRIBUTES or target.startswith("on")
            ):
                return f"animates the {value.strip()} attribute"
            if found := _outside_link(value):
                return f"has {found} in {key}="
    return None


def _checked_url(key: str, raw: Mapping[str, object]) -> str:
    """A BRAND link: empty, or https:// with a host; one line naming key if not."""
    value = str(raw.get(key, "") or "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    try:
        host = parts.hostname
    except ValueError:
        host = None
    if (
        parts.scheme != "https"
        or not host
        or parts.username is not None
        or re.search(r"[\s\"'<>\\`]", value)
    ):
        raise BrandSettingError(
            f"BRAND['{key}'] is {value!r}: give a full https:// address with the "
            "site's name, like 'https://example.org/donate', or leave it out"
        )
    return value


def read_brand(settings: Mapping[str, object], root: Path) -> Brand:
    """The BRAND setting, checked: raise BrandSettingError with one line if wrong."""
    raw = settings.get("BRAND") or {}
    if not isinstance(raw, Mapping):
        raise BrandSettingError("BRAND must be a dict (see docs/settings.md)")
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise BrandSettingError(
            f"BRAND['{unknown[0]}'] is not a brand setting: use "
            + ", ".join(sorted(KEYS))
        )
    colours = {}
    for key in ("primary", "accent", "background"):
        value = str(raw.get(key, "")).strip()
        if not _HEX.match(value):
            raise BrandSettingError(
                f"BRAND['{key}'] is {value!r}: write a colour like '#1c4f8f'"
            )
        colours[key] = value.lower()
    for key, against, where in (
        ("primary", WHITE, "white text on buttons and link previews"),
        ("primary", colours["background"], "links on the page background"),
        ("accent", WHITE, "the white 'Get help now' text"),
    ):
        ratio = contrast(colours[key], against)
        if ratio < AA_TEXT:
            raise BrandSettingError(
                f"BRAND['{key}'] {colours[key]} has a contrast of {ratio:.2f}:1 with "
                f"{where}, under the 4.5:1 people need: choose a darker colour"
            )
    logo = root / str(raw.get("logo", ""))
    if not raw.get("logo") or logo.suffix.lower() != ".svg" or not logo.is_file():
        raise BrandSettingError(
            f"BRAND['logo'] is {raw.get('logo')!r}: give an SVG file in the "
            "project, like 'theme/static/favicon.svg'"
        )
    try:
        size = logo.stat().st_size
        data = logo.read_bytes() if size <= MAX_LOGO else b""
    except OSError as problem:
        raise BrandSettingError(
            f"BRAND['logo'] {logo.name} cannot be read ({problem.strerror}): check "
            "the file"
        ) from None
    if size > MAX_LOGO:  # not read at all: the size alone refuses it
        raise BrandSettingError(
            f"BRAND['logo'] {logo.name} is {size:,} bytes, over the {MAX_LOGO:,} a "
            "logo may be: export it again as a plain SVG, without embedded pictures"
        )
    # Checked before resvg ever sees it: resvg would read a file an <image> names.
    wrong = logo_problem(data)
    if wrong:
        raise BrandSettingError(
            f"BRAND['logo'] {logo.name} {wrong}: the logo is published as it is "
            "(/logo.svg), so export it again as a plain SVG drawing, with no "
            "scripts, links or embedded files"
        )
    try:  # drawn for the favicon and the cards: a broken file is one line here
        import resvg_py

        resvg_py.svg_to_bytes(
            svg_string=data.decode("utf-8"),
            width=32,
            height=32,
            skip_system_fonts=True,
        )
    except (ValueError, UnicodeDecodeError) as problem:
        raise BrandSettingError(
            f"BRAND['logo'] {logo.name} cannot be drawn ({problem}): save it again "
            "as a plain SVG file"
        ) from None
    links = {key: _checked_url(key, raw) for key in URL_KEYS}
    return Brand(
        logo=logo,
        charity_number=str(raw.get("charity_number", "") or "").strip(),
        registered_address=str(raw.get("registered_address", "") or "").strip(),
        **colours,
        **links,
    )
