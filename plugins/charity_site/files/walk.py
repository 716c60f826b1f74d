"""Every file under a folder, named relative to it, in one pass. Pure.

Strings and directory entries, never a Path a file: the host's header rules
and the publish's compression each look over every file of a 1,000-post site
(some 7,000), where pathlib's parsing cost more than the walk.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def files_under(
    root: Path, skip_top: frozenset[str] = frozenset()
) -> Iterator[tuple[str, os.DirEntry, frozenset[str]]]:
    """(path relative to root with '/', its entry, every name in its folder) for
    each file under root, links not followed; top-level folders in skip_top left out."""
    stack = [("", str(root))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as listing:
            entries = list(listing)
        names = frozenset(entry.name for entry in entries)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not (prefix == "" and entry.name in skip_top):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
            elif not (entry.is_symlink() and entry.is_dir()):
                # A link to a folder is neither walked nor named, as os.walk does.
                yield f"{prefix}{entry.name}", entry, names
