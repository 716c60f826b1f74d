"""The rules across files, run once every source is read. Pure: no Pelican imports.

They are never cached per file: whether a post's address is taken, or a link
reaches a published post, depends on other files. Addresses come from the
content objects Pelican made (its own slug and URL settings), not from a
second idea of what an address is.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ..conventions import Conventions
from ..layout import fold
from ..problems import Problem
from ..source.parse import ParsedSource
from ..source.references import content_path, leaves_content
from .per_file import Post, check_event_far_ahead, check_review_due
from .settings import CheckSettings

# The rules that leave out a post because of its address (no stand-in goes there).
ADDRESS_RULES = frozenset({"bad-file-name", "reserved-url", "duplicate-url"})


@dataclass(frozen=True)
class Addressed:
    """A post or page as Pelican will write it."""

    path: str  # the source, relative to content/
    slug: str
    save_as: str
    is_page: bool
    is_draft: bool = False  # written only where drafts are (the layout's drafts/)


def _preference(path: str) -> tuple[bool, str]:
    """Which of two files at one address is kept: the .md one, then by name."""
    return (not path.endswith(".md"), path)


def _unwritable(item: Addressed, conventions: Conventions) -> tuple[str, ...] | None:
    """(rule, what, fix) when the post cannot be written where it would go."""
    first = item.save_as.split("/", 1)[0]
    if not item.slug.strip() or not item.save_as or "//" in item.save_as:
        return (
            "bad-file-name",
            "the site cannot make an address from this file's name",
            "rename the file with letters or digits, like my-post.md",
        )
    if item.is_page and first in conventions.reserved:
        return (
            "reserved-url",
            f"a page called '{item.slug}' would take the address /{first}/, "
            "which the site uses",
            "rename the file",
        )
    # A draft goes where the layout keeps drafts; anything else the layout owns
    # is the site's own, whatever the address settings make of a file's name.
    owner = None if item.is_draft else conventions.layout.owner_of(item.save_as)
    if owner:
        return (
            "reserved-url",
            f"this post would be written at /{item.save_as}, which is {owner}",
            "rename the file",
        )
    return None


def address_problems(
    items: Iterable[Addressed], conventions: Conventions
) -> tuple[set[str], list[Problem]]:
    """The sources that cannot be written (and why): no address, reserved, taken."""
    dropped: set[str] = set()
    problems: list[Problem] = []
    by_address: dict[str, list[Addressed]] = defaultdict(list)
    for item in items:
        why = _unwritable(item, conventions)
        if why:
            dropped.add(item.path)
            problems.append(Problem(item.path, 1, "error", *why))
        else:
            by_address[fold(item.save_as)].append(item)
    for address, group in sorted(by_address.items()):
        if len(group) < 2:
            continue
        keep, *others = sorted(group, key=lambda item: _preference(item.path))
        url = address.removesuffix("index.html")
        for item in others:
            dropped.add(item.path)
            problems.append(
                Problem(
                    item.path,
                    1,
                    "error",
                    "duplicate-url",
                    f"this post and {keep.path} would both be at /{url}; "
                    f"only {keep.path} is built",
                    "rename one of the files (names that differ only in capitals, "
                    "accents or punctuation give the same address)",
                )
            )
    return dropped, problems


def _existing(path: str | None, root: Path) -> str | None:
    """The path as written, or unquoted where only that names a file (as Pelican)."""
    if path and not (root / path).exists() and (root / unquote(path)).is_file():
        return unquote(path)
    return path


def same_but_case(path: str, root: Path) -> str | None:
    """The file whose path differs from path only in capitals, if exactly one does.

    A laptop's disk often ignores case and the server's never does: a post that
    says Walk.jpg for walk.jpg works in one preview and breaks once published.
    """
    found = ""
    folder = root
    for part in PurePosixPath(path).parts:
        if not folder.is_dir():
            return None
        matches = [
            p.name for p in folder.iterdir() if p.name.casefold() == part.casefold()
        ]
        if len(matches) != 1:
            return None  # none, or two that differ only in case: no guess
        found = posixpath.join(found, matches[0])
        folder = folder / matches[0]
    return found if found != path and folder.is_file() else None


def _missing_picture(post: str, line: int, path: str, root: Path) -> Problem:
    near = same_but_case(path, root)
    if near:
        return Problem(
            post,
            line,
            "error",
            "missing-image",
            f"the picture '{path}' is not there (did you mean {near}?)",
            "write the name with the same capitals as the file",
        )
    return Problem(
        post,
        line,
        "error",
        "missing-image",
        f"the picture '{path}' is not there",
        "check the spelling of its name, or add it to content/images/",
    )


def _outside_problem(post: str, line: int, written: str) -> Problem:
    return Problem(
        post,
        line,
        "error",
        "outside-content",
        f"'{written}' points outside the content folder",
        "link only to files inside content/, like {static}/images/photo.jpg",
    )


def _picture_problems(parsed: ParsedSource, root: Path) -> Iterable[Problem]:
    hero = parsed.header.get("Image")
    wanted = [(p.line, p.src) for p in parsed.pictures]
    if hero and hero.value.strip():
        wanted.insert(0, (hero.line, hero.value.strip()))
    folder = posixpath.dirname(parsed.path)
    for line, written in wanted:
        path = _existing(content_path(written, folder), root)
        if path is None:
            continue  # another site's picture
        if leaves_content(path):
            yield _outside_problem(parsed.path, line, written)
        elif not (root / path).is_file():
            yield _missing_picture(parsed.path, line, path, root)


def _link_problems(
    parsed: ParsedSource,
    root: Path,
    sources: Mapping[str, ParsedSource],
    drafts: set[str],
) -> Iterable[Problem]:
    pictures = {p.src for p in parsed.pictures}
    folder = posixpath.dirname(parsed.path)
    for link in parsed.links:
        if not link.kind or link.target in pictures:
            continue
        path = _existing(content_path(link.target, folder), root)
        if path is None:
            continue
        if leaves_content(path):
            yield _outside_problem(parsed.path, link.line, link.target)
        elif link.kind == "filename" and path in sources:
            if path in drafts and parsed.path not in drafts:
                yield Problem(
                    parsed.path,
                    link.line,
                    "error",
                    "link-to-draft",
                    f"the link to {path} points to a draft, which is not published",
                    "publish that post first, or remove the link",
                )
        elif not path or not (root / path).is_file():
            yield Problem(
                parsed.path,
                link.line,
                "error",
                "missing-link",
                f"the link '{link.target}' points to a file that is not there",
                "check the folder and file name (like {filename}/news/my-post.md)",
            )
        elif link.kind == "filename":
            yield Problem(
                parsed.path,
                link.line,
                "error",
                "filename-for-file",
                f"'{link.target}' uses {{filename}}, which is for links to posts",
                "write {static} instead: "
                + link.target.replace("{filename}", "{static}", 1),
            )


def reference_problems(
    sources: Mapping[str, ParsedSource],
    root: Path,
    drafts: set[str],
    settings: CheckSettings,
) -> list[Problem]:
    """Pictures and links that reach nothing, leave content/ or reach a draft."""
    problems: list[Problem] = []
    for parsed in sources.values():
        problems += _picture_problems(parsed, root)
        problems += _link_problems(parsed, root, sources, drafts)
        post = Post(parsed.path, "", parsed.header, settings)
        problems += check_review_due(post)
        problems += check_event_far_ahead(post)
    return problems


# --- links by address ------------------------------------------------------------

# Hosts that only ever mean "this computer": a link copied from the preview.
_LOCAL_HOST = re.compile(
    r"^https?://(?:127(?:\.\d{1,3}){3}|localhost|0\.0\.0\.0|\[::1\])(?::\d+)?(?=/|$)",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"\d+/$")


@dataclass(frozen=True)
class SiteAddresses:
    """Every address the site makes, and which source each post's address is."""

    addresses: frozenset[str]  # site-relative, without the leading slash
    sources: Mapping[str, str]  # a post's or draft's address -> its source path
    open_folders: frozenset[str]  # first segments whose files are not listed
    siteurl: str = ""  # the published site's own address, if set

    def knows(self, address: str) -> bool:
        """True when the site makes a page or file at this address."""
        address = address.lstrip("/")
        first = address.split("/", 1)[0]
        if first in self.open_folders:
            return True
        candidates = {address, address.removesuffix("index.html")}
        if address and not address.endswith("/") and "." not in address.rsplit("/")[-1]:
            candidates.add(address + "/")  # /about is served as /about/
        if _PAGE_NUMBER.search(address):  # a list's later pages: /news/2/
            candidates.add(_PAGE_NUMBER.sub("", address))
        return bool(candidates & self.addresses)


