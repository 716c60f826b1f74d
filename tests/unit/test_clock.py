"""The build's one clock: now, today and the zone from TIMEZONE; SITE_NOW fixes it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from charity_site.clock import (
    Clock,
    ClockSettings,
    read_clock_settings,
    site_clock,
)
from charity_site.settings import BadSetting

LONDON = ZoneInfo("Europe/London")
SUMMER_NIGHT = "2026-07-14T23:30:00+00:00"  # 00:30 on the 15th in London


def test_today_is_the_day_in_the_sites_zone_not_in_utc():
    clock = read_clock_settings(
        {"TIMEZONE": "Europe/London", "SITE_NOW": SUMMER_NIGHT}
    ).start()
    assert clock.now == datetime(2026, 7, 15, 0, 30, tzinfo=LONDON)
    assert clock.now.utcoffset().total_seconds() == 3600  # BST
    assert clock.today == date(2026, 7, 15)
    assert clock.zone_name == "Europe/London"
    winter = read_clock_settings(
        {"TIMEZONE": "Europe/London", "SITE_NOW": "2026-01-14T23:30:00+00:00"}
    ).start()
    assert winter.today == date(2026, 1, 14)  # GMT: the same day as UTC


def test_a_naive_header_time_is_read_in_the_sites_zone():
    clock = Clock(datetime(2026, 7, 15, 0, 30, tzinfo=LONDON), LONDON)
    assert not clock.is_future(datetime(2026, 7, 15, 0, 15))  # live
    assert clock.is_future(datetime(2026, 7, 15, 1, 0))  # scheduled
    # An aware time is compared as the moment it is: 00:15 in UTC is 01:15 here.
    assert clock.is_future(datetime(2026, 7, 15, 0, 15, tzinfo=UTC))


def test_without_site_now_each_start_is_the_real_time_in_the_zone():
    settings = ClockSettings(zone=LONDON)
    before = datetime.now(UTC)
    clock = settings.start()
    after = datetime.now(UTC)
    assert before <= clock.now <= after
    assert clock.now.tzinfo is LONDON
    assert clock.today == clock.now.astimezone(LONDON).date()


def test_site_now_fixes_every_start():
    settings = read_clock_settings({"TIMEZONE": "UTC", "SITE_NOW": SUMMER_NIGHT})
    assert settings.start() == settings.start()
    assert settings.start().today == date(2026, 7, 14)  # in UTC it is still the 14th


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"TIMEZONE": "Europe/Londn"}, "TIMEZONE is 'Europe/Londn', which is not"),
        ({"TIMEZONE": ""}, "TIMEZONE is '', which is not a time zone"),
        ({"TIMEZONE": 1}, "TIMEZONE is 1, which is not a time zone"),
        (
            {"TIMEZONE": "UTC", "SITE_NOW": "2026-07-14 23:30"},
            "SITE_NOW is '2026-07-14 23:30', which is not a moment with its offset",
        ),
        (
            {"TIMEZONE": "UTC", "SITE_NOW": "tomorrow"},
            "SITE_NOW is 'tomorrow', which is not a moment",
        ),
    ],
)
def test_a_wrong_zone_or_site_now_is_one_line_naming_it(settings, words):
    with pytest.raises(BadSetting) as wrong:
        read_clock_settings(settings)
    message = str(wrong.value)
    assert message.startswith(words) and "\n" not in message


def test_invoke_new_dates_a_draft_on_the_sites_clock(tmp_path):
    from charity_site_ops.scaffold import start_post

    content = tmp_path / "content"
    content.mkdir()
    settings = tmp_path / "frozen.py"  # the site's settings, at a fixed time
    settings.write_text(
        f"from pelicanconf import *\nPATH = {str(content)!r}\n"
        f"SITE_NOW = {SUMMER_NIGHT!r}\n",
        encoding="utf-8",
    )
    path = start_post("Walk for hope", "news", content, settings)
    assert "Date: 2026-07-15 00:30\n" in path.read_text(encoding="utf-8")
    assert path == content / "news" / "walk-for-hope.md"


def test_calendars_name_the_clocks_zone():
    from charity_site.events.model import calendar_bytes

    clock = site_clock({"TIMEZONE": "Europe/London", "SITE_NOW": SUMMER_NIGHT})
    calendar = Calendar.from_ical(
        calendar_bytes([], "Events", "-//x//EN", clock.zone_name)
    )
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == clock.zone_name
