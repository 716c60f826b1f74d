"""The ways people write about suicide, self-harm, overdose and eating disorders,
and about the methods of suicide and self-harm. Pure: patterns and two finders.

A keyword list misses "took his own life" and "self-harming", and a loose one
catches "cutting costs" or "killing himself laughing". Each topic here is a
few patterns over lower-cased text: inflections, the phrases people use, and
lookaheads that leave out the everyday senses. Every repeat is bounded and
every alternative starts at a word boundary, so a match costs a linear pass
(a post of a few hundred KB must never make a regex go quadratic).

The rules in per_file.py decide what a match means for a post: a topic needs
a Content_warning (check_content_warning), a method is never described
(check_methods). Samaritans' media guidelines are the source of both.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

# The parse tree re itself compiles from (private: present in Python 3.11 to
# 3.14; tests/unit/test_parse_speed_sensitive.py fails if it changes). A
# Python without it searches every pattern whole: slower, never less found.
try:
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover (a Python that moved them)
    sre = sre_parse = None  # type: ignore[assignment]

# Who a reflexive phrase is about: "harming myself", "killed himself".
_SELF = r"(?:myself|yourself|himself|herself|themselves|themself|ourselves|oneself)"
_WHOSE = r"(?:my|your|his|her|their|our|one['’]s)"

# Topic -> patterns. The topic is what an editor writes in Content_warning.
TOPICS: dict[str, tuple[str, ...]] = {
    "suicide": (
        r"\bsuicid(?:e|es|al|ality)\b",
        r"\b(?:take|takes|took|taken|taking)\s+" + _WHOSE + r"\s+own\s+li(?:fe|ves)\b",
        r"\bend(?:s|ed|ing)?\s+(?:it\s+all|"
        + _WHOSE
        + r"\s+(?:own\s+)?li(?:fe|ves))\b",
        # "killing himself laughing" is a British way of saying he laughed a lot.
        r"\bkill(?:s|ed|ing)?\s+" + _SELF + r"\b(?!\s+(?:laughing|with\s+laughter))",
        r"\bwant(?:s|ed|ing)?\s+to\s+die\b",
        r"\bbetter\s+off\s+dead\b",
    ),
    "self-harm": (
        r"\bself[-\s]?harm(?:s|ed|ing|er|ers)?\b",
        r"\bself[-\s]?injur(?:y|ies|ing|ed)\b",
        r"\bharm(?:s|ed|ing)?\s+" + _SELF + r"\b",
        # Not "cut myself off from friends" or "cut myself a slice".
        r"\bcut(?:s|ting)?\s+"
        + _SELF
        + r"\b(?!\s+(?:off|a|an|some|free|short|loose|out|in|down)\b)",
    ),
    "overdose": (r"\boverdos(?:e|es|ed|ing)\b",),
    "eating disorders": (
        r"\beating\s+disorders?\b",
        r"\banorexi(?:a|c|cs)\b",
        r"\bbulimi(?:a|c|cs)\b",
        r"\bbinge[-\s]?eat(?:ing|s|er|ers)?\b",
        r"\b(?:arfid|osfed|ednos|orthorexi(?:a|c))\b",
        r"\bstarv(?:e|es|ed|ing)\s+" + _SELF + r"\b",
        # Not "purging the old files".
        r"\bpurging\b(?!\s+(?:the|of|old|our|their|its|all|files|records|data)\b)",
    ),
}

_PILLS = (
    r"(?:pills|tablets|capsules|paracetamol|ibuprofen|aspirin|painkillers|"
    r"antidepressants|medication|meds|sleeping\s+pills)"
)
# An amount or a container: "took two paracetamol for a headache" is not one.
_AMOUNT = (
    r"(?:an?\s+(?:whole\s+)?(?:bottle|handful|packet|pack|box|strip|tub|load|"
    r"stockpile)s?\s+of|(?:all|every\s+one|the\s+rest)\s+(?:of\s+)?"
    r"(?:my|your|his|her|their|our|the)|\d{2,}|(?:dozens|hundreds)\s+of|"
    r"(?:ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a\s+hundred)"
    r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?)"
)
# Descriptions of a method: the means, the substance or the amount. Saying that
# someone "took an overdose" or "died by suicide" is none of these.
METHODS: tuple[str, ...] = (
    r"\boverdos(?:e|es|ed|ing)\s+(?:of|on|with)\s+[\w'’-]+(?:\s+[\w'’-]+)?",
    r"\b(?:take|takes|took|taken|taking|swallow(?:s|ed|ing)?|down(?:ed|ing)?)\s+"
    + _AMOUNT
    + r"\s+(?:\w+\s+){0,2}?"
    + _PILLS
    + r"\b",
    r"\b(?:hang(?:s|ed|ing)?|shot|shoot(?:s|ing)?|drown(?:s|ed|ing)?|"
    r"poison(?:s|ed|ing)?|gass(?:ed|ing)|electrocut(?:e|ed|ing)|"
    r"suffocat(?:e|ed|ing)|strangl(?:e|ed|ing))\s+" + _SELF + r"\b",
    r"\b(?:noose|ligature)s?\b",
    r"\b(?:jump(?:s|ed|ing)?|step(?:s|ped|ping)?|thr(?:ew|ow|owing|own)\s+"
    + _SELF
    + r")\s+(?:off|from|in\s+front\s+of|under|onto)\s+(?:a|an|the|this|that)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:bridge|building|cliff|roof|rooftop|train|tube|lorry|"
    r"balcony|window|tower|car\s+park|multi-storey|platform|motorway|flyover)s?\b",
    r"\b(?:cut(?:s|ting)?|slit(?:s|ting)?|slash(?:es|ed|ing)?)\s+"
    + _WHOSE
    + r"\s+(?:wrists?|throat)\b",
    # The means of cutting or burning; "burnt myself on the oven" is an accident.
    r"\b(?:cut(?:s|ting)?|burn(?:s|ed|t|ing)?)\s+"
    + _SELF
    + r"\s+with\s+(?:an?\s+|the\s+|my\s+|his\s+|her\s+|their\s+)?"
    r"(?:razors?|razor\s+blades?|blades?|knife|knives|glass|scissors|"
    r"cigarettes?|lighters?|matches)\b",
    r"\b(?:drank|drink(?:s|ing)?|swallow(?:s|ed|ing)?)\s+(?:some\s+)?"
    r"(?:bleach|antifreeze|weedkiller|pesticide)\b",
    r"\b(?:carbon\s+monoxide|exhaust\s+fumes|hosepipe)\b",
)


@dataclass(frozen=True)
class Mention:
    """One place a text speaks of a topic (or a method): where, and the words."""

    topic: str
    start: int
    end: int
    words: str


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _starts(items) -> frozenset[str] | None:
    """Text every match of a parsed pattern starts with: one of these strings.

    Read from the parse tree re compiles: the literal characters a match
    begins with (after zero-width tests such as \\b), continued into the
    first group, branch or repeat when each of its ways begins with known
    text. None when the tree does not say for certain (a class, an optional
    part, a case-blind group): the pattern is then searched as it is.
    """
    run = ""
    for op, value in items:
        if op is sre.LITERAL:
            run += chr(value)
            continue
        if not run and op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # matches nothing: the text starts after it
        inner: frozenset[str] | None = None
        if op is sre.SUBPATTERN and not value[1] & re.IGNORECASE:
            inner = _starts(value[3])
        elif op is sre.BRANCH:
            ways = [_starts(way) for way in value[1]]
            inner = None if None in ways else frozenset().union(*ways)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and value[0] >= 1:
            inner = _starts(value[2])
        if inner is None:
            break
        return frozenset(run + text for text in inner)
    return frozenset({run}) if run else None


@cache  # one pattern, one reading of its tree
def _beginnings(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The shortest texts every match of pattern starts with one of, or None."""
    if pattern.flags & re.IGNORECASE or sre_parse is None:
        return None
    found = _starts(sre_parse.parse(pattern.pattern, pattern.flags))
    if found is None:
        return None
    # 'take' finds every place 'takes' could start: the longer one adds nothing.
    return tuple(
        sorted(t for t in found if not any(t != o and t.startswith(o) for o in found))
    )


