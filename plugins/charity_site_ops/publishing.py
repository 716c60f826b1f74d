"""The pieces of a safe publish: one at a time, built aside, swapped in atomically.

`publish.py` puts them together for `invoke publish`:

- a lock beside the target folder (`output.lock` next to `output/`), taken with
  flock and holding the holder's pid and start time; the kernel releases it
  when the holder dies, so it is never stale;
- a new temporary folder beside the target for each publish
  (`.output.publish-XXXX`), removed on any failure, and the leftovers of killed
  publishes removed under the lock;
- the swap: renameat2(RENAME_EXCHANGE) where Linux and the file system allow
  it, else a symlink switched by a rename (docs/deploy.md says which is used
  where);
- the Pelican child run without a shell, in its own process group, killed by
  the kernel if the publish dies (PR_SET_PDEATHSIG), its output streamed line by
  line, kept in a log, and any Python traceback turned into one line.

Run as a script it is that small wrapper: it arms the parent-death signal, then
becomes the command it was given (see `dying_with_parent`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import itertools
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from charity_site.lifetime import dying_with_parent
from charity_site.writer.handover import (
    LIVE_SITE,
    PENDING_RECORD,
    STANDBY_SITE,
    forget_record,
    keep_record,
    read_pending,
)

AT_FDCWD = -100
RENAME_EXCHANGE = 2
# renameat2 by number, for a libc without the wrapper (glibc before 2.28, musl).
RENAMEAT2_SYSCALL = {
    "x86_64": 316,
    "aarch64": 276,
    "riscv64": 276,
    "i386": 353,
    "i686": 353,
    "armv7l": 382,
    "ppc64le": 357,
    "s390x": 347,
}
# How the file system or kernel says "no exchange here" (the fallback then applies).
NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}
# How long a publish that found the lock held waits for its holder to write its pid
# (the holder writes it right after locking, so this is only ever a moment).
HOLDER_WAIT_SECONDS = 2.0


# --- names beside the target ---------------------------------------------------


def lock_path(target: Path) -> Path:
    """The lock file of a publish folder: `output.lock` beside `output/`."""
    return target.with_name(target.name + ".lock")


def temporary_prefix(target: Path) -> str:
    """The name every temporary folder of a publish into target starts with."""
    return f".{target.name}.publish-"


def standby_path(target: Path) -> Path:
    """Where the site the last swap replaced waits, for the next publish to link
    its unchanged files from (never served, never a leftover)."""
    return target.with_name(f".{target.name}.standby")


def release_prefix(target: Path) -> str:
    """The name every release folder of the symlink swap starts with."""
    return f".{target.name}.release-"


# --- the lock ------------------------------------------------------------------


class PublishBusy(Exception):
    """Another publish into the same folder holds the lock."""

    def __init__(self, target: Path, pid: int | None, started: str | None) -> None:
        self.target, self.pid, self.started = target, pid, started
        who = f"pid {pid}, started {started}" if pid else "its pid is not known yet"
        super().__init__(
            f"error: another publish or deploy of {target} is running ({who}): "
            "wait for it to finish, then try again"
        )


def _holder(fd: int) -> dict:
    """What the holder wrote into the lock file ({} while it has not yet)."""
    deadline = time.monotonic() + HOLDER_WAIT_SECONDS
    while True:
        text = os.pread(fd, 4096, 0).decode("utf-8", "replace")
        with contextlib.suppress(ValueError):
            found = json.loads(text)
            if isinstance(found, dict) and found.get("pid"):
                return found
        if time.monotonic() > deadline:
            return {}
        time.sleep(0.02)


def _is_current(fd: int, path: Path) -> bool:
    """True when path still names the file fd has open (not unlinked meanwhile)."""
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def _acquire(path: Path, target: Path) -> int:
    """Open and flock the lock file; raise PublishBusy when another holds it."""
    import fcntl

    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise PublishBusy(
                target, holder.get("pid"), holder.get("started")
            ) from None
        except BaseException:
            os.close(fd)
            raise
        if _is_current(fd, path):
            return fd
        # The last holder removed the file between our open and our lock: the
        # lock we hold is on a file nobody else will open. Take the new one.
        os.close(fd)


@contextlib.contextmanager
def publish_lock(target: Path) -> Iterator[Path]:
    """Hold the publish lock of target (raise PublishBusy if another holds it)."""
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _acquire(path, target)
    try:
        started = datetime.now().astimezone().isoformat(sep=" ", timespec="seconds")
        record = json.dumps({"pid": os.getpid(), "started": started}) + "\n"
        os.ftruncate(fd, 0)
        os.pwrite(fd, record.encode(), 0)
        yield path
    finally:
        # Removed while still locked, so a publish that opened it meanwhile sees
        # it is gone (_is_current) rather than locking a file nobody else uses.
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)


# --- temporary folders ---------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_temporary(target: Path) -> Path:
    """A new, empty folder beside target for this publish to build into."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=temporary_prefix(target), dir=target.parent))
    # mkdtemp makes it private (0700); the published folder must be readable by
    # the web server and the upload, as any folder made with mkdir would be.
    fresh.chmod(0o777 & ~_umask())
    return fresh


