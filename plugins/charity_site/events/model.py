"""An event's times, repeats, words, calendar entry and schema.org data. Pure.

Times are written in the header as UK local time (`2025-07-02 10:00`); a repeat
(`Event_repeat: weekly`) runs until `Event_until`, and becomes an RRULE in the
calendar files and "Every Thursday" on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
# Event_repeat values: (RRULE frequency, interval, words before the day name)
REPEATS = {
    "weekly": ("WEEKLY", 1, "Every"),
    "fortnightly": ("WEEKLY", 2, "Every other"),
    "monthly": ("MONTHLY", 1, "Monthly, on the same date:"),
}
ONLINE = ("online", "on-line", "zoom", "teams")  # a Location meaning no venue


def parse_local(text: object) -> datetime | None:
    """'2025-07-02 10:00' or '2025-07-02' as a UK time, or None."""
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(str(text).strip(), fmt).replace(tzinfo=UK)
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Event:
    """What the site knows of one event."""

    uid: str  # stable: the same event keeps it in every calendar
    title: str
    summary: str
    url: str  # absolute when the site has an address
    start: datetime
    end: datetime | None = None
    location: str = ""
    repeat: str = ""  # a key of REPEATS, or ''
    until: date | None = None
    changed: datetime | None = None  # the post's Modified or Date (for DTSTAMP)

    @property
    def all_day(self) -> bool:
        """True when only a day is given, no time."""
        return self.start.timetz() == time(0, tzinfo=UK) and self.end is None

    @property
    def online(self) -> bool:
        """True when the Location says it happens online."""
        return self.location.strip().lower().startswith(ONLINE)

    def last_day(self) -> date:
        """The last day it happens (its repeats' end, or its own end)."""
        if self.repeat and self.until:
            return self.until
        return (self.end or self.start).date()

    def is_upcoming(self, today: date) -> bool:
        """True while it has a day still to come (today included)."""
        return self.last_day() >= today


def clock(moment: datetime) -> str:
    """'2pm', '10:30am', 'midday' (GOV.UK style)."""
    if (moment.hour, moment.minute) == (12, 0):
        return "midday"
    if (moment.hour, moment.minute) == (0, 0):
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def long_day(day: date) -> str:
    """'Wednesday 2 July 2025'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_day(day: date) -> str:
    """'2 July 2025'."""
    return f"{day.day} {day:%B %Y}"


def uk_timezone():
    """Europe/London as a VTIMEZONE: GMT, and BST from late March to late October."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", "Europe/London")
    for part, start, month, before, after, name in (
        (TimezoneDaylight(), datetime(1970, 3, 29, 1), 3, 0, 1, "BST"),
        (TimezoneStandard(), datetime(1970, 10, 25, 2), 10, 1, 0, "GMT"),
    ):
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", timedelta(hours=before))
        part.add("tzoffsetto", timedelta(hours=after))
        part.add("rrule", {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": "-1SU"})
        zone.add_component(part)
    return zone


def when_text(event: Event) -> str:
    """The event's time in words, like 'Every Thursday, 2pm to 4pm, from ...'."""
    start, end = event.start, event.end
    hours = ""
    if not event.all_day:
        hours = clock(start)
        if end and end.date() == start.date():
            hours += f" to {clock(end)}"
    if event.repeat in REPEATS:
        _freq, _interval, words = REPEATS[event.repeat]
        if event.repeat == "monthly":
            text = f"Monthly on day {start.day}"
        else:
            text = f"{words} {start:%A}"
        text += f", {hours}" if hours else ""
        text += f", from {short_day(start.date())}"
        if event.until:
            text += f" until {short_day(event.until)}"
        return text
    text = long_day(start.date())
    text += f", {hours}" if hours else ""
    if end and end.date() != start.date():
        text += f" to {long_day(end.date())}"
        text += f", {clock(end)}" if not event.all_day else ""
    return text


def rrule(event: Event) -> dict | None:
    """The RRULE of a repeating event (UNTIL in UTC, the end of its last day)."""
    if event.repeat not in REPEATS:
        return None
    freq, interval, _words = REPEATS[event.repeat]
    rule: dict = {"FREQ": freq}
    if interval > 1:
        rule["INTERVAL"] = interval
    if event.until:
        last = datetime.combine(event.until, time(23, 59, 59), tzinfo=UK)
        rule["UNTIL"] = last.astimezone(ZoneInfo("UTC"))
    return rule


def calendar_bytes(events: list[Event], name: str, prodid: str) -> bytes:
    """An iCalendar file of the events (UK time zone included), the same each time."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in sorted(events, key=lambda e: (e.start, e.uid)):
        entry = VEvent()
        entry.add("uid", event.uid)
        # DTSTAMP from the post, not the clock: a rebuild writes the same file.
        entry.add("dtstamp", (event.changed or event.start).astimezone(ZoneInfo("UTC")))
        entry.add("summary", event.title)
        entry.add("description", f"{event.summary}\n\n{event.url}".strip())
        if event.all_day:
            entry.add("dtstart", event.start.date())
            entry.add("dtend", event.start.date() + timedelta(days=1))
        else:
            entry.add("dtstart", event.start)
            entry.add("dtend", event.end or event.start + timedelta(hours=1))
        if event.location:
            entry.add("location", event.location)
        if event.url:
            entry.add("url", event.url)
        rule = rrule(event)
        if rule:
            entry.add("rrule", rule)
        calendar.add_component(entry)
    if any(not event.all_day for event in events):
        calendar.subcomponents.insert(0, uk_timezone())
    return calendar.to_ical()


def event_jsonld(event: Event, organiser: str, siteurl: str, image: str = "") -> dict:
    """schema.org Event data for the event's page."""
    online = event.online
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": event.start.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "location": (
            {"@type": "VirtualLocation", "url": event.url}
            if online
            else {"@type": "Place", "name": event.location, "address": event.location}
        ),
        "organizer": {"@type": "Organization", "name": organiser, "url": siteurl + "/"},
        "url": event.url,
    }
    if event.end:
        data["endDate"] = event.end.isoformat()
    if image:
        data["image"] = [image]
    rule = rrule(event)
    if rule:
        schedule: dict = {
            "@type": "Schedule",
            "repeatFrequency": "P1M"
            if rule["FREQ"] == "MONTHLY"
            else f"P{rule.get('INTERVAL', 1)}W",
            "startDate": event.start.date().isoformat(),
            "startTime": event.start.strftime("%H:%M"),
            "scheduleTimezone": "Europe/London",
        }
        if rule["FREQ"] == "WEEKLY":
            schedule["byDay"] = f"https://schema.org/{event.start:%A}"
        if event.end:
            schedule["endTime"] = event.end.strftime("%H:%M")
        if event.until:
            schedule["endDate"] = event.until.isoformat()
        data["eventSchedule"] = schedule
    return data
