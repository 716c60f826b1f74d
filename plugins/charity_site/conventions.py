"""The site's conventions, derived once from the settings. Pure: no Pelican imports.

Sections, where pages live, which folders hold files rather than posts, the
addresses the site itself uses: each is written once, in pelicanconf.py
(ARTICLE_PATHS, PAGE_PATHS, STATIC_PATHS and the *_URL / *_SAVE_AS patterns),
and everything else (the menu, the checks, the feeds, the sitemap, the tests)
asks this object.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .layout import Layout, derive_layout

# The suffixes our reader reads, as Pelican's Markdown reader would.
POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


@dataclass(frozen=True)
class Section:
    """One section of the site: its folder (the slug), label and address."""

    slug: str
    label: str
    url: str


@dataclass(frozen=True)
class Conventions:
    """Sections, page and file folders, and reserved addresses of one site."""

    sections: tuple[Section, ...]
    pages_folder: str
    file_folders: tuple[str, ...]  # content folders that hold files, not posts
    reserved: frozenset[str]  # first segments of addresses the site writes itself
    layout: Layout  # every address the build writes (layout.py)

    @property
    def section_slugs(self) -> tuple[str, ...]:
        """The section folders, in menu order."""
        return tuple(section.slug for section in self.sections)

    def label(self, slug: str) -> str:
        """A section's label ('News'); an unknown folder's name, capitalised."""
        for section in self.sections:
            if section.slug == slug:
                return section.label
        return slug.replace("-", " ").capitalize()

    def is_post_source(self, relative: str) -> bool:
        """True for a Markdown file our reader reads (not in a file folder)."""
        if not relative.endswith(POST_SUFFIXES):
            return False
        parts = relative.split("/")
        return parts[0] not in self.file_folders and not any(
            part.startswith(".") for part in parts
        )


def derive_conventions(settings: Mapping[str, object]) -> Conventions:
    """Read the conventions from Pelican's settings; never changes them."""
    section_slugs = tuple(str(p).strip("/") for p in settings.get("ARTICLE_PATHS", ()))
    labels = settings.get("SECTION_LABELS") or {}
    category_url = str(settings.get("CATEGORY_URL", "category/{slug}.html"))
    sections = tuple(
        Section(
            slug,
            str(labels.get(slug, slug.replace("-", " ").capitalize())),  # type: ignore[union-attr]
            category_url.format(slug=slug),
        )
        for slug in section_slugs
    )
    pages = [str(p).strip("/") for p in settings.get("PAGE_PATHS", ("pages",))]
    files = tuple(str(p).strip("/") for p in settings.get("STATIC_PATHS", ()))
    layout = derive_layout(settings)
    return Conventions(
        sections=sections,
        pages_folder=pages[0] if pages else "pages",
        file_folders=files,
        reserved=layout.first_segments() | set(files),
        layout=layout,
    )
