"""The HTTP headers of the published site, defined once, written for each host. Pure.

Security headers for every response, long caching for pictures whose names carry
their content hash, short caching for feeds and calendars, and the right type
for each feed and calendar. `_headers` is the form Netlify and Cloudflare Pages
read; `_nginx.conf` the same for nginx.

The web editor at /admin/ (Decap CMS) gets its own, looser policy: it evaluates
code and styles itself with inline <style> elements, which the rest of the site
never allows. docs/cms.md says why each source is there.

How the hosts read `_headers` (docs/deploy.md cites their documentation):
Cloudflare Pages applies every rule whose path matches, in the order of the
file, joining two values of one header with a comma; a `! Name` line removes
what earlier rules set. It reads the first 100 rules and skips the rest. A path
has at most one `*` (any characters, `/` too) and `:name` placeholders (one or
more characters other than `/`); there are no regular expressions. Netlify's
parser has no `!` line (it drops a line without a colon); its own emulation
lets a later rule's value replace an earlier one's. The rules below are made so
that both readings send one value of each header at every address:
`host_headers()` computes what each would send, and the tests hold it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from ..layout import (
    CARDS_FOLDER,
    EDITOR_FOLDER,
    FEEDS_FOLDER,
    HASH,
    HOST_HEADERS,
    VARIANT,
    plain_address_problem,
)
from ..problems import Problem, Severity

IMMUTABLE = "public, max-age=31536000, immutable"  # a year: the name changes instead
SHORT = "public, max-age=300, must-revalidate"  # feeds and calendars: five minutes
# Strict-Transport-Security: two years, as the HSTS preload list asks; only ever
# sent over https by the hosts that read this.
HSTS = "max-age=63072000; includeSubDomains"
# Picture variants named by their content: photo-800w.0123456789.webp.
HASHED = re.compile(rf"{VARIANT}\.{HASH}\.(?:webp|jpg|png)$")
# The same names as host patterns: one `*` and a `:hash` placeholder each (hosts
# have no regular expressions). `*w.` also matches a rare unhashed name such as
# crew.2024.jpg: rules_for() checks every file and corrects those one by one.
PICTURE_PATTERNS = (
    ("/*w.:hash.webp", re.compile(rf"-\d+w\.{HASH}\.webp$")),
    ("/*w.:hash.jpg", re.compile(rf"-\d+w\.{HASH}\.jpg$")),
    ("/*w.:hash.png", re.compile(rf"-\d+w\.{HASH}\.png$")),
    ("/*-social.:hash.jpg", re.compile(rf"-social\.{HASH}\.jpg$")),
)
# Feeds by their ending, all under /feeds/.
FEED_TYPES = (
    (".rss.xml", "application/rss+xml; charset=utf-8"),
    (".atom.xml", "application/atom+xml; charset=utf-8"),
    (".json", "application/feed+json; charset=utf-8"),
)
# Calendars: the events section's calendar.ics and an event.ics beside each event.
# Debian's mime.types has no .ics: nginx would send application/octet-stream.
CALENDAR_ENDING = ".ics"
CALENDAR_TYPE = "text/calendar; charset=utf-8"
# Cloudflare Pages reads the first 100 rules of `_headers` and skips the rest,
# and ignores a line over 2,000 characters.
MAX_RULES = 100
MAX_LINE = 2000
RULE_LIMITED_HOST = "Cloudflare Pages"


# The web editor's folder (plugins/charity_site/cms): its own policy.
EDITOR = f"/{EDITOR_FOLDER}/"
# Its scripts and stylesheet, named by their content hash.
EDITOR_HASHED = rf"\.{HASH}\.(js|css)$"
EDITOR_CONFIG = f"{EDITOR}config.yml"
YAML = "text/yaml; charset=utf-8"
ROBOTS = ("X-Robots-Tag", "noindex, nofollow")

Host = Literal["cloudflare", "netlify"]


@dataclass(frozen=True)
class Rule:
    """Headers for the addresses one path pattern matches (/* for every response).

    detach: header names removed first (`! Name`), so what an earlier rule set
    for the same address is replaced rather than joined.
    """

    path: str
    headers: tuple[tuple[str, str], ...] = ()
    detach: tuple[str, ...] = ()


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


def _editor_rule(
    every: tuple[tuple[str, str], ...], editor: tuple[tuple[str, str], ...]
) -> Rule:
    """/admin/*: the editor's own values, each replacing what /* gave (one policy)."""
    shared = {name.lower() for name, _ in every}
    own = tuple(pair for pair in editor if pair not in every)
    detach = tuple(name for name, _ in own if name.lower() in shared)
    return Rule(f"{EDITOR}*", (*own, ROBOTS), detach)


def _is_editor_hashed(name: str) -> bool:
    return name.startswith(EDITOR.lstrip("/")) and bool(re.search(EDITOR_HASHED, name))


def _wanted_cache(name: str) -> str | None:
    """The Cache-Control a file should get from `_headers` (None: the host's own)."""
    if (
        HASHED.search(name)
        or name.startswith(f"{CARDS_FOLDER}/")
        or _is_editor_hashed(name)
    ):
        return IMMUTABLE
    if name.endswith(CALENDAR_ENDING) or (
        name.startswith(f"{FEEDS_FOLDER}/")
        and name.endswith(tuple(ending for ending, _ in FEED_TYPES))
    ):
        return SHORT
    return None


def _served_names(files: Iterable[str]) -> list[str]:
    """The files a host serves at their own address (not its own `_` files)."""
    return sorted(
        {
            name
            for name in files
            if name and not name.endswith("/") and not name.startswith("_")
        }
    )


def rules_for(
    files: Iterable[str],
    every: tuple[tuple[str, str], ...],
    editor: tuple[tuple[str, str], ...] = (),
) -> list[Rule]:
    """The header rules for the site's files (paths relative to its root).

    /* gives every response the site's headers, the strict policy included, so
    an address the site never had (its 404) is held to it too. /admin/* removes
    the strict policy (`! Content-Security-Policy`) and sets the editor's: a host
    that joins matching rules would otherwise send both, and a browser enforces
    every policy it is sent (the editor's `form-action 'self'` blocked the
    newsletter's post to its provider, and its `frame-src 'self'` blocked
    videos). No other header is set by two rules that match one address, so a
    host that lets the later rule win reads the same.

    Caching is set by pattern (hashed pictures, cards, feeds, calendars), never
    per post, so the number of rules stays the same as posts are added; pages
    keep the host's own short default. A file a picture pattern takes by
    mistake (crew.2024.jpg is not hashed) gets a rule of its own, after.
    """
    names = _served_names(files)
    rules = [Rule("/*", every)]
    if editor:
        rules.append(_editor_rule(every, editor))
        rules.append(Rule(EDITOR_CONFIG, (("Content-Type", YAML),)))
    if any(name.startswith(f"{CARDS_FOLDER}/") for name in names):
        # One rule for every card (their names are hashes of what they show).
        rules.append(Rule(f"/{CARDS_FOLDER}/*", (("Cache-Control", IMMUTABLE),)))
    for pattern, variant in PICTURE_PATTERNS:
        if any(variant.search(name) for name in names):
            rules.append(Rule(pattern, (("Cache-Control", IMMUTABLE),)))
    for ending, kind in FEED_TYPES:
        feeds = (n for n in names if n.startswith(f"{FEEDS_FOLDER}/"))
        if any(name.endswith(ending) for name in feeds):
            rules.append(
                Rule(
                    f"/{FEEDS_FOLDER}/*{ending}",
                    (("Content-Type", kind), ("Cache-Control", SHORT)),
                )
            )
    if any(name.endswith(CALENDAR_ENDING) for name in names):
        rules.append(
            Rule(
                f"/*{CALENDAR_ENDING}",
                (("Content-Type", CALENDAR_TYPE), ("Cache-Control", SHORT)),
            )
        )
    # The editor's few files named by their content (a fixed set, not per post).
    rules += [
        Rule(f"/{name}", (("Cache-Control", IMMUTABLE),))
        for name in names
        if _is_editor_hashed(name)
    ]
    return rules + _corrections(rules, names)


def _corrections(rules: list[Rule], names: list[str]) -> list[Rule]:
    """A rule for each file whose caching the patterns get wrong."""
    fixes = []
    for name in names:
        if plain_address_problem(f"/{name}"):
            # A host would read * or :name as a pattern, and a space or a line
            # break would end the rule: such a name is never written into it.
            continue
        want = _wanted_cache(name)
        got = host_headers(rules, f"/{name}").get("cache-control")
        if got != ([want] if want else None):
            fixes.append(
                Rule(
                    f"/{name}",
                    (("Cache-Control", want),) if want else (),
                    ("Cache-Control",) if got else (),
                )
            )
    return fixes


def headers_file(rules: Iterable[Rule]) -> str:
    """`_headers` as Netlify and Cloudflare Pages read it."""
    lines = ["# Made by the site build from plugins/charity_site/hosting/headers.py"]
    for rule in rules:
        lines.append(rule.path)
        lines += [f"  ! {name}" for name in rule.detach]
        lines += [f"  {name}: {value}" for name, value in rule.headers]
    return "\n".join(lines) + "\n"


def parse_headers_file(text: str) -> list[Rule]:
    """The rules of a `_headers` file, as headers_file() writes them."""
    rules: list[Rule] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("/"):
            rules.append(Rule(line))
        elif rules and line.startswith("! "):
            last = rules[-1]
            detach = (*last.detach, line[2:].strip())
            rules[-1] = Rule(last.path, last.headers, detach)
        elif rules and ":" in line:
            name, _, value = line.partition(":")
            last = rules[-1]
            headers = (*last.headers, (name.strip(), value.strip()))
            rules[-1] = Rule(last.path, headers, last.detach)
    return rules


# A rule's path is read once (_corrections asks for each file); bounded, as a
# preview's builder lives through many builds.
@functools.lru_cache(maxsize=4096)
def _cloudflare_match(pattern: str) -> re.Pattern[str] | None:
    """Cloudflare Pages' reading of a rule's path (None: it skips the rule).

    One `*` matches any characters, `/` too; `:name` one or more but `/`; the
    rest is literal, and the whole path must match.
    """
    if pattern.count("*") > 1:
        return None
    escaped = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.compile(re.sub(r":[A-Za-z]\w*", "[^/]+", escaped))


@functools.lru_cache(maxsize=4096)
def _netlify_match(pattern: str) -> re.Pattern[str]:
    """Netlify's reading of a rule's path, part by part between slashes.

    A part `:name` matches one part, a part `*` anything (the slash before it is
    optional), `*` inside a part anything, literally as its headers parser does;
    case is ignored and a trailing slash is optional.
    """

    def part_pattern(part: str) -> str:
        if part.startswith(":"):
            return "([^/]+)"
        if part == "*":
            return "?(.*)"
        if "*" in part:
            return part.replace("*", "(.*)")  # the rest is not escaped there
        return re.escape(part)

    parts = [p.rstrip() for p in pattern.split("/") if p.rstrip()]
    body = "/".join(part_pattern(p) for p in parts)
    return re.compile(f"^/{body}/?$", re.IGNORECASE)


def host_headers(
    rules: Iterable[Rule], path: str, host: Host = "cloudflare"
) -> dict[str, list[str]]:
    """The `_headers` values a host sends for one address, by lower-case name.

    cloudflare: every matching rule in order; `! Name` removes what came before,
    and a value set again is joined to the first (two values in the list).
    netlify: no `! Name`; a later matching rule's value replaces an earlier one.
    """
    sent: dict[str, list[str]] = {}
    for rule in rules:
        if host == "cloudflare":
            match = _cloudflare_match(rule.path)
            if match is None or not match.fullmatch(path):
                continue
            for name in rule.detach:
                sent.pop(name.lower(), None)
            for name, value in rule.headers:
                sent.setdefault(name.lower(), []).append(value)
        else:
            if not _netlify_match(rule.path).match(path):
                continue
            own: dict[str, list[str]] = {}
            for name, value in rule.headers:
                own.setdefault(name.lower(), []).append(value)
            sent.update(own)
    return sent


def header_file_problems(text: str, *, strict: bool) -> list[Problem]:
    """Lines for a `_headers` past what Cloudflare Pages reads (rules, line length).

    It skips every rule after the hundredth and every longer line, so the files
    they were for would silently lose their headers. A setting or a layout
    problem, not an editor's: an error in a publish, a warning in a preview.
    """
    severity: Severity = "error" if strict else "warning"
    lines = text.splitlines()
    count = sum(1 for line in lines if line.strip().startswith("/"))
    problems = []
    if count > MAX_RULES:
        problems.append(
            Problem(
                HOST_HEADERS,
                1,
                severity,
                "too-many-header-rules",
                f"_headers has {count} rules, but {RULE_LIMITED_HOST} reads only "
                f"the first {MAX_RULES} and ignores the rest",
                "tell the web team: plugins/charity_site/hosting/headers.py must "
                "cover these files with fewer, wider patterns",
            )
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            problems.append(
                Problem(
                    HOST_HEADERS,
                    number,
                    severity,
                    "header-line-too-long",
                    f"this line of _headers is {len(line)} characters long, but "
                    f"{RULE_LIMITED_HOST} ignores a line over {MAX_LINE}",
                    "shorten the setting it comes from (a long list of embed "
                    "hosts or editor origins), or tell the web team",
                )
            )
    return problems


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
    """The same headers, caching, feed and calendar types and redirects for nginx.

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
        f'~ "{HASHED.pattern}"',  # quoted: it has {}
        f"add_header Cache-Control {_quoted(IMMUTABLE)} always;",
    )
    # Link-preview cards: each name is the hash of what it shows.
    out += location(
        f"^~ /{CARDS_FOLDER}/",
        f"add_header Cache-Control {_quoted(IMMUTABLE)} always;",
    )
    for ending, kind in FEED_TYPES:
        out += location(
            f'~ "^/{FEEDS_FOLDER}/.*{re.escape(ending)}$"',
            "types { }",
            f"default_type {_quoted(kind)};",
            f"add_header Cache-Control {_quoted(SHORT)} always;",
        )
    # Calendars: Debian's mime.types has no .ics (application/octet-stream, which
    # calendar apps refuse to subscribe to).
    out += location(
        f'~ "{re.escape(CALENDAR_ENDING)}$"',
        "types { }",
        f"default_type {_quoted(CALENDAR_TYPE)};",
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
