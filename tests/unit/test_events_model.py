"""Events on strings: the times the checks refuse (one line each), the times the
site reads anyway, repeats with and without a last day, and the calendar and
schema.org data made from them (read back with icalendar and json)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time

from icalendar import Calendar

from charity_site.event_times import UK, parse_local, wall_clock
from charity_site.events.model import (
    Event,
    calendar_bytes,
    event_jsonld,
    read_event,
    rrule,
    when_text,
)
from charity_site.rules.per_file import (
    Post,
    check_event,
    check_event_far_ahead,
    check_fields,
)
from charity_site.rules.settings import CheckSettings
from charity_site.source.header import parse_header

TODAY = date(2026, 12, 2)  # a Wednesday
SETTINGS = CheckSettings(sections=("news", "events"), today=TODAY)


def event_problems(**times: str) -> list[str]:
    """The event lines of a post with these header fields, as printed."""
    header = "".join(f"{key}: {value}\n" for key, value in times.items())
    text = f"Title: T\nDate: 2025-01-01\nSummary: S.\n{header}\nText.\n"
    post = Post("events/e.md", text, parse_header(text), SETTINGS)
    found = [*check_fields(post), *check_event(post), *check_event_far_ahead(post)]
    return [str(p) for p in found]


def text_value(raw: str) -> str:
    """A TEXT value as RFC 5545 (3.3.11) unescapes it."""
    return re.sub(
        r"\\([\\;,nN])", lambda m: {"n": "\n", "N": "\n"}.get(m[1], m[1]), raw
    )


def event(**fields: str) -> Event:
    made = read_event(fields, uid="e@x", url="https://x.org/events/e/")
    assert made is not None
    return made


def test_an_end_before_the_start_on_the_same_day_is_one_error():
    (line,) = event_problems(
        Event_start="2025-07-03 14:00", Event_end="2025-07-03 13:00"
    )
    assert line.startswith("events/e.md:5: error: Event_end is before Event_start")
    assert line.endswith("[event-ends-before-start]")
    (same,) = event_problems(
        Event_start="2025-07-03 14:00", Event_end="2025-07-03 14:00"
    )
    assert "Event_end is the same as Event_start" in same
    # What a preview still builds: the start, without the impossible end.
    assert (
        event(event_start="2025-07-03 14:00", event_end="2025-07-03 13:00").end is None
    )
    assert (
        event_problems(Event_start="2025-07-03 14:00", Event_end="2025-07-03 15:00")
        == []
    )
    assert event_problems(Event_start="2025-07-03", Event_end="2025-07-03") == []


def test_a_day_without_a_time_against_a_time_is_one_error():
    (line,) = event_problems(Event_start="2025-07-03 14:00", Event_end="2025-07-05")
    assert ":5: error: Event_end has no time but Event_start has one" in line
    assert line.endswith("[event-times-differ]")


def test_a_time_at_the_end_of_the_calendar_is_one_error_and_nothing_overflows():
    (line,) = event_problems(Event_start="9999-12-31 23:30")
    assert line.startswith("events/e.md:4: error: Event_start '9999-12-31 23:30' is")
    assert line.endswith("[event-year-unlikely]")
    assert read_event({"event_start": "9999-12-31 23:30"}, uid="u", url="") is None
    # Even handed such a time, every part of the site copes.
    last = Event("u", "T", "S", "/e/", parse_local("9999-12-31 23:30"))
    all_day = Event("d", "T", "S", "/d/", parse_local("9999-12-31"))
    weekly = Event(
        "w", "T", "S", "/w/", parse_local("9999-12-30 23:30"), None, "", "weekly"
    )
    for item in (last, all_day, weekly):
        calendar = Calendar.from_ical(calendar_bytes([item], "N", "-//x//EN"))
        assert calendar.walk("VEVENT")
        json.dumps(event_jsonld(item, "Org", "https://x.org"))
        assert when_text(item)
        assert item.is_upcoming(TODAY)
        assert item.next_start(date(9999, 12, 31)) is not None or item is weekly
    assert weekly.next_start(date.max) is None  # no week after the last day


def test_years_nobody_means_are_errors():
    (old,) = event_problems(Event_start="1825-07-02 10:00")
    assert "Event_start '1825-07-02 10:00' is before 1900" in old
    (ahead,) = event_problems(Event_start="2205-07-02 10:00")
    assert (
        ":4: error: Event_start '2205-07-02 10:00' is more than 10 years ahead" in ahead
    )
    assert ahead.endswith("[event-year-unlikely]")
    assert event_problems(Event_start="2036-07-02 10:00") == []  # ten years is fine
    (until,) = event_problems(
        Event_start="2026-07-02 10:00", Event_repeat="weekly", Event_until="2099-12-31"
    )
    assert (
        ":6: error: Event_until '2099-12-31'" in until
        and "remove the Event_until" in until
    )


def test_the_hour_the_clocks_skip_is_an_error_and_the_repeated_one_a_warning():
    assert wall_clock(parse_local("2025-03-30 01:30")) == "skipped"
    assert wall_clock(parse_local("2025-10-26 01:30")) == "repeated"
    assert wall_clock(parse_local("2025-03-30 02:30")) == ""
    assert wall_clock(parse_local("2025-10-26 00:59")) == ""
    (skipped,) = event_problems(Event_start="2025-03-30 01:30")
    assert skipped.startswith(
        "events/e.md:4: error: Event_start: 01:30 on 30 March 2025"
    )
    assert "choose a time that exists, like 'Event_start: 2025-03-30 02:30'" in skipped
    assert skipped.endswith("[event-time-skipped]")
    (twice,) = event_problems(
        Event_start="2025-10-26 00:30", Event_end="2025-10-26 01:30"
    )
    assert twice.startswith("events/e.md:5: warning: Event_end: 01:30 on 26 October")
    assert twice.endswith("[event-time-ambiguous]")


def test_one_line_for_each_header_line_and_none_for_a_good_event():
    assert event_problems(Event_start="2025-07-02 25:00") == [
        "events/e.md:4: error: Event_start '2025-07-02 25:00' is not a date the site "
        "can read — write it as year-month-day, like 'Event_start: 2025-07-02 10:00' "
        "[bad-event-date]"
    ]
    # A year far ahead that is also in a skipped hour: one line, not two.
    assert len(event_problems(Event_start="2205-03-30 01:30")) == 1
    good = event_problems(
        Event_start="2025-07-03 14:00",
        Event_end="2025-07-03 16:00",
        Event_repeat="weekly",
        Event_until="2025-12-18",
    )
    assert good == []
    (alone,) = event_problems(Event_start="2025-07-03", Event_until="2025-08-01")
    assert alone.endswith("[until-without-repeat]") and ": warning: " in alone


def test_seconds_are_read_by_the_checks_and_the_pages_alike():
    assert event_problems(Event_start="2025-07-02 10:00:00") == []
    assert event(event_start="2025-07-02 10:00:00").start == datetime(
        2025, 7, 2, 10, tzinfo=UK
    )


def test_a_weekly_event_without_a_last_day_goes_on_and_is_always_to_come():
    assert event_problems(Event_start="2025-07-03 14:00", Event_repeat="weekly") == []
    cafe = event(
        event_start="2025-07-03 14:00",
        event_end="2025-07-03 16:00",
        event_repeat="weekly",
    )
    assert when_text(cafe).startswith("Every Thursday, 2pm to 4pm")
    assert "until" not in when_text(cafe)
    rule = rrule(cafe)
    assert rule == {"FREQ": "WEEKLY"}, "no UNTIL: until further notice"
    assert cafe.is_upcoming(TODAY)
    assert cafe.next_start(TODAY) == datetime(2026, 12, 3, 14, tzinfo=UK)
    assert cafe.next_start(date(2026, 12, 3)).date() == date(
        2026, 12, 3
    )  # today counts
    fortnightly = event(event_start="2025-07-03 14:00", event_repeat="fortnightly")
    assert (fortnightly.next_start(TODAY).date() - date(2025, 7, 3)).days % 14 == 0
    ended = event(
        event_start="2025-07-03 14:00", event_repeat="weekly", event_until="2025-12-18"
    )
    assert not ended.is_upcoming(TODAY)
    assert ended.next_start(date(2025, 12, 18)) == datetime(2025, 12, 18, 14, tzinfo=UK)
    assert ended.next_start(date(2025, 12, 19)) is None


def test_a_monthly_event_skips_months_without_its_date():
    monthly = event(event_start="2026-01-31 10:00", event_repeat="monthly")
    assert monthly.next_start(date(2026, 2, 1)).date() == date(2026, 3, 31)
    assert monthly.next_start(date(2026, 4, 1)).date() == date(2026, 5, 31)


def test_whole_days_are_days_in_the_calendar_and_the_json_ld():
    fair = event(event_start="2025-07-02", event_end="2025-07-04")
    assert fair.all_day
    assert when_text(fair) == "Wednesday 2 July 2025 to Friday 4 July 2025"
    (entry,) = Calendar.from_ical(calendar_bytes([fair], "N", "-//x//EN")).walk(
        "VEVENT"
    )
    assert entry.decoded("DTSTART") == date(2025, 7, 2)
    assert entry.decoded("DTEND") == date(2025, 7, 5), "DTEND is the day after"
    data = event_jsonld(fair, "Org", "https://x.org")
    assert (data["startDate"], data["endDate"]) == ("2025-07-02", "2025-07-04")


def test_a_calendar_with_nothing_to_come_still_has_a_component():
    calendar = Calendar.from_ical(calendar_bytes([], "Events", "-//x//EN"))
    assert not calendar.walk("VEVENT")
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]


def test_the_calendar_name_is_escaped_text_and_reads_back_whole():
    name = "Mind, Body; and \\ Soul: events"
    data = calendar_bytes([], name, "-//x//EN")
    assert b"X-WR-CALNAME:Mind\\, Body\\; and \\\\ Soul: events\r\n" in data
    calendar = Calendar.from_ical(data)
    assert text_value(str(calendar["X-WR-CALNAME"])) == name


def test_the_location_is_a_place_with_a_postal_address():
    hall = event(
        event_start="2025-07-03 14:00", location="Community hall, 1 High St, PE19 2PQ"
    )
    place = json.loads(json.dumps(event_jsonld(hall, "Org", "https://x.org")))[
        "location"
    ]
    assert place["@type"] == "Place"
    assert place["name"] == "Community hall, 1 High St, PE19 2PQ"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Community hall, 1 High St",
        "postalCode": "PE19 2PQ",
        "addressCountry": "GB",
    }
    online = event(event_start="2025-07-03 14:00", location="Online (Zoom)")
    assert event_jsonld(online, "Org", "")["location"]["@type"] == "VirtualLocation"
    nowhere = event(event_start="2025-07-03 14:00")
    assert "location" not in event_jsonld(nowhere, "Org", "")


def test_the_start_stays_a_wall_clock_time():
    assert event(event_start="2025-07-02 10:00").start.time() == time(10)


def test_a_midnight_written_out_is_a_time_not_a_whole_day():
    event = read_event(
        {
            "title": "Night walk",
            "event_start": "2025-07-04 00:00",
            "event_end": "2025-07-05 00:00",
        },
        uid="u",
        url="",
    )
    assert event is not None and not event.all_day
    (entry,) = Calendar.from_ical(calendar_bytes([event], "N", "-//x//EN")).walk(
        "VEVENT"
    )
    assert entry["dtstart"].dt.hour == 0 and entry["dtstart"].dt.date().day == 4
    assert entry["dtend"].dt.date().day == 5
    day = read_event({"title": "Fair", "event_start": "2025-07-04"}, uid="u", url="")
    assert day is not None and day.all_day
