"""The text of a new post, with every header field and a hint for each. Pure."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

HINTS = """<!--
A new post: fill in the lines above, then write the post below this note. This note
is never published; delete it when you are done.

Title             required: the heading of the post.
Date              required: when it is published, like 2025-06-26 or 2025-06-26 09:30.
                  A date in the future waits for that day.
Summary           required: one or two plain sentences, for cards, search and feeds.
Tags              optional: comma-separated, like CoProductionWeek, LivedExperience.
Authors           optional: comma-separated names; left empty, the charity.
Image             optional: a picture for the top, like {static}/images/photo.jpg.
Image_alt         required with Image: what the picture shows, in a sentence.
Content_warning   for posts about suicide, self-harm and the like, e.g. suicide.
Consent           required on stories: the date or reference of the recorded consent.
Reviewed          health information: the date it was last checked.
Review_due        health information: the date it must be checked again.
Newsletter        write no to hide the sign-up box under this post.
Event_start/_end  events: like 2025-07-02 10:00. Location: where it is.
Status            draft keeps it off the published site: delete the line to publish.

Check the post with:  .venv/bin/invoke check
The writing guide:    docs/writing.md
-->

Write the post here.
"""


def slugify(title: str) -> str:
    """A file name for a title: lower case, plain letters and hyphens."""
    ascii_title = (
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "new-post"


def new_post_text(
    title: str, section: str, now: datetime, sections: tuple[str, ...]
) -> str:
    """The full header (title and date filled in, the rest empty), then the hints."""
    if section not in sections:
        raise ValueError(
            f"'{section}' is not a section: use one of {', '.join(sections)}"
        )
    if not title.strip() or "\n" in title:
        raise ValueError("the title must be one line of text")
    fields = [
        ("Title", title.strip()),
        ("Date", f"{now:%Y-%m-%d %H:%M}"),
        ("Summary", ""),
        ("Tags", ""),
        ("Authors", ""),
        ("Image", ""),
        ("Image_alt", ""),
        ("Content_warning", ""),
    ]
    if section == "stories":
        fields.append(("Consent", ""))
    if section == "events":
        fields += [("Event_start", ""), ("Event_end", ""), ("Location", "")]
    fields += [
        ("Reviewed", ""),
        ("Review_due", ""),
        ("Newsletter", ""),
        ("Status", "draft"),
    ]
    header = "\n".join(f"{key}: {value}".rstrip() for key, value in fields)
    return f"{header}\n\n{HINTS}"
