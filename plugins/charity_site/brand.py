"""The charity's brand, from the BRAND setting: colours, logo, footer facts. Pure.

Checked once at start-up: a colour pair that people could not read (under the
WCAG AA contrast of 4.5:1 for text) is a one-line error naming the setting, so
a brand change can never make the site harder to read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

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


class BrandSettingError(ValueError):
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
    try:  # drawn for the favicon and the cards: a broken file is one line here
        import resvg_py

        resvg_py.svg_to_bytes(
            svg_string=logo.read_text(encoding="utf-8"),
            width=32,
            height=32,
            skip_system_fonts=True,
        )
    except (ValueError, UnicodeDecodeError) as problem:
        raise BrandSettingError(
            f"BRAND['logo'] {logo.name} cannot be drawn ({problem}): save it again "
            "as a plain SVG file"
        ) from None
    links = {}
    for key in ("donate_url", "volunteer_url"):
        value = str(raw.get(key, "") or "").strip()
        if value and not value.startswith("https://"):
            raise BrandSettingError(
                f"BRAND['{key}'] is {value!r}: give a full https:// address, or leave "
                "it out"
            )
        links[key] = value
    return Brand(
        logo=logo,
        charity_number=str(raw.get("charity_number", "") or "").strip(),
        registered_address=str(raw.get("registered_address", "") or "").strip(),
        **colours,
        **links,
    )
