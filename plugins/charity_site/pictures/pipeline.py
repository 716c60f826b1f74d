"""Turn one source image into clean, responsive variants. Pure: Pillow only.

Order matters: EXIF orientation is applied first (a sideways phone portrait
comes out upright), colour is converted to sRGB, and every output is saved from
pixels alone, so no EXIF, GPS, XMP, IPTC, ICC or comment survives. JPEGs are
decoded at reduced scale (draft mode) when only smaller sizes are needed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .cards import fitted_card
from .settings import ImageSettings

PIPELINE_VERSION = "3"  # bump when the output of the same settings changes
SUPPORTED = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "MPO": "jpg"}
SOCIAL_SIZE = (1200, 630)
# Grey pictures of more than 8 bits a pixel (scientific scans, some PNG exports).
WIDE_GREY = {"I;16", "I;16B", "I;16L", "I;16N", "I"}
# EXIF orientations that swap width and height.
TRANSPOSED = {5, 6, 7, 8}
_SRGB = ImageCms.createProfile("sRGB")
# How each format is encoded besides its quality (IMAGES jpeg_quality and
# webp_quality). Measured by `benchmarks/encoding.py photos` (6 photo-like
# pictures, each at 2000, 1600, 1200, 800 and 480 px, one core, two runs on a
# busy machine), per picture at all five widths:
#   JPEG q80 optimize progressive   94-151 ms  969 KB (kept)
#            optimize baseline      41-74 ms   +2.9%     plain baseline 19-39 ms +7.0%
#   WebP q78 method 4              546-978 ms  643 KB (kept)
#            method 3               about the same;     method 2 249-290 ms +9.3%
#            method 6             1.2-2.5 times as long, -10.5%
# Kept: a picture is encoded once, ever (cached by its bytes), and every reader
# downloads it. WebP method 2 would halve the time but add 9% to what nearly
# every reader gets; a baseline JPEG saves 50-80 ms a picture of the fallbacks
# and full-size copies, whose progressive form shows the whole picture early on
# a slow phone. The pixels are the same (33.8 / 33.7 dB) in every row but 6.
JPEG_OPTIONS: dict[str, object] = {"optimize": True, "progressive": True}
WEBP_OPTIONS: dict[str, object] = {"method": 4}
PNG_OPTIONS: dict[str, object] = {"optimize": True}
# A preview writes the same variants at the same sizes and qualities, encoded
# the quickest way: its pictures are seen once, on the editor's own machine,
# and a publish (or `invoke check`) encodes every picture again for readers.
# Measured the same way (`benchmarks/encoding.py photos`, 2026-12-02, 12
# photos): WebP method 0 139 ms a photo (method 4: 847 ms) for 7% more bytes,
# a plain baseline JPEG 33 ms (optimize progressive: 176 ms) for 7% more.
QUICK_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {},
    "WEBP": {"method": 0},
    "PNG": {"compress_level": 1},
}


class ImageProblem(Exception):
    """An image that cannot be used; str() says what is wrong and how to fix it."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(f"{what} — {fix}")
        self.what = what
        self.fix = fix

    def __reduce__(self):
        # Rebuilt from both parts when it comes back from a worker process.
        return (type(self), (self.what, self.fix))


@dataclass(frozen=True)
class Variant:
    """One written file: its name in the cache, size and MIME type."""

    name: str
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class Processed:
    """Everything made from one source image."""

    key: str
    width: int
    height: int
    has_alpha: bool
    webp: tuple[Variant, ...]
    fallback: tuple[Variant, ...]
    full: Variant
    social: Variant

    def to_json(self) -> str:
        """Serialise for the cache manifest."""
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> Processed:
        """Read a cache manifest."""
        data = json.loads(text)
        for key in ("webp", "fallback"):
            data[key] = tuple(Variant(**v) for v in data[key])
        for key in ("full", "social"):
            data[key] = Variant(**data[key])
        return cls(**data)


def cache_key(data: bytes, settings: ImageSettings) -> str:
    """A hash of the source bytes and everything that shapes the output."""
    digest = hashlib.sha256(data)
    digest.update(settings.fingerprint().encode())
    digest.update(f"{PIPELINE_VERSION}:{Image.__version__}".encode())
    return digest.hexdigest()[:20]


def target_widths(width: int, settings: ImageSettings) -> list[int]:
    """The responsive widths for an image this wide: never upscaled."""
    largest = settings.widths[-1]
    widths = [w for w in settings.widths if w < width]
    if width <= largest:
        widths.append(width)  # the image itself is the largest variant
    return widths or [width]


def _open(data: bytes, settings: ImageSettings) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        # Pillow refuses before we can read the size: its message has the pixels.
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        raise _bomb(settings, int(pixels[1]) if pixels else None) from exc
    except UnidentifiedImageError as exc:
        raise ImageProblem(
            "this file is not an image the site can read (it may be damaged, or "
            "another format such as HEIC)",
            "export it again as JPEG or PNG and replace the file",
        ) from exc
    if image.format not in SUPPORTED:
        raise ImageProblem(
            f"{image.format} images are not supported",
            "save the picture as JPEG (photos) or PNG (drawings, transparency)",
        )
    if image.width * image.height > settings.max_pixels:
        raise _bomb(settings, image.width * image.height)
    return image


def _bomb(settings: ImageSettings, pixels: int | None) -> ImageProblem:
    claimed = f" ({pixels / 1_000_000:,.0f} megapixels)" if pixels else ""
    return ImageProblem(
        f"this image is far too large to process{claimed}",
        f"resize it below {settings.max_pixels // 1_000_000} megapixels, then add it",
    )


