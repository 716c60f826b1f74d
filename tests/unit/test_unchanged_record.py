"""When the clock alone changes a preview, and when a record still holds."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from charity_site.clock import Clock
from charity_site.unchanged import BuildRecord, moments_in, next_change, still_valid

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 7, 14, 9, 0, tzinfo=LONDON)
CLOCK = Clock(now=NOW, zone=LONDON)


def at(*parts: int) -> float:
    return datetime(*parts, tzinfo=LONDON).timestamp()


def test_the_next_midnight_when_nothing_is_sooner():
    assert next_change(CLOCK, []) == at(2026, 7, 15)
    assert next_change(CLOCK, [datetime(2025, 1, 1), date(2030, 1, 1)]) == at(
        2026, 7, 15
    )


def test_a_moment_later_today_comes_first_read_in_the_sites_zone():
    naive = datetime(2026, 7, 14, 18, 30)  # as a header writes it: London time
    assert next_change(CLOCK, [naive, date(2026, 7, 20)]) == at(2026, 7, 14, 18, 30)


def test_moments_written_as_text_count():
    found = moments_in(["2026-07-14 10:15", "due 2026-08-01", "no date", 3])
    assert found == [datetime(2026, 7, 14, 10, 15), date(2026, 8, 1)]
    assert moments_in(["2026-02-31"]) == []  # not a day: ignored, not a crash


def test_a_record_holds_only_for_the_same_inputs_and_outputs_before_its_moment():
    record = BuildRecord("in", "out", at(2026, 7, 14, 10))
    assert still_valid(record, "in", "out", NOW)
    assert not still_valid(record, "in2", "out", NOW)
    assert not still_valid(record, "in", "out2", NOW)
    assert not still_valid(
        record, "in", "out", datetime(2026, 7, 14, 10, tzinfo=LONDON)
    )
    assert not still_valid(None, "in", "out", NOW)


def test_a_file_a_setting_names_outside_the_theme_is_part_of_the_inputs(tmp_path):
    from charity_site.unchanged import inputs_digest

    content, theme, brand = tmp_path / "content", tmp_path / "theme", tmp_path / "brand"
    for folder in (content, theme, brand):
        folder.mkdir()
    logo = brand / "logo.svg"
    logo.write_text("<svg/>", encoding="utf-8")
    settings = {"PATH": str(content), "THEME": str(theme), "BRAND": {"logo": str(logo)}}
    before = inputs_digest(settings)
    assert inputs_digest(settings) == before
    logo.write_text('<svg width="2"/>', encoding="utf-8")
    assert inputs_digest(settings) != before


def test_a_template_in_a_folder_of_theme_overrides_is_part_of_the_inputs(tmp_path):
    # THEME_TEMPLATES_OVERRIDES names folders, not files: each template in them
    # counts by its bytes, as the theme's own do.
    from charity_site.unchanged import inputs_digest

    content, theme, overrides = (tmp_path / n for n in ("content", "theme", "over"))
    for folder in (content, theme, overrides):
        folder.mkdir()
    page = overrides / "page.html"
    page.write_text("{% extends '!theme/page.html' %}", encoding="utf-8")
    settings = {
        "PATH": str(content),
        "THEME": str(theme),
        "THEME_TEMPLATES_OVERRIDES": [str(overrides)],
    }
    before = inputs_digest(settings)
    assert inputs_digest(settings) == before
    page.write_text("{% extends '!theme/page.html' %}{# changed #}", encoding="utf-8")
    assert inputs_digest(settings) != before
    (overrides / "article.html").write_text("new", encoding="utf-8")
    assert inputs_digest(settings) != before


def test_after_an_edit_the_output_folder_is_not_looked_over(tmp_path, monkeypatch):
    # Every save's build: the inputs differ, so the look at every output file
    # (70 ms at 1,000 posts) is not paid for; with the same inputs it is.
    from charity_site import unchanged

    looked: list[object] = []
    monkeypatch.setattr(unchanged, "output_digest", lambda o: looked.append(o) or "out")
    record = BuildRecord("in", "out", NOW.timestamp() + 60)
    assert not unchanged.holds_for(record, "edited", tmp_path, NOW)
    assert looked == []
    assert unchanged.holds_for(record, "in", tmp_path, NOW)
    assert looked == [tmp_path]
