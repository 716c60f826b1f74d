"""One clock per build: the publish, the feeds, the desk, the rules and the
events page agree on what is live and what is to come, near midnight in
summer, when the day in UTC is not the day in the site's zone.

The build's time is set the one documented way, the SITE_NOW setting
(docs/settings.md). The builds run in this process: what is tested is the
build's clock, not Pelican's command line.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from lxml import etree
from pelican import Pelican
from pelican.contents import Article
from pelican.settings import read_settings

from support.site import ROOT, SITEURL, parse, small_site

# 23:30 in UTC on 14 July 2026 is 00:30 on 15 July in London (BST).
NOW = "2026-07-14T23:30:00+00:00"

POST = (
    "Title: {title}\nDate: {date}\nSummary: {title}, a test.\n{extra}\n{title} text.\n"
)
EVENT_EXTRA = "Event_start: {start}\nEvent_end: {end}\nLocation: Online\n"


def write_site(content) -> None:
    """A small site with posts and events either side of the frozen now."""
    small_site(content)
    news, events = content / "news", content / "events"
    events.mkdir()
    posts = {
        # 00:15 London on the 15th: a quarter of an hour before now: live.
        news / "quarter-past.md": ("Quarter past midnight", "2026-07-15 00:15", ""),
        # 01:00 London on the 15th: half an hour after now: scheduled. (This
        # computer's clock, long past July 2026, would publish it.)
        news / "one-oclock.md": ("One o'clock post", "2026-07-15 01:00", ""),
        # Review dates read on the build's day (the 15th, not the 14th in UTC).
        news / "reviewed.md": (
            "Reviewed today",
            "2026-07-01",
            "Reviewed: 2026-01-15\nReview_due: 2026-07-15\n",
        ),
        news / "overdue.md": (
            "Review overdue",
            "2026-07-01",
            "Reviewed: 2026-01-14\nReview_due: 2026-07-14\n",
        ),
        events / "morning-walk.md": (
            "Morning walk",
            "2026-07-01",
            EVENT_EXTRA.format(start="2026-07-15 10:00", end="2026-07-15 11:00"),
        ),
        events / "late-talk.md": (
            "Late talk",
            "2026-07-01",
            EVENT_EXTRA.format(start="2026-07-14 22:00", end="2026-07-14 23:50"),
        ),
    }
    for path, (title, when, extra) in posts.items():
        path.write_text(
            POST.format(title=title, date=when, extra=extra), encoding="utf-8"
        )


def build_here(content, output, config: str, monkeypatch, **override) -> None:
    """One build in this process, at the frozen time; caches beside the output."""
    monkeypatch.setenv("SITE_CACHE", str(output.parent / "cache"))
    monkeypatch.setenv("SITEURL", SITEURL)
    settings = read_settings(
        str(ROOT / config),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "SITE_NOW": NOW,
            **override,
        },
    )
    Pelican(settings).run()


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The same content built as a preview and as a publish, at NOW."""
    monkeypatch = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("one-clock")
    content = root / "content"
    write_site(content)
    try:
        build_here(content, root / "preview" / "output", "pelicanconf.py", monkeypatch)
        build_here(content, root / "publish" / "output", "publishconf.py", monkeypatch)
    finally:
        monkeypatch.undo()
    return root / "preview" / "output", root / "publish" / "output"


def test_a_post_due_before_now_in_london_is_live_in_the_publish_and_feeds(builds):
    _preview, publish = builds
    assert (publish / "news" / "quarter-past" / "index.html").is_file()
    assert not (publish / "news" / "one-oclock").exists()
    news = parse(publish / "news" / "index.html").xpath("string(//main)")
    assert "Quarter past midnight" in news and "One o'clock post" not in news
    feed = etree.parse(str(publish / "feeds" / "all.atom.xml"))
    titles = feed.xpath("//a:entry/a:title/text()", namespaces={"a": ATOM})
    assert "Quarter past midnight" in titles
    assert "One o'clock post" not in titles
    items = json.loads((publish / "feeds" / "all.json").read_text(encoding="utf-8"))
    listed = [item["title"] for item in items["items"]]
    assert "Quarter past midnight" in listed and "One o'clock post" not in listed


def test_the_desk_lists_only_the_later_post_as_scheduled(builds):
    preview, _publish = builds
    desk = parse(preview / "_desk" / "index.html")
    assert "What this preview found on 15 July 2026" in desk.xpath("string(//main)")
    waiting = [
        " ".join(li.text_content().split())
        for li in desk.xpath("//ul[@id='desk-waiting-list']/li")
    ]
    assert len(waiting) == 1, waiting
    assert waiting[0].startswith("One o'clock post: scheduled, goes live")
    assert not any("Quarter past midnight" in line for line in waiting)
    # The preview has the live post at its own address, the later one as a draft.
    assert (preview / "news" / "quarter-past" / "index.html").is_file()
    assert (preview / "drafts" / "news" / "one-oclock" / "index.html").is_file()
    reviews = desk.xpath("string(//ul[@id='desk-reviews-list'])")
    assert "Review overdue: review was due on 14 July 2026 (1 day ago)" in " ".join(
        reviews.split()
    )
    assert "Reviewed today: review due on 15 July 2026 (in 0 days)" in " ".join(
        reviews.split()
    )


def test_the_events_page_and_calendar_count_from_the_day_in_london(builds):
    _preview, publish = builds
    page = parse(publish / "events" / "index.html")
    cards = {
        card.xpath("string(.//h2)").strip(): " ".join(card.text_content().split())
        for card in page.xpath("//article")
    }
    assert "When:" in cards["Morning walk"] and "Was on:" not in cards["Morning walk"]
    assert "Was on:" in cards["Late talk"]
    listed = list(cards)
    assert listed.index("Morning walk") < listed.index("Late talk")
    calendar = Calendar.from_ical((publish / "events" / "calendar.ics").read_bytes())
    coming = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert coming == ["Morning walk"]
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/London"  # the TIMEZONE setting's name


def test_the_rules_read_review_dates_on_the_builds_day(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    write_site(content)
    build_here(content, tmp_path / "output", "pelicanconf.py", monkeypatch)
    log = capsys.readouterr()
    lines = [
        line for line in (log.out + log.err).splitlines() if "[review-overdue]" in line
    ]
    assert len(lines) == 1 and lines[0].startswith("news/overdue.md:"), lines


def test_a_site_now_that_is_not_a_moment_is_one_line(tmp_path, monkeypatch, capsys):
    with pytest.raises(SystemExit) as refused:
        build_here(
            small_site(tmp_path / "content"),
            tmp_path / "output",
            "pelicanconf.py",
            monkeypatch,
            SITE_NOW="2026-07-14 23:30",  # no offset: which 23:30?
        )
    assert refused.value.code == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("pelicanconf.py: error: SITE_NOW is '2026-07-14 23:30'")
    assert "Traceback" not in line
    assert not (tmp_path / "output").exists()


def test_pelican_still_drafts_a_future_post_itself():
    """What schedule.py undoes and redoes: Pelican's Article reads its own clock.

    If Pelican stops deciding this in Article.__init__, schedule.py's note on
    Pelican's behaviour is out of date (its own decision still stands).
    """
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    now = datetime.now(UTC)
    later = Article(
        "x", {"title": "Later", "date": now + timedelta(days=1)}, settings=settings
    )
    earlier = Article(
        "x", {"title": "Earlier", "date": now - timedelta(days=1)}, settings=settings
    )
    assert later.status == "draft" and earlier.status == "published"


ATOM = "http://www.w3.org/2005/Atom"
