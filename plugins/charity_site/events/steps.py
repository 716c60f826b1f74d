"""Pelican glue: each event's details, its calendar file, the calendar of all
upcoming events, and the events list with what is still to come first."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from pelican.generators import Generator

from ..files.whole import write_bytes_whole
from .model import UK, Event, calendar_bytes, parse_local

EVENTS = "events"  # the section whose posts are events (contract.py's fields)
CALENDAR = "calendar.ics"  # all upcoming events: /events/calendar.ics
EVENT_FILE = "event.ics"  # one event: beside its page


def _changed(content) -> datetime | None:
    when = getattr(content, "modified", None) or getattr(content, "date", None)
    return when if isinstance(when, datetime) else None


def event_of(content) -> Event | None:
    """The Event a post describes, or None (not an event, or no readable start)."""
    metadata = content.metadata
    start = parse_local(metadata.get("event_start", ""))
    if start is None:
        return None
    siteurl = str(content.settings.get("SITEURL") or "")
    url = f"{siteurl}/{content.url}" if siteurl else f"/{content.url}"
    host = urlsplit(siteurl).hostname or "localhost"
    until = parse_local(metadata.get("event_until", ""))
    return Event(
        uid=f"{content.url.strip('/').replace('/', '-')}@{host}",
        title=str(metadata.get("title", "")),
        summary=str(metadata.get("summary", "")),
        url=url,
        start=start,
        end=parse_local(metadata.get("event_end", "")),
        location=str(metadata.get("location", "")),
        repeat=str(metadata.get("event_repeat", "")).strip().lower(),
        until=until.date() if until else None,
        changed=_changed(content),
    )


def today() -> date:
    """Today in the UK, the day 'upcoming' is counted from."""
    return datetime.now(UK).date()


def upcoming_first(articles: list, day: date) -> list:
    """Events still to come, soonest first, then past ones, latest first."""
    events = [a for a in articles if getattr(a, "event", None)]
    others = [a for a in articles if not getattr(a, "event", None)]
    coming = sorted(
        (a for a in events if a.event.is_upcoming(day)), key=lambda a: a.event.start
    )
    past = sorted(
        (a for a in events if not a.event.is_upcoming(day)),
        key=lambda a: a.event.start,
        reverse=True,
    )
    return coming + past + others


def order_events(generator) -> None:
    """Articles read: the events section lists what is still to come first."""
    day = today()
    for category, articles in generator.categories:
        if category.slug == EVENTS:
            articles[:] = upcoming_first(articles, day)  # in place: the context's
            for article in articles:
                if article.event:
                    article.event_past = not article.event.is_upcoming(day)


class EventsGenerator(Generator):
    """Writes an .ics beside every event's page, and the upcoming-events calendar."""

    def generate_context(self) -> None:
        """Nothing to read: the events are the section's posts."""

    def generate_output(self, writer) -> None:
        """One calendar file per event, and one for every event still to come."""
        output = Path(self.output_path)
        name = str(self.settings.get("SITENAME", ""))
        prodid = f"-//{name}//events//EN"
        events = [
            a.event
            for a in self.context.get("articles", [])
            if getattr(a, "event", None) and a.category.slug == EVENTS
        ]
        for article in self.context.get("articles", []):
            if getattr(article, "event", None):
                target = output / Path(article.save_as).parent / EVENT_FILE
                write_bytes_whole(
                    target, calendar_bytes([article.event], article.title, prodid)
                )
        if any(c.slug == EVENTS for c, _ in self.context.get("categories", [])):
            day = today()
            coming = [e for e in events if e.is_upcoming(day)]
            write_bytes_whole(
                output / EVENTS / CALENDAR,
                calendar_bytes(coming, f"{name}: events", prodid),
            )
