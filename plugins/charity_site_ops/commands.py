"""How a message names an option: the make form under make, the invoke form otherwise.

A newcomer who typed `make serve` and reads "try --port 8001" has nothing to type
(make takes no --port); one who typed `invoke serve` has no use for PORT=8001. So
every message that names a task's option asks here how to write it.
"""

from __future__ import annotations

import os
import shlex

# The make variable that carries each option (the Makefile's targets read them).
MAKE_VARIABLES = {
    "content": "CONTENT",
    "file": "FILE",
    "host": "HOST",
    "keep": "KEEP",
    "output": "OUTPUT",
    "port": "PORT",
    "section": "SECTION",
    "since": "SINCE",
    "target": "TARGET",
    "title": "TITLE",
    "until": "UNTIL",
}


def under_make() -> bool:
    """True when a make target started this task (make exports MAKELEVEL to it)."""
    return bool(os.environ.get("MAKELEVEL"))


def option_name(option: str) -> str:
    """The option as the person types it: `PORT` under make, `--port` otherwise."""
    if under_make() and option in MAKE_VARIABLES:
        return MAKE_VARIABLES[option]
    return f"--{option}"


def option_given(option: str, value: object, quoted: bool = True) -> str:
    """What the person gave, as written: `PORT='abc'` or `--port 'abc'`."""
    # Quoted where the value may be odd (a port "80.5"), bare where it is a path.
    text = f"'{value}'" if quoted else str(value)
    if under_make() and option in MAKE_VARIABLES:
        return f"{MAKE_VARIABLES[option]}={text}"
    return f"--{option} {text}"


def option_hint(option: str, value: object, target: str = "") -> str:
    """option=value ready to copy: `make serve PORT=8001` or `--port 8001`.

    target is the make target to name (a whole command to copy); without it the
    make form is the variable alone, `PORT=8001`.
    """
    text = shlex.quote(str(value))
    if under_make() and option in MAKE_VARIABLES:
        given = f"{MAKE_VARIABLES[option]}={text}"
        return f"make {target} {given}" if target else given
    return f"--{option} {text}"


def command_hint(task: str, option: str, value: object) -> str:
    """The whole command: `make digest SINCE=...` or `invoke digest --since ...`."""
    hint = option_hint(option, value, task)
    return hint if hint.startswith("make ") else f"invoke {task} {hint}"
