"""The body HTML policy: a kept allow-list sanitiser (nh3, Ammonia). Pure.

What Markdown makes is allowed; what an editor could paste that runs code or
changes the page (script, style, iframe, forms, event handlers, javascript: and
data: addresses) is removed, and each removal is reported with its line. Video
embeds are allowed from a short list of privacy-respecting players, with a
title, and are rebuilt from their parts, never copied as written.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

import nh3

from .references import LineFinder
from .tags import StartTag, start_tags

TAGS = frozenset(
    {
        *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small"),
        *("sub", "sup", "code", "pre", "kbd", "samp", "var", "blockquote", "q"),
        *("cite", "abbr", "dfn", "time", "ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"),
        *("colgroup", "col", "figure", "figcaption", "details", "summary"),
        *("a", "img", "span", "div"),
    }
)
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope", "headers", "style"},
    "td": {"colspan", "rowspan", "headers", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "time": {"datetime"},
    "details": {"open"},
    "abbr": {"title"},
}
# http(s), e-mail and phone links; relative addresses ({filename}/..., /about/,
# #notes) pass as they are. Anything else (javascript:, data:, vbscript:) goes.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Removed with their content, not only the tags.
REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript"})
# Players that may be embedded: host -> the path every embed address starts with.
EMBED_HOSTS = {
    "www.youtube-nocookie.com": "/embed/",
    "player.vimeo.com": "/video/",
}
# The end of an iframe an editor wrote, right after its start tag.
_IFRAME_END = re.compile(r"\s*</iframe\s*>", re.IGNORECASE)
_EMBED_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class Removal:
    """Something the policy took out of a post's HTML, and the line it came from."""

    what: str
    line: int


def _embed(attrs: dict[str, str]) -> str | None:
    """Safe markup for an allowed video embed, or None when it is not allowed."""
    src, title = attrs.get("src", "").strip(), attrs.get("title", "").strip()
    parts = urlsplit(src)
    prefix = EMBED_HOSTS.get(parts.hostname or "")
    if parts.scheme != "https" or prefix is None or not title:
        return None
    video = parts.path.removeprefix(prefix)
    if not parts.path.startswith(prefix) or not _EMBED_ID.match(video):
        return None
    address = f"https://{parts.hostname}{prefix}{video}"
    return (
        '<div class="embed"><iframe'
        f' src="{escape(address)}" title="{escape(title)}" loading="lazy"'
        ' allow="fullscreen; picture-in-picture" allowfullscreen'
        ' referrerpolicy="strict-origin-when-cross-origin"></iframe></div>'
    )


def _inventory(html: str) -> tuple[Counter, Counter]:
    """How many of each tag, and of each (tag, attribute, value kind), HTML has."""
    tags: Counter = Counter()
    attrs: Counter = Counter()
    for tag in start_tags(html):
        name = tag.name
        tags[name] += 1
        for attribute, value in tag.attrs.items():
            attrs[(name, attribute, _scheme(value))] += 1
    return tags, attrs


def _scheme(value: str | None) -> str:
    """An attribute value's scheme in lower case, as urlsplit reads it ('' for none)."""
    if not value:
        return ""
    if ":" not in value and "/" not in value:
        # Most values (a class, an alt text): no scheme, and no host that
        # urlsplit could refuse, so it need not read them.
        return ""
    return urlsplit(value.strip()).scheme.lower()


def _describe(tag: str, attribute: str, scheme: str) -> str:
    if attribute.startswith("on"):
        return f"the event handler {attribute}= on <{tag}>"
    if scheme:
        return f"a {scheme}: address in <{tag} {attribute}=...>"
    return f"the {attribute}= attribute on <{tag}>"


def _set_embeds_aside(html: str, keep: Callable[[StartTag], str]) -> str:
    """Each <iframe> (with its end tag) replaced by what keep makes of it."""
    pieces, last = [], 0
    for tag in start_tags(html):
        if tag.name != "iframe" or tag.start < last:
            continue
        end = _IFRAME_END.match(html, tag.end)
        pieces += [html[last : tag.start], keep(tag)]
        last = end.end() if end else tag.end
    return "".join(pieces) + html[last:]


def sanitise(html: str, lines: list[str], body_line: int) -> tuple[str, list[Removal]]:
    """The HTML with only what the policy allows, and what was removed (with lines)."""
    finder = LineFinder(lines, body_line)
    removals: list[Removal] = []
    embeds: list[str] = []
    # Where an allowed embed waits while the rest is cleaned: a name no editor types.
    token = f"charity-embed-{secrets.token_hex(8)}-{{}}"

    def keep_embed(tag: StartTag) -> str:
        attrs = {name: value or "" for name, value in tag.attrs.items()}
        made = _embed(attrs)
        if made is None:
            where = attrs.get("src", "") or "<iframe"
            host = urlsplit(attrs.get("src", "")).hostname or "an unknown site"
            why = (
                "it has no title, or is not a video address"
                if host in EMBED_HOSTS
                else "only YouTube (youtube-nocookie.com) and Vimeo may be embedded"
            )
            removals.append(
                Removal(f"an embedded frame from {host} ({why})", finder.line_of(where))
            )
            return ""
        embeds.append(made)
        return f"<p>{token.format(len(embeds) - 1)}</p>"

    html = _set_embeds_aside(html, keep_embed)
    before_tags, before_attrs = _inventory(html)
    clean = nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )
    # What Markdown makes often comes back as it went in: counted once.
    same = clean == html
    after_tags, after_attrs = (before_tags, before_attrs) if same else _inventory(clean)
    for tag, count in sorted(before_tags.items()):
        if after_tags[tag] < count:
            removals.append(Removal(f"the <{tag}> element", finder.line_of(f"<{tag}")))
    for (tag, attribute, scheme), count in sorted(before_attrs.items()):
        if after_tags[tag] < before_tags[tag]:
            continue  # the whole element went, already reported
        if after_attrs[(tag, attribute, scheme)] < count:
            needle = f"{scheme}:" if scheme else f"{attribute}="
            removals.append(
                Removal(_describe(tag, attribute, scheme), finder.line_of(needle))
            )
    for number, embed in enumerate(embeds):
        clean = clean.replace(f"<p>{token.format(number)}</p>", embed)
    return clean, removals
