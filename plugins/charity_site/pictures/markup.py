"""The <picture> markup for a processed image. Pure: no Pelican imports."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape
from urllib.parse import quote

from markupsafe import Markup

from ..layout import hashed_name
from .pipeline import Processed, Variant


def url_path(path: str) -> str:
    """A site path as an address: spaces, non-ASCII letters and '%' percent-encoded.

    The path is a file's own name on disk, never an address already, so every
    '%' in it is a real character and is encoded too: encoded once, exactly.
    Unencoded, a space splits a srcset candidate and browsers drop the set.
    """
    return quote(path, safe="/")


@dataclass(frozen=True)
class SiteImage:
    """A processed image and where its files live on the site (paths from the root)."""

    source: str  # e.g. images/sample/photo.jpg, as the editor referenced it
    processed: Processed

    def path(self, variant: Variant) -> str:
        """The site path of one file: name, size and content hash (cache forever)."""
        stem, _, _ = self.source.rpartition(".")
        if variant is self.processed.full:
            # The full-size copy keeps the original address: a plain link to it works.
            return f"{stem}.{variant.name.rpartition('.')[2]}"
        label = variant.name.rpartition(".")[0]
        suffix = label if label == "social" else f"{label}w"
        extension = variant.name.rpartition(".")[2]
        return hashed_name(f"{stem}-{suffix}", self.processed.key, extension)

    def url(self, variant: Variant) -> str:
        """The address of one file from the site root, percent-encoded."""
        return url_path(self.path(variant))

    def files(self) -> list[tuple[Variant, str]]:
        """Every file to write: (variant, site path)."""
        p = self.processed
        return [(v, self.path(v)) for v in (*p.webp, *p.fallback, p.full, p.social)]

    @property
    def social_path(self) -> str:
        """The 1200x630 card for link previews."""
        return self.path(self.processed.social)

    @property
    def full_path(self) -> str:
        """The full-size copy (metadata stripped)."""
        return self.path(self.processed.full)

    @property
    def social_url(self) -> str:
        """The link-preview card's address from the site root, percent-encoded."""
        return self.url(self.processed.social)

    @property
    def full_url(self) -> str:
        """The full-size copy's address from the site root, percent-encoded."""
        return self.url(self.processed.full)

    def html(
        self,
        base: str,
        alt: str,
        *,
        sizes: str,
        eager: bool = False,
        css_class: str = "",
        title: str = "",
        max_height: int = 0,
        focus: str = "",
    ) -> Markup:
        """A <picture>: WebP and fallback srcsets, sizes, dimensions, loading hints.

        With max_height (CSS pixels), width and height give the box the picture
        is shown in, no taller than that: the page lays it out before the
        picture arrives (no layout shift), portrait or landscape, never stretched.
        focus is a CSS object-position (focus.py) for a picture cropped to its box.
        """
        # The same card picture appears on many list pages: make its markup once.
        return _picture(
            self, base, alt, sizes, eager, css_class, title, max_height, focus
        )

    def _markup(
        self,
        base: str,
        alt: str,
        sizes: str,
        eager: bool,
        css_class: str,
        title: str,
        max_height: int = 0,
        focus: str = "",
    ) -> Markup:
        """The markup html() returns."""

        def url(variant: Variant) -> str:
            # The base (SITEURL or '../..') is an address already: only the path
            # below it is encoded.
            return escape(f"{base}/{self.url(variant)}" if base else self.url(variant))

        def srcset(variants: tuple[Variant, ...]) -> str:
            return ", ".join(f"{url(v)} {v.width}w" for v in variants)

        p = self.processed
        # The default src: the variant nearest 800 px, a sensible size for old browsers.
        default = min(p.fallback, key=lambda v: abs(v.width - 800))
        loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
        width, height = default.width, default.height
        if max_height and height > max_height:
            width, height = round(width * max_height / height), max_height
        attributes = [
            f'src="{url(default)}"',
            f'srcset="{srcset(p.fallback)}"',
            f'sizes="{escape(sizes)}"',
            f'width="{width}"',
            f'height="{height}"',
            f'alt="{escape(alt)}"',
            loading,
            'decoding="async"',
        ]
        if css_class:
            attributes.append(f'class="{escape(css_class)}"')
        if title:
            attributes.append(f'title="{escape(title)}"')
        if focus:
            # A style attribute, which the CSP allows (style-src-attr): the value
            # is one of focus.py's, made from numbers, never the editor's text.
            attributes.append(f'style="object-position:{escape(focus)}"')
        # Every part above is escaped or a number: the markup is safe to mark so.
        return Markup(  # noqa: S704
            f'<picture><source type="image/webp" srcset="{srcset(p.webp)}" '
            f'sizes="{escape(sizes)}"><img {" ".join(attributes)}></picture>'
        )


@lru_cache(maxsize=8192)
def _picture(image: SiteImage, *args: object) -> Markup:
    return image._markup(*args)
