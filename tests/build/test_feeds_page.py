"""The feeds page gives every feed's address to copy; no page links to raw XML."""

from __future__ import annotations


def test_every_feed_address_is_in_a_field_and_nothing_links_to_xml(published_site):
    page = published_site.page("feeds/")
    fields = page.xpath("//input[contains(@class,'feed-url')]")
    assert len(fields) >= 5
    for field in fields:
        value = field.get("value")
        assert value.startswith(published_site.siteurl + "/feeds/"), value
        assert value.endswith(".rss.xml")
        path = value.removeprefix(published_site.siteurl + "/")
        assert (published_site.output / path).is_file(), value
        assert field.get("readonly") is not None
        labels = page.xpath(f"//label[@for='{field.get('id')}']")
        assert labels and labels[0].text_content().strip()
        (button,) = page.xpath(f"//button[@data-copy='{field.get('id')}']")
        assert button.get("hidden") is not None, "shown only where JavaScript runs"
    for html in published_site.html_files():
        tree = published_site.page(html.relative_to(published_site.output).as_posix())
        hrefs = tree.xpath("//a/@href")
        assert not [h for h in hrefs if h.endswith((".xml", ".json"))], html
        # <link rel="alternate"> still points feed readers at the XML.
        alternates = tree.xpath("//link[@rel='alternate']/@href")
        assert any(h.endswith("all.rss.xml") for h in alternates), html
