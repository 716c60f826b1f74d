"""Waiting on other processes in tests: gone, or a file they write."""

from __future__ import annotations

import time
from pathlib import Path


def is_gone(pid: int) -> bool:
    """True when no live process has this pid (a zombie waiting for PID 1 is dead)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def wait_until_gone(pid: int, seconds: float = 10) -> bool:
    """Wait up to seconds for the process to end; True when it has."""
    deadline = time.monotonic() + seconds
    while not is_gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
