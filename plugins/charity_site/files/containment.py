"""What in content/ may be read and published: nothing outside it. Pure.

Pelican follows symlinked folders when it looks for files; a link to / would
walk the whole disk, and a link to /etc would publish it. Here content/ is
scanned once, without following any link, and every link is judged: a link to
a folder is never followed, and a link to a file is used only when the file
lies inside content/.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem


@dataclass(frozen=True)
class LinkScan:
    """The symlinks under content/, as paths relative to it."""

    folders: tuple[str, ...] = ()  # links to folders: never followed
    outside: tuple[str, ...] = ()  # links to files outside content/ (or to nothing)
    problems: tuple[Problem, ...] = field(default_factory=tuple)


def inside(root: Path, path: Path) -> bool:
    """True when path, once every link in it is followed, lies inside root."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a link loop
        return False
    return True


def scan_links(root: Path) -> LinkScan:
    """Find every symlink under root without following one."""
    folders: list[str] = []
    outside: list[str] = []
    problems: list[Problem] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            path = here / name
            if path.is_symlink():
                relative = path.relative_to(root).as_posix()
                folders.append(relative)
                problems.append(
                    Problem(
                        relative,
                        1,
                        "error",
                        "linked-folder",
                        "this folder is a link to another folder: the site never "
                        "follows such links, so nothing in it is published",
                        "put the files themselves in content/ instead of a link",
                    )
                )
        for name in sorted(files):
            path = here / name
            if path.is_symlink() and not inside(root, path):
                relative = path.relative_to(root).as_posix()
                outside.append(relative)
                problems.append(
                    Problem(
                        relative,
                        1,
                        "error",
                        "outside-content",
                        "this file is a link to a file outside the content folder "
                        "(or to nothing): it is never read or published",
                        "put the file itself in content/ instead of a link",
                    )
                )
    return LinkScan(tuple(folders), tuple(outside), tuple(problems))
