"""Pelican glue: process every image a written page uses, and rewrite its markup.

When every post is read (all_generators_finalized) and before anything is
rendered, the plugin collects the hero image and the body <img> tags of each
post and page that will be written, processes each source image once (cached by
content hash, cache misses spread over a process pool), copies the clean
variants into the output, and swaps each <img> for a <picture>. Originals are
never copied: the images folder is not a Pelican static path.
"""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import unquote

from pelican.generators import StaticGenerator

from ..build import BuildState, Mode
from ..files.containment import inside
from ..files.from_cache import place_from_cache
from ..problems import Problem
from ..source.parse import ParsedSource
from ..source.references import content_path, img_tags, leaves_content
from ..written import written_content
from .focus import EXAMPLES, focus_for, object_position
from .jobs import PictureJobs
from .markup import SiteImage
from .pipeline import ImageProblem
from .settings import ImageSettings

# Under Pelican's logger, so `pelican -v` shows the image counts.
logger = logging.getLogger("pelican.plugins.charity_site.pictures")
IMAGE_SUFFIXES = (
    ".jpg",
    ".jpeg",
    ".png",
    ".webp",
    ".gif",
    ".tif",
    ".tiff",
    ".bmp",
    ".heic",
)
COPIED_AS_IS = ("extra/",)  # the one folder whose files are published untouched


@dataclass(frozen=True)
class _Reference:
    content: object
    path: str  # under content/
    line: int


def _is_picture(path: str) -> bool:
    """True for a file the pipeline makes clean copies of (not one in extra/)."""
    return path.lower().endswith(IMAGE_SUFFIXES) and not path.startswith(COPIED_AS_IS)


class _LinkTarget:
    """What Pelican's {static} and {attach} link replacement needs of a picture."""

    def __init__(self, url: str) -> None:
        self.url = url

    def attach_to(self, content) -> None:
        """{attach} would move the file beside the post: a picture stays put.

        Its clean copies live at the picture's own address, whatever links to it.
        """


def _linked_images(generators: list) -> set[str]:
    """Pictures Pelican would copy because a post links to them with {static}.

    They are taken off Pelican's copy list (an original keeps its EXIF) and
    processed like any other picture, so the link reaches a clean copy.
    """
    taken: set[str] = set()
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            keep = []
            for static in generator.staticfiles:
                path = static.get_relative_source_path()
                if _is_picture(path):
                    taken.add(path)
                else:
                    keep.append(static)
            generator.staticfiles[:] = keep  # in place: the context holds this list
    return taken


def _references(
    content, parsed: ParsedSource, linked: set[str] | None
) -> list[_Reference]:
    """The pictures one post uses (hero, body, {static} links), with their lines.

    From the reader's one parse: the hero's header line, the body's <img> tags
    and links with their lines. The source is never read again.
    """
    source_dir = posixpath.dirname(parsed.path)
    found: list[_Reference] = []
    hero = parsed.header.get("Image")
    if hero and (path := content_path(hero.value.strip(), source_dir)):
        found.append(_Reference(content, path, hero.line))
    for picture in parsed.pictures:
        if path := content_path(picture.src, source_dir):
            found.append(_Reference(content, path, picture.line))
    for link in parsed.links:
        if link.kind in ("static", "attach"):
            path = content_path(link.target, source_dir)
            if path is None:
                continue
            if path in linked if linked is not None else _is_picture(path):
                found.append(_Reference(content, path, link.line))
    return found


def _on_disk(path: str, root: Path) -> str:
    """The path as written, or unquoted where only that names a file.

    As Pelican's {static} links and the rules across files read it: a post may
    write `My%20photo.jpg` for the file `My photo.jpg`.
    """
    if not (root / path).exists() and (root / unquote(path)).is_file():
        return unquote(path)
    return path


def _base_url(content, settings: dict) -> str:
    """How this page reaches the site root: SITEURL, or '../..' in a preview."""
    if not settings.get("RELATIVE_URLS"):
        return settings.get("SITEURL", "")
    depth = posixpath.dirname(content.save_as)
    return posixpath.relpath(".", depth) if depth else "."


def _copy(cache: Path, image: SiteImage, output: Path) -> None:
    for variant, site_path in image.files():
        target = output / site_path
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        place_from_cache(cache / image.processed.key / variant.name, target)


def _problem(ref: _Reference, state: BuildState, what: str, fix: str) -> Problem:
    path = state.source_of(ref.content.source_path)
    return Problem(path, ref.line, "error", "bad-image", what, fix)


