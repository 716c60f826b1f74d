"""The content rules: each takes one post and returns the problems it finds.

Pure: no Pelican imports. A rule that makes a post impossible to build says
so with `blocks_build`, so a preview can skip that post and build the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from .header import Header, parse_header, source_lines
from .problems import Problem

SECTIONS = ("stories", "campaigns", "news", "events")
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
# Rules whose failure leaves Pelican nothing it can build.
BLOCKING_RULES = frozenset({"not-utf8", "missing-title", "missing-date", "bad-date"})


@dataclass(frozen=True)
class Post:
    """A source file as the checks see it."""

    path: str  # relative to the content folder, with forward slashes
    text: str
    header: Header

    @property
    def section(self) -> str:
        """The first folder of the path: the section, or 'pages'."""
        return self.path.split("/", 1)[0] if "/" in self.path else ""

    @property
    def is_article(self) -> bool:
        """True for posts in a section folder (not pages)."""
        return self.section != "pages"


Rule = Callable[[Post], Iterable[Problem]]


def parse_date(value: str) -> datetime | None:
    """Parse a header date in one of the documented formats, or return None."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


def _problem(post: Post, line: int, rule: str, message: str, fix: str) -> Problem:
    return Problem(post.path, line, "error", rule, message, fix)


def check_title(post: Post) -> Iterable[Problem]:
    """Every post needs a Title."""
    if not post.header.value("Title"):
        yield _problem(
            post,
            1,
            "missing-title",
            "this post has no Title",
            "add a line 'Title: ...' at the top of the file",
        )


def check_date(post: Post) -> Iterable[Problem]:
    """Articles need a Date in a format the site reads; Modified too when given."""
    date = post.header.get("Date")
    if post.is_article and (date is None or not date.value.strip()):
        yield _problem(
            post,
            1,
            "missing-date",
            "this post has no Date",
            "add a line like 'Date: 2025-06-26' at the top of the file",
        )
    for key in ("Date", "Modified"):
        found = post.header.get(key)
        if found and found.value.strip() and parse_date(found.value) is None:
            yield _problem(
                post,
                found.line,
                "bad-date" if key == "Date" else "bad-modified",
                f"{key} '{found.value}' is not a date the site can read",
                f"write it as year-month-day, like '{key}: 2025-06-26' or "
                f"'{key}: 2025-06-26 09:30'",
            )


def check_summary(post: Post) -> Iterable[Problem]:
    """Every post needs a one- or two-sentence Summary."""
    if not post.header.value("Summary"):
        yield _problem(
            post,
            1,
            "missing-summary",
            "this post has no Summary",
            "add 'Summary: ...', one or two plain sentences for cards, search "
            "results and feeds",
        )


def check_section(post: Post) -> Iterable[Problem]:
    """A post lives in one of the known section folders or in pages/."""
    if post.section not in (*SECTIONS, "pages"):
        where = post.section or "the top of content/"
        yield _problem(
            post,
            1,
            "unknown-section",
            f"'{where}' is not a section",
            f"move the file into one of {', '.join(SECTIONS)} (or pages/)",
        )


# ![alt](src "title"): the alt text is what lies between the brackets.
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")


def body_lines(post: Post) -> Iterable[tuple[int, str]]:
    """(line number, text) of each body line, outside fenced code blocks."""
    fenced = False
    lines = source_lines(post.text)
    for number in range(post.header.body_line, len(lines) + 1):
        line = lines[number - 1]
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            yield number, line


def check_alt_text(post: Post) -> Iterable[Problem]:
    """Every picture says what it shows: body images and the hero image."""
    for number, line in body_lines(post):
        for match in _MD_IMAGE.finditer(line):
            if not match["alt"].strip():
                yield _problem(
                    post,
                    number,
                    "missing-alt",
                    f"the picture '{match['src']}' has no description (alt text)",
                    "write what the picture shows between the square brackets: "
                    "![Two people talking over coffee](...)",
                )
    image = post.header.get("Image")
    if image and image.value.strip() and not post.header.value("Image_alt"):
        yield _problem(
            post,
            image.line,
            "missing-image-alt",
            "the Image has no Image_alt",
            "add a line 'Image_alt: ...' saying what the picture shows",
        )


RULES: tuple[Rule, ...] = (
    check_section,
    check_title,
    check_date,
    check_summary,
    check_alt_text,
)


def decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Decode a file as UTF-8, or report the line of the first bad byte."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                line,
                "error",
                "not-utf8",
                "this file is not saved as UTF-8 (often text pasted from a word "
                "processor)",
                "open it in your editor and save it with the encoding 'UTF-8'",
            )
        ]


def check_source(
    path: str, data: bytes, rules: Iterable[Rule] = RULES
) -> list[Problem]:
    """Run every rule on one file's bytes and return its problems, in line order."""
    text, problems = decode(path, data)
    if text is None:
        return problems
    post = Post(path, text, parse_header(text))
    for rule in rules:
        problems.extend(rule(post))
    return sorted(problems, key=lambda p: (p.line, p.rule))


def blocks_build(problems: Iterable[Problem]) -> bool:
    """True when the problems leave nothing Pelican can build."""
    return any(p.rule in BLOCKING_RULES for p in problems)
