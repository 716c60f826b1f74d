"""The HTTP headers of the published site, defined once, written for each host. Pure.

Security headers for every response, long caching for pictures whose names carry
their content hash, short caching for pages and feeds, and the right type for
each feed. `_headers` is the form Netlify and Cloudflare Pages read.

The web editor at /admin/ (Decap CMS) gets its own, looser policy: it evaluates
code and styles itself with inline <style> elements, which the rest of the site
never allows. docs/cms.md says why each source is there.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IMMUTABLE = "public, max-age=31536000, immutable"  # a year: the name changes instead
CARDS_FOLDER = "cards"  # link-preview cards, named by a hash (pictures/card_steps.py)
SHORT = "public, max-age=300, must-revalidate"  # pages and feeds: five minutes
# Strict-Transport-Security: two years, as the HSTS preload list asks; only ever
# sent over https by the hosts that read this.
HSTS = "max-age=63072000; includeSubDomains"
# Picture variants named by their content: photo-800w.0123456789.webp.
HASHED = re.compile(r"-(?:\d+w|social)\.[0-9a-f]{10}\.(?:webp|jpg|png)$")
FEED_TYPES = (
    (".rss.xml", "application/rss+xml; charset=utf-8"),
    (".atom.xml", "application/atom+xml; charset=utf-8"),
    ("feeds/all.json", "application/feed+json; charset=utf-8"),
)


# The web editor's folder (plugins/charity_site/cms): its own policy.
EDITOR = "/admin/"
# Its scripts and stylesheet, named by their content hash.
EDITOR_HASHED = r"\.[0-9a-f]{10}\.(js|css)$"
EDITOR_CONFIG = "/admin/config.yml"
YAML = "text/yaml; charset=utf-8"


@dataclass(frozen=True)
class Rule:
    """Headers for one path (or /* for every response)."""

    path: str
    headers: tuple[tuple[str, str], ...]


def style_hash(css_block: str) -> str:
    """The CSP source for one inline <style> element's exact text."""
    digest = hashlib.sha256(css_block.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _origin(address: str) -> str | None:
    parts = urlsplit(address)
    if parts.scheme != "https" or not parts.hostname:
        return None
    return f"https://{parts.netloc}"


def content_security_policy(
    style_sources: Iterable[str], form_actions: Iterable[str], frames: Iterable[str]
) -> str:
    """A policy with no inline script and only the styles, forms and frames named."""
    forms = sorted({o for o in (_origin(a) for a in form_actions) if o})
    frame_origins = sorted({o for o in (_origin(a) for a in frames) if o})
    parts = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' " + " ".join(sorted(set(style_sources))),
        # Markdown's table alignment is a style attribute; it cannot run code.
        "style-src-attr 'unsafe-inline'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src " + (" ".join(frame_origins) or "'none'"),
        "form-action 'self'" + "".join(f" {o}" for o in forms),
        "base-uri 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "upgrade-insecure-requests",
    ]
    return "; ".join(parts)


def editor_policy(connect: Iterable[str], *, local: bool = False) -> str:
    """The web editor's policy: what Decap CMS needs, found in Chromium, and no more.

    connect: the git host's API and login origins it talks to. local: a
    preview's editor also talks to decap-server over plain http on this machine,
    which upgrade-insecure-requests would turn into https.
    """
    others = " ".join(sorted(set(connect)))
    parts = [
        "default-src 'self'",
        # Decap compiles its configuration's schema (ajv) into functions.
        "script-src 'self' 'unsafe-eval'",
        # Its components style themselves with <style> elements made at run time.
        "style-src 'self' 'unsafe-inline'",
        # Uploaded photos are previewed from memory (blob:, data:); the git
        # host's avatars and media come from its own origins.
        "img-src 'self' data: blob:" + (f" {others}" if others else ""),
        "font-src 'self' data:",
        # It reads an uploaded photo back from memory (blob:) to send it.
        "connect-src 'self' blob:" + (f" {others}" if others else ""),
        "media-src 'self' blob:",
        # The preview pane is a frame of the editor's own page.
        "frame-src 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
    if not local:
        parts.append("upgrade-insecure-requests")
    return "; ".join(parts)


def security_headers(policy: str) -> tuple[tuple[str, str], ...]:
    """The headers every response carries."""
    return (
        ("Content-Security-Policy", policy),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        (
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
            "interest-cohort=()",
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Strict-Transport-Security", HSTS),
    )


def _tops(files: Iterable[str]) -> list[str]:
    """The path patterns that cover the site's files outside the editor."""
    patterns = {"/"}
    for name in files:
        first, folder, _rest = name.partition("/")
        if first == EDITOR.strip("/") or first.startswith("_"):
            continue
        patterns.add(f"/{first}/*" if folder else f"/{first}")
    return sorted(patterns)


def rules_for(
    files: Iterable[str],
    every: tuple[tuple[str, str], ...],
    editor: tuple[tuple[str, str], ...] = (),
) -> list[Rule]:
    """The header rules for the site's files (paths relative to its root).

    Hosts join the values of a header named by two matching rules (a page under
    /* and /news/* gets both values, comma-separated), so caching is set per
    file, never under /*; pages keep the host's own short default.

    The same joining decides the two policies. Two Content-Security-Policy
    values are two policies, and a browser enforces both, so a strict one on /*
    would still apply to /admin/ whatever /admin/* added. Instead /* carries the
    editor's looser policy (editor: its headers, or none without an editor), and
    every path of the site outside /admin/ adds the strict one: those pages get
    both, which allows only what the strict one allows; the editor gets its own.
    An address under no path the site has (a 404 for /no-such-page/) gets the
    editor's policy only, which still allows no inline or third-party script.
    """
    files = sorted(files)
    if not editor:
        rules = [Rule("/*", every)]
    else:
        policy = [(k, v) for k, v in every if k == "Content-Security-Policy"]
        rules = [Rule("/*", editor)]
        rules += [Rule(pattern, tuple(policy)) for pattern in _tops(files)]
        rules.append(Rule(f"{EDITOR}*", (("X-Robots-Tag", "noindex, nofollow"),)))
        rules.append(Rule(EDITOR_CONFIG, (("Content-Type", YAML),)))
    if any(name.startswith(f"{CARDS_FOLDER}/") for name in files):
        # One rule for every card (their names are hashes of what they show).
        rules.append(Rule(f"/{CARDS_FOLDER}/*", (("Cache-Control", IMMUTABLE),)))
    for name in files:
        if HASHED.search(name) or (
            name.startswith(EDITOR.lstrip("/")) and re.search(EDITOR_HASHED, name)
        ):
            rules.append(Rule(f"/{name}", (("Cache-Control", IMMUTABLE),)))
            continue
        for ending, kind in FEED_TYPES:
            if name.endswith(ending):
                rules.append(
                    Rule(f"/{name}", (("Content-Type", kind), ("Cache-Control", SHORT)))
                )
    return rules


def headers_file(rules: Iterable[Rule]) -> str:
    """`_headers` as Netlify and Cloudflare Pages read it."""
    lines = ["# Made by the site build from plugins/charity_site/hosting/headers.py"]
    for rule in rules:
        lines.append(rule.path)
        lines += [f"  {name}: {value}" for name, value in rule.headers]
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _add_headers(headers: Iterable[tuple[str, str]]) -> list[str]:
    return [f"add_header {name} {_quoted(value)} always;" for name, value in headers]


def _block(match: str, lines: Iterable[str]) -> list[str]:
    return [f"location {match} {{", *(f"    {line}" for line in lines), "}"]


def nginx_file(
    every: tuple[tuple[str, str], ...],
    redirects: Iterable[tuple[str, str]],
    editor: tuple[tuple[str, str], ...] = (),
) -> str:
    """The same headers, caching, feed types and redirects as nginx directives.

    Included in the `server` block of deploy/nginx.conf. nginx drops a server's
    add_header lines in any location that has its own, so each location repeats
    the security headers. The editor's folder is a location of its own with
    its own policy (editor: its headers), and none of the strict one.
    """
    security = _add_headers(every)

    def location(match: str, *lines: str) -> list[str]:
        return _block(match, [*lines, *security])

    out = [
        "# Made by the site build from plugins/charity_site/hosting/headers.py",
        *security,
        # Pages: nginx sends no Cache-Control of its own, and browsers would
        # then guess from Last-Modified (days, for an old page). Other hosts
        # already send a short one, so `_headers` leaves pages to them.
        f"add_header Cache-Control {_quoted(SHORT)} always;",
    ]
    out += location(
        r'~ "-(\d+w|social)\.[0-9a-f]{10}\.(webp|jpg|png)$"',  # quoted: it has {}
        f"add_header Cache-Control {_quoted(IMMUTABLE)} always;",
    )
    # Link-preview cards: each name is the hash of what it shows.
    out += location(
        f"^~ /{CARDS_FOLDER}/",
        f"add_header Cache-Control {_quoted(IMMUTABLE)} always;",
    )
    for ending, kind in FEED_TYPES:
        out += location(
            f'~ "{re.escape(ending)}$"',
            "types { }",
            f"default_type {_quoted(kind)};",
            f"add_header Cache-Control {_quoted(SHORT)} always;",
        )
    if editor:
        out += _editor_locations(editor)
    # Host files are for hosts, not readers.
    out += ["location ~ ^/_ {", "    return 404;", "}"]
    for old, new in sorted(redirects):
        out += location(f"= {old}", f"return 301 {new};")
    return "\n".join(out) + "\n"


def _editor_locations(editor: tuple[tuple[str, str], ...]) -> list[str]:
    """/admin/ with the editor's headers only: never the strict policy as well.

    `^~`: a prefix match that the site's regex locations (feeds, pictures)
    cannot take over, so nothing under /admin/ gets the strict policy.
    """
    own = [
        *_add_headers(editor),
        _add_headers([("X-Robots-Tag", "noindex, nofollow")])[0],
    ]
    hashed = _block(
        f'~ "{EDITOR_HASHED}"',
        [f"add_header Cache-Control {_quoted(IMMUTABLE)} always;", *own],
    )
    out = _block(
        f"^~ {EDITOR}",
        [
            # deploy/nginx.conf's `location /` does not apply in here.
            "try_files $uri $uri/ =404;",
            f"add_header Cache-Control {_quoted(SHORT)} always;",
            *own,
            *hashed,
        ],
    )
    # Decap reads config.yml whatever its type; the right one costs nothing.
    out += _block(
        f"= {EDITOR_CONFIG}",
        [
            "types { }",
            f"default_type {_quoted(YAML)};",
            f"add_header Cache-Control {_quoted(SHORT)} always;",
            *own,
        ],
    )
    return out
