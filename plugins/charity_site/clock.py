"""The build's one clock: `now`, `today` and the zone, decided once. Pure.

Every step that asks what day or time it is (the rules' review and event
dates, the desk's drafts and scheduled posts, the events list and calendars,
the digest, the preview writer's day change, which posts Pelican may publish)
reads the one Clock of its build, so near midnight they never disagree. The
zone is Pelican's `TIMEZONE` setting, the zone header dates are written in;
`SITE_NOW` (ISO 8601 with its offset) fixes the moment, for tests and
reproducible builds. `invoke new`, which has no build, asks `site_clock()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .settings import BadSetting

EXAMPLE_NOW = "2026-07-14T23:30:00+00:00"


@dataclass(frozen=True)
class Clock:
    """One build's moment, in the site's zone."""

    now: datetime  # aware, in `zone`
    zone: ZoneInfo

    @property
    def today(self) -> date:
        """The day it is in the site's zone (not on this computer's clock)."""
        return self.now.date()

    @property
    def zone_name(self) -> str:
        """The zone's IANA name, as calendars and schema.org write it."""
        return self.zone.key

    def local(self, moment: datetime) -> datetime:
        """A time as aware: a naive one is a wall-clock time in the site's zone."""
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.zone)
        return moment

    def is_future(self, moment: datetime) -> bool:
        """True when the moment is after now (a naive one read in the site's zone)."""
        return self.local(moment) > self.now


@dataclass(frozen=True)
class ClockSettings:
    """What the settings say about time: the zone, and a fixed moment if any."""

    zone: ZoneInfo
    fixed: datetime | None = None  # SITE_NOW; None: the real time

    def start(self) -> Clock:
        """The clock of a build starting now (or at the fixed moment)."""
        moment = self.fixed or datetime.now(self.zone)
        return Clock(now=moment.astimezone(self.zone), zone=self.zone)


def read_zone(value: object) -> ZoneInfo:
    """The TIMEZONE setting as a zone; one line naming TIMEZONE if it is not one."""
    try:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(value)
        return ZoneInfo(value.strip())
    except (ValueError, ZoneInfoNotFoundError):
        raise BadSetting(
            f"TIMEZONE is {value!r}, which is not a time zone: write the zone the "
            "site's dates are in, like 'Europe/London'"
        ) from None


def read_fixed_now(value: object) -> datetime | None:
    """SITE_NOW as an aware moment, None when unset; one line if it cannot be read."""
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise BadSetting(
            f"SITE_NOW is {value!r}, which is not a moment with its offset: write "
            f"one like '{EXAMPLE_NOW}', or leave SITE_NOW out to build at the "
            "real time"
        )
    return moment


def read_clock_settings(settings: Mapping[str, object]) -> ClockSettings:
    """TIMEZONE and SITE_NOW, checked: the one reader of the site's time."""
    return ClockSettings(
        zone=read_zone(settings.get("TIMEZONE")),
        fixed=read_fixed_now(settings.get("SITE_NOW")),
    )


def site_clock(settings: Mapping[str, object]) -> Clock:
    """A clock made from the settings, for a task that runs no build (`invoke new`)."""
    return read_clock_settings(settings).start()
