"""The CHECKS setting, read into a validated, immutable object. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..conventions import derive_conventions

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
DEFAULTS: dict[str, object] = {
    "sensitive_terms": SENSITIVE_TERMS,
    "sensitive_names": SENSITIVE_NAMES,
    # A term in the title, summary or tags always counts; in the text, from this
    # many mentions (one passing mention, like a pointer to another page, does not).
    "sensitive_min_mentions": 2,
    "discouraged_wording": DISCOURAGED_WORDING,
    # Flesch-Kincaid grade; 10 is about a reading age of 15. Plainer is kinder.
    "reading_grade": 10.0,
    "reading_min_words": 120,  # shorter texts give meaningless scores
}


def _templates(theme: object) -> tuple[str, ...]:
    """The names a post's `Template:` may use: the theme's top-level templates."""
    if not isinstance(theme, str) or not theme:
        return ()
    folder = Path(theme) / "templates"
    return tuple(sorted(p.stem for p in folder.glob("*.html")))


class CheckSettingError(ValueError):
    """A wrong CHECKS setting."""


@dataclass(frozen=True)
class CheckSettings:
    """What the content rules look for (see docs/settings.md)."""

    sensitive_terms: tuple[str, ...] = SENSITIVE_TERMS
    sensitive_names: tuple[str, ...] = SENSITIVE_NAMES
    sensitive_min_mentions: int = 2
    discouraged_wording: tuple[tuple[str, str], ...] = tuple(
        DISCOURAGED_WORDING.items()
    )
    reading_grade: float = 10.0
    reading_min_words: int = 120
    today: date | None = None  # None: the day of the build
    templates: tuple[str, ...] = ()  # the theme's templates; empty: not checked
    sections: tuple[str, ...] = ()  # the section folders (from ARTICLE_PATHS)
    pages_folder: str = "pages"  # the folder of pages (from PAGE_PATHS)

    def cache_key(self) -> str:
        """What cached per-file results depend on (not the day: check_review_due)."""
        return repr(replace(self, today=None))


def read_check_settings(
    settings: Mapping[str, object], today: date | None = None
) -> CheckSettings:
    """Merge CHECKS over the defaults and validate it; never changes settings."""
    given = settings.get("CHECKS") or {}
    if not isinstance(given, Mapping):
        raise CheckSettingError(
            "CHECKS must be a dict, for example {'reading_grade': 9}"
        )
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise CheckSettingError(
            f"CHECKS has unknown key(s) {', '.join(unknown)}: use {', '.join(DEFAULTS)}"
        )
    merged = {**DEFAULTS, **given}
    conventions = derive_conventions(settings)
    terms = merged["sensitive_terms"]
    wording = merged["discouraged_wording"]
    if not isinstance(terms, list | tuple) or not all(
        isinstance(t, str) for t in terms
    ):
        raise CheckSettingError("CHECKS['sensitive_terms'] must be a list of words")
    if not isinstance(wording, Mapping):
        raise CheckSettingError(
            "CHECKS['discouraged_wording'] must map wording to advice"
        )
    try:
        grade = float(merged["reading_grade"])
        minimum = int(merged["reading_min_words"])
        mentions = int(merged["sensitive_min_mentions"])
    except (TypeError, ValueError) as exc:
        raise CheckSettingError(
            "CHECKS['reading_grade'] must be a number like 10"
        ) from exc
    return CheckSettings(
        sensitive_terms=tuple(t.lower() for t in terms),
        sensitive_names=tuple(str(n).lower() for n in merged["sensitive_names"]),
        sensitive_min_mentions=mentions,
        discouraged_wording=tuple((str(k).lower(), str(v)) for k, v in wording.items()),
        reading_grade=grade,
        reading_min_words=minimum,
        templates=_templates(settings.get("THEME")),
        today=today,
        sections=conventions.section_slugs,
        pages_folder=conventions.pages_folder,
    )
