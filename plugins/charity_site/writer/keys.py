"""A stable picture of settings and metadata, for the preview writer's keys. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime


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
