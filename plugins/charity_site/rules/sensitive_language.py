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
from dataclasses import dataclass
from functools import cache

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
            for m in pattern.finditer(lowered)
        ]
    extra = _terms_pattern(tuple(terms))
    if extra:
        found += [
            Mention(topic_of(m.group()) or m.group(), m.start(), m.end(), m.group())
            for m in extra.finditer(lowered)
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
    return [
        Mention("method", m.start(), m.end(), m.group())
        for m in _METHOD_PATTERN.finditer(text.lower())
    ]
