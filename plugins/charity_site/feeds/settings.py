"""The FEEDS setting, read into a validated, immutable object. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..settings import BadSetting, limits, read_fields

PREVIEW_SITEURL = "http://127.0.0.1:8000"  # where `make serve` shows the preview
AUTHORITY_HINT = (
    "use a domain and a year, like 'example.org,2025': it makes entry ids that "
    "never change, even if the site moves"
)


class FeedSettingError(BadSetting):
    """A wrong FEEDS setting; the message says which key and what to write."""


@dataclass(frozen=True)
class FeedSettings:
    """How feeds are written (see docs/settings.md).

    Each field is a FEEDS key and its default (written only here).
    """

    max_items: int = field(default=20, metadata=limits(low=1, high=10_000))
    id_authority: str = field(default="", metadata=limits(hint=AUTHORITY_HINT))
    siteurl: str = ""  # empty: SITEURL, or the preview's address


def read_feed_settings(settings: Mapping[str, object]) -> FeedSettings:
    """FEEDS read over the defaults and checked; never changes settings."""
    read = read_fields(
        settings,
        "FEEDS",
        FeedSettings,
        error=FeedSettingError,
        example="{'max_items': 20}",
    )
    siteurl = str(read.siteurl or settings.get("SITEURL") or PREVIEW_SITEURL).rstrip(
        "/"
    )
    if not siteurl.startswith(("http://", "https://")):
        raise FeedSettingError(
            f"feeds need an absolute address, but SITEURL is {siteurl!r}: "
            "set SITEURL or FEEDS['siteurl'] to one starting with https://"
        )
    authority = read.id_authority.strip()
    if not authority or "," not in authority:
        raise FeedSettingError(
            f"FEEDS['id_authority'] is {authority!r}: {AUTHORITY_HINT}"
        )
    return replace(read, id_authority=authority, siteurl=siteurl)
