"""Reading the dates an editor writes: the one parser of header dates. Pure.

`2025-06-26`, `2025-06-26 09:30` or `2025-06-26 09:30:15`, a wall-clock time
in the site's zone (contract.py's DATE and DATETIME). The checks, the events,
the desk, the digest and the pages all read a date here, so a date the checks
accept is never one a later step cannot read.
"""

from __future__ import annotations

from datetime import date, datetime

DAY_FORMAT = "%Y-%m-%d"
TIMED_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def _read(text: object, formats: tuple[str, ...]) -> datetime | None:
    value = str(text if text is not None else "").strip()
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
