"""Time the image pipeline, cold and warm, against a plain Pillow loop.

Run by hand, never by the tests: `.venv/bin/python benchmarks/images.py`.
See benchmarks/README.md for what it measures and the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import PIL
from photos import textured_photo
from PIL import Image, ImageOps

from charity_site.pictures.jobs import PictureJobs
from charity_site.pictures.pipeline import Processed
from charity_site.pictures.settings import ImageSettings, read_image_settings
from support.images import phone_exif

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
RESULTS = BENCHMARKS / "results" / "images.json"
PHOTO_SIZE = (4000, 3000)  # a 12-megapixel phone photo, as editors upload them
SIDEWAYS_EVERY = 4  # every fourth photo is a portrait stored sideways (Orientation 6)
SOURCE_QUALITY = 90  # what phones save at: about 3 MB for these photos
REPEATS = 3
TARGET_SPEEDUP = 2.0  # the plain loop takes at least this many times as long as cold
TARGET_WARM_SHARE = 0.01  # a warm build costs at most this share of a cold one
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


@dataclass(frozen=True)
class Output:
    """One file the plain loop writes, matching one the pipeline wrote."""

    name: str
    fmt: str
    quality: int
    width: int
    height: int
    social: bool


def make_photo(path: Path, seed: int, sideways: bool = False) -> Path:
    """Write a deterministic 4000x3000 JPEG with camera, GPS, XMP and a comment."""
    # Seeded, not secret: the same photos every run so timings compare.
    rng = random.Random(seed)  # noqa: S311
    image = textured_photo(PHOTO_SIZE, rng, shapes=12, texture=(64, 500))
    exif = phone_exif(orientation=6 if sideways else 1, gps=True)
    image.save(
        path,
        "JPEG",
        quality=SOURCE_QUALITY,
        exif=exif.tobytes(),
        xmp=XMP,
        comment=b"taken at the coffee morning",
    )
    return path


def make_photos(folder: Path, count: int) -> list[Path]:
    """Write count distinct photos (distinct bytes, so distinct cache keys)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        make_photo(
            folder / f"photo-{index:03d}.jpg",
            seed=index,
            sideways=index % SIDEWAYS_EVERY == SIDEWAYS_EVERY - 1,
        )
        for index in range(count)
    ]


def run_pipeline(sources: list[Path], settings: ImageSettings) -> dict[Path, Processed]:
    """Process sources exactly as the plugin does; fail on any refused image."""
    processed: dict[Path, Processed] = {}
    jobs = PictureJobs(settings)
    try:
        results = jobs.results(sources)
    finally:
        jobs.close()
    for source, result in results.items():
        if not isinstance(result, Processed):
            raise RuntimeError(f"the pipeline refused {source.name}: {result}")
        processed[source] = result
    return processed


def plain_outputs(processed: Processed, settings: ImageSettings) -> list[Output]:
    """The same files, formats and sizes the pipeline wrote for one photo."""
    outputs = [
        Output(v.name, "WEBP", settings.webp_quality, v.width, v.height, False)
        for v in processed.webp
    ]
    outputs += [
        Output(v.name, "JPEG", settings.jpeg_quality, v.width, v.height, False)
        for v in (*processed.fallback, processed.full)
    ]
    social = processed.social
    outputs.append(
        Output(
            social.name,
            "JPEG",
            settings.jpeg_quality,
            social.width,
            social.height,
            True,
        )
    )
    return outputs


def run_plain(jobs: dict[Path, list[Output]], folder: Path) -> None:
    """The naive way: open, turn upright, shrink and save, once per output file."""
    for source, outputs in jobs.items():
        target = folder / source.stem
        target.mkdir(parents=True, exist_ok=True)
        for output in outputs:
            with Image.open(source) as image:
                upright = ImageOps.exif_transpose(image)
            size = (output.width, output.height)
            if output.social:
                upright = ImageOps.fit(upright, size)
            else:
                upright.thumbnail(size)
            upright.save(target / output.name, output.fmt, quality=output.quality)


def check_same_outputs(
    results: dict[Path, Processed],
    jobs: dict[Path, list[Output]],
    cache: Path,
    plain: Path,
) -> int:
    """Count the files each way wrote and check their sizes agree; return the count."""
    cached = [p for p in cache.glob("*/*") if p.name != "manifest.json"]
    written = list(plain.glob("*/*"))
    expected = sum(len(outputs) for outputs in jobs.values())
    if not len(cached) == len(written) == expected:
        raise RuntimeError(
            f"output counts differ: pipeline {len(cached)}, plain {len(written)}, "
            f"expected {expected}"
        )
    for source, outputs in jobs.items():
        for output in outputs:
            with Image.open(plain / source.stem / output.name) as image:
                width, height = image.size
            # thumbnail() rounds its own way: a pixel either side is the same size.
            if abs(width - output.width) > 1 or abs(height - output.height) > 1:
                raise RuntimeError(
                    f"{source.name} {output.name}: plain loop made {width}x{height}, "
                    f"the pipeline {output.width}x{output.height}"
                )
        key = results[source].key
        if sorted(p.name for p in (cache / key).iterdir()) != sorted(
            [o.name for o in outputs] + ["manifest.json"]
        ):
            raise RuntimeError(f"{source.name}: cache entry {key} has other files")
    return expected


