"""Edit to browser: how long a saved edit takes to show on a running preview server.

Used by build_speed.py, which starts each server (ours, stock Pelican's
autoreload, `hugo server`) on the same corpus. This module only starts a server,
edits one file and polls one page over HTTP; it knows nothing about the sites.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

POLL = 0.01  # seconds between two requests for the page: the brief's 10 ms
GAP = 1.0  # quiet seconds between edits, so each is a separate save
DOUBLE_GAP = 0.1  # seconds between the two saves of a "two saves" pair
EDITS = 5
DOUBLES = 5
# A server process group using less CPU than this over GAP is idle: its build is
# over and its watcher waits. Stock Pelican re-arms its watcher only after a build,
# so an edit made during one would be lost; waiting for idle keeps edits separate.
IDLE_CPU = 0.05
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class ServerFailed(RuntimeError):
    """A preview server exited, or never served the page; the message says why."""


@dataclass(frozen=True)
class Server:
    """How to start one preview server and which page and file to watch."""

    name: str
    command: list[str]
    cwd: Path
    env: dict[str, str]
    url: str  # the edited post's page on this server
    source: Path  # the file an edit appends to
    log: Path
    note: str = ""


@dataclass
class EditTimes:
    """Seconds from each save to the first response showing it (None: never)."""

    name: str
    first_build_s: float = 0.0
    edits: list[float | None] = field(default_factory=list)
    doubles: list[float | None] = field(default_factory=list)
    note: str = ""
    error: str = ""

    @property
    def measured(self) -> bool:
        """True when at least one edit showed up."""
        return any(value is not None for value in self.edits)

    @staticmethod
    def _median(values: list[float | None]) -> float | None:
        """Median of the saves that showed up; a lost save counts as infinitely slow."""
        if not values or all(value is None for value in values):
            return None
        return statistics.median(
            float("inf") if value is None else value for value in values
        )

    @property
    def median(self) -> float | None:
        """Median seconds for a single save to show in the browser."""
        return self._median(self.edits)

    @property
    def median_double(self) -> float | None:
        """Median seconds for the second of two quick saves to show."""
        return self._median(self.doubles)

    def lost(self) -> int:
        """Saves that never showed (within the timeout)."""
        return sum(value is None for value in self.edits + self.doubles)

    def summary(self) -> dict:
        """The result as JSON-ready data (a lost save is null)."""

        def rounded(value: float | None) -> float | None:
            if value is None or value == float("inf"):
                return None
            return round(value, 3)

        return {
            "name": self.name,
            "first_build_s": round(self.first_build_s, 3),
            "median_s": rounded(self.median),
            "median_two_saves_s": rounded(self.median_double),
            "edits_s": [rounded(value) for value in self.edits],
            "two_saves_s": [rounded(value) for value in self.doubles],
            "lost": self.lost(),
            "note": self.note,
            "error": self.error,
        }


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes | None:
    """The page's body, or None when the server does not serve it (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        # Not listening yet, a 404 mid-rebuild (stock Pelican deletes its output
        # first), or a reset: all mean "not there yet".
        return None


def group_cpu(pgid: int) -> float:
    """CPU seconds used so far by a process group and the children it reaped."""
    ticks = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # it ended between the listing and the read
        # The command name may hold spaces and brackets: split after the last ")".
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[2]) == pgid:
            # utime, stime, cutime, cstime: a rebuild child's time moves into its
            # parent's cutime when reaped, so nothing is counted twice.
            ticks += sum(int(value) for value in fields[11:15])
    return ticks / CLOCK_TICKS


def wait_idle(process: subprocess.Popen, timeout: float) -> None:
    """Wait until the server's processes have used almost no CPU for GAP seconds."""
    deadline = time.monotonic() + timeout
    samples: list[tuple[float, float]] = []
    while time.monotonic() < deadline:
        _check_alive(process)
        now = time.monotonic()
        samples.append((now, group_cpu(process.pid)))
        # Compare with the newest sample at least GAP old.
        old = [sample for sample in samples if now - sample[0] >= GAP]
        if old and samples[-1][1] - old[-1][1] < IDLE_CPU:
            return
        time.sleep(0.1)
    raise ServerFailed(f"it was still busy after {timeout:.0f} s")


