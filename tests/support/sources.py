"""What the sample content says it is: read from the Markdown sources themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pelican.utils import slugify

from charity_site.dates import parse_header_date
from charity_site.source.hashtags import hashtags_in
from charity_site.source.header import parse_header
from support.site import SECTIONS

SLUG_SUBSTITUTIONS = [
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]


@dataclass(frozen=True)
class Source:
    """One post or page as its file describes it."""

    path: Path
    section: str
    slug: str
    title: str
    date: datetime | None
    status: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    intro_for: str = ""  # a section whose list this page opens

    @property
    def url(self) -> str:
        """Where the published page should be."""
        return (
            f"{self.slug}/"
            if self.section == "pages"
            else f"{self.section}/{self.slug}/"
        )

    @property
    def is_published(self) -> bool:
        """A page of its own: not a draft, not dated after today, not an intro."""
        return (
            self.status != "draft"
            and not self.intro_for
            and (self.date is None or self.date <= datetime.now())
        )


def tag_slug(name: str) -> str:
    """The slug Pelican gives a tag name."""
    return slugify(name, regex_subs=SLUG_SUBSTITUTIONS)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def read_sources(content: Path, default_author: str = "CPSL Mind") -> list[Source]:
    """Every post and page under content/."""
    sources = []
    for path in sorted(content.rglob("*.md")):
        section = path.relative_to(content).parts[0]
        if section not in (*SECTIONS, "pages"):
            continue
        text = path.read_text(encoding="utf-8")
        header = parse_header(text)
        hashtags = [
            name
            for line in text.splitlines()[header.body_line - 1 :]
            for name in hashtags_in(line) or []
        ]
        tags = {t.lower(): t for t in (*_split(header.value("Tags")), *hashtags)}
        sources.append(
            Source(
                path=path,
                section=section,
                slug=path.stem,
                title=header.value("Title"),
                date=parse_header_date(header.value("Date")),
                status=header.value("Status").lower() or "published",
                tags=tuple(tags.values()),
                authors=_split(header.value("Authors")) or (default_author,),
                intro_for=header.value("Intro_for").strip(),
            )
        )
    return sources
