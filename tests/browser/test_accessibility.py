"""Every page type in a real Chromium: axe (WCAG 2.2 A/AA), keyboard, reflow, help link.

Screenshots of every page type, in both colour schemes and at both widths, are
written to the artefacts folder the test summary names.
"""

from __future__ import annotations

import itertools
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGE_TYPES = {
    "home": "/",
    "feeds": "/feeds/",
    "article": "/news/volunteering-with-us/",
    "article-sensitive": "/campaigns/stop-suicide-chronic-pain/",
    "event": "/events/good-mood-cafe-st-neots/",
    "page": "/about/",
    "get-help": "/get-help/",
    "newsletter": "/newsletter/",
    "section": "/news/",
    "tag": "/tags/cpslmind/",
    "tags": "/tags/",
    "author": "/authors/allan-hughes/",
    "archives": "/archives/",
    "404": "/no-such-page/",
}
# Preview-only pages (never published): the desk, a page with a problem banner,
# and the stand-in of a post that could not be built.
PREVIEW_PAGES = {
    "desk": "/_desk/",
    "banner": "/news/dense/",
    "banner-page": "/sleep/",
    "not-built": "/news/bad-date/",
}
WIDTHS = {"mobile": 375, "desktop": 1280}
SCHEMES = ("light", "dark")
# WCAG A and AA, and axe's best practices (unique landmark names, one main, all
# content in landmarks, headings in order...). Only violations are collected:
# axe is quicker when it need not list what passed.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "resultTypes": ["violations"],
}
AXE = Axe()


@pytest.fixture
def page(tab):
    """Every test here only loads pages and reads them: they share one tab."""
    return tab


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )


def axe_every_way(
    page, url: str, artifacts, name: str, check=None
) -> tuple[dict[str, str], set[str]]:
    """axe on one page at both widths in both colour schemes, loaded once and
    screenshotted each way: the violations found, by way, and the hosts asked.

    The page is loaded once and then resized and re-coloured, as a reader's
    phone turns or their system theme changes; axe reads the styles afresh on
    each run. check(page), when given, runs each way too.
    """
    hosts: set[str] = set()

    def note_host(request) -> None:
        hosts.add(urlsplit(request.url).netloc)

    page.on("request", note_host)
    try:
        found = look_every_way(page, url, artifacts, name, check)
    finally:
        page.remove_listener("request", note_host)
    return found, hosts


def look_every_way(page, url: str, artifacts, name: str, check) -> dict[str, str]:
    found = {}
    for number, (width, scheme) in enumerate(itertools.product(WIDTHS, SCHEMES)):
        page.set_viewport_size({"width": WIDTHS[width], "height": 900})
        page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
        if number == 0:
            page.goto(url)
            page.evaluate(AXE.axe_script)
        if check:
            check(page)
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        shot = artifacts / f"{name}-{width}-{scheme}.jpeg"
        page.screenshot(path=shot, full_page=True, quality=80)
        if results["violations"]:
            found[f"{width}-{scheme}"] = describe(results["violations"])
    # The full-page screenshots have brought every lazy picture in; anything
    # still to come arrives before the network is quiet.
    page.wait_for_load_state("networkidle")
    return found


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_finds_nothing_and_no_request_leaves_the_site(
    page, served_site, artifacts, name
):
    found, hosts = axe_every_way(page, served_site + PAGE_TYPES[name], artifacts, name)
    assert found == {}, found
    assert hosts == {urlsplit(served_site).netloc}


def banner_is_styled(page) -> None:
    """The preview stylesheet is there: the banner is styled, not bare."""
    background = page.eval_on_selector(
        ".preview-problems", "e => getComputedStyle(e).backgroundColor"
    )
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


@pytest.mark.parametrize("name", PREVIEW_PAGES)
def test_preview_pages_pass_axe(page, served_preview, artifacts, name):
    check = None if name == "desk" else banner_is_styled
    url = served_preview + PREVIEW_PAGES[name]
    found, hosts = axe_every_way(page, url, artifacts, f"preview-{name}", check)
    assert found == {}, found
    assert hosts == {urlsplit(served_preview).netloc}


@pytest.mark.parametrize("name", PREVIEW_PAGES)
def test_preview_pages_reflow_at_320_px(page, served_preview, name):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(served_preview + PREVIEW_PAGES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_structure_headings_and_landmarks(page, served_site, name):
    page.goto(served_site + PAGE_TYPES[name])
    assert page.locator("h1").count() == 1
    levels = page.eval_on_selector_all(
        "h1,h2,h3,h4,h5,h6", "els => els.map(e => Number(e.tagName[1]))"
    )
    assert levels[0] == 1
    jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert jumps == [], levels
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, landmark
    assert page.locator("html").get_attribute("lang") == "en-GB"


@pytest.mark.parametrize("name", ["home", "article-sensitive", "tag", "404"])
def test_first_tab_is_the_skip_link_and_enter_moves_focus_to_main(
    page, served_site, name
):
    page.goto(served_site + PAGE_TYPES[name])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "shown when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_pages_reflow_at_320_px_without_sideways_scrolling(page, served_site, name):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(served_site + PAGE_TYPES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("width", WIDTHS)
def test_get_help_link_stands_in_the_same_place_on_every_page(page, served_site, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    places = set()
    for path in PAGE_TYPES.values():
        page.goto(served_site + path)
        link = page.locator("header a.get-help")
        assert link.inner_text() == "Get help now"
        assert urlsplit(link.get_attribute("href")).path == "/get-help/"
        box = link.bounding_box()
        places.add((round(box["x"]), round(box["y"])))
    assert len(places) == 1, places


def test_pages_work_with_javascript_off(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(served_site + "/")
    tab.get_by_role("link", name="News", exact=True).first.click()
    assert tab.locator("h1").inner_text() == "News"
    tab.locator("main .card-title a").first.click()
    assert tab.locator("main article h1").count() == 1
    context.close()
