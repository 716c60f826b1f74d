"""Pelican glue: keep every build inside content/, and put extra/ at the site root.

Pelican finds files by walking content/ and following links, and copies every
file a post links to with {static}, wherever it is. No signal can change how a
generator walks, so each generator's get_files is wrapped for this build (on
the generator object only, never on Pelican's class) to leave out what the
link scan found; links that leave content/ are dropped before anything is
copied. tests/build/test_containment.py fails if Pelican walks past them.
"""

from __future__ import annotations

from pelican.contents import Static

from ..build import BuildState
from ..problems import Problem
from ..source.references import leaves_content
from .containment import LinkScan, inside, scan_links

EXTRA = "extra"  # the folder whose files are published at the site root, as they are
WELL_KNOWN = ".well-known"  # the one dot-folder published (RFC 8615)


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


def place_extra_files(generator, state: BuildState) -> None:
    """Files in content/extra/ are published at the site root, as documented."""
    reserved = state.conventions.reserved
    generator.staticfiles.extend(_well_known(generator, state))
    kept = []
    for static in generator.staticfiles:
        source = state.source_of(static.source_path)
        if not source.startswith(f"{EXTRA}/"):
            kept.append(static)
            continue
        target = source.removeprefix(f"{EXTRA}/")
        first = target.split("/", 1)[0]
        if first in reserved or target in reserved:
            state.report(
                Problem(
                    source,
                    1,
                    "error",
                    "reserved-url",
                    f"this file would replace the site's own /{target}",
                    "rename it, or remove it from content/extra/",
                )
            )
            continue
        static.override_save_as = target
        static.override_url = target
        kept.append(static)
    generator.staticfiles[:] = kept  # in place: the context holds this list
