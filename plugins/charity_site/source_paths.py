"""Pelican glue: each post works out its path relative to content/ once.

Pelican's Content.url_format, behind every `url` and `save_as`, asks for the
source's path relative to the content folder each time, by two abspath calls
and a relpath: some forty times a post in a build, a second of a 1,000-post
build. The answer depends only on the source path and the PATH setting, so
each post's own copy of Pelican's class keeps it once worked out.
"""

from __future__ import annotations

from pelican import contents


class _RelativePathOnce:
    """Pelican's get_relative_source_path, each answer kept on the object."""

    def get_relative_source_path(self, source_path: str | None = None) -> str | None:
        """The path relative to content/, as Pelican's method gives it, once."""
        key = (source_path or self.source_path, self.settings["PATH"])
        kept = self.__dict__.setdefault("_relative_source_paths", {})
        if key not in kept:
            kept[key] = super().get_relative_source_path(source_path)
        return kept[key]


# Named as Pelican's own: Content._expand_settings reads the class's name
# (ARTICLE_URL, PAGE_URL), and a module-level class pickles by reference.
class Article(_RelativePathOnce, contents.Article):
    """Pelican's Article, its relative source path worked out once."""


class Page(_RelativePathOnce, contents.Page):
    """Pelican's Page, its relative source path worked out once."""


_OWN = {contents.Article: Article, contents.Page: Page}


def relative_path_once(content: object) -> None:
    """Give a post or page made by Pelican the class that keeps its relative path."""
    own = _OWN.get(type(content))
    if own is not None:
        content.__class__ = own
