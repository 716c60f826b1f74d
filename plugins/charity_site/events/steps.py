"""Pelican glue: each event's details, its calendar file, the calendar of all
upcoming events, and the events list with what is still to come first."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from pelican.generators import Generator

from ..build import state_of
from ..files.whole import write_bytes_whole
from ..layout import EVENT_FILE
from ..roles import EVENT
from ..writer.writer import SiteWriter
from .model import Event, calendar_bytes, long_day, read_event


def events_section(generator) -> str | None:
    """The section with the event role (SECTION_ROLES), or None.

    Its calendar's address and each event's file beside its page are named
    once, in the output layout; the conventions know which section it is.
    """
    conventions = state_of(generator.context, generator.settings).conventions
    return conventions.section_for_role(EVENT)


def _changed(content) -> datetime | None:
    when = getattr(content, "modified", None) or getattr(content, "date", None)
    return when if isinstance(when, datetime) else None


def event_of(content) -> Event | None:
    """The Event a post describes, or None (not an event, or no usable start)."""
    siteurl = str(content.settings.get("SITEURL") or "")
    url = f"{siteurl}/{content.url}" if siteurl else f"/{content.url}"
    host = urlsplit(siteurl).hostname or "localhost"
    return read_event(
        content.metadata,
        uid=f"{content.url.strip('/').replace('/', '-')}@{host}",
        url=url,
        changed=_changed(content),
    )


def upcoming_first(articles: list, day: date) -> list:
    """Events still to come, the soonest next date first, then past ones, latest
    first (a weekly cafe with no last day is always to come)."""
    events = [a for a in articles if getattr(a, "event", None)]
    others = [a for a in articles if not getattr(a, "event", None)]
    coming = [(a.event.next_start(day), a) for a in events]
    soonest = sorted(
        ((when, a) for when, a in coming if when is not None),
        key=lambda pair: (pair[0], pair[1].event.uid),
    )
    past = sorted(
        (a for when, a in coming if when is None),
        key=lambda a: a.event.start,
        reverse=True,
    )
    return [a for _, a in soonest] + past + others


def mark_past_events(articles: list, day: date) -> None:
    """Mark each event whose last day is before day as passed (event_past).

    Every event, listed or not (a draft, one outside the events section): its
    own page says it has passed and offers no calendar link.
    """
    for article in articles:
        event = getattr(article, "event", None)
        article.event_past = bool(event) and not event.is_upcoming(day)


def order_events(generator) -> None:
    """Articles read: the events section lists what is still to come first."""
    # Upcoming is counted from the build's day, on its one clock.
    day = state_of(generator.context, generator.settings).clock.today
    everything = ("articles", "translations", "drafts", "drafts_translations")
    mark_past_events([a for name in everything for a in getattr(generator, name)], day)
    events = events_section(generator)
    for category, articles in generator.categories:
        if events is not None and category.slug == events:
            articles[:] = upcoming_first(articles, day)  # in place: the context's
            for article in articles:
                if article.event:
                    upcoming = article.event.next_start(day)
                    # A repeat's next date once it has begun, for the lists
                    # (made again each day); its own page says when it repeats.
                    begun = upcoming and upcoming > article.event.start
                    article.event_next = long_day(upcoming.date()) if begun else ""


class EventsGenerator(Generator):
    """Writes an .ics beside every event's page, and the upcoming-events calendar."""

    def generate_context(self) -> None:
        """Nothing to read: the events are the section's posts."""

    def generate_output(self, writer) -> None:
        """One calendar file per event, and one for every event still to come."""
        output = Path(self.output_path)
        name = str(self.settings.get("SITENAME", ""))
        prodid = f"-//{name}//events//EN"
        state = state_of(self.context, self.settings)
        clock = state.clock
        conventions = state.conventions
        section = conventions.section_for_role(EVENT)
        keeper = writer if isinstance(writer, SiteWriter) else None
        for article in self.context.get("articles", []):
            if getattr(article, "event", None):
                file = (Path(article.save_as).parent / EVENT_FILE).as_posix()
                # Made from its post alone (and the site): kept when that is
                # as the last build saw it (copied from the live site in a
                # publish).
                key = self._key(keeper, prodid, article)
                if keeper is not None and keeper.keep_file(file, key):
                    continue
                write_bytes_whole(
                    output / file,
                    # The zone the event times are read in (UK time, as the
                    # contract says), never another: their TZID must match it.
                    calendar_bytes([article.event], article.title, prodid),
                )
                if keeper is not None:
                    keeper.record_files([file], key)
        calendar = conventions.events_calendar
        if calendar and any(
            c.slug == section for c, _ in self.context.get("categories", [])
        ):
            coming = [
                a
                for a in self.context.get("articles", [])
                if getattr(a, "event", None)
                and a.category.slug == section
                and a.event.is_upcoming(clock.today)
            ]
            key = self._key(keeper, prodid, *coming)
            if keeper is not None and keeper.keep_file(calendar, key):
                return
            write_bytes_whole(
                output / calendar,
                calendar_bytes([a.event for a in coming], f"{name}: events", prodid),
            )
            if keeper is not None:
                keeper.record_files([calendar], key)

    def _key(self, keeper: SiteWriter | None, prodid: str, *articles) -> str:
        """What a calendar is made from: its events' posts, the site, the day."""
        if keeper is None:
            return ""
        return keeper.output_key(
            self.context, "calendar", prodid, *(keeper.content_key(a) for a in articles)
        )