def _places(beginnings: tuple[str, ...], text: str) -> list[int]:
    """Every offset of text where one of beginnings starts, in order."""
    places: set[int] = set()
    for beginning in beginnings:
        at = text.find(beginning)
        while at >= 0:
            places.add(at)
            at = text.find(beginning, at + 1)
    return sorted(places)


def _tried(
    pattern: re.Pattern[str], text: str, places: list[int]
) -> list[re.Match[str]]:
    """What pattern.finditer(text) finds, given every place a match can start.

    Each place is tried in order with pattern.match, which sees the text
    before it (\\b, lookbehinds) as a search does, and the next is tried after
    the end of a match, as finditer goes on: the same matches, found without
    trying the pattern at every character.
    """
    found: list[re.Match[str]] = []
    end = 0
    for at in places:
        if at >= end and (match := pattern.match(text, at)):
            found.append(match)
            end = match.end()  # never empty: it starts with a beginning
    return found


def _matches(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """pattern.finditer(text), tried only where a match can start."""
    beginnings = _beginnings(pattern)
    if beginnings is None:
        return list(pattern.finditer(text))
    return _tried(pattern, text, _places(beginnings, text))


_TOPIC_PATTERNS = {topic: _compile(patterns) for topic, patterns in TOPICS.items()}
_METHOD_PATTERN = _compile(METHODS)


def topic_of(term: str) -> str | None:
    """The topic a configured term is a way of writing ('self harm': 'self-harm')."""
    lowered = term.lower().strip()
    for topic, pattern in _TOPIC_PATTERNS.items():
        if pattern.fullmatch(lowered):
            return topic
    return None


@cache  # per post twice (heading and text), always with the same setting
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the configured terms, longest first (as the setting's)."""
    if not terms:
        return None
    longest_first = sorted(terms, key=len, reverse=True)
    alternatives = "|".join(re.escape(t.lower()) for t in longest_first)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def find_topics(text: str, terms: tuple[str, ...] = ()) -> list[Mention]:
    """Every mention of a sensitive topic in text, in order, never two at once.

    `terms` are the CHECKS setting's sensitive_terms: each still counts, under
    the topic it is a way of writing, or as a topic of its own ('abuse').
    """
    lowered = text.lower()
    found: list[Mention] = []
    for topic, pattern in _TOPIC_PATTERNS.items():
        found += [
            Mention(topic, m.start(), m.end(), m.group())
            for m in _matches(pattern, lowered)
        ]
    extra = _terms_pattern(tuple(terms))
    if extra:
        found += [
            Mention(topic_of(m.group()) or m.group(), m.start(), m.end(), m.group())
            for m in _matches(extra, lowered)
        ]
    # One stretch of text is one mention: "suicidal" found by the topic and by
    # a configured term counts once (the longer, earlier words are kept).
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda m: (m.start, -m.end)):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def find_methods(text: str) -> list[Mention]:
    """Every description of a method of suicide or self-harm in text, in order."""
    return find_methods_each([text])[0]


def find_methods_each(texts: list[str]) -> list[list[Mention]]:
    """find_methods of each of many texts (a post's paragraphs), in one go.

    Where a description could start is looked for once in all the texts
    together; each text is then tried at its own places only.
    """
    lowered = [text.lower() for text in texts]
    beginnings = _beginnings(_METHOD_PATTERN)
    if beginnings is None:
        found = [list(_METHOD_PATTERN.finditer(text)) for text in lowered]
    else:
        # Where each text starts in the joined one; a place found across the
        # line break between two is tried in vain, never missed.
        offsets = list(accumulate((len(text) + 1 for text in lowered), initial=0))
        places: list[list[int]] = [[] for _ in lowered]
        for at in _places(beginnings, "\n".join(lowered)):
            index = bisect_right(offsets, at) - 1
            places[index].append(at - offsets[index])
        found = [
            _tried(_METHOD_PATTERN, text, at) if at else []
            for text, at in zip(lowered, places, strict=True)
        ]
    return [
        [Mention("method", m.start(), m.end(), m.group()) for m in matches]
        for matches in found
    ]
