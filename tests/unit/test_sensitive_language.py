"""Sensitive topics and methods found as people write them, not as keywords.

Every sentence of tests/fixtures/sensitive-language/ (written for these tests)
goes through the patterns and through the rule a build runs, and gets exactly
its expected verdict: the topics it speaks of (or none), a method described
(or not).
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from charity_site.rules.per_file import Post, check_content_warning, check_methods
from charity_site.rules.sensitive_language import find_methods, find_topics, topic_of
from charity_site.rules.settings import CheckSettings
from charity_site.source.header import parse_header
from support.site import ROOT

FOLDER = ROOT / "tests" / "fixtures" / "sensitive-language"
SETTINGS = CheckSettings(sections=("news",))


def corpus(name: str) -> list[tuple[str, str]]:
    """(verdict, sentence) of each line of a corpus file (comments left out)."""
    lines = (FOLDER / name).read_text(encoding="utf-8").splitlines()
    return [
        tuple(part.strip() for part in line.split("|" if "|" in line else " ", 1))
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


TOPIC_SENTENCES = corpus("topics.txt")
METHOD_SENTENCES = corpus("methods.txt")


def topics_of(verdict: str) -> set[str]:
    return set() if verdict == "-" else {t.strip() for t in verdict.split(",")}


def news_post(body: str, settings: CheckSettings = SETTINGS, **header: str) -> Post:
    """A news post with this header (Title and Summary by default) and body."""
    fields = {"Title": "A post", "Date": "2025-05-01", "Summary": "Plain words."}
    fields.update(header)
    text = "".join(f"{k}: {v}\n" for k, v in fields.items()) + "\n" + body + "\n"
    return Post("news/post.md", text, parse_header(text), settings)


def test_the_corpora_are_big_enough_and_balanced():
    flagged = [s for verdict, s in TOPIC_SENTENCES if verdict != "-"]
    assert len(TOPIC_SENTENCES) >= 40
    assert len(flagged) >= 20 and len(TOPIC_SENTENCES) - len(flagged) >= 20
    methods = [s for verdict, s in METHOD_SENTENCES if verdict == "+"]
    assert len(methods) >= 10 and len(METHOD_SENTENCES) - len(methods) >= 10
    assert {v for v, _ in METHOD_SENTENCES} == {"+", "-"}


@pytest.mark.parametrize(("verdict", "sentence"), TOPIC_SENTENCES)
def test_each_sentence_speaks_of_exactly_its_topics(verdict, sentence):
    found = {m.topic for m in find_topics(sentence, SETTINGS.sensitive_terms)}
    assert found == topics_of(verdict)


@pytest.mark.parametrize(("verdict", "sentence"), TOPIC_SENTENCES)
def test_the_rule_asks_for_a_warning_naming_the_topics_of_a_summary(verdict, sentence):
    problems = list(check_content_warning(news_post("Text.", Summary=sentence)))
    wanted = topics_of(verdict)
    if not wanted:
        assert problems == []
        return
    (problem,) = problems
    assert (problem.line, problem.severity, problem.rule) == (
        1,
        "error",
        "missing-content-warning",
    )
    line = problem.fix.split("'Content_warning: ", 1)[1].split("'", 1)[0]
    assert set(line.split(", ")) == wanted
    for topic in wanted:
        assert f"{topic} ('" in problem.message


@pytest.mark.parametrize(("verdict", "sentence"), METHOD_SENTENCES)
def test_each_sentence_describes_a_method_or_not(verdict, sentence):
    assert bool(find_methods(sentence)) is (verdict == "+")
    problems = list(check_methods(news_post(f"Some words first.\n{sentence}")))
    if verdict == "-":
        assert problems == []
        return
    (problem,) = problems
    assert (problem.line, problem.severity, problem.rule) == (
        6,
        "error",
        "method-described",
    )


def test_a_method_is_named_with_the_reason_and_what_to_write_instead():
    post = news_post("It was late.\n\nI swallowed a bottle\nof pills that night.")
    (problem,) = check_methods(post)
    assert problem.line == 7, "the line where the words start"
    assert "'swallowed a bottle of pills' describes a method" in problem.message
    assert "can lead others to copy it" in problem.message
    assert "without the means, the substance or the amount" in problem.fix
    # A content warning does not make a described method safe.
    warned = news_post("I swallowed a bottle of pills.", Content_warning="overdose")
    assert [p.rule for p in check_methods(warned)] == ["method-described"]
    # In the Title or Summary too, at its line.
    (in_title,) = check_methods(news_post("Text.", Title="I cut my wrists"))
    assert in_title.line == 1


def test_one_passing_mention_in_the_text_is_not_a_topic_but_two_ways_are():
    assert list(check_content_warning(news_post("See our page on suicide."))) == []
    post = news_post("He had suicidal thoughts.\n\nLater he took his own life.")
    (problem,) = check_content_warning(post)
    assert "suicide ('suicidal')" in problem.message
    assert "add the line 'Content_warning: suicide'" in problem.fix


def test_two_topics_touched_once_each_make_a_sensitive_post():
    post = news_post(
        "Last winter I had suicidal thoughts most nights.\n\n"
        "One night I took an overdose and ended up in hospital."
    )
    (problem,) = check_content_warning(post)
    assert "suicide ('suicidal') and overdose ('overdose')" in problem.message
    assert "'Content_warning: suicide, overdose'" in problem.fix


def test_a_content_warning_or_a_page_needs_nothing_more():
    body = "She self-harmed. She is self-harming still."
    assert list(check_content_warning(news_post(body, Content_warning="x"))) == []
    text = "Title: Help\n\n" + body
    page = Post("pages/help.md", text, parse_header(text), SETTINGS)
    assert list(check_content_warning(page)) == []


def test_the_settings_terms_still_count_and_names_are_left_out():
    # 'abuse' is a default term but no built-in topic: it is its own topic.
    (problem,) = check_content_warning(news_post("Text.", Title="Living after abuse"))
    assert "abuse ('abuse')" in problem.message
    assert topic_of("self harm") == "self-harm" and topic_of("abuse") is None
    own = replace(SETTINGS, sensitive_terms=("gambling",))
    (problem,) = check_content_warning(news_post("T.", own, Title="On gambling"))
    assert "'Content_warning: gambling'" in problem.fix
    # A campaign's name is not a mention of its topic.
    named = news_post("Text.", Title="Stop Suicide walk raises £2,000")
    names = replace(SETTINGS, sensitive_names=("stop suicide",))
    assert list(check_content_warning(replace(named, settings=names))) == []
    # A term and a pattern finding the same words count them once.
    assert len(find_topics("suicidal", ("suicidal",))) == 1


def test_a_hostile_text_is_read_in_a_linear_pass():
    started = time.perf_counter()
    for unit in ("took ", "kill ", "a bottle of ", "self ", "jumped from the "):
        text = unit * 60_000
        find_topics(text, SETTINGS.sensitive_terms)
        find_methods(text)
    assert time.perf_counter() - started < 10
