"""A publish that keeps unchanged pages from the live site writes what a cold one does.

A small site is published, then changed step by step (a body edited, a title,
a tag, a post deleted, one added, a file renamed, an event's date); after each
step it is published again into the same target, keeping pages from the live
site, and compared file by file (every page, feed, calendar, compressed copy
and host file) with a cold publish of the same content into an empty folder.
A refused publish leaves the target and its record as they were.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from charity_site.writer.handover import PUBLISH_RECORDS
from charity_site_ops.problems import TaskError
from charity_site_ops.publish import publish
from support.site import SITEURL, copy_content, files_by_name, news_and_stories

NOW = "2026-07-14T12:00:00+01:00"  # one moment for every publish
SEED = 20261202  # the series is random, and the same in every run


def unlinked(content: Path) -> list[Path]:
    """The posts no other file links to: deleting or renaming one is no error."""
    text = "".join(p.read_text(encoding="utf-8") for p in content.rglob("*.md"))
    return [
        p for p in news_and_stories(content) if f"/{p.relative_to(content)}" not in text
    ]


def replace_header(post: Path, key: str, value: str) -> None:
    text = post.read_text(encoding="utf-8")
    changed = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text, count=1)
    if changed == text:
        changed = f"{key}: {value}\n" + text
    post.write_text(changed, encoding="utf-8")


def edit_body(rng: random.Random, content: Path) -> None:
    with rng.choice(news_and_stories(content)).open("a", encoding="utf-8") as out:
        out.write(f"\nA sentence added in edit {rng.randrange(10**6)}.\n")


def retitle(rng: random.Random, content: Path) -> None:
    replace_header(
        rng.choice(news_and_stories(content)),
        "Title",
        f"A new title {rng.randrange(10**6)}",
    )


def retag(rng: random.Random, content: Path) -> None:
    replace_header(
        rng.choice(news_and_stories(content)),
        "Tags",
        f"Volunteering, Topic{rng.randrange(99)}",
    )


def delete(rng: random.Random, content: Path) -> None:
    rng.choice(unlinked(content)).unlink()


def add(rng: random.Random, content: Path) -> None:
    number = rng.randrange(10**6)
    (content / "news" / f"new-post-{number}.md").write_text(
        f"Title: A new post {number}\nDate: 2026-07-01\n"
        f"Summary: A short post added between two publishes.\n"
        f"Tags: Volunteering, New{number}\n\nIt says something new.\n",
        encoding="utf-8",
    )


def rename(rng: random.Random, content: Path) -> None:
    post = rng.choice(unlinked(content))
    post.rename(post.with_name(f"renamed-{rng.randrange(10**6)}.md"))


def move_event(rng: random.Random, content: Path) -> None:
    event = rng.choice(sorted(content.glob("events/*.md")))
    day = f"2026-{rng.randrange(6, 10):02d}-{rng.randrange(10, 28):02d}"
    replace_header(event, "Event_start", f"{day} 10:00")
    replace_header(event, "Event_end", f"{day} 12:00")


# Each step is a few changes published together (a publish is seconds): every
# kind of change is in the series, and each step compared with a cold publish.
# The last two change no address (a new address redoes every page): by the
# last, the standby is a site made from the same keys, and lends its files.
STEPS = (
    (edit_body, retitle),
    (retag, delete, add),
    (rename, move_event),
    (edit_body,),
    (edit_body,),
)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """The content, the settings with one moment, and this test's caches."""
    monkeypatch.setenv("SITEURL", SITEURL)
    settings = tmp_path / "publishconf_now.py"
    settings.write_text(
        f"from publishconf import *\n\nSITE_NOW = {NOW!r}\n", encoding="utf-8"
    )
    return {
        "content": copy_content(tmp_path / "content"),
        "settings": settings,
        "live_cache": tmp_path / "live-cache",
        "cold_cache": tmp_path / "cold-cache",
    }


