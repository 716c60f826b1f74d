"""Every custom setting is read once, by one reader that names the key that failed."""

from __future__ import annotations

import importlib
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from charity_site.cms.settings import CmsSettings
from charity_site.feeds.settings import FeedSettings
from charity_site.pictures.settings import ImageSettings
from charity_site.rules.settings import CheckSettings
from charity_site.settings import BadSetting, limits, read_fields, settable
from support.site import ROOT, SITEURL, small_site

# Each reader of a custom setting, where it is defined. A step that read one of
# these itself would be counted here however it imported it.
READERS = (
    ("charity_site.site_settings", "read_site_settings"),
    ("charity_site.site_settings", "build_mode"),
    ("charity_site.clock", "read_clock_settings"),
    ("charity_site.conventions", "derive_conventions"),
    ("charity_site.rules.settings", "read_check_settings"),
    ("charity_site.brand", "read_brand"),
    ("charity_site.pictures.settings", "read_image_settings"),
    ("charity_site.feeds.settings", "read_feed_settings"),
    ("charity_site.newsletter.form", "read_newsletter"),
    ("charity_site.cms.settings", "read_cms_settings"),
)
# The dict settings the one generic reader reads, and their dataclasses.
DICT_SETTINGS = {
    "CHECKS": CheckSettings,
    "IMAGES": ImageSettings,
    "FEEDS": FeedSettings,
    "CMS": CmsSettings,
}


def count_readers(monkeypatch) -> Counter:
    """Wrap every reader, in every module that holds it, to count its calls."""
    importlib.import_module("charity_site.plugin")  # every step, imported
    counts: Counter = Counter()
    for module_name, name in READERS:
        original = getattr(importlib.import_module(module_name), name)

        def counted(*args, _name=name, _original=original, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        for module in list(sys.modules.values()):
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, counted)
    return counts


@pytest.mark.parametrize("config", ["pelicanconf.py", "publishconf.py"])
def test_a_build_reads_each_setting_once(tmp_path, monkeypatch, config):
    content = small_site(tmp_path / "content")
    (content / "events").mkdir()
    (content / "events" / "fair.md").write_text(
        "Title: Fair\nDate: 2025-05-01\nSummary: A fair.\n"
        "Event_start: 2025-06-01 10:00\nLocation: Online\n\nCome along.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SITE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SITEURL", SITEURL)
    settings = read_settings(
        str(ROOT / config),
        override={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output")},
    )
    counts = count_readers(monkeypatch)
    Pelican(settings).run()
    assert (tmp_path / "output" / "events" / "fair" / "index.html").is_file()
    assert counts == Counter({name: 1 for _module, name in READERS})


@pytest.mark.parametrize(
    ("key", "name"),
    [(key, f.name) for key, kind in DICT_SETTINGS.items() for f in settable(kind)],
)
def test_a_wrong_value_is_reported_under_its_own_key(key, name):
    with pytest.raises(BadSetting) as wrong:
        read_fields({key: {name: {1, 2}}}, key, DICT_SETTINGS[key])
    message = str(wrong.value)
    assert message.startswith(f"{key}['{name}'] is {{1, 2}}: "), message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("checks", "line"),
    [
        (
            {"reading_min_words": "many"},
            "CHECKS['reading_min_words'] is 'many': use a whole number from 0 to",
        ),
        (
            {"sensitive_min_mentions": 0},
            "CHECKS['sensitive_min_mentions'] is 0: use a whole number from 1 to",
        ),
        ({"sensitive_names": "Stop Suicide"}, "CHECKS['sensitive_names'] is 'Stop"),
        (
            {"sensitive_names": [""]},  # would have blanked out every text
            "CHECKS['sensitive_names'][0] is '': remove the empty item",
        ),
        ({"reading_grade": True}, "CHECKS['reading_grade'] is True: use a number"),
        ({"today": "2026-01-01"}, "CHECKS has unknown key(s) today: use "),
        ([("reading_grade", 9)], "CHECKS must be a dict, for example"),
    ],
)
def test_a_wrong_checks_value_is_one_line_at_start_up(checks, line, capsys):
    from charity_site.plugin import validate_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"CHECKS": checks})
    with pytest.raises(SystemExit) as refused:
        validate_settings(SimpleNamespace(settings=settings))
    assert refused.value.code == 1
    (said,) = capsys.readouterr().err.splitlines()
    assert said.startswith(f"pelicanconf.py: error: {line}"), said


@dataclass(frozen=True)
class Example:
    """A setting of every kind the reader reads."""

    count: int = field(default=3, metadata=limits(low=1, high=9))
    ratio: float = 1.5
    name: str = "x"
    on: bool = False
    folder: Path = Path("f")
    words: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    maybe: str | None = None


def test_the_reader_fills_each_kind_and_keeps_defaults_it_was_not_given():
    read = read_fields(
        {
            "X": {
                "count": 9,
                "ratio": 2,
                "on": True,
                "folder": "a/b",
                "words": ["a", "b"],
                "pairs": {"k": "v"},
            }
        },
        "X",
        Example,
    )
    assert read == Example(9, 2.0, "x", True, Path("a/b"), ("a", "b"), (("k", "v"),))
    assert isinstance(read.ratio, float)
    assert read_fields({}, "X", Example) == Example()
    assert read_fields({"X": None}, "X", Example) == Example()


@pytest.mark.parametrize(
    ("given", "line"),
    [
        ({"count": 10}, "X['count'] is 10: use a whole number from 1 to 9"),
        ({"count": True}, "X['count'] is True: use a whole number from 1 to 9"),
        ({"words": ["a", 2]}, "X['words'][1] is 2: write it as text, in quotes"),
        ({"words": "ab"}, "X['words'] is 'ab': use a list"),
        ({"pairs": {"k": 1}}, "X['pairs']['k'] is 1: write it as text, in quotes"),
        ({"on": "yes"}, "X['on'] is 'yes': use True or False"),
        ({"cuont": 1, "nmae": 2}, "X has unknown key(s) cuont, nmae: use count,"),
        ({"count": "y" * 100}, "X['count'] is 'yyy"),
    ],
)
def test_the_reader_names_the_exact_key_and_what_to_write(given, line):
    with pytest.raises(BadSetting) as wrong:
        read_fields({"X": given}, "X", Example)
    message = str(wrong.value)
    assert message.startswith(line), message
    assert len(message) < 160  # a long wrong value is shortened
