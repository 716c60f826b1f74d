"""The IMAGES setting, read into a validated, immutable object. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..settings import DERIVED, BadSetting, limits, read_fields


class ImageSettingError(BadSetting):
    """A wrong IMAGES setting; the message says which key and what to write."""


@dataclass(frozen=True)
class ImageSettings:
    """How images are processed (see docs/settings.md).

    Each settable field is an IMAGES key and its default (written only here).
    """

    widths: tuple[int, ...] = field(
        default=(480, 800, 1200, 1600),
        metadata=limits(low=16, high=10_000, min_items=1),
    )
    full_max_width: int = field(default=2000, metadata=limits(low=16, high=20_000))
    # The qualities are the charity's to set; how hard each encoder works for
    # them was measured, bytes against seconds, beside pipeline.JPEG_OPTIONS.
    jpeg_quality: int = field(default=80, metadata=limits(low=1, high=95))
    webp_quality: int = field(default=78, metadata=limits(low=1, high=100))
    # 40 megapixels: a picture not decoded reduced (PNG, WebP) then needs about
    # 160 MB a copy in RGBA, and the pipeline holds at most three: under 500 MB.
    max_pixels: int = field(default=40_000_000, metadata=limits(low=1, high=10**9))
    # A relative cache_path is in the project folder.
    cache_path: Path = field(default=Path(".cache/images"))
    workers: int = field(default=0, metadata=limits(low=0, high=256))  # 0: a core each
    sizes: str = field(default="(min-width: 48rem) 44rem, calc(100vw - 2rem)")
    # From BRAND, not IMAGES: what a transparent or oddly shaped picture is
    # set on for its link-preview card.
    card_background: str = field(default="#ffffff", metadata=DERIVED)
    # From the build's mode, not IMAGES: a preview encodes the same variants
    # the quickest way (pipeline.QUICK_OPTIONS); a publish encodes for readers.
    quick: bool = field(default=False, metadata=DERIVED)

    def fingerprint(self) -> str:
        """What a cached variant depends on (not the cache place nor the workers)."""
        parts = (
            self.widths,
            self.full_max_width,
            self.jpeg_quality,
            self.webp_quality,
            self.card_background,
            self.quick,
        )
        return repr(parts)


def read_image_settings(
    settings: Mapping[str, object],
    base: Path,
    card_background: str = "#ffffff",
    quick: bool = False,
) -> ImageSettings:
    """IMAGES read over the defaults and checked; never changes settings.

    A relative cache_path is taken from base (the project folder).
    """
    read = read_fields(
        settings,
        "IMAGES",
        ImageSettings,
        error=ImageSettingError,
        example="{'widths': [480, 800]}",
        card_background=card_background,
        quick=quick,
    )
    cache = read.cache_path
    return replace(
        read,
        widths=tuple(sorted(set(read.widths))),
        cache_path=cache if cache.is_absolute() else base / cache,
    )
