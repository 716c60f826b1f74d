"""`invoke check` on broken posts, one mistake each: exit code, file, line, rule."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support.site import ROOT

BROKEN = ROOT / "tests" / "fixtures" / "broken-posts"
# case folder: (exit code, file, line, rule)
CASES = {
    "missing-title": (1, "news/post.md", 1, "missing-title"),
    "bad-date": (1, "news/post.md", 2, "bad-date"),
    "bad-modified": (1, "news/post.md", 4, "bad-modified"),
    "missing-summary": (1, "news/post.md", 1, "missing-summary"),
    "unknown-section": (1, "blog/post.md", 1, "unknown-section"),
    "sub-folder": (1, "news/2025/post.md", 1, "sub-folder"),
    "unknown-key": (1, "news/post.md", 4, "unknown-key"),
    "swallowed-line": (1, "news/post.md", 4, "swallowed-line"),
    "missing-alt": (1, "news/post.md", 7, "missing-alt"),
    "missing-image-alt": (1, "news/post.md", 4, "missing-image-alt"),
    "missing-image": (1, "news/post.md", 7, "missing-image"),
    "missing-link": (1, "news/post.md", 5, "missing-link"),
    "filename-for-file": (1, "news/post.md", 5, "filename-for-file"),
    "link-to-draft": (1, "news/post.md", 5, "link-to-draft"),
    "duplicate-url": (1, "news/post.markdown", 1, "duplicate-url"),
    "reserved-url": (1, "pages/news.md", 1, "reserved-url"),
    "not-utf8": (1, "news/post.md", 5, "not-utf8"),
    "control-character": (1, "news/post.md", 5, "control-character"),
    "missing-consent": (1, "stories/post.md", 1, "missing-consent"),
    "missing-content-warning": (1, "news/post.md", 1, "missing-content-warning"),
    "unsafe-wording": (1, "news/post.md", 6, "unsafe-wording"),
    "review-overdue": (0, "news/post.md", 5, "review-overdue"),
    "bad-status": (1, "news/post.md", 4, "bad-status"),
    "bad-newsletter": (1, "news/post.md", 4, "bad-newsletter"),
    "bad-template": (1, "pages/oops.md", 3, "bad-template"),
    "missing-event-start": (0, "events/post.md", 1, "missing-event-start"),
    "reading-level": (0, "news/post.md", 5, "reading-level"),
    "no-such-page": (1, "news/post.md", 5, "no-such-page"),
    "preview-link": (1, "news/post.md", 5, "preview-link"),
    "link-to-intro": (1, "news/post.md", 5, "link-to-intro"),
}


def test_every_case_folder_is_covered():
    assert {p.name for p in BROKEN.iterdir()} == set(CASES)


def run_check(content) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("case", CASES)
def test_each_mistake_is_one_line_with_file_line_and_rule(case, verdicts):
    code, path, line, rule = CASES[case]
    result = verdicts[f"broken-posts/{case}"].check
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert "Traceback" not in output
    severity = "error" if code else "warning"
    matching = [
        row
        for row in result.stdout.splitlines()
        if row.startswith(f"{path}:{line}: {severity}: ") and row.endswith(f"[{rule}]")
    ]
    assert len(matching) == 1, output
    (row,) = matching
    assert " — " in row, "says how to fix it"


def test_the_sample_content_has_no_errors(sample_content):
    result = run_check(sample_content)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 error(s), 0 warning(s)")


def test_safe_wording_comes_with_the_suggested_words(verdicts):
    result = verdicts["broken-posts/unsafe-wording"].check
    assert (
        "'committed suicide'" in result.stdout
        and "write 'died by suicide' instead" in result.stdout
    )


def test_a_typo_in_a_key_gets_a_suggestion(verdicts):
    result = verdicts["broken-posts/unknown-key"].check
    assert "unknown header 'Tittle:' — did you mean 'Title:'?" in result.stdout


def test_publish_refuses_a_broken_post_before_building(verdicts):
    verdict = verdicts["broken-posts/unsafe-wording"]
    result = verdict.publish
    assert result.returncode == 1
    assert "news/post.md:6: error:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not verdict.site.exists()


def test_an_address_link_says_which_file_to_link_instead(verdicts):
    pasted = verdicts["broken-posts/preview-link"].check.stdout
    assert "write [text]({filename}/news/other.md) instead" in pasted
    missing = verdicts["broken-posts/no-such-page"].check.stdout
    rows = [r for r in missing.splitlines() if r.endswith("[no-such-page]")]
    assert len(rows) == 1, "the section, the post, a later page and feeds all exist"
    assert "{filename}/" in rows[0]
