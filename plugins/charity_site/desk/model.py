"""What the preview desk and the problem banners show, and where. Pure: no Pelican.

A preview page made from a file with problems lists them in a banner; a post
that cannot be built gets a stand-in page at the address it would have had; the
desk (/_desk/) lists drafts and scheduled posts, files with problems and health
information due for review. None of it is ever part of a publish or a check:
the glue (steps.py) runs only in a preview.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..layout import DESK_FOLDER
from ..problems import Problem

# The desk's page and the preview-only stylesheet, in its folder (layout.py).
DESK_PAGE = f"{DESK_FOLDER}/index.html"
DESK_URL = f"{DESK_FOLDER}/"
STYLESHEET = f"{DESK_FOLDER}/preview.css"
# Health information is listed when its review is due within this many days.
REVIEW_WINDOW = timedelta(days=30)
# The attribute a content object carries its own problems in (preview only).
PROBLEMS_ATTRIBUTE = "preview_problems"


@dataclass(frozen=True)
class DeskLinks:
    """What every preview template needs: where the desk and its stylesheet are."""

    url: str = DESK_URL
    stylesheet: str = STYLESHEET


@dataclass(frozen=True)
class AddressPatterns:
    """The *_SAVE_AS patterns a post's address comes from (pelicanconf.py)."""

    article: str
    draft: str
    page: str
    draft_page: str


@dataclass(frozen=True)
class Waiting:
    """A draft or a scheduled post, and where its preview is."""

    path: str
    title: str
    url: str
    scheduled: bool  # dated in the future, not marked draft
    goes_live: datetime | None  # its Date (None: a draft with no readable date)

    @property
    def when(self) -> str:
        """The go-live date and time as people say it: '3 March 2027, 09:30'."""
        if self.goes_live is None or self.goes_live.year >= 9999:
            return "no date yet"
        if (self.goes_live.hour, self.goes_live.minute) == (0, 0):
            return f"{self.goes_live:%-d %B %Y}"  # a date with no time: the day
        return f"{self.goes_live:%-d %B %Y, %H:%M}"


@dataclass(frozen=True)
class FileProblems:
    """One file's problems, and the preview page that shows them (if any)."""

    path: str
    problems: tuple[Problem, ...]
    url: str | None  # the built page or its stand-in; None when neither exists
    built: bool

    @property
    def errors(self) -> int:
        """How many of its problems stop a publish."""
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        """How many of its problems are warnings."""
        return len(self.problems) - self.errors


@dataclass(frozen=True)
class ReviewDue:
    """Health information whose review is past or near."""

    path: str
    title: str
    url: str | None
    due: date
    today: date

    @property
    def overdue(self) -> bool:
        """True when the review date has passed."""
        return self.due < self.today

    @property
    def days(self) -> int:
        """Days until the review (negative: days overdue)."""
        return (self.due - self.today).days


@dataclass(frozen=True)
class StandIn:
    """The preview page of a post that could not be built."""

    path: str
    title: str
    why: str
    problems: tuple[Problem, ...]
    save_as: str
    draft: bool

    @property
    def url(self) -> str:
        """Its address, as links write it."""
        return url_of(self.save_as)


@dataclass(frozen=True)
class Desk:
    """Everything the desk page lists, for one day."""

    waiting: tuple[Waiting, ...]
    files: tuple[FileProblems, ...]
    reviews: tuple[ReviewDue, ...]
    today: date


def url_of(save_as: str) -> str:
    """'news/x/' for 'news/x/index.html', as Pelican's *_URL patterns write it."""
    return save_as.removesuffix("index.html")


def problems_by_file(problems: Iterable[Problem]) -> dict[str, tuple[Problem, ...]]:
    """Each file's problems, once each, in line order."""
    found: dict[str, set[Problem]] = defaultdict(set)
    for problem in problems:
        found[problem.path].add(problem)
    return {path: tuple(sorted(items)) for path, items in sorted(found.items())}


def is_draft(status: str, when: datetime | None, now: datetime) -> bool:
    """True when Pelican would make it a draft: marked so, or dated in the future.

    Only with WITH_FUTURE_DATES off (the preview's setting), as Pelican decides.
    """
    if status.strip().lower() == "draft":
        return True
    return when is not None and when > now


def stand_in_save_as(
    path: str,
    *,
    sections: Iterable[str],
    pages_folder: str,
    patterns: AddressPatterns,
    slug: str,
    category: str,
    when: datetime,
    draft: bool,
) -> str | None:
    """Where Pelican would have written this post: None when it cannot be known.

    Only a file directly in a section folder, or in the pages folder, has an
    address; its slug and category come from the glue, made as Pelican makes them.
    """
    parts = path.split("/")
    if len(parts) != 2 or not slug:
        return None
    folder = parts[0]
    if folder == pages_folder:
        pattern = patterns.draft_page if draft else patterns.page
    elif folder in set(sections) and category:
        pattern = patterns.draft if draft else patterns.article
    else:
        return None
    values = {
        "slug": slug,
        "category": category,
        "date": when,
        "path": path,
        "lang": "",
        "author": "",
    }
    try:
        save_as = pattern.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError):
        return None  # a pattern with a placeholder a stand-in cannot know
    if not save_as or save_as.startswith("/") or ".." in save_as.split("/"):
        return None
    return save_as


def review_due(due: date | None, today: date) -> bool:
    """True when a review date is past or within REVIEW_WINDOW."""
    return due is not None and due <= today + REVIEW_WINDOW


def file_entries(
    by_file: Mapping[str, tuple[Problem, ...]],
    built: Mapping[str, str],
    stand_ins: Mapping[str, str],
) -> tuple[FileProblems, ...]:
    """Every file with problems, linked to its page (built or stand-in), by path."""
    entries = []
    for path, problems in sorted(by_file.items()):
        if path in built:
            entries.append(FileProblems(path, problems, built[path], True))
        else:
            entries.append(FileProblems(path, problems, stand_ins.get(path), False))
    return tuple(entries)


def make_desk(
    waiting: Iterable[Waiting],
    files: Iterable[FileProblems],
    reviews: Iterable[ReviewDue],
    today: date,
) -> Desk:
    """The desk, each list in the order an editor reads it."""
    far = datetime.max

    def live(item: Waiting) -> tuple:
        moment = item.goes_live.replace(tzinfo=None) if item.goes_live else far
        return (not item.scheduled, moment, item.path)

    return Desk(
        waiting=tuple(sorted(waiting, key=live)),
        files=tuple(sorted(files, key=lambda f: (-f.errors, f.path))),
        reviews=tuple(sorted(reviews, key=lambda r: (r.due, r.path))),
        today=today,
    )
