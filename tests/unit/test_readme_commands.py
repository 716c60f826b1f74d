"""Every command the README and the writing guide tell people to type exists."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

from support.site import ROOT

DOCS = [ROOT / "README.md", ROOT / "docs" / "writing.md", ROOT / "docs" / "deploy.md"]


def commands(prefix: str) -> set[str]:
    found = set()
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        found |= set(re.findall(rf"`({prefix} [^`]+)`", text))
        found |= set(re.findall(rf"^({prefix} .+?)(?:\s+#.*)?$", text, re.MULTILINE))
    return found


def test_every_make_command_in_the_docs_is_a_target_that_runs():
    found = commands("make")
    assert {"make serve", "make test", "make check"} <= found
    for command in sorted(found):
        words = shlex.split(command)
        # -n: say what it would run, run nothing (no file is written).
        result = subprocess.run(
            ["make", "-n", *words[1:]], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, (command, result.stderr)
        if words[1] != "setup":  # the one target that only sets up
            assert "invoke" in result.stdout, (command, result.stdout)


def test_every_invoke_task_in_the_docs_exists():
    listed = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for command in commands("invoke") | commands(r"\.venv/bin/invoke"):
        task = command.split()[1]
        if not task.startswith("-"):  # `invoke --list` itself
            assert task in listed, command


def test_make_passes_values_to_commands_without_a_shell_reading_them():
    result = subprocess.run(
        ["make", "-n", "new", 'TITLE=Dan\'s `id` "story"', "SECTION=stories"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    (line,) = [row for row in result.stdout.splitlines() if "invoke new" in row]
    assert line.endswith('invoke new "$TITLE" --section "$SECTION"'), line
