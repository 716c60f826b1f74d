"""Pelican glue: keep every build inside content/, and put extra/ at the site root.

Pelican finds files by walking content/ and following links, and copies every
file a post links to with {static}, wherever it is. No signal can change how a
generator walks, so each generator's get_files is wrapped for this build (on
the generator object only, never on Pelican's class) to leave out what the
link scan found; links that leave content/ are dropped before anything is
copied. tests/build/test_containment.py fails if Pelican walks past them.
"""

from __future__ import annotations

from pathlib import Path

from pelican.contents import Static

from ..build import BuildState
from ..layout import WELL_KNOWN, fold
from ..problems import Problem
from ..source.references import leaves_content
from ..written import written_content
from .containment import LinkScan, inside, scan_links

EXTRA = "extra"  # the folder whose files are published at the site root, as they are


def link_scan(state: BuildState) -> LinkScan:
    """This build's scan of the links under content/ (made once, reported once)."""
    if state.links is None:
        state.links = scan_links(state.content_root)
        for problem in state.links.problems:
            state.report(problem)
    return state.links


def keep_inside(generator, state: BuildState) -> None:
    """Make this generator's file search skip linked folders and files outside."""
    scan = link_scan(state)
    if not scan.folders and not scan.outside:
        return
    original = generator.get_files  # the bound method of this generator
    root = state.content_root

    def get_files(paths, exclude=None, extensions=None):
        found = original(paths, [*(exclude or []), *scan.folders], extensions)
        return {f for f in found if inside(root, root / f)}

    generator.get_files = get_files


def drop_links_outside(context, state: BuildState) -> None:
    """Files linked with {static} or {attach} outside content/ are never copied."""
    links = context.get("static_links")
    if not links:
        return
    root = state.content_root
    outside = {
        link for link in links if leaves_content(link) or not inside(root, root / link)
    }
    links.difference_update(outside)  # in place: Pelican holds this set


def _well_known(generator, state: BuildState) -> list:
    """Static files for content/extra/.well-known/ (IGNORE_FILES skips dot-folders).

    Editors' hidden files are never published, but security.txt and the like
    live in .well-known/ by the web's own rules.
    """
    folder = state.content_root / EXTRA / WELL_KNOWN
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(state.content_root).as_posix()
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if hidden or not path.is_file() or not inside(state.content_root, path):
            continue
        if any(relative.startswith(f"{link}/") for link in link_scan(state).folders):
            continue
        static = generator.readers.read_file(
            base_path=generator.path,
            path=relative,
            content_class=Static,
            fmt="static",
            context=generator.context,
        )
        generator.add_source_path(static, static=True)
        found.append(static)
    return found


def _live_pages(context) -> dict[str, str]:
    """Every post and page this build writes, by folded address."""
    return {fold(str(c.save_as)): str(c.url) for c in written_content(context)}


def extra_problem(target: str, state: BuildState, live: dict[str, str]) -> str | None:
    """Why a file of content/extra/ cannot go to this address, or None if it can.

    extra/ adds files the site does not make (security.txt, a verification
    file); it never replaces one, whatever the spelling or case of its name.
    """
    conventions = state.conventions
    owner = conventions.layout.owner_of(target)
    if owner:
        return f"it would replace /{target}, which is {owner}"
    if fold(target) in live:
        return f"it would replace the page at /{live[fold(target)]}"
    first = target.split("/", 1)[0].casefold()
    if any(first == name.casefold() for name in conventions.reserved):
        return f"it would go into /{first}/, a folder the site writes itself"
    return None


def place_extra_files(generator, state: BuildState) -> None:
    """Files in content/extra/ are published at the site root, as documented."""
    generator.staticfiles.extend(_well_known(generator, state))
    live = _live_pages(generator.context)
    kept = []
    for static in generator.staticfiles:
        source = state.source_of(static.source_path)
        if (
            not source.startswith(f"{EXTRA}/")
            and not Path(static.source_path).is_file()
        ):
            continue  # a link to nothing or to a folder: its own rule names it
        if not source.startswith(f"{EXTRA}/"):
            # A file in images/ keeps its address; only the layout can own it
            # (a name shaped like a resized copy the picture pipeline writes).
            owner = state.conventions.layout.owner_of(source)
            if owner:
                state.report(
                    Problem(
                        source,
                        1,
                        "error",
                        "reserved-url",
                        f"this file cannot be published: its name is the address "
                        f"of {owner}",
                        "rename it (a name like photo-800w.0123456789.webp is kept "
                        "for the site's resized pictures)",
                    )
                )
            else:
                kept.append(static)
            continue
        target = source.removeprefix(f"{EXTRA}/")
        why = extra_problem(target, state, live)
        if why:
            state.report(
                Problem(
                    source,
                    1,
                    "error",
                    "reserved-url",
                    f"this file cannot be published: {why}",
                    "rename it, or remove it from content/extra/ (extra/ adds "
                    "files; it never replaces one the site makes)",
                )
            )
            continue
        static.override_save_as = target
        static.override_url = target
        kept.append(static)
    generator.staticfiles[:] = kept  # in place: the context holds this list
