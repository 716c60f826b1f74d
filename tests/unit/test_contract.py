"""The content contract, the scaffold and the writing guide agree."""

from __future__ import annotations

import re

from charity_site.contract import FIELDS, fields_for
from charity_site.rules.per_file import KNOWN_KEYS
from support.site import ROOT


def test_the_writing_guide_describes_every_header_field():
    guide = (ROOT / "docs" / "writing.md").read_text(encoding="utf-8")
    table = {
        key
        for row in re.findall(r"^\| (`[^|]+) \|", guide, flags=re.MULTILINE)
        for key in re.findall(r"`(\w+)`", row)
    }
    assert {field.key for field in FIELDS} <= table


def test_the_checks_know_exactly_the_contract_fields():
    assert set(KNOWN_KEYS.values()) == {field.key for field in FIELDS}


def test_each_kind_of_file_gets_its_own_fields():
    def keys(section, is_page=False):
        return {f.key for f in fields_for(section, is_page=is_page)}

    assert "Consent" in keys("stories") and "Consent" not in keys("news")
    assert "Event_start" in keys("events") and "Event_start" not in keys("stories")
    assert "Date" not in keys(None, is_page=True)
    assert {"Menu_order", "Intro_for"} <= keys(None, is_page=True)
    assert "Menu_order" not in keys("news")
