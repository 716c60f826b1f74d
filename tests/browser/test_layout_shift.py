"""Pictures reserve their box before they load: no layout shift, portrait or
landscape, at 375 and 1,280 px, with every picture request held back."""

from __future__ import annotations

import time

import pytest
from PIL import Image

from support.server import free_port, serve
from support.site import build, small_site

POST = """Title: {title}
Date: 2025-05-0{day}
Summary: A post with a {shape} picture at the top.
Image: {{static}}/images/{name}.jpg
Image_alt: A plain {shape} picture
{extra}
Some words under the picture, enough to be pushed down if it shifted.
"""
# Sum the layout shifts of the whole load, as Lighthouse's CLS does.
CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) total += entry.value;
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


@pytest.fixture(scope="module")
def pictured_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("shift")
    content = work / "content"
    small_site(content)
    images = content / "images"
    images.mkdir()
    Image.new("RGB", (1600, 1000), (40, 90, 150)).save(images / "wide.jpg")
    Image.new("RGB", (900, 1600), (150, 90, 40)).save(images / "tall.jpg")
    (content / "events").mkdir(exist_ok=True)
    for folder, name, shape, day, extra in (
        ("news", "wide", "landscape", 1, ""),
        ("news", "tall", "portrait", 2, ""),
        ("events", "wide", "landscape", 3, "Event_start: 2030-05-01 10:00\n"),
    ):
        (content / folder / f"{name}-post.md").write_text(
            POST.format(title=f"A {shape} {folder}", day=day, shape=shape, name=name,
                        extra=extra),
            encoding="utf-8",
        )  # fmt: skip
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    site = build(content, work / "site", "publishconf.py", siteurl=base)
    assert site.returncode == 0, site.log
    with serve(site.output, port) as url:
        yield url


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize(
    "address", ["/news/wide-post/", "/news/tall-post/", "/events/wide-post/", "/"]
)
def test_no_layout_shift_while_pictures_load(browser, pictured_site, address, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()

    def slowly(route):
        time.sleep(0.4)  # the page is laid out long before any picture arrives
        route.continue_()

    page.route("**/*.{webp,jpg,png}", slowly)
    try:
        page.goto(pictured_site + address, wait_until="load")
        pictures = page.locator("main img")
        assert pictures.count() >= 1
        assert page.evaluate(CLS) == 0
        for index in range(pictures.count()):
            picture = pictures.nth(index)
            box = picture.bounding_box()
            natural = picture.evaluate("i => i.naturalWidth / i.naturalHeight")
            fit = picture.evaluate("i => getComputedStyle(i).objectFit")
            if fit != "cover":  # a card's thumbnail is cropped to its box, not squashed
                assert abs(box["width"] / box["height"] - natural) < 0.02, "stretched"
            if "tall" in address and index == 0:
                assert box["height"] <= 513, "a portrait hero is no taller than 32rem"
    finally:
        context.close()
