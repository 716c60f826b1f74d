"""The quick reading of the dates editors write agrees with strptime's, always."""

from __future__ import annotations

import itertools
from datetime import datetime

from charity_site.dates import (
    DAY_FORMAT,
    TIMED_FORMATS,
    has_time,
    parse_day,
    parse_header_date,
)


def by_strptime(value: str, formats: tuple[str, ...]) -> datetime | None:
    for fmt in formats:
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


YEARS = ("2025", "2024", "0000", "9999", "202", "20255")
MONTHS = ("01", "02", "12", "13", "00", "6", "١٢")
DAYS = ("01", "29", "30", "31", "00", "32", "7")
TIMES = ("", " 09:30", " 23:59", " 24:00", " 9:30", " 12:60", " 12:00:59", " 12:00:60")
TIMES += (" 00:00:00", "  09:30", "T09:30", " 09:30:5", " 09:30 ")


def test_every_form_reads_as_strptime_reads_it() -> None:
    checked = 0
    for year, month, day, time in itertools.product(YEARS, MONTHS, DAYS, TIMES):
        for text in (f"{year}-{month}-{day}{time}", f" {year}-{month}-{day}{time}\n"):
            every = (*TIMED_FORMATS, DAY_FORMAT)
            assert parse_header_date(text) == by_strptime(text, every), text
            assert has_time(text) == (by_strptime(text, TIMED_FORMATS) is not None)
            day_only = by_strptime(text, (DAY_FORMAT,))
            assert parse_day(text) == (day_only.date() if day_only else None), text
            checked += 1
    assert checked > 5000
    for empty in ("", "   ", None):
        assert parse_header_date(empty) is None
        assert parse_day(empty) is None
    assert parse_header_date("2025-02-29") is None  # not a leap year
    assert parse_header_date("2024-02-29 10:00") == datetime(2024, 2, 29, 10)