def _decode(image: Image.Image, settings: ImageSettings) -> Image.Image:
    """Decode, at reduced scale where possible, upright and in sRGB."""
    orientation = image.getexif().get(0x0112, 1)
    if image.format in ("JPEG", "MPO"):
        # The stored side that becomes the width once the photo is turned upright.
        stored_width = image.height if orientation in TRANSPOSED else image.width
        scale = min(stored_width, settings.full_max_width) / stored_width
        wanted = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
        image.draft(image.mode, wanted)
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(
            "this image file is damaged or cut short",
            "export or download the picture again and replace the file",
        ) from exc
    icc = image.info.get("icc_profile")
    if image.mode in WIDE_GREY:
        # 16- and 32-bit grey: scale to 8 bits (a plain convert would clip to white).
        image = image.convert("I").point(lambda value: value * (255 / 65535))
        image = image.convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    # In place, and converted only when the mode differs: a picture near the
    # pixel cap is one copy in memory, not three.
    ImageOps.exif_transpose(image, in_place=True)
    wanted = "RGBA" if has_alpha else "RGB"
    converted = image if image.mode == wanted else image.convert(wanted)
    del image
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            ImageCms.profileToProfile(
                converted, source, _SRGB, outputMode=converted.mode, inPlace=True
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels are still usable as they are
    converted.info = {}  # nothing of the source's metadata may be saved
    return converted


def _resize(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    resized.info = {}
    return resized


def _save(image: Image.Image, path: Path, fmt: str, settings: ImageSettings) -> None:
    options: dict[str, object] = {}
    if fmt == "JPEG":
        options = {"quality": settings.jpeg_quality, **JPEG_OPTIONS}
    elif fmt == "WEBP":
        options = {"quality": settings.webp_quality, **WEBP_OPTIONS}
    elif fmt == "PNG":
        options = dict(PNG_OPTIONS)
    if settings.quick:
        options = {k: v for k, v in options.items() if k == "quality"}
        options.update(QUICK_OPTIONS.get(fmt, {}))
    image.save(path, fmt, **options)


def _social(image: Image.Image, background: str) -> Image.Image:
    """The 1200x630 link-preview card: cropped to fill, or fitted whole (cards.py)."""
    return fitted_card(image, background)


def process(data: bytes, folder: Path, settings: ImageSettings, key: str) -> Processed:
    """Write every variant of one image into folder; return what was written."""
    base = _decode(_open(data, settings), settings)
    has_alpha = base.mode == "RGBA"
    fallback_fmt, fallback_ext, fallback_mime = (
        ("PNG", "png", "image/png") if has_alpha else ("JPEG", "jpg", "image/jpeg")
    )
    # The size readers get when they follow a link to the picture itself.
    full_image = _resize(base, min(base.width, settings.full_max_width))
    full = Variant(
        f"full.{fallback_ext}", full_image.width, full_image.height, fallback_mime
    )
    _save(full_image, folder / full.name, fallback_fmt, settings)

    webp, fallback = [], []
    source = full_image
    for width in sorted(target_widths(full_image.width, settings), reverse=True):
        # Each size is made from the next larger one: far less work than from the full.
        source = _resize(source, width)
        for fmt, ext, mime, out in (
            ("WEBP", "webp", "image/webp", webp),
            (fallback_fmt, fallback_ext, fallback_mime, fallback),
        ):
            variant = Variant(f"{width}.{ext}", source.width, source.height, mime)
            if source is full_image and fmt == fallback_fmt:
                # The same pixels, format and options as the full-size copy: the
                # same bytes, so copy them rather than encode them again.
                shutil.copyfile(folder / full.name, folder / variant.name)
            else:
                _save(source, folder / variant.name, fmt, settings)
            out.append(variant)
    card = _social(full_image, settings.card_background)
    social = Variant("social.jpg", card.width, card.height, "image/jpeg")
    _save(card, folder / social.name, "JPEG", settings)
    return Processed(
        key=key,
        width=full_image.width,
        height=full_image.height,
        has_alpha=has_alpha,
        webp=tuple(reversed(webp)),
        fallback=tuple(reversed(fallback)),
        full=full,
        social=social,
    )


def lookup(source: Path, settings: ImageSettings) -> tuple[str, Processed | None]:
    """The file's cache key, and its manifest when its variants are cached."""
    key = cache_key(source.read_bytes(), settings)
    manifest = settings.cache_path / key / "manifest.json"
    if manifest.is_file():
        return key, Processed.from_json(manifest.read_text(encoding="utf-8"))
    return key, None


def process_into_cache(
    source: Path, settings: ImageSettings, key: str | None = None
) -> Processed:
    """Process one file unless its variants are cached; return its manifest.

    Safe to run in a worker process: it writes into a temporary folder and
    renames it into place, so a crash never leaves a half-written cache entry.
    A key from lookup() saves hashing the file a second time.
    """
    data = source.read_bytes()
    key = key or cache_key(data, settings)
    entry = settings.cache_path / key
    manifest = entry / "manifest.json"
    if manifest.is_file():
        return Processed.from_json(manifest.read_text(encoding="utf-8"))
    settings.cache_path.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=settings.cache_path))
    try:
        processed = process(data, work, settings, key)
        (work / "manifest.json").write_text(processed.to_json(), encoding="utf-8")
        # If another build cached the same image first, theirs is as good.
        with contextlib.suppress(OSError):
            work.replace(entry)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return processed
