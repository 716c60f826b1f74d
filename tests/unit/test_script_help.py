"""Every script and every task prints its usage on --help and writes nothing.

`make_sample_photos.py --help` once painted the sample photos into a folder
named `--help`: each command runs here from an empty folder, which must stay
empty, and the working tree must have no new file afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.site import ROOT

MAIN = 'if __name__ == "__main__":'
# The benchmarks are run as files; the tasks' package's modules as `python -m`.
SCRIPTS = (
    {
        path.relative_to(ROOT).as_posix(): [sys.executable, str(path)]
        for path in sorted((ROOT / "benchmarks").glob("*.py"))
        if MAIN in path.read_text(encoding="utf-8")
    }
    | {
        f"-m charity_site_ops.{path.stem}": [
            sys.executable,
            "-m",
            f"charity_site_ops.{path.stem}",
        ]
        for path in sorted((ROOT / "plugins" / "charity_site_ops").glob("*.py"))
        if MAIN in path.read_text(encoding="utf-8")
    }
    | {
        # The plugin's one script, the publish's wrapper, runs as a bare file.
        path.relative_to(ROOT).as_posix(): [sys.executable, "-I", "-S", str(path)]
        for path in sorted((ROOT / "plugins" / "charity_site").glob("*.py"))
        if MAIN in path.read_text(encoding="utf-8")
    }
)
# The tasks, read the way invoke reads them (tasks.py is a module at the root).
TASKS = sorted(
    task["name"]
    for task in json.loads(
        subprocess.run(
            [sys.executable, "-m", "invoke", "--list", "--list-format", "json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )["tasks"]
)
# No byte code either: only what the command itself would write is looked for.
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


def new_files() -> set[str]:
    """The working tree's untracked files (git status --porcelain)."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line[3:] for line in status.splitlines() if line.startswith("??")}


def run_here(command: list[str], folder: Path) -> subprocess.CompletedProcess:
    before = new_files()
    result = subprocess.run(
        command, cwd=folder, env=ENV, capture_output=True, text=True, timeout=120
    )
    assert list(folder.iterdir()) == [], "wrote into the folder it ran in"
    assert new_files() - before == set(), "wrote into the working tree"
    return result


def test_every_script_and_task_is_found():
    assert {
        "-m charity_site_ops.sample_photos",
        "-m charity_site_ops.preview_server",
        "plugins/charity_site/lifetime.py",  # the publish's wrapper for Pelican
    } <= set(SCRIPTS)
    assert {"benchmarks/build_speed.py", "benchmarks/corpus.py"} <= set(SCRIPTS)
    assert {"new", "digest", "deploy", "serve", "vendor-cms"} <= set(TASKS)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_a_script_prints_its_usage_on_help_and_writes_nothing(script, tmp_path):
    result = run_here([*SCRIPTS[script], "--help"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "usage" in result.stdout.lower(), result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_an_unknown_option_is_a_usage_error(script, tmp_path):
    result = run_here([*SCRIPTS[script], "--no-such-option"], tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "usage" in result.stderr.lower() and "Traceback" not in result.stderr


@pytest.mark.parametrize("task", TASKS)
def test_a_task_prints_its_usage_on_help_and_runs_nothing(task, tmp_path):
    # Both spellings: `TASK --help` is where a positional argument (a title, a
    # version) would take the word as its value and go ahead with it.
    for words in (["--help", task], [task, "--help"]):
        command = [sys.executable, "-m", "invoke", "--search-root", str(ROOT)]
        result = run_here([*command, *words], tmp_path)
        assert result.returncode == 0, (words, result.stdout + result.stderr)
        assert "usage" in result.stdout.lower(), (words, result.stdout)
