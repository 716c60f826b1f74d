"""The one kind of error the tasks turn into one line and an exit status."""

from __future__ import annotations


class TaskError(Exception):
    """A task that cannot go on: str() is the one line to show ("" when the lines
    printed above already say why), code is the exit status."""

    def __init__(self, line: str = "", code: int = 1) -> None:
        super().__init__(line)
        self.code = code