def pending_record_path(fresh: Path) -> Path:
    """Where the build into fresh leaves its record until the swap.

    Beside fresh and named like it, so the sweep of a killed publish's
    leftovers removes it too.
    """
    return fresh.with_name(fresh.name + ".record")


def handover_env(target: Path, fresh: Path) -> dict[str, str]:
    """What a publish tells its Pelican child: the live site, where its record goes."""
    # absolute(), never resolve(): a symlinked target points at a new release
    # after every swap, and the record is kept by the target's own path.
    return {
        LIVE_SITE: str(target.absolute()),
        PENDING_RECORD: str(pending_record_path(fresh)),
        STANDBY_SITE: str(standby_path(target).absolute()),
    }


def swap_in_recorded(fresh: Path, target: Path) -> str:
    """swap_in, with the build's record put in the cache once its site is live.

    The old record goes first: killed between the two, the next publish finds
    no record and renders every page, never one that claims the wrong ones.
    """
    pending = read_pending(pending_record_path(fresh))
    if pending is not None:
        forget_record(pending.record)
    method = swap_in(fresh, target)
    if pending is not None:
        keep_record(pending.record, pending.pages)
        if pending.standby_record is not None and pending.standby_pages is not None:
            _stand_by(fresh, target, pending.standby_record, pending.standby_pages)
    return method


def _stand_by(
    replaced: Path, target: Path, record: Path, pages: dict[str, str]
) -> None:
    """The site the swap replaced becomes the standby, its record last.

    Killed on the way, the standby has no record and the next publish takes
    nothing from it (it copies from the live site instead).
    """
    standby = standby_path(target)
    forget_record(record)
    if not replaced.is_dir() or replaced.is_symlink():
        return  # the first publish into target replaced nothing
    with contextlib.suppress(OSError):
        if standby.exists():
            # The one before, a leftover now: the next publish removes it
            # while it builds (every file this build took from it is linked).
            retired = temporary_prefix(target) + "retired-" + secrets.token_hex(6)
            standby.rename(standby.with_name(retired))
        replaced.rename(standby)
        keep_record(record, pages)


def _link_destination(target: Path) -> Path | None:
    """The release folder a symlinked target points to, if it is one."""
    if not target.is_symlink():
        return None
    return (target.parent / target.readlink()).absolute()