def timed(label: str, prepare: Callable[[], None], work: Callable[[], object]) -> dict:
    """Run work REPEATS times, each after prepare; return the timings in seconds."""
    seconds = []
    for attempt in range(1, REPEATS + 1):
        prepare()
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
        print(f"  {label} {attempt}/{REPEATS}: {seconds[-1]:.2f} s", flush=True)
    return {"median_s": statistics.median(seconds), "runs_s": seconds}


def folder_bytes(folder: Path) -> int:
    """Total size of the image files under folder (manifests left out)."""
    return sum(
        p.stat().st_size
        for p in folder.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    )


def main(argv: list[str] | None = None) -> int:
    """Make the photos, time the three runs, print and save them; 0 if targets met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--photos",
        type=int,
        default=24,
        metavar="N",
        help="how many 4000x3000 photos to process (default: 24)",
    )
    args = parser.parse_args(argv)
    if args.photos < 1:
        parser.error("--photos must be at least 1")
    count = args.photos

    with tempfile.TemporaryDirectory(prefix="images-bench-") as temp:
        work = Path(temp)
        cache, plain = work / "cache", work / "plain"
        # One worker per core: here nothing reads posts meanwhile (in a build,
        # PictureJobs leaves one core to the reading).
        workers = min(os.cpu_count() or 1, count)
        settings = read_image_settings(
            {"IMAGES": {"cache_path": str(cache), "workers": workers}}, work
        )

        print(f"Making {count} photos of {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} …", flush=True)
        sources = make_photos(work / "photos", count)
        source_bytes = sum(p.stat().st_size for p in sources)

        def clear(folder: Path) -> Callable[[], None]:
            return lambda: shutil.rmtree(folder, ignore_errors=True)

        print("Timing (median of 3 each):", flush=True)
        cold = timed(
            "cold pipeline", clear(cache), lambda: run_pipeline(sources, settings)
        )
        pipeline_bytes = folder_bytes(cache)
        # Nothing changed since the last cold run: each photo is hashed, found, read.
        warm = timed(
            "warm pipeline", lambda: None, lambda: run_pipeline(sources, settings)
        )
        results = run_pipeline(sources, settings)
        jobs = {s: plain_outputs(results[s], settings) for s in sources}
        loop = timed("plain loop", clear(plain), lambda: run_plain(jobs, plain))
        files = check_same_outputs(results, jobs, cache, plain)
        plain_bytes = folder_bytes(plain)

    speedup = loop["median_s"] / cold["median_s"]
    warm_share = warm["median_s"] / cold["median_s"]
    met = {
        "speedup": speedup >= TARGET_SPEEDUP,
        "warm_share": warm_share <= TARGET_WARM_SHARE,
    }
    runs = {
        "cold": {**cold, "written_bytes": pipeline_bytes},
        "warm": warm,
        "plain": {**loop, "written_bytes": plain_bytes},
    }
    for run in runs.values():
        run["ms_per_photo"] = run["median_s"] * 1000 / count

    rows = [
        ("(a) pipeline, cold", runs["cold"], f"{workers}-process pool"),
        ("(b) pipeline, warm", runs["warm"], "hash + manifest read"),
        ("(c) plain Pillow loop", runs["plain"], "1 process"),
    ]
    print()
    print(
        f"{count} photos of {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} "
        f"({source_bytes / count / 1e6:.1f} MB each, "
        f"{sum(1 for i in range(count) if i % SIDEWAYS_EVERY == SIDEWAYS_EVERY - 1)} "
        f"sideways), {files // count} files made from each"
    )
    print(
        f"Pillow {PIL.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {workers} used by the pipeline"
    )
    print()
    print(f"{'run':<24}{'ms/photo':>10}{'total s':>10}{'out MB':>9}  how")
    for label, run, how in rows:
        size = run.get("written_bytes")
        size_text = f"{size / 1e6:.1f}" if size is not None else "–"
        print(
            f"{label:<24}{run['ms_per_photo']:>10.1f}{run['median_s']:>10.2f}"
            f"{size_text:>9}  {how}"
        )
    print()
    print(
        f"c/a, plain loop ÷ cold: {speedup:.2f}x "
        f"(target at least {TARGET_SPEEDUP:g}x): "
        f"{'met' if met['speedup'] else 'MISSED'}"
    )
    print(
        f"b/a, warm ÷ cold: {warm_share:.2%} "
        f"(target at most {TARGET_WARM_SHARE:.0%}): "
        f"{'met' if met['warm_share'] else 'MISSED'}"
    )

    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "generated": datetime.now(UTC).isoformat(timespec="seconds"),
                "photos": count,
                "photo_size": list(PHOTO_SIZE),
                "source_bytes": source_bytes,
                "files_per_photo": files // count,
                "pillow_version": PIL.__version__,
                "python_version": platform.python_version(),
                "cpu_count": os.cpu_count(),
                "workers": workers,
                "repeats": REPEATS,
                "runs": runs,
                "ratios": {"plain_over_cold": speedup, "warm_over_cold": warm_share},
                "targets": {
                    "plain_over_cold_at_least": TARGET_SPEEDUP,
                    "warm_over_cold_at_most": TARGET_WARM_SHARE,
                },
                "targets_met": met,
                "all_targets_met": all(met.values()),
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
