"""Section roles are settings: the sample site with its stories and events folders
renamed (voices/, whats-on/) by settings alone keeps what each role does.

One publish for what a reader sees (the featured story, calendars, upcoming
events first) and one check for what an editor is told (a story without
Consent), both in this process: the command line is not what is tested.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from icalendar import Calendar

from support.site import build_here, copy_content

STORIES, EVENTS = "voices", "whats-on"
SECTIONS = [STORIES, "campaigns", "news", EVENTS]
# One -e with every override: Pelican keeps only the last -e it is given.
RENAMED = (
    "-e",
    f"ARTICLE_PATHS={json.dumps(SECTIONS)}",
    f"SECTION_LABELS={json.dumps({STORIES: 'Voices', EVENTS: 'What is on'})}",
    "SECTION_ROLES="
    + json.dumps({STORIES: "story", "news": "news-article", EVENTS: "event"}),
)
UPCOMING = """Title: Spring walk
Date: 2025-01-01
Summary: A gentle walk for anyone who would like to come along.
Event_start: {start} 10:30
Event_end: {start} 12:00
Location: Riverside, Huntingdon

Meet at the bandstand.
"""
NO_CONSENT = """Title: A story without consent
Date: 2025-01-01
Summary: A story whose storyteller's consent is not recorded.

Words.
"""


def renamed_sample(content):
    """The sample content with its story and event folders renamed, and its links
    and section intro following them."""
    copy_content(content)
    (content / "stories").rename(content / STORIES)
    (content / "events").rename(content / EVENTS)
    for source in content.rglob("*.md"):
        text = source.read_text(encoding="utf-8")
        text = text.replace("{filename}/stories/", f"{{filename}}/{STORIES}/")
        text = text.replace("{filename}/events/", f"{{filename}}/{EVENTS}/")
        text = text.replace("Intro_for: stories", f"Intro_for: {STORIES}")
        source.write_text(text, encoding="utf-8")
    return content


def test_renamed_sections_keep_their_roles(tmp_path):
    content = renamed_sample(tmp_path / "content")
    soon = date.today() + timedelta(days=20)
    (content / EVENTS / "spring-walk.md").write_text(
        UPCOMING.format(start=soon.isoformat()), encoding="utf-8"
    )
    cache = tmp_path / "cache"
    site = build_here(
        content,
        tmp_path / "site",
        "publishconf.py",
        "--fatal",
        "warnings",
        *RENAMED,
        cache=cache,
    )
    assert site.returncode == 0, site.log
    base = site.siteurl
    for old in ("stories", "events"):
        assert not (site.output / old).exists(), old

    # The newest story leads the home page (no post is marked Featured).
    home = site.page("")
    lead = home.xpath("//section[@class='featured']")
    assert lead, "a featured story"
    assert lead[0].xpath("string(.//p[@class='meta'])").strip() == "Featured story"
    assert lead[0].xpath(".//h2/a/@href") == [
        f"{base}/{STORIES}/joy-walking-back-to-myself/"
    ]

    # Events: what is still to come first, the calendar of it, a file each.
    events = site.page(f"{EVENTS}/")
    listed = events.xpath("//h2[@class='card-title']/a/@href")
    assert listed == [
        f"{base}/{EVENTS}/spring-walk/",
        f"{base}/{EVENTS}/co-production-workshop/",  # past: latest first
        f"{base}/{EVENTS}/good-mood-cafe-st-neots/",
    ]
    assert events.xpath("//p[@class='add-to-calendar']/a/@href") == [
        f"{base}/{EVENTS}/calendar.ics"
    ]
    calendar = Calendar.from_ical(site.file_for(f"{EVENTS}/calendar.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Spring walk"]
    for slug in ("spring-walk", "good-mood-cafe-st-neots"):
        one = site.file_for(f"{EVENTS}/{slug}/event.ics").read_bytes()
        assert len(Calendar.from_ical(one).walk("VEVENT")) == 1, slug

    # A story still needs its storyteller's consent, whatever its folder's name.
    (content / STORIES / "no-consent.md").write_text(NO_CONSENT, encoding="utf-8")
    check = build_here(
        content,
        tmp_path / "checked",
        "publishconf.py",
        "--fatal",
        "warnings",
        *RENAMED,
        "CHECK_ONLY=true",
        cache=cache,
    )
    assert check.returncode == 1, check.log
    lines = [
        line
        for line in check.log.splitlines()
        if line.startswith(
            f"{STORIES}/no-consent.md:1: error: this story has no Consent"
        )
    ]
    assert len(lines) == 1, check.log
    assert lines[0].endswith("[missing-consent]")
    assert "Traceback" not in check.log
