"""A preview with nothing changed stops at once, and says what the last one said.

It also fails if Pelican stops calling run() on the object it sent with
`initialized` (the nothing-changed check wraps that method).
"""

from __future__ import annotations

import pickle

from support.site import build_here, copy_content

NOTHING = "Nothing changed since the last build"
POST = "news/volunteering-with-us.md"


def files(output):
    return {
        p: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in output.rglob("*")
        if p.is_file()
    }


def test_a_preview_with_nothing_changed_stops_and_repeats_its_problems(tmp_path):
    content = copy_content(tmp_path / "content")
    # A problem the editor must still see when nothing is rebuilt.
    post = content / POST
    post.write_text(
        post.read_text(encoding="utf-8").replace("Summary:", "Summery:", 1),
        encoding="utf-8",
    )
    output, cache = tmp_path / "out", tmp_path / "cache"
    first = build_here(content, output, cache=cache)
    assert first.returncode == 0, first.log
    assert NOTHING not in first.log
    problem_lines = [line for line in first.log.splitlines() if f"{POST}:" in line]
    assert problem_lines, first.log
    before = files(output)

    again = build_here(content, output, cache=cache)
    assert again.returncode == 0, again.log
    assert NOTHING in again.log
    assert files(output) == before, "nothing is written, not even a sitemap"
    for line in problem_lines:
        assert line in again.log

    # A file saved again is read again (and, being the same, changes nothing).
    post.write_text(post.read_text(encoding="utf-8"), encoding="utf-8")
    assert NOTHING not in build_here(content, output, cache=cache).log
    assert {p: data for p, (data, _) in files(output).items()} == {
        p: data for p, (data, _) in before.items()
    }
    post.write_text(
        post.read_text(encoding="utf-8").replace("Summery:", "Summary:", 1),
        encoding="utf-8",
    )
    fixed = build_here(content, output, cache=cache)
    assert NOTHING not in fixed.log
    assert f"{POST}:" not in fixed.log

    # The output touched by hand: rebuilt, and the page is back.
    page = output / "news" / "volunteering-with-us" / "index.html"
    page.unlink()
    rebuilt = build_here(content, output, cache=cache)
    assert NOTHING not in rebuilt.log
    assert page.is_file()

    # The clock past the moment the record names (a post going live, an event
    # passing, midnight): built again.
    assert NOTHING in build_here(content, output, cache=cache).log
    (record,) = [p for p in (cache / "unchanged").rglob("*") if p.is_file()]
    made = pickle.loads(record.read_bytes())  # noqa: S301 (the build's own record)
    record.write_bytes(pickle.dumps(type(made)(made.inputs, made.outputs, 0.0)))
    assert NOTHING not in build_here(content, output, cache=cache).log

    # Another output folder, the same cache: never skipped.
    elsewhere = build_here(content, tmp_path / "two", cache=cache)
    assert NOTHING not in elsewhere.log
    assert (tmp_path / "two" / "index.html").is_file()
