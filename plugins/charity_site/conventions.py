"""The site's conventions, derived once from the settings. Pure: no Pelican imports.

Sections, their roles, where pages live, which folders hold files rather than
posts, the addresses the site itself uses: each is written once, in
pelicanconf.py (ARTICLE_PATHS, SECTION_ROLES, PAGE_PATHS, STATIC_PATHS and the
*_URL / *_SAVE_AS patterns), and everything else (the menu, the checks, the
feeds, the sitemap, the tests) asks this object.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .layout import Layout, calendar_address, derive_layout
from .roles import EVENT, read_section_roles, section_with

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
    roles: tuple[tuple[str, str], ...] = ()  # (section, role), from SECTION_ROLES

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

    def role_of(self, slug: str) -> str | None:
        """A section's role ('story', 'event': roles.py), or None if it has none."""
        return dict(self.roles).get(slug)

    def section_for_role(self, role: str) -> str | None:
        """The section that has this role, or None when no section has it."""
        return section_with(dict(self.roles), role)

    @property
    def events_calendar(self) -> str | None:
        """The address of the calendar of every event to come, if the site has one."""
        events = self.section_for_role(EVENT)
        return calendar_address(events) if events else None

    def is_post_source(self, relative: str) -> bool:
        """True for a Markdown file our reader reads (not in a file folder)."""
        if not relative.endswith(POST_SUFFIXES):
            return False
        parts = relative.split("/")
        return parts[0] not in self.file_folders and not any(
            part.startswith(".") for part in parts
        )


def derive_conventions(settings: Mapping[str, object]) -> Conventions:
    """Read the conventions from Pelican's settings; never changes them.

    A wrong SECTION_ROLES raises SectionRolesError (roles.py), its one line.
    """
    section_slugs = tuple(str(p).strip("/") for p in settings.get("ARTICLE_PATHS", ()))
    roles = read_section_roles(settings, section_slugs)
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
    layout = derive_layout(settings, roles)
    return Conventions(
        sections=sections,
        pages_folder=pages[0] if pages else "pages",
        file_folders=files,
        reserved=layout.first_segments() | set(files),
        layout=layout,
        roles=tuple(roles.items()),
    )
