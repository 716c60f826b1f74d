"""Reading time and plain text from rendered HTML. Pure: no Pelican imports."""

from __future__ import annotations

import math
import re
from html import unescape

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
WORDS_PER_MINUTE = (
    200  # a relaxed adult pace; people in distress read slower, never faster
)


def plain_text(html: str) -> str:
    """Strip tags and entities from an HTML fragment."""
    return unescape(_TAG.sub(" ", html))


def word_count(html: str) -> int:
    """The words of an HTML fragment, as reading time counts them."""
    return len(_WORD.findall(plain_text(html)))


def minutes_for(words: int, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Whole minutes to read so many words, at least 1."""
    return max(1, math.ceil(words / words_per_minute))


def reading_minutes(html: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Whole minutes to read an HTML fragment, at least 1."""
    return minutes_for(word_count(html), words_per_minute)


def long_date(value: object) -> str:
    """'2025-05-01' as '1 May 2025' (anything else is returned as it was written)."""
    from ..dates import parse_header_date

    text = str(value or "").strip()
    day = parse_header_date(text)
    if day is None:
        return text
    return f"{day.day} {day:%B %Y}"
