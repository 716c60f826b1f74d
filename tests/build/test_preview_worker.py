"""The live preview's builder writes what a fresh build writes, after any series of
edits: a post edited, retitled, renamed, deleted, added, broken and mended.

The builder process keeps the site in memory and writes a saved post's page
first; after each save the whole preview is compared, file by file, with a
fresh build of the same content into an empty folder with an empty cache.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from charity_site_ops.preview_server import Builder
from charity_site_ops.preview_worker import DONE, READY
from support.site import ROOT, build_here, copy_content, files_by_name, news_and_stories

NOW = "2026-07-14T12:00:00+01:00"  # one moment for both builds
# The settings both builds run with: one moment, and every post's link-preview
# card drawn (a preview's default draws only the site's, which never changes).
SETTINGS = ("-e", f'SITE_NOW="{NOW}"', "-e", "PREVIEW_CARDS=true")
SEED = 20261202  # the series is random, and the same in every run


def edit_body(rng: random.Random, content: Path) -> list[Path]:
    post = rng.choice(news_and_stories(content))
    with post.open("a", encoding="utf-8") as out:
        out.write(f"\nA sentence added in edit {rng.randrange(10**6)}.\n")
    return [post]


def retitle(rng: random.Random, content: Path) -> list[Path]:
    post = rng.choice(news_and_stories(content))
    text = post.read_text(encoding="utf-8")
    title = f"Title: A new title {rng.randrange(10**6)}"
    post.write_text(re.sub(r"(?m)^Title: .*$", title, text, count=1), encoding="utf-8")
    return [post]


def rename(rng: random.Random, content: Path) -> list[Path]:
    post = rng.choice(news_and_stories(content))
    moved = post.with_name(f"renamed-{rng.randrange(10**6)}.md")
    post.rename(moved)
    return [post, moved]


def delete(rng: random.Random, content: Path) -> list[Path]:
    post = rng.choice(news_and_stories(content))
    post.unlink()
    return [post]


def add(rng: random.Random, content: Path) -> list[Path]:
    number = rng.randrange(10**6)
    post = content / "news" / f"new-post-{number}.md"
    post.write_text(
        f"Title: A new post {number}\nDate: 2026-07-01\n"
        f"Summary: A short post added while the preview was open.\n"
        f"Tags: Volunteering, New{number}\n\nIt says something new.\n",
        encoding="utf-8",
    )
    return [post]


def break_and_mend(rng: random.Random, content: Path) -> list[Path]:
    post = rng.choice(news_and_stories(content))
    text = post.read_text(encoding="utf-8")
    post.write_text("Status: maybe\n" + text, encoding="utf-8")
    return [post]


def first_difference(want: dict[str, bytes], got: dict[str, bytes], names) -> str:
    """The first lines that differ in the first file that differs, to read."""
    import difflib

    name = names[0]
    lines = difflib.unified_diff(
        want[name].decode("utf-8", "replace").splitlines(),
        got[name].decode("utf-8", "replace").splitlines(),
        "fresh",
        "live",
        lineterm="",
        n=0,
    )
    return f"{name}:\n" + "\n".join(list(lines)[:12])


STEPS = (edit_body, retitle, rename, delete, add, break_and_mend)


def assert_as_fresh(tmp_path: Path, content: Path, fresh: Path, step: str) -> None:
    """The live preview (tmp_path/live) holds what a fresh build of content writes.

    Into an empty folder, so nothing is kept; the parses and pictures are
    shared by the fresh builds (and never the live one's), each keyed by the
    bytes it was made from.
    """
    made = build_here(
        content,
        fresh / "out",
        "pelicanconf.py",
        *SETTINGS,
        cache=tmp_path / "fresh-cache",
    )
    assert made.returncode == 0, made.log
    want, got = files_by_name(fresh / "out"), files_by_name(tmp_path / "live")
    assert sorted(got) == sorted(want), step
    differ = [name for name in want if want[name] != got[name]]
    assert differ == [], (step, differ, first_difference(want, got, differ))


@pytest.fixture(scope="module")
def live_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The builders' caches: this module's own, never the work tree's .cache
    (their records are kept by output folder, their parses by content folder)."""
    return tmp_path_factory.mktemp("live-cache")


@pytest.fixture
def builder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, live_cache: Path):
    monkeypatch.setenv("SITE_CACHE", str(live_cache))
    content = copy_content(tmp_path / "content")
    live = Builder(ROOT, content, tmp_path / "live")
    live.command += SETTINGS
    started = live.start()
    assert started[READY] and started["code"] == 0, started
    yield live, content
    live.stop()


