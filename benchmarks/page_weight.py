"""How many compressed bytes a built page costs: its HTML plus its own CSS and JS."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html

# A page whose HTML, CSS and JS fit in the first round trips of a new connection
# (TCP's initial window is about 14 KB) can render without waiting for more.
BUDGET_BYTES = 14 * 1024


def gzip_size(data: bytes) -> int:
    """Bytes of data after gzip at its highest level."""
    # mtime=0 keeps the header fixed, so the same input always gives the same size.
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_weight(
    html_file: Path, site_root: Path, *, siteurl: str | None = None
) -> dict:
    """Raw and gzip -9 sizes of a built page and the same-site CSS and JS it loads."""
    raw = html_file.read_bytes()
    tree = html.fromstring(raw)
    # The page's own address inside the site, so relative references resolve as a
    # browser would resolve them.
    page_path = "/" + html_file.relative_to(site_root).as_posix()
    origin = _origin(siteurl) if siteurl else _canonical_origin(tree)
    base_path = urlsplit(siteurl).path.rstrip("/") if siteurl else ""

    references = [
        reference
        for element in tree.iter("link", "script")
        if (reference := _asset_reference(element))
    ]
    assets: list[dict] = []
    missing: list[str] = []
    seen: set[Path] = set()
    for reference in references:
        path = _local_path(reference, page_path, origin, base_path)
        if path is None:
            continue  # another site's file: not ours to weigh
        file = site_root / path
        if not file.is_file():
            missing.append(reference)
            continue
        if file in seen:
            continue  # a browser fetches a repeated file once
        seen.add(file)
        data = file.read_bytes()
        assets.append(
            {
                "url": reference,
                "path": path,
                "bytes": len(data),
                "gzip": gzip_size(data),
            }
        )

    html_gzip = gzip_size(raw)
    # Each file is its own response, so each is compressed on its own.
    total = html_gzip + sum(asset["gzip"] for asset in assets)
    return {
        "html": len(raw),
        "html_gzip": html_gzip,
        "gzip_total": total,
        "assets": assets,
        "missing": missing,
        "within_budget": total <= BUDGET_BYTES,
    }


def _asset_reference(element: html.HtmlElement) -> str | None:
    """The address of the stylesheet or script an element loads, if it loads one."""
    if element.tag == "script":
        return element.get("src") or None
    # rel is a case-insensitive list of words, such as "preload stylesheet".
    if "stylesheet" in (element.get("rel") or "").lower().split():
        return element.get("href") or None
    return None


def _origin(url: str) -> str:
    """The scheme and host of a URL, lower-cased."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _canonical_origin(tree: html.HtmlElement) -> str | None:
    """The site's origin as the page's canonical link names it, if it has one."""
    # A published page carries absolute links to its own site; its canonical link is
    # the surest sign of which host that is.
    for href in tree.xpath("//link[@rel='canonical']/@href"):
        parts = urlsplit(str(href))
        if parts.scheme and parts.netloc:
            return _origin(str(href))
    return None


def _local_path(
    reference: str, page_path: str, origin: str | None, base_path: str
) -> str | None:
    """The file path under the site root that a reference names, or None if off-site."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("", "http", "https") or origin is None:
            return None
        # A protocol-relative reference takes the page's scheme.
        scheme = parts.scheme or urlsplit(origin).scheme
        if f"{scheme}://{parts.netloc}".lower() != origin:
            return None
        path = parts.path
    else:
        path = urlsplit(urljoin(page_path, reference)).path
    if base_path and path.startswith(base_path + "/"):
        path = path[len(base_path) :]
    path = unquote(path).lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    return path
