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

The same record lets charity_site_ops.launch decide before Pelican is even
imported: a build started by the launcher also records how its process began
(command line, folder, Python, environment), the bytes of every module of
ours it had imported (the settings files among them) and what the inputs
hash reads besides the files (Inputs), all plain data. The launcher compares
those, hashes the files again with the same functions, and prints what the
build would print; anything else runs Pelican, whose own check is this one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from pathlib import Path

from .cache import code_fingerprint, digest
from .clock import Clock
from .writer.keys import stable_repr

PACKAGE = Path(__file__).resolve().parent
# The web editor's bundle and the cards' font, beside plugins/ in the project.
VENDOR = PACKAGE.parents[1] / "vendor"
KIND = "unchanged"  # the cache kind of the record
# Set by the shell for each command line and each change of folder; no
# settings read them. Every other variable must match for the launcher to skip.
IGNORED_ENV = frozenset({"_", "OLDPWD"})
# A module of ours changed this close to (or after) the launcher's start may
# have been imported in its old state or its new: the record holds no Launch.
# File times come from the kernel's coarse clock, at most a tick (1-10 ms)
# behind the real one.
SETTLED_NS = 100_000_000


@dataclass(frozen=True)
class Inputs:
    """What inputs_digest reads besides the files: plain text, kept in the record
    so the launcher hashes the same files without Pelican's settings."""

    settings: str  # a hash of the settings' plain values
    content: str  # PATH
    theme: str  # THEME
    named: tuple[str, ...]  # every absolute path a setting names, file or not
    # THEME_TEMPLATES_OVERRIDES: folders of templates used before the theme's
    # own, hashed by their files' bytes like the theme (a record made before
    # this field was added reads it as none: its code fingerprint differs anyway).
    templates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Start:
    """How a build's process began: all it ran with besides files."""

    argv: tuple[str, ...]  # sys.orig_argv: the interpreter, its options, the args
    cwd: str
    python: str  # the executable and its version
    env: tuple[tuple[str, str], ...]  # every variable but IGNORED_ENV, sorted


@dataclass(frozen=True)
class Launch:
    """What the launcher compares, before Pelican loads, to trust a record."""

    start: Start
    package: str  # this package's folder: the launcher's must be the build's
    cache: str  # the cache folder the build used (SITE_CACHE_PATH)
    sources: tuple[tuple[str, str], ...]  # each module of ours imported: path, hash
    inputs: Inputs
    fixed_now: float | None  # SITE_NOW as a timestamp; None: the real time


@dataclass(frozen=True)
class BuildRecord:
    """What the last complete preview was made from, and what it printed."""

    inputs: str  # inputs_digest() before that build read anything
    outputs: str  # output_digest() once it had written everything
    until: float  # seconds since the epoch: the clock changes its output then
    problems: tuple = ()  # the problem lines it printed, to print again
    not_built: tuple[str, ...] = ()  # the posts it left out, to name again
    replay: str = ""  # all a build that stops here prints, ready to print
    launch: Launch | None = None  # set when the launcher started that build


def record_key(output: Path) -> str:
    """The record's key in the cache: the output folder it describes."""
    return digest(str(output.resolve()))


def nothing_changed(output: Path) -> str:
    """The line a build that stops here ends with."""
    return f"Nothing changed since the last build: {output.name}/ is up to date"


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


def inputs_of(settings: Mapping[str, object]) -> Inputs:
    """What of the settings the inputs hash reads, as plain text."""
    named = {k: v for k, v in settings.items() if k.isupper()}
    return Inputs(
        settings=digest(stable_repr(named)),
        content=str(settings.get("PATH")),
        theme=str(settings.get("THEME")),
        named=tuple(sorted(named_paths(named))),
        templates=tuple(
            str(f) for f in settings.get("THEME_TEMPLATES_OVERRIDES") or ()
        ),
    )


def digest_inputs(inputs: Inputs) -> str:
    """A hash of everything a build is made from: content, theme, code, settings."""
    hasher = hashlib.sha256()
    hasher.update(inputs.settings.encode())
    hasher.update(code_fingerprint().encode())
    # content/ by each file's state (file_states): the build opens each source
    # once, and this check must not open them all again. The theme and the
    # vendored files, small and few, by their bytes.
    _states(hasher, Path(inputs.content))
    for folder in (inputs.theme, VENDOR, *inputs.templates):
        hasher.update(b"\0folder\0")
        _bytes(hasher, Path(folder))
    # A file a setting names, wherever it is (BRAND's logo may be anywhere);
    # a path that is not a file now counts too, in case it becomes one.
    for name in inputs.named:
        hasher.update(b"\0named\0" + name.encode("utf-8", "replace") + b"\0")
        with contextlib.suppress(OSError, ValueError):
            if Path(name).is_file():  # never a folder, a device, a pipe
                hasher.update(b"file\0" + Path(name).read_bytes())
    return hasher.hexdigest()[:32]


