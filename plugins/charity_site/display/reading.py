"""Dates as readers say them. Pure: no Pelican imports."""

from __future__ import annotations


def long_date(value: object) -> str:
    """'2025-05-01' as '1 May 2025' (anything else is returned as it was written)."""
    from ..dates import parse_header_date

    text = str(value or "").strip()
    day = parse_header_date(text)
    if day is None:
        return text
    return f"{day.day} {day:%B %Y}"
