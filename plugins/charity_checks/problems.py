"""A content problem and the one-line form editors read."""

from __future__ import annotations

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
    import sys

    print(f"pelicanconf.py: error: {problem}", file=sys.stderr)
    return SettingError(1)