def pictures_of(state: BuildState, settings) -> PictureJobs:
    """This build's picture jobs, started on first use."""
    if state.pictures is None:  # IMAGES was read once, with every setting
        state.pictures = PictureJobs(state.site.images)
    return state.pictures


def start_pictures(state: BuildState, settings, parsed: ParsedSource) -> None:
    """Start on the pictures one post uses, while the other posts are read."""
    jobs = pictures_of(state, settings)
    root = state.content_root
    for ref in _references(None, parsed, None):
        path = _on_disk(ref.path, root)
        if not leaves_content(path) and inside(root, root / path):
            jobs.submit(root / path)


def process_images(generators: list, state: BuildState) -> None:
    """Process, copy and mark up every image the written pages use."""
    settings = generators[0].settings
    context = generators[0].context
    root = state.content_root
    output = Path(generators[0].output_path)
    image_settings = pictures_of(state, settings).settings

    contents = written_content(generators[0].context) if generators else []
    linked = _linked_images(generators)
    refs = []
    for content in contents:
        parsed = state.sources.get(state.source_of(content.source_path))
        if parsed is not None:
            refs += [
                _Reference(ref.content, _on_disk(ref.path, root), ref.line)
                for ref in _references(content, parsed, linked)
            ]
    # A picture outside content/ is never opened: the rules report it.
    refs = [
        ref
        for ref in refs
        if not leaves_content(ref.path) and inside(root, root / ref.path)
    ]
    sources = sorted({root / ref.path for ref in refs if (root / ref.path).is_file()})
    jobs = pictures_of(state, settings)
    try:
        results = jobs.results(sources)
    finally:
        jobs.close()
    logger.info(
        "Images: %d processed, %d from cache", jobs.made, len(sources) - jobs.made
    )

    images: dict[str, SiteImage] = {}
    for ref in refs:
        result = results.get(root / ref.path)
        if result is None:
            continue  # not there: the rules across files report it, with its line
        if isinstance(result, ImageProblem):
            state.report(
                _problem(ref, state, f"'{ref.path}': {result.what}", result.fix)
            )
        else:
            images[ref.path] = SiteImage(ref.path, result)

    for image in images.values():
        if state.mode is not Mode.CHECK:  # a check writes nothing
            _copy(image_settings.cache_path, image, output)
        # A plain {static} link to the picture reaches the clean full-size copy.
        context["static_content"][image.source] = _LinkTarget(image.full_url)

    for content in contents:
        _mark_up(content, state, images, image_settings, settings, root)


def _hero_focus(content, state: BuildState) -> str:
    """Where the hero keeps its subject when a card crops it (Image_focus)."""
    hero = getattr(content, "hero", None)
    value = content.metadata.get("image_focus", "")
    if hero is None:
        return ""
    if isinstance(value, str) and value.strip() and object_position(value) is None:
        path = state.source_of(content.source_path)
        parsed = state.sources.get(path)
        found = parsed.header.get("Image_focus") if parsed else None
        state.report(
            Problem(
                path,
                found.line if found else 1,
                "warning",
                "bad-image-focus",
                f"'Image_focus: {value.strip()}' is not a place in the picture "
                "the site can read, so its usual crop is used",
                "write "
                + ", ".join(f"'{e}'" for e in EXAMPLES)
                + " (across, then down)",
            )
        )
    return focus_for(value, hero.processed.width, hero.processed.height)


def _mark_up(
    content,
    state: BuildState,
    images: dict[str, SiteImage],
    image_settings: ImageSettings,
    settings: dict,
    root: Path,
) -> None:
    source_dir = posixpath.dirname(state.source_of(content.source_path))
    hero_ref = content.metadata.get("image")
    hero_path = (
        content_path(hero_ref, source_dir) if isinstance(hero_ref, str) else None
    )
    content.hero = images.get(_on_disk(hero_path, root)) if hero_path else None
    content.hero_focus = _hero_focus(content, state)
    html = content._content or ""
    base = _base_url(content, settings)
    pieces, last, first = [], 0, content.hero is None
    for tag in img_tags(html):
        path = content_path(tag.attrs.get("src", ""), source_dir)
        if path is None:
            continue
        image = images.get(_on_disk(path, root))
        alt = tag.attrs.get("alt", "")
        if image is None:
            label = escape(alt or path)
            replacement = (
                f'<span class="image-problem">[Picture not shown: {label}]</span>'
            )
        else:
            replacement = str(
                image.html(
                    base,
                    alt,
                    sizes=image_settings.sizes,
                    eager=first,
                    title=tag.attrs.get("title", ""),
                )
            )
            first = False
        pieces += [html[last : tag.start], replacement]
        last = tag.end
    if pieces:
        content._content = "".join(pieces) + html[last:]
