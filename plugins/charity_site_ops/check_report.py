"""`invoke check`'s lines as a Markdown report, for a pull request and its job summary.

Reads the check's output (one problem a line, `path:line: error|warning: what —
how to fix [rule]`) and writes Markdown: errors first, then warnings, each as
`file:line` and the message, or "No problems found". Pure text in, text out: the
workflow (.github/workflows/check.yml) puts it in the summary and the comment.

    .venv/bin/invoke check > check.txt; python -m charity_site_ops.check_report \
        check.txt --status $?
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

# The hidden line the workflow finds its own pull-request comment by.
MARKER = "<!-- site-check -->"
# GitHub refuses a comment over 65,536 characters: a hundred lines of at most
# 600 characters each stays well under it, and nobody reads more at once.
LIMIT = 100
LONGEST = 600

# `path:line: severity: message`; the path may hold spaces and colons, so the
# first `:<digits>: error|warning: ` ends it. A setting's line has no number.
_LINE = re.compile(
    r"^(?P<path>\S.*?)(?::(?P<line>\d+))?: (?P<severity>error|warning): "
    r"(?P<message>.+?)(?: \[(?P<rule>[a-z0-9-]+)\])?$"
)
# What Markdown or HTML would read as markup in a path or a message.
_MARKDOWN = re.compile(r"([\\`*_\[\]()#|~!{}])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


@dataclass(frozen=True)
class Found:
    """One problem line of the check: where, how bad, and what it says."""

    path: str
    line: int | None
    severity: str
    message: str
    rule: str = ""  # the check's name, for the web team: not shown to writers

    @property
    def where(self) -> str:
        """`file:line`, or the file alone for a setting."""
        return self.path if self.line is None else f"{self.path}:{self.line}"


def parse(text: str) -> list[Found]:
    """Every problem line in the check's output, in order (other lines skipped)."""
    found = []
    for raw in text.splitlines():
        match = _LINE.match(raw.strip())
        if match:
            line = match["line"]
            found.append(
                Found(
                    match["path"],
                    int(line) if line else None,
                    match["severity"],
                    match["message"].strip(),
                    match["rule"] or "",
                )
            )
    return found


def escape(text: str) -> str:
    """text shown as written: no Markdown emphasis, link or HTML tag in it."""
    text = "".join(_HTML.get(c, c) for c in text)
    return _MARKDOWN.sub(r"\\\1", text)


def _item(problem: Found) -> str:
    message = problem.message
    if len(message) > LONGEST:
        message = message[: LONGEST - 1] + "…"
    return f"- **{escape(problem.where)}**: {escape(message)}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def report(text: str, status: int = 0, limit: int = LIMIT) -> str:
    """The Markdown report of the check's output and its exit status."""
    found = parse(text)
    errors = [p for p in found if p.severity == "error"]
    warnings = [p for p in found if p.severity == "warning"]
    lines = [MARKER, "## Site check", ""]
    if not found and status == 0:
        lines.append("No problems found: every post would publish.")
        return "\n".join(lines) + "\n"
    if errors or status:
        lines.append(
            f"**{_count(len(errors), 'error')}, {_count(len(warnings), 'warning')}.** "
            "This pull request cannot be merged until the errors are fixed: each "
            "line names the file and line, what is wrong and how to fix it."
        )
    else:
        lines.append(
            f"**{_count(len(warnings), 'warning')}.** Nothing stops the merge, "
            "but please read them."
        )
    if status and not errors:
        # A crash, or a problem not in the one-line form: the log has it.
        lines += [
            "",
            "The check failed without naming a post: open the **Check posts** "
            "job's log to see why.",
        ]
    shown = 0
    for title, group in (("Errors", errors), ("Warnings", warnings)):
        if not group:
            continue
        room = max(limit - shown, 0)
        if room == 0:
            break
        lines += ["", f"### {title}", ""]
        lines += [_item(p) for p in group[:room]]
        shown += min(room, len(group))
    if len(found) > shown:
        lines += [
            "",
            f"…and {len(found) - shown} more: see the **Check posts** job's log, or "
            "run `make check`.",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line: read the check's output from a file or stdin, print Markdown."""
    parser = argparse.ArgumentParser(
        prog="python -m charity_site_ops.check_report",
        description="Turn `invoke check`'s output into a Markdown report "
        "(errors first, then warnings; 'No problems found' when clean).",
    )
    parser.add_argument(
        "file", nargs="?", default="-", help="the check's output (default: stdin)"
    )
    parser.add_argument(
        "--status",
        type=int,
        default=0,
        help="invoke check's exit status (non-zero: the check failed)",
    )
    args = parser.parse_args(argv)
    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8", errors="replace")
        except OSError as problem:
            parser.error(f"cannot read {args.file}: {problem.strerror or problem}")
    sys.stdout.write(report(text, args.status))
    return 0


if __name__ == "__main__":
    sys.exit(main())
