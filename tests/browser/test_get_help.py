"""On the get-help page each number is the thing a thumb taps, and 999 stands apart."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest


@pytest.mark.parametrize("width", [375, 1280])
def test_each_number_is_a_44px_tap_target_and_the_emergency_line_stands_apart(
    browser, served_site, width
):
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(f"{served_site}/get-help/")
        box = page.locator("#support")
        taps = box.locator("a.tap")
        hrefs = [taps.nth(i).get_attribute("href") for i in range(taps.count())]
        assert {"tel:999", "tel:116123", "tel:111"} <= set(hrefs)
        assert any(h.startswith("sms:85258") for h in hrefs)
        for index in range(taps.count()):
            tap = taps.nth(index)
            size = tap.bounding_box()
            assert size["width"] >= 44 and size["height"] >= 44, tap.inner_text()
            assert any(ch.isdigit() for ch in tap.inner_text()), (
                "the number is the link"
            )
        # 999 comes first, outside the list of other lines, with space around it.
        emergency = box.locator(".emergency a.tap")
        assert emergency.get_attribute("href") == "tel:999"
        assert box.locator("ul a[href='tel:999']").count() == 0
        first_other = box.locator("ul a.tap").first.bounding_box()
        gap = first_other["y"] - (
            emergency.bounding_box()["y"] + emergency.bounding_box()["height"]
        )
        assert gap >= 24, f"999 is {gap:.0f}px from the next button"
        assert urlsplit(page.url).path == "/get-help/"
    finally:
        page.close()
