"""The editor's own files at /admin/: its page and hashed script names. Pure."""

from __future__ import annotations

import json
from html import escape
from pathlib import PurePosixPath

from .. import contract, layout
from ..layout import EDITOR_FOLDER, content_hash

ADMIN = EDITOR_FOLDER  # the folder of the published site the editor lives in
PAGE = f"{ADMIN}/index.html"
CONFIG = f"{ADMIN}/config.yml"


def hashed_name(name: str, data: bytes) -> str:
    """'decap-cms.0123456789.js': the name changes whenever the bytes do."""
    path = PurePosixPath(name)
    return layout.hashed_name(path.stem, content_hash(data), path.suffix.lstrip("."))


def keys_of_kind(*kinds: str) -> list[str]:
    """The contract's keys of these kinds, for the editor's file format."""
    return [f.key for f in contract.FIELDS if f.kind in kinds]


# Where the content warning's topics go in its box, rendered once by the build
# and filled in by editor.js's preview (which knows the same marker).
TOPICS = "%%CONTENT_WARNING%%"


def preview_boxes(warning_box: str, support_box: str) -> bytes:
    """boxes.<hash>.json: the theme's content warning and support boxes, as HTML.

    A file of their own, not part of the page: the support box's links (the
    site's address, helplines) stay out of /admin/index.html.
    """
    return json.dumps(
        {"warning": warning_box, "support": support_box}, ensure_ascii=False
    ).encode()


def admin_page(
    site_name: str,
    editor: str,
    decap: str,
    style: str,
    icon: str,
    *,
    page_style: str = "",
    collections: tuple[str, ...] = (),
    sensitive_terms: tuple[str, ...] = (),
    boxes: str = "",
) -> str:
    """/admin/index.html: no inline script, never indexed, the site's script first.

    Decap reads config.yml beside the page by itself; editor.js reads the
    preview's boxes (boxes.<hash>.json, the theme's HTML) before starting it.
    """
    lists = " ".join(keys_of_kind(contract.LIST, contract.ADDRESSES))
    numbers = " ".join(keys_of_kind(contract.NUMBER))
    link = (
        f'<link rel="stylesheet" href="{escape(page_style)}">\n' if page_style else ""
    )
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Site editor · {escape(site_name)}</title>
<link rel="icon" href="{escape(icon)}" type="image/svg+xml">
{link}</head>
<body>
<noscript>The site editor needs JavaScript switched on.</noscript>
<script src="{escape(editor)}" data-list-fields="{escape(lists)}" \
data-number-fields="{escape(numbers)}" data-preview-style="{escape(style)}" \
data-collections="{escape(" ".join(collections))}" \
data-sensitive-terms="{escape("|".join(sensitive_terms))}" \
data-preview-boxes="{escape(boxes)}"></script>
<script src="{escape(decap)}"></script>
</body>
</html>
"""
