"""Run the content rules over a whole content folder, and the rules across files."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path

from .header import parse_header
from .problems import Problem
from .rules import (
    POST_SUFFIXES,
    SECTIONS,
    TEXT_RULES,
    Post,
    body_lines,
    check_files_exist,
    check_source,
    decode,
    resolve,
)
from .settings import CheckSettings

# Folders that hold files, not posts.
NOT_POSTS = ("images", "extra")
# Addresses the site itself uses: a page may not take them.
RESERVED = {
    *SECTIONS,
    "tags",
    "authors",
    "feeds",
    "archives",
    "page",
    "drafts",
    "images",
    "theme",
    "digest",
    "sitemap.xml",
    "robots.txt",
    "404.html",
}
_FILENAME_LINK = re.compile(r"[{|]filename[}|](?P<path>[^)\s\"'>#?]+)")


def post_files(content: Path) -> list[Path]:
    """Every Markdown file under content/ that Pelican would read as a post or page."""
    return sorted(
        path
        for path in content.rglob("*")
        if path.suffix in POST_SUFFIXES
        if path.relative_to(content).parts[0] not in NOT_POSTS
        and not any(part.startswith(".") for part in path.relative_to(content).parts)
    )


def address_taken(content: Path, relative: str) -> bool:
    """True when another file, or the site itself, already has this post's address.

    Pelican stops with a traceback when two files write one page, so the reader
    skips all but one of same-named files (the .md one, as documented) and a page
    named like a section.
    """
    path = content / relative
    section = relative.split("/", 1)[0]
    if section == "pages" and path.stem in RESERVED:
        return True
    twins = sorted(
        (p for p in path.parent.glob(f"{path.stem}.*") if p.suffix in POST_SUFFIXES),
        key=lambda p: (p.suffix != ".md", p.name),
    )
    return bool(twins) and twins[0] != path


def _url(relative: str) -> str:
    section, _, name = relative.partition("/")
    slug = Path(name).stem
    return f"{slug}/" if section == "pages" else f"{section}/{slug}/"


def check_site(
    content: Path,
    settings: CheckSettings | None = None,
    memo: dict[str, tuple[str, list[Problem]]] | None = None,
) -> list[Problem]:
    """Check every post under content and return all problems, file by file.

    memo, when given, maps a file to (its content hash, its text-only problems):
    unchanged files are not checked again, and memo is updated for the next run.
    """
    settings = settings or CheckSettings()
    problems: list[Problem] = []
    posts: dict[str, Post] = {}
    for path in post_files(content):
        relative = path.relative_to(content).as_posix()
        data = path.read_bytes()
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        known = memo.get(relative) if memo is not None else None
        if known and known[0] == digest:
            problems.extend(known[1])
        else:
            found = check_source(relative, data, TEXT_RULES, content, settings)
            problems.extend(found)
            if memo is not None:
                memo[relative] = (digest, found)
        text, _ = decode(relative, data)
        if text is None:
            continue
        post = Post(relative, text, parse_header(text), content, settings)
        problems.extend(check_files_exist(post))
        posts[relative] = post
    problems += _duplicate_urls(posts)
    problems += _links_to_drafts(posts)
    return problems


def _duplicate_urls(posts: dict[str, Post]) -> list[Problem]:
    by_url: dict[str, list[str]] = defaultdict(list)
    for relative in posts:
        by_url[_url(relative)].append(relative)
    problems = []
    for url, paths in sorted(by_url.items()):
        if len(paths) > 1:
            for path in paths:
                others = ", ".join(p for p in paths if p != path)
                problems.append(
                    Problem(
                        path,
                        1,
                        "error",
                        "duplicate-url",
                        f"this post and {others} would both be at /{url}",
                        "rename one of the files",
                    )
                )
        first = url.split("/", 1)[0]
        if paths[0].startswith("pages/") and first in RESERVED:
            problems.append(
                Problem(
                    paths[0],
                    1,
                    "error",
                    "reserved-url",
                    f"a page called '{first}' would take the address /{first}/, "
                    "which the site uses",
                    "rename the file",
                )
            )
    return problems


def _is_draft(post: Post) -> bool:
    return post.header.value("Status").lower() == "draft"


def _links_to_drafts(posts: dict[str, Post]) -> list[Problem]:
    problems = []
    for relative, post in posts.items():
        if _is_draft(post):
            continue
        for number, line in body_lines(post):
            for match in _FILENAME_LINK.finditer(line):
                target = posts.get(resolve(match["path"], relative))
                if target is not None and _is_draft(target):
                    problems.append(
                        Problem(
                            relative,
                            number,
                            "error",
                            "link-to-draft",
                            f"the link to {target.path} points to a draft, which "
                            "is not published",
                            "publish that post first, or remove the link",
                        )
                    )
    return problems
