"""The web editor's configuration (Decap CMS's config.yml) from the contract. Pure.

Every field of `contract.py` becomes a widget in every collection it applies to:
a folder collection per section (from the conventions) and one for pages. A
new field in the contract needs no change here.
"""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from .. import contract
from ..contract import Field
from ..conventions import Conventions
from .settings import CmsSettings

# Our own file format, registered by the editor's script (format.js): the
# `Key: value` header, a blank line, then Markdown, exactly as the reader reads.
FORMAT = "charity-header"
BODY = "body"  # the name the format gives the Markdown under the header
DATETIME_FORMAT = "YYYY-MM-DD HH:mm"  # what the contract's DATETIME accepts
DATE_FORMAT = "YYYY-MM-DD"
# How dates are shown and typed: the UK way, day/month/year and the 24-hour
# clock. Decap 3.16.3's datetime widget is the browser's own date box, whose
# order follows the browser's language, so the dates use editor.js's widget: a
# text box read and shown in this order, saving `format` (the reader's form).
DATE_WIDGET = "ukdate"
UK_DATE = "DD/MM/YYYY"
UK_TIME = "HH:mm"
# Decap's editorial workflow: a change is a draft, then in review, then ready;
# on GitHub each is a pull request, live only when merged (docs/cms.md).
PUBLISH_MODE = "editorial_workflow"
# The widget editor.js registers: a one-line box that refuses to be empty while
# a picture is set (Decap has no conditional `required`).
PICTURE_DESCRIPTION_WIDGET = "picture-description"
PICTURE = "Image"  # the picture field the description belongs to
PICTURE_DESCRIPTION_MESSAGE = (
    "Picture description is needed because there is a picture: say in a sentence "
    "what it shows"
)
# Consent as the checks accept it: a date (YYYY-MM-DD) or a reference with a
# digit in it (CF-2025-014); "yes" is neither.
CONSENT_PATTERN = r"^(\d{4}-\d{2}-\d{2}|.*\d.*)$"
CONSENT_MESSAGE = (
    "write the date the consent was recorded, like 2025-06-30, or its "
    'reference, like CF-2025-014 ("yes" is not enough)'
)
# The editor's words for a field, in the writing guide's plain language: the
# contract's hints speak of the file (`{static}/...`, key names), the editor's
# of the boxes on the screen. A key not listed keeps its key as the label and
# the contract's hint, so a new contract field still needs no change here.
EDITOR_WORDS: dict[str, tuple[str, str]] = {
    "Title": ("Title", "the heading, in plain words"),
    "Date": (
        "Date",
        "when it goes live, UK time; a date in the future waits for that time",
    ),
    "Modified": ("Updated", "the date of a real update to the post, if there was one"),
    "Summary": (
        "Summary",
        "one or two plain sentences (no Markdown) for cards, search results and feeds",
    ),
    "Tags": ("Topics", "topics, separated by commas, like CoProductionWeek, Carers"),
    "Authors": (
        "Written by",
        "names, separated by commas; left empty, the post is by the charity",
    ),
    "Image": (
        "Picture",
        "a photo for the top of the post: press Choose an image, then Upload",
    ),
    "Image_alt": (
        "Picture description",
        "what the picture shows, in a sentence, for people who cannot see it; "
        "needed whenever there is a picture",
    ),
    "Content_warning": (
        "Content warning",
        "needed when the post talks about suicide, self-harm, overdose, abuse or "
        "an eating disorder: name the topics, like suicide, self-harm. The post "
        "then shows a warning before the text and a support box after it",
    ),
    "Consent": (
        "Consent",
        "the date or reference of the recorded consent, e.g. 2025-06-30 or CF-2025-014",
    ),
    "Event_start": ("Event starts", "when the event starts, UK time"),
    "Event_end": ("Event ends", "when it ends, UK time"),
    "Event_repeat": (
        "Repeats",
        "for an event that happens again: weekly, fortnightly or monthly, at the "
        "same time as it starts",
    ),
    "Event_until": (
        "Repeats until",
        "the last day a repeating event happens; leave it empty for one that runs "
        "until further notice",
    ),
    "Location": ("Where", "where it is, or Online"),
    "Reviewed": ("Last checked", "health information: the date it was last checked"),
    "Review_due": (
        "Check again by",
        "health information: the date it must be checked again",
    ),
    "Newsletter": (
        "Newsletter sign-up",
        "choose no to hide the newsletter sign-up box under this post",
    ),
    "Featured": (
        "Featured",
        "choose yes to put this post at the top of the home page (the newest one "
        "marked wins; without any, the newest story)",
    ),
    "Menu_order": (
        "Place in the menu",
        "a number puts this page in the main menu, in that order after the sections",
    ),
    "Menu_label": ("Name in the menu", "the page's name in the menu, if shorter"),
    "Intro_for": (
        "Introduces a section",
        "a section's folder name, like stories: this page's text is shown at the "
        "top of that section's list instead of being a page of its own",
    ),
    "Aliases": (
        "Old addresses",
        "old addresses of this post, separated by commas, like /2019/05/old-post/",
    ),
    "Guid": ("Feed identity", "rarely needed: pins the post's identity in feeds"),
    "Template": ("Layout", "a page's own layout: get-help, newsletter or privacy"),
    "Status": (
        "Status",
        "draft keeps it off the published site; choose published when it is ready",
    ),
}


