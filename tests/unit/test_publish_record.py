"""The record of a publish: put in the cache only once its site is live."""

from __future__ import annotations

from pathlib import Path

import pytest

from charity_site.writer.handover import (
    Pending,
    read_pending,
    read_record,
    record_path,
    write_pending,
)
from charity_site_ops import publishing


def _site(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    return folder


def test_a_record_is_kept_by_the_target_and_read_back(tmp_path: Path) -> None:
    record = record_path(tmp_path / "cache", tmp_path / "public" / "site")
    assert record == record_path(tmp_path / "cache", tmp_path / "public" / "site")
    assert record != record_path(tmp_path / "cache", tmp_path / "public" / "other")
    pending = tmp_path / "pending.record"
    write_pending(pending, Pending(record, {"index.html": "k1"}))
    assert read_pending(pending) == Pending(record, {"index.html": "k1"})
    standby = Pending(record, {"a": "1"}, tmp_path / "standby.json", {"a": "0"})
    write_pending(pending, standby)
    assert read_pending(pending) == standby


@pytest.mark.parametrize("text", ["", "{not json", "[]", '{"pages": 3}'])
def test_a_damaged_record_is_no_record(tmp_path: Path, text: str) -> None:
    record = tmp_path / "record.json"
    record.write_text(text, encoding="utf-8")
    assert read_record(record) == {}
    assert read_record(tmp_path / "missing.json") == {}
    assert read_pending(record) is None


def test_the_swap_replaces_the_record_and_a_failed_swap_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _site(tmp_path / "public" / "site", "old")
    record = tmp_path / "cache" / "record.json"
    write_pending(record, Pending(record, {"index.html": "old"}))  # the last's
    fresh = publishing.make_temporary(target)
    (fresh / "index.html").write_text("new", encoding="utf-8")
    write_pending(
        publishing.pending_record_path(fresh), Pending(record, {"index.html": "new"})
    )
    assert publishing.swap_in_recorded(fresh, target) in {"exchange", "symlink"}
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert read_record(record) == {"index.html": "new"}

    def failing(_fresh: Path, _target: Path) -> str:
        raise OSError("the swap failed")

    monkeypatch.setattr(publishing, "swap_in", failing)
    again = publishing.make_temporary(target)
    write_pending(publishing.pending_record_path(again), Pending(record, {"a": "b"}))
    with pytest.raises(OSError):
        publishing.swap_in_recorded(again, target)
    # The old record went before the swap: no record, never one for a site
    # that is not live (the next publish renders every page).
    assert not record.exists()
    assert (target / "index.html").read_text(encoding="utf-8") == "new"


def _pending_with_standby(fresh: Path, cache: Path, pages: dict[str, str]) -> Path:
    """The pending record a build into fresh leaves; where the standby's goes."""
    standby_record = cache / "standby.json"
    write_pending(
        publishing.pending_record_path(fresh),
        Pending(cache / "live.json", {"index.html": "new"}, standby_record, pages),
    )
    return standby_record


def test_the_replaced_site_becomes_the_standby_with_its_record(tmp_path: Path) -> None:
    target = tmp_path / "public" / "site"
    cache = tmp_path / "cache"
    standby = publishing.standby_path(target)
    # The first publish replaces nothing: no standby, no record for one.
    fresh = _site(tmp_path / "public" / ".site.publish-one", "first")
    record = _pending_with_standby(fresh, cache, {"index.html": "k0"})
    assert publishing.swap_in_recorded(fresh, target) == "rename"
    assert not standby.exists() and not record.exists()
    # The second: the first site stands by, under the record of what it holds.
    fresh = publishing.make_temporary(target)
    (fresh / "index.html").write_text("second", encoding="utf-8")
    record = _pending_with_standby(fresh, cache, {"index.html": "k1"})
    publishing.swap_in_recorded(fresh, target)
    assert (standby / "index.html").read_text(encoding="utf-8") == "first"
    assert read_record(record) == {"index.html": "k1"}
    assert not fresh.exists()
    # The third: the standby before it waits, renamed, for the next sweep.
    fresh = publishing.make_temporary(target)
    (fresh / "index.html").write_text("third", encoding="utf-8")
    _pending_with_standby(fresh, cache, {"index.html": "k2"})
    publishing.swap_in_recorded(fresh, target)
    assert (standby / "index.html").read_text(encoding="utf-8") == "second"
    # (beside the pending records, which the publish removes after the swap)
    (retired,) = [p for p in publishing.leftovers(target) if p.is_dir()]
    assert (retired / "index.html").read_text(encoding="utf-8") == "first"
    assert read_record(record) == {"index.html": "k2"}


def test_a_symlinked_target_s_old_release_becomes_the_standby(tmp_path: Path) -> None:
    target = tmp_path / "site"
    release = _site(tmp_path / ".site.release-old", "old")
    target.symlink_to(release.name)
    fresh = publishing.make_temporary(target)
    (fresh / "index.html").write_text("new", encoding="utf-8")
    record = _pending_with_standby(fresh, tmp_path / "cache", {"index.html": "k"})
    assert publishing.swap_in_recorded(fresh, target) == "symlink"
    standby = publishing.standby_path(target)
    assert not standby.is_symlink()
    assert (standby / "index.html").read_text(encoding="utf-8") == "old"
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert read_record(record) == {"index.html": "k"}


@pytest.mark.parametrize("odd", ["file", "link"])
def test_a_standby_that_is_not_a_folder_is_replaced(tmp_path: Path, odd: str) -> None:
    target = _site(tmp_path / "site", "old")
    standby = publishing.standby_path(target)
    if odd == "file":
        standby.write_text("not a site", encoding="utf-8")
    else:
        standby.symlink_to(target.name)  # would lead a build to the live site
    fresh = publishing.make_temporary(target)
    (fresh / "index.html").write_text("new", encoding="utf-8")
    _pending_with_standby(fresh, tmp_path / "cache", {"index.html": "k"})
    publishing.swap_in_recorded(fresh, target)
    assert standby.is_dir() and not standby.is_symlink()
    assert (standby / "index.html").read_text(encoding="utf-8") == "old"
    for leftover in publishing.leftovers(target):
        publishing.discard(leftover)
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".site.standby",
        "cache",
        "site",
    ]
