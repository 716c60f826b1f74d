"""Images in real builds: <picture> everywhere, no metadata, the cache, bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from support.images import (
    bomb_png,
    corrupt_jpeg,
    gps_photo,
    metadata_blocks,
    sideways_portrait,
    transparent_png,
    unsupported_bmp,
)
from support.site import ROOT, build

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


def post(title: str, body: str, extra: str = "") -> str:
    return f"Title: {title}\nDate: 2025-05-01\nSummary: A test post.\n{extra}\n{body}\n"


def make_site(root: Path) -> Path:
    """A small site whose posts use each kind of picture, good and bad."""
    content = root / "content"
    (content / "images").mkdir(parents=True)
    (content / "news").mkdir()
    (content / "pages").mkdir()
    gps_photo(content / "images" / "gps.jpg")
    sideways_portrait(content / "images" / "portrait.jpg")
    transparent_png(content / "images" / "logo.png")
    corrupt_jpeg(content / "images" / "broken.jpg")
    bomb_png(content / "images" / "bomb.png")
    unsupported_bmp(content / "images" / "old.bmp")
    (content / "images" / "unused.jpg").write_bytes(
        (content / "images" / "gps.jpg").read_bytes()
    )
    news = content / "news"
    (news / "good.md").write_text(
        post(
            "Good pictures",
            "Intro.\n\n![A portrait]({static}/images/portrait.jpg)\n\n"
            "![A logo on a clear background](/images/logo.png)\n\n"
            "[The full photo]({static}/images/gps.jpg)\n",
            "Image: {static}/images/gps.jpg\nImage_alt: A wide photo\n",
        ),
        encoding="utf-8",
    )
    (news / "no-hero.md").write_text(
        post(
            "No hero",
            "![The first picture]({static}/images/portrait.jpg)\n\n"
            "![Second](/images/gps.jpg)",
        ),
        encoding="utf-8",
    )
    bad = {
        "missing": "![A picture]({static}/images/not-there.jpg)",
        "corrupt": "![A picture]({static}/images/broken.jpg)",
        "bomb": "![A picture]({static}/images/bomb.png)",
        "unsupported": "![A picture]({static}/images/old.bmp)",
        "no-alt": "![]({static}/images/gps.jpg)",
    }
    for name, body in bad.items():
        (news / f"{name}.md").write_text(
            post(name, f"Some text.\n\n{body}"), encoding="utf-8"
        )
    (news / "hero-no-alt.md").write_text(
        post("Hero without alt", "Text.", "Image: {static}/images/gps.jpg\n"),
        encoding="utf-8",
    )
    (content / "pages" / "get-help.md").write_text(
        "Title: Get help now\nSummary: Help.\nTemplate: get-help\n\nHelp.\n",
        encoding="utf-8",
    )
    return content


# Line 7 holds the picture in each bad post: 4 header lines, a blank, text, a blank.
EXPECTED = [
    "news/missing.md:7: error: the picture 'images/not-there.jpg' is not there",
    "news/corrupt.md:7: error: 'images/broken.jpg': this image file is damaged or cut "
    "short",
    "news/bomb.md:7: error: 'images/bomb.png': this image is far too large to process "
    "(1,600 megapixels)",
    "news/unsupported.md:7: error: 'images/old.bmp': BMP images are not supported",
    "news/no-alt.md:7: error: the picture '{static}/images/gps.jpg' has no description "
    "(alt text)",
    "news/hero-no-alt.md:4: error: the Image has no Image_alt",
]


@pytest.fixture(scope="module")
def site_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    make_site(root)
    return root


@pytest.fixture(scope="module")
def preview(site_root):
    return build(
        site_root / "content",
        site_root / "preview",
        "pelicanconf.py",
        "-v",
        cache=site_root / "cache",
    )


@pytest.fixture(scope="module")
def published_images(published_site):
    return [
        p
        for p in published_site.output.rglob("*")
        if p.suffix.lower() in IMAGE_SUFFIXES
    ]


def test_bad_pictures_are_one_line_each_and_the_preview_still_builds(preview):
    assert preview.returncode == 0, preview.log
    for expected in EXPECTED:
        assert expected in preview.log, expected
    assert "Traceback" not in preview.log
    good = preview.page("news/good/")
    assert good.xpath("//picture")
    broken = preview.page("news/corrupt/")
    assert "Picture not shown" in broken.xpath("string(//main)")


def test_a_publish_refuses_bad_pictures(site_root):
    result = build(
        site_root / "content",
        site_root / "publish",
        "publishconf.py",
        cache=site_root / "cache",
    )
    assert result.returncode != 0
    for expected in EXPECTED:
        assert expected in result.log, expected
    assert "Traceback" not in result.log


def test_pictures_are_responsive_and_sized(preview):
    tree = preview.page("news/good/")
    pictures = tree.xpath("//main//picture")
    assert len(pictures) == 3  # the hero and two in the text
    for picture in pictures:
        (source,) = picture.xpath(".//source")
        (img,) = picture.xpath(".//img")
        assert source.get("type") == "image/webp"
        assert all(
            u.split()[0].endswith(".webp") for u in source.get("srcset").split(",")
        )
        assert img.get("srcset") and img.get("sizes") and img.get("alt") is not None
        assert int(img.get("width")) > 0 and int(img.get("height")) > 0
        assert img.get("decoding") == "async"
    hero, first_body, second_body = (p.xpath(".//img")[0] for p in pictures)
    assert hero.get("fetchpriority") == "high" and hero.get("loading") is None
    assert first_body.get("loading") == second_body.get("loading") == "lazy"
    png = second_body
    assert png.get("src").endswith(".png"), "transparency keeps a PNG fallback"
    portrait = first_body
    assert int(portrait.get("height")) > int(portrait.get("width")), "shown upright"


def test_the_first_picture_of_a_page_without_hero_is_eager(preview):
    first, second = preview.page("news/no-hero/").xpath("//main//picture//img")
    assert first.get("fetchpriority") == "high" and first.get("loading") is None
    assert second.get("loading") == "lazy"


def test_a_plain_link_to_a_picture_reaches_the_clean_full_size_copy(preview):
    (href,) = preview.page("news/good/").xpath("//a[text()='The full photo']/@href")
    target = (preview.file_for("news/good/").parent / href).resolve()
    assert target.is_file() and metadata_blocks(target) == []


def test_unused_and_original_pictures_are_never_copied(preview):
    names = {p.name for p in (preview.output / "images").iterdir()}
    assert "unused.jpg" not in names
    assert not any(n.endswith((".bmp",)) for n in names)


def test_every_image_in_the_sample_site_is_free_of_metadata(
    published_site, published_images
):
    assert len(published_images) > 20
    for path in published_images:
        assert metadata_blocks(path) == [], path.relative_to(published_site.output)


def test_sample_pages_use_picture_throughout(published_site):
    for path in published_site.html_files():
        tree = published_site.page(path.relative_to(published_site.output).as_posix())
        for img in tree.xpath("//img"):
            if img.get("src", "").endswith(("/logo.svg", "favicon.svg")):
                continue
            # lxml does not know <source> is empty: the <img> may sit inside it.
            assert img.xpath("ancestor::picture"), (path, img.get("src"))
            assert img.get("width") and img.get("height"), (path, img.get("src"))


def test_social_card_is_1200_by_630_and_used_for_og_image(published_site):
    tree = published_site.page("news/volunteering-with-us/")
    url = tree.xpath("string(//meta[@property='og:image']/@content)")
    assert url.startswith(published_site.siteurl + "/images/")
    card = published_site.output / url.removeprefix(published_site.siteurl + "/")
    with Image.open(card) as image:
        assert image.size == (1200, 630)
    data = json.loads(tree.xpath("string(//script[@type='application/ld+json'])"))
    assert data["image"][0] == url


def counts(log: str) -> tuple[int, int]:
    match = re.search(r"Images: (\d+) processed, (\d+) from cache", log)
    assert match, log
    return int(match[1]), int(match[2])


def test_the_cache_means_a_rebuild_processes_nothing_and_one_change_only_that(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "news").mkdir()
    gps_photo(content / "images" / "a.jpg", (1300, 900))
    gps_photo(content / "images" / "b.jpg", (1200, 800))
    (content / "news" / "p.md").write_text(
        post("P", "![A]({static}/images/a.jpg)\n\n![B]({static}/images/b.jpg)"),
        encoding="utf-8",
    )
    cache = tmp_path / "cache"

    def run() -> tuple[int, int]:
        # The rich log handler (wide, so one message stays one line) shows -v's info.
        extra = ("-v", "--log-handler", "rich")
        # An empty output folder each time: only the picture cache is kept (a
        # preview with nothing changed would not run at all).
        shutil.rmtree(tmp_path / "out", ignore_errors=True)
        result = build(content, tmp_path / "out", "pelicanconf.py", *extra, cache=cache)
        assert result.returncode == 0, result.log
        return counts(result.log)

    images = cache / "images"

    def cache_state() -> dict[str, int]:
        return {str(p): p.stat().st_mtime_ns for p in images.rglob("*")}

    assert run() == (2, 0)
    first = cache_state()
    assert len([p for p in images.iterdir() if p.is_dir()]) == 2
    assert run() == (0, 2)
    assert cache_state() == first, "nothing in the cache was written again"
    sideways_portrait(content / "images" / "b.jpg")
    assert run() == (1, 1)
    after = cache_state()
    assert {k: v for k, v in after.items() if k in first} == first
    assert len([p for p in images.iterdir() if p.is_dir()]) == 3
    assert not str(cache).startswith(str(ROOT))


def test_invoke_clean_keeps_the_cache_unless_asked(tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    for folder in (output, cache):
        folder.mkdir()
        (folder / "file").write_text("x", encoding="utf-8")
    env = {**os.environ, "SITE_CACHE": str(cache)}
    clean = [sys.executable, "-m", "invoke", "clean", "--output", str(output)]
    subprocess.run(clean, cwd=ROOT, env=env, check=True, capture_output=True)
    assert not output.exists() and (cache / "file").exists()
    subprocess.run(
        [*clean, "--all"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    assert not cache.exists()


def test_a_preview_encodes_pictures_quickly_and_a_publish_for_readers(
    preview, published_site
):
    """The same variants, at the same sizes: a publish's JPEGs are progressive
    (they show whole early on a slow phone), a preview's plain baseline."""
    (href,) = preview.page("news/good/").xpath("//a[text()='The full photo']/@href")
    quick = (preview.file_for("news/good/").parent / href).resolve()
    tree = published_site.page("news/volunteering-with-us/")
    (src,) = tree.xpath("//main//picture//img/@src")[:1]
    published = published_site.output / src.removeprefix(published_site.siteurl + "/")
    for path, progressive in ((quick, False), (published, True)):
        assert path.suffix == ".jpg", path
        with Image.open(path) as image:
            assert bool(image.info.get("progressive")) is progressive, path
            image.load()  # decodes whole: a quick encoding is still a picture