def discard(path: Path) -> None:
    """Remove what a swap or a failed build left at path, if anything."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def leftovers(target: Path) -> list[Path]:
    """Temporary folders of earlier publishes into target that were interrupted."""
    if not target.parent.is_dir():
        return []
    live = _link_destination(target)
    # The fixed names earlier versions used count too.
    fixed = (target.name + ".publishing", target.name + ".previous")
    return sorted(
        entry
        for entry in target.parent.iterdir()
        if entry.name.startswith(temporary_prefix(target))
        or (entry.name.startswith(release_prefix(target)) and entry != live)
        or entry.name in fixed
    )


def start_discarding(paths: list[Path]) -> threading.Thread:
    """Remove paths in a thread of their own (join it before letting go of the lock)."""
    worker = threading.Thread(
        target=lambda: [discard(path) for path in paths], name="discard", daemon=True
    )
    worker.start()
    return worker


def remove_leftovers(target: Path) -> list[Path]:
    """Remove what killed publishes left beside target (call under the lock)."""
    found = leftovers(target)
    for entry in found:
        discard(entry)
    return found


# --- the swap ------------------------------------------------------------------


class ExchangeUnavailable(OSError):
    """This system or file system cannot exchange two paths atomically."""


def _renameat2() -> Callable[[bytes, bytes, int], int]:
    """libc's renameat2, or the raw system call where libc lacks it."""
    if sys.platform != "linux":
        raise ExchangeUnavailable(errno.ENOSYS, "renameat2 is Linux only")
    libc = ctypes.CDLL(None, use_errno=True)
    if hasattr(libc, "renameat2"):
        call = libc.renameat2
        call.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        return lambda old, new, flags: call(AT_FDCWD, old, AT_FDCWD, new, flags)
    number = RENAMEAT2_SYSCALL.get(platform.machine())
    if number is None:
        raise ExchangeUnavailable(errno.ENOSYS, "renameat2 number not known here")
    syscall = libc.syscall
    return lambda old, new, flags: syscall(
        ctypes.c_long(number),
        ctypes.c_int(AT_FDCWD),
        ctypes.c_char_p(old),
        ctypes.c_int(AT_FDCWD),
        ctypes.c_char_p(new),
        ctypes.c_uint(flags),
    )


def exchange(first: Path, second: Path) -> None:
    """Swap two existing paths in one step (renameat2 with RENAME_EXCHANGE)."""
    call = _renameat2()
    if call(os.fsencode(first), os.fsencode(second), RENAME_EXCHANGE) == 0:
        return
    code = ctypes.get_errno()
    kind = ExchangeUnavailable if code in NO_EXCHANGE else OSError
    raise kind(code, os.strerror(code), str(second))


def _symlink_swap(fresh: Path, target: Path) -> None:
    """Point target at fresh (moved to a release folder) by renaming a link over it.

    Afterwards fresh names what was live before, for the caller to discard.
    """
    token = secrets.token_hex(6)
    release = target.with_name(release_prefix(target) + token)
    link = target.with_name(temporary_prefix(target) + token + ".link")
    fresh.rename(release)
    link.symlink_to(release.name)  # relative: the pair can be moved together
    previous = _link_destination(target)
    if previous is None:
        # A real folder cannot be replaced by a link in one step: the first
        # symlink swap leaves target missing between these two renames.
        target.rename(fresh)
        link.rename(target)
    else:
        link.rename(target)  # atomic: rename(2) replaces the old link
        if previous.parent == target.parent and previous.is_dir():
            previous.rename(fresh)


def swap_in(
    fresh: Path, target: Path, exchanger: Callable[[Path, Path], None] = exchange
) -> str:
    """Make fresh the live target in one step; say how: rename, exchange or symlink.

    Afterwards whatever was live before (if anything) is at fresh's path. A
    target that is a symlink stays one (it is pointed at the new release).
    """
    if not os.path.lexists(target):
        fresh.rename(target)
        return "rename"
    if not target.is_symlink():
        with contextlib.suppress(ExchangeUnavailable):
            exchanger(fresh, target)
            return "exchange"
    _symlink_swap(fresh, target)
    return "symlink"


# --- the output of the Pelican child -------------------------------------------

TRACEBACK_START = re.compile(rb"^Traceback \(most recent call last\):")
TRACEBACK_LINK = re.compile(
    rb"^(During handling of the above exception|The above exception was the direct)"
)
# The line Pelican logs just before a traceback: "OSError: [Errno 28] ...".
EXCEPTION_LINE = re.compile(rb"^[A-Za-z_][\w.]*(Error|Exception|Interrupt)(: |$)")


