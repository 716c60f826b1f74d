"""A link checker over a built folder: every href, src and srcset resolves to a file.

Fast and exact, unlike a crawler: it maps each URL to the file that would serve
it and checks #fragments against the ids in that file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html

ATTRIBUTES = ("href", "src", "poster")
EXTERNAL = ("mailto:", "tel:", "sms:", "data:", "javascript:")


def _targets(element: html.HtmlElement) -> list[str]:
    found = [element.get(a) for a in ATTRIBUTES if element.get(a) is not None]
    for attribute in ("srcset", "imagesrcset"):
        srcset = element.get(attribute)
        if srcset:
            found += [
                part.strip().split()[0] for part in srcset.split(",") if part.strip()
            ]
    return found


@cache
def _ids(path: Path) -> frozenset[str]:
    tree = html.fromstring(path.read_bytes())
    return frozenset(tree.xpath("//@id")) | frozenset(tree.xpath("//a/@name"))


def _file_for(output: Path, site_path: str) -> Path | None:
    candidate = output / site_path.lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(output: Path, siteurl: str = "") -> list[str]:
    """Return 'page: url' for every internal reference that does not resolve."""
    problems = []
    site = urlsplit(siteurl) if siteurl else None
    for page in sorted(output.rglob("*.html")):
        page_url = "/" + page.relative_to(output).as_posix()
        tree = html.fromstring(page.read_bytes())
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for raw in _targets(element):
                url = raw.strip()
                if not url or url.startswith(EXTERNAL):
                    continue
                parts = urlsplit(url)
                if parts.scheme in ("http", "https"):
                    if not site or parts.netloc != site.netloc:
                        continue  # another site: not ours to check offline
                    path = parts.path[len(site.path.rstrip("/")) :] or "/"
                elif parts.scheme:
                    continue
                else:
                    path = urlsplit(urljoin(page_url, url)).path
                target = (
                    page
                    if not parts.path and not parts.netloc
                    else _file_for(output, unquote(path))
                )
                if target is None:
                    problems.append(f"{page.relative_to(output)}: {url}")
                    continue
                if (
                    parts.fragment
                    and target.suffix == ".html"
                    and parts.fragment not in _ids(target)
                ):
                    problems.append(f"{page.relative_to(output)}: {url} (no such id)")
    return problems
