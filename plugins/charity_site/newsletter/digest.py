"""The email digest: which posts, and the plain-text version. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..dates import parse_day as read_day
from ..helplines import helpline_text, in_order

# Where each provider puts the reader's own unsubscribe link in an email.
UNSUBSCRIBE_TAGS = {
    "mailchimp": "*|UNSUB|*",
    "buttondown": "{{ unsubscribe_url }}",
    "listmonk": "{{ UnsubscribeURL }}",
}
MAX_EMAIL_BYTES = 102 * 1024  # Gmail clips longer messages behind "View entire message"


@dataclass(frozen=True)
class DigestPost:
    """One post as the digest shows it (absolute URLs)."""

    section: str
    title: str
    url: str
    published: date
    summary: str
    content_warning: str = ""
    image_url: str | None = None
    image_alt: str = ""
    image_width: int = 0
    image_height: int = 0


def parse_day(value: str, what: str) -> date:
    """Read a --since/--until date, or say in one line how to write it."""
    day = read_day(value)
    if day is None:
        raise ValueError(f"{what} '{value}' is not a date: write it like 2025-09-01")
    return day


def digest_period(since: str, until: str, today: date) -> tuple[date, date]:
    """The first and last day of a digest (the last is today if not given), or
    a ValueError whose text is the one line to show."""
    first = parse_day(since, "--since")
    last = parse_day(until, "--until") if until else today
    if until and last < first:
        raise ValueError("--until is before --since: swap the two dates")
    if first > today:
        # Nothing dated after today is published yet: the digest would be empty.
        raise ValueError(
            f"--since {first.isoformat()} is after today ({today.isoformat()}, UK "
            "time): there is nothing to digest yet; choose a day up to today"
        )
    return first, last


def in_period(
    posts: Iterable[DigestPost], since: date, until: date
) -> list[DigestPost]:
    """Posts published from since to until (both included), oldest first."""
    chosen = [p for p in posts if since <= p.published <= until]
    return sorted(chosen, key=lambda p: (p.published, p.title))


def long_date(day: date) -> str:
    """'5 September 2025'."""
    return f"{day.day} {day:%B %Y}"


def digest_text(
    site: str,
    siteurl: str,
    posts: Sequence[DigestPost],
    since: date,
    until: date,
    helplines: Sequence[dict],
    unsubscribe: str | None,
) -> str:
    """The plain-text version of the digest."""
    lines = [
        f"{site} newsletter",
        f"News and updates from {long_date(since)} to {long_date(until)}",
        "",
    ]
    if not posts:
        lines += ["Nothing new was published in this period.", ""]
    for post in posts:
        lines += [f"{post.section.upper()}: {post.title}", long_date(post.published)]
        if post.content_warning:
            lines.append(f"Content warning: this post mentions {post.content_warning}.")
        lines += [post.summary, f"Read it: {post.url}", ""]
    lines += ["-" * 40, "If you need support now:"]
    lines += [f"- {helpline_text(line)}" for line in in_order(helplines)]
    lines += ["", f"{site}: {siteurl}/"]
    if unsubscribe:
        lines.append(f"Unsubscribe: {unsubscribe}")
    return "\n".join(lines) + "\n"
