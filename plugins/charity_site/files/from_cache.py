"""Files put in the output from a cache whose entries never change. Pure.

A cache entry (a picture variant, a card) is named by the hash of what it was
made from and is only ever replaced by a rename, never written in place, so the
output can share it by a hard link: no bytes copied, and the next build that
replaces the entry leaves the linked file as it was. Where a link cannot be
made (the cache on another disk) the bytes are copied.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


def place_from_cache(source: Path, target: Path) -> None:
    """Put the cache entry source at target, whole: a hard link, or a copy."""
    with contextlib.suppress(OSError):
        if source.samefile(target):
            return  # there already, from the last build
    temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        try:
            os.link(source, temporary)
        except FileExistsError:
            temporary.unlink()
            os.link(source, temporary)
        except OSError:  # another disk, or a file system without links
            shutil.copyfile(source, temporary)
        # Renamed over: a reader of the old file never sees half a new one.
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
