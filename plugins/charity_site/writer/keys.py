"""Stable pictures of settings, metadata and list pages, for the writer's keys. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from ..site_context import FEATURED, LATEST_BY_SECTION, SECTION_INTROS


def stable_repr(value: object) -> str:
    """A repr that is the same in every run: plain data only, the rest left out."""
    if isinstance(value, str | int | float | bool | type(None) | date | datetime):
        return repr(value)
    if isinstance(value, Mapping):
        items = sorted((str(k), stable_repr(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, list | tuple | set | frozenset):
        parts = [stable_repr(v) for v in value]
        return (
            "["
            + ",".join(sorted(parts) if isinstance(value, set | frozenset) else parts)
            + "]"
        )
    return type(value).__name__  # functions, modules, objects: not part of the key


def _post(content_key: Callable[[object], str], post: object) -> str:
    return content_key(post) if post is not None else ""


def list_needs(
    template: str,
    context: Mapping[str, object],
    kwargs: Mapping[str, object],
    content_key: Callable[[object], str],
) -> str | None:
    """What a list page's template reads of other posts; None when not known.

    Read from theme/templates: keep it in step with them. A template not named
    here is keyed by every post (the writer's corpus key), which is always
    right, only slower. A caller that knows its page's inputs passes page_key.
    """
    if "page_key" in kwargs:
        return str(kwargs["page_key"])
    if template in {"category.html", "tag.html", "author.html"}:
        # The cards of the page's own posts and its pagination (added per
        # page); a section's page also shows its intro (a page of its own).
        intros = context.get(SECTION_INTROS) or {}
        section = kwargs.get("category")
        slug = getattr(section, "slug", None)
        intro = intros.get(slug) if isinstance(intros, Mapping) else None
        return f"{template}\0{_post(content_key, intro)}"
    if template == "index.html":
        # The featured story and each section's newest (display/home.py).
        latest = context.get(LATEST_BY_SECTION) or {}
        sections = (
            sorted(
                (str(slug), [_post(content_key, p) for p in posts])
                for slug, posts in latest.items()
            )
            if isinstance(latest, Mapping)
            else []
        )
        featured = _post(content_key, context.get(FEATURED))
        return f"{template}\0{featured}\0{stable_repr(sections)}"
    if template == "tags.html":
        # Every topic with its address and how many posts it has.
        tags = context.get("tags") or []
        return stable_repr(
            [(str(tag.name), str(tag.url), len(posts)) for tag, posts in tags]
        )
    return None