def _check_alive(process: subprocess.Popen) -> None:
    """Raise ServerFailed when the server has exited."""
    if process.poll() is not None:
        raise ServerFailed(f"it exited with status {process.returncode}")


def wait_for_text(
    process: subprocess.Popen, url: str, needle: bytes, start: float, timeout: float
) -> float | None:
    """Poll url every POLL s until its body holds needle; seconds from start or None."""
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and needle in body:
            return time.perf_counter() - start
        _check_alive(process)
        time.sleep(POLL)
    return None


def append(source: Path, sentence: str) -> None:
    """Save an edit: one write that appends a paragraph, as an editor's save would."""
    with source.open("a", encoding="utf-8") as out:
        out.write(f"\n{sentence}\n")


def stop(process: subprocess.Popen) -> None:
    """End the server and everything it started: SIGTERM to its group, then SIGKILL."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break  # the whole group is gone
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
        # The leader is gone; its children (a rebuild, Pelican's two processes)
        # get the next signal too if any is left.
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break


def measure(
    server: Server,
    *,
    edits: int = EDITS,
    doubles: int = DOUBLES,
    start_timeout: float = 900,
    progress=print,
) -> EditTimes:
    """Start server, wait for its first build, time edits and quick pairs, stop it."""
    result = EditTimes(server.name, note=server.note)
    original = server.source.read_bytes()
    tag = secrets.token_hex(3)  # no run can see an earlier run's sentence
    with server.log.open("wb") as sink:
        started = time.perf_counter()
        # Its own process group, so that stopping it stops its builds too.
        process = subprocess.Popen(
            server.command,
            cwd=server.cwd,
            env=server.env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        # The post's page with its title: the first build is served.
        first = wait_for_text(process, server.url, b"</html>", started, start_timeout)
        if first is None:
            raise ServerFailed(f"{server.url} was not served in {start_timeout:.0f} s")
        result.first_build_s = first
        wait_idle(process, start_timeout)
        # A rebuild can take as long as a first build (stock Pelican's always
        # does); give each save several times that before calling it lost.
        timeout = max(30.0, 4 * first)
        for index in range(1, edits + 1):
            sentence = f"We checked this line in the browser, save {tag} {index}."
            start = time.perf_counter()
            append(server.source, sentence)
            seconds = wait_for_text(
                process, server.url, sentence.encode(), start, timeout
            )
            result.edits.append(seconds)
            progress(f"    {server.name} save {index}/{edits}: {_shown(seconds)}")
            wait_idle(process, timeout)
        for index in range(1, doubles + 1):
            first_line = f"We saved this line first, pair {tag} {index}."
            second_line = f"We saved this line second, pair {tag} {index}."
            append(server.source, first_line)
            time.sleep(DOUBLE_GAP)
            start = time.perf_counter()
            append(server.source, second_line)
            # Both must show; the time counts from the second save.
            seconds = wait_for_text(
                process, server.url, second_line.encode(), start, timeout
            )
            if seconds is not None:
                body = fetch(server.url) or b""
                if first_line.encode() not in body:
                    seconds = None  # the first save was lost: not a correct page
            result.doubles.append(seconds)
            progress(
                f"    {server.name} two saves {index}/{doubles}: {_shown(seconds)}"
            )
            wait_idle(process, timeout)
    except ServerFailed as failure:
        tail = server.log.read_text(encoding="utf-8", errors="replace")
        tail = "\n".join(tail.splitlines()[-20:])
        result.error = f"{failure}; its log ends:\n{tail}"
    finally:
        stop(process)
        server.source.write_bytes(original)  # the other servers see the corpus as made
    return result


def _shown(seconds: float | None) -> str:
    """A time for the progress lines."""
    return "never showed (lost)" if seconds is None else f"{seconds:.2f} s"
