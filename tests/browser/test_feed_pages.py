"""A feed opened in a browser reads as a page (XSL), and the /feeds/ page."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe


def test_a_feed_opened_in_the_browser_is_a_readable_page(page, served_site):
    for path in ("/feeds/all.rss.xml", "/feeds/tags/cpslmind.atom.xml"):
        page.goto(served_site + path)
        heading = page.locator("h1")
        assert heading.inner_text().startswith("CPSL Mind:")
        assert "This is a feed" in page.locator("main").inner_text()
        explained = page.get_by_role("link", name="What feeds are and how to use them")
        assert explained.get_attribute("href") == served_site + "/feeds/"
        links = page.locator("main li a")
        assert links.count() >= 2
        assert links.first.get_attribute("href").startswith(served_site + "/")


def test_the_feeds_page_explains_and_passes_axe(page, served_site):
    page.goto(served_site + "/feeds/")
    assert page.locator("h1").inner_text() == "Feeds"
    # The XSL view is an extra: a feed's address opened directly still reads.
    address = page.locator("input.feed-url").first.input_value()
    page.goto(address)
    assert page.locator("h1").inner_text() == "CPSL Mind: all posts"
    page.goto(served_site + "/feeds/")
    options = {
        "runOnly": {
            "type": "tag",
            "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"],
        }
    }
    assert Axe().run(page, options=options).response["violations"] == []
