"""Measure encoding settings, bytes against seconds: link-preview cards, photos, brotli.

Run by hand, never by the tests:
`.venv/bin/python benchmarks/encoding.py cards [--count 200]`,
`.venv/bin/python benchmarks/encoding.py photos`,
`.venv/bin/python benchmarks/encoding.py brotli [--posts 1000] [--every 4]`.
Each prints a table (the chosen setting is marked) and writes nothing into the
work tree: builds, photos and caches live in a temporary folder.
"""

from __future__ import annotations

import argparse
import gc
import io
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from corpus import TITLES, _Writer, make_corpus
from photos import textured_photo
from PIL import Image, ImageChops, ImageStat

from charity_site.pictures import cards
from charity_site.pictures.card_steps import logo_png
from charity_site_ops.pelican_cli import pelican_command

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
SITEURL = "https://bench.example"


@dataclass(frozen=True)
class Row:
    """One setting measured: its name, time per item and bytes per item."""

    name: str
    ms: float
    bytes: float
    chosen: bool = False
    psnr: float | None = None  # dB against the pixels encoded; higher is closer


def print_table(title: str, rows: list[Row], unit: str) -> None:
    """A Markdown table, ready to paste, each row against the first (the baseline)."""
    base = rows[0]
    psnr = any(row.psnr is not None for row in rows)
    print(f"\n{title}\n")
    head = f"| setting | ms {unit} | bytes {unit} | time vs first | bytes vs first |"
    print(head + (" PSNR dB |" if psnr else ""))
    print("| --- | ---: | ---: | ---: | ---: |" + (" ---: |" if psnr else ""))
    for row in rows:
        mark = " (chosen)" if row.chosen else ""
        line = (
            f"| {row.name}{mark} | {row.ms:.2f} | {row.bytes:,.0f} | "
            f"{row.ms / base.ms:.0%} | {row.bytes / base.bytes:.1%} |"
        )
        print(line + (f" {row.psnr:.1f} |" if psnr and row.psnr else ""))


def psnr(original: Image.Image, encoded: bytes) -> float:
    """The peak signal-to-noise ratio of encoded against original, in dB."""
    with Image.open(io.BytesIO(encoded)) as decoded:
        difference = ImageChops.difference(original, decoded.convert("RGB"))
    squares = ImageStat.Stat(difference).sum2
    mse = sum(squares) / (original.width * original.height * 3)
    return 99.0 if mse == 0 else 10 * math.log10(255**2 / mse)


# --- cards ------------------------------------------------------------------------

# (name, Pillow save options). The first is what cards were saved with before.
CARD_SETTINGS: list[tuple[str, dict]] = [
    (
        "q85 optimize progressive 4:2:0",
        {"quality": 85, "optimize": True, "progressive": True},
    ),
    ("q85 optimize baseline 4:2:0", {"quality": 85, "optimize": True}),
    ("q85 baseline 4:2:0", {"quality": 85}),
    (
        "q85 optimize baseline 4:4:4",
        {"quality": 85, "optimize": True, "subsampling": 0},
    ),
    ("q80 optimize baseline 4:2:0", {"quality": 80, "optimize": True}),
    ("q80 baseline 4:2:0", {"quality": 80}),
    ("q75 optimize baseline 4:2:0", {"quality": 75, "optimize": True}),
]


def card_titles(count: int, seed: int = 1) -> list[str]:
    """Titles like the site's posts' (the benchmark corpus's own templates)."""
    rng = random.Random(seed)  # noqa: S311 (seeded, not secret: the same every run)
    writer = _Writer(rng)
    sections = sorted(TITLES)
    return [writer.fill(rng.choice(TITLES[rng.choice(sections)])) for _ in range(count)]


def _brand() -> tuple[str, str, bytes]:
    return "CPSL Mind", "#1c4f8f", logo_png(ROOT / "theme" / "static" / "favicon.svg")


