"""Draw the sample photos used by the demo content, without downloading anything.

Every picture is drawn procedurally with Pillow (gradients, shapes, simple scenes) and
is deterministic: the same script always writes the same pixels and the same EXIF.
The JPEGs carry phone-like EXIF on purpose (camera make and model, capture time, GPS
position, rotation flags) so the site's image handling can be exercised on them:
location data that must be stripped, and portrait photos stored sideways.

The tasks paint them with `paint_for()` only when the sample's posts are in the
content folder, and only the ones those posts use: a content folder without them
(the charity's own) never gets a sample photo, and once the sample's posts are
deleted no build paints their photos again.

Usage: python -m charity_site_ops.sample_photos [DEST]
(default DEST: content/images/sample under the repository root).
"""

from __future__ import annotations

import itertools
import os
import random
import re
import stat
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter
from PIL.ExifTags import GPS, IFD, Base

from charity_site_ops.problems import TaskError

REPO_ROOT = Path(__file__).resolve().parents[2]
# Where the sample's posts find their photos, inside a content folder.
SAMPLE_FOLDER = Path("images") / "sample"
DEFAULT_DEST = REPO_ROOT / "content" / SAMPLE_FOLDER
# How a post names one: `{static}/images/sample/park-walk.jpg`.
_REFERENCE = re.compile(r"images/sample/([\w.-]+)")

# Scenes are drawn at 1/SCALE of the final size, softened, then enlarged: quick to
# draw, and the soft edges look more like a photo than crisp vector shapes do.
SCALE = 4
JPEG_QUALITY = 85

RGB = tuple[int, int, int]
Box = tuple[float, float, float, float]


# --------------------------------------------------------------------------- helpers


def _vertical_gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    """Return an RGB image fading from `top` to `bottom`."""
    ramp = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    return Image.composite(
        Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp
    )


