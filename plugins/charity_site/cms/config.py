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


def label_of(key: str) -> str:
    """'Content warning' for Content_warning."""
    return key.replace("_", " ")


def widget_for(field: Field) -> dict[str, object]:
    """The Decap widget (and its options) for one contract field."""
    kind = field.kind
    if kind == contract.SENTENCES:
        return {"widget": "text"}
    if kind == contract.DATETIME:
        return {
            "widget": "datetime",
            "format": DATETIME_FORMAT,
            "date_format": DATE_FORMAT,
            "time_format": "HH:mm",
            # The time as written: the site reads the header in its TIMEZONE.
            "picker_utc": False,
        }
    if kind == contract.DATE:
        # Decap 3 deprecates its `date` widget: a datetime without a time is
        # the same picker and writes the plain date the contract asks for.
        return {
            "widget": "datetime",
            "format": DATE_FORMAT,
            "date_format": DATE_FORMAT,
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
    return {
        "name": field.key,
        "label": label_of(field.key),
        **widget_for(field),
        # Decap makes every field required unless told otherwise.
        "required": field.required,
        "hint": field.hint,
    }


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
        "summary": "{{Title}}",
        "sortable_fields": ["Date", "Title"] if posts else ["Title"],
        "fields": [*(field_config(f) for f in fields), _body()],
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
    config: dict[str, object] = {"backend": dict(settings.backend)}
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
