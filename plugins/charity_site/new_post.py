"""The text of a new post or page: its header fields and guidance. Pure."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from datetime import datetime

from .contract import Field, fields_for

GUIDE = "docs/writing.md"


def guidance(fields: tuple[Field, ...]) -> str:
    """The note under a new file's header: what each field takes. Never published.

    It is an HTML comment, which the site never shows and the checks never read.
    """
    width = max(len(field.key) for field in fields) + 2
    lines = [
        "<!--",
        "A new draft. Fill in the lines above, write below this note, and delete",
        "this note when you are done (it is never published either way).",
        "",
        *(
            textwrap.fill(
                f"{field.key:<{width}}{'required: ' if field.required else ''}"
                f"{field.hint}",
                width=80,
                subsequent_indent=" " * width,
            )
            for field in fields
        ),
        "",
        "To publish it, delete the line 'Status: draft'.",
        f"The writing guide: {GUIDE}",
        "-->",
    ]
    return "\n".join(lines) + "\n\nWrite here.\n"


def slugify(title: str) -> str:
    """A file name for a title: lower case, plain letters and hyphens."""
    ascii_title = (
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "new-post"


def new_post_text(
    title: str,
    section: str,
    now: datetime,
    sections: tuple[str, ...],
    pages_folder: str = "pages",
    *,
    role: str | None,
) -> str:
    """A new draft: its header (title and date filled in), then guidance.

    role is the section's role (SECTION_ROLES): a story's draft asks for
    Consent, an event's for its times.
    """
    if section not in (*sections, pages_folder):
        raise ValueError(
            f"'{section}' is not a section: use one of "
            f"{', '.join((*sections, pages_folder))}"
        )
    if not title.strip() or "\n" in title:
        raise ValueError("the title must be one line of text")
    is_page = section == pages_folder
    fields = fields_for(None if is_page else role, is_page=is_page)
    filled = {
        "Title": title.strip(),
        "Date": f"{now:%Y-%m-%d %H:%M}",
        "Status": "draft",
    }
    header = "\n".join(
        f"{field.key}: {filled.get(field.key, '')}".rstrip()
        for field in fields
        if field.scaffold
    )
    return f"{header}\n\n{guidance(fields)}"
