"""The quick search of sensitive language finds exactly what finditer finds.

find_topics and find_methods try their patterns only where a match can start
(the words every match begins with, read from the patterns' parse trees).
These tests hold that shortcut to finditer itself on the fixture sentences,
run together and cut into pieces, so the shortcut can never weaken a rule.
"""

from __future__ import annotations

import random
import re

import pytest

from charity_site.rules import sensitive_language as language
from charity_site.rules.settings import CheckSettings
from support.site import ROOT

FOLDER = ROOT / "tests" / "fixtures" / "sensitive-language"
TERMS = (*CheckSettings().sensitive_terms, "self harm", "old bridge", "a|b")


def sentences() -> list[str]:
    """Every sentence of the sensitive-language fixtures, lower case."""
    found = []
    for name in ("topics.txt", "methods.txt"):
        for line in (FOLDER / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                found.append(line.split("|" if "|" in line else " ", 1)[-1].lower())
    return found


def texts() -> list[str]:
    """The sentences alone, run together, and cut at random places."""
    rng = random.Random(1)  # noqa: S311 (the same texts each run, not a secret)
    alone = sentences()
    together = [" ".join(rng.sample(alone, 12)) for _ in range(60)]
    cut = [t[rng.randrange(len(t)) :][: rng.randrange(1, 200)] for t in together]
    words = ["\n".join(rng.sample(alone, 5)) + " killing himself laughing"]
    return alone + together + cut + words


def patterns(terms: tuple[str, ...] = TERMS) -> list[re.Pattern[str]]:
    """Every pattern the finders search with."""
    extra = language._terms_pattern(terms)
    return [*language._TOPIC_PATTERNS.values(), language._METHOD_PATTERN, extra]


@pytest.mark.parametrize("index", range(6))
def test_each_pattern_knows_where_its_matches_start(index):
    # None would mean the parse tree was not read (say, re's private parser
    # changed): still correct, but every search as slow as before.
    beginnings = language._beginnings(patterns(CheckSettings().sensitive_terms)[index])
    assert beginnings and all(beginnings)


@pytest.mark.parametrize("index", range(7))
def test_the_quick_search_finds_what_finditer_finds(index):
    # The last: a term that is empty gives a pattern with no known beginning.
    pattern = [*patterns(), language._terms_pattern(("suicide", ""))][index]
    for text in texts():
        quick = [(m.span(), m.group()) for m in language._matches(pattern, text)]
        assert quick == [(m.span(), m.group()) for m in pattern.finditer(text)]


def test_methods_of_many_texts_at_once_are_those_of_each_alone():
    every = texts()
    at_once = language.find_methods_each(every)
    assert at_once == [language.find_methods(text) for text in every]
    assert [bool(found) for found in at_once] == [
        bool(language._METHOD_PATTERN.search(text.lower())) for text in every
    ]
    assert sum(map(bool, at_once)) > 50


@pytest.mark.parametrize(
    ("pattern", "beginnings"),
    [
        (r"\bab(?:cd|ef)g", ("abcd", "abef")),
        (r"(?<![\w-])(?:take|takes|took)\b", ("take", "took")),
        (r"ab+c", ("ab",)),
        (r"(?:ab)+c", ("ab",)),
        # Nothing known for certain: the pattern is searched as it is.
        (r"[ab]c", None),
        (r"a?bc", None),
        (r"(?:x|)yz", None),
        (r"(?i)abc", None),
        (r"(?i:ab)c", None),
        (r"(?<!-)(?:abc|)", None),
    ],
)
def test_the_beginnings_read_from_a_parse_tree(pattern, beginnings):
    assert language._beginnings(re.compile(pattern)) == beginnings
