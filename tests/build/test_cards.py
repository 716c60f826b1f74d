"""Link previews on every page: each page's og:image is a 1200x630 JPEG with no
metadata, drawn when the page has no picture, and a picture that would crop
badly is fitted whole onto the brand background."""

from __future__ import annotations

import shutil

from PIL import Image

from support.site import SITEURL, build, build_here, one_page_site, small_site


def test_every_page_has_a_large_preview_picture_of_the_right_size(published_site):
    seen = set()
    for path in published_site.html_files():
        address = path.relative_to(published_site.output).as_posix()
        tree = published_site.page(address)
        if tree.xpath("//meta[@name='robots'][@content='noindex']"):
            continue  # the 404 page and redirect pages are not shared
        image = tree.xpath("string(//meta[@property='og:image']/@content)")
        assert image.startswith(published_site.siteurl + "/"), address
        assert tree.xpath("string(//meta[@name='twitter:card']/@content)") == (
            "summary_large_image"
        ), address
        assert tree.xpath("string(//meta[@property='og:image:alt']/@content)")
        seen.add(image.removeprefix(published_site.siteurl + "/"))
    assert len(seen) > 10
    for name in seen:
        with Image.open(published_site.output / name) as card:
            assert card.format == "JPEG" and card.size == (1200, 630), name
            assert not card.getexif() and "icc_profile" not in card.info, name


def test_drafts_never_have_a_card_in_a_publish(published_site, sample_content):
    from support.sources import read_sources

    drafts = [s for s in read_sources(sample_content) if not s.is_published]
    assert drafts
    headers = (published_site.output / "_headers").read_text(encoding="utf-8")
    assert "/cards/*\n  Cache-Control: public, max-age=31536000, immutable" in headers
    titles = {s.title for s in read_sources(sample_content) if s.is_published}
    cards = list((published_site.output / "cards").iterdir())
    assert len(cards) <= len(titles) + 1, "one a published page, and the site's"


def test_transparent_and_extreme_pictures_are_fitted_not_cropped(tmp_path):
    content = tmp_path / "content"
    small_site(content)
    images = content / "images"
    images.mkdir()
    figure = Image.new("RGBA", (400, 900), (0, 0, 0, 0))
    figure.paste((200, 30, 30, 255), (150, 0, 250, 900))  # a tall red bar, see-through
    figure.save(images / "figure.png")
    Image.new("RGB", (2400, 300), (20, 120, 60)).save(images / "banner.jpg")
    for name, picture in (("figure", "figure.png"), ("banner", "banner.jpg")):
        (content / "news" / f"{name}.md").write_text(
            f"Title: {name}\nDate: 2025-05-01\nSummary: s.\n"
            f"Image: {{static}}/images/{picture}\nImage_alt: a {name}\n\nText.\n",
            encoding="utf-8",
        )
    site = build_here(content, tmp_path / "site", "publishconf.py")
    assert site.returncode == 0, site.log
    background = (0xFF, 0xFD, 0xF8)  # BRAND['background']
    for name in ("figure", "banner"):
        url = site.page(f"news/{name}/").xpath(
            "string(//meta[@property='og:image']/@content)"
        )
        with Image.open(site.output / url.removeprefix(site.siteurl + "/")) as card:
            assert card.size == (1200, 630)
            rgb = card.convert("RGB")
            corners = [rgb.getpixel(p) for p in ((2, 2), (1197, 2), (2, 627))]
            for corner in corners:  # the brand background, never black
                assert all(
                    abs(a - b) <= 6 for a, b in zip(corner, background, strict=True)
                ), corner
            middle = rgb.getpixel((600, 315))
            assert middle != background, "the picture itself is there"
    # The whole tall bar is on the card: its top and bottom ends both show.
    url = site.page("news/figure/").xpath(
        "string(//meta[@property='og:image']/@content)"
    )
    with Image.open(site.output / url.removeprefix(site.siteurl + "/")) as card:
        column = [card.convert("RGB").getpixel((600, y)) for y in range(630)]
    red = [y for y, (r, g, b) in enumerate(column) if r > 150 and g < 90]
    assert red and red[0] > 20 and red[-1] < 610, "fitted, with a margin, not cropped"


def test_a_missing_card_font_is_a_warning_in_a_preview_and_stops_a_publish(tmp_path):
    from support.site import copy_project

    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "vendor" / "atkinson-hyperlegible")
    content = one_page_site(tmp_path / "content")
    settings = str(project / "pelicanconf.py")
    preview = build(content, tmp_path / "preview", settings)
    assert preview.returncode == 0, preview.log
    (warning,) = [r for r in preview.log.splitlines() if "link-preview font" in r]
    assert warning.startswith("warning: ") and "vendor-font" in warning
    assert preview.file_for("hello/").is_file()
    strict = build(
        content,
        tmp_path / "out",
        settings,
        *("-e", "CHECKS_STRICT=true", f'SITEURL="{SITEURL}"'),
    )
    assert strict.returncode != 0
    assert "error: the link-preview font" in strict.log
    assert "Traceback" not in strict.log


def test_the_card_cache_keeps_only_what_the_last_publish_used(tmp_path):
    content = small_site(tmp_path / "content")
    cache = tmp_path / "cache"
    first = build_here(content, tmp_path / "one", "publishconf.py", cache=cache)
    assert first.returncode == 0, first.log
    post = next((content / "news").glob("*.md"))
    post.write_text(
        post.read_text(encoding="utf-8").replace("Title: ", "Title: Renamed ", 1),
        encoding="utf-8",
    )
    second = build_here(content, tmp_path / "two", "publishconf.py", cache=cache)
    assert second.returncode == 0, second.log
    # Kept under their whole hash; published under its first 16 characters.
    kept = sorted(p.stem[:16] for p in (cache / "cards").iterdir())
    published = sorted(p.stem for p in (second.output / "cards").iterdir())
    assert kept == published, "the renamed post's old card is gone from the cache"
    before = {p.stem for p in (first.output / "cards").iterdir()}
    assert len(before - set(published)) == 1, "exactly one card changed"
