"""Whether a preview build would change nothing: one hash of what it is made from. Pure.

A preview rebuilt with nothing changed writes what is already there. Rather
than read every post and key every page to find that out, a build first hashes
what its output is made from (every file under content/ by its size, times
and inode; the theme, the vendored bundles and our code by their bytes; the
libraries' versions; the settings) and what its output folder holds (the
same for each file), and stops when both match
the record the last complete build left, before the moment that build said
its output would next change by the clock alone (a scheduled post going live,
an event passing, the next day).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from .cache import code_fingerprint
from .clock import Clock
from .writer.keys import stable_repr

PACKAGE = Path(__file__).resolve().parent
# The web editor's bundle and the cards' font, beside plugins/ in the project.
VENDOR = PACKAGE.parents[1] / "vendor"
KIND = "unchanged"  # the cache kind of the record


@dataclass(frozen=True)
class BuildRecord:
    """What the last complete preview was made from, and what it printed."""

    inputs: str  # inputs_digest() before that build read anything
    outputs: str  # output_digest() once it had written everything
    until: float  # seconds since the epoch: the clock changes its output then
    problems: tuple = ()  # the problem lines it printed, to print again
    not_built: tuple[str, ...] = ()  # the posts it left out, to name again


FileState = tuple[int, int, int, int]  # size, modified and changed (ns), inode


def file_states(folder: Path) -> dict[str, FileState]:
    """Each file under folder by its relative name: its size, times and inode.

    What git's index compares: the change time moves on every write and no
    tool can set it back. Links to folders are not followed (content/ may hold
    one to /, which a build refuses with its own line).
    """
    found: dict[str, FileState] = {}
    for root, _folders, files in os.walk(folder):
        here = Path(root)
        prefix = here.relative_to(folder).as_posix() + "/"  # once a folder
        prefix = "" if prefix == "./" else prefix
        for name in files:
            with contextlib.suppress(OSError):
                stat = (here / name).stat()
                found[prefix + name] = (
                    stat.st_size,
                    stat.st_mtime_ns,
                    stat.st_ctime_ns,
                    stat.st_ino,
                )
    return found


def _states(hasher: hashlib._Hash, folder: Path) -> None:
    """Feed the hasher every file's name and state under folder, in order."""
    if not folder.is_dir():
        hasher.update(f"absent {folder}\0".encode())
        return
    hasher.update(repr(sorted(file_states(folder).items())).encode())


def _bytes(hasher: hashlib._Hash, folder: Path) -> None:
    """Feed the hasher every file's name and bytes under folder, in order."""
    if not folder.is_dir():
        hasher.update(f"absent {folder}\0".encode())
        return
    for name in sorted(file_states(folder)):
        hasher.update(name.encode("utf-8", "replace") + b"\0")
        with contextlib.suppress(OSError):
            hasher.update((folder / name).read_bytes())
        hasher.update(b"\0")


def inputs_digest(settings: Mapping[str, object]) -> str:
    """A hash of everything a build is made from: content, theme, code, settings."""
    hasher = hashlib.sha256()
    hasher.update(
        stable_repr({k: v for k, v in settings.items() if k.isupper()}).encode()
    )
    hasher.update(code_fingerprint().encode())
    # content/ by each file's state (file_states): the build opens each source
    # once, and this check must not open them all again. The theme and the
    # vendored files, small and few, by their bytes.
    _states(hasher, Path(str(settings.get("PATH"))))
    for folder in (settings.get("THEME"), VENDOR):
        hasher.update(b"\0folder\0")
        _bytes(hasher, Path(str(folder)))
    # A file a setting names, wherever it is (BRAND's logo may be anywhere).
    named = {k: v for k, v in settings.items() if k.isupper()}
    for path in sorted(named_files(named)):
        hasher.update(b"\0named\0" + str(path).encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()[:32]


def named_files(value: object) -> set[Path]:
    """Every existing file a setting names by its absolute path, at any depth."""
    found: set[Path] = set()
    if isinstance(value, str | Path):
        text = str(value)
        if text.startswith("/") and len(text) < 4096 and "\n" not in text:
            with contextlib.suppress(OSError, ValueError):
                if Path(text).is_file():
                    found.add(Path(text))
    elif isinstance(value, Mapping):
        for item in value.values():
            found |= named_files(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            found |= named_files(item)
    return found


def output_digest(output: Path) -> str:
    """A hash of the output folder's file names and states (file_states)."""
    hasher = hashlib.sha256()
    _states(hasher, output)
    return hasher.hexdigest()[:32]


# A date or time written in a header value Pelican left as text (Review_due).
_WRITTEN_MOMENT = re.compile(r"\b(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?")


def moments_in(values: Iterable[object]) -> list[object]:
    """The dates and times in header values, whether parsed or still text."""
    found: list[object] = []
    for value in values:
        if isinstance(value, date):
            found.append(value)
        elif isinstance(value, str):
            for day, clock_time in _WRITTEN_MOMENT.findall(value):
                try:
                    found.append(
                        datetime.fromisoformat(f"{day} {clock_time}")
                        if clock_time
                        else date.fromisoformat(day)
                    )
                except ValueError:
                    continue
    return found


def next_change(clock: Clock, moments: Iterable[object]) -> float:
    """When the clock alone changes the output: the first moment after now
    among these (dates count from their midnight), or the next midnight."""
    midnight = datetime.combine(clock.today + timedelta(days=1), time(), clock.zone)
    soonest = midnight
    for moment in moments:
        if isinstance(moment, datetime):
            when = clock.local(moment)
        elif isinstance(moment, date):
            when = datetime.combine(moment, time(), clock.zone)
        else:
            continue
        if clock.now < when < soonest:
            soonest = when
    return soonest.timestamp()


def still_valid(record: object, inputs: str, outputs: str, now: datetime) -> bool:
    """True when a record says this build would change nothing at this moment."""
    return (
        isinstance(record, BuildRecord)
        and record.inputs == inputs
        and record.outputs == outputs
        and now.timestamp() < record.until
    )
