"""An event's times, repeats, words, calendar entry and schema.org data. Pure.

Times are written in the header as UK local time (`2025-07-02 10:00`); a repeat
(`Event_repeat: weekly`) runs until `Event_until`, or until further notice when
there is none, and becomes an RRULE in the calendar files and "Every Thursday"
on the page.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, date, datetime, time, timedelta

from ..contract import BY_KEY
from ..dates import has_time
from ..event_times import (
    UK,
    UTC,
    ends_before,
    later,
    next_day,
    out_of_range,
    parse_local,
)

# What each Event_repeat value means: (RRULE frequency, interval, words before
# the day name).
_REPEAT_RULES = {
    "weekly": ("WEEKLY", 1, "Every"),
    "fortnightly": ("WEEKLY", 2, "Every other"),
    "monthly": ("MONTHLY", 1, "Monthly, on the same date:"),
}
# The values are the contract's choices, the one list the checks and the editor
# read: a choice added there without its meaning here fails at import.
REPEATS = {choice: _REPEAT_RULES[choice] for choice in BY_KEY["event_repeat"].choices}
ONLINE = ("online", "on-line", "zoom", "teams")  # a Location meaning no venue
DEFAULT_LENGTH = timedelta(hours=1)  # in calendars, for an event with no end
# A UK postcode, like CB1 2AB or PE19 2PQ (schema.org's postalCode).
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\b", re.IGNORECASE)


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
    until: date | None = None  # the last day of a repeat; None: until further notice
    changed: datetime | None = None  # the post's Modified or Date (for DTSTAMP)
    # Whether the editor wrote times: 00:00 written out is a time (a night event,
    # a 24-hour one), not a whole day. None: judged from the times themselves.
    timed: bool | None = None

    @property
    def all_day(self) -> bool:
        """True when only days are given, no times."""
        if self.timed is not None:
            return not self.timed
        return self.start.time() == time(0) and (
            self.end is None or self.end.time() == time(0)
        )

    @property
    def online(self) -> bool:
        """True when the Location says it happens online."""
        return self.location.strip().lower().startswith(ONLINE)

    def last_day(self) -> date:
        """The last day it happens (its repeats' end, or its own end)."""
        if self.repeat in REPEATS:
            return self.until or date.max  # no end: it goes on
        return (self.end or self.start).date()

    def next_start(self, today: date) -> datetime | None:
        """When it next starts, today or later (an event still on counts), or None
        once it is over."""
        if self.repeat not in REPEATS:
            return self.start if self.last_day() >= today else None
        day = _next_repeat(self, today)
        if day is None or (self.until and day > self.until):
            return None
        return datetime.combine(day, self.start.time(), tzinfo=self.start.tzinfo)

    def is_upcoming(self, today: date) -> bool:
        """True while it has a day still to come (today included)."""
        return self.next_start(today) is not None


def _next_repeat(event: Event, today: date) -> date | None:
    """The first day of its repeats that is today or later (None past year 9999)."""
    first = event.start.date()
    if first >= today:
        return first
    freq, interval, _words = REPEATS[event.repeat]
    if freq == "WEEKLY":
        step = 7 * interval
        steps = -(-(today - first).days // step)  # rounded up
        try:
            return first + timedelta(days=steps * step)
        except OverflowError:
            return None
    # Monthly on the same date: a month without that date (the 31st in June) is
    # left out, as RFC 5545 does for an RRULE; one of 14 months in a row has it.
    months = (today.year - first.year) * 12 + today.month - first.month
    for count in range(months, months + 14):
        year, month = divmod(first.month - 1 + count, 12)
        year += first.year
        if year > MAXYEAR:
            return None
        if first.day <= monthrange(year, month + 1)[1]:
            day = date(year, month + 1, first.day)
            if day >= today:
                return day
    return None


def read_event(
    fields: Mapping[str, object],
    *,
    uid: str,
    url: str,
    changed: datetime | None = None,
) -> Event | None:
    """The Event a post's header fields (lower-case keys) describe, or None.

    Only what the site can use is kept: no start it can read, or one outside the
    years it handles, and there is no event; an end that is before the start, in
    another form (a day where the start has a time) or outside those years is left
    out, and so is such a last day. The checks report each of these as an error,
    so a publish never goes out with them; a preview shows the rest.
    """
    start_text = str(fields.get("event_start", "") or "")
    start = parse_local(start_text)
    if start is None or out_of_range(start):
        return None
    end_text = str(fields.get("event_end", "") or "")
    end = parse_local(end_text)
    if end is not None and (
        out_of_range(end)
        or has_time(end_text) != has_time(start_text)
        or ends_before(start, end, timed=has_time(end_text))
    ):
        end = None
    until_at = parse_local(fields.get("event_until", "") or "")
    until = until_at.date() if until_at else None
    if until_at is not None and (out_of_range(until_at) or until < start.date()):
        until = None
    repeat = str(fields.get("event_repeat", "") or "")
    return Event(
        uid=uid,
        title=str(fields.get("title", "") or ""),
        summary=str(fields.get("summary", "") or ""),
        url=url,
        start=start,
        end=end,
        location=str(fields.get("location", "") or ""),
        repeat=repeat.strip().lower(),
        until=until,
        changed=changed,
        timed=has_time(start_text),
    )


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


def uk_timezone(name: str = UK.key):
    """UK time, the zone event times are read in, as a VTIMEZONE: GMT, and BST
    from late March to late October."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", name)
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
    """The RRULE of a repeating event (UNTIL in UTC, the end of its last day; none
    for an event that goes on until further notice)."""
    if event.repeat not in REPEATS:
        return None
    freq, interval, _words = REPEATS[event.repeat]
    rule: dict = {"FREQ": freq}
    if interval > 1:
        rule["INTERVAL"] = interval
    if event.until:
        last = datetime.combine(event.until, time(23, 59, 59), tzinfo=UK)
        rule["UNTIL"] = last.astimezone(UTC)
    return rule


def calendar_bytes(
    events: list[Event], name: str, prodid: str, zone: str = UK.key
) -> bytes:
    """An iCalendar file of the events (the site's zone, `zone`, included), the
    same each time.

    With no events it holds the time zone alone: RFC 5545 (3.6) asks a
    calendar for at least one component, and a VTIMEZONE is one, so a
    subscriber's address stays valid while nothing is coming up.
    """
    from icalendar import Calendar, vText
    from icalendar import Event as VEvent

    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # icalendar writes X- properties as given: escape it as the TEXT it is, so a
    # name with a comma or a semicolon reads back whole.
    calendar.add("x-wr-calname", vText(name))
    for event in sorted(events, key=lambda e: (e.start, e.uid)):
        entry = VEvent()
        entry.add("uid", event.uid)
        # DTSTAMP from the post, not the clock: a rebuild writes the same file.
        entry.add("dtstamp", (event.changed or event.start).astimezone(UTC))
        entry.add("summary", event.title)
        entry.add("description", f"{event.summary}\n\n{event.url}".strip())
        if event.all_day:
            last = (event.end or event.start).date()
            entry.add("dtstart", event.start.date())
            entry.add("dtend", next_day(last))  # DTEND is the day after the last
        else:
            entry.add("dtstart", event.start)
            entry.add("dtend", event.end or later(event.start, DEFAULT_LENGTH))
        if event.location:
            entry.add("location", event.location)
        if event.url:
            entry.add("url", event.url)
        rule = rrule(event)
        if rule:
            entry.add("rrule", rule)
        calendar.add_component(entry)
    if not events or any(not event.all_day for event in events):
        calendar.subcomponents.insert(0, uk_timezone(zone))
    return calendar.to_ical()


def place(location: str) -> dict:
    """A Location as a schema.org Place: the words as its name, and as a UK
    PostalAddress (its postcode apart, when it has one)."""
    address: dict = {"@type": "PostalAddress"}
    postcode = _POSTCODE.search(location)
    if postcode:
        address["postalCode"] = postcode.group(1).upper()
    parts = (part.strip() for part in _POSTCODE.sub("", location).split(","))
    street = ", ".join(part for part in parts if part)
    if street:
        address["streetAddress"] = street
    address["addressCountry"] = "GB"
    return {"@type": "Place", "name": location, "address": address}


def event_jsonld(event: Event, organiser: str, siteurl: str, image: str = "") -> dict:
    """schema.org Event data for the event's page."""
    online = event.online
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": _schema_time(event.start, event.all_day),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "organizer": {"@type": "Organization", "name": organiser, "url": siteurl + "/"},
        "url": event.url,
    }
    if online:
        data["location"] = {"@type": "VirtualLocation", "url": event.url}
    elif event.location.strip():  # a Place with no name says nothing
        data["location"] = place(event.location.strip())
    if event.end:
        data["endDate"] = _schema_time(event.end, event.all_day)
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
            # The zone its times were read in (the site's).
            "scheduleTimezone": str(event.start.tzinfo),
        }
        if rule["FREQ"] == "WEEKLY":
            schedule["byDay"] = f"https://schema.org/{event.start:%A}"
        if event.end:
            schedule["endTime"] = event.end.strftime("%H:%M")
        if event.until:
            schedule["endDate"] = event.until.isoformat()
        data["eventSchedule"] = schedule
    return data


def _schema_time(moment: datetime, all_day: bool) -> str:
    """A day for an all-day event, else the time with its UK offset."""
    return moment.date().isoformat() if all_day else moment.isoformat()
