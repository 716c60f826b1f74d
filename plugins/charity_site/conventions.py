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

from .desk.model import DESK_FOLDER

# The suffixes our reader reads, as Pelican's Markdown reader would.
POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
# Where the feeds generator writes (feeds/<name>.<format>).
FEEDS_FOLDER = "feeds"
# Where `invoke digest` has the digest written.
DIGEST_FOLDER = "digest"
# Patterns whose first folder the site itself uses for lists it writes.
_SITE_PATTERNS = (
    "TAG_URL",
    "TAGS_SAVE_AS",
    "AUTHOR_URL",
    "AUTHORS_SAVE_AS",
    "CATEGORIES_SAVE_AS",
    "ARCHIVES_SAVE_AS",
    "DRAFT_URL",
    "DRAFT_PAGE_URL",
    "THEME_STATIC_DIR",
)
# Files at the root that every build writes.
_ROOT_FILES = ("index.html", "404.html", "robots.txt", "sitemap.xml")


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


def _first_segment(pattern: object) -> str:
    """'tags' for 'tags/{slug}/'; '' when the pattern starts with a placeholder."""
    text = str(pattern or "").strip("/")
    first = text.split("/", 1)[0]
    return "" if "{" in first else first


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
    reserved = {
        *section_slugs,
        *files,
        FEEDS_FOLDER,
        DIGEST_FOLDER,
        DESK_FOLDER,  # the preview's desk: a page there would hide it
        *_ROOT_FILES,
        *(_first_segment(settings.get(name)) for name in _SITE_PATTERNS),
    }
    for _minimum, url, _save_as in settings.get("PAGINATION_PATTERNS", ()):
        reserved.add(_first_segment(str(url).replace("{base_name}/", "")))
    reserved.discard("")
    return Conventions(
        sections=sections,
        pages_folder=pages[0] if pages else "pages",
        file_folders=files,
        reserved=frozenset(reserved),
    )
