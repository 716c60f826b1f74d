"""Make test pictures like editors' phone photos, and find metadata in image files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_exif(orientation: int = 1, gps: bool = True) -> Image.Exif:
    """EXIF as a phone writes it: camera, time, orientation and (optionally) GPS."""
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"  # Make
    exif[0x0110] = "Model 7"  # Model
    exif[0x0131] = "Camera app"  # Software
    exif[ORIENTATION] = orientation
    if gps:
        gps_ifd = exif.get_ifd(GPS_IFD)
        gps_ifd[1] = "N"
        gps_ifd[2] = (52.0, 12.0, 19.08)
        gps_ifd[3] = "E"
        gps_ifd[4] = (0.0, 7.0, 18.48)
    return exif


def sideways_portrait(path: Path, width: int = 1200, height: int = 1600) -> Path:
    """A portrait photo stored sideways with EXIF orientation 6, as phones do.

    Upright it is red at the top and blue at the bottom.
    """
    upright = Image.new("RGB", (width, height), "blue")
    upright.paste(Image.new("RGB", (width, height // 4), (220, 0, 0)), (0, 0))
    # Orientation 6: "turn 90 degrees clockwise to display", so store it turned back.
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    stored.save(path, "JPEG", quality=90, exif=phone_exif(orientation=6).tobytes())
    return path


def gps_photo(path: Path, size: tuple[int, int] = (2400, 1600)) -> Path:
    """A landscape JPEG with GPS, camera EXIF, an XMP packet and a comment."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    image.save(
        path,
        "JPEG",
        quality=88,
        exif=phone_exif().tobytes(),
        xmp=xmp,
        comment=b"taken at home",
    )
    return path


def transparent_png(path: Path, size: tuple[int, int] = (900, 600)) -> Path:
    """A PNG with a transparent background, a text chunk and EXIF."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste(
        Image.new("RGBA", (size[0] // 2, size[1] // 2), (20, 80, 160, 255)), (10, 10)
    )
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Someone Private")
    image.save(path, "PNG", pnginfo=info, exif=phone_exif().tobytes())
    return path


def corrupt_jpeg(path: Path) -> Path:
    """A JPEG cut short, as an interrupted upload leaves it."""
    gps_photo(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def bomb_png(path: Path, width: int = 40_000, height: int = 40_000) -> Path:
    """A tiny PNG whose header claims a vast size (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )
    return path


def unsupported_bmp(path: Path) -> Path:
    """A BMP: an image Pillow reads but the site does not accept."""
    Image.new("RGB", (64, 64), "green").save(path, "BMP")
    return path


def metadata_blocks(path: Path) -> list[str]:
    """Names of the metadata blocks in an image file (empty when it is clean)."""
    data = path.read_bytes()
    found = []
    if data.startswith(b"\xff\xd8"):
        found += _jpeg_blocks(data)
    elif data.startswith(b"\x89PNG"):
        found += _png_blocks(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        found += _webp_blocks(data)
    else:
        found.append("unknown format")
    with Image.open(path) as image:
        if image.getexif():
            found.append("EXIF (Pillow)")
        found += [
            f"info:{key}"
            for key in ("exif", "xmp", "icc_profile", "comment")
            if key in image.info
        ]
    return found


def _jpeg_blocks(data: bytes) -> list[str]:
    found, at = [], 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: no more metadata segments
            break
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        body = data[at + 4 : at + 2 + length]
        if marker == 0xFE:
            found.append("JPEG comment")
        elif 0xE1 <= marker <= 0xEF:
            label = body.split(b"\x00", 1)[0][:30].decode("latin-1")
            found.append(f"JPEG APP{marker - 0xE0} {label}")
        at += 2 + length
    return found


def _png_blocks(data: bytes) -> list[str]:
    found, at = [], 8
    while at + 8 <= len(data):
        length = struct.unpack(">I", data[at : at + 4])[0]
        kind = data[at + 4 : at + 8].decode("latin-1")
        if kind in ("eXIf", "iTXt", "tEXt", "zTXt", "iCCP", "tIME"):
            found.append(f"PNG {kind}")
        at += 12 + length
    return found


def _webp_blocks(data: bytes) -> list[str]:
    found, at = [], 12
    while at + 8 <= len(data):
        kind = data[at : at + 4].decode("latin-1")
        length = struct.unpack("<I", data[at + 4 : at + 8])[0]
        if kind in ("EXIF", "XMP ", "ICCP"):
            found.append(f"WebP {kind.strip()}")
        at += 8 + length + (length & 1)
    return found
