"""The preview desk's pure logic: addresses of posts not built, drafts, reviews."""

from __future__ import annotations

from datetime import UTC, date, datetime

from charity_site.desk.model import (
    AddressPatterns,
    FileProblems,
    Waiting,
    file_entries,
    is_draft,
    make_desk,
    problems_by_file,
    review_due,
    stand_in_save_as,
    url_of,
)
from charity_site.problems import Problem

PATTERNS = AddressPatterns(
    article="{category}/{slug}/index.html",
    draft="drafts/{category}/{slug}/index.html",
    page="{slug}/index.html",
    draft_page="drafts/pages/{slug}/index.html",
)
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def address(path: str, slug: str = "post", draft: bool = False, **patterns) -> str:
    return stand_in_save_as(
        path,
        sections=("news", "stories"),
        pages_folder="pages",
        patterns=AddressPatterns(**{**PATTERNS.__dict__, **patterns}),
        slug=slug,
        category=path.split("/")[0],
        when=NOW,
        draft=draft,
    )


def test_a_stand_in_goes_where_the_section_pattern_puts_the_post():
    assert address("news/post.md") == "news/post/index.html"
    assert address("news/post.md", draft=True) == "drafts/news/post/index.html"
    assert address("pages/post.md") == "post/index.html"
    assert address("pages/post.md", draft=True) == "drafts/pages/post/index.html"
    dated = address("news/post.md", article="{date:%Y}/{slug}.html")
    assert dated == "2026/post.html"


def test_no_stand_in_without_a_knowable_address():
    assert address("blog/post.md") is None  # not a section
    assert address("news/2025/post.md") is None  # a sub-folder
    assert address("news/post.md", slug="") is None
    assert address("news/post.md", article="{lang}/{nope}/index.html") is None
    assert address("news/post.md", article="../{slug}/index.html") is None


def test_drafts_are_marked_or_future_dated():
    assert is_draft("draft", None, NOW)
    assert is_draft(" Draft ", datetime(2020, 1, 1, tzinfo=UTC), NOW)
    assert is_draft("", datetime(2027, 1, 1, tzinfo=UTC), NOW)
    assert not is_draft("published", datetime(2025, 1, 1, tzinfo=UTC), NOW)
    assert not is_draft("", None, NOW)


def test_reviews_are_due_when_past_or_within_thirty_days():
    today = date(2026, 1, 1)
    assert review_due(date(2025, 1, 1), today)
    assert review_due(date(2026, 1, 31), today)
    assert not review_due(date(2026, 2, 1), today)
    assert not review_due(None, today)


def test_files_are_linked_to_their_page_or_stand_in_and_errors_come_first():
    problems = [
        Problem("news/b.md", 3, "warning", "r", "m", "f"),
        Problem("news/a.md", 2, "error", "r", "m", "f"),
        Problem("news/b.md", 3, "warning", "r", "m", "f"),  # reported twice
        Problem("news/c.md", 1, "error", "r", "m", "f"),
    ]
    by_file = problems_by_file(problems)
    assert len(by_file["news/b.md"]) == 1
    files = file_entries(by_file, {"news/b.md": "news/b/"}, {"news/a.md": "news/a/"})
    desk = make_desk([], files, [], date(2026, 1, 1))
    assert [(f.path, f.url, f.built, f.errors) for f in desk.files] == [
        ("news/a.md", "news/a/", False, 1),
        ("news/c.md", None, False, 1),
        ("news/b.md", "news/b/", True, 0),
    ]
    assert isinstance(desk.files[0], FileProblems)


def test_scheduled_posts_come_first_by_date_then_drafts():
    later = Waiting("news/l.md", "L", "drafts/news/l/", True, NOW.replace(year=2027))
    sooner = Waiting("news/s.md", "S", "drafts/news/s/", True, NOW.replace(hour=9))
    draft = Waiting("news/d.md", "D", "drafts/news/d/", False, None)
    desk = make_desk([draft, later, sooner], [], [], date(2026, 1, 1))
    assert [w.path for w in desk.waiting] == ["news/s.md", "news/l.md", "news/d.md"]
    assert sooner.when == "1 January 2026, 09:00"
    assert draft.when == "no date yet"
    assert url_of("news/x/index.html") == "news/x/"
