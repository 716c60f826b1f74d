"""`invoke new`: a new post or page, written as a draft with guidance in it."""

from __future__ import annotations

import shlex
from pathlib import Path

from pelican.settings import read_settings

from charity_site.clock import site_clock
from charity_site.conventions import derive_conventions
from charity_site.new_post import new_post_text, slugify
from charity_site_ops.commands import option_hint, option_name, under_make
from charity_site_ops.problems import TaskError


def which_section(title: str, sections: tuple[str, ...], pages: str) -> str:
    """The line asking for a section, with the command to copy and the choices."""
    # No default: a story written as news would go out without its consent
    # check and under the wrong heading, so the writer names the section.
    example = option_hint("section", sections[0] if sections else pages)
    if under_make():
        command = f"make new TITLE={shlex.quote(title)} {example}"
    else:
        command = f"invoke new {shlex.quote(title)} {example}"
    return (
        f"error: say which section: {command} (sections: {', '.join(sections)}; "
        f"{pages} for a page)"
    )


def start_post(title: str, section: str, content: Path, settings: Path) -> Path:
    """Write the draft for title into content/section/; return its path (one line
    if the section is missing or not one, or the file is there already)."""
    site = read_settings(str(settings))
    pages = str(site["PAGE_PATHS"][0]).strip("/")
    conventions = derive_conventions(site)
    sections = conventions.section_slugs
    if not section:
        raise TaskError(which_section(title, sections, pages))
    try:
        # Dated now on the site's clock (TIMEZONE; SITE_NOW if set), as a build.
        now = site_clock(site).now
        text = new_post_text(
            title, section, now, sections, pages, role=conventions.role_of(section)
        )
    except ValueError as problem:
        raise TaskError(f"error: {problem}") from None
    path = content / section / f"{slugify(title)}.md"
    if path.exists():
        raise TaskError(
            f"error: {path} already exists: choose another title, or edit that file"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as new:  # never over a file
            new.write(text)
    except FileExistsError:
        raise TaskError(
            f"error: {path} already exists: choose another title, or edit that file"
        ) from None
    except OSError as problem:
        raise TaskError(
            f"error: cannot write {path} ({problem.strerror or problem}): check "
            f"that {option_name('content')} names the content folder"
        ) from None
    return path
