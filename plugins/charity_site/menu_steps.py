"""Pelican glue: the main menu and the sections' intros, from menu.py."""

from __future__ import annotations

from .build import state_of
from .menu import PageEntry, main_menu, section_intros
from .problems import Problem
from .site_context import SECTION_INTROS, SITE_MENU


def _entry(page, source: str) -> PageEntry:
    meta = page.metadata
    return PageEntry(
        source=source,
        slug=page.slug,
        title=str(page.title),
        url=page.url,
        menu_order=str(meta.get("menu_order", "")),
        menu_label=str(meta.get("menu_label", "")),
        intro_for=str(meta.get("intro_for", "")),
    )


def arrange_pages(generator) -> None:
    """Pages read: make the menu, and take intro pages out of the page list."""
    state = state_of(generator.context, generator.settings)
    by_source = {state.source_of(p.source_path): p for p in generator.pages}
    entries = [_entry(page, source) for source, page in by_source.items()]
    intros, extra = section_intros(state.conventions, entries)
    for source, first in extra:
        found = state.sources.get(source)
        field = found.header.get("Intro_for") if found else None
        state.report(
            Problem(
                source,
                field.line if field else 1,
                "error",
                "second-intro",
                f"{first} is already the intro of that section",
                "keep one intro per section: remove 'Intro_for:' from one of them",
            )
        )
    shown = set(intros.values())
    # In place: the context holds this very list (Pelican's _update_context).
    generator.pages[:] = [
        p for p in generator.pages if state.source_of(p.source_path) not in shown
    ]
    generator.context[SECTION_INTROS] = {
        section: by_source[source] for section, source in intros.items()
    }
    generator.context[SITE_MENU] = main_menu(state.conventions, entries)