def test_a_series_of_saves_in_the_live_preview_writes_what_a_fresh_build_writes(
    tmp_path: Path, builder
) -> None:
    live, content = builder
    rng = random.Random(SEED)  # noqa: S311 (a test series, not a secret)
    pages: list[str] = []
    # Each kind of change once, then a random series; a broken post is mended
    # by the next step that touches it, or stays broken (both must match).
    series = [*STEPS, *(rng.choice(STEPS) for _ in range(2))]
    for number, step in enumerate(series):
        changed = step(rng, content)
        done = live.rebuild([str(p) for p in changed], on_page=pages.append)
        assert done[DONE] == 0, (step.__name__, done)
        assert_as_fresh(tmp_path, content, tmp_path / f"fresh-{number}", step.__name__)
    # The quick page came first for the edits of a post that stays where it was.
    assert pages, "no save was written ahead of the rebuild"


def test_a_builder_killed_mid_build_is_replaced_and_the_save_is_built(builder) -> None:
    import os
    import signal
    import threading

    live, content = builder
    post = news_and_stories(content)[0]
    with post.open("a", encoding="utf-8") as out:
        out.write("\nWritten as the builder was killed.\n")
    process = live.process
    # Killed while it answers the save: the server starts a fresh builder, whose
    # first build is whole, and the save is on the page.
    threading.Timer(0.05, os.kill, (process.pid, signal.SIGKILL)).start()
    done = live.rebuild([str(post)], on_page=lambda _name: None)
    assert live.process is not None and live.process.pid != process.pid
    assert done.get("code", done.get(DONE)) == 0, done
    page = content.parent / "live" / post.parent.name / post.stem / "index.html"
    assert "Written as the builder was killed." in page.read_text(encoding="utf-8")


def test_a_save_during_a_rebuild_gets_its_page_before_that_rebuild_ends(
    tmp_path: Path, builder
) -> None:
    import json

    from charity_site_ops.preview_worker import EVENT, QUICK

    live, content = builder
    first, second = news_and_stories(content)[:2]
    events: list[dict] = []

    def next_event() -> dict:
        while True:
            line = live.lines.get(timeout=120)
            assert line is not None, "the builder stopped"
            if line.startswith(EVENT):
                events.append(json.loads(line[len(EVENT) :]))
                return events[-1]

    with first.open("a", encoding="utf-8") as out:
        out.write("\nThe first save.\n")
    assert live._send([str(first)])
    while QUICK not in next_event():
        pass
    # The rebuild after the first save has begun: a second save now.
    with second.open("a", encoding="utf-8") as out:
        out.write("\nThe second save, made during the rebuild.\n")
    assert live._send([str(second)])
    dones = 0
    while dones < 2:
        dones += DONE in next_event()
    kinds = [QUICK if QUICK in e else DONE for e in events if QUICK in e or DONE in e]
    # first's page, second's page (in the middle of the first rebuild), then
    # the first rebuild's end and the second's.
    assert kinds == [QUICK, QUICK, DONE, DONE], events
    second_page = tmp_path / "live" / events[1][QUICK]
    assert "made during the rebuild" in second_page.read_text(encoding="utf-8")
    # What stays is what a fresh build writes, byte for byte.
    assert_as_fresh(tmp_path, content, tmp_path / "fresh", "a save during a rebuild")
