"""Reading time, static paths and the link checker used by the build tests."""

from __future__ import annotations

from charity_site.source.reading_time import plain_text, reading_minutes
from charity_site.source.references import content_path
from support.links import broken_links


def test_reading_time_rounds_up_and_is_at_least_a_minute():
    assert reading_minutes("<p>Short.</p>") == 1
    assert reading_minutes("<p>" + "word " * 401 + "</p>") == 3


def test_plain_text_drops_tags_and_entities():
    assert plain_text("<p>Tea &amp; <em>cake</em></p>").split() == ["Tea", "&", "cake"]


def test_picture_paths_accept_every_spelling():
    assert content_path("{static}/images/a.jpg") == "images/a.jpg"
    assert content_path("/images/a.jpg") == "images/a.jpg"
    assert content_path("../images/a.jpg", "news") == "images/a.jpg"
    assert content_path("https://elsewhere.example/a.jpg") is None


def test_link_checker_finds_missing_files_and_fragments(tmp_path):
    (tmp_path / "news" / "a").mkdir(parents=True)
    (tmp_path / "index.html").write_text(
        '<a href="news/a/">ok</a><a href="news/b/">missing</a>'
        '<a href="news/a/#here">ok</a><a href="news/a/#gone">gone</a>'
        '<img src="/img.png" srcset="/img.png 1x, /big.png 2x" alt="">'
        '<a href="https://elsewhere.example/">external</a>',
        encoding="utf-8",
    )
    (tmp_path / "news" / "a" / "index.html").write_text(
        '<h1 id="here">A</h1>', encoding="utf-8"
    )
    (tmp_path / "img.png").write_bytes(b"")
    assert broken_links(tmp_path) == [
        "index.html: news/b/",
        "index.html: news/a/#gone (no such id)",
        "index.html: /big.png",
    ]


def test_dates_read_as_people_say_them():
    from datetime import date

    from charity_site.display.reading import long_date
    from charity_site.events.model import Event, parse_local, when_text

    def event(start, end=None, repeat="", until=None):
        return Event(
            "u", "T", "S", "/e/", parse_local(start), end and parse_local(end), "",
            repeat, until,
        )  # fmt: skip

    assert long_date("2025-05-01") == "1 May 2025"
    assert long_date("soon") == "soon"
    assert (
        when_text(event("2025-07-02 10:00", "2025-07-02 12:00"))
        == "Wednesday 2 July 2025, 10am to midday"
    )
    assert when_text(event("2025-07-02")) == "Wednesday 2 July 2025"
    assert (
        when_text(
            event("2025-07-03 14:00", "2025-07-03 16:30", "weekly", date(2025, 12, 18))
        )
        == "Every Thursday, 2pm to 4:30pm, from 3 July 2025 until 18 December 2025"
    )
    assert when_text(event("2025-07-03 14:00", None, "fortnightly")).startswith(
        "Every other Thursday, 2pm"
    )
