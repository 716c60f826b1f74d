"""What a publish and its Pelican child hand each other: live site, record. Pure.

The child builds into a new empty folder and takes every unchanged page from
the live site it is about to replace. Which pages those are is the record of
the last publish into that target: page name -> the key it was made from, kept
in the cache by the target's path. The child writes its own record to a
pending file beside its folder; the publish puts it in the cache only after
the swap, and removes the old one just before, so a record never claims a page
the live site does not hold (a killed publish leaves no record: the next one
renders every page).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from ..cache import digest
from ..files.whole import write_bytes_whole

# Environment of the publish's Pelican child only (never settings: every
# setting is part of every page's key, and these name a new folder each time).
LIVE_SITE = "SITE_PUBLISH_LIVE"  # the live folder this publish replaces
PENDING_RECORD = "SITE_PUBLISH_PENDING"  # where this publish's record waits
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


def write_pending(pending: Path, record: Path, pages: dict[str, str]) -> None:
    """The child's record, with where it belongs once its site is live."""
    text = json.dumps({"record": str(record), "pages": pages}, sort_keys=True)
    write_bytes_whole(pending, text.encode("utf-8"))


def read_pending(pending: Path) -> tuple[Path, dict[str, str]] | None:
    """Where a pending record belongs and its pages; None if there is none."""
    try:
        data = json.loads(pending.read_bytes())
    except (OSError, ValueError):
        return None
    pages = _pages(data)
    where = data.get("record") if isinstance(data, dict) else None
    if pages is None or not isinstance(where, str):
        return None
    return Path(where), pages


def forget_record(record: Path) -> None:
    """Remove a record (before the swap makes it describe a site no longer live)."""
    with contextlib.suppress(FileNotFoundError):
        record.unlink()


def keep_record(record: Path, pages: dict[str, str]) -> None:
    """Store the record of the site now live; one that cannot be written is none."""
    with contextlib.suppress(OSError):
        text = json.dumps({"pages": pages}, sort_keys=True)
        write_bytes_whole(record, text.encode("utf-8"))
