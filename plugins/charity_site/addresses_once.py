"""Pelican glue: each post works out each of its addresses once.

Pelican's Content works out `url` and `save_as` afresh on every use: a copy
of the post's whole header, its path relative to content/ by two abspath
calls and a relpath, then the setting's pattern filled in. List pages, feeds
and the sitemap ask for them some forty times a post: over a second of a
1,000-post build. Each post here keeps every answer Pelican gave, under the
values the answer was made from (the fields the site's URL and SAVE_AS
patterns name, and the post's status), so a changed slug, date or section
is asked of Pelican again.
"""

from __future__ import annotations

import functools
from string import Formatter

from pelican import contents

# The fields Pelican's url_format works out itself, not from the header.
_WORKED_OUT = frozenset({"path", "slug", "lang", "date", "author", "category"})
_MISSING = object()  # a field the header does not have: Pelican fails as it would


def pattern_fields(settings: dict) -> frozenset[str]:
    """The fields any *_URL or *_SAVE_AS setting names, e.g. {'slug', 'date'}."""
    return _fields_of(
        tuple(
            value
            for key, value in settings.items()
            if isinstance(value, str) and key.endswith(("_URL", "_SAVE_AS"))
        )
    )


@functools.lru_cache(maxsize=8)  # the same few patterns for every post of a build
def _fields_of(patterns: tuple[str, ...]) -> frozenset[str]:
    names: set[str] = set()
    for pattern in patterns:
        for _text, field, _spec, _conversion in Formatter().parse(pattern):
            if field:
                names.add(field.split(".")[0].split("[")[0])
    return frozenset(names)


class _AddressesOnce:
    """Pelican's addresses, each kept on the object under what it was made from."""

    def get_relative_source_path(self, source_path: str | None = None) -> str | None:
        """The path relative to content/, as Pelican's method gives it, once."""
        key = (source_path or self.source_path, self.settings["PATH"])
        kept = self.__dict__.setdefault("_relative_source_paths", {})
        if key not in kept:
            kept[key] = super().get_relative_source_path(source_path)
        return kept[key]

    def _made_from(self, field: str) -> object:
        """One value url_format hands the pattern, worked out as Pelican does."""
        if field == "path":
            return self.metadata.get("path", self.get_relative_source_path())
        if field == "slug":
            return getattr(self, "slug", "")
        if field == "lang":
            return getattr(self, "lang", "en")
        if field == "date":
            return self.date
        if field in ("author", "category"):
            return getattr(self, field).slug if hasattr(self, field) else ""
        value = self.metadata.get(field, _MISSING)
        return value if value is _MISSING else (type(value).__name__, repr(value))

    def _expand_settings(self, key: str) -> str:
        """Pelican's address for key, kept under the values it was made from."""
        kept = self.__dict__.get("_kept_addresses")
        if kept is None:
            kept = self.__dict__["_kept_addresses"] = {
                "fields": tuple(sorted(pattern_fields(self.settings))),
                "made": {},
            }
        fields = kept["fields"]
        if "date" in fields and not hasattr(self, "date"):
            return super()._expand_settings(key)  # Pelican then uses its clock
        made_from = (
            key,
            self.status,
            id(self.settings),
            tuple(self._made_from(field) for field in fields),
        )
        made = kept["made"]
        if made_from not in made:
            made[made_from] = super()._expand_settings(key)
        return made[made_from]


# Named as Pelican's own: Content._expand_settings reads the class's name
# (ARTICLE_URL, PAGE_URL), and a module-level class pickles by reference.
class Article(_AddressesOnce, contents.Article):
    """Pelican's Article, each address worked out once."""


class Page(_AddressesOnce, contents.Page):
    """Pelican's Page, each address worked out once."""


_OWN = {contents.Article: Article, contents.Page: Page}


def addresses_once(content: object) -> None:
    """Give a post or page made by Pelican the class that keeps its addresses."""
    own = _OWN.get(type(content))
    if own is not None:
        content.__class__ = own
