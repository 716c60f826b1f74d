"""Every kind of picture an editor can drop in is processed or refused in one
line: damaged files, extreme shapes, format limits, animation, unusual modes and
bit depths, and huge ones (with bounded memory)."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest
from PIL import Image

from charity_site.pictures.jobs import PictureJobs
from charity_site.pictures.pipeline import ImageProblem, Processed
from charity_site.pictures.settings import read_image_settings


def _pictures(folder: Path) -> dict[str, Path]:
    made: dict[str, Path] = {}

    def save(name: str, image: Image.Image, fmt: str, **options) -> None:
        made[name] = folder / name
        image.save(made[name], fmt, **options)

    save("cmyk.jpg", Image.new("CMYK", (300, 200), (10, 200, 30, 5)), "JPEG")
    save("grey16.png", Image.new("I;16", (300, 200), 40000), "PNG")
    save("grey-alpha.png", Image.new("LA", (300, 200), (120, 100)), "PNG")
    save("palette.png", Image.new("P", (300, 200)), "PNG", transparency=0)
    save("one-bit.png", Image.new("1", (300, 200), 1), "PNG")
    save("thin.png", Image.new("RGB", (1, 10000)), "PNG")
    save("wide.png", Image.new("RGB", (30000, 1)), "PNG")
    save("tall-for-webp.png", Image.new("RGB", (40, 20000)), "PNG")
    save("one-pixel.png", Image.new("RGB", (1, 1)), "PNG")
    frames = [Image.new("RGB", (100, 100), colour) for colour in ("red", "blue")]
    made["animated.webp"] = folder / "animated.webp"
    frames[0].save(made["animated.webp"], "WEBP", save_all=True, append_images=frames)
    made["animated.gif"] = folder / "animated.gif"
    frames[0].save(made["animated.gif"], "GIF", save_all=True, append_images=frames)
    save("float.tif", Image.new("F", (30, 20), 1.5), "TIFF")
    whole = made["cmyk.jpg"].read_bytes()
    (folder / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "text.png").write_bytes(b"not a picture at all")
    made.update({n: folder / n for n in ("cut.jpg", "empty.jpg", "text.png")})
    return made


# name: (width, height, has alpha) when processed, or words of the one line
EXPECTED = {
    "cmyk.jpg": (300, 200, False),
    "grey16.png": (300, 200, False),
    "grey-alpha.png": (300, 200, True),
    "palette.png": (300, 200, True),
    "one-bit.png": (300, 200, False),
    "thin.png": (1, 10000, False),
    "wide.png": (2000, 1, False),
    "one-pixel.png": (1, 1, False),
    "animated.webp": (100, 100, False),
    "tall-for-webp.png": "Image size exceeds WebP limit",
    "animated.gif": "GIF images are not supported",
    "float.tif": "TIFF images are not supported",
    "cut.jpg": "damaged or cut short",
    "empty.jpg": "not an image the site can read",
    "text.png": "not an image the site can read",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("odd-pictures")
    pictures = _pictures(folder)
    settings = read_image_settings(
        {"IMAGES": {"cache_path": str(folder / "cache"), "workers": 2}}, folder
    )
    jobs = PictureJobs(settings)
    try:
        made = jobs.results(list(pictures.values()))
    finally:
        jobs.close()
    return {name: made[path] for name, path in pictures.items()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_odd_picture_is_processed_or_one_line(results, name):
    result, expected = results[name], EXPECTED[name]
    if isinstance(expected, tuple):
        assert isinstance(result, Processed), result
        assert (result.width, result.height, result.has_alpha) == expected
    else:
        assert isinstance(result, ImageProblem), result
        assert expected in str(result)
        assert "\n" not in str(result)


def test_sixteen_bit_grey_keeps_its_tone(tmp_path):
    """40000 of 65535 is a mid grey (155 of 255), not white as a plain convert gives."""
    from charity_site.pictures.pipeline import process_into_cache

    source = tmp_path / "grey16.png"
    Image.new("I;16", (300, 200), 40000).save(source, "PNG")
    settings = read_image_settings({"IMAGES": {"cache_path": str(tmp_path)}}, tmp_path)
    processed = process_into_cache(source, settings)
    full = tmp_path / processed.key / processed.full.name
    with Image.open(full) as made:
        red, green, blue = made.convert("RGB").getpixel((150, 100))
    assert abs(red - 155) <= 3 and red == green == blue


HUGE = """
import resource, sys
from pathlib import Path
from PIL import Image
from charity_site.pictures.pipeline import ImageProblem, process_into_cache
from charity_site.pictures.settings import read_image_settings
folder = Path(sys.argv[1])
settings = read_image_settings({"IMAGES": {"cache_path": str(folder / "c")}}, folder)
for name, size in (("under.png", (7200, 5400)), ("over.png", (8000, 5400))):
    Image.new("RGBA", size, (20, 90, 160, 200)).save(folder / name, compress_level=1)
    try:
        done = process_into_cache(folder / name, settings)
        print(name, "processed", done.width, done.height)
    except ImageProblem as problem:
        print(name, "refused", problem)
print("peak", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def test_a_huge_picture_is_processed_in_bounded_memory_and_a_bigger_one_refused(
    tmp_path,
):
    ran = subprocess.run(
        [sys.executable, "-c", HUGE, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0] == "under.png processed 2000 1500"
    assert lines[1].startswith("over.png refused this image is far too large")
    peak_mb = int(lines[2].split()[1])
    assert peak_mb < 500, peak_mb


class _DoneAtOnce:
    """A pool whose every job has ended before submit returns: the busy-machine
    case, where a picture fails before its callback is even added."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def submit(self, fn, *args):
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:  # as the real pool hands it over
            future.set_exception(exc)
        return future

    def shutdown(self, *args: object, **kwargs: object) -> None:
        pass


def test_jobs_that_end_before_they_are_watched_never_hang_the_build(
    tmp_path, monkeypatch
):
    monkeypatch.setattr("charity_site.pictures.jobs.ProcessPoolExecutor", _DoneAtOnce)
    pictures = _pictures(tmp_path)
    settings = read_image_settings(
        {"IMAGES": {"cache_path": str(tmp_path / "cache"), "workers": 2}}, tmp_path
    )
    jobs = PictureJobs(settings)
    made: dict = {}
    worker = threading.Thread(
        target=lambda: made.update(jobs.results(list(pictures.values()))), daemon=True
    )
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the picture jobs deadlocked"
    jobs.close()
    assert set(made) == set(pictures.values())
    assert isinstance(made[pictures["cut.jpg"]], ImageProblem)
