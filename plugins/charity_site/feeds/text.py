"""Text made safe for feeds: XML-legal, URLs absolute. Pure: no Pelican imports."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urljoin

# Characters XML 1.0 forbids (C0 controls but tab, newline, return; the two
# non-characters; lone surrogates). Word processors paste some of them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# A URL-valued attribute inside a tag. srcset holds several URLs.
_URL_ATTRIBUTE = re.compile(
    r"""(?P<before>\s(?P<name>href|src|poster|srcset|cite|action|data)\s*=\s*)"""
    r"""(?P<quote>["'])(?P<value>.*?)(?P=quote)""",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[a-zA-Z][^>]*>")


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

    def fix_attribute(match: re.Match[str]) -> str:
        name = match["name"].lower()
        value = match["value"]
        fixed = _srcset(value, base) if name == "srcset" else _absolute(value, base)
        return f"{match['before']}{match['quote']}{fixed}{match['quote']}"

    def fix_tag(match: re.Match[str]) -> str:
        return _URL_ATTRIBUTE.sub(fix_attribute, match.group(0))

    return _TAG.sub(fix_tag, html)
