"""Reading time from a post's HTML: its words, and the minutes they take. Pure.

Counted once, by the parse (rules/reading.py), and kept in its cache; the
pages show the minutes (display/steps.py).
"""

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