def _site_path(target: str, siteurl: str) -> tuple[str, bool] | None:
    """(the address's path, whether it was the preview's) for a link into the site."""
    local = _LOCAL_HOST.match(target)
    if local:
        return target[local.end() :] or "/", True
    if siteurl and target.startswith(siteurl.rstrip("/") + "/"):
        return target[len(siteurl.rstrip("/")) :], False
    if target.startswith("/") and not target.startswith("//"):
        return target, False
    return None


def _instead(path: str, known: SiteAddresses) -> str:
    """The {filename} form to write for an address, when a post has it."""
    address = path.lstrip("/")
    source = known.sources.get(address) or known.sources.get(address + "/")
    if source is None and address.startswith("drafts/"):
        source = known.sources.get(address.removeprefix("drafts/"))
    if source:
        return f"write [text]({{filename}}/{source}) instead, which the checks follow"
    if "." in address.rsplit("/", 1)[-1]:  # a file, not a page
        return (
            "put the file in content/ and link it with {static}, like "
            "[text]({static}/images/leaflet.pdf), which the checks follow"
        )
    return (
        "link to the post's file instead, like [text]({filename}/news/my-post.md), "
        "which the checks follow (see docs/writing.md)"
    )


def site_link_problems(
    sources: Mapping[str, ParsedSource], known: SiteAddresses
) -> list[Problem]:
    """Links to the preview's address, and site addresses that no page has."""
    problems = []
    for parsed in sources.values():
        for link in parsed.links:
            if link.kind:
                continue
            found = _site_path(link.target, known.siteurl)
            if found is None:
                continue
            raw, from_preview = found
            path = unquote(raw.split("#", 1)[0].split("?", 1)[0])
            if from_preview:
                problems.append(
                    Problem(
                        parsed.path,
                        link.line,
                        "error",
                        "preview-link",
                        f"the link '{link.target}' is the preview's address on this "
                        "computer, which readers cannot open",
                        _instead(path, known),
                    )
                )
            elif path and not known.knows(path):
                problems.append(
                    Problem(
                        parsed.path,
                        link.line,
                        "error",
                        "no-such-page",
                        f"the link '{link.target}' goes to an address no page of the "
                        "site has",
                        _instead(path, known),
                    )
                )
    return problems


def intro_link_problems(
    sources: Mapping[str, ParsedSource], intros: Mapping[str, str]
) -> list[Problem]:
    """{filename} links to a section's intro, which is not a page of its own."""
    problems = []
    for parsed in sources.values():
        folder = posixpath.dirname(parsed.path)
        for link in parsed.links:
            if link.kind != "filename":
                continue
            path = content_path(link.target, folder)
            section = intros.get(path or "")
            if section:
                problems.append(
                    Problem(
                        parsed.path,
                        link.line,
                        "error",
                        "link-to-intro",
                        f"{path} is the introduction of the {section} list, not a "
                        "page of its own",
                        f"link to the list instead: [text]({{category}}{section})",
                    )
                )
    return problems
