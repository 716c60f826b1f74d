"""Files that appear whole or not at all: written beside, then renamed. Pure.

A file whose new bytes are the ones it holds already is left untouched.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO


def _beside(path: Path) -> Path:
    """The temporary name a file is written under: hidden, and this process's own."""
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def _same_bytes(new: Path, old: Path) -> bool:
    """True when old is a file that already holds exactly new's bytes."""
    try:
        if new.stat().st_size != old.stat().st_size:
            return False
        return new.read_bytes() == old.read_bytes()
    except OSError:
        return False


@contextlib.contextmanager
def _whole(path: Path, mode: str, encoding: str | None) -> Iterator:
    temporary = _beside(path)
    try:
        # 0o666 less the umask, as open() would give the file itself.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        with os.fdopen(handle, mode, encoding=encoding) as stream:
            yield stream
        if _same_bytes(temporary, path):
            # Left as it was, time and all: the preview reloads only the tabs
            # whose page changed, and a deploy sends only what changed.
            temporary.unlink()
            return
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def write_whole(
    path: Path, encoding: str = "utf-8"
) -> contextlib.AbstractContextManager[TextIO]:
    """A text file that takes path's place only once it is completely written."""
    return _whole(path, "w", encoding)


def write_bytes_whole(path: Path, data: bytes) -> None:
    """Write bytes to path so that no reader ever sees half of them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stream: BinaryIO
    with _whole(path, "wb", None) as stream:
        stream.write(data)
