"""The HTTP headers of the published site, defined once, written for each host. Pure.

Security headers for every response, long caching for pictures whose names carry
their content hash, short caching for pages and feeds, and the right type for
each feed. `_headers` is the form Netlify and Cloudflare Pages read.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IMMUTABLE = "public, max-age=31536000, immutable"  # a year: the name changes instead
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


def rules_for(files: Iterable[str], every: tuple[tuple[str, str], ...]) -> list[Rule]:
    """The header rules for the site's files (paths relative to its root).

    Hosts join the values of a header named by two matching rules, so caching is
    set per file, never under /*; pages keep the host's own short default.
    """
    rules = [Rule("/*", every)]
    for name in sorted(files):
        if HASHED.search(name):
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


def nginx_file(
    every: tuple[tuple[str, str], ...], redirects: Iterable[tuple[str, str]]
) -> str:
    """The same headers, caching, feed types and redirects as nginx directives.

    Included in the `server` block of deploy/nginx.conf. nginx drops a server's
    add_header lines in any location that has its own, so each location repeats
    the security headers.
    """
    security = [f"add_header {name} {_quoted(value)} always;" for name, value in every]

    def location(match: str, *lines: str) -> list[str]:
        inner = [*lines, *security]
        return [f"location {match} {{", *(f"    {line}" for line in inner), "}"]

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
    for ending, kind in FEED_TYPES:
        out += location(
            f'~ "{re.escape(ending)}$"',
            "types { }",
            f"default_type {_quoted(kind)};",
            f"add_header Cache-Control {_quoted(SHORT)} always;",
        )
    # Host files are for hosts, not readers.
    out += ["location ~ ^/_ {", "    return 404;", "}"]
    for old, new in sorted(redirects):
        out += location(f"= {old}", f"return 301 {new};")
    return "\n".join(out) + "\n"
