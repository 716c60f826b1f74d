"""Photo-like pictures for the benchmarks: seeded, textured, realistic to encode."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw, ImageOps


def textured_photo(
    size: tuple[int, int], rng: random.Random, shapes: int, texture: tuple[int, int]
) -> Image.Image:
    """A tilted gradient with shapes, texture at two scales and grain, like a scene.

    A flat picture compresses and encodes far faster than a real photo, which
    would flatter every timing: the texture and grain keep the work realistic.
    """
    width, height = size

    def colour() -> tuple[int, int, int]:
        return (rng.randrange(256), rng.randrange(256), rng.randrange(256))

    gradient = Image.linear_gradient("L").rotate(
        rng.uniform(0, 360), Image.Resampling.BICUBIC, fillcolor=128
    )
    image = ImageOps.colorize(
        gradient.resize(size, Image.Resampling.BICUBIC), colour(), colour()
    )
    draw = ImageDraw.Draw(image)
    for _ in range(shapes):
        x, y = rng.randrange(width), rng.randrange(height)
        half_w = rng.randrange(width // 20, width // 3)
        half_h = rng.randrange(height // 20, height // 3)
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x - half_w, y - half_h, x + half_w, y + half_h), fill=colour())
    for cells, mix in zip(texture, (0.25, 0.12), strict=True):
        small = (cells, cells * height // width)
        noise = Image.frombytes("RGB", small, rng.randbytes(small[0] * small[1] * 3))
        image = Image.blend(image, noise.resize(size, Image.Resampling.BICUBIC), mix)
    grain = Image.frombytes("L", size, rng.randbytes(width * height))
    return Image.blend(image, grain.convert("RGB"), 0.05)
