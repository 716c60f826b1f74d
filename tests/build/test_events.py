"""Events: schema.org Event data, a calendar file each and one for all upcoming
events (parsed back with icalendar), repeats as RRULEs and in words (a weekly
one with no last day goes on), and the events list with what is still to come
first."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from icalendar import Calendar

from support.site import build, build_here, small_site

SITENAME = "Mind, Body; and Soul"  # a comma and a semicolon, escaped in calendars

EVENT = """Title: {title}
Date: 2025-01-01
Summary: {title}, for anyone who would like to come.
Event_start: {start}
Event_end: {end}
Location: {where}
{extra}
Words about it.
"""


def write_events(content, today: date) -> None:
    soon, later = today + timedelta(days=10), today + timedelta(days=40)
    last_year, began = today - timedelta(days=300), today - timedelta(days=60)
    events = content / "events"
    events.mkdir(parents=True, exist_ok=True)
    for name, title, start, end, where, extra in (
        (
            "past",
            "Last year's fair",
            f"{last_year} 10:00",
            f"{last_year} 15:00",
            "Ely",
            "",
        ),
        ("later", "Autumn talk", f"{later} 18:30", f"{later} 20:00", "Online", ""),
        (
            "cafe",
            "Weekly cafe",
            f"{soon} 14:00",
            f"{soon} 16:00",
            "Community hall, St Neots",
            f"Event_repeat: weekly\nEvent_until: {soon + timedelta(days=70)}\n",
        ),
        (
            "drop-in",
            "Drop-in",
            f"{began} 14:00",
            f"{began} 16:00",
            "Library, 1 High St, PE19 2PQ",
            "Event_repeat: weekly\n",  # until further notice
        ),
    ):
        (events / f"{name}.md").write_text(
            EVENT.format(title=title, start=start, end=end, where=where, extra=extra),
            encoding="utf-8",
        )


def test_events_have_calendars_jsonld_and_come_soonest_first(tmp_path):
    content = tmp_path / "content"
    small_site(content)
    today = date.today()
    write_events(content, today)
    named = ("-e", f"SITENAME={json.dumps(SITENAME)}")
    site = build_here(content, tmp_path / "site", "publishconf.py", *named)
    assert site.returncode == 0, site.log

    listed = [
        a.get("href").removeprefix(site.siteurl)
        for a in site.page("events/").xpath("//h2[@class='card-title']/a")
    ]
    assert listed == [
        "/events/drop-in/",  # began 60 days ago, on again within the week
        "/events/cafe/",
        "/events/later/",
        "/events/past/",
    ]
    assert "Was on:" in site.page("events/").xpath("string(//article[4])")
    began = today - timedelta(days=60)
    next_time = today + timedelta(days=(began - today).days % 7)
    drop_in_card = site.page("events/").xpath("string(//article[1])")
    assert "When: Every " in drop_in_card
    assert f"next on {next_time:%A} {next_time.day} {next_time:%B %Y}" in drop_in_card
    drop_in = site.page("events/drop-in/")
    assert f"Every {began:%A}, 2pm to 4pm" in drop_in.xpath("string(//dl)")
    assert "until" not in drop_in.xpath("string(//dl)")
    place = json.loads(drop_in.xpath("string(//script[@type='application/ld+json'])"))[
        "location"
    ]
    assert place["@type"] == "Place" and place["name"].startswith("Library")
    assert place["address"]["@type"] == "PostalAddress"
    assert place["address"]["postalCode"] == "PE19 2PQ"
    assert place["address"]["addressCountry"] == "GB"

    cafe = site.page("events/cafe/")
    weekday = (today + timedelta(days=10)).strftime("%A")
    assert f"Every {weekday}, 2pm to 4pm, from " in cafe.xpath("string(//dl)")
    (data,) = [
        json.loads(s)
        for s in cafe.xpath("//script[@type='application/ld+json']/text()")
    ]
    assert data["@type"] == "Event" and data["name"] == "Weekly cafe"
    assert data["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")
    assert data["location"]["@type"] == "Place"
    assert data["organizer"]["@type"] == "Organization"
    assert data["eventSchedule"]["repeatFrequency"] == "P1W"
    assert data["startDate"].endswith(("+00:00", "+01:00"))
    online = json.loads(
        site.page("events/later/").xpath(
            "string(//script[@type='application/ld+json'])"
        )
    )
    assert online["location"]["@type"] == "VirtualLocation"

    link = cafe.xpath("//p[@class='add-to-calendar']/a/@href")[0]
    assert link == f"{site.siteurl}/events/cafe/event.ics"
    for name in ("cafe", "later", "past"):
        calendar = Calendar.from_ical(
            (site.output / "events" / name / "event.ics").read_bytes()
        )
        (entry,) = calendar.walk("VEVENT")
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in entry, (name, required)
    cafe_entry = Calendar.from_ical(
        (site.output / "events" / "cafe" / "event.ics").read_bytes()
    ).walk("VEVENT")[0]
    rule = cafe_entry["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["UNTIL"]
    assert str(cafe_entry.decoded("DTSTART").tzinfo) == "Europe/London"

    upcoming = Calendar.from_ical(
        (site.output / "events" / "calendar.ics").read_bytes()
    )
    titles = sorted(str(e["SUMMARY"]) for e in upcoming.walk("VEVENT"))
    assert titles == ["Autumn talk", "Drop-in", "Weekly cafe"], "past ones left out"
    assert upcoming.walk("VTIMEZONE"), "times say their zone"
    (goes_on,) = [e for e in upcoming.walk("VEVENT") if e["SUMMARY"] == "Drop-in"]
    assert dict(goes_on["RRULE"]) == {"FREQ": ["WEEKLY"]}, "no UNTIL"
    # TEXT escaping (RFC 5545 3.3.11): the site's name reads back whole.
    raw = str(upcoming["X-WR-CALNAME"])
    assert re.sub(r"\\(.)", r"\1", raw) == f"{SITENAME}: events", raw
    # The same content gives the same calendar files.
    again = build_here(content, tmp_path / "again", "publishconf.py", *named)
    for path in ("events/calendar.ics", "events/cafe/event.ics"):
        assert (again.output / path).read_bytes() == (site.output / path).read_bytes()


def test_times_the_site_cannot_use_are_one_line_each(tmp_path):
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    for name, start, end, extra in (
        ("a", "2025-07-03 14:00", "2025-07-03 13:00", ""),
        ("b", "2025-07-03 14:00", "2025-07-03 16:00", "Event_repeat: daily\n"),
        ("c", "9999-12-31 23:30", "", ""),
        ("d", "2025-03-30 01:30", "2025-03-30 03:00", ""),
    ):
        (content / "events" / f"{name}.md").write_text(
            EVENT.format(title=name, start=start, end=end, where="Ely", extra=extra),
            encoding="utf-8",
        )
    site = build(content, tmp_path / "site", "publishconf.py")
    assert site.returncode != 0
    for line in (
        "events/a.md:5: error: Event_end is before Event_start",
        "events/b.md:7: error: Event_repeat 'daily' is not one the site knows",
        "events/c.md:4: error: Event_start '9999-12-31 23:30' is too far ahead",
        "events/d.md:4: error: Event_start: 01:30 on 30 March 2025 never happens",
    ):
        assert line in site.log, site.log
    assert "Traceback" not in site.log and "OverflowError" not in site.log


def test_every_calendar_file_of_the_sample_site_reads_back(published_site):
    files = sorted(published_site.output.rglob("*.ics"))
    assert len(files) >= 3, "one per event, and the upcoming-events calendar"
    for path in files:
        calendar = Calendar.from_ical(path.read_bytes())
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"], path
        # RFC 5545 3.6: a calendar holds at least one component, even with
        # nothing to come (then the UK time zone alone).
        assert calendar.subcomponents, path
        for entry in calendar.walk("VEVENT"):
            for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
                assert required in entry, (path, required)
    page = published_site.page("events/good-mood-cafe-st-neots/")
    # The page links its file while the event is to come (the sample's dates
    # are fixed, so on the real clock it passes): never both, never neither.
    linked = bool(page.xpath("//a[contains(@href,'event.ics')]"))
    passed = "This event has passed." in page.xpath("string(//main)")
    assert linked is not passed


def test_an_event_page_leads_with_its_day_and_says_when_it_has_passed(tmp_path):
    content = tmp_path / "content"
    small_site(content)
    (content / "events").mkdir(parents=True, exist_ok=True)
    for name, start, end in (
        ("gone", "2026-07-10 18:00", "2026-07-10 20:00"),
        ("today", "2026-07-14 09:00", "2026-07-14 10:00"),  # on the day: still on
        ("coming", "2026-07-20 18:00", "2026-07-20 20:00"),
    ):
        (content / "events" / f"{name}.md").write_text(
            EVENT.format(title=name, start=start, end=end, where="Ely", extra=""),
            encoding="utf-8",
        )
    # The build's one clock, frozen: noon in London on 14 July 2026.
    now = ("-e", 'SITE_NOW="2026-07-14T12:00:00+01:00"')
    site = build_here(content, tmp_path / "site", "publishconf.py", *now)
    assert site.returncode == 0, site.log

    def header(name: str):
        (found,) = site.page(f"events/{name}/").xpath("//header[@class='post-header']")
        return found

    for name, passed in (("gone", True), ("today", False), ("coming", False)):
        top = header(name)
        # After the title: the event's own day, then the day it was posted.
        after_title = [e for e in top.xpath("h1/following-sibling::*")]
        kinds = [e.get("class") for e in after_title]
        details = kinds.index("event-details")
        posted = next(
            i for i, e in enumerate(after_title) if "Posted" in e.text_content()
        )
        assert details < posted, (name, kinds)
        assert "When" in after_title[details].text_content()
        note = top.xpath("string(.//p[@class='event-passed'])").strip()
        assert note == ("This event has passed." if passed else ""), name
        calendar_links = top.xpath("//a[contains(@href, 'event.ics')]")
        assert bool(calendar_links) is not passed, name
        if passed:
            assert kinds.index("event-passed") < details  # said first
    page = site.page("events/gone/")
    assert "Add to your calendar" not in page.xpath("string(//main)")
    # The listing agrees with the page, on the same clock.
    listing = site.page("events/").xpath("string(//main)")
    assert "Was on:" in listing
