"""The one small reader of the site's dict settings (CHECKS, IMAGES, FEEDS, CMS). Pure.

A feature describes its setting as a frozen dataclass: each field is a key,
its type the kind of value the key takes, its default the one default
(written nowhere else), and `metadata=limits(...)` a range or a hint. `read_fields()`
fills the dataclass from the setting's dict: a wrong value is one line naming
the exact key (`CHECKS['reading_min_words']`) and what to write, and a key the
dataclass does not have is refused with the keys there are. Fields a feature
works out from other settings have `metadata=DERIVED`: they are passed in,
and a setting cannot give them.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import MISSING, Field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")
_SHOWN = 60  # characters of a wrong value quoted back


class BadSetting(ValueError):
    """A wrong setting; str() is the one line naming its key and what to write."""


def limits(
    *,
    low: float | None = None,
    high: float | None = None,
    hint: str = "",
    min_items: int = 0,
) -> Mapping[str, Any]:
    """A settable field's metadata: the range of a number, a hint for the fix."""
    return MappingProxyType(
        {"low": low, "high": high, "hint": hint, "min_items": min_items}
    )


# A field worked out from other settings: given to read_fields, never set.
DERIVED: Mapping[str, Any] = MappingProxyType({"derived": True})


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _wrong(error: type[BadSetting], where: str, value: object, what: str) -> BadSetting:
    return error(f"{where} is {_shown(value)}: {what}")


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _number_range(meta: Mapping[str, Any], whole: bool) -> str:
    low, high = meta.get("low"), meta.get("high")
    kind = "a whole number" if whole else "a number"
    if low is not None and high is not None:
        return f"use {kind} from {_plain(low)} to {_plain(high)}"
    if low is not None:
        return f"use {kind} of {_plain(low)} or more"
    return f"use {kind}"


def _in_range(value: float, meta: Mapping[str, Any]) -> bool:
    low, high = meta.get("low"), meta.get("high")
    return (low is None or value >= low) and (high is None or value <= high)


def _convert(
    where: str,
    value: object,
    kind: Any,
    meta: Mapping[str, Any],
    error: type[BadSetting],
) -> object:
    """One value as the field's type, or the one line saying what to write."""
    hint = meta.get("hint") or ""
    origin, args = get_origin(kind), get_args(kind)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _convert(where, value, inner, meta, error)
    if origin is tuple:
        (item,) = [a for a in args if a is not Ellipsis]
        if get_origin(item) is tuple:  # pairs, written as a dict
            if not isinstance(value, Mapping):
                raise _wrong(error, where, value, hint or "use a dict")
            return tuple(
                (
                    _convert(where, k, str, {"hint": hint}, error),
                    _convert(f"{where}[{k!r}]", v, str, {"hint": hint}, error),
                )
                for k, v in value.items()
            )
        if not isinstance(value, list | tuple):
            raise _wrong(error, where, value, hint or "use a list")
        if len(value) < meta.get("min_items", 0):
            raise _wrong(error, where, value, hint or "give at least one")
        for i, v in enumerate(value):
            if item is str and isinstance(v, str) and not v.strip():
                # A blank word would match everywhere (or, as a name to leave
                # out, blank out every text): never what is meant.
                raise _wrong(error, f"{where}[{i}]", v, "remove the empty item")
        return tuple(
            _convert(f"{where}[{i}]", v, item, meta, error) for i, v in enumerate(value)
        )
    if kind is bool:
        if not isinstance(value, bool):
            raise _wrong(error, where, value, hint or "use True or False")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong(error, where, value, hint or _number_range(meta, True))
        if not _in_range(value, meta):
            raise _wrong(error, where, value, _number_range(meta, True))
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _wrong(error, where, value, hint or _number_range(meta, False))
        if not _in_range(value, meta):
            raise _wrong(error, where, value, _number_range(meta, False))
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise _wrong(error, where, value, hint or "write it as text, in quotes")
        return value
    if kind is Path:
        if not isinstance(value, str | Path) or not str(value).strip():
            raise _wrong(error, where, value, hint or "write a folder, in quotes")
        return Path(value)
    raise TypeError(f"{where}: read_fields cannot read a {kind!r}")  # our mistake


def settable(kind: type) -> tuple[Field, ...]:
    """The fields of a setting's dataclass that its dict may give."""
    return tuple(f for f in fields(kind) if f.init and not f.metadata.get("derived"))


def read_fields(
    settings: Mapping[str, object],
    key: str,
    kind: type[T],
    *,
    error: type[BadSetting] = BadSetting,
    example: str = "",
    **given_by_site: object,
) -> T:
    """The dict setting `key` read into the frozen dataclass `kind`, checked.

    Keys left out take the field's default; derived fields come from
    given_by_site. Never changes the settings.
    """
    given = settings.get(key)
    if given is None:
        given = {}
    if not isinstance(given, Mapping):
        raise error(f"{key} must be a dict, for example {example or '{...}'}")
    own = settable(kind)
    names = [f.name for f in own]
    unknown = sorted(str(k) for k in given if k not in names)
    if unknown:
        raise error(
            f"{key} has unknown key(s) {', '.join(unknown)}: use {', '.join(names)}"
        )
    hints = get_type_hints(kind)
    values: dict[str, object] = dict(given_by_site)
    for each in own:
        where = f"{key}['{each.name}']"
        if each.name in given:
            values[each.name] = _convert(
                where, given[each.name], hints[each.name], each.metadata, error
            )
        elif each.default is MISSING and each.default_factory is MISSING:
            hint = each.metadata.get("hint") or "give it a value"
            raise error(f"{where} is missing: {hint}")
    return kind(**values)
