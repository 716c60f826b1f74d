"""Link-preview cards, 1200x630: drawn for a page with no picture, fitted for one
with a picture that would not crop well. Pure (Pillow, the vendored font).

A drawn card is the brand's logo and the site's name over the page's title, in
white on the brand's primary colour, set in Atkinson Hyperlegible. A picture
with transparency, or far from the card's shape, is fitted whole onto the
brand's background, never cropped through or left black.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

CARD = (1200, 630)
FONTS = Path(__file__).resolve().parents[3] / "vendor" / "atkinson-hyperlegible"
SUBSETS = (  # the font file of each subset, tried in this order for a character
    ("latin", "atkinson-hyperlegible-latin-700-normal.woff"),
    ("latin-ext", "atkinson-hyperlegible-latin-ext-700-normal.woff"),
)
MARGIN = 80
TITLE_SIZES = (76, 64, 54, 46)  # the largest whose lines fit is used
MAX_LINES = 4
MAX_TITLE = 240  # characters: more than four lines can show at any size
# How far a picture's shape may be from the card's (1.9:1) and still be cropped
# to fill it: beyond, it is fitted whole.
CROP_RATIOS = (1.45, 2.5)


def _ranges(spec: str) -> tuple[tuple[int, int], ...]:
    found = []
    for part in spec.split(","):
        start, _, end = part.strip().removeprefix("U+").partition("-")
        found.append((int(start, 16), int(end or start, 16)))
    return tuple(found)


@dataclass(frozen=True)
class CardFont:
    """The subsets of the card font at one size, and which characters each has."""

    fonts: tuple[tuple[tuple[tuple[int, int], ...], ImageFont.FreeTypeFont], ...]

    def font_for(self, char: str) -> ImageFont.FreeTypeFont:
        """The subset that holds char (the first one when none does)."""
        code = ord(char)
        for ranges, font in self.fonts:
            if any(low <= code <= high for low, high in ranges):
                return font
        return self.fonts[0][1]

    def runs(self, text: str) -> list[tuple[ImageFont.FreeTypeFont, str]]:
        """text in pieces, each drawn with one subset."""
        pieces: list[tuple[ImageFont.FreeTypeFont, str]] = []
        for char in text:
            font = self.font_for(char)
            if pieces and pieces[-1][0] is font:
                pieces[-1] = (font, pieces[-1][1] + char)
            else:
                pieces.append((font, char))
        return pieces

    def width(self, text: str) -> float:
        """The drawn width of text, in pixels."""
        return sum(font.getlength(piece) for font, piece in self.runs(text))

    def draw(self, canvas: ImageDraw.ImageDraw, at: tuple[float, float], text: str):
        """Draw text in white from at (the left of its baseline)."""
        x, y = at
        for font, piece in self.runs(text):
            canvas.text((x, y), piece, font=font, fill="white", anchor="ls")
            x += font.getlength(piece)


@lru_cache(maxsize=16)
def card_font(size: int, folder: Path = FONTS) -> CardFont:
    """The vendored font at size, with the character ranges of each subset."""
    ranges = json.loads((folder / "unicode.json").read_text(encoding="utf-8"))
    return CardFont(
        tuple(
            (_ranges(ranges[name]), ImageFont.truetype(str(folder / file), size))
            for name, file in SUBSETS
        )
    )


def wrap(text: str, font: CardFont, width: float) -> list[str]:
    """text in lines no wider than width (a word too long for a line is cut)."""
    lines: list[str] = []
    for word in text.split():
        while font.width(word) > width:  # a very long word: cut it where it must
            # The longest start that fits, found by halving (a few measures).
            low, high = 1, len(word)
            while low < high:
                middle = (low + high + 1) // 2
                if font.width(word[:middle]) <= width:
                    low = middle
                else:
                    high = middle - 1
            lines.append(word[:low])
            word = word[low:]
        if lines and font.width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _title_lines(title: str, width: float) -> tuple[CardFont, list[str]]:
    # Four lines hold under 200 characters even at the smallest size: a longer
    # title is cut first, so a very long one costs no more than that.
    cut = len(title) > MAX_TITLE
    title = title[:MAX_TITLE]
    for size in TITLE_SIZES:
        font = card_font(size)
        lines = wrap(title, font, width)
        if len(lines) <= MAX_LINES and not cut:
            return font, lines
    lines = wrap(title, font, width)[:MAX_LINES]
    while lines[-1] and font.width(lines[-1] + "…") > width:
        lines[-1] = lines[-1][:-1]
    lines[-1] = lines[-1].rstrip() + "…"
    return font, lines


def drawn_card(title: str, site_name: str, colour: str, logo_png: bytes) -> Image.Image:
    """A card for a page with no picture: logo and site name, then the title."""
    card = Image.new("RGB", CARD, colour)
    canvas = ImageDraw.Draw(card)
    with Image.open(io.BytesIO(logo_png)) as logo:
        mark = logo.convert("RGBA").resize((88, 88), Image.Resampling.LANCZOS)
    card.paste(mark, (MARGIN, 64), mark)
    card_font(40).draw(canvas, (MARGIN + 88 + 24, 64 + 58), site_name)
    font, lines = _title_lines(
        " ".join(title.split()) or site_name, CARD[0] - 2 * MARGIN
    )
    size = font.fonts[0][1].size
    line_height = round(size * 1.18)
    top = 230 + (MAX_LINES - len(lines)) * line_height // 2
    for number, line in enumerate(lines):
        font.draw(canvas, (MARGIN, top + size + number * line_height), line)
    return card


def fitted_card(image: Image.Image, background: str) -> Image.Image:
    """A picture as a card: cropped to fill when its shape is close to the card's,
    otherwise fitted whole onto background; transparency always onto background."""
    ratio = image.width / image.height
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if not transparent and CROP_RATIOS[0] <= ratio <= CROP_RATIOS[1]:
        card = ImageOps.fit(image.convert("RGB"), CARD, Image.Resampling.LANCZOS)
        card.info = {}
        return card
    card = Image.new("RGB", CARD, background)
    inner = (CARD[0] - 2 * 40, CARD[1] - 2 * 40)
    picture = ImageOps.contain(image.convert("RGBA"), inner, Image.Resampling.LANCZOS)
    at = ((CARD[0] - picture.width) // 2, (CARD[1] - picture.height) // 2)
    card.paste(picture, at, picture)
    return card


def jpeg(card: Image.Image, quality: int) -> bytes:
    """The card as a baseline JPEG with no metadata."""
    out = io.BytesIO()
    card.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()
