"""Files that appear whole or not at all: written beside, then renamed. Pure."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


@contextlib.contextmanager
def write_whole(path: Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text file that takes path's place only once it is completely written."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding=encoding) as stream:
            yield stream
        Path(temporary).chmod(0o644)  # mkstemp makes 0600; a page is for all
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise


def write_bytes_whole(path: Path, data: bytes) -> None:
    """Write bytes to path so that no reader ever sees half of them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise
