"""Child processes that end with the process that started them (Linux).

One home for every worker the build or a publish starts: picture and card
workers and the compression pool (`end_with_parent`, a pool initializer), and
the publish's Pelican child (`dying_with_parent`, which runs this file as a
tiny wrapper). A publish that is killed (Ctrl-C, SIGKILL, a closed terminal)
must not leave them writing on.

This file uses the standard library only: the wrapper runs it as
`python -I -S lifetime.py`, with no environment, site or project on the path.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent dies


def set_parent_death_signal(signum: int) -> None:
    """Ask Linux to send this process signum when its parent dies; OSError if not."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signum), 0, 0, 0) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def end_with_parent() -> None:
    """A pool worker's initializer: killed when the build that started it ends.

    Best effort: elsewhere than Linux, or where prctl is refused, the worker
    still ends when the pool is shut down.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            set_parent_death_signal(signal.SIGKILL)


def dying_with_parent(command: Sequence[str]) -> list[str]:
    """The command, wrapped (on Linux) so the kernel kills it if we die."""
    if sys.platform != "linux":
        return list(command)
    # -I -S: the wrapper reads no environment, site or sitecustomize; the
    # command it becomes gets the environment unchanged.
    wrapper = [sys.executable, "-I", "-S", str(Path(__file__).resolve())]
    return [*wrapper, "--parent", str(os.getpid()), "--", *command]


def _wrapper_main(argv: list[str]) -> NoReturn:
    """Arm SIGKILL on parent death, then exec the command (the wrapper's body)."""
    usage = "usage: lifetime.py --parent PID -- COMMAND..."
    if argv in (["-h"], ["--help"]):
        print(f"{usage}\n(the publish's own wrapper: run a command that ends with PID)")
        sys.exit(0)
    if len(argv) < 4 or argv[0] != "--parent" or argv[2] != "--":
        print(usage, file=sys.stderr)
        sys.exit(2)
    set_parent_death_signal(signal.SIGKILL)
    # The parent may have died before the signal was armed: nothing would come.
    if os.getppid() != int(argv[1]):
        os._exit(1)
    os.execv(argv[3], argv[3:])  # noqa: S606 (our own command: no shell on purpose)


if __name__ == "__main__":
    _wrapper_main(sys.argv[1:])