def label_of(key: str) -> str:
    """The box's label: 'Picture description' for Image_alt, else the key in words."""
    if key in EDITOR_WORDS:
        return EDITOR_WORDS[key][0]
    return key.replace("_", " ").capitalize()


def hint_of(field: Field) -> str:
    """The line of help under the box, in the writing guide's words."""
    return EDITOR_WORDS[field.key][1] if field.key in EDITOR_WORDS else field.hint


def widget_for(field: Field) -> dict[str, object]:
    """The Decap widget (and its options) for one contract field."""
    kind = field.kind
    if kind == contract.SENTENCES:
        return {"widget": "text"}
    if kind == contract.DATETIME:
        # A date alone is allowed too (the contract's DATETIME), saved as
        # YYYY-MM-DD. The time as written: the site reads it in its TIMEZONE.
        return {
            "widget": DATE_WIDGET,
            "format": DATETIME_FORMAT,  # what is saved: the reader's form
            "date_format": UK_DATE,
            "time_format": UK_TIME,
        }
    if kind == contract.DATE:
        # No time: the widget refuses one and saves the plain date.
        return {
            "widget": DATE_WIDGET,
            "format": DATE_FORMAT,
            "date_format": UK_DATE,
            "time_format": False,
        }
    if kind in (contract.LIST, contract.ADDRESSES):
        # A list without sub-fields is one comma-separated box, as in the file.
        return {"widget": "list", "allow_add": True}
    if kind == contract.PICTURE:
        return {"widget": "image", "choose_url": False}
    if kind == contract.CHOICE:
        return {"widget": "select", "options": list(field.choices)}
    if kind == contract.NUMBER:
        return {"widget": "number", "value_type": "int"}
    return {"widget": "string"}  # TEXT, WORD and anything new: one line


def field_config(field: Field) -> dict[str, object]:
    """One field of a collection: name (the header key), label, widget, hint."""
    config: dict[str, object] = {
        "name": field.key,
        "label": label_of(field.key),
        **widget_for(field),
        # Decap makes every field required unless told otherwise.
        "required": field.required,
        "hint": hint_of(field),
    }
    if field.key == f"{PICTURE}_alt":
        # Required whenever a picture is set, as the contract says: the widget's
        # own check, since Decap's `required` cannot depend on another field.
        config["widget"] = PICTURE_DESCRIPTION_WIDGET
        config["picture_field"] = PICTURE
        config["message"] = PICTURE_DESCRIPTION_MESSAGE
    if field.key == "Consent":
        config["pattern"] = [CONSENT_PATTERN, CONSENT_MESSAGE]
    if field.key == "Status":
        # A new entry in the editor starts as a draft; a file written by hand
        # without the line keeps its meaning (published).
        config["default"] = "draft"
    return config


