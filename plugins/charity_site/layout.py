"""The output layout: every address a build writes, and who owns it. Pure.

One module knows where each thing the site makes goes: Pelican's pages and
lists (from its *_SAVE_AS settings), the feeds, the web editor, link-preview
cards, pictures, host files, root files, calendars, drafts, the desk, the
digest, and the folders kept for features to come. Features ask this module
for their names; the addresses an editor may not take (a page's slug, an
alias, a line of redirects.txt, a file in extra/) are derived from it, never
listed by hand elsewhere.

An address here is a path under the output folder, as Pelican's `save_as`:
`robots.txt`, `news/post/index.html`. Folders end with a slash: `admin/`.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cached_property
from urllib.parse import unquote

from .roles import EVENT, read_section_roles, section_with

# --- Names, spelled once ------------------------------------------------------
HOME = "index.html"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
FAVICON = "favicon.ico"  # drawn from BRAND['logo']
LOGO = "logo.svg"  # BRAND['logo'], for the header and browsers' tabs
HOST_HEADERS = "_headers"  # read by Netlify and Cloudflare Pages
HOST_REDIRECTS = "_redirects"  # read by Netlify and Cloudflare Pages
HOST_NGINX = "_nginx.conf"  # included by deploy/nginx.conf
HOST_FILES = (HOST_HEADERS, HOST_REDIRECTS, HOST_NGINX)
FEEDS_FOLDER = "feeds"  # every feed and the /feeds/ page
CARDS_FOLDER = "cards"  # link-preview cards, named by their content's hash
EDITOR_FOLDER = "admin"  # the web editor (Decap CMS) and its configuration
DESK_FOLDER = "_desk"  # the preview's desk (never in a publish)
DIGEST_FOLDER = "digest"  # where `invoke digest` has a digest written
DRAFTS_FOLDER = "drafts"  # drafts in a preview (a publish has none)
CALENDAR_FILE = "calendar.ics"  # the events section's calendar feed
EVENT_FILE = "event.ics"  # one event's calendar file, beside its page
# Kept now for features to come, so no page takes them first: site search and
# its index, and the quick-exit route.
SEARCH_FOLDER = "search"
EXIT_FOLDER = "exit"
# A publish writes a compressed copy beside every text file (hosting/precompress.py).
PRECOMPRESSED = (".gz", ".br")
# The web's own well-known folder (RFC 8615): content/extra/ may add to it.
WELL_KNOWN = ".well-known"

# Pelican's pages that come from templates (DIRECT_TEMPLATES), their default
# `<name>.html` unless `<NAME>_SAVE_AS` says otherwise.
_LIST_FOLDERS = ("TAG_SAVE_AS", "AUTHOR_SAVE_AS", "TAGS_SAVE_AS", "AUTHORS_SAVE_AS")
# A file named by its content carries this many hex digits of its hash:
# photo-800w.0123456789.webp, editor.0123456789.js. Hosts and nginx cache them
# for a year; the name changes instead.
HASH_LENGTH = 10
HASH = f"[0-9a-f]{{{HASH_LENGTH}}}"  # the digits, as a regular expression
# A picture's variants: photo-800w.0123456789.webp, photo-social.0123456789.jpg.
VARIANT = r"-(?:\d+w|social)"
PICTURE_VARIANT = re.compile(rf"{VARIANT}\.{HASH}\.[a-z]+$")
# Characters a redirect's old address may hold: safe in nginx, in the hosts'
# `_redirects` and in HTML, with no meaning in any host's pattern syntax.
_PLAIN = re.compile(r"^[A-Za-z0-9._~/-]*$")
MAX_SEGMENT = 200  # a file name's limit is 255 bytes; leave room for suffixes
# Cloudflare Pages reads a redirect line of 1,000 characters: old, new and code.
MAX_ADDRESS = 400


@dataclass(frozen=True)
class Layout:
    """Every address the build owns: exact files, whole folders, file patterns."""

    files: Mapping[str, str]  # address -> who writes it
    folders: Mapping[str, str]  # "admin/" -> who writes everything under it
    patterns: Mapping[str, str]  # "<events>/*/event.ics" (one segment a *) -> who
    sections: tuple[str, ...]  # section folders: posts are written under them
    picture_folders: tuple[str, ...]  # content folders whose pictures are published

    @cached_property
    def _folded(self) -> tuple[dict[str, str], tuple, tuple, tuple[str, ...]]:
        """The owned addresses folded once (owner_of runs for every redirect)."""
        return (
            {fold(name): owner for name, owner in self.files.items()},
            tuple((fold(f), owner) for f, owner in self.folders.items()),
            tuple((fold(p), owner) for p, owner in self.patterns.items()),
            tuple(fold(f) for f in self.picture_folders),
        )

    def owner_of(self, address: str) -> str | None:
        """Who writes this address (after normalising it), or None if nobody."""
        key = fold(address)
        if key.endswith(PRECOMPRESSED):
            return "a compressed copy the publish makes"
        files, folders, patterns, pictures = self._folded
        if key in files:
            return files[key]
        for folder, owner in folders:
            if key.startswith(folder):
                return owner
        for pattern, owner in patterns:
            if fnmatchcase(key, pattern):
                return owner
        if any(key.startswith(f) for f in pictures) and PICTURE_VARIANT.search(key):
            return "the picture pipeline (a resized copy)"
        return None

    def pages(self) -> frozenset[str]:
        """The site addresses of the pages the layout owns (/, /tags/, /news/...)."""
        return frozenset(
            "/" + name.removesuffix(HOME) for name in self.files if name.endswith(HOME)
        )

    def first_segments(self) -> frozenset[str]:
        """First folders of the addresses the site uses: no page may be named so."""
        found = {*self.sections, *self.picture_folders}
        found |= {f.split("/", 1)[0] for f in self.folders}
        found |= {p.split("/", 1)[0] for p in self.patterns}
        found |= {name for name in self.files if "/" not in name}
        return frozenset(found)


def content_hash(data: bytes) -> str:
    """The hash digits a file named by its content carries."""
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def hashed_name(stem: str, key: str, extension: str) -> str:
    """'photo-800w.0123456789.webp': a name that changes whenever the content does.

    key: a content hash (hex, at least HASH_LENGTH digits); extension without dot.
    """
    return f"{stem}.{key[:HASH_LENGTH]}.{extension}"


def fold(address: str) -> str:
    """An address as every host may read it: decoded, no leading slash, one case.

    Case is folded because a case-insensitive disk or host (macOS, Windows,
    some CDNs) would serve /Get-Help/ and /get-help/ from one file.
    """
    text = unquote(address).lstrip("/").casefold()
    if text.endswith("/index.html") or text == "index.html":
        text = text.removesuffix("index.html")
    if text and not text.endswith("/") and "." not in text.rsplit("/", 1)[-1]:
        text += "/"  # /a and /a/ are one page
    return text


def save_as_of(address: str) -> str:
    """The file a static host serves at a site address (/a/ -> a/index.html)."""
    path = unquote(address).lstrip("/")
    if not path or path.endswith("/"):
        return f"{path}{HOME}"
    last = path.rsplit("/", 1)[-1]
    return path if "." in last else f"{path}/{HOME}"


def plain_address_problem(address: str) -> str | None:
    """Why an editor's address cannot be written for every host, or None if it can.

    The reasons are phrased to follow the address in a sentence.
    """
    if "*" in address or re.search(r"(^|/):", address):
        return "uses a host's wildcard or placeholder (* or :name)"
    decoded = unquote(address)
    if "?" in decoded or "#" in decoded:
        return "has a ? or # part, which a static host cannot redirect"
    if not _PLAIN.match(decoded):
        return (
            "holds characters that are not safe in every host's redirect file "
            "(use only letters, digits, - _ . ~ and /)"
        )
    segments = decoded.strip("/").split("/")
    if "//" in decoded or any(s in {".", ".."} for s in segments):
        return "has an empty, . or .. part"
    if any("." in s for s in segments[:-1]):
        # /robots.txt/x/ would need a folder where the site writes a file.
        return "has a dot in a folder's name (only the last part may have one)"
    if any(len(s) > MAX_SEGMENT for s in segments) or len(decoded) > MAX_ADDRESS:
        return (
            f"is too long (a part over {MAX_SEGMENT} characters, or over "
            f"{MAX_ADDRESS} in all)"
        )
    return None


def _save_as(settings: Mapping[str, object], name: str, default: str) -> str:
    value = settings.get(name, default)
    return "" if value is None else str(value)


def _folder_of(pattern: str) -> str:
    """'tags/' for 'tags/{slug}/index.html'; '' when the first part is a placeholder."""
    first = pattern.strip("/").split("/", 1)[0]
    return "" if not first or "{" in first or "." in first else f"{first}/"


def _paged_folder(settings: Mapping[str, object], base: str) -> str:
    """'news/page/' for the pattern '{base_name}/page/{number}/index.html'."""
    for minimum, _url, save_as in settings.get("PAGINATION_PATTERNS", ()):
        if int(minimum) < 2:
            continue
        paged = str(save_as).replace("{base_name}", base).lstrip("/")
        folder = paged.split("{number}", 1)[0]
        if folder and "{" not in folder:
            return folder if folder.endswith("/") else posixpath.dirname(folder) + "/"
    return ""


def calendar_address(events_section: str) -> str:
    """The address of the events section's calendar of everything to come."""
    return f"{events_section}/{CALENDAR_FILE}"


