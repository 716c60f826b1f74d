"""Picture addresses with spaces and accents: every src, srcset and preview-card
address is percent-encoded once, and each one names a file the build wrote."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from support.images import gps_photo
from support.site import Build, build_here, small_site

NAME = "My photo é.jpg"
POST = """Title: A walk by the river
Date: 2025-05-01
Summary: A walk, with a photo whose name has a space and an accent.
Image: {{static}}/images/{name}
Image_alt: The river at dawn

By the water.

![The river again](<{{static}}/images/{name}>)

![Written encoded]({{static}}/images/My%20photo%20%C3%A9.jpg)

[The whole photo](<{{static}}/images/{name}>)
"""


def write_site(content: Path) -> None:
    """The small site and one post using an awkwardly named picture three ways."""
    small_site(content)
    (content / "images").mkdir()
    gps_photo(content / "images" / NAME)
    (content / "news" / "river.md").write_text(POST.format(name=NAME), "utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Build:
    """The site built for publishing."""
    root = tmp_path_factory.mktemp("picture-addresses")
    write_site(root / "content")
    built = build_here(root / "content", root / "site", "publishconf.py")
    assert built.returncode == 0, built.log
    return built


def _candidates(srcset: str) -> list[str]:
    """The addresses of a srcset, split as browsers split it (on ', ')."""
    found = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        # A browser reads "address descriptor": a space inside the address
        # would leave three parts, and the candidate is dropped.
        assert len(parts) == 2, f"a srcset candidate browsers reject: {candidate!r}"
        found.append(parts[0])
    return found


def _file(site: Build, address: str) -> Path:
    path = urlsplit(address).path
    return site.output / unquote(path).removeprefix("/")


def _assert_encoded_once(site: Build, address: str) -> None:
    path = urlsplit(address).path
    assert " " not in address and address.isascii(), address
    assert "%25" not in address, f"encoded twice: {address}"
    assert _file(site, address).is_file(), f"no file at {address}"
    assert "My%20photo%20%C3%A9" in path


def test_every_picture_address_is_percent_encoded_once(site):
    page = site.page("news/river/")
    pictures = page.xpath("//main//picture")
    assert len(pictures) == 3  # the hero and both body pictures
    for picture in pictures:
        img = picture.xpath(".//img")[0]
        addresses = [img.get("src")]
        addresses += _candidates(img.get("srcset"))
        addresses += _candidates(picture.xpath(".//source")[0].get("srcset"))
        for address in addresses:
            _assert_encoded_once(site, address)
        webp = _candidates(picture.xpath(".//source")[0].get("srcset"))
        assert all(a.endswith(".webp") for a in webp)


def test_the_link_preview_card_and_the_plain_link_are_encoded(site):
    page = site.page("news/river/")
    og = page.xpath("string(//meta[@property='og:image']/@content)")
    assert og.startswith(site.siteurl + "/images/")
    _assert_encoded_once(site, og.removeprefix(site.siteurl))
    link = page.xpath("//main//a[.='The whole photo']/@href")[0]
    _assert_encoded_once(site, link.removeprefix(site.siteurl))
    # The original (with its metadata) is never linked: the clean copy is.
    assert unquote(link).endswith(NAME)
