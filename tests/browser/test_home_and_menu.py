"""The home page leads with a featured story; the menu is one line on a phone."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("width", [375, 1280])
def test_the_menu_fits_on_one_line(browser, served_site, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(served_site + "/")
        links = page.locator("nav[aria-label='Main'] a")
        tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
        assert len(tops) == 1, f"menu on {len(tops)} lines at {width}px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.close()


def test_the_home_page_leads_with_a_featured_story_and_each_section(
    browser, served_site
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(served_site + "/")
        featured = page.locator("section.featured")
        assert featured.locator("img").count() == 1, "with its picture"
        box = featured.bounding_box()
        assert box["y"] < 700, "in the first screen"
        sections = page.locator("section.latest h2").all_inner_texts()
        assert sections[:2] == ["Stories", "Campaigns"]
    finally:
        page.close()


def test_at_320_px_the_menu_may_wrap_but_never_scrolls_sideways(browser, served_site):
    page = browser.new_page(viewport={"width": 320, "height": 800})
    try:
        page.goto(served_site + "/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        page.close()
