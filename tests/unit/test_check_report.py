"""The check's lines become the Markdown report a writer reads on a pull request:
errors first, each as file:line and its message, shown as written, capped."""

from __future__ import annotations

import subprocess
import sys

from charity_site_ops.check_report import MARKER, escape, parse, report

ERROR = (
    "content/stories/our walk.md:12: error: Image_alt is missing — describe the "
    "photo in one line [image-alt]"
)
WARNING = "content/news/a.md:3: warning: the summary is long — cut it [summary-length]"


def test_a_clean_check_says_so_and_carries_the_marker():
    text = report("0 error(s), 0 warning(s) in content/\n", status=0)
    assert text.startswith(MARKER + "\n")
    assert "No problems found" in text
    assert "###" not in text


def test_a_path_with_spaces_keeps_its_file_and_line():
    (found,) = parse(ERROR)
    assert found.path == "content/stories/our walk.md"
    assert found.line == 12
    assert found.severity == "error"
    assert found.message == ("Image_alt is missing — describe the photo in one line"), (
        "the rule's name is for the web team, not the writer"
    )
    assert found.rule == "image-alt"
    assert "**content/stories/our walk.md:12**" in report(ERROR, status=1)


def test_errors_come_before_warnings_whatever_the_order_printed():
    text = report(f"{WARNING}\n{ERROR}\n1 error(s), 1 warning(s) in content/\n", 1)
    assert "**1 error, 1 warning.**" in text
    assert text.index("### Errors") < text.index("### Warnings")
    assert text.index("our walk.md:12") < text.index("content/news/a.md:3")
    assert "cannot be merged" in text


def test_warnings_alone_do_not_block():
    text = report(WARNING + "\n", status=0)
    assert "**1 warning.** Nothing stops the merge" in text
    assert "### Errors" not in text and "No problems found" not in text


def test_a_setting_line_without_a_number_is_a_problem_too():
    (found,) = parse("pelicanconf.py: error: SITEURL must be https")
    assert (found.path, found.line, found.where) == (
        "pelicanconf.py",
        None,
        "pelicanconf.py",
    )


def test_markdown_and_html_in_a_message_are_shown_as_written():
    line = (
        "content/news/x_y.md:4: error: <script>alert(1)</script> and *stars* "
        "[a](http://e.org) `tick` | pipe & co — fix it [body-html]"
    )
    text = report(line, status=1)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\*stars\\*" in text
    assert "\\[a\\]\\(http://e.org\\)" in text
    assert "\\`tick\\`" in text and "\\|" in text and "&amp; co" in text
    assert "x\\_y.md:4" in text
    assert escape("a_b") == "a\\_b"


def test_many_problems_are_capped_with_how_many_more():
    lines = [f"content/news/p{n}.md:{n}: error: broken — fix" for n in range(1, 131)]
    lines += ["content/news/w.md:1: warning: odd — look"]
    text = report("\n".join(lines), status=1)
    items = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(items) == 100
    assert "### Warnings" not in text, "errors fill the room first"
    assert "…and 31 more" in text
    assert "**130 errors, 1 warning.**" in text
    assert len(report("\n".join(lines * 50), status=1)) < 65536, "fits a comment"


def test_a_failed_check_without_problem_lines_is_never_called_clean():
    text = report("Traceback (most recent call last):\n  boom\n", status=1)
    assert "No problems found" not in text
    assert "failed without naming a post" in text


def test_the_command_reads_a_file_or_stdin(tmp_path):
    saved = tmp_path / "check output.txt"
    saved.write_text(ERROR + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "charity_site_ops.check_report"]
    from_file = subprocess.run(
        [*command, str(saved), "--status", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    from_stdin = subprocess.run(
        [*command, "--status", "1"],
        input=ERROR + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    assert from_file.stdout == from_stdin.stdout == report(ERROR, 1)
    missing = subprocess.run(
        [*command, str(tmp_path / "nothing.txt")], capture_output=True, text=True
    )
    assert missing.returncode == 2 and "cannot read" in missing.stderr
