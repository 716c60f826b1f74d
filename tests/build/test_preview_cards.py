"""Link-preview cards in a preview: the site's card only, unless PREVIEW_CARDS asks
for each post's; either way no page points at a card that was not written."""

from __future__ import annotations

import pytest
from PIL import Image

from charity_site.settings import BadSetting
from charity_site.site_settings import read_preview_cards
from support.site import SITEURL, build_here, small_site

# Absolute addresses, so a preview's pages carry og:image as a publish's do.
ABSOLUTE = ("-e", f'SITEURL="{SITEURL}"', "RELATIVE_URLS=false")


def _og_images(site) -> dict[str, str]:
    """Each page's og:image, as a path under the output folder."""
    found = {}
    for path in site.html_files():
        tree = site.page(path.relative_to(site.output).as_posix())
        image = tree.xpath("string(//meta[@property='og:image']/@content)")
        if image:
            found[path.relative_to(site.output).as_posix()] = image.removeprefix(
                SITEURL + "/"
            )
    return found


@pytest.fixture(scope="module")
def previews(tmp_path_factory: pytest.TempPathFactory):
    """The same small site previewed without and with PREVIEW_CARDS."""
    work = tmp_path_factory.mktemp("preview-cards")
    content = small_site(work / "content")
    plain = build_here(content, work / "plain", "pelicanconf.py", *ABSOLUTE)
    assert plain.returncode == 0, plain.log
    asked = build_here(
        content, work / "asked", "pelicanconf.py", *ABSOLUTE, "PREVIEW_CARDS=true"
    )
    assert asked.returncode == 0, asked.log
    return plain, asked


def test_a_preview_draws_only_the_site_card_and_every_page_shows_it(previews):
    plain, _asked = previews
    (card,) = (plain.output / "cards").iterdir()  # the site's, no post's
    images = _og_images(plain)
    assert len(images) > 3
    assert set(images.values()) == {f"cards/{card.name}"}, images
    with Image.open(card) as drawn:
        assert drawn.format == "JPEG" and drawn.size == (1200, 630)


def test_a_preview_with_preview_cards_draws_each_posts_card(previews):
    plain, asked = previews
    images = _og_images(asked)
    written = {p.relative_to(asked.output).as_posix() for p in asked.output.rglob("*")}
    assert set(images.values()) <= written, "no page points at a missing card"
    cards = sorted((asked.output / "cards").iterdir())
    assert len(cards) > 2, "the posts' cards and the site's"
    site_card = _og_images(plain)["index.html"]
    post = next(a for p, a in images.items() if p.startswith("news/"))
    assert post != site_card and post.startswith("cards/")
    with Image.open(asked.output / post) as drawn:
        assert drawn.format == "JPEG" and drawn.size == (1200, 630)
        assert not drawn.getexif()
        # The title is drawn: white pixels where the title goes.
        title = drawn.convert("L").crop((80, 230, 1120, 600))
        assert title.getextrema()[1] > 200


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_preview_cards_is_true_or_false(value):
    with pytest.raises(BadSetting, match=r"PREVIEW_CARDS is .*: use True"):
        read_preview_cards({"PREVIEW_CARDS": value})
    assert read_preview_cards({}) is False
