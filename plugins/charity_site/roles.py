"""Section roles: which section holds stories, events and news. Pure.

A section's folder is the site's own choice (ARTICLE_PATHS). What the site does
with a section's posts (asks for the storyteller's consent, features the newest
story, makes calendars and lists what is to come first, marks news as news)
follows the section's role, set once in SECTION_ROLES, and never a folder's
name in the code or the templates. The roles are a closed set: the contract's
fields and the features name them.
"""

from __future__ import annotations

from collections.abc import Mapping

STORY = "story"  # storytellers' own stories: Consent needed; the newest is featured
EVENT = "event"  # events: times, calendars, what is still to come listed first
NEWS = "news-article"  # news: schema.org NewsArticle (other posts are Article)
ROLES = (STORY, EVENT, NEWS)
SETTING = "SECTION_ROLES"
EXAMPLE = '{"voices": "story", "whats-on": "event"}'  # folders of your own


class SectionRolesError(ValueError):
    """A wrong SECTION_ROLES setting (its text is the one line to show)."""


def read_section_roles(
    settings: Mapping[str, object], sections: tuple[str, ...]
) -> dict[str, str]:
    """SECTION_ROLES checked against the sections: section folder -> role.

    Each role belongs to one section at most (a second events section would
    need a second calendar address). Never changes the settings.
    """
    given = settings.get(SETTING)
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise SectionRolesError(
            f"{SETTING} must map a section's folder to its role, like {EXAMPLE}"
        )
    roles: dict[str, str] = {}
    for folder, role in given.items():
        section = str(folder).strip("/")
        if section not in sections:
            raise SectionRolesError(
                f"{SETTING} names '{folder}', which is not a section in "
                f"ARTICLE_PATHS: use one of {', '.join(sections) or '(none)'}"
            )
        if role not in ROLES:
            raise SectionRolesError(
                f"{SETTING} gives '{folder}' the role '{role}', which the site does "
                f"not know: use {' or '.join(ROLES)}"
            )
        taken = next((s for s, r in roles.items() if r == role), None)
        if taken is not None:
            raise SectionRolesError(
                f"{SETTING} gives the role '{role}' to both '{taken}' and "
                f"'{section}': give each role to one section"
            )
        roles[section] = str(role)
    return roles


def section_with(roles: Mapping[str, str], role: str) -> str | None:
    """The section that has this role, or None when no section has it."""
    return next((section for section, r in roles.items() if r == role), None)