def _save(card: Image.Image, options: dict) -> bytes:
    out = io.BytesIO()
    card.save(out, "JPEG", **options)
    return out.getvalue()


def _best_of(repeats: int, work: Callable[[], object]) -> float:
    """The least of repeats timings of work, in seconds (the least noisy)."""
    times = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_cards(count: int, repeats: int) -> list[Row]:
    """Draw count cards, then encode them with each setting: ms and bytes a card."""
    site, colour, logo = _brand()
    titles = card_titles(count)
    drawn: list[Image.Image] = []

    def draw() -> None:
        drawn[:] = [cards.drawn_card(t, site, colour, logo) for t in titles]

    def draw_uncached() -> None:
        for title in titles:  # as before: the shared part drawn for every card
            cards._card_base.cache_clear()
            cards.drawn_card(title, site, colour, logo)

    uncached = _best_of(repeats, draw_uncached) / count * 1000
    drawing = _best_of(repeats, draw) / count * 1000
    print(
        f"drawing a card: {uncached:.2f} ms with the shared part drawn each time, "
        f"{drawing:.2f} ms with it drawn once a process"
    )
    rows = []
    chosen = cards.JPEG_OPTIONS
    for name, options in CARD_SETTINGS:
        sizes: list[int] = []

        def encode(options: dict = options, sizes: list[int] = sizes) -> None:
            sizes[:] = [len(_save(card, options)) for card in drawn]

        seconds = _best_of(repeats, encode)
        sample = drawn[:: max(1, count // 20)]  # 20 cards are enough to compare
        rows.append(
            Row(
                name,
                seconds / count * 1000,
                statistics.fmean(sizes),
                chosen=options == chosen,
                psnr=statistics.fmean(psnr(c, _save(c, options)) for c in sample),
            )
        )
    return rows


# --- photos -----------------------------------------------------------------------

# Each format's current settings first, then cheaper ones. Quality stays the
# setting's own (IMAGES jpeg_quality / webp_quality): only the effort changes.
PHOTO_SETTINGS: list[tuple[str, str, dict]] = [
    (
        "JPEG",
        "q80 optimize progressive",
        {"quality": 80, "optimize": True, "progressive": True},
    ),
    ("JPEG", "q80 optimize baseline", {"quality": 80, "optimize": True}),
    ("JPEG", "q80 baseline", {"quality": 80}),
    ("WEBP", "q78 method 4", {"quality": 78, "method": 4}),
    ("WEBP", "q78 method 3", {"quality": 78, "method": 3}),
    ("WEBP", "q78 method 2", {"quality": 78, "method": 2}),
    ("WEBP", "q78 method 6", {"quality": 78, "method": 6}),
    ("WEBP", "q78 method 0 (a preview's)", {"quality": 78, "method": 0}),
]
PHOTO_WIDTHS = (2000, 1600, 1200, 800, 480)  # full_max_width, then IMAGES widths


def _photos(count: int) -> list[Image.Image]:
    """Photo-like pictures at the pipeline's widths (what it encodes)."""
    made = []
    for seed in range(count):
        rng = random.Random(seed)  # noqa: S311 (seeded: the same every run)
        photo = textured_photo((2000, 1500), rng, shapes=12, texture=(64, 500))
        for width in PHOTO_WIDTHS:
            height = round(photo.height * width / photo.width)
            made.append(photo.resize((width, height), Image.Resampling.LANCZOS))
    return made


def bench_photos(count: int, repeats: int) -> list[Row]:
    """Encode count photos at every width with each setting: ms and bytes a photo."""
    from charity_site.pictures.pipeline import JPEG_OPTIONS, WEBP_OPTIONS
    from charity_site.pictures.settings import ImageSettings

    images = _photos(count)
    default = ImageSettings()
    current = {
        "JPEG": {"quality": default.jpeg_quality, **JPEG_OPTIONS},
        "WEBP": {"quality": default.webp_quality, **WEBP_OPTIONS},
    }
    rows = []
    for fmt, name, options in PHOTO_SETTINGS:
        sizes: list[int] = []

        def encode(fmt: str = fmt, options: dict = options, sizes: list[int] = sizes):
            sizes[:] = [len(_encoded(image, fmt, options)) for image in images]

        seconds = _best_of(repeats, encode)
        sample = images[:: len(PHOTO_WIDTHS)]  # each photo at its widest
        rows.append(
            Row(
                f"{fmt} {name}",
                seconds / count * 1000,
                sum(sizes) / count,
                chosen=current[fmt] == options,
                psnr=statistics.fmean(
                    psnr(i, _encoded(i, fmt, options)) for i in sample
                ),
            )
        )
    return rows


def _encoded(image: Image.Image, fmt: str, options: dict) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


# --- brotli -----------------------------------------------------------------------

BROTLI_QUALITIES = range(5, 12)


def published_text_files(posts: int, work: Path) -> list[bytes]:
    """Publish a corpus of posts (publishconf.py, caches in work); its text files."""
    from charity_site.hosting.precompress import LARGE, served_text_files

    content = work / "content"
    make_corpus(content, posts)
    output = work / "site"
    env = {**os.environ, "SITEURL": SITEURL, "SITE_CACHE": str(work / "cache")}
    # The publish's own compression is not measured here; it runs, and its
    # siblings are left out of what is measured.
    command = pelican_command(content, output, ROOT / "publishconf.py")
    done = subprocess.run(
        command, cwd=work, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"the publish failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    files = [path.read_bytes() for path in served_text_files(output)]
    # The large ones are compressed at their own quality (precompress.LARGE).
    return [data for data in files if len(data) <= LARGE]


def bench_brotli(files: list[bytes], repeats: int) -> list[Row]:
    """Compress every file at each quality on one core: ms and bytes a file.

    The qualities take turns within each repeat and each keeps its best time,
    so a burst of other work on the machine cannot favour one of them.
    """
    import brotli

    from charity_site.hosting.precompress import BROTLI_QUALITY

    qualities = list(reversed(BROTLI_QUALITIES))
    best = dict.fromkeys(qualities, float("inf"))
    sizes = dict.fromkeys(qualities, 0)
    for _ in range(repeats):
        for quality in qualities:
            gc.collect()
            started = time.perf_counter()
            sizes[quality] = sum(
                len(brotli.compress(data, quality=quality)) for data in files
            )
            best[quality] = min(best[quality], time.perf_counter() - started)
    total = sum(len(data) for data in files)
    print(f"{len(files):,} files, {total / len(files):,.0f} bytes each on average")
    return [
        Row(
            f"quality {quality}",
            best[quality] / len(files) * 1000,
            sizes[quality] / len(files),
            chosen=quality == BROTLI_QUALITY,
        )
        for quality in qualities
    ]


def main(argv: list[str] | None = None) -> int:
    """Command line: which measurement, and how large."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("cards", "photos", "brotli"))
    parser.add_argument("--count", type=int, default=200, help="cards, or photos")
    parser.add_argument("--posts", type=int, default=1000, help="brotli's corpus")
    parser.add_argument("--every", type=int, default=4, help="brotli: every n-th file")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if args.what == "cards":
        rows = bench_cards(args.count, args.repeats)
        print_table(f"Cards ({args.count}, one core)", rows, "a card")
    elif args.what == "photos":
        count = min(args.count, 12)
        rows = bench_photos(count, args.repeats)
        print_table(
            f"Photos ({count}, each at {len(PHOTO_WIDTHS)} widths, one core)",
            rows,
            "a photo",
        )
    else:
        work = Path(tempfile.mkdtemp(prefix="encoding-bench-"))
        try:
            files = published_text_files(args.posts, work)
            # Every n-th file, in the publish's own order: the same mix of
            # pages, feeds and lists in a fraction of the time.
            rows = bench_brotli(files[:: args.every], args.repeats)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print_table(
            f"Brotli over a {args.posts:,}-post publish (one core)", rows, "a file"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
