"""Every custom setting, read once at start-up into one typed object. Pure.

`read_site_settings()` is the one place the site's own settings are read and
checked: the build mode, the clock's zone (and SITE_NOW), the conventions,
CHECKS, BRAND, IMAGES, FEEDS, NEWSLETTER and CMS. Each feature keeps its own
model and checks beside it (rules/settings.py, pictures/settings.py, ...); this
module only calls each reader once, in an order where a later reader can use
an earlier result (the pictures' card background is the brand's). A wrong
setting is one BadSetting line naming its key.

The result is kept in Pelican's settings under SITE_SETTINGS, the one value
the plugin adds there: a derived object under a lower-case key, so it is never
mistaken for a user setting, and never part of a cache key that is made from
the upper-case settings. Every generator is handed that same settings dict,
so each build step finds the one read (build.state_of puts it on the state).
"""

from __future__ import annotations

import enum
import ipaddress
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .brand import Brand, read_brand
from .clock import ClockSettings, read_clock_settings
from .cms.settings import CmsSettings, read_cms_settings
from .conventions import Conventions, derive_conventions
from .feeds.settings import FeedSettings, read_feed_settings
from .newsletter.form import NewsletterForm, read_newsletter_setting
from .pictures.settings import ImageSettings, read_image_settings
from .rules.settings import CheckSettings, read_check_settings
from .settings import BadSetting

SITE_SETTINGS = "charity_site_settings"  # lower case: not a user setting
# A custom setting: `-e CHECK_ONLY=true` (what `invoke check` passes) runs the
# publish build up to the last page rendered, and writes nothing.
CHECK_ONLY = "CHECK_ONLY"
# A custom setting: publishconf.py sets it; any content error refuses the build.
STRICT = "CHECKS_STRICT"
# A custom setting: a preview draws each post's link-preview card only when
# asked (a publish always does); its pages otherwise show the site's card.
PREVIEW_CARDS = "PREVIEW_CARDS"


class Mode(enum.Enum):
    """What the build is for."""

    PREVIEW = "preview"  # problems are warnings; everything that can be built is
    PUBLISH = "publish"  # any content error refuses the build
    CHECK = "check"  # a publish that writes nothing: the same lines, the same verdict

    @property
    def strict(self) -> bool:
        """True when an error must refuse the build."""
        return self is not Mode.PREVIEW


def build_mode(settings: Mapping[str, object]) -> Mode:
    """The mode the settings ask for (read once, into SiteSettings.mode)."""
    if settings.get(CHECK_ONLY):
        return Mode.CHECK
    return Mode.PUBLISH if settings.get(STRICT) else Mode.PREVIEW


def read_preview_cards(settings: Mapping[str, object]) -> bool:
    """PREVIEW_CARDS, checked: True or False (left out: False)."""
    value = settings.get(PREVIEW_CARDS, False)
    if not isinstance(value, bool):
        raise BadSetting(
            f"PREVIEW_CARDS is {value!r}: use True (a preview draws each post's "
            "link-preview card) or False (only the site's card; the default)"
        )
    return value


def project_root(settings: Mapping[str, object]) -> Path:
    """The project folder: where theme/ is (a relative BRAND logo is read from it)."""
    return Path(str(settings["THEME"])).resolve().parent


def check_siteurl(settings: Mapping[str, object], mode: Mode) -> None:
    """A publish's or a check's SITEURL is https (only this computer may be http)."""
    # A publish (or a check of one) sends HSTS, so its address must be https: an
    # http address would be refused by every browser that saw the header. Only
    # this computer's own address may be http (browsers ignore HSTS there, and
    # the browser tests and benchmarks serve a publish on it). A preview's
    # addresses are relative and are never checked here.
    if not mode.strict:
        return
    siteurl = str(settings.get("SITEURL") or "")
    try:
        parts = urlsplit(siteurl)
        host, _port = parts.hostname or "", parts.port  # .port checks the number
        plain = not (parts.username or parts.password or parts.query)
    except ValueError:
        parts, host, plain = urlsplit(""), "", False
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    secure = parts.scheme == "https" or (parts.scheme == "http" and loopback)
    if not (secure and host and plain and not parts.fragment):
        raise BadSetting(
            f"SITEURL '{siteurl}' is not an https:// address, and a published "
            "site sends HSTS: write the site's https address, like "
            "SITEURL=https://www.example.org.uk (in the environment or "
            "publishconf.py)"
        )


@dataclass(frozen=True)
class SiteSettings:
    """Every custom setting of one Pelican run, read and checked once."""

    mode: Mode
    clock: ClockSettings  # the zone and SITE_NOW; each build starts its Clock
    conventions: Conventions
    checks: CheckSettings  # `today` is set per build, from its clock
    brand: Brand
    images: ImageSettings
    feeds: FeedSettings
    newsletter: NewsletterForm | None  # None: no form (off, or wrong in a preview)
    cms: CmsSettings
    warnings: tuple[str, ...] = ()  # what a preview goes on without, one line each
    preview_cards: bool = False  # PREVIEW_CARDS: a preview draws each post's card

    @property
    def post_cards(self) -> bool:
        """True when this build draws each post's card (a preview, when asked)."""
        return self.mode is not Mode.PREVIEW or self.preview_cards


def read_site_settings(settings: Mapping[str, object]) -> SiteSettings:
    """Read and check every custom setting; the first wrong one is a BadSetting."""
    mode = build_mode(settings)
    check_siteurl(settings, mode)
    clock = read_clock_settings(settings)
    try:
        conventions = derive_conventions(settings)
    except ValueError as problem:  # a wrong SECTION_ROLES: its text is one line
        raise BadSetting(str(problem)) from None
    checks = read_check_settings(settings, conventions)
    brand = read_brand(settings, project_root(settings))
    images = read_image_settings(
        settings,
        base=Path(str(settings["PATH"])).resolve().parent,
        card_background=brand.background,
        quick=mode is Mode.PREVIEW,
    )
    feeds = read_feed_settings(settings)
    newsletter, left_out = read_newsletter_setting(settings, publishing=mode.strict)
    cms = read_cms_settings(settings)
    preview_cards = read_preview_cards(settings)
    return SiteSettings(
        mode=mode,
        clock=clock,
        conventions=conventions,
        checks=checks,
        brand=brand,
        images=images,
        feeds=feeds,
        newsletter=newsletter,
        cms=cms,
        warnings=(left_out,) if left_out else (),
        preview_cards=preview_cards,
    )


def site_settings(settings: MutableMapping[str, object]) -> SiteSettings:
    """This run's settings, read once: kept under SITE_SETTINGS, read on first use."""
    kept = settings.get(SITE_SETTINGS)
    if isinstance(kept, SiteSettings):
        return kept
    read = read_site_settings(settings)
    settings[SITE_SETTINGS] = read
    return read
