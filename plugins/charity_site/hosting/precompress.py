"""Compressed copies of every text file, made once at publish time. Pure.

Hosts and nginx's gzip_static / brotli_static serve `page.html.gz` or
`page.html.br` to browsers that accept them, so nothing is compressed per
request. The same input always gives the same bytes (no time or name in the
gzip header), so two publishes of the same content are identical.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli

from ..files.whole import write_bytes_whole

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


def precompress(folder: Path) -> int:
    """Write .gz and .br beside every text file under folder; return how many."""
    count = 0
    for here, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(here) / name
            if not is_text(path) or path.is_symlink():
                continue
            gz, br = compressed(path.read_bytes())
            write_bytes_whole(path.with_name(name + ".gz"), gz)
            write_bytes_whole(path.with_name(name + ".br"), br)
            count += 1
    return count
