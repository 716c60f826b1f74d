"""The launcher's check, piece by piece: what it reads and what stops it."""

from __future__ import annotations

import dataclasses
import sys
from importlib import metadata
from pathlib import Path

import pytest

from charity_site import unchanged
from charity_site.cache import LIBRARIES, installed_versions
from charity_site.unchanged import (
    BuildRecord,
    Inputs,
    Launch,
    digest_inputs,
    output_digest,
    process_start,
    sources_unchanged,
    still_valid_at_launch,
)
from charity_site_ops.launch import nothing_changed, option
from charity_site_ops.pelican_cli import pelican_command


def test_library_versions_are_what_importlib_metadata_says():
    installed = installed_versions()
    for distribution in metadata.distributions():
        name = distribution.metadata["Name"]
        normalised = name.replace("-", "_").replace(".", "_").lower()
        assert installed.get(normalised) == distribution.version, name
    for name in LIBRARIES:
        metadata.version(name)  # each is installed, so each has a version above


def test_builds_go_through_the_launcher_but_publishes_and_checks():
    assert pelican_command("c", "o", "s.py")[1:3] == ["-m", "charity_site_ops.launch"]
    publish = pelican_command("c", "o", "s.py", "--fatal", "warnings")
    assert publish[1:3] == ["-m", "pelican"]


def test_the_options_it_reads():
    argv = ["content", "-o", "out", "-s", "conf.py", "--log-handler", "plain"]
    assert option(argv, "-o", "--output") == "out"
    assert option(argv, "-s", "--settings") == "conf.py"
    assert option(["content", "-o"], "-o") is None


@pytest.mark.parametrize("unread", ["-r", "--autoreload", "-l", "-v", "--output=out"])
def test_an_option_it_does_not_read_goes_to_pelican(tmp_path, monkeypatch, unread):
    monkeypatch.chdir(tmp_path)
    argv = ["content", "-o", "out", "-s", "conf.py", unread]
    assert nothing_changed(argv, process_start()) is None


def _record(tmp_path: Path) -> tuple[BuildRecord, Path, Path]:
    """A record made now for a tiny site, its output and cache folders."""
    content, theme, output, cache = (
        tmp_path / name for name in ("content", "theme", "out", "cache")
    )
    for folder in (content, theme, output, cache):
        folder.mkdir()
    (content / "post.md").write_text("Title: x\n", encoding="utf-8")
    (output / "index.html").write_text("<p>x</p>", encoding="utf-8")
    logo = tmp_path / "logo.svg"
    inputs = Inputs("settings", str(content), str(theme), (str(logo),))
    launch = Launch(
        process_start(), str(unchanged.PACKAGE), str(cache), (), inputs, None
    )
    record = BuildRecord(
        digest_inputs(inputs),
        output_digest(output),
        2e9,
        replay="Nothing changed\n",
        launch=launch,
    )
    return record, output, cache


def test_a_record_holds_at_launch_only_for_the_same_everything(tmp_path):
    record, output, cache = _record(tmp_path)
    start = process_start()
    assert still_valid_at_launch(record, start, cache, output, 1e9)
    assert not still_valid_at_launch(record, start, cache, output, 3e9)  # later
    other = dataclasses.replace(start, env=(("SITEURL", "x"), *start.env))
    assert not still_valid_at_launch(record, other, cache, output, 1e9)
    assert not still_valid_at_launch(record, start, tmp_path, output, 1e9)
    copy = dataclasses.replace(record.launch, package="/elsewhere/charity_site")
    assert not still_valid_at_launch(
        dataclasses.replace(record, launch=copy), start, cache, output, 1e9
    )
    assert not still_valid_at_launch(
        dataclasses.replace(record, launch=None), start, cache, output, 1e9
    )
    # A file appearing where a setting names one.
    (tmp_path / "logo.svg").write_text("<svg/>", encoding="utf-8")
    assert not still_valid_at_launch(record, start, cache, output, 1e9)


def test_the_clock_a_record_fixed_is_the_one_compared(tmp_path):
    record, output, cache = _record(tmp_path)
    fixed = dataclasses.replace(record.launch, fixed_now=3e9)  # SITE_NOW, later
    record = dataclasses.replace(record, launch=fixed)
    assert not still_valid_at_launch(record, process_start(), cache, output, 1e9)


def test_the_vendored_files_and_the_code_are_inputs(tmp_path, monkeypatch):
    record, _output, _cache = _record(tmp_path)
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    monkeypatch.setattr(unchanged, "VENDOR", vendor)
    before = digest_inputs(record.launch.inputs)
    (vendor / "bundle.js").write_text("x", encoding="utf-8")
    assert digest_inputs(record.launch.inputs) != before
    monkeypatch.setattr(unchanged, "code_fingerprint", lambda: "another")
    assert digest_inputs(record.launch.inputs) != before


def test_a_module_file_edited_is_seen(tmp_path):
    module = tmp_path / "launchconf.py"
    module.write_text("SITENAME = 'a'\n", encoding="utf-8")
    sources = ((str(module), unchanged.digest(module.read_bytes())),)
    assert sources_unchanged(sources)
    module.write_text("SITENAME = 'b'\n", encoding="utf-8")
    assert not sources_unchanged(sources)
    module.unlink()
    assert not sources_unchanged(sources)


def test_a_module_just_changed_is_not_trusted(tmp_path, monkeypatch):
    module = tmp_path / "freshconf.py"
    module.write_text("X = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("freshconf")
    try:
        began = module.stat().st_ctime_ns  # the launcher started as it was saved
        assert unchanged.module_sources(began) is None
        sources = unchanged.module_sources(began + 10 * unchanged.SETTLED_NS)
        assert sources is not None
        assert str(module.resolve()) in dict(sources)
    finally:
        del sys.modules["freshconf"]
