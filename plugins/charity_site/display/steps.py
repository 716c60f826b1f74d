"""Pelican glue: give every post the derived values the templates show."""

from __future__ import annotations

from ..events.model import event_jsonld, when_text
from ..events.steps import event_of
from ..source.reading_time import reading_minutes
from .reading import long_date


def enrich(instance) -> None:
    """Add reading time, hero image path and care flags to a post or page."""
    metadata = instance.metadata
    if not isinstance(metadata.get("reading_minutes"), int):  # not from our reader
        instance.reading_minutes = reading_minutes(instance._content or "")
    instance.hero = None  # the images plugin sets the processed hero image
    instance.hero_alt = metadata.get("image_alt", "")
    warning = metadata.get("content_warning", "")
    instance.content_warning = warning.strip() if isinstance(warning, str) else ""
    # "Last reviewed" / "Next review due" as readers say dates.
    instance.reviewed_on = long_date(metadata.get("reviewed"))
    instance.review_due_on = long_date(metadata.get("review_due"))
    instance.event = event_of(instance)
    instance.event_when = when_text(instance.event) if instance.event else ""
    instance.event_jsonld = (
        event_jsonld(
            instance.event,
            str(instance.settings.get("SITENAME", "")),
            str(instance.settings.get("SITEURL") or ""),
        )
        if instance.event
        else None
    )
    instance.show_newsletter = (
        str(metadata.get("newsletter", "yes")).strip().lower() != "no"
    )


def give_the_home_page_its_lead(generator) -> None:
    """Articles read and counted: the featured story and each section's newest."""
    from ..build import state_of
    from ..roles import STORY
    from ..site_context import FEATURED, LATEST_BY_SECTION
    from .home import featured, latest_by_section

    posts = list(generator.articles)  # newest first
    conventions = state_of(generator.context, generator.settings).conventions
    lead = featured(posts, conventions.section_for_role(STORY))
    sections = conventions.section_slugs
    generator.context[FEATURED] = lead
    generator.context[LATEST_BY_SECTION] = latest_by_section(posts, sections, lead)
