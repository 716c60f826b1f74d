"""The image pipeline on real files: orientation, privacy, alpha, sizes, bad input."""

from __future__ import annotations

import pytest
from PIL import Image

from charity_site.pictures.pipeline import (
    ImageProblem,
    process_into_cache,
    target_widths,
)
from charity_site.pictures.settings import ImageSettingError, read_image_settings
from support.images import (
    bomb_png,
    corrupt_jpeg,
    gps_photo,
    metadata_blocks,
    sideways_portrait,
    transparent_png,
    unsupported_bmp,
)


@pytest.fixture
def settings(tmp_path):
    return read_image_settings(
        {"IMAGES": {"cache_path": str(tmp_path / "cache")}}, tmp_path
    )


def outputs(settings, processed):
    folder = settings.cache_path / processed.key
    return sorted(p for p in folder.iterdir() if p.suffix != ".json")


def test_a_sideways_phone_portrait_comes_out_upright(tmp_path, settings):
    processed = process_into_cache(sideways_portrait(tmp_path / "p.jpg"), settings)
    assert (processed.width, processed.height) == (1200, 1600)
    for path in outputs(settings, processed):
        with Image.open(path) as image:
            assert image.height > image.width or path.name == "social.jpg", path.name
            rgb = image.convert("RGB")
            if path.name != "social.jpg":
                top = rgb.getpixel((image.width // 2, 5))
                bottom = rgb.getpixel((image.width // 2, image.height - 5))
                assert top[0] > 150 and top[2] < 90, (path.name, top)  # red at the top
                assert bottom[2] > 150 and bottom[0] < 90, (path.name, bottom)


def test_no_metadata_survives_in_any_output(tmp_path, settings):
    for source in (
        gps_photo(tmp_path / "gps.jpg"),
        sideways_portrait(tmp_path / "p.jpg"),
        transparent_png(tmp_path / "t.png"),
    ):
        assert metadata_blocks(source), "the test source carries metadata"
        processed = process_into_cache(source, settings)
        for path in outputs(settings, processed):
            assert metadata_blocks(path) == [], path


def test_transparency_is_kept_with_a_png_fallback(tmp_path, settings):
    processed = process_into_cache(transparent_png(tmp_path / "t.png"), settings)
    assert processed.has_alpha
    assert {v.mime for v in processed.fallback} == {"image/png"}
    for variant in (*processed.fallback, *processed.webp):
        with Image.open(settings.cache_path / processed.key / variant.name) as image:
            assert image.mode == "RGBA"
            assert image.getpixel((image.width - 1, image.height - 1))[3] == 0


def test_photos_get_webp_and_jpeg_at_each_width_never_upscaled(tmp_path, settings):
    processed = process_into_cache(gps_photo(tmp_path / "g.jpg", (1000, 700)), settings)
    assert [v.width for v in processed.webp] == [480, 800, 1000]
    assert [v.width for v in processed.fallback] == [480, 800, 1000]
    assert {v.mime for v in processed.fallback} == {"image/jpeg"}
    assert target_widths(300, settings) == [300]
    assert target_widths(5000, settings) == [480, 800, 1200, 1600]


def test_a_large_photo_is_capped_and_gets_a_social_card(tmp_path, settings):
    processed = process_into_cache(
        gps_photo(tmp_path / "g.jpg", (4000, 3000)), settings
    )
    assert (processed.full.width, processed.full.height) == (2000, 1500)
    assert (processed.social.width, processed.social.height) == (1200, 630)
    with Image.open(settings.cache_path / processed.key / "social.jpg") as card:
        assert card.size == (1200, 630)


def test_the_cache_is_reused_for_the_same_bytes(tmp_path, settings):
    source = gps_photo(tmp_path / "g.jpg", (900, 600))
    first = process_into_cache(source, settings)
    manifest = settings.cache_path / first.key / "manifest.json"
    stamp = manifest.stat().st_mtime_ns
    assert process_into_cache(source, settings) == first
    assert manifest.stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    ("maker", "words"),
    [
        (corrupt_jpeg, "damaged or cut short"),
        (bomb_png, "far too large"),
        (unsupported_bmp, "BMP images are not supported"),
    ],
)
def test_bad_images_raise_a_plain_problem(tmp_path, settings, maker, words):
    with pytest.raises(ImageProblem) as raised:
        process_into_cache(maker(tmp_path / f"bad.{maker.__name__}"), settings)
    assert words in str(raised.value)
    assert " — " in str(raised.value)  # and says what to do


def test_a_file_that_is_not_an_image(tmp_path, settings):
    fake = tmp_path / "photo.heic"
    fake.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 200)
    with pytest.raises(ImageProblem, match="not an image the site can read"):
        process_into_cache(fake, settings)


def test_wrong_image_settings_are_one_clear_error(tmp_path):
    with pytest.raises(ImageSettingError, match="IMAGES\\['jpeg_quality'\\]"):
        read_image_settings({"IMAGES": {"jpeg_quality": 300}}, tmp_path)
    with pytest.raises(ImageSettingError, match="unknown key"):
        read_image_settings({"IMAGES": {"widht": [1]}}, tmp_path)