@dataclass
class OutputFilter:
    """Lines of one stream shown as they come, but Python tracebacks held back.

    A traceback (with the exception line Pelican logs before it, and the lines
    chaining it to the next) is shown as nothing; `error` keeps its last line
    ("OSError: [Errno 28] ...") so the publish can say it in one line.
    """

    error: str | None = None
    _held: list[bytes] = field(default_factory=list, repr=False)
    _state: str = field(default="text", repr=False)  # or "traceback", "after"

    def feed(self, line: bytes) -> list[bytes]:
        """The lines to show now, given the next line of the stream."""
        text = line.rstrip(b"\r\n")
        if TRACEBACK_START.match(text):
            self._held.clear()
            self._state = "traceback"
            return []
        if self._state == "traceback":
            if text and not text[:1].isspace() and not TRACEBACK_LINK.match(text):
                self.error = text.decode("utf-8", "replace")
                self._state = "after"
            return []
        if self._state == "after" and (not text or TRACEBACK_LINK.match(text)):
            self._held.append(line)  # "During handling of ..." may chain another
            return []
        self._state = "text"
        shown = self.finish()
        if EXCEPTION_LINE.match(text):
            self._held.append(line)  # shown unless a traceback follows
            return shown
        return [*shown, line]

    def finish(self) -> list[bytes]:
        """The lines held back that no traceback followed (at the stream's end)."""
        held, self._held = self._held, []
        return held


def is_disk_full(error: str) -> bool:
    """True when an exception line says the disk (or quota) is full."""
    return any(
        sign in error
        for sign in ("[Errno 28]", "No space left on device", "[Errno 122]")
    )


def failure_line(error: str, log: Path | None) -> str:
    """The one line a publish says when its build failed with an exception."""
    where = f" (the full output is in {log})" if log else ""
    if is_disk_full(error):
        detail = error.split(": ", 1)[-1]
        return (
            f"error: the disk is full ({detail}): free some space, then publish "
            f"again{where}"
        )
    return f"error: the publish failed ({error}): nothing was published{where}"


def oserror_line(problem: OSError, log: Path | None = None) -> str:
    """The one line for an OSError of the publish itself (not of Pelican)."""
    text = f"{type(problem).__name__}: {problem}"
    if problem.errno in (errno.ENOSPC, errno.EDQUOT):
        return failure_line(text, log)
    return f"error: {problem}: nothing was published"


# --- signals and the child -----------------------------------------------------


class Interrupted(BaseException):
    """The publish was asked to stop (SIGINT or SIGTERM)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


STOP_GRACE = 10.0  # seconds a stopped child has to end before it is killed
WAIT_TICK = 0.02  # seconds between two looks at the child


class StopSignals:
    """While active: SIGINT and SIGTERM go to the running child, or stop us.

    With a child running they are passed on to its process group and the
    publish ends when it does; while committing (`deferring`) they are noted
    and the swap completes; otherwise they raise Interrupted here.
    """

    def __init__(self) -> None:
        self.child_group: int | None = None
        self.received: int | None = None
        self.received_at: float | None = None  # time.monotonic() of the first
        self.deferring = False
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        for signum in (signal.SIGINT, signal.SIGTERM):
            if signal.getsignal(signum) is signal.SIG_IGN:
                continue  # ignored by whoever started us (nohup, a background job)
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def overdue(self) -> bool:
        """True when a stop was passed on STOP_GRACE seconds ago or more."""
        return (
            self.received_at is not None
            and time.monotonic() - self.received_at >= STOP_GRACE
        )

    def _handle(self, signum: int, _frame: object) -> None:
        self.received = signum
        if self.received_at is None:
            self.received_at = time.monotonic()
        if self.child_group is not None:
            signal_group(self.child_group, signum)
        elif not self.deferring:
            raise Interrupted(signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Let the block finish even if a stop signal arrives."""
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False


