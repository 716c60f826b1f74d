"""Reading an event's times (through the one header-date parser, dates.py) as
the checks and the pages both do, and what makes a time one the site cannot
use. Pure.

Event times are UK wall-clock times (`2025-07-02 10:00`). Three kinds of time
read as dates yet cannot be used: a year nobody means (a slip of the keyboard,
`1025` or `2205`), a moment so near the end of the calendar that adding an hour
to it overflows, and an hour the clocks skip or repeat when British Summer
Time starts or ends.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

# An event time takes the forms every header date takes: one parser for all.
from .dates import parse_header_date

UK = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
EARLIEST_YEAR = 1900  # the site lists no event older than this
YEARS_AHEAD = 10  # nor plans one further ahead than this
# The most the site adds to a time is a day (an all-day event ends the next
# day) and an hour (the default length): past this day that overflows.
LAST_SAFE_DAY = date.max - timedelta(days=2)

Range = Literal["", "early", "late"]
WallClock = Literal["", "skipped", "repeated"]


def parse_local(text: object) -> datetime | None:
    """'2025-07-02 10:00' or '2025-07-02' as a UK time, or None."""
    moment = parse_header_date(text)
    return moment.replace(tzinfo=UK) if moment else None


def out_of_range(moment: datetime) -> Range:
    """'early' before 1900, 'late' where adding a day would overflow, else ''."""
    if moment.year < EARLIEST_YEAR:
        return "early"
    if moment.date() > LAST_SAFE_DAY:
        return "late"
    return ""


def far_ahead(moment: datetime, today: date) -> bool:
    """True when the year is more than YEARS_AHEAD after today's."""
    return moment.year > today.year + YEARS_AHEAD


def wall_clock(moment: datetime) -> WallClock:
    """'skipped' for a UK time the clocks jump over, 'repeated' for one they pass
    twice, else ''."""
    # A time that does not exist comes back different from a trip through UTC
    # (zoneinfo reads 01:30 in the gap with the offset before it: 02:30 BST).
    wall = moment.replace(tzinfo=None)
    there = moment.replace(tzinfo=UK, fold=0)
    if there.astimezone(UTC).astimezone(UK).replace(tzinfo=None) != wall:
        return "skipped"
    if there.utcoffset() != there.replace(fold=1).utcoffset():
        return "repeated"
    return ""


def later(moment: datetime, step: timedelta) -> datetime:
    """moment + step, or the last moment there is when that would overflow."""
    try:
        return moment + step
    except OverflowError:
        return datetime.max.replace(tzinfo=moment.tzinfo)


def next_day(day: date) -> date:
    """The day after, or the same day at the end of the calendar."""
    return day if day == date.max else day + timedelta(days=1)


def ends_before(start: datetime, end: datetime, *, timed: bool) -> bool:
    """True when the end is not after the start: by the clock when both have a
    time (an end equal to the start is a slip too), else by the day."""
    if timed:
        return end.replace(tzinfo=None) <= start.replace(tzinfo=None)
    return end.date() < start.date()
