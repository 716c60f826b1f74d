"""A content folder that tries to take every address a clean build writes.

Made from the output layout and a clean publish: for each address the site
writes, it asks for it from each source an editor controls (an `Aliases:`
entry in every spelling, a `redirects.txt` line, a file in `extra/`, a file in
`images/`, a page named like a folder the site uses), so a test can assert one
`file:line` error for each, the same in check and publish, and never a
replaced file.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote

from charity_site.layout import PRECOMPRESSED, Layout, fold

MARKER = "TAKEOVER-MARKER"  # in every file the hostile folder adds
_TARGET = "/news/good-post/"  # a live page every redirect points at


@dataclass
class Attempts:
    """What the hostile folder asks for, to look up in the problem lines."""

    aliases: set[str] = field(default_factory=set)  # decoded old addresses
    redirect_lines: dict[int, str] = field(default_factory=dict)
    extra_files: list[str] = field(default_factory=list)  # under content/
    image_files: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)


def spellings(address: str) -> list[str]:
    """Every way an editor might write one site address (a save_as)."""
    path = "/" + address.lstrip("/")
    folder = path.removesuffix("index.html")
    found = {path, folder, path.upper(), folder.upper()}
    if folder.endswith("/") and folder != "/":
        found |= {folder.rstrip("/"), folder.title()}
    found.add(
        "".join(c if c.isalnum() or c in "/." else f"%{ord(c):02X}" for c in path)
    )
    return sorted(found)


def written(site: Path) -> list[str]:
    """Every file a build wrote, relative to its root, without compressed copies."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not p.name.endswith(PRECOMPRESSED)
    )


def add_event(content: Path) -> None:
    """An upcoming event, so the build writes calendars too."""
    when = (date.today() + timedelta(days=60)).isoformat()
    (content / "events").mkdir(exist_ok=True)
    (content / "events" / "open-day.md").write_text(
        f"Title: Open day\nDate: {date.today().isoformat()}\n"
        "Summary: Come and see us.\n"
        f"Event_start: {when} 10:00\nEvent_end: {when} 12:00\nLocation: The hall\n\n"
        "All welcome.\n",
        encoding="utf-8",
    )


def make_hostile(clean: Path, destination: Path, targets: list[str], layout: Layout):
    """A copy of the clean content that asks for every target address."""
    shutil.copytree(clean, destination)
    attempts = Attempts()
    asked = sorted({s for target in targets for s in spellings(target)})
    attempts.aliases = {unquote(s) for s in asked}
    (destination / "news" / "takeover.md").write_text(
        "Title: Takeover\nDate: 2025-05-02\nSummary: Tries every address.\n"
        f"Aliases: {', '.join(asked)}\n\nIts aliases are all refused.\n",
        encoding="utf-8",
    )
    lines = [f"{spelling} {_TARGET}" for spelling in asked]
    (destination / "redirects.txt").write_text("\n".join(lines) + "\n", "utf-8")
    attempts.redirect_lines = {n: s for n, s in enumerate(asked, start=1)}
    for target in targets:
        for name in {target, target.upper()}:
            path = destination / "extra" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(MARKER, encoding="utf-8")
            attempts.extra_files.append(f"extra/{name}")
    for picture in layout.picture_folders:
        name = f"{picture}/leaflet-800w.0123456789.pdf"  # a picture variant's name
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        (destination / name).write_bytes(b"%PDF-1.4\n% " + MARKER.encode() + b"\n")
        attempts.image_files.append(name)
    # A page is written at /<its file name>/: one named like each folder (or
    # dotless root file) the layout owns.
    firsts = {t.split("/", 1)[0] for t in targets if layout.owner_of(t)}
    for first in sorted(f for f in firsts if "." not in f):
        page = destination / "pages" / f"{first}.md"
        page.write_text(
            f"Title: {first}\nSummary: Takes /{first}/.\n\n{MARKER}\n", "utf-8"
        )
        attempts.pages.append(f"pages/{first}.md")
    return attempts


def layout_examples(layout: Layout) -> list[str]:
    """One address for each thing the layout owns, built or not in a small site."""
    found = set(layout.files)
    found |= {f"{folder}index.html" for folder in layout.folders}
    found |= {pattern.replace("*", "x") for pattern in layout.patterns}
    found |= {f"{folder}/x-480w.0123456789.webp" for folder in layout.picture_folders}
    return sorted(found)


def owned_or_live(files: list[str], layout: Layout, live: set[str]) -> list[str]:
    """The files of a clean build that are the layout's or a post's or page's."""
    return [f for f in files if layout.owner_of(f) or fold(f) in live]