def signal_group(group: int, signum: int) -> None:
    """Send signum to a process group that may already be gone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signum)


class Log:
    """A log file written from two threads; after a write error, writes nothing."""

    def __init__(self, path: Path) -> None:
        self.path: Path | None = path
        self._lock = threading.Lock()
        self._file: BinaryIO | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = path.open("wb")
        except OSError:
            self.path = None  # a full disk must not stop the publish saying so

    def write(self, line: bytes) -> None:
        """Append one line (silently not, once the disk has refused a write)."""
        with self._lock:
            if self._file is None:
                return
            try:
                self._file.write(line)
                self._file.flush()
            except OSError:
                self._file = None

    def close(self) -> None:
        """Close the file."""
        with self._lock, contextlib.suppress(OSError):
            if self._file is not None:
                self._file.close()
            self._file = None


def _pump(pipe: BinaryIO, sink: BinaryIO, log: Log, show: OutputFilter) -> None:
    """Copy a child's stream to the log and, filtered, to our own stream."""
    showing = True
    for line in itertools.chain(iter(pipe.readline, b""), [None]):
        if line is not None:
            log.write(line)
        lines = show.feed(line) if line is not None else show.finish()
        try:
            if showing:
                sink.writelines(lines)
                sink.flush()
        except OSError:
            showing = False  # our terminal went away: keep draining into the log
    pipe.close()


def _binary(stream: object) -> BinaryIO:
    """The byte stream under a text stream (sys.stdout), flushed first."""
    stream.flush()  # type: ignore[attr-defined]
    return getattr(stream, "buffer", stream)  # type: ignore[return-value]


@dataclass(frozen=True)
class ChildResult:
    """How the Pelican child ended."""

    returncode: int
    error: str | None  # the last line of a traceback it printed, if any
    log: Path | None  # where its whole output is (None if it could not be kept)


def run_child(
    command: Sequence[str],
    log_path: Path,
    stops: StopSignals,
    cwd: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> ChildResult:
    """Run command without a shell, streaming its lines and keeping them in a log."""
    log = Log(log_path)
    # PYTHONUNBUFFERED: every line as it is printed.
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    with stops.deferred():  # a stop before the child is known is passed on below
        child = subprocess.Popen(
            dying_with_parent(command),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            process_group=0,  # signals reach it from us only, and we can sweep it
        )
        stops.child_group = child.pid
    if stops.received:
        signal_group(child.pid, stops.received)
    filters = (OutputFilter(), OutputFilter())
    pumps = [
        threading.Thread(target=_pump, args=(pipe, _binary(sink), log, show))
        for pipe, sink, show in zip(
            (child.stdout, child.stderr), (sys.stdout, sys.stderr), filters, strict=True
        )
    ]
    try:
        for pump in pumps:
            pump.start()
        _wait_then_sweep(child, stops)
    finally:
        stops.child_group = None
        if child.poll() is None:  # we are failing ourselves: take it down too
            signal_group(child.pid, signal.SIGKILL)
        child.wait()
        for pump in pumps:
            pump.join()
        log.close()
    error = filters[1].error or filters[0].error
    return ChildResult(child.returncode, error, log.path)


def _wait_then_sweep(child: subprocess.Popen, stops: StopSignals) -> None:
    """Wait for the child to exit, then kill what is left of its process group.

    Asked every tick rather than waited on in one call: a stop signal the
    kernel gave another of our threads is still handled within a tick, and a
    child still there STOP_GRACE seconds after a stop was passed on (stuck
    joining its workers, say) is killed, so a stopped publish always ends.
    """
    if hasattr(os, "waitid"):
        # Not reaped yet (WNOWAIT): its pid, the group's id, cannot be reused
        # before the sweep, so the sweep can only hit this publish's processes.
        flags = os.WEXITED | os.WNOWAIT | os.WNOHANG
        while os.waitid(os.P_PID, child.pid, flags) is None:
            if stops.overdue():
                signal_group(child.pid, signal.SIGKILL)
            time.sleep(WAIT_TICK)
    else:
        child.wait()
    signal_group(child.pid, signal.SIGKILL)
