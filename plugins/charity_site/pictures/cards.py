"""Link-preview cards, 1200x630: drawn for a page with no picture, fitted for one
with a picture that would not crop well. Pure (Pillow, the vendored font).

A drawn card is the brand's logo and the site's name over the page's title, in
white on the brand's primary colour, set in Atkinson Hyperlegible. The font has
Latin letters only: a character it has no glyph for (read from the font's own
character map) is never drawn as an empty box. A missing accented letter is
drawn without its accent (Welsh ŵ as w); a missing symbol (an emoji) is left
out; a missing letter (Chinese, Arabic...) leaves the whole title out, and the
card shows the site's name, since half a title would mislead. A picture
with transparency, or far from the card's shape, is fitted whole onto the
brand's background, never cropped through or left black.
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zlib
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
# Measured over 200 cards of corpus titles (benchmarks/encoding.py cards): a
# progressive card took 6.7-8.1 ms to encode, a baseline one 2.6-3.4 ms with the
# same pixels (40.5 dB) for 11% more bytes (36 KB, not 33 KB). A card is fetched
# once by each sharing site's crawler, never by a page: time wins. 4:4:4 keeps
# edges sharper (43 dB) for 52% more bytes. Quality 80 would win the bytes back
# at 0.9 dB less; 85 stays, so a card looks exactly as it did.
JPEG_OPTIONS: dict[str, object] = {"quality": 85, "optimize": True, "subsampling": 2}


def _font_tables(data: bytes) -> dict[bytes, bytes]:
    """The tables of a WOFF 1.0, TrueType or OpenType font file, unpacked."""
    tables = {}
    if data[:4] == b"wOFF":
        (count,) = struct.unpack_from(">H", data, 12)
        for number in range(count):
            tag, offset, packed, size, _sum = struct.unpack_from(
                ">4sIIII", data, 44 + 20 * number
            )
            raw = data[offset : offset + packed]
            tables[tag] = zlib.decompress(raw) if packed < size else raw
        return tables
    (count,) = struct.unpack_from(">H", data, 4)
    for number in range(count):
        tag, _sum, offset, size = struct.unpack_from(">4sIII", data, 12 + 16 * number)
        tables[tag] = data[offset : offset + size]
    return tables


def _format_4(table: bytes, at: int) -> set[int]:
    segments = struct.unpack_from(">H", table, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", table, at + 14)
    starts = struct.unpack_from(f">{segments}H", table, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", table, at + 16 + 4 * segments)
    offsets_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", table, offsets_at)
    codes: set[int] = set()
    for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
        for code in range(start, min(end, 0xFFFE) + 1):
            if offsets[number] == 0:
                glyph = (code + deltas[number]) & 0xFFFF
            else:
                where = offsets_at + 2 * number + offsets[number] + 2 * (code - start)
                (glyph,) = struct.unpack_from(">H", table, where)
                glyph = (glyph + deltas[number]) & 0xFFFF if glyph else 0
            if glyph:
                codes.add(code)
    return codes


def _format_12(table: bytes, at: int) -> set[int]:
    (groups,) = struct.unpack_from(">I", table, at + 12)
    codes: set[int] = set()
    for number in range(groups):
        start, end, glyph = struct.unpack_from(">III", table, at + 16 + 12 * number)
        codes.update(c for c in range(start, end + 1) if glyph + c - start)
    return codes


@lru_cache(maxsize=8)
def font_codes(path: Path) -> frozenset[int]:
    """The characters a font file has a glyph for, from its own character map."""
    table = _font_tables(path.read_bytes())[b"cmap"]
    (count,) = struct.unpack_from(">H", table, 2)
    subtables = {}
    for number in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", table, 4 + 8 * number)
        if platform == 0 or (platform, encoding) in ((3, 1), (3, 10)):  # Unicode
            (kind,) = struct.unpack_from(">H", table, offset)
            subtables.setdefault(kind, offset)
    if 12 in subtables:  # the whole of Unicode; format 4 holds the first plane
        return frozenset(_format_12(table, subtables[12]))
    if 4 in subtables:
        return frozenset(_format_4(table, subtables[4]))
    return frozenset()


@dataclass(frozen=True)
class CardFont:
    """The subsets of the card font at one size, and which characters each has."""

    fonts: tuple[tuple[frozenset[int], ImageFont.FreeTypeFont], ...]

    def has(self, char: str) -> bool:
        """True when a subset has a glyph for char."""
        return any(ord(char) in codes for codes, _font in self.fonts)

    def font_for(self, char: str) -> ImageFont.FreeTypeFont:
        """The subset that holds char (the first one when none does)."""
        code = ord(char)
        for codes, font in self.fonts:
            if code in codes:
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
    """The vendored font at size, with the characters each subset has."""
    return CardFont(
        tuple(
            (font_codes(folder / file), ImageFont.truetype(str(folder / file), size))
            for _name, file in SUBSETS
        )
    )


def _invisible(char: str) -> bool:
    """A character that shows nothing by itself: a format mark or a variation."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Cc", "Cf")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors (emoji or text style)
        or 0xE0100 <= code <= 0xE01EF
    )


