"""The content contract: every header field a post or page may have. Pure.

One definition, read by the header checks (known keys; the rules for a
missing field, a value that is not one of its choices and a date or number the
site cannot read are made from each field here: rules/per_file.py
`check_fields`), by `invoke new` (the scaffold and its guidance) and by the web
editor's configuration (a widget per field, required fields, hints).
docs/writing.md describes the same fields for people; a test keeps the two in
step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .roles import EVENT, STORY

# Where a field applies: one of these, or a tuple of section roles (roles.py),
# which SECTION_ROLES gives to sections.
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
# The date (2025-06-20) or the reference (CF-2025-014, with a digit) of a record,
# perhaps with words around it; never a bare "yes" (rules/per_file.py reads it).
RECORD = "record"
# Kinds with a form the site must be able to read: a wrong one is a problem.
DATE_KINDS = (DATE, DATETIME)
# What a date of each kind looks like, for the line that says how to write one.
DATE_EXAMPLES = {DATE: ("2025-06-26",), DATETIME: ("2025-06-26", "2025-06-26 09:30")}
MAX_NUMBER_DIGITS = 3  # a NUMBER is a whole number up to 999 (a menu order)

Severity = Literal["error", "warning"]  # as problems.py's


@dataclass(frozen=True)
class Field:
    """One header field: its key, what it holds, where it applies, and its hint."""

    key: str
    kind: str
    hint: str
    where: str | tuple[str, ...] = EVERYWHERE  # POSTS, PAGES, EVERYWHERE or roles
    required: bool = False  # where it applies
    choices: tuple[str, ...] = ()  # lower case; the value is compared so
    scaffold: bool = True  # written, empty, into a new file by `invoke new`
    # How bad it is when a required value is missing, or a value is not one of
    # the choices or not a date (a number) the site can read.
    severity: Severity = "error"
    # A draft may still lack it: missing, it is reported once the draft is to
    # be published (the Status line removed), not while it is being written.
    draft_may_lack: bool = False
    # Pelican can build nothing from the file when the value is missing (if
    # required) or cannot be read: a preview skips the post.
    blocks_build: bool = False
    examples: tuple[str, ...] = ()  # of a good value; a date's kind has its own
    fix: str = ""  # advice for a missing or wrong value (not a date), if not the usual
    bad_rule: str = ""  # the rule of an unreadable value, if not bad-<key>

    @property
    def is_prose(self) -> bool:
        """True when the field holds sentences a person writes."""
        return self.kind in (TEXT, SENTENCES)

    @property
    def slug(self) -> str:
        """The key as rule names spell it: 'event-start' for Event_start."""
        return self.key.lower().replace("_", "-")

    @property
    def missing_rule(self) -> str:
        """The rule of a required field that is missing: 'missing-<key>'."""
        return f"missing-{self.slug}"

    @property
    def value_rule(self) -> str:
        """The rule of a value that is not a choice or cannot be read."""
        return self.bad_rule or f"bad-{self.slug}"

    @property
    def example_values(self) -> tuple[str, ...]:
        """Good values to show in advice: the field's own, else its kind's."""
        return self.examples or DATE_EXAMPLES.get(self.kind, ())

    @property
    def roles(self) -> tuple[str, ...]:
        """The section roles it belongs to, when it belongs to some only."""
        return self.where if isinstance(self.where, tuple) else ()

    def applies_to(self, role: str | None, *, is_page: bool) -> bool:
        """True when the field belongs on a post of a section with this role (the
        section's role from SECTION_ROLES, None for none), or on a page."""
        if self.where == EVERYWHERE:
            return True
        if self.where == PAGES:
            return is_page
        if self.where == POSTS:
            return not is_page
        return not is_page and role in self.roles


FIELDS: tuple[Field, ...] = (
    Field(
        "Title",
        TEXT,
        "the heading, in plain words",
        required=True,
        blocks_build=True,
        fix="add a line 'Title: ...' at the top of the file",
    ),
    Field(
        "Date",
        DATETIME,
        "when it goes live, like 2025-06-26 or 2025-06-26 09:30 (UK time); a date "
        "in the future waits for that time",
        where=POSTS,
        required=True,
        blocks_build=True,
    ),
    Field(
        "Modified",
        DATETIME,
        "the date of a real update, same form as Date",
        scaffold=False,
        blocks_build=True,
    ),
    Field(
        "Summary",
        SENTENCES,
        "one or two plain sentences (no Markdown) for cards, search results and feeds",
        required=True,
        draft_may_lack=True,
        fix="add 'Summary: ...', one or two plain sentences for cards, search "
        "results and feeds",
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
        "Image_focus",
        TEXT,
        "where a cropped picture keeps its subject: top, center, bottom, or "
        "across and down like 50% 20% (portraits keep their upper part anyway)",
        scaffold=False,
        examples=("top", "50% 20%"),
    ),
    Field(
        "Content_warning",
        LIST,
        "for posts about suicide, self-harm and the like, for example: suicide",
    ),
    Field(
        "Consent",
        RECORD,
        "the date (2025-06-20) or reference (CF-2025-014) of the storyteller's "
        "recorded consent, never just yes",
        where=(STORY,),
        required=True,
        draft_may_lack=True,
        examples=("2025-06-20", "CF-2025-014"),
        fix="add 'Consent:' with the date or reference of the storyteller's "
        "recorded consent; do not publish without it",
    ),
    Field(
        "Event_start",
        DATETIME,
        "when the event starts, like 2025-07-02 10:00",
        where=(EVENT,),
        required=True,
        draft_may_lack=True,
        examples=("2025-07-02 10:00",),
        fix="add 'Event_start: 2025-07-02 10:00' (and Event_end, Location)",
        bad_rule="bad-event-date",
    ),
    Field(
        "Event_end",
        DATETIME,
        "when it ends, same form",
        where=(EVENT,),
        examples=("2025-07-02 12:00",),
        bad_rule="bad-event-date",
    ),
    Field(
        "Event_repeat",
        CHOICE,
        "for an event that happens again: weekly, fortnightly or monthly, at the "
        "same time as Event_start",
        where=(EVENT,),
        choices=("weekly", "fortnightly", "monthly"),
        scaffold=False,
        bad_rule="bad-repeat",
    ),
    Field(
        "Event_until",
        DATE,
        "the last day a repeating event happens, like 2025-12-18 (leave it out "
        "for one that runs until further notice)",
        where=(EVENT,),
        scaffold=False,
        examples=("2025-12-18",),
        bad_rule="bad-event-date",
    ),
    Field("Location", TEXT, "where it is, or Online", where=(EVENT,)),
    Field(
        "Reviewed",
        DATE,
        "health information: the date it was last checked",
        scaffold=False,
        bad_rule="bad-review-date",
    ),
    Field(
        "Review_due",
        DATE,
        "health information: the date it must be checked again",
        scaffold=False,
        bad_rule="bad-review-date",
    ),
    Field(
        "Newsletter",
        CHOICE,
        "no hides the newsletter sign-up box under this post",
        where=POSTS,
        choices=("yes", "no"),
        scaffold=False,
        fix="write 'Newsletter: no' to hide the sign-up box, or remove the line",
    ),
    Field(
        "Featured",
        CHOICE,
        "yes puts this post at the top of the home page (the newest one marked "
        "wins; without any, the newest story)",
        where=POSTS,
        choices=("yes", "no"),
        scaffold=False,
        fix="write 'Featured: yes' to put this post at the top of the home page, "
        "or remove the line",
    ),
    Field(
        "Menu_order",
        NUMBER,
        "a number puts this page in the main menu, in that order after the sections",
        where=PAGES,
        scaffold=False,
        examples=("2",),
        fix="write a number, like 'Menu_order: 2' (lower numbers come first)",
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
        "a section's folder name: this page's text is shown at the top of that "
        "section's list instead of being a page of its own",
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
        # Pelican also knows 'hidden' (built but unlisted), but its page would link
        # to tag and author pages that list nothing: the site offers only these.
        choices=("draft", "published"),
        blocks_build=True,
        fix="write 'Status: draft' to keep it unpublished, or remove the line",
    ),
)

BY_KEY: dict[str, Field] = {field.key.lower(): field for field in FIELDS}


def fields_for(role: str | None, *, is_page: bool) -> tuple[Field, ...]:
    """The fields that belong on a post of a section with this role, or on a page."""
    return tuple(f for f in FIELDS if f.applies_to(role, is_page=is_page))
