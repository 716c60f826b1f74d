"""Compressed copies are kept by content: a publish redoes only what changed."""

from __future__ import annotations

import brotli
import pytest

from charity_site.hosting import precompress as module
from charity_site.hosting.precompress import precompress


@pytest.fixture
def counted(monkeypatch):
    """Count real brotli compressions (one process, so the count is seen)."""
    calls = []
    real = module.brotlied

    def counting(data: bytes) -> bytes:
        calls.append(data)
        return real(data)

    monkeypatch.setattr(module, "brotlied", counting)
    return calls


def _site(root, pages):
    root.mkdir(exist_ok=True)
    for name, text in pages.items():
        (root / name).write_text(text)
    return root


def test_a_second_publish_reuses_every_unchanged_copy(tmp_path, counted):
    cache = tmp_path / "cache"
    pages = {"a.html": "<p>one</p>" * 50, "b.html": "<p>two</p>" * 50}
    precompress(_site(tmp_path / "one", pages), workers=1, cache=cache)
    assert len(counted) == 2
    counted.clear()
    second = _site(tmp_path / "two", {**pages, "b.html": "<p>changed</p>" * 50})
    precompress(second, workers=1, cache=cache)
    assert counted == [("<p>changed</p>" * 50).encode()]
    for name in ("a.html", "b.html"):
        data = (second / name).read_bytes()
        assert brotli.decompress((second / f"{name}.br").read_bytes()) == data


def test_the_cache_keeps_only_the_last_publish(tmp_path, counted):
    cache = tmp_path / "cache"
    precompress(
        _site(tmp_path / "one", {"a.html": "old " * 80}), workers=1, cache=cache
    )
    precompress(
        _site(tmp_path / "two", {"a.html": "new " * 80}), workers=1, cache=cache
    )
    kept = [p for p in cache.rglob("*") if p.is_file()]
    assert len(kept) == 1
    assert brotli.decompress(kept[0].read_bytes()) == ("new " * 80).encode()


def test_a_damaged_kept_copy_is_made_again_not_served(tmp_path, counted):
    cache = tmp_path / "cache"
    pages = {"a.html": "<p>kept</p>" * 40}
    precompress(_site(tmp_path / "one", pages), workers=1, cache=cache)
    (kept,) = [p for p in cache.rglob("*") if p.is_file()]
    kept.write_bytes(kept.read_bytes()[:-5])
    second = _site(tmp_path / "two", pages)
    precompress(second, workers=1, cache=cache)
    assert len(counted) == 2
    data = (second / "a.html").read_bytes()
    assert brotli.decompress((second / "a.html.br").read_bytes()) == data


def test_an_unwritable_cache_still_compresses(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    site = _site(tmp_path / "site", {"a.html": "<p>x</p>" * 30})
    assert precompress(site, workers=1, cache=blocker) == 1
    data = (site / "a.html").read_bytes()
    assert brotli.decompress((site / "a.html.br").read_bytes()) == data


def test_a_copy_kept_at_another_quality_is_made_again(tmp_path, counted, monkeypatch):
    cache = tmp_path / "cache"
    pages = {"a.html": "<p>the same page</p>" * 60}
    monkeypatch.setattr(module, "BROTLI_QUALITY", 11)
    precompress(_site(tmp_path / "one", pages), workers=1, cache=cache)
    monkeypatch.setattr(module, "BROTLI_QUALITY", 5)
    counted.clear()
    second = _site(tmp_path / "two", pages)
    precompress(second, workers=1, cache=cache)
    assert len(counted) == 1, "a new quality is a new copy, not the old one"
    data = (second / "a.html").read_bytes()
    br = (second / "a.html.br").read_bytes()
    assert brotli.decompress(br) == data
    assert br == brotli.compress(data, quality=5)


def test_a_page_handed_over_with_both_forms_keeps_them(tmp_path, counted):
    """In a publish's new folder, an unchanged page came with the live site's
    forms: kept as they are; one with a single form is compressed afresh."""
    pages = {"kept.html": "<p>kept</p>" * 50, "half.html": "<p>half</p>" * 50}
    site = _site(tmp_path / "site", pages)
    (site / "kept.html.gz").write_bytes(b"the live gzip")
    (site / "kept.html.br").write_bytes(b"the live brotli")
    (site / "half.html.br").write_bytes(b"a lone form")
    assert precompress(site, workers=1, keep_existing=True) == 1
    assert (site / "kept.html.br").read_bytes() == b"the live brotli"
    assert brotli.decompress((site / "half.html.br").read_bytes()) == (
        pages["half.html"].encode()
    )
    assert len(counted) == 1
    assert precompress(site, workers=1) == 2  # without: every page, as before
    assert brotli.decompress((site / "kept.html.br").read_bytes()) == (
        pages["kept.html"].encode()
    )