@dataclass(frozen=True)
class CardText:
    """What a card can draw of a text, and the characters its font lacks."""

    text: str  # empty when the text cannot be shown without misleading
    missing: tuple[str, ...]  # visible characters the font has no glyph for, once
    unaccented: tuple[str, ...] = ()  # of those, drawn as their plain letter (ŵ: w)


def plain_letter(char: str) -> str:
    """The letter under an accent (ŵ: w); char itself when it has none."""
    return unicodedata.normalize("NFD", char)[0]


def _plain_letter(char: str, font: CardFont) -> str | None:
    """The letter under an accent when the font has it, else None."""
    base, *marks = unicodedata.normalize("NFD", char)
    if marks and font.has(base) and all(unicodedata.combining(m) for m in marks):
        return base
    return None


def card_text(title: str, folder: Path = FONTS) -> CardText:
    """title as the card font can draw it: no character becomes an empty box.

    An invisible mark is left out and a missing space is a space; a missing
    accented letter is drawn without its accent (Welsh ŵ as w); a missing
    symbol (emoji, arrows) is left out; a missing letter, digit or punctuation
    leaves the whole text out. Each missing character is named once.
    """
    font = card_font(TITLE_SIZES[0], folder)
    kept: list[str] = []
    missing: dict[str, None] = {}
    unaccented: dict[str, None] = {}
    readable = True
    for char in unicodedata.normalize("NFC", title):
        if char.isspace() or unicodedata.category(char) in ("Zs", "Zl", "Zp"):
            kept.append(" ")
        elif _invisible(char):  # even where the font has it: nothing to see, or a
            continue  # direction override that would reorder the title
        elif font.has(char):
            kept.append(char)
        elif plain := _plain_letter(char, font):
            kept.append(plain)
            missing[char] = unaccented[char] = None
        else:
            missing[char] = None
            # An emoji or other symbol is decoration; a letter is the title.
            readable = readable and unicodedata.category(char)[0] in ("S", "M")
    text = " ".join("".join(kept).split()) if readable else ""
    return CardText(text, tuple(missing), tuple(unaccented) if readable else ())


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


@lru_cache(maxsize=4)
def _card_base(site_name: str, colour: str, logo_png: bytes) -> tuple[Image.Image, str]:
    """What every card of one brand shares (background, logo, site name), and the
    site name as drawn.

    A per-process cache, bounded: a build has one brand, so a worker draws this
    once and every card after it starts from a copy (a tenth of a card's time).
    Four entries cover a test process that draws for a few brands; the key holds
    the logo's bytes, so a changed logo is never served from here.
    """
    card = Image.new("RGB", CARD, colour)
    canvas = ImageDraw.Draw(card)
    with Image.open(io.BytesIO(logo_png)) as logo:
        mark = logo.convert("RGBA").resize((88, 88), Image.Resampling.LANCZOS)
    card.paste(mark, (MARGIN, 64), mark)
    name = card_text(site_name).text
    card_font(40).draw(canvas, (MARGIN + 88 + 24, 64 + 58), name)
    return card, name


def drawn_card(title: str, site_name: str, colour: str, logo_png: bytes) -> Image.Image:
    """A card for a page with no picture: logo and site name, then the title
    (the site's name again when the font cannot draw the title)."""
    base, name = _card_base(site_name, colour, logo_png)
    card = base.copy()  # the cached base is never drawn on
    canvas = ImageDraw.Draw(card)
    font, lines = _title_lines(card_text(title).text or name, CARD[0] - 2 * MARGIN)
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


def jpeg(card: Image.Image) -> bytes:
    """The card as a JPEG with no metadata, saved with JPEG_OPTIONS."""
    out = io.BytesIO()
    card.save(out, "JPEG", **JPEG_OPTIONS)
    return out.getvalue()
