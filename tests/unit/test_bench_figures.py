"""The build benchmark's pure helpers: medians with lost saves, and target verdicts."""

from __future__ import annotations

import sys

import pytest

from support.site import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from build_speed import figures
from edit_to_browser import EditTimes

ALL_MEASURED = {
    "edit_to_browser_s": 0.2,
    "two_saves_s": 0.3,
    "no_change_s": 0.4,
    "full_vs_stock": 1.2,
    "full_cpu_vs_stock": 1.9,
    "publish_cpu_vs_preview": 1.4,
    "publish_one_edit_s": 2.5,
    "peak_mb": 250.0,
    "full_vs_hugo": 8.0,
    "stock_edit_to_browser_s": 4.0,
    "hugo_edit_to_browser_s": 0.5,
}


def verdicts(posts: int, values: dict) -> dict:
    return {row["name"]: row["met"] for row in figures(posts, values)}


def test_a_lost_save_counts_as_infinitely_slow_in_the_median():
    times = EditTimes("ours", edits=[0.1, None, None], doubles=[None, 0.2])
    assert times.median == float("inf")
    assert times.median_double == float("inf")
    assert times.lost() == 3
    assert times.summary()["median_s"] is None


def test_no_save_measured_has_no_median():
    assert EditTimes("hugo server").median is None


def test_targets_are_judged_at_1000_posts_and_memory_at_3000():
    at_1000 = verdicts(1000, ALL_MEASURED)
    assert at_1000["edit_to_browser_s"] is True
    assert at_1000["peak_mb"] is None  # memory is checked at 3,000 posts
    assert at_1000["full_vs_hugo"] is None  # shown, no target
    assert set(verdicts(100, ALL_MEASURED).values()) == {None}
    assert verdicts(3000, ALL_MEASURED)["peak_mb"] is True


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("edit_to_browser_s", 0.51),
        ("edit_to_browser_s", float("inf")),  # a save that never showed
        ("no_change_s", 0.6),
        ("full_vs_stock", 1.6),
        ("full_cpu_vs_stock", 2.1),
        ("publish_cpu_vs_preview", 1.6),
        ("publish_one_edit_s", 3.2),
    ],
)
def test_a_figure_over_its_target_is_a_miss(name, value):
    assert verdicts(1000, {**ALL_MEASURED, name: value})[name] is False


def test_peak_memory_must_stay_under_its_ceiling():
    assert verdicts(3000, {**ALL_MEASURED, "peak_mb": 300.0})["peak_mb"] is False


def test_a_figure_not_measured_is_neither_met_nor_missed():
    assert verdicts(1000, {**ALL_MEASURED, "no_change_s": None})["no_change_s"] is None
