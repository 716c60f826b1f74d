"""A content problem and the one-line form editors read."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one post, at one line."""

    path: str
    line: int
    severity: Severity
    rule: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.message} — {self.fix} [{self.rule}]"

    @property
    def is_error(self) -> bool:
        """True when the problem must stop a publish."""
        return self.severity == "error"


class SettingError(SystemExit):
    """Ends a build on a wrong setting: one line, exit status 1, no traceback."""


def refuse_setting(problem: Exception) -> SettingError:
    """Print a wrong setting's one-line message and return the exit to raise."""
    print(f"pelicanconf.py: error: {problem}", file=sys.stderr)
    return SettingError(1)


# The rule named by an unexpected failure, by the step that failed.
_FAILED_RULES = {
    "read": "read-failed",
    "checked": "check-failed",
    "prepared": "prepare-failed",
    "rendered": "render-failed",
}


class ContentErrors(SystemExit):
    """Ends a strict build (a publish or a check) with exit status 1.

    A SystemExit, not an Exception: Pelican prints a traceback for any Exception,
    and an editor's mistake must read as the plain lines above it, nothing more.
    """


def internal_problem(
    path: str, step: str, exc: BaseException, line: int = 1
) -> Problem:
    """The one line for an unexpected failure on one post (never a traceback)."""
    detail = f"{type(exc).__name__}: {exc}".strip().replace("\n", " ")[:200]
    return Problem(
        path,
        line,
        "error",
        _FAILED_RULES.get(step, "build-failed"),
        f"this post could not be {step} ({detail})",
        "check the lines around this one for unusual markup; if it looks right, "
        "tell the web team and quote this line",
    )
