"""The IMAGES setting, read into a validated, immutable object. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

DEFAULTS: dict[str, object] = {
    "widths": (480, 800, 1200, 1600),
    "full_max_width": 2000,
    "jpeg_quality": 80,
    "webp_quality": 78,
    # 40 megapixels: a picture not decoded reduced (PNG, WebP) then needs about
    # 160 MB a copy in RGBA, and the pipeline holds at most three: under 500 MB.
    "max_pixels": 40_000_000,
    "cache_path": ".cache/images",
    "workers": 0,
    "sizes": "(min-width: 48rem) 44rem, calc(100vw - 2rem)",
}


class ImageSettingError(ValueError):
    """A wrong IMAGES setting; the message says which key and what to write."""


@dataclass(frozen=True)
class ImageSettings:
    """How images are processed (see docs/settings.md)."""

    widths: tuple[int, ...]
    full_max_width: int
    jpeg_quality: int
    webp_quality: int
    max_pixels: int
    cache_path: Path
    workers: int
    sizes: str
    # From BRAND, not IMAGES: what a transparent or oddly shaped picture is
    # set on for its link-preview card.
    card_background: str = "#ffffff"

    def fingerprint(self) -> str:
        """What a cached variant depends on (not the cache place nor the workers)."""
        parts = (
            self.widths,
            self.full_max_width,
            self.jpeg_quality,
            self.webp_quality,
            self.card_background,
        )
        return repr(parts)


def _positive_int(key: str, value: object, low: int = 1, high: int = 10**9) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not low <= value <= high
    ):
        raise ImageSettingError(
            f"IMAGES['{key}'] is {value!r}: use a whole number from {low} to {high}"
        )
    return value


def read_image_settings(settings: Mapping[str, object], base: Path) -> ImageSettings:
    """Merge IMAGES over the defaults and validate it; never changes settings."""
    given = settings.get("IMAGES") or {}
    if not isinstance(given, Mapping):
        raise ImageSettingError(
            "IMAGES must be a dict, for example {'widths': [480, 800]}"
        )
    known = {f.name for f in fields(ImageSettings)} - {"card_background"}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ImageSettingError(
            f"IMAGES has unknown key(s) {', '.join(unknown)}: "
            f"use {', '.join(sorted(known))}"
        )
    merged = {**DEFAULTS, **given}
    widths = merged["widths"]
    if not isinstance(widths, list | tuple) or not widths:
        raise ImageSettingError("IMAGES['widths'] must be a list like [480, 800, 1200]")
    clean_widths = tuple(
        sorted({_positive_int("widths", w, 16, 10_000) for w in widths})
    )
    cache = Path(str(merged["cache_path"]))
    return ImageSettings(
        widths=clean_widths,
        full_max_width=_positive_int(
            "full_max_width", merged["full_max_width"], 16, 20_000
        ),
        jpeg_quality=_positive_int("jpeg_quality", merged["jpeg_quality"], 1, 95),
        webp_quality=_positive_int("webp_quality", merged["webp_quality"], 1, 100),
        max_pixels=_positive_int("max_pixels", merged["max_pixels"], 1),
        cache_path=cache if cache.is_absolute() else base / cache,
        workers=_positive_int("workers", merged["workers"], 0, 256)
        if merged["workers"] != 0
        else 0,
        sizes=str(merged["sizes"]),
        card_background=str(
            (settings.get("BRAND") or {}).get("background", "#ffffff")  # type: ignore[union-attr]
        ),
    )