def _vignette(img: Image.Image, strength: int = 70) -> Image.Image:
    """Darken the corners a little, as a phone lens does."""
    mask = Image.radial_gradient("L").resize(img.size, Image.Resampling.BILINEAR)
    mask = mask.point(lambda v: max(0, min(255, (v - 140) * strength // 100)))
    return Image.composite(Image.new("RGB", img.size, (20, 18, 16)), img, mask)


def _grain(img: Image.Image, seed: int, amount: int = 9) -> Image.Image:
    """Add deterministic luminance noise of +/- `amount` levels (sensor grain)."""
    rng = random.Random(seed)  # noqa: S311 - repeatable pictures, not security
    w, h = img.size
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    noise = noise.point(lambda v: 128 + (v - 128) * amount // 128)
    return ImageChops.add(img, Image.merge("RGB", (noise, noise, noise)), 1.0, -128)


def _finish(small: Image.Image, size: tuple[int, int], seed: int) -> Image.Image:
    """Soften, enlarge to the final size, vignette and add grain."""
    small = small.filter(ImageFilter.GaussianBlur(1.2))
    big = small.resize(size, Image.Resampling.BICUBIC)
    return _grain(_vignette(big), seed)


def _shade(colour: RGB, factor: float) -> RGB:
    """Return `colour` lightened (factor > 1) or darkened (factor < 1)."""
    return tuple(max(0, min(255, round(c * factor))) for c in colour)  # type: ignore[return-value]


def _wood(draw: ImageDraw.ImageDraw, box: Box, base: RGB, rng: random.Random) -> None:
    """Fill `box` with a plain wood-grain texture."""
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=base)
    y = y0
    while y < y1:
        step = rng.uniform(2, 7)
        draw.line(
            [(x0, y), (x1, y + rng.uniform(-3, 3))],
            fill=_shade(base, rng.uniform(0.85, 1.1)),
            width=1,
        )
        y += step


def _person(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    r: float,
    shirt: RGB,
    skin: RGB,
    hair: RGB,
) -> None:
    """Draw a simple seated person seen from the front: round head, rounded body."""
    draw.rounded_rectangle(
        (x - 1.9 * r, y + 0.8 * r, x + 1.9 * r, y + 4.2 * r), radius=r, fill=shirt
    )
    draw.ellipse((x - r, y - r, x + r, y + r), fill=skin)
    draw.chord(
        (x - r * 1.05, y - r * 1.1, x + r * 1.05, y + r * 0.9), 180, 360, fill=hair
    )


def _mug(
    draw: ImageDraw.ImageDraw, x: float, y: float, r: float, colour: RGB, drink: RGB
) -> None:
    """Draw a mug seen from above: rim, drink and handle."""
    draw.ellipse(
        (x - r * 1.08 + 3, y - r * 1.08 + 4, x + r * 1.08 + 3, y + r * 1.08 + 4),
        fill=(60, 40, 25),
    )
    hx = x + r * 0.95
    draw.rounded_rectangle(
        (hx, y - r * 0.3, hx + r * 0.6, y + r * 0.3), radius=r * 0.2, fill=colour
    )
    draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    draw.ellipse((x - r * 0.8, y - r * 0.8, x + r * 0.8, y + r * 0.8), fill=drink)
    draw.ellipse(
        (x - r * 0.35, y - r * 0.45, x - r * 0.05, y - r * 0.2),
        fill=_shade(drink, 1.35),
    )


# ---------------------------------------------------------------------------- scenes

SKINS: list[RGB] = [
    (241, 204, 178),
    (198, 142, 101),
    (141, 93, 62),
    (224, 172, 135),
    (95, 60, 40),
]
HAIRS: list[RGB] = [
    (40, 30, 25),
    (120, 80, 40),
    (200, 170, 110),
    (70, 50, 40),
    (150, 150, 150),
]
SHIRTS: list[RGB] = [
    (32, 84, 147), (180, 60, 70), (70, 130, 90), (230, 180, 60), (110, 90, 150),
    (60, 60, 70), (220, 120, 60), (90, 160, 190),
]  # fmt: skip


def _boardroom(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """People sitting around a long table in a meeting room."""
    w, h = size
    img = _vertical_gradient(size, (226, 219, 205), (176, 166, 150))
    d = ImageDraw.Draw(img)
    # windows with daylight
    for i in range(3):
        x0 = w * (0.1 + 0.3 * i)
        d.rectangle((x0, h * 0.08, x0 + w * 0.2, h * 0.45), fill=(236, 243, 250))
        d.rectangle(
            (x0, h * 0.08, x0 + w * 0.2, h * 0.45), outline=(150, 140, 125), width=4
        )
        d.line(
            [(x0 + w * 0.1, h * 0.08), (x0 + w * 0.1, h * 0.45)],
            fill=(150, 140, 125),
            width=3,
        )
    # carpet
    d.rectangle((0, h * 0.62, w, h), fill=(92, 96, 110))
    table = (w * 0.12, h * 0.5, w * 0.88, h * 0.86)
    # people on the far side (drawn before the table, so it hides their lower half)
    for i in range(5):
        x = w * (0.22 + 0.14 * i) + rng.uniform(-8, 8)
        _person(
            d,
            x,
            h * 0.42,
            w * 0.032,
            rng.choice(SHIRTS),
            rng.choice(SKINS),
            rng.choice(HAIRS),
        )
    d.ellipse(table, fill=(116, 74, 44))
    d.ellipse(
        (table[0] + 10, table[1] + 8, table[2] - 10, table[3] - 14), fill=(139, 92, 56)
    )
    # people at the ends
    for x in (w * 0.07, w * 0.93):
        _person(
            d,
            x,
            h * 0.58,
            w * 0.034,
            rng.choice(SHIRTS),
            rng.choice(SKINS),
            rng.choice(HAIRS),
        )
    # papers, mugs and a jug on the table
    for i in range(6):
        px = w * (0.2 + 0.11 * i)
        py = h * (0.6 + 0.1 * (i % 2))
        d.polygon(
            [(px, py), (px + 40, py - 4), (px + 46, py + 22), (px + 5, py + 26)],
            fill=(245, 245, 240),
        )
        _mug(d, px + 62, py + 8, 9, rng.choice(SHIRTS), (95, 60, 35))
    d.rounded_rectangle(
        (w * 0.49, h * 0.6, w * 0.51, h * 0.7), radius=4, fill=(200, 225, 235)
    )
    # people on the near side, seen from behind
    for i in range(4):
        x = w * (0.27 + 0.16 * i) + rng.uniform(-10, 10)
        r = w * 0.045
        y = h * 0.88
        d.rounded_rectangle(
            (x - 2 * r, y, x + 2 * r, h + r), radius=r, fill=rng.choice(SHIRTS)
        )
        d.ellipse((x - r, y - 1.7 * r, x + r, y + 0.3 * r), fill=rng.choice(HAIRS))
    return img


def _cafe_mugs(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Mugs and a plate of biscuits on a cafe table, seen from above (portrait)."""
    w, h = size
    img = Image.new("RGB", size)
    d = ImageDraw.Draw(img)
    _wood(d, (0, 0, w, h), (158, 112, 72), rng)
    # a checked napkin, a plate of biscuits
    d.rectangle((w * 0.08, h * 0.62, w * 0.5, h * 0.84), fill=(235, 235, 230))
    for i in range(6):
        for j in range(5):
            if (i + j) % 2 == 0:
                x = w * 0.08 + i * w * 0.07
                y = h * 0.62 + j * h * 0.044
                d.rectangle((x, y, x + w * 0.07, y + h * 0.044), fill=(150, 190, 225))
    d.ellipse((w * 0.55, h * 0.58, w * 0.95, h * 0.88), fill=(248, 248, 244))
    d.ellipse((w * 0.58, h * 0.6, w * 0.92, h * 0.86), outline=(220, 220, 215), width=3)
    for _ in range(5):
        bx, by = w * rng.uniform(0.62, 0.82), h * rng.uniform(0.64, 0.78)
        d.ellipse((bx, by, bx + w * 0.09, by + w * 0.09), fill=(214, 168, 98))
    # mugs
    spots = [(0.28, 0.18), (0.7, 0.22), (0.5, 0.38), (0.2, 0.48), (0.8, 0.46)]
    for i, (fx, fy) in enumerate(spots):
        colour = [
            (32, 84, 147),
            (240, 240, 235),
            (230, 180, 60),
            (180, 60, 70),
            (90, 160, 190),
        ][i]
        drink = (92, 58, 32) if i % 2 == 0 else (176, 128, 84)
        _mug(d, w * fx, h * fy, w * 0.1, colour, drink)
    return img


def _leaflet_desk(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A folded information leaflet, a pen and glasses on a desk."""
    w, h = size
    img = Image.new("RGB", size)
    d = ImageDraw.Draw(img)
    _wood(d, (0, 0, w, h), (196, 160, 118), rng)
    # leaflet: three panels, slightly shadowed
    lx, ly, lw, lh = w * 0.2, h * 0.14, w * 0.54, h * 0.72
    d.rectangle((lx + 8, ly + 10, lx + lw + 8, ly + lh + 10), fill=(120, 95, 70))
    for p in range(3):
        px = lx + p * lw / 3
        tint = (252, 252, 250) if p != 1 else (244, 245, 246)
        d.rectangle((px, ly, px + lw / 3, ly + lh), fill=tint)
        d.rectangle((px, ly, px + lw / 3, ly + lh * 0.14), fill=(32, 84, 147))
        for line in range(11):
            ty = ly + lh * (0.22 + 0.065 * line)
            length = lw / 3 * rng.uniform(0.55, 0.82)
            d.line(
                [(px + 14, ty), (px + 14 + length, ty)], fill=(120, 125, 135), width=3
            )
    # the little blue raised-arm figure on the front panel
    cx, cy = lx + lw * 0.83, ly + lh * 0.8
    blue = (32, 84, 147)
    d.ellipse((cx - 10, cy - 44, cx + 10, cy - 24), outline=blue, width=3)
    d.line([(cx, cy - 24), (cx, cy + 10)], fill=blue, width=3)
    d.line([(cx, cy - 16), (cx + 18, cy - 40)], fill=blue, width=3)
    d.line([(cx, cy - 14), (cx - 16, cy)], fill=blue, width=3)
    d.line([(cx, cy + 10), (cx - 10, cy + 32)], fill=blue, width=3)
    d.line([(cx, cy + 10), (cx + 10, cy + 32)], fill=blue, width=3)
    # pen and glasses
    d.line([(w * 0.8, h * 0.25), (w * 0.93, h * 0.7)], fill=(25, 25, 30), width=12)
    d.line(
        [(w * 0.925, h * 0.68), (w * 0.932, h * 0.71)], fill=(200, 200, 205), width=6
    )
    for gx in (w * 0.04, w * 0.12):
        d.ellipse((gx, h * 0.7, gx + w * 0.07, h * 0.82), outline=(40, 40, 45), width=6)
    d.line([(w * 0.11, h * 0.75), (w * 0.12, h * 0.75)], fill=(40, 40, 45), width=6)
    return img


def _coffee_morning(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A community hall coffee morning: small round tables, people, bunting."""
    w, h = size
    img = _vertical_gradient(size, (240, 232, 214), (214, 200, 176))
    d = ImageDraw.Draw(img)
    d.rectangle((0, h * 0.58, w, h), fill=(170, 128, 88))  # wooden floor
    for x in range(0, w, 24):
        d.line(
            [(x, h * 0.58), (x - (w / 2 - x) * 0.6, h)], fill=(150, 110, 74), width=1
        )
    # bunting
    flags = [(32, 84, 147), (230, 180, 60), (180, 60, 70), (70, 130, 90)]
    for i in range(16):
        x = w * i / 16
        sag = h * 0.05 * (1 - ((i + 0.5) / 8 - 1) ** 2)
        d.polygon(
            [
                (x, h * 0.1 + sag),
                (x + w / 16, h * 0.1 + sag),
                (x + w / 32, h * 0.17 + sag),
            ],
            fill=flags[i % 4],
        )
    # a serving hatch with an urn
    d.rectangle(
        (w * 0.62, h * 0.2, w * 0.92, h * 0.42),
        fill=(250, 246, 236),
        outline=(140, 120, 95),
        width=3,
    )
    d.rounded_rectangle(
        (w * 0.7, h * 0.26, w * 0.76, h * 0.4), radius=6, fill=(190, 195, 200)
    )
    # tables with people around them
    for tx, ty in ((0.25, 0.66), (0.62, 0.74)):
        cx, cy = w * tx, h * ty
        for side in (-1, 1):
            _person(
                d,
                cx + side * w * 0.13,
                cy - h * 0.14,
                w * 0.026,
                rng.choice(SHIRTS),
                rng.choice(SKINS),
                rng.choice(HAIRS),
            )
        _person(
            d,
            cx,
            cy - h * 0.2,
            w * 0.024,
            rng.choice(SHIRTS),
            rng.choice(SKINS),
            rng.choice(HAIRS),
        )
        d.ellipse(
            (cx - w * 0.14, cy - h * 0.06, cx + w * 0.14, cy + h * 0.06),
            fill=(236, 236, 230),
        )
        d.rectangle((cx - 4, cy + h * 0.06, cx + 4, cy + h * 0.2), fill=(90, 90, 95))
        for k in range(3):
            mx = cx + w * (k - 1) * 0.07
            d.rounded_rectangle(
                (mx - 9, cy - 16, mx + 9, cy + 4), radius=3, fill=rng.choice(flags)
            )
    return img


def _park_walk(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A path through a park, trees either side, two people walking."""
    w, h = size
    img = _vertical_gradient(size, (142, 190, 230), (214, 232, 244))
    d = ImageDraw.Draw(img)
    horizon = h * 0.5
    d.rectangle((0, horizon, w, h), fill=(104, 156, 78))
    for _ in range(400):
        gx, gy = rng.uniform(0, w), rng.uniform(horizon, h)
        d.line(
            [(gx, gy), (gx + rng.uniform(-2, 2), gy - 4)], fill=(84, 136, 62), width=1
        )
    d.polygon(
        [(w * 0.47, horizon), (w * 0.53, horizon), (w * 0.85, h), (w * 0.15, h)],
        fill=(198, 180, 150),
    )
    # trees: further ones are smaller and paler
    for side in (-1, 1):
        for k in range(5):
            depth = 1 - k * 0.17
            tx = w / 2 + side * w * (0.12 + 0.33 * depth)
            ty = horizon + h * 0.32 * depth
            r = w * 0.1 * depth
            d.rectangle(
                (tx - r * 0.12, ty - r * 1.2, tx + r * 0.12, ty), fill=(90, 66, 46)
            )
            leaf = _shade((62, 118, 58), 1 + 0.12 * k)
            d.ellipse((tx - r, ty - r * 2.6, tx + r, ty - r * 0.9), fill=leaf)
            d.ellipse(
                (tx - r * 0.6, ty - r * 3.0, tx + r * 0.7, ty - r * 1.6),
                fill=_shade(leaf, 1.1),
            )
    # two walkers
    for px, shirt in ((w * 0.47, (180, 60, 70)), (w * 0.53, (32, 84, 147))):
        py = h * 0.66
        d.rounded_rectangle((px - 11, py, px + 11, py + 40), radius=6, fill=shirt)
        d.line([(px - 5, py + 40), (px - 7, py + 64)], fill=(50, 50, 60), width=7)
        d.line([(px + 5, py + 40), (px + 8, py + 64)], fill=(50, 50, 60), width=7)
        d.ellipse((px - 8, py - 17, px + 8, py - 1), fill=rng.choice(HAIRS))
    return img


def _notebook(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """An open lined notebook with a pencil and a few handwritten lines."""
    w, h = size
    img = Image.new("RGB", size)
    d = ImageDraw.Draw(img)
    _wood(d, (0, 0, w, h), (120, 86, 60), rng)
    nx0, ny0, nx1, ny1 = w * 0.12, h * 0.1, w * 0.82, h * 0.92
    d.rectangle((nx0 + 5, ny0 + 6, nx1 + 5, ny1 + 6), fill=(60, 42, 30))
    d.rectangle((nx0, ny0, nx1, ny1), fill=(250, 249, 242))
    mid = (nx0 + nx1) / 2
    d.line([(mid, ny0), (mid, ny1)], fill=(200, 198, 190), width=3)
    for y in range(int(ny0 + 24), int(ny1 - 8), 14):
        d.line([(nx0 + 8, y), (nx1 - 8, y)], fill=(178, 200, 226), width=1)
    # handwriting on the left page: wobbly strokes
    y = ny0 + 22
    for _ in range(7):
        x = nx0 + 14
        end = mid - rng.uniform(14, 60)
        pts = []
        while x < end:
            pts.append((x, y + rng.uniform(-3, 1)))
            x += rng.uniform(3, 6)
        d.line(pts, fill=(40, 50, 90), width=1)
        y += 28
    d.line([(w * 0.86, h * 0.15), (w * 0.93, h * 0.8)], fill=(232, 190, 60), width=8)
    d.polygon(
        [(w * 0.926, h * 0.79), (w * 0.938, h * 0.79), (w * 0.935, h * 0.84)],
        fill=(220, 190, 150),
    )
    return img


def _raised_arm(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """The brand figure: a hand-drawn blue person with one arm raised (transparent)."""
    w, h = size
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    blue = (32, 84, 147, 255)
    stroke = round(w * 0.028)

    def wobbly(points: list[tuple[float, float]]) -> None:
        """Draw a slightly uneven line through `points`, like a felt pen."""
        path: list[tuple[float, float]] = []
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            for t in range(8):
                f = t / 8
                path.append(
                    (
                        x0 + (x1 - x0) * f + rng.uniform(-2, 2),
                        y0 + (y1 - y0) * f + rng.uniform(-2, 2),
                    )
                )
        path.append(points[-1])
        d.line(path, fill=blue, width=stroke, joint="curve")
        for x, y in (path[0], path[-1]):
            d.ellipse(
                (x - stroke / 2, y - stroke / 2, x + stroke / 2, y + stroke / 2),
                fill=blue,
            )

    cx = w * 0.48
    # head: two overlapping, slightly offset ellipses read as a pen sketch
    d.ellipse(
        (cx - w * 0.09, h * 0.1, cx + w * 0.09, h * 0.28), outline=blue, width=stroke
    )
    d.ellipse(
        (cx - w * 0.085, h * 0.105, cx + w * 0.095, h * 0.283),
        outline=blue,
        width=max(2, stroke // 3),
    )
    neck, hip = (cx, h * 0.29), (cx + w * 0.01, h * 0.6)
    wobbly([neck, (cx + w * 0.005, h * 0.45), hip])
    # raised arm (elbow out, hand up high) and relaxed arm
    wobbly([(cx, h * 0.34), (cx + w * 0.14, h * 0.24), (cx + w * 0.2, h * 0.07)])
    wobbly([(cx, h * 0.34), (cx - w * 0.12, h * 0.45), (cx - w * 0.17, h * 0.58)])
    # legs
    wobbly([hip, (cx - w * 0.06, h * 0.75), (cx - w * 0.1, h * 0.9)])
    wobbly([hip, (cx + w * 0.08, h * 0.75), (cx + w * 0.12, h * 0.9)])
    # the open hand: three short strokes
    hx, hy = cx + w * 0.2, h * 0.07
    for dx, dy in ((-0.03, -0.04), (0.0, -0.05), (0.03, -0.035)):
        wobbly([(hx, hy), (hx + w * dx, hy + h * dy)])
    return img


# ---------------------------------------------------------------------------- EXIF


def _dms(value: float) -> tuple[float, float, float]:
    """Convert decimal degrees to (degrees, minutes, seconds) for EXIF GPS."""
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 2)
    return (float(degrees), float(minutes), seconds)


def _exif(
    *,
    taken: str | None = None,
    orientation: int | None = None,
    gps: tuple[float, float] | None = None,
) -> Image.Exif:
    """Build phone-style EXIF: camera, capture time, orientation and optional GPS."""
    exif = Image.Exif()
    if taken:
        exif[Base.Make] = "Google"
        exif[Base.Model] = "Pixel 7a"
        exif[Base.Software] = "HDR+ 1.0.0"
        exif[Base.DateTime] = taken
        sub = exif.get_ifd(IFD.Exif)
        sub[Base.DateTimeOriginal] = taken
        sub[Base.DateTimeDigitized] = taken
        sub[Base.FocalLength] = 5.43
        sub[Base.FNumber] = 1.89
        sub[Base.ISOSpeedRatings] = 125
    if orientation is not None:
        exif[Base.Orientation] = orientation
    if gps is not None:
        lat, lon = gps
        gps_ifd = exif.get_ifd(IFD.GPSInfo)
        gps_ifd[GPS.GPSVersionID] = b"\x02\x02\x00\x00"
        gps_ifd[GPS.GPSLatitudeRef] = "N" if lat >= 0 else "S"
        gps_ifd[GPS.GPSLatitude] = _dms(lat)
        gps_ifd[GPS.GPSLongitudeRef] = "E" if lon >= 0 else "W"
        gps_ifd[GPS.GPSLongitude] = _dms(lon)
        gps_ifd[GPS.GPSAltitudeRef] = b"\x00"
        gps_ifd[GPS.GPSAltitude] = 14.0
    return exif


# ---------------------------------------------------------------------------- photos


@dataclass(frozen=True)
class SamplePhoto:
    """One sample photo: file name, upright size, scene, and how it is stored."""

    name: str
    size: tuple[int, int]  # width, height as the viewer should see it
    scene: Callable[[tuple[int, int], random.Random], Image.Image]
    seed: int
    taken: str | None = None
    orientation: int | None = None  # EXIF Orientation; pixels are stored to match
    gps: tuple[float, float] | None = None


PHOTOS: tuple[SamplePhoto, ...] = (
    SamplePhoto(
        "boardroom-table.jpg", (4000, 3000), _boardroom, 1,
        taken="2025:06:19 14:02:37", gps=(52.2053, 0.1218),
    ),
    # Portrait: seen as 3000x4000, stored as 4000x3000 with Orientation 6 like a phone.
    SamplePhoto(
        "cafe-mugs.jpg", (3000, 4000), _cafe_mugs, 2,
        taken="2025:05:08 10:41:12", orientation=6, gps=(52.2286, -0.2646),
    ),
    SamplePhoto(
        "leaflet-desk.jpg", (3000, 2000), _leaflet_desk, 3,
        taken="2025:04:02 16:15:03",
    ),
    SamplePhoto(
        "coffee-morning.jpg", (2400, 1600), _coffee_morning, 4,
        taken="2025:03:14 10:27:55", gps=(52.5695, -0.2405),
    ),
    SamplePhoto("park-walk.jpg", (1600, 1067), _park_walk, 5),
    # Stored upside down, with Orientation 3 to turn it the right way up.
    SamplePhoto(
        "notebook.jpg", (1200, 900), _notebook, 6,
        taken="2025:02:21 19:03:44", orientation=3,
    ),
    SamplePhoto("raised-arm.png", (800, 800), _raised_arm, 7),
)  # fmt: skip

# How to store upright pixels so that applying the EXIF Orientation shows them upright.
_STORE_FOR_ORIENTATION = {
    3: Image.Transpose.ROTATE_180,
    6: Image.Transpose.ROTATE_90,  # viewer rotates 90 degrees clockwise
    8: Image.Transpose.ROTATE_270,
}


def render(photo: SamplePhoto) -> Image.Image:
    """Draw `photo` upright at its final size."""
    rng = random.Random(photo.seed)  # noqa: S311 - repeatable pictures, not security
    if photo.name.endswith(".png"):
        return photo.scene(photo.size, rng)
    w, h = photo.size
    small = photo.scene((w // SCALE, h // SCALE), rng)
    return _finish(small, photo.size, photo.seed)


def write_photo(photo: SamplePhoto, path: Path) -> None:
    """Render `photo` and save it to `path` with its EXIF and stored orientation."""
    img = render(photo)
    if photo.name.endswith(".png"):
        img.save(path, "PNG", optimize=True)
        return
    if photo.orientation in _STORE_FOR_ORIENTATION:
        img = img.transpose(_STORE_FOR_ORIENTATION[photo.orientation])
    exif = _exif(taken=photo.taken, orientation=photo.orientation, gps=photo.gps)
    options: dict[str, object] = {"quality": JPEG_QUALITY}
    if len(exif):
        options["exif"] = exif.tobytes()
    img.save(path, "JPEG", **options)


def _write_missing(photos: list[SamplePhoto], dest: Path) -> list[Path]:
    """Write those of photos that dest lacks (made if need be); return all paths."""
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for photo in photos:
        path = dest / photo.name
        if not path.exists():
            # Its own temporary name: two tasks painting at once never share one.
            handle, name = tempfile.mkstemp(dir=dest, prefix=f".{path.name}.")
            os.close(handle)
            tmp = Path(name)
            try:
                write_photo(photo, tmp)
                tmp.replace(path)  # whole or not at all: a kill leaves no half
            finally:
                tmp.unlink(missing_ok=True)
        paths.append(path)
    return paths


def make_sample_photos(dest: Path) -> list[Path]:
    """Write missing sample photos into dest (created if need be); return all paths."""
    return _write_missing(list(PHOTOS), Path(dest))


def _post_text(path: Path) -> str:
    """A post's text; "" for a link, a special file or one that cannot be read.

    Never followed out of the content folder or blocked on a pipe: the build
    itself names such a file.
    """
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def photos_in_use(content: Path) -> list[SamplePhoto]:
    """The sample photos the posts in content name (none without the sample's posts)."""
    names = {photo.name for photo in PHOTOS}
    used: set[str] = set()
    for folder, _folders, files in os.walk(content):  # never into a linked folder
        for name in files:
            if name.endswith(".md"):
                text = _post_text(Path(folder) / name)
                used.update(names.intersection(_REFERENCE.findall(text)))
    return [photo for photo in PHOTOS if photo.name in used]


def paint_for(content: Path | str) -> list[Path]:
    """Paint the sample photos content's posts use and it lacks; return their paths.

    A content folder without the sample's posts gets nothing, not even the
    empty images/sample/ folder.
    """
    content = Path(content)
    dest = content / SAMPLE_FOLDER
    if all((dest / photo.name).is_file() for photo in PHOTOS):
        return []  # the usual case once painted: no post needs reading
    missing = [p for p in photos_in_use(content) if not (dest / p.name).exists()]
    if not missing:
        return []
    try:
        return _write_missing(missing, dest)
    except OSError as problem:
        raise TaskError(
            f"error: cannot paint the sample photos into {dest} "
            f"({problem.strerror or problem}): free some space or make it writable"
        ) from None


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: write the photos into DEST or the default folder."""
    import argparse

    # argparse, so `--help` prints this and an unknown option is a usage error,
    # never the name of a folder to paint into.
    parser = argparse.ArgumentParser(
        prog="python -m charity_site_ops.sample_photos",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument(
        "dest",
        nargs="?",
        type=Path,
        default=DEFAULT_DEST,
        metavar="DEST",
        help="folder to write the photos into (default: content/images/sample)",
    )
    args = parser.parse_args(argv)
    for path in make_sample_photos(args.dest):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
