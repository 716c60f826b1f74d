"""Files taken from an immutable cache, walked, or handed over by a publish."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from charity_site.files import from_cache
from charity_site.files.from_cache import place_from_cache
from charity_site.files.walk import files_under
from charity_site.writer.handover import link_with_forms, take_compressed


def test_a_cache_entry_is_linked_and_a_replaced_entry_leaves_the_link(
    tmp_path: Path,
) -> None:
    entry = tmp_path / "cache" / "abc.jpg"
    entry.parent.mkdir()
    entry.write_bytes(b"card one")
    target = tmp_path / "site" / "card.jpg"
    target.parent.mkdir()
    place_from_cache(entry, target)
    assert target.samefile(entry)
    # The cache replaces an entry by a rename, never in place: the site keeps its bytes.
    fresh = entry.with_name("new.part")
    fresh.write_bytes(b"card two")
    fresh.replace(entry)
    assert target.read_bytes() == b"card one"
    place_from_cache(entry, target)  # over a file there already: whole
    assert target.read_bytes() == b"card two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["card.jpg"]


def test_a_cache_on_another_disk_is_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = tmp_path / "entry.jpg"
    entry.write_bytes(b"picture")

    def cross_device(_source: object, _target: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(from_cache.os, "link", cross_device)
    target = tmp_path / "out.jpg"
    place_from_cache(entry, target)
    assert target.read_bytes() == b"picture"
    assert not target.samefile(entry)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.jpg", "out.jpg"]


def test_a_missing_cache_entry_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        place_from_cache(tmp_path / "gone.jpg", tmp_path / "out.jpg")
    assert list(tmp_path.iterdir()) == []


def test_every_file_is_walked_with_its_folder_s_names(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "skip").mkdir()
    for name in ("index.html", "a/page.html", "a/page.html.br", "a/b/x.css"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "skip" / "secret.html").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "link.html").symlink_to(tmp_path / "index.html")
    (tmp_path / "linked-folder").symlink_to(tmp_path / "a", target_is_directory=True)
    found = {
        name: names for name, _e, names in files_under(tmp_path, frozenset({"skip"}))
    }
    assert sorted(found) == [
        "a/b/x.css",
        "a/link.html",
        "a/page.html",
        "a/page.html.br",
        "index.html",  # a link to a folder is neither walked nor named
    ]
    assert "page.html.br" in found["a/page.html"]


def old_and_new(tmp_path: Path, old: str, *names: str) -> tuple[Path, Path]:
    """A folder named old holding names (each file's bytes its name), and an
    empty new one."""
    source, new = tmp_path / old, tmp_path / "new"
    source.mkdir()
    new.mkdir()
    for name in names:
        (source / name).write_bytes(name.encode())
    return source, new


def test_a_standby_file_is_linked_with_both_forms_or_none(tmp_path: Path) -> None:
    names = ("a.html", "a.html.gz", "a.html.br", "b.html", "b.html.gz")
    standby, new = old_and_new(tmp_path, "standby", *names)
    assert link_with_forms(standby / "a.html", new / "a.html")
    assert all(
        (new / n).samefile(standby / n) for n in ("a.html", "a.html.gz", "a.html.br")
    )
    assert link_with_forms(standby / "b.html", new / "b.html")  # its .br is missing
    assert (new / "b.html").is_file()
    assert not (new / "b.html.gz").exists()  # so the publish compresses it afresh
    assert not link_with_forms(standby / "gone.html", new / "gone.html")
    assert sorted(p.name for p in new.iterdir()) == [
        "a.html",
        "a.html.br",
        "a.html.gz",
        "b.html",
    ]


def test_a_live_page_s_forms_are_copied_both_or_none(tmp_path: Path) -> None:
    names = ("a.html", "a.html.gz", "a.html.br", "b.html", "b.html.br")
    live, new = old_and_new(tmp_path, "live", *names)
    take_compressed(live / "a.html", new / "a.html")
    take_compressed(live / "b.html", new / "b.html")
    assert sorted(p.name for p in new.iterdir()) == ["a.html.br", "a.html.gz"]
    assert (new / "a.html.br").read_bytes() == b"a.html.br"
    assert not (new / "a.html.br").samefile(live / "a.html.br")  # copied, not linked


def test_a_kept_page_written_again_loses_the_forms_of_its_old_bytes(
    tmp_path: Path,
) -> None:
    """Pelican may write a page a second time (override); in a publish, the
    compressed forms the kept page came with would then be of the old bytes."""
    from charity_site.writer.writer import SiteWriter

    page = tmp_path / "index.html"
    for name in ("index.html", "index.html.gz", "index.html.br", "other.html.br"):
        (tmp_path / name).write_bytes(b"old")
    writer = SiteWriter(str(tmp_path), settings={"OUTPUT_PATH": str(tmp_path)})
    writer.publishing = True
    writer._written_files.add(str(page))  # kept: linked with its forms
    with writer._open_w(str(page), "utf-8", override=True) as out:
        out.write("new")
    assert page.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "other.html.br"]
