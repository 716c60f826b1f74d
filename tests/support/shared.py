"""Session fixtures made once per test run, however many xdist workers share it.

`make test` runs a pytest-xdist worker a core, and each worker has its own
session: a session fixture would be made once in each. The costly ones (the
sample site's builds, the verdicts of the tasks) are made by the first worker to
ask, under a lock, in the temporary folder the workers share, and read back by
the others from a JSON record (pytest-xdist's own recipe for this).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from support.site import Build

T = TypeVar("T")


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: shared by the workers under xdist."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    make: Callable[[Path], T],
    dump: Callable[[T], object],
    load: Callable[[object], T],
) -> T:
    """make(folder) once per run; every other worker loads what it recorded."""
    root = run_folder(tmp_path_factory)
    folder, record = root / f"once-{name}", root / f"once-{name}.json"
    with (root / f"once-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if record.exists():
            return load(json.loads(record.read_text(encoding="utf-8")))
        # A worker that failed here left a folder and no record: start again.
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        value = make(folder)
        record.write_text(json.dumps(dump(value)), encoding="utf-8")
        return value


def dump_build(build: Build) -> dict:
    """A Build as JSON."""
    return {
        "content": str(build.content),
        "output": str(build.output),
        "returncode": build.returncode,
        "log": build.log,
        "siteurl": build.siteurl,
    }


def load_build(record: dict) -> Build:
    """A Build from its JSON."""
    return Build(
        Path(record["content"]),
        Path(record["output"]),
        record["returncode"],
        record["log"],
        record["siteurl"],
    )


def dump_process(process: subprocess.CompletedProcess) -> dict:
    """What a finished command said, as JSON."""
    return {
        "args": [str(arg) for arg in process.args],
        "returncode": process.returncode,
        "stdout": process.stdout,
        "stderr": process.stderr,
    }


def load_process(record: dict) -> subprocess.CompletedProcess:
    """A finished command from its JSON."""
    return subprocess.CompletedProcess(
        record["args"], record["returncode"], record["stdout"], record["stderr"]
    )
