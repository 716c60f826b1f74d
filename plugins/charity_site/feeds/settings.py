"""The FEEDS setting, read into a validated, immutable object. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PREVIEW_SITEURL = "http://127.0.0.1:8000"  # where `make serve` shows the preview
DEFAULTS: dict[str, object] = {"max_items": 20, "id_authority": "", "siteurl": ""}


class FeedSettingError(ValueError):
    """A wrong FEEDS setting; the message says which key and what to write."""


@dataclass(frozen=True)
class FeedSettings:
    """How feeds are written (see docs/settings.md)."""

    max_items: int
    id_authority: str
    siteurl: str


def read_feed_settings(settings: Mapping[str, object]) -> FeedSettings:
    """Merge FEEDS over the defaults and validate it; never changes settings."""
    given = settings.get("FEEDS") or {}
    if not isinstance(given, Mapping):
        raise FeedSettingError("FEEDS must be a dict, for example {'max_items': 20}")
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise FeedSettingError(
            f"FEEDS has unknown key(s) {', '.join(unknown)}: use {', '.join(DEFAULTS)}"
        )
    merged = {**DEFAULTS, **given}
    max_items = merged["max_items"]
    if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1:
        raise FeedSettingError(
            f"FEEDS['max_items'] is {max_items!r}: use a number like 20"
        )
    siteurl = str(
        merged["siteurl"] or settings.get("SITEURL") or PREVIEW_SITEURL
    ).rstrip("/")
    if not siteurl.startswith(("http://", "https://")):
        raise FeedSettingError(
            f"feeds need an absolute address, but SITEURL is {siteurl!r}: "
            "set SITEURL or FEEDS['siteurl'] to one starting with https://"
        )
    authority = str(merged["id_authority"]).strip()
    if not authority or "," not in authority:
        raise FeedSettingError(
            "FEEDS['id_authority'] must be a domain and a year, like "
            "'example.org,2025': "
            "it makes entry ids that never change, even if the site moves"
        )
    return FeedSettings(max_items=max_items, id_authority=authority, siteurl=siteurl)
