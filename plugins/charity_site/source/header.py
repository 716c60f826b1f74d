"""Read a post's `Key: value` header with the line number of every field.

Pure: no Pelican imports, so the checks and the tests can call it directly.
It follows the rules of Markdown's meta-data extension, which Pelican uses:
the header is the run of `Key: value` lines at the top (a line indented by
four spaces continues the previous value) and ends at the first blank line or
at the first line that is not of that shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_BEGIN_RE = re.compile(r"^-{3}(\s.*)?$")
_END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


@dataclass(frozen=True)
class Field:
    """One header field as the editor wrote it."""

    key: str
    value: str
    line: int


@dataclass
class Header:
    """The header of a post: fields by lower-case key, and where the body starts."""

    fields: dict[str, Field] = field(default_factory=dict)  # the last of each key
    duplicates: list[Field] = field(default_factory=list)
    body_line: int = 1

    def get(self, key: str) -> Field | None:
        """Return the field named key (any case), or None."""
        return self.fields.get(key.lower())

    def value(self, key: str) -> str:
        """Return the stripped value of key, or an empty string."""
        found = self.get(key)
        return found.value.strip() if found else ""


def parse_header(text: str) -> Header:
    """Parse the header at the top of a Markdown post."""
    header = Header()
    # Only newlines end lines (as in Markdown): a pasted vertical tab or form
    # feed is a stray character to report, not a line break.
    lines = text.replace("\r\n", "\n").split("\n")
    last: Field | None = None
    start = 0
    # Markdown skips leading blank lines before the header.
    while start < len(lines) and not lines[start].strip():
        start += 1
    # A header may open with '---' and close with '---' or '...' (as YAML front
    # matter does): Markdown's meta-data extension reads it so, and so do we.
    fenced = start < len(lines) and _BEGIN_RE.match(lines[start].lstrip("\ufeff"))
    if fenced:
        start += 1
    for index in range(start, len(lines)):
        line = lines[index].lstrip("\ufeff") if index == 0 else lines[index]
        if fenced and _END_RE.match(line):
            header.body_line = index + 2
            return header
        if not line.strip():
            header.body_line = index + 2
            return header
        meta = _META_RE.match(line)
        if meta:
            last = Field(meta["key"], meta["value"].strip(), index + 1)
            key = last.key.lower()
            if key in header.fields:
                header.duplicates.append(last)
            header.fields[key] = last
            continue
        more = _MORE_RE.match(line)
        if more and last is not None:
            last = Field(last.key, f"{last.value} {more['value'].strip()}", last.line)
            header.fields[last.key.lower()] = last
            continue
        header.body_line = index + 1
        return header
    header.body_line = len(lines) + 1
    return header


def source_lines(text: str) -> list[str]:
    """The lines of a source file, split only at newlines."""
    return text.replace("\r\n", "\n").split("\n")
