"""Compressed copies of every text file, made once at publish time. Pure.

Hosts and nginx's gzip_static / brotli_static serve `page.html.gz` or
`page.html.br` to browsers that accept them, so nothing is compressed per
request. The same input always gives the same bytes (no time or name in the
gzip header), so two publishes of the same content are identical.

The brotli and gzip forms are kept in the cache under the page's own digest:
an hourly publish where one post changed compresses a handful of pages, not
every page again. Its quality was chosen by measurement (BROTLI_QUALITY below).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import zlib
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import brotli

from ..files.walk import files_under
from ..files.whole import write_bytes_whole
from ..layout import DIGEST_FOLDER, PRECOMPRESSED
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


# Past this size (the web editor's 5 MB script) quality 11 takes about 10 s for
# 10% less than quality 9, which takes half a second: one file, where a tenth
# is half a megabyte for an editor to download, so it keeps 9.
LARGE = 1_000_000
LARGE_QUALITY = 9
# Measured over a 1,000-post publish (`benchmarks/encoding.py brotli`: every
# fourth of its 2,004 text files, 21.8 KB on average, one core, best of 3):
#   quality 11: 32.5 ms, 4,139 bytes a file    quality 10: 12.1 ms, +3.2%
#   quality 9:   9.9 ms, +11.2%                quality 8:   0.46 ms, +11.4%
#   quality 5-7: 0.38-0.46 ms, +11.6-12.7%
# Past 8 the time grows twenty- to seventy-fold for at most 10% fewer bytes
# (a cold publish's CPU: 65 s at 11, 24 s at 10, under 1 s at 8). The 470
# bytes a page that costs keep a page (4.6 KB) well inside a connection's first
# round trip (about 14 KB), so no reader waits longer; the seconds, though, are
# paid by every publish after a theme change, when every page is new.
BROTLI_QUALITY = 8


def quality_for(data: bytes) -> int:
    """The brotli quality of data: BROTLI_QUALITY, or LARGE_QUALITY for a large file."""
    return BROTLI_QUALITY if len(data) <= LARGE else LARGE_QUALITY


def brotlied(data: bytes) -> bytes:
    """The brotli form of data, at its quality."""
    return brotli.compress(data, quality=quality_for(data))


def _brotli_kept(data: bytes, cache: Path | None) -> tuple[bytes, str | None]:
    """The brotli form of data, from the cache when it holds it; and its key."""
    if cache is None:
        return brotlied(data), None
    # The brotli version and quality are in the key: either may give other bytes.
    made = f"{brotli.version}\0{quality_for(data)}\0".encode()
    key = hashlib.sha256(made + data).hexdigest()
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


def gzip_cache(cache: Path) -> Path:
    """Where the gzip forms are kept: a folder beside the brotli ones."""
    return cache.with_name(cache.name + "-gzip")


def _gzip_kept(data: bytes, cache: Path | None) -> tuple[bytes, str | None]:
    """The gzip form of data, from the cache when it holds it; and its key.

    Kept too: at level 9 it costs a publish as much as brotli at 8, and a
    publish after one edit has every other page as it was.
    """
    if cache is None:
        return gzipped(data), None
    folder = gzip_cache(cache)
    # zlib's version is in the key: another may give other bytes.
    key = hashlib.sha256(f"{zlib.ZLIB_VERSION}\0".encode() + data).hexdigest()
    kept = folder / key[:2] / key
    with contextlib.suppress(OSError, EOFError, gzip.BadGzipFile, zlib.error):
        gz = kept.read_bytes()
        if gzip.decompress(gz) == data:  # a damaged copy never reaches a reader
            return gz, key
    gz = gzipped(data)
    with contextlib.suppress(OSError):
        write_bytes_whole(kept, gz)
    return gz, key


def compress_file(
    path: Path, cache: Path | None = None
) -> tuple[str | None, str | None]:
    """Write path's .gz and .br siblings; return the cache keys used (br, gz)."""
    data = path.read_bytes()
    br, key = _brotli_kept(data, cache)
    gz, gz_key = _gzip_kept(data, cache)
    write_bytes_whole(path.with_name(path.name + ".gz"), gz)
    write_bytes_whole(path.with_name(path.name + ".br"), br)
    return key, gz_key


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


def served_text_files(folder: Path, keep_existing: bool = False) -> list[Path]:
    """Every text file under folder that is served (not a link, not the digest);
    with keep_existing, not one that has both its compressed forms already."""
    paths = []
    for _name, entry, names in files_under(folder, UNSERVED):
        if entry.is_symlink() or not is_text(Path(entry.name)):
            continue
        if keep_existing and all(entry.name + s in names for s in PRECOMPRESSED):
            continue
        paths.append(Path(entry.path))
    return paths


def precompress(
    folder: Path,
    workers: int = 0,
    cache: Path | None = None,
    keep_existing: bool = False,
) -> int:
    """Write .gz and .br beside every served text file under folder; say how many.

    With a cache folder, brotli forms are reused by content and the ones no
    longer used are removed, so the cache holds one publish's worth. With
    keep_existing, a file that has both forms already keeps them: in a
    publish's new folder those are the live site's, copied with the unchanged
    page they belong to (no content file may take a .gz or .br address).
    """
    paths = served_text_files(folder, keep_existing)
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
        forget_unused(cache, {br for br, _ in keys if br})
    if cache is not None and gzip_cache(cache).is_dir():
        forget_unused(gzip_cache(cache), {gz for _, gz in keys if gz})
    return len(paths)
