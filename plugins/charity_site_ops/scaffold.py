"""`invoke new`: a new post or page, written as a draft with guidance in it."""

from __future__ import annotations

from pathlib import Path

from pelican.settings import read_settings

from charity_site.clock import site_clock
from charity_site.conventions import derive_conventions
from charity_site.new_post import new_post_text, slugify
from charity_site_ops.problems import TaskError


def start_post(title: str, section: str, content: Path, settings: Path) -> Path:
    """Write the draft for title into content/section/; return its path (one line
    if the section is not one, or the file is there already)."""
    site = read_settings(str(settings))
    pages = str(site["PAGE_PATHS"][0]).strip("/")
    conventions = derive_conventions(site)
    sections = conventions.section_slugs
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
            "that --content names the content folder"
        ) from None
    return path
