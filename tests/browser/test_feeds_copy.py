"""On the feeds page, Copy puts the feed's full address on the clipboard."""

from __future__ import annotations


def test_copy_puts_the_full_address_on_the_clipboard(browser, served_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(f"{served_site}/feeds/")
        field = page.locator("input.feed-url").first
        button = page.locator(f"button[data-copy='{field.get_attribute('id')}']")
        assert button.is_visible()
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
        button.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == f"{served_site}/feeds/all.rss.xml"
        assert page.locator("#copy-status").inner_text() == f"Copied: {copied}"
    finally:
        context.close()
