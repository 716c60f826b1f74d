"""Page keys: a fingerprint of everything a post's page is made from. Pure.

A rebuild renders a post's page again only when its key changed. The key is
written as a comment at the very end of the page, so the output folder itself
says what each page was built from: no separate cache to go stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path

MARK = "<!-- page-key: "
END = " -->\n"
_TAIL = 80  # bytes at the end of a page that hold the key


def stable_repr(value: object) -> str:
    """A repr that is the same in every run: plain data only, the rest left out."""
    if isinstance(value, str | int | float | bool | type(None) | date | datetime):
        return repr(value)
    if isinstance(value, Mapping):
        items = sorted((str(k), stable_repr(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, list | tuple | set | frozenset):
        parts = [stable_repr(v) for v in value]
        return (
            "["
            + ",".join(sorted(parts) if isinstance(value, set | frozenset) else parts)
            + "]"
        )
    return type(value).__name__  # functions, modules, objects: not part of the key


def digest(*parts: str | bytes) -> str:
    """A short hash of the parts, in order."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(
            part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        )
        hasher.update(b"\0")
    return hasher.hexdigest()[:24]


def files_digest(paths: Iterable[Path]) -> str:
    """A hash of the names and bytes of files (a theme, a plugin's code)."""
    hasher = hashlib.sha256()
    for path in sorted(paths):
        hasher.update(str(path).encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()[:24]


def key_comment(key: str) -> str:
    """The comment that ends a page and records its key."""
    return f"{MARK}{key}{END}"


def stored_key(path: Path) -> str | None:
    """The key recorded at the end of a page written earlier, if any."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - _TAIL))
            tail = handle.read().decode("utf-8", "replace")
    except OSError:
        return None
    start = tail.rfind(MARK)
    if start < 0 or not tail.endswith(END):
        return None
    return tail[start + len(MARK) : -len(END)]
