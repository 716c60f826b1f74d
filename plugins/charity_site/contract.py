"""The content contract: every header field a post or page may have. Pure.

One definition, read by the header checks (known keys, required fields, typo
advice), by `invoke new` (the scaffold and its guidance) and by the web editor's
configuration (a widget per field, required fields, hints). docs/writing.md
describes the same fields for people; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

# Where a field applies.
POSTS = "posts"  # every section's posts
PAGES = "pages"  # content/pages/
EVERYWHERE = "everywhere"

# What a field holds, which decides its widget in the editor and its check.
TEXT = "text"  # a line of prose
SENTENCES = "sentences"  # one or two sentences of prose
DATE = "date"  # 2025-06-26
DATETIME = "datetime"  # 2025-06-26 or 2025-06-26 09:30, UK time
LIST = "list"  # comma-separated words or names
PICTURE = "picture"  # {static}/images/...
CHOICE = "choice"  # one of the field's choices
NUMBER = "number"  # a whole number
ADDRESSES = "addresses"  # comma-separated /old/addresses/
WORD = "word"  # a single token (an id, a template name)


@dataclass(frozen=True)
class Field:
    """One header field: its key, what it holds, where it applies, and its hint."""

    key: str
    kind: str
    hint: str
    where: str | tuple[str, ...] = EVERYWHERE  # POSTS, PAGES, EVERYWHERE or sections
    required: bool = False  # where it applies
    choices: tuple[str, ...] = ()
    scaffold: bool = True  # written, empty, into a new file by `invoke new`

    @property
    def is_prose(self) -> bool:
        """True when the field holds sentences a person writes."""
        return self.kind in (TEXT, SENTENCES)

    def applies_to(self, section: str | None, *, is_page: bool) -> bool:
        """True when the field belongs on a file of this section (or a page)."""
        if self.where == EVERYWHERE:
            return True
        if self.where == PAGES:
            return is_page
        if self.where == POSTS:
            return not is_page
        return not is_page and section in self.where


FIELDS: tuple[Field, ...] = (
    Field("Title", TEXT, "the heading, in plain words", required=True),
    Field(
        "Date",
        DATETIME,
        "when it goes live, like 2025-06-26 or 2025-06-26 09:30 (UK time); a date "
        "in the future waits for that time",
        where=POSTS,
        required=True,
    ),
    Field(
        "Modified",
        DATETIME,
        "the date of a real update, same form as Date",
        scaffold=False,
    ),
    Field(
        "Summary",
        SENTENCES,
        "one or two plain sentences (no Markdown) for cards, search results and feeds",
        required=True,
    ),
    Field(
        "Tags",
        LIST,
        "topics, comma-separated, like CoProductionWeek, LivedExperience",
        where=POSTS,
    ),
    Field(
        "Authors",
        LIST,
        "names, comma-separated; left empty, the post is by the charity",
        where=POSTS,
    ),
    Field("Image", PICTURE, "a picture for the top, like {static}/images/photo.jpg"),
    Field(
        "Image_alt",
        TEXT,
        "what the picture shows, in a sentence (needed whenever there is an Image)",
    ),
    Field(
        "Content_warning",
        LIST,
        "for posts about suicide, self-harm and the like, for example: suicide",
    ),
    Field(
        "Consent",
        WORD,
        "the date or reference of the storyteller's recorded consent",
        where=("stories",),
        required=True,
    ),
    Field(
        "Event_start",
        DATETIME,
        "when the event starts, like 2025-07-02 10:00",
        where=("events",),
        required=True,
    ),
    Field("Event_end", DATETIME, "when it ends, same form", where=("events",)),
    Field(
        "Event_repeat",
        CHOICE,
        "for an event that happens again: weekly, fortnightly or monthly, at the "
        "same time as Event_start",
        where=("events",),
        choices=("weekly", "fortnightly", "monthly"),
        scaffold=False,
    ),
    Field(
        "Event_until",
        DATE,
        "the last day a repeating event happens, like 2025-12-18 (leave it out "
        "for one that runs until further notice)",
        where=("events",),
        scaffold=False,
    ),
    Field("Location", TEXT, "where it is, or Online", where=("events",)),
    Field(
        "Reviewed",
        DATE,
        "health information: the date it was last checked",
        scaffold=False,
    ),
    Field(
        "Review_due",
        DATE,
        "health information: the date it must be checked again",
        scaffold=False,
    ),
    Field(
        "Newsletter",
        CHOICE,
        "no hides the newsletter sign-up box under this post",
        where=POSTS,
        choices=("yes", "no"),
        scaffold=False,
    ),
    Field(
        "Featured",
        CHOICE,
        "yes puts this post at the top of the home page (the newest one marked "
        "wins; without any, the newest story)",
        where=POSTS,
        choices=("yes", "no"),
        scaffold=False,
    ),
    Field(
        "Menu_order",
        NUMBER,
        "a number puts this page in the main menu, in that order after the sections",
        where=PAGES,
        scaffold=False,
    ),
    Field(
        "Menu_label",
        TEXT,
        "the page's name in the menu, if shorter than its title",
        where=PAGES,
        scaffold=False,
    ),
    Field(
        "Intro_for",
        WORD,
        "a section's name (stories, news…): this page's text is shown at the top of "
        "that section's list instead of being a page of its own",
        where=PAGES,
        scaffold=False,
    ),
    Field(
        "Aliases",
        ADDRESSES,
        "old addresses of this post, comma-separated, like /2019/05/old-post/",
        scaffold=False,
    ),
    Field(
        "Guid",
        WORD,
        "rarely needed: pins the post's identity in feeds",
        scaffold=False,
    ),
    Field(
        "Template",
        WORD,
        "a page's own layout: get-help, newsletter or privacy",
        where=PAGES,
        scaffold=False,
    ),
    Field(
        "Status",
        CHOICE,
        "draft keeps it off the published site; delete the line (or write "
        "published) to publish",
        choices=("draft", "published"),
    ),
)

BY_KEY: dict[str, Field] = {field.key.lower(): field for field in FIELDS}


def fields_for(section: str | None, *, is_page: bool) -> tuple[Field, ...]:
    """The fields that belong on a file of this section, or on a page."""
    return tuple(f for f in FIELDS if f.applies_to(section, is_page=is_page))
