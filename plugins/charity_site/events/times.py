"""Reading an event's times: the one parser the checks and the pages share, and
what makes a time one the site cannot use. Pure.

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

UK = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
# The forms an event time may take (the same as the other header dates).
TIMED_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
DAY_FORMAT = "%Y-%m-%d"
EARLIEST_YEAR = 1900  # the site lists no event older than this
YEARS_AHEAD = 10  # nor plans one further ahead than this
# The most the site adds to a time is a day (an all-day event ends the next
# day) and an hour (the default length): past this day that overflows.
LAST_SAFE_DAY = date.max - timedelta(days=2)

Range = Literal["", "early", "late"]
WallClock = Literal["", "skipped", "repeated"]


def parse_local(text: object) -> datetime | None:
    """'2025-07-02 10:00' or '2025-07-02' as a UK time, or None."""
    value = str(text).strip()
    for fmt in (*TIMED_FORMATS, DAY_FORMAT):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UK)
        except ValueError:
            continue
    return None


def has_time(text: object) -> bool:
    """True when the text gives a time of day, not only a day."""
    value = str(text).strip()
    for fmt in TIMED_FORMATS:
        try:
            datetime.strptime(value, fmt)
        except ValueError:
            continue
        return True
    return False


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
