"""What a publish and its Pelican child hand each other: live site, record. Pure.

The child builds into a new empty folder and takes every unchanged page from
the last site: the record of the last publish into that target (page name ->
the key it was made from, kept in the cache by the target's path) says which.
It hard-links a page from the standby, the site the last swap replaced, when
that site's record says the page was made from the same key; else it copies
the live site's bytes (the live site is only ever read, never linked: nothing
this build does can change a page a reader is being served).

The child writes its own record to a pending file beside its folder; the
publish puts it in the cache only after the swap, and removes the old one just
before, so a record never claims a page the live site does not hold (a killed
publish leaves no record: the next one renders every page). The standby's
record is used once: the child removes it before linking anything, and the
publish writes the replaced site's record for it only once that site is the
standby.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ..cache import digest
from ..files.whole import write_bytes_whole
from ..layout import PRECOMPRESSED

# Environment of the publish's Pelican child only (never settings: every
# setting is part of every page's key, and these name a new folder each time).
LIVE_SITE = "SITE_PUBLISH_LIVE"  # the live folder this publish replaces
PENDING_RECORD = "SITE_PUBLISH_PENDING"  # where this publish's record waits
STANDBY_SITE = "SITE_PUBLISH_STANDBY"  # the site the last swap replaced
PUBLISH_RECORDS = "publish-records"  # the cache folder of the publishes' records


def record_path(cache: Path, live: Path) -> Path:
    """Where the record of the site published at live is kept in the cache."""
    return cache / PUBLISH_RECORDS / f"{digest(str(live))}.json"


def _pages(data: object) -> dict[str, str] | None:
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, dict):
        return None
    return {k: v for k, v in pages.items() if isinstance(k, str) and isinstance(v, str)}


def read_record(path: Path) -> dict[str, str]:
    """A record's pages (name -> key); {} when it is missing or damaged."""
    try:
        return _pages(json.loads(path.read_bytes())) or {}
    except (OSError, ValueError):
        return {}


class Pending(NamedTuple):
    """A child's record waiting for the swap, and the standby's to come."""

    record: Path  # where the new site's record belongs
    pages: dict[str, str]
    standby_record: Path | None = None  # where the replaced site's belongs
    standby_pages: dict[str, str] | None = None


def write_pending(pending: Path, record: Pending) -> None:
    """The child's record, with where it belongs once its site is live."""
    data = {"record": str(record.record), "pages": record.pages}
    if record.standby_record is not None and record.standby_pages is not None:
        data["standby_record"] = str(record.standby_record)
        data["standby_pages"] = record.standby_pages
    write_bytes_whole(pending, json.dumps(data, sort_keys=True).encode("utf-8"))


def read_pending(pending: Path) -> Pending | None:
    """A pending record, or None if there is none (or it is damaged)."""
    try:
        data = json.loads(pending.read_bytes())
    except (OSError, ValueError):
        return None
    pages = _pages(data)
    where = data.get("record") if isinstance(data, dict) else None
    if pages is None or not isinstance(where, str):
        return None
    standby = data.get("standby_record")
    standby_pages = _pages({"pages": data.get("standby_pages")})
    if not isinstance(standby, str) or standby_pages is None:
        return Pending(Path(where), pages)
    return Pending(Path(where), pages, Path(standby), standby_pages)


def forget_record(record: Path) -> None:
    """Remove a record (before the swap makes it describe a site no longer live)."""
    with contextlib.suppress(FileNotFoundError):
        record.unlink()


def keep_record(record: Path, pages: dict[str, str]) -> None:
    """Store the record of the site now live; one that cannot be written is none."""
    with contextlib.suppress(OSError):
        text = json.dumps({"pages": pages}, sort_keys=True)
        write_bytes_whole(record, text.encode("utf-8"))


def _both_forms(page: Path, beside: Path, put: Callable[[Path, Path], object]) -> None:
    """Put page's compressed forms beside `beside` with put (copy or link): both
    or neither, so a page with one is compressed again by the publish."""
    placed: list[Path] = []
    try:
        for suffix in PRECOMPRESSED:
            target = beside.with_name(beside.name + suffix)
            put(page.with_name(page.name + suffix), target)
            placed.append(target)
    except OSError:
        for target in placed:
            with contextlib.suppress(OSError):
                target.unlink()


def drop_compressed(page: Path) -> None:
    """Remove a page's compressed forms (the publish makes them again)."""
    for suffix in PRECOMPRESSED:
        page.with_name(page.name + suffix).unlink(missing_ok=True)


def take_compressed(live: Path, new: Path) -> None:
    """Copy a live page's compressed forms beside its copy in the new folder.

    Copies, never links, as the page itself is (the live site is only read).
    """
    _both_forms(live, new, shutil.copyfile)


def link_with_forms(source: Path, target: Path) -> bool:
    """Hard-link a standby file, and both its compressed forms, to target; False
    (and nothing linked) when the file is not there."""
    try:
        os.link(source, target)
    except OSError:
        return False
    _both_forms(source, target, os.link)
    return True