def publish_with(
    site: dict[str, Path], target: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Publish site's content into target with cache as the one cache."""
    monkeypatch.setenv("SITE_CACHE", str(cache))
    log = target.parent / f"{target.name}.log"
    return publish(site["content"], target, site["settings"], log)


def assert_same_as_cold(
    site: dict[str, Path],
    live: Path,
    cold: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    """A cold publish of the content now into an empty folder writes what live holds.

    The cold publishes share a cache of their own (parses and pictures, keyed by
    the bytes they were made from), never the live one's, and never a record.
    """
    publish_with(site, cold, site["cold_cache"], monkeypatch)
    want, got = files_by_name(cold), files_by_name(live)
    assert sorted(got) == sorted(want), step
    differ = [name for name in want if want[name] != got[name]]
    assert differ == [], (step, differ[:10])


# What a build writes (pages, feeds, calendars and their compressed forms); a
# picture or a card is a link to the cache's copy, shared by every site on purpose.
WRITTEN = {".html", ".xml", ".ics", ".json", ".txt", ".br", ".gz"}


def inodes(folder: Path) -> dict[int, str]:
    """Each written file's inode under folder: the file it belongs to."""
    return {
        path.stat().st_ino: str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.suffix in WRITTEN and path.is_file() and not path.is_symlink()
    }


def assert_never_linked_to_live(live: Path, step: str) -> None:
    """The new site shares no written file with the one it replaced (now the
    standby): the build never linked the live site."""
    standby = live.with_name(f".{live.name}.standby")
    shared = set(inodes(live)) & set(inodes(standby))
    assert not shared, (step, sorted(inodes(live)[i] for i in shared)[:5])


def linked_pages(live: Path) -> tuple[int, int]:
    """How many of live's pages are hard links (to the standby before last, which
    waits to be removed), and how many pages there are."""
    pages = list(live.rglob("*.html"))
    return sum(page.stat().st_nlink > 1 for page in pages), len(pages)


def published_twice(
    tmp_path: Path, site: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A live site published twice: the first now stands by, with its record."""
    live = tmp_path / "public" / "site"
    publish_with(site, live, site["live_cache"], monkeypatch)
    publish_with(site, live, site["live_cache"], monkeypatch)
    return live


def records(cache: Path) -> dict[str, bytes]:
    return (
        files_by_name(cache / PUBLISH_RECORDS)
        if (cache / PUBLISH_RECORDS).is_dir()
        else {}
    )


def test_publishes_after_a_series_of_changes_write_what_cold_publishes_write(
    tmp_path: Path, site: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(SEED)  # noqa: S311 (a test series, not a secret)
    live = tmp_path / "public" / "site"
    publish_with(site, live, site["live_cache"], monkeypatch)
    assert records(site["live_cache"]), "the first publish left no record"
    for number, step in enumerate(STEPS):
        for change in step:
            change(rng, site["content"])
        publish_with(site, live, site["live_cache"], monkeypatch)
        cold = tmp_path / f"cold-{number}" / "site"
        names = "+".join(change.__name__ for change in step)
        assert_same_as_cold(site, live, cold, monkeypatch, names)
        if number:  # a standby from the second publish on
            assert_never_linked_to_live(live, names)
    linked, pages = linked_pages(live)
    assert linked > pages // 2, "unchanged pages were copied, not linked"


def test_a_refused_publish_leaves_the_site_and_its_record_then_the_next_is_whole(
    tmp_path: Path, site: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    live = published_twice(tmp_path, site, monkeypatch)
    before, record = files_by_name(live), records(site["live_cache"])
    post = news_and_stories(site["content"])[0]
    good = post.read_text(encoding="utf-8")
    # A change that would be kept, and an error that refuses the publish.
    edit_body(random.Random(SEED), site["content"])  # noqa: S311
    post.write_text(good.replace("Title: ", "Status: maybe\nTitle: ", 1), "utf-8")
    with pytest.raises(TaskError):
        publish_with(site, live, site["live_cache"], monkeypatch)
    assert files_by_name(live) == before
    # Refused before it wrote a page: the standby's record too is as it was.
    assert records(site["live_cache"]) == record
    assert sorted(p.name for p in live.parent.iterdir()) == [
        ".site.standby",
        "site",
        "site.log",
    ]
    post.write_text(good + "\nMended, and changed.\n", encoding="utf-8")
    publish_with(site, live, site["live_cache"], monkeypatch)
    assert_same_as_cold(site, live, tmp_path / "cold" / "site", monkeypatch, "mended")


def test_a_page_missing_from_the_live_site_or_a_damaged_record_is_rendered_again(
    tmp_path: Path, site: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    live = tmp_path / "public" / "site"
    publish_with(site, live, site["live_cache"], monkeypatch)
    # Gone from the live site, still in the record: a post's page and a feed.
    page = sorted(live.glob("news/*/index.html"))[0]
    page.unlink()
    (live / "feeds" / "all.atom.xml").unlink()
    publish_with(site, live, site["live_cache"], monkeypatch)
    assert_same_as_cold(site, live, tmp_path / "cold-1" / "site", monkeypatch, "gone")
    for record in (site["live_cache"] / PUBLISH_RECORDS).glob("*.json"):
        record.write_text("{not json", encoding="utf-8")
    edit_body(random.Random(SEED), site["content"])  # noqa: S311
    publish_with(site, live, site["live_cache"], monkeypatch)
    assert_same_as_cold(site, live, tmp_path / "cold-2" / "site", monkeypatch, "bad")


def test_an_unchanged_page_is_taken_from_the_live_site_and_a_changed_one_is_not(
    tmp_path: Path, site: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    live = tmp_path / "public" / "site"
    publish_with(site, live, site["live_cache"], monkeypatch)
    story = sorted(live.glob("stories/*/index.html"))[0]
    every = [live / "archives" / "index.html", live / "feeds" / "all.atom.xml"]
    for path in [story, *every]:  # marks only a copy of the live bytes can carry
        path.write_bytes(path.read_bytes() + b"<!-- kept -->")
    with news_and_stories(site["content"])[0].open("a", encoding="utf-8") as out:
        out.write("\nA news post edited.\n")
    publish_with(site, live, site["live_cache"], monkeypatch)
    assert story.read_bytes().endswith(b"<!-- kept -->")  # untouched: copied
    # Every post is on the list of all posts and in the feed of all posts.
    assert not any(path.read_bytes().endswith(b"<!-- kept -->") for path in every)


def test_a_standby_swapped_for_a_link_to_the_live_site_lends_nothing(
    tmp_path: Path, site: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    live = published_twice(tmp_path, site, monkeypatch)
    standby = live.with_name(".site.standby")
    shutil.rmtree(standby)
    standby.symlink_to(live.name)  # its record still names every page
    edit_body(random.Random(SEED), site["content"])  # noqa: S311
    publish_with(site, live, site["live_cache"], monkeypatch)
    assert_never_linked_to_live(live, "a link")
    assert_same_as_cold(site, live, tmp_path / "cold" / "site", monkeypatch, "link")
