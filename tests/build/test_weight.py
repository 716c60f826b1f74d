"""Light pages: HTML + CSS + JS of the home and an article fit the first round trip."""

from __future__ import annotations

import pytest
from page_weight import BUDGET_BYTES, page_weight

from support.site import ROOT


@pytest.mark.parametrize(
    "url",
    [
        "",
        "news/co-production-week-2025/",
        "campaigns/stop-suicide-chronic-pain/",
        "events/good-mood-cafe-st-neots/",
        "newsletter/",
        "feeds/",
        "tags/cpslmind/",
    ],
)
def test_home_and_articles_fit_in_14_kb_compressed(published_site, url):
    weight = page_weight(
        published_site.file_for(url),
        published_site.output,
        siteurl=published_site.siteurl,
    )
    assert weight["missing"] == []
    assert weight["gzip_total"] <= BUDGET_BYTES, weight


def test_no_page_loads_scripts_fonts_or_third_party_files(published_site):
    for path in published_site.html_files():
        tree = published_site.page(path.relative_to(published_site.output).as_posix())
        # No JavaScript but the feeds page's small Copy buttons (the page works
        # without them): every other <script> is JSON-LD data.
        scripts = tree.xpath("//script[not(@type='application/ld+json')]/@src")
        address = path.relative_to(published_site.output).as_posix()
        if address == "feeds/index.html":
            assert scripts == [f"{published_site.siteurl}/theme/copy.js"], scripts
        else:
            assert scripts == [], (path, scripts)
        assert not tree.xpath("//link[@rel='stylesheet' or @rel='preload']"), path
        for src in tree.xpath("//img/@src | //source/@srcset | //iframe/@src"):
            assert src.startswith(published_site.siteurl), (path, src)
    css = (ROOT / "theme" / "templates" / "partials" / "site.css").read_text(
        encoding="utf-8"
    )
    assert "@font-face" not in css and "url(" not in css, (
        "system fonts, no fetched assets"
    )
