"""Old addresses that lead to new ones: read, checked, and written for hosts. Pure.

Two sources: a post's `Aliases:` header (its own old addresses) and
content/redirects.txt (one `old new` pair a line, for anything else). Every
redirect must lead to an address the site makes, never to itself or round in a
loop, and only from an address the site no longer has: never a live page, and
never an address the output layout owns (layout.py), however it is spelt.
Only plain characters pass, so nothing an editor writes is read as a host's
pattern syntax or breaks the nginx include.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from urllib.parse import unquote

from ..layout import Layout, fold, plain_address_problem, save_as_of
from ..problems import Problem

REDIRECTS_FILE = "redirects.txt"
# The hosts' documented limits on a `_redirects` file (docs/deploy.md cites them).
HOST_LIMITS = (
    ("Cloudflare Pages", 2000, "reads at most 2,000 static redirects"),
    (
        "Netlify",
        10000,
        "asks for wildcards past 10,000 redirects, or a deploy may fail",
    ),
)


@dataclass(frozen=True)
class Redirect:
    """One old address (a site path like /2019/old-post/) and where it now leads."""

    old: str
    new: str
    source: str  # the file that asks for it
    line: int


def site_path(address: str) -> str:
    """A site address as the paths here are kept: leading slash, no host."""
    return "/" + address.lstrip("/")


def _path_problem(source: str, line: int, written: str, why: str) -> Problem:
    return Problem(
        source,
        line,
        "error",
        "bad-redirect",
        f"'{written}' {why}",
        "write an address on this site starting with /, like /2019/05/old-post/",
    )


def check_path(source: str, line: int, written: str) -> Problem | None:
    """None when written is a usable site path; else the problem with it."""
    if not written.startswith("/") or written.startswith("//"):
        return _path_problem(source, line, written, "is not an address on this site")
    why = plain_address_problem(written)
    return _path_problem(source, line, written, why) if why else None


def aliases_of(value: str, new: str, source: str, line: int) -> tuple[list, list]:
    """The redirects a post's `Aliases:` asks for, and the problems with them."""
    redirects, problems = [], []
    for written in (part.strip() for part in value.split(",")):
        if not written:
            continue
        problem = check_path(source, line, written)
        if problem:
            problems.append(problem)
        else:
            redirects.append(Redirect(unquote(written), site_path(new), source, line))
    return redirects, problems


def parse_redirects_file(text: str, source: str = REDIRECTS_FILE) -> tuple[list, list]:
    """The redirects of content/redirects.txt (`old new` a line; # for notes)."""
    redirects, problems = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            problems.append(
                Problem(
                    source,
                    number,
                    "error",
                    "bad-redirect",
                    "a redirect line needs two addresses: the old one, then the new",
                    "write it like: /2019/05/old-post/ /news/new-post/",
                )
            )
            continue
        found = [check_path(source, number, written) for written in parts]
        if any(found):
            problems += [p for p in found if p]
            continue
        old, new = (unquote(part) for part in parts)
        redirects.append(Redirect(old, new, source, number))
    return redirects, problems


def fallback_path(old: str) -> str:
    """The file a static host serves at an old address."""
    return save_as_of(old)


def check_redirects(
    redirects: Iterable[Redirect], addresses: set[str], layout: Layout
) -> tuple[list[Redirect], list[Problem]]:
    """The redirects that can be written, and a line for each that cannot.

    addresses: every site path the build writes a page at (like /news/post/).
    Addresses are compared as every host may read them (layout.fold): decoded,
    with or without index.html or the last slash, in any case.
    """
    live = {fold(address): address for address in addresses}
    kept: dict[str, Redirect] = {}
    problems: list[Problem] = []

    def refuse(redirect: Redirect, message: str, fix: str) -> None:
        problems.append(
            Problem(
                redirect.source, redirect.line, "error", "bad-redirect", message, fix
            )
        )

    for redirect in redirects:
        old, new = fold(redirect.old), fold(redirect.new)
        owner = layout.owner_of(redirect.old)
        if old == new:
            refuse(redirect, f"{redirect.old} leads to itself", "remove this redirect")
        elif old in live:
            same = "" if live[old] == redirect.old else f" ({live[old]})"
            refuse(
                redirect,
                f"{redirect.old} is a page the site has{same}, so it cannot be "
                "redirected",
                "remove this redirect, or the page at that address",
            )
        elif owner:
            refuse(
                redirect,
                f"{redirect.old} is an address the site writes itself ({owner})",
                "remove this redirect: only addresses the site no longer has can be "
                "redirected",
            )
        elif old in kept:
            refuse(
                redirect,
                f"{redirect.old} is redirected twice (see {kept[old].source}:"
                f"{kept[old].line})",
                "keep one of the two",
            )
        else:
            kept[old] = redirect
    final: list[Redirect] = []
    for old, redirect in kept.items():
        seen, target = {old}, fold(redirect.new)
        while target in kept and target not in seen:  # a chain of redirects
            seen.add(target)
            target = fold(kept[target].new)
        if target in seen:
            refuse(
                redirect,
                f"{redirect.old} leads round in a loop of redirects",
                "point it straight at the page it should reach",
            )
        elif target not in live:
            refuse(
                redirect,
                f"{redirect.old} leads to {redirect.new}, which is not a page the "
                "site has",
                "point it at an address that exists (check the spelling)",
            )
        else:
            final.append(
                Redirect(redirect.old, live[target], redirect.source, redirect.line)
            )
    return final, problems


def host_limit_problems(redirects: list[Redirect]) -> list[Problem]:
    """A warning for each host whose documented limit the redirects pass."""
    ordered = sorted(redirects, key=lambda r: (r.source, r.line, r.old))
    problems = []
    for host, limit, what in HOST_LIMITS:
        if len(ordered) > limit:
            first = ordered[limit]
            problems.append(
                Problem(
                    first.source,
                    first.line,
                    "warning",
                    "too-many-redirects",
                    f"the site has {len(ordered):,} redirects, and {host} {what}: "
                    f"from here on they would not work there",
                    "remove redirects for old addresses nobody visits any more, or "
                    "serve the site with nginx (deploy/nginx.conf has no limit)",
                )
            )
    return problems


def netlify_file(redirects: Iterable[Redirect]) -> str:
    """`_redirects` as Netlify and Cloudflare Pages read it: permanent (301)."""
    lines = ["# Made by the site build from Aliases: headers and content/redirects.txt"]
    lines += [f"{r.old} {r.new} 301" for r in sorted(redirects, key=lambda r: r.old)]
    return "\n".join(lines) + "\n"


def fallback_html(target_url: str, site_name: str) -> str:
    """A page for hosts that read no redirect file: it sends the reader on."""
    url = escape(target_url, quote=True)
    return (
        '<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>This page has moved — {escape(site_name)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        f'<link rel="canonical" href="{url}">\n'
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{url}">{url}</a>.</p>\n'
        "</body>\n</html>\n"
    )
