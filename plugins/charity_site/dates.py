"""Reading the dates an editor writes: the one parser of header dates. Pure.

`2025-06-26`, `2025-06-26 09:30` or `2025-06-26 09:30:15`, a wall-clock time
in the site's zone (contract.py's DATE and DATETIME). The checks, the events,
the desk, the digest and the pages all read a date here, so a date the checks
accept is never one a later step cannot read.
"""

from __future__ import annotations

import re
from datetime import date, datetime

DAY_FORMAT = "%Y-%m-%d"
TIMED_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


# The forms editors write, read without strptime (each date of every post is
# read several times a build; strptime tried up to three formats each time).
# Anything else goes to strptime, so what is accepted is exactly what it accepts.
_WRITTEN = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?: ([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?"
)
_FORMAT_OF = {3: DAY_FORMAT, 5: TIMED_FORMATS[0], 6: TIMED_FORMATS[1]}  # by parts


def _read(text: object, formats: tuple[str, ...]) -> datetime | None:
    value = str(text if text is not None else "").strip()
    if not value:  # most headers have no review date: no format reads ""
        return None
    written = _WRITTEN.fullmatch(value)
    if written:
        parts = [int(part) for part in written.groups() if part is not None]
        # A string of one form matches no other format in full.
        if _FORMAT_OF[len(parts)] not in formats:
            return None
        try:
            return datetime(*parts)
        except ValueError:  # 2025-02-30, 24:00: no format reads it
            return None
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def parse_header_date(text: object) -> datetime | None:
    """A header date or date and time as a naive wall-clock time, or None."""
    return _read(text, (*TIMED_FORMATS, DAY_FORMAT))


def has_time(text: object) -> bool:
    """True when the text is a date with a time of day, not only a day."""
    return _read(text, TIMED_FORMATS) is not None


def parse_day(text: object) -> date | None:
    """A day written year-month-day (no time), or None."""
    found = _read(text, (DAY_FORMAT,))
    return found.date() if found else None
