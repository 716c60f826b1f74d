"""/favicon.ico from the theme's SVG icon, for browsers and tools that ask for it. Pure.

Browsers that read `<link rel="icon">` use the SVG; feed readers, bookmarks and
old browsers ask for /favicon.ico without looking. It is drawn from the same SVG,
so the icon is defined once.
"""

from __future__ import annotations

import io

import resvg_py
from PIL import Image

ICO_SIZES = (16, 32, 48)


def ico_from_svg(svg: str) -> bytes:
    """An .ico holding the SVG drawn at 16, 32 and 48 pixels."""
    largest = max(ICO_SIZES)
    png = bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg, width=largest, height=largest, skip_system_fonts=True
        )
    )
    with Image.open(io.BytesIO(png)) as drawn:
        image = drawn.convert("RGBA")
    out = io.BytesIO()
    image.save(out, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    return out.getvalue()
