"""The CHECKS setting, read into a validated, immutable object. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..conventions import Conventions
from ..settings import DERIVED, BadSetting, limits, read_fields

# Topics that call for a content warning and a support box (safe-messaging practice).
SENSITIVE_TERMS = (
    "suicide",
    "suicidal",
    "self-harm",
    "self harm",
    "self-injury",
    "overdose",
    "eating disorder",
    "anorexia",
    "bulimia",
    "abuse",
)
# Wording safe-messaging guidelines advise against, and what to write instead.
DISCOURAGED_WORDING = {
    "committed suicide": "died by suicide",
    "commit suicide": "die by suicide, or take their own life",
    "commits suicide": "dies by suicide",
    "successful suicide": "died by suicide",
    "successful attempt": "died by suicide",
    "unsuccessful attempt": "survived a suicide attempt",
    "failed attempt": "survived a suicide attempt",
    "failed suicide": "survived a suicide attempt",
    "suicide victim": "someone who died by suicide",
    "cry for help": "a sign that someone needs support",
}
# Names that contain a sensitive word without discussing it (a campaign's name).
SENSITIVE_NAMES = ("Stop Suicide",)


def _templates(theme: object) -> tuple[str, ...]:
    """The names a post's `Template:` may use: the theme's top-level templates."""
    if not isinstance(theme, str) or not theme:
        return ()
    folder = Path(theme) / "templates"
    return tuple(sorted(p.stem for p in folder.glob("*.html")))


class CheckSettingError(BadSetting):
    """A wrong CHECKS setting."""


@dataclass(frozen=True)
class CheckSettings:
    """What the content rules look for (see docs/settings.md).

    Each settable field is a CHECKS key and its default (the only place the
    defaults are written); the derived ones come from the other settings.
    """

    sensitive_terms: tuple[str, ...] = field(
        default=SENSITIVE_TERMS,
        metadata=limits(hint="use a list of words, like ['suicide', 'self-harm']"),
    )
    sensitive_names: tuple[str, ...] = field(
        default=SENSITIVE_NAMES,
        metadata=limits(hint="use a list of names, like ['Stop Suicide']"),
    )
    # A term in the title, summary or tags always counts; in the text, from this
    # many mentions (one passing mention, like a pointer to another page, does not).
    sensitive_min_mentions: int = field(default=2, metadata=limits(low=1, high=1000))
    discouraged_wording: tuple[tuple[str, str], ...] = field(
        default=tuple(DISCOURAGED_WORDING.items()),
        metadata=limits(
            hint="use a dict of wording and what to write instead, like "
            "{'committed suicide': 'died by suicide'}"
        ),
    )
    # Flesch-Kincaid grade; 10 is about a reading age of 15. Plainer is kinder.
    reading_grade: float = field(default=10.0, metadata=limits(low=0, high=30))
    # Shorter texts are not scored: their grades mean little.
    reading_min_words: int = field(default=120, metadata=limits(low=0, high=10**5))
    # Derived, not CHECKS keys: the build's day (from its clock), the theme's
    # templates (empty: not checked), the section folders (ARTICLE_PATHS), the
    # pages folder (PAGE_PATHS) and (section, role) pairs (SECTION_ROLES).
    today: date | None = field(default=None, metadata=DERIVED)
    templates: tuple[str, ...] = field(default=(), metadata=DERIVED)
    sections: tuple[str, ...] = field(default=(), metadata=DERIVED)
    pages_folder: str = field(default="pages", metadata=DERIVED)
    roles: tuple[tuple[str, str], ...] = field(default=(), metadata=DERIVED)

    def role_of(self, section: str) -> str | None:
        """A section's role ('story', 'event'), or None: what the contract asks of
        its posts follows the role, never the folder's name."""
        return dict(self.roles).get(section)

    def cache_key(self) -> str:
        """What cached per-file results depend on (not the day: check_review_due)."""
        return repr(replace(self, today=None))


def read_check_settings(
    settings: Mapping[str, object], conventions: Conventions
) -> CheckSettings:
    """CHECKS read over the defaults and checked; never changes settings.

    The day is not a setting: each build sets `today` from its clock.
    """
    read = read_fields(
        settings,
        "CHECKS",
        CheckSettings,
        error=CheckSettingError,
        example="{'reading_grade': 9}",
        templates=_templates(settings.get("THEME")),
        sections=conventions.section_slugs,
        pages_folder=conventions.pages_folder,
        roles=conventions.roles,
    )
    # The rules compare lower-cased text: the words are kept that way.
    return replace(
        read,
        sensitive_terms=tuple(t.lower() for t in read.sensitive_terms),
        sensitive_names=tuple(n.lower() for n in read.sensitive_names),
        discouraged_wording=tuple((k.lower(), v) for k, v in read.discouraged_wording),
    )
