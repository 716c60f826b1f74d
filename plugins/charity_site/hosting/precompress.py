"""Compressed copies of every text file, made once at publish time. Pure.

Hosts and nginx's gzip_static / brotli_static serve `page.html.gz` or
`page.html.br` to browsers that accept them, so nothing is compressed per
request. The same input always gives the same bytes (no time or name in the
gzip header), so two publishes of the same content are identical.
"""

from __future__ import annotations

import gzip
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

from ..files.whole import write_bytes_whole
from ..pictures.jobs import end_with_parent

TEXT_SUFFIXES = frozenset(
    {".html", ".xml", ".json", ".txt", ".xsl", ".css", ".js", ".svg", ".ics"}
)


def is_text(path: Path) -> bool:
    """True for a text file the site serves (not a host's own _headers file)."""
    return path.suffix.lower() in TEXT_SUFFIXES and not path.name.startswith("_")


def compressed(data: bytes) -> tuple[bytes, bytes]:
    """The gzip (level 9, no time stamp) and brotli (quality 11) forms of data."""
    return (
        gzip.compress(data, compresslevel=9, mtime=0),
        brotli.compress(data, quality=11),
    )


def compress_file(path: Path) -> None:
    """Write path's .gz and .br siblings."""
    gz, br = compressed(path.read_bytes())
    write_bytes_whole(path.with_name(path.name + ".gz"), gz)
    write_bytes_whole(path.with_name(path.name + ".br"), br)


def precompress(folder: Path, workers: int = 0) -> int:
    """Write .gz and .br beside every text file under folder; return how many.

    Brotli at its best quality takes about 20 ms a page, so the files are
    shared out over every core (a 1,000-post site has some 1,800 of them).
    """
    paths = [
        Path(here) / name
        for here, _dirs, files in os.walk(folder)
        for name in files
        if is_text(Path(here) / name) and not (Path(here) / name).is_symlink()
    ]
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(paths) > 50:
        with ProcessPoolExecutor(
            max_workers=workers, initializer=end_with_parent
        ) as pool:
            list(pool.map(compress_file, paths, chunksize=32))
    else:
        for path in paths:
            compress_file(path)
    return len(paths)