def inputs_digest(settings: Mapping[str, object]) -> str:
    """A hash of everything a build is made from: content, theme, code, settings."""
    return digest_inputs(inputs_of(settings))


def named_paths(value: object) -> set[str]:
    """Every absolute path a setting names, at any depth."""
    found: set[str] = set()
    if isinstance(value, str | Path):
        text = str(value)
        if text.startswith("/") and len(text) < 4096 and "\n" not in text:
            found.add(text)
    elif isinstance(value, Mapping):
        for item in value.values():
            found |= named_paths(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            found |= named_paths(item)
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


def holds_for(record: object, inputs: str, output: Path, now: datetime) -> bool:
    """still_valid(), the output folder looked over only when the rest holds.

    After an edit the inputs differ, and that build (every save's) need not
    pay for a look at every file it wrote last time.
    """
    if not isinstance(record, BuildRecord) or record.inputs != inputs:
        return False
    return still_valid(record, inputs, output_digest(output), now)


def process_start() -> Start:
    """How this process began (the launcher's, and the record's, view of it)."""
    return Start(
        argv=tuple(sys.orig_argv),
        cwd=str(Path.cwd()),
        python=f"{sys.executable}\0{sys.version}",
        env=tuple(
            sorted((k, v) for k, v in os.environ.items() if k not in IGNORED_ENV)
        ),
    )


class StartWatch:
    """How the launcher started this process, and how many lines logging printed
    since: a filter on logging.lastResort, which prints every line of Pelican's
    log under --log-handler plain (it has no handler of its own).

    Known by its mark, not its class: the build imports this package afresh
    (from its PLUGIN_PATHS), so its module is not the launcher's.
    """

    mark = "charity_site launch watch"

    def __init__(self, start: Start, began: int) -> None:
        self.start = tuple(getattr(start, f.name) for f in fields(Start))
        self.began = began  # time.time_ns() as the launcher started
        self.printed = 0

    def filter(self, record: object) -> bool:
        """Count the line; print it as ever."""
        self.printed += 1
        return True


def start_watch(start: Start, began: int) -> StartWatch:
    """Watch what logging prints from now on, for the build's record."""
    import logging  # Pelican imports it anyway; the launcher's check does not

    watch = StartWatch(start, began)
    if logging.lastResort is not None:
        logging.lastResort.addFilter(watch)
    return watch


def quiet_start() -> tuple[Start, int] | None:
    """How the launcher started this process and when, if it did and logging has
    printed nothing since; else None (the record then holds no Launch)."""
    import logging

    resort = logging.lastResort
    watches = [
        f
        for f in getattr(resort, "filters", ())
        if getattr(f, "mark", None) == StartWatch.mark
    ]
    if len(watches) != 1 or watches[0].printed:
        return None
    # Any other handler prints lines the watch never sees.
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        for handler in getattr(logger, "handlers", ()):
            if not isinstance(handler, logging.NullHandler):
                return None
    return Start(*watches[0].start), watches[0].began


def _ours(path: Path) -> bool:
    """True for a module file outside Python and its installed libraries (whose
    versions code_fingerprint already holds) and outside this package."""
    homes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    return not any(path.is_relative_to(home) for home in homes) and not (
        path.is_relative_to(PACKAGE)
    )


def module_sources(began: int) -> tuple[tuple[str, str], ...] | None:
    """Each module of ours imported so far (the settings files, the launcher) by
    its bytes; None when one changed since shortly before the process began."""
    sources: dict[str, str] = {}
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if not isinstance(name, str):
            continue
        path = Path(name).resolve()
        if not _ours(path):
            continue
        try:
            if path.stat().st_ctime_ns >= began - SETTLED_NS:
                return None
            sources[str(path)] = digest(path.read_bytes())
        except OSError:
            return None
    return tuple(sorted(sources.items()))


def sources_unchanged(sources: Iterable[tuple[str, str]]) -> bool:
    """True when every module file still holds the bytes it held."""
    for name, held in sources:
        try:
            if digest(Path(name).read_bytes()) != held:
                return False
        except OSError:
            return False
    return True


def still_valid_at_launch(
    record: object, start: Start, cache: Path, output: Path, now: float
) -> bool:
    """True when a record lets the launcher say nothing changed without Pelican:
    the same start, cache, code and settings files, then still_valid()."""
    if not isinstance(record, BuildRecord) or record.launch is None:
        return False
    launch = record.launch
    if launch.start != start or launch.package != str(PACKAGE):
        return False  # another process, or another copy of the plugin
    if Path(launch.cache).resolve() != cache.resolve():
        return False
    if not sources_unchanged(launch.sources):
        return False
    moment = launch.fixed_now if launch.fixed_now is not None else now
    return holds_for(
        record,
        digest_inputs(launch.inputs),
        output,
        datetime.fromtimestamp(moment).astimezone(),
    )