def derive_layout(
    settings: Mapping[str, object], roles: Mapping[str, str] | None = None
) -> Layout:
    """Every address the settings make the build write; never changes them.

    roles are SECTION_ROLES as the conventions read them (read here when not
    given): the section with the event role has the calendars.
    """
    sections = tuple(str(p).strip("/") for p in settings.get("ARTICLE_PATHS", ()))
    if roles is None:
        roles = read_section_roles(settings, sections)
    static = [str(p).strip("/") for p in settings.get("STATIC_PATHS", ())]
    pictures = tuple(p for p in static if p != "extra")
    files: dict[str, str] = {
        HOME: "the home page",
        NOT_FOUND: "the 'page not found' page",
        SITEMAP: "the sitemap",
        FAVICON: "the favicon (drawn from the logo)",
        LOGO: "the logo",
        HOST_HEADERS: "the host's header rules",
        HOST_REDIRECTS: "the host's redirect rules",
        HOST_NGINX: "the web server's configuration",
    }
    for name in settings.get("DIRECT_TEMPLATES", ()):
        save_as = _save_as(settings, f"{str(name).upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            files.setdefault(save_as, f"the site's '{name}' page")
    for save_as in dict(settings.get("TEMPLATE_PAGES") or {}).values():
        files.setdefault(str(save_as), "a page made from a template")
    folders: dict[str, str] = {
        f"{FEEDS_FOLDER}/": "the feeds",
        f"{CARDS_FOLDER}/": "the link-preview cards",
        f"{EDITOR_FOLDER}/": "the web editor",
        f"{DESK_FOLDER}/": "the preview's desk",
        f"{DIGEST_FOLDER}/": "the email digest",
        f"{DRAFTS_FOLDER}/": "the drafts",
        f"{SEARCH_FOLDER}/": "site search",
        f"{EXIT_FOLDER}/": "the quick exit",
    }
    theme = str(settings.get("THEME_STATIC_DIR", "theme")).strip("/")
    folders[f"{theme}/"] = "the theme's files"
    for name in (
        *_LIST_FOLDERS,
        "ARCHIVES_SAVE_AS",
        "DRAFT_SAVE_AS",
        "DRAFT_PAGE_SAVE_AS",
    ):
        folder = _folder_of(_save_as(settings, name, ""))
        if folder:
            folders.setdefault(folder, "the site's own lists")
    patterns: dict[str, str] = {}
    category = _save_as(settings, "CATEGORY_SAVE_AS", "category/{slug}.html")
    for section in sections:
        if category:
            files.setdefault(category.format(slug=section), f"the {section} page")
        folder = _paged_folder(settings, section)
        if folder and folder != f"{section}/":
            folders.setdefault(folder, f"the {section} page's later pages")
    if "index" in dict(settings.get("PAGINATED_TEMPLATES") or {}):
        folder = _paged_folder(settings, "")
        if folder:
            folders.setdefault(folder, "the home page's later pages")
    events = section_with(roles, EVENT)
    if events in sections:
        files[calendar_address(events)] = "the events calendar"
        patterns[f"{events}/*/{EVENT_FILE}"] = "an event's calendar file"
    return Layout(files, folders, patterns, sections, pictures)


def claims(layout: Layout, addresses: Iterable[str]) -> dict[str, str]:
    """Each address the layout owns, with its owner (for tests and reports)."""
    return {a: o for a in addresses if (o := layout.owner_of(a)) is not None}
