"""Compressed copies of every text file, made once at publish time. Pure.

Hosts and nginx's gzip_static / brotli_static serve `page.html.gz` or
`page.html.br` to browsers that accept them, so nothing is compressed per
request. The same input always gives the same bytes (no time or name in the
gzip header), so two publishes of the same content are identical.

Brotli at its best quality takes about 20 ms a page, so the brotli form is
kept in the cache under the page's own digest: an hourly publish where one
post changed compresses a handful of pages, not every page again.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import brotli

from ..files.whole import write_bytes_whole
from ..layout import DIGEST_FOLDER
from ..lifetime import end_with_parent

TEXT_SUFFIXES = frozenset(
    {".html", ".xml", ".json", ".txt", ".xsl", ".css", ".js", ".svg", ".ics"}
)
CACHE_KIND = "compressed"  # the folder under the cache root
# Top-level folders never compressed: the digest is copied into an email by
# hand, never served, so `invoke digest` must hand over its two files alone.
UNSERVED = frozenset({DIGEST_FOLDER})


def is_text(path: Path) -> bool:
    """True for a text file the site serves (not a host's own _headers file)."""
    return path.suffix.lower() in TEXT_SUFFIXES and not path.name.startswith("_")


def gzipped(data: bytes) -> bytes:
    """The gzip form of data: level 9, no time stamp, so always the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


# Past this size (the web editor's 5 MB script) the best quality takes about 10 s
# for 10% less than quality 9, which takes half a second. Only the editor loads
# such a file, and every publish with a cold cache (each test's) would pay it.
LARGE = 1_000_000


def brotlied(data: bytes) -> bytes:
    """The brotli form of data: its best quality, or quality 9 for a large file."""
    return brotli.compress(data, quality=11 if len(data) <= LARGE else 9)


def _brotli_kept(data: bytes, cache: Path | None) -> tuple[bytes, str | None]:
    """The brotli form of data, from the cache when it holds it; and its key."""
    if cache is None:
        return brotlied(data), None
    # The brotli version is in the key: another version may give other bytes.
    key = hashlib.sha256(brotli.version.encode() + b"\0" + data).hexdigest()
    kept = cache / key[:2] / key
    with contextlib.suppress(OSError, brotli.error):
        br = kept.read_bytes()
        # Unpacking is quick; a damaged copy must never reach a reader.
        if brotli.decompress(br) == data:
            return br, key
    br = brotlied(data)
    with contextlib.suppress(OSError):
        write_bytes_whole(kept, br)
    return br, key


def compress_file(path: Path, cache: Path | None = None) -> str | None:
    """Write path's .gz and .br siblings; return the cache key used, if any."""
    data = path.read_bytes()
    br, key = _brotli_kept(data, cache)
    write_bytes_whole(path.with_name(path.name + ".gz"), gzipped(data))
    write_bytes_whole(path.with_name(path.name + ".br"), br)
    return key


def forget_unused(cache: Path, used: set[str]) -> int:
    """Remove kept copies this publish did not use; return how many."""
    removed = 0
    for folder in cache.glob("??"):
        for entry in folder.iterdir():
            if entry.name not in used:
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed += 1
    return removed


def served_text_files(folder: Path) -> list[Path]:
    """Every text file under folder that is served (not a link, not the digest)."""
    paths = []
    for here, dirs, files in os.walk(folder):
        if Path(here) == Path(folder):  # pruned here, so never walked into
            dirs[:] = [name for name in dirs if name not in UNSERVED]
        paths += [
            Path(here) / name
            for name in files
            if is_text(Path(here) / name) and not (Path(here) / name).is_symlink()
        ]
    return paths


def precompress(folder: Path, workers: int = 0, cache: Path | None = None) -> int:
    """Write .gz and .br beside every served text file under folder; say how many.

    With a cache folder, brotli forms are reused by content and the ones no
    longer used are removed, so the cache holds one publish's worth.
    """
    paths = served_text_files(folder)
    work = partial(compress_file, cache=cache)
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(paths) > 50:
        with ProcessPoolExecutor(
            max_workers=workers, initializer=end_with_parent
        ) as pool:
            keys = list(pool.map(work, paths, chunksize=32))
    else:
        keys = [work(path) for path in paths]
    if cache is not None and cache.is_dir():
        forget_unused(cache, {key for key in keys if key})
    return len(paths)
