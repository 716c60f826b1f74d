"""Text made safe for feeds: XML-legal, URLs absolute. Pure: no Pelican imports."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urljoin

from ..source.tags import SRCSET, URL_ATTRIBUTES, replace_tags, start_tags

# Characters XML 1.0 forbids (C0 controls but tab, newline, return; the two
# non-characters; lone surrogates). Word processors paste some of them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """Remove the characters XML cannot carry."""
    return _FORBIDDEN.sub("", text)


def as_html_text(text: str) -> str:
    """Plain text for a field readers take as HTML (RSS description): escaped.

    "3 <4 & more" reaches the reader as those characters, and a `<b>` an editor
    typed shows as typed, never as bold (or as a script).
    """
    return escape(xml_safe(text), quote=False)


def _absolute(url: str, base: str) -> str:
    stripped = url.strip()
    if not stripped or stripped.startswith(("#", "mailto:", "tel:", "sms:", "data:")):
        # A bare fragment means "this page": make it the page itself.
        return urljoin(base, stripped) if stripped.startswith("#") else stripped
    return urljoin(base, stripped)


def _srcset(value: str, base: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(maxsplit=1)
        if parts:
            parts[0] = _absolute(parts[0], base)
            candidates.append(" ".join(parts))
    return ", ".join(candidates)


def absolutize_html(html: str, base: str) -> str:
    """Make every URL in an HTML fragment absolute against base (the page's URL)."""
    changed: dict[int, str] = {}
    for tag in start_tags(html):
        fixed = {
            name: _srcset(value, base) if name == SRCSET else _absolute(value, base)
            for name, value in tag.attrs.items()
            if value is not None and (name in URL_ATTRIBUTES or name == SRCSET)
        }
        if any(fixed[name] != tag.attrs[name] for name in fixed):
            changed[tag.start] = tag.with_values(fixed)
    return replace_tags(html, changed)
