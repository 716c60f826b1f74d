"""A picture named with a space and an accent: on a 375 px phone Chromium loads
its small WebP, never the large JPEG (an unencoded space in srcset made the
browser drop the whole set and fall back to src)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from PIL import Image

from support.server import free_port, serve
from support.site import build, small_site

NAME = "My photo é"
POST = """Title: By the river
Date: 2025-05-01
Summary: A walk, with a photo whose name has a space and an accent.
Image: {{static}}/images/{name}.jpg
Image_alt: The river at dawn

By the water.

![The river again](<{{static}}/images/{name}.jpg>)
"""


@pytest.fixture(scope="module")
def river_site(tmp_path_factory):
    """A small site with one post using the awkwardly named picture, served."""
    work = tmp_path_factory.mktemp("picture-addresses")
    content = small_site(work / "content")
    (content / "images").mkdir()
    Image.new("RGB", (2000, 1300), (40, 90, 150)).save(
        content / "images" / f"{NAME}.jpg"
    )
    (content / "news" / "river.md").write_text(POST.format(name=NAME), "utf-8")
    port = free_port()
    site = build(
        content, work / "site", "publishconf.py", siteurl=f"http://127.0.0.1:{port}"
    )
    assert site.returncode == 0, site.log
    with serve(site.output, port) as url:
        yield url


def test_a_phone_loads_the_small_webp_of_an_awkwardly_named_picture(
    browser, river_site
):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        tab = context.new_page()
        pictures: list[str] = []
        tab.on(
            "requestfinished",
            lambda request: (
                request.resource_type == "image"
                and pictures.append(unquote(request.url))
            ),
        )
        tab.goto(f"{river_site}/news/river/", wait_until="load")
        # The lazy body picture too: scrolled into view, then settled.
        tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        tab.wait_for_function(
            "[...document.querySelectorAll('main img')].every(i => i.complete)"
        )
        shown = tab.evaluate(
            "[...document.querySelectorAll('main picture img')]"
            ".map(i => [i.currentSrc, i.naturalWidth])"
        )
    finally:
        context.close()
    assert len(shown) == 2
    for address, width in shown:
        name = unquote(address)
        assert f"/images/{NAME}-480w." in name and name.endswith(".webp"), name
        assert width > 0  # decoded: the file was found at its encoded address
    ours = [p for p in pictures if f"/images/{NAME}" in p]
    assert ours and all(p.endswith(".webp") for p in ours), ours
