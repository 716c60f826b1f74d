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
