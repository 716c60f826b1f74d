"""The home page's lead: a featured story, then each section's newest. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

LATEST = 3  # posts shown for each section on the home page


def is_marked_featured(post: object) -> bool:
    """True when the post's header says `Featured: yes`."""
    value = getattr(post, "metadata", {}).get("featured", "")
    return str(value).strip().lower() == "yes"


def featured(posts: Sequence, stories: str | None) -> object | None:
    """The newest post marked Featured: yes, else the newest story, else None.

    posts are newest first, as Pelican lists them; stories is the section with
    the story role (SECTION_ROLES), or None when the site has none.
    """
    for post in posts:
        if is_marked_featured(post):
            return post
    for post in posts:
        if stories is not None and post.category.slug == stories:
            return post
    return None


def latest_by_section(
    posts: Sequence, sections: Iterable[str], leave_out: object = None, n: int = LATEST
) -> dict[str, list]:
    """Each section's newest n posts (newest first), the featured one left out."""
    latest: dict[str, list] = {slug: [] for slug in sections}
    for post in posts:
        shelf = latest.get(post.category.slug)
        if shelf is not None and post is not leave_out and len(shelf) < n:
            shelf.append(post)
    return latest
