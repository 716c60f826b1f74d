"""The urgent-help lines (HELPLINES in the settings) as plain text. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def in_order(helplines: Iterable[Mapping[str, object]]) -> list[Mapping[str, object]]:
    """The emergency line first, as the site shows them; the rest as set."""
    return sorted(helplines, key=lambda line: not line.get("emergency"))


def helpline_text(line: Mapping[str, object]) -> str:
    """One line in words, with its number, like "Shout: ... Text SHOUT to 85258."."""
    text = f"{line['name']}: {line['how']}"
    return f"{text} {line['action']}." if line.get("action") else text
