"""The main menu and the sections' intros, from the settings and page headers. Pure.

The sections come first, in ARTICLE_PATHS order with their SECTION_LABELS; then
every page with a `Menu_order:`, lowest first, named by its `Menu_label:` or
title. A page with `Intro_for: <section>` is not a page of its own: its text
opens that section's list. So a change to the menu or an intro is a change to
content or settings, never to a template.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .conventions import Conventions


@dataclass(frozen=True)
class MenuItem:
    """One link of the main menu."""

    label: str
    url: str  # site-relative, like 'news/' or 'about/'
    section: str = ""  # the section's slug, for a section; '' for a page
    page: str = ""  # the page's slug, for a page


@dataclass(frozen=True)
class PageEntry:
    """What the menu and intros need of one page."""

    source: str  # relative to content/
    slug: str
    title: str
    url: str
    menu_order: str = ""
    menu_label: str = ""
    intro_for: str = ""


def main_menu(conventions: Conventions, pages: Iterable[PageEntry]) -> list[MenuItem]:
    """The sections, then the pages that ask to be in the menu, in their order."""
    items = [
        MenuItem(section.label, section.url, section=section.slug)
        for section in conventions.sections
    ]
    listed = sorted(
        (
            (int(page.menu_order), page.source, page)
            for page in pages
            if page.menu_order.strip().isdigit() and not page.intro_for
        ),
        key=lambda item: item[:2],
    )
    items += [
        MenuItem(page.menu_label.strip() or page.title, page.url, page=page.slug)
        for _order, _source, page in listed
    ]
    return items


def section_intros(
    conventions: Conventions, pages: Iterable[PageEntry]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Each section's intro page ({section: source}), and second intros found."""
    intros: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for page in sorted(pages, key=lambda p: p.source):
        section = page.intro_for.strip()
        if section not in conventions.section_slugs:
            continue  # reported by the per-file rule
        if section in intros:
            extra.append((page.source, intros[section]))
        else:
            intros[section] = page.source
    return intros, extra