def _body() -> dict[str, object]:
    return {
        "name": BODY,
        "label": "Text",
        "widget": "markdown",
        # Only what the site's Markdown makes and the sanitiser keeps.
        "buttons": [
            "bold",
            "italic",
            "link",
            "heading-two",
            "heading-three",
            "quote",
            "bulleted-list",
            "numbered-list",
        ],
        "editor_components": ["image"],
        "hint": "the text, in Markdown; docs/writing.md says what works",
    }


def collection(
    name: str, label: str, folder: str, fields: Iterable[Field], *, posts: bool
) -> dict[str, object]:
    """A folder collection of Markdown files in our header format."""
    return {
        "name": name,
        "label": label,
        "folder": folder,
        "create": True,
        "delete": False,  # deleting a published post is a job for git, with review
        "extension": "md",
        "format": FORMAT,
        # The file name is the address (SLUGIFY_SOURCE = basename).
        "slug": "{{slug}}",
        "identifier_field": "Title",
        **(_post_listing() if posts else {"summary": "{{Title}}"}),
        "sortable_fields": ["Date", "Title", "Status"] if posts else ["Title"],
        "fields": [*(field_config(f) for f in fields), _body()],
    }


def _post_listing() -> dict[str, object]:
    """How a section's posts are listed: the UK date, the title, drafts marked."""
    return {
        # Status is empty for a published post written by hand.
        "summary": "{{Date | date('DD/MM/YYYY')}} · {{Title}} {{Status}}",
        # Only drafts: Decap's filters drop an entry without the field, and a
        # published post written by hand has no Status line at all.
        "view_filters": [{"label": "Drafts", "field": "Status", "pattern": "^draft$"}],
        "view_groups": [
            {"label": "Status", "field": "Status"},
            {"label": "Year", "field": "Date", "pattern": r"\d{4}"},
        ],
    }


def editor_config(
    conventions: Conventions,
    settings: CmsSettings,
    *,
    site_url: str = "",
    local_backend: bool = False,
) -> dict[str, object]:
    """Decap CMS's configuration for this site; local_backend only for a preview."""
    content = settings.content_folder
    collections = [
        collection(
            section.slug,
            section.label,
            f"{content}/{section.slug}",
            contract.fields_for(conventions.role_of(section.slug), is_page=False),
            posts=True,
        )
        for section in conventions.sections
    ]
    collections.append(
        collection(
            "pages",
            "Pages",
            f"{content}/{conventions.pages_folder}",
            contract.fields_for(None, is_page=True),
            posts=False,
        )
    )
    config: dict[str, object] = {
        "backend": dict(settings.backend),
        "publish_mode": PUBLISH_MODE,
    }
    if local_backend and settings.local_backend:
        config["local_backend"] = {"url": settings.local_backend}
    config.update(
        {
            "media_folder": f"{content}/images",
            # What the editor writes into posts: the reader's own form.
            "public_folder": "{static}/images",
            # File names as the site makes addresses: ASCII, lower case, hyphens.
            "slug": {
                "encoding": "ascii",
                "clean_accents": True,
                "sanitize_replacement": "-",
            },
            "collections": collections,
        }
    )
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config


def config_yaml(config: dict[str, object]) -> str:
    """config.yml's text: the keys in the order given, nothing Python-specific."""
    header = "# Made by the site build from plugins/charity_site/contract.py\n"
    return header + yaml.safe_dump(
        config, sort_keys=False, allow_unicode=True, width=100
    )
