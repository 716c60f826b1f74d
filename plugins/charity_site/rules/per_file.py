"""The per-file content rules: each takes one parsed post and returns its problems.

Pure: no Pelican imports. They run in the reader, on the one parse of the
source (its header with line numbers, its body lines, the pictures and links
of its HTML), and their results are cached with that parse: so a rule here
may read nothing but the post and the settings. Rules that look at other files
or at the calendar are in cross_file.py. A rule whose failure makes a post
impossible to build is listed in BLOCKING_RULES, so a preview can skip that
post and build the rest. Every message says what is wrong and how to fix it.

What the content contract can say (a field that is missing where it is
required, a value that is not one of its choices, a date or number the site
cannot read) is not written here field by field: `check_fields` makes those
problems from contract.py, with the contract's rule names and severities. The
rules below are for what a field's definition cannot say.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, cached_property

from ..contract import (
    BY_KEY,
    DATE_KINDS,
    FIELDS,
    MAX_NUMBER_DIGITS,
    NUMBER,
    PAGES,
    RECORD,
)
from ..contract import Field as ContractField
from ..dates import has_time, parse_day, parse_header_date
from ..event_times import (
    EARLIEST_YEAR,
    YEARS_AHEAD,
    ends_before,
    far_ahead,
    out_of_range,
    parse_local,
    wall_clock,
)
from ..problems import Problem, Severity
from ..source.header import Header, source_lines
from ..source.references import Link, Picture
from .sensitive_language import find_methods_each, find_topics
from .settings import CheckSettings

# Rules whose failure leaves Pelican nothing it can build: the contract's fields
# that say so (a missing Title or Date, an unreadable Date, Modified or Status),
# and these.
BLOCKING_RULES = frozenset(
    {
        *(f.missing_rule for f in FIELDS if f.blocks_build and f.required),
        *(f.value_rule for f in FIELDS if f.blocks_build),
        "not-utf8",
        "bad-template",
        # Text Markdown would take minutes to read: it is never handed over.
        "post-too-long",
        "line-too-long",
        "paragraph-too-long",
        "nesting-too-deep",
        "too-many-brackets",
        # Pelican would file these under another folder's name, or not read them.
        "unknown-section",
        "sub-folder",
    }
)
# Theme templates that are not whole pages a post could ask for.
INTERNAL_TEMPLATES = {
    *("base", "index", "tags", "archives", "period_archives", "404", "robots"),
    *("article", "category", "tag", "author", "feeds"),
}
# Every header key the site reads (contract.py), lower case -> as written.
KNOWN_KEYS = {key: field.key for key, field in BY_KEY.items()}
# What a draft may still lack (the contract says which fields): reported once it
# is to be published.
WAIT_FOR_PUBLISHING = frozenset(f.missing_rule for f in FIELDS if f.draft_may_lack)
# Keys Pelican knows but this site sets another way.
REDIRECTED_KEYS = {
    "author": "write 'Authors:' (it takes one name or several, with commas)",
    "category": "the folder is the section: move the file instead",
    "slug": "the file name is the address: rename the file instead",
}
# What Pelican replaces in {kind}/path addresses (INTRASITE_LINK_REGEX).
LINK_KINDS = frozenset(
    {"filename", "static", "attach", "tag", "category", "author", "index"}
)
_LINK_KIND = re.compile(r"^[{|](?P<what>[^|}]*)[|}]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bounded repeats throughout: a run of openers with no closer must cost a
# linear pass, not a search to the end of the text from each one.
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]{0,1000})\]\((?P<src>[^)\s]{1,2000})")


@dataclass(frozen=True)
class Post:
    """A source file as the checks see it."""

    path: str  # relative to the content folder, with forward slashes
    text: str
    header: Header
    settings: CheckSettings = field(default_factory=CheckSettings)
    pictures: tuple[Picture, ...] = ()  # the <img> tags of its HTML
    links: tuple[Link, ...] = ()  # every address in its HTML

    @property
    def section(self) -> str:
        """The first folder of the path: the section, or the pages folder."""
        return self.path.split("/", 1)[0] if "/" in self.path else ""

    @property
    def role(self) -> str | None:
        """The role of its section ('story', 'event': SECTION_ROLES), or None."""
        return self.settings.role_of(self.section) if self.is_article else None

    @property
    def is_article(self) -> bool:
        """True for posts in a section folder (not pages)."""
        return self.section != self.settings.pages_folder

    @cached_property
    def body(self) -> tuple[tuple[int, str], ...]:
        """(line number, text) of each body line a reader sees (body_lines).

        Read once a post: every rule of the text reads these same lines.
        """
        return tuple(_read_body(self.text, self.header.body_line))

    @cached_property
    def plain_lines(self) -> tuple[str, ...]:
        """Each line of body as readers read it (_plain), one for one.

        Made once a post, for the rules that read the words (content warning,
        methods, sentences): one pass over the text, not four per line.
        """
        return _plain_lines([line for _, line in self.body])

    @property
    def today(self) -> date:
        """The build's day, on its one clock (never this computer's date)."""
        if self.settings.today is None:  # a rule of the day run with no build
            raise LookupError("CheckSettings.today is not set: the build sets it")
        return self.settings.today


Rule = Callable[[Post], Iterable[Problem]]


def _problem(
    post: Post,
    line: int,
    rule: str,
    message: str,
    fix: str,
    severity: Severity = "error",
) -> Problem:
    return Problem(post.path, line, severity, rule, message, fix)


def _outside_comments(line: str, open_comment: bool) -> tuple[str, bool]:
    """The parts of line outside <!-- --> comments, and whether one is still open."""
    kept = []
    while line:
        if open_comment:
            end = line.find("-->")
            if end < 0:
                return "".join(kept), True
            line, open_comment = line[end + 3 :], False
        else:
            start = line.find("<!--")
            if start < 0:
                kept.append(line)
                break
            kept.append(line[:start])
            line, open_comment = line[start + 4 :], True
    return "".join(kept), open_comment


def body_lines(post: Post) -> Iterable[tuple[int, str]]:
    """(line number, text) of each body line a reader sees.

    Fenced code is left out, and so are HTML comments: they are never
    published (the sanitiser drops them), so a note to the writer, like the
    guidance `invoke new` puts in, is never checked as content.
    """
    return post.body


def _read_body(text: str, body_line: int) -> Iterable[tuple[int, str]]:
    """The lines body_lines gives, read from the text (once a post: Post.body)."""
    lines = source_lines(text)
    if not any(mark in text for mark in ("```", "~~~", "<!--")):
        # No fence and no comment anywhere (most posts): every line is read.
        return enumerate(lines[body_line - 1 :], start=body_line)
    return _read_marked_body(lines, body_line)


def _read_marked_body(lines: list[str], body_line: int) -> Iterable[tuple[int, str]]:
    """_read_body for a text with fences or comments, line by line."""
    fenced = in_comment = False
    for number in range(body_line, len(lines) + 1):
        line = lines[number - 1]
        if not in_comment and line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif fenced:
            continue
        elif not in_comment and "<!--" not in line:
            yield number, line  # most lines: no comment to take out
        else:
            line, in_comment = _outside_comments(line, in_comment)
            yield number, line


def _line_of(post: Post, key: str) -> int:
    found = post.header.get(key)
    return found.line if found else 1


# --- the header ----------------------------------------------------------------


def _choices_text(choices: tuple[str, ...]) -> str:
    """'weekly, fortnightly or monthly'."""
    return " or ".join(
        [", ".join(choices[:-1]), choices[-1]] if choices[1:] else choices
    )


def field_problems(post: Post, field: ContractField) -> Iterable[Problem]:
    """What the contract says is wrong with one field of a post: missing where it
    is required, not one of its choices, or not a date (a number) the site reads.

    At most one problem: a value is checked wherever it is written (Pelican reads
    it there too), except a page's field on a post, which check_page_fields names.
    """
    found = post.header.get(field.key)
    value = found.value.strip() if found else ""
    is_page = not post.is_article
    if not value:
        if field.required and field.applies_to(post.role, is_page=is_page):
            noun = post.role if field.roles and post.role else "post"
            example = (field.example_values or ("...",))[0]
            yield _problem(
                post,
                1,
                field.missing_rule,
                f"this {noun} has no {field.key}",
                field.fix
                or f"add a line like '{field.key}: {example}' at the top of the file",
                field.severity,
            )
        return
    if field.where == PAGES and not is_page:
        return
    if field.choices and value.lower() not in field.choices:
        known = (
            "yes or no" if set(field.choices) == {"yes", "no"} else "one the site knows"
        )
        message = f"{field.key} '{value}' is not {known}"
        fix = field.fix or f"write {_choices_text(field.choices)}"
    elif field.kind in DATE_KINDS and parse_header_date(value) is None:
        message = f"{field.key} '{found.value}' is not a date the site can read"
        fix = "write it as year-month-day, like " + " or ".join(
            f"'{field.key}: {example}'" for example in field.example_values
        )
    elif field.kind == NUMBER and not re.fullmatch(
        rf"\d{{1,{MAX_NUMBER_DIGITS}}}", value
    ):
        message = f"{field.key} '{value}' is not a whole number"
        fix = field.fix or f"write a number, like '{field.key}: 2'"
    elif field.kind == RECORD and (wrong := record_problem(value)):
        date, reference = field.example_values
        message = f"{field.key} '{value}' {wrong}"
        fix = (
            f"write the date it was recorded, year-month-day, like '{field.key}: "
            f"{date}', or the reference of the record, like '{field.key}: "
            f"{reference}'"
        )
    else:
        return
    yield _problem(post, found.line, field.value_rule, message, fix, field.severity)


# A word shaped like a date ('2025-06-31', '20/06/2025'): it must be one the
# site reads, year-month-day, or it is a slip, not a reference.
_DATE_SHAPED = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")


def record_problem(value: str) -> str | None:
    """What is wrong with the date or reference of a record (contract.RECORD), or
    None: it holds a date dates.py reads or a reference with a digit, and no
    date the site cannot read. 'yes', 'ok' or 'n/a' records nothing."""
    words = [w.strip(".,;:()[]'\"") for w in value.split()]
    for word in words:
        if _DATE_SHAPED.fullmatch(word) and parse_day(word) is None:
            return f"has '{word}', which is not a date the site can read"
    if any(any(c.isdigit() for c in word) for word in words):
        return None
    return "is not a date or a reference"


def check_fields(post: Post) -> Iterable[Problem]:
    """Every field of the content contract: present where required, one of its
    choices, a date or number the site can read (made from contract.py)."""
    for wanted in FIELDS:
        yield from field_problems(post, wanted)


def check_section(post: Post) -> Iterable[Problem]:
    """A post lives in one of the known section folders or in pages/."""
    sections = post.settings.sections
    if post.section not in (*sections, post.settings.pages_folder):
        where = post.section or "the top of content/"
        yield _problem(
            post,
            1,
            "unknown-section",
            f"'{where}' is not a section",
            f"move the file into one of {', '.join(sections)} "
            f"(or {post.settings.pages_folder}/)",
        )
    elif post.path.count("/") > 1:
        folder = post.path.rsplit("/", 2)[-2]
        yield _problem(
            post,
            1,
            "sub-folder",
            f"sub-folders are not sections: this post would be filed under '{folder}'",
            f"move the file straight into {post.section}/",
        )


# Characters that show nothing: any space, soft hyphen, zero-width spaces and
# joiners, direction marks, word joiner, invisible operators, byte-order mark.
_INVISIBLE_TITLE = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]*")
# Direction embeddings, overrides and isolates: the title would read in an
# order other than it is written (a known way to disguise text).
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def check_title(post: Post) -> Iterable[Problem]:
    """Every post needs a Title people can see, short enough to read as a heading."""
    title = post.header.value("Title")
    if not title:
        return  # missing: check_fields, from the contract
    bidi = _BIDI_CONTROL.search(title)
    if bidi:
        yield _problem(
            post,
            _line_of(post, "Title"),
            "bidi-control",
            f"the Title has an invisible direction control (U+{ord(bidi.group()):04X}) "
            f"at column {bidi.start() + 1}, which changes the order it reads in",
            "retype the Title without pasting it",
        )
    elif _INVISIBLE_TITLE.fullmatch(title):
        yield _problem(
            post,
            _line_of(post, "Title"),
            "invisible-title",
            "the Title is only invisible characters (zero-width spaces and the like)",
            "write the Title in words",
        )
    if len(title) > 110:
        yield _problem(
            post,
            _line_of(post, "Title"),
            "long-title",
            f"the Title is {len(title)} characters long",
            "keep it under 110 characters; put the detail in the Summary",
            "warning",
        )


# A tag, a closing tag or a comment: HTML, which no reader of a Summary (a card,
# a meta description, a feed reader, an email) may receive as markup. A `<` before
# a space or a digit ("3 < 4", "<3") is text.
_SUMMARY_HTML = re.compile(r"<[a-zA-Z/!?]")
# Markdown a Summary is never run through: it would show as typed.
_SUMMARY_MARKDOWN = re.compile(r"\*\*|__|\[[^\]]+\]\(")
# An entity with its semicolon (`&amp;`, `&#8217;`): read as the character. One
# without (`&copy`, `&not`) stays text: "this &notice" is not "this ¬ice".
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def plain_summary(value: str) -> str:
    """A Summary as the plain text every reader gets: entities read, spaces single.

    Read once, by the reader, so cards, meta descriptions, feeds and the digest
    show the same text (each escapes it for where it goes).
    """
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), value)
    return " ".join(text.split())


def check_summary(post: Post) -> Iterable[Problem]:
    """Every post needs a short, plain-text Summary."""
    # Judged as readers get it (entities read): &lt;b&gt; is markup too.
    summary = plain_summary(post.header.value("Summary"))
    line = _line_of(post, "Summary")
    # A missing one: check_fields, from the contract.
    if len(summary) > 300:
        yield _problem(
            post,
            line,
            "long-summary",
            f"the Summary is {len(summary)} characters long",
            "keep it to one or two sentences (under 300 characters)",
            "warning",
        )
    markup = _SUMMARY_HTML.search(summary)
    if markup:
        # An error: feed readers and email tools treat some fields as HTML, and
        # the Summary must reach them as text (a publish refuses it).
        tag = re.match(r"<[^\s>]{0,20}", summary[markup.start() :]).group()
        yield _problem(
            post,
            line,
            "summary-html",
            f"the Summary contains HTML ({tag}...), but it is shown as plain text "
            "on cards, in search results, feeds and emails",
            "write the Summary as plain text, without tags; put links and "
            "emphasis in the post itself",
        )
    elif _SUMMARY_MARKDOWN.search(summary):
        yield _problem(
            post,
            line,
            "summary-markup",
            "the Summary contains Markdown, which is shown as it is typed",
            "write the Summary as plain text",
            "warning",
        )


def check_keys(post: Post) -> Iterable[Problem]:
    """Only known header keys; a body line read as a header is caught."""
    for key, found in post.header.fields.items():
        if key in KNOWN_KEYS:
            continue
        if key in REDIRECTED_KEYS:
            yield _problem(
                post,
                found.line,
                "unknown-key",
                f"'{found.key}:' is not used on this site",
                REDIRECTED_KEYS[key],
            )
            continue
        words = len(found.value.split())
        close = difflib.get_close_matches(key, list(KNOWN_KEYS), n=1, cutoff=0.75)
        prose = words >= 4 or re.search(r"[.!?]$", found.value)
        # 'Update: the week is on.' is close to 'Date:' but is a sentence: a
        # typo'd key holds what its field holds, so only prose fields suggest one.
        if prose and not (close and BY_KEY[close[0]].is_prose):
            yield _problem(
                post,
                found.line,
                "swallowed-line",
                f"the line '{found.key}: {found.value}' was swallowed by the header "
                "(read as a header field), so it would vanish from the page",
                "put an empty line between the header and the text",
            )
        else:
            hint = (
                f"did you mean '{KNOWN_KEYS[close[0]]}:'?"
                if close
                else "see docs/writing.md for the header fields"
            )
            yield _problem(
                post, found.line, "unknown-key", f"unknown header '{found.key}:'", hint
            )
    for found in post.header.duplicates:
        yield _problem(
            post,
            found.line,
            "duplicate-key",
            f"'{found.key}:' is given twice; the site uses this later one",
            "keep one line for each field",
            "warning",
        )


def check_template(post: Post) -> Iterable[Problem]:
    """A `Template:` names a template the theme has (a wrong one stops Pelican)."""
    wanted = post.header.value("Template")
    known = post.settings.templates
    if not wanted or not known:
        return
    choices = ", ".join(t for t in known if t not in INTERNAL_TEMPLATES)
    if wanted not in known:
        yield _problem(
            post,
            _line_of(post, "Template"),
            "bad-template",
            f"there is no template called '{wanted}'",
            f"check the spelling (the theme has: {choices}), or remove the line",
        )
    elif wanted in INTERNAL_TEMPLATES:
        yield _problem(
            post,
            _line_of(post, "Template"),
            "bad-template",
            f"the template '{wanted}' is the site's own, not one a post can use",
            f"remove the line (or use one of: {choices})",
        )


def check_link_kinds(post: Post) -> Iterable[Problem]:
    """Every {kind} at the start of an address is one Pelican can replace."""
    for link in post.links:
        match = _LINK_KIND.match(link.target)
        if match and match["what"] not in LINK_KINDS:
            yield _problem(
                post,
                link.line,
                "unknown-link-kind",
                f"'{{{match['what']}}}' in '{link.target}' is not a kind of link "
                "the site knows",
                "write {filename}/section/post.md for a post, {static}/images/x.jpg "
                "for a picture or file",
            )


def check_page_fields(post: Post) -> Iterable[Problem]:
    """Intro_for names a section; menu and intro lines are on pages only."""
    for key in ("Menu_order", "Menu_label", "Intro_for"):
        if post.is_article and post.header.value(key):
            yield _problem(
                post,
                _line_of(post, key),
                "page-only-field",
                f"'{key}:' is for pages (in {post.settings.pages_folder}/), not posts",
                "remove the line, or move the text into a page",
            )
    if post.is_article:
        return
    intro = post.header.value("Intro_for").strip()
    if intro and intro not in post.settings.sections:
        yield _problem(
            post,
            _line_of(post, "Intro_for"),
            "bad-intro",
            f"Intro_for '{intro}' is not a section",
            f"write one of {', '.join(post.settings.sections)}",
        )


# --- the text --------------------------------------------------------------------


def check_control_characters(post: Post) -> Iterable[Problem]:
    """No invisible control characters (pasted from word processors)."""
    if not _CONTROL.search(post.text):
        return  # nearly every post: no need to look line by line
    for number, line in enumerate(source_lines(post.text), start=1):
        found = _CONTROL.search(line)
        if found:
            yield _problem(
                post,
                number,
                "control-character",
                f"an invisible control character (code {ord(found.group()):#04x}) is "
                f"at column {found.start() + 1}, often pasted from a word processor",
                "delete it: retype the characters around that point",
            )


def check_alt_text(post: Post) -> Iterable[Problem]:
    """Every picture says what it shows: body images and the hero image."""
    for picture in post.pictures:
        if not (picture.alt or "").strip():
            yield _problem(
                post,
                picture.line,
                "missing-alt",
                f"the picture '{picture.src}' has no description (alt text)",
                "write what the picture shows between the square brackets: "
                '![Two people talking over coffee](...), or in alt="..."',
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


# --- care ---------------------------------------------------------------------------


def _without_names(text: str, names: Iterable[str]) -> str:
    # Link addresses are not words. Bounded: an unclosed '](' must not make the
    # search run to the end of the text from every one (quadratic).
    text = re.sub(r"\]\([^)\s]{0,2000}\)", "]", text.lower())
    for name in names:
        text = text.replace(name.lower(), " ")
    return text


def _passages(post: Post) -> Iterable[tuple[str, list[tuple[int, int]]]]:
    """The Title, the Summary and each paragraph of the body as readers read
    them, lower case, with (offset, line) where each line starts.

    A paragraph is one string because a phrase may run over a line break
    ("swallowed a bottle / of pills").
    """
    for key in ("Title", "Summary"):
        if post.header.value(key):
            yield post.header.value(key).lower(), [(0, _line_of(post, key))]
    text, starts = "", []
    for (number, _), line in zip(post.body, post.plain_lines, strict=True):
        plain = line.lower().strip()
        if plain:
            starts.append((len(text), number))
            text += plain + " "
        elif text:
            yield text, starts
            text, starts = "", []
    if text:
        yield text, starts


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    return max(number for start, number in starts if start <= offset)


def check_content_warning(post: Post) -> Iterable[Problem]:
    """A post on a sensitive topic carries a Content_warning (and so a support box).

    Topics are found as people write them (sensitive_language.py: "took his own
    life", "self-harming", "anorexic"), and the CHECKS setting's terms count too.
    """
    if not post.is_article or post.header.value("Content_warning"):
        return
    names = post.settings.sensitive_names
    terms = post.settings.sensitive_terms
    heading = _without_names(
        " ".join(post.header.value(k) for k in ("Title", "Summary", "Tags")), names
    )
    body = _without_names(" ".join(post.plain_lines), names)
    in_heading = find_topics(heading, terms)
    in_body = find_topics(body, terms)
    mentions = Counter(m.topic for m in in_body)
    # The first words found for each topic that counts, in the order read.
    found: dict[str, str] = {}
    # A topic counts when the text comes back to it, or when the text touches
    # more than one (suicidal thoughts, then an overdose): either way the post is
    # about these things, not a passing mention.
    often = {
        topic
        for topic, count in mentions.items()
        if count >= post.settings.sensitive_min_mentions
        or sum(mentions.values()) >= post.settings.sensitive_min_mentions
    }
    for mention in in_heading + [m for m in in_body if m.topic in often]:
        found.setdefault(mention.topic, mention.words)
    if not found:
        return
    said = _and_list([f"{topic} ('{words}')" for topic, words in found.items()])
    yield _problem(
        post,
        1,
        "missing-content-warning",
        f"this post speaks of {said} but has no Content_warning",
        f"add the line 'Content_warning: {', '.join(found)}' at the top of the "
        "file, so readers are warned before the text and the support box is shown",
    )


def _and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(items[:-1]), items[-1]] if items[1:] else items)


def check_methods(post: Post) -> Iterable[Problem]:
    """No description of a method of suicide or self-harm (Samaritans' guidelines).

    An error, so it stops a publish: of all that safe-messaging guidance asks,
    this is where harm is best known (a described method is copied), the
    patterns name means, substances and amounts only (sensitive_language.py),
    and the fix, a sentence without the means, loses the story nothing.
    """
    seen: set[tuple[int, str]] = set()
    passages = list(_passages(post))
    found = find_methods_each([text for text, _ in passages])
    for (_, starts), methods in zip(passages, found, strict=True):
        for method in methods:
            line = _line_at(starts, method.start)
            if (line, method.words) in seen:
                continue
            seen.add((line, method.words))
            yield _problem(
                post,
                line,
                "method-described",
                f"'{method.words}' describes a method of suicide or self-harm; "
                "Samaritans' media guidelines advise against it, because describing "
                "a method can lead others to copy it",
                "say what happened without the means, the substance or the amount, "
                "like 'he took an overdose' or 'she was struggling to stay safe' "
                "(docs/writing.md, safe wording)",
            )


@cache
def _any_of(phrases: tuple[str, ...], before: str, after: str) -> re.Pattern[str]:
    """One compiled pattern for a list of phrases (built once per build)."""
    longest_first = sorted(phrases, key=len, reverse=True)
    alternatives = "|".join(re.escape(p.lower()) for p in longest_first)
    return re.compile(rf"{before}(?:{alternatives}){after}")


def check_wording(post: Post) -> Iterable[Problem]:
    """Wording safe-messaging guidelines advise against, with what to write instead."""
    advice = dict(post.settings.discouraged_wording)
    pattern = _any_of(tuple(advice), r"\b", r"\b")
    lines = [(_line_of(post, k), post.header.value(k)) for k in ("Title", "Summary")]
    every = [*lines, *body_lines(post)]
    # A line the pattern finds holds one of the phrases: a post that holds none
    # (most) is done with a few substring tests instead of a search per line.
    text = "\n".join(line for _, line in every).lower()
    if not any(phrase.lower() in text for phrase in advice):
        return
    for number, line in every:
        lowered = line.lower()
        if not pattern.search(lowered):
            continue
        for phrase, instead in advice.items():
            if re.search(rf"\b{re.escape(phrase)}\b", lowered):
                yield _problem(
                    post,
                    number,
                    "unsafe-wording",
                    f"'{phrase}' is wording safe-messaging guidelines advise against",
                    f"write '{instead}' instead",
                )


def check_review_due(post: Post) -> Iterable[Problem]:
    """Review_due is not past (depends on the day: run every build, never cached)."""
    due = parse_header_date(post.header.value("Review_due"))
    if due and due.date() < post.today:
        yield _problem(
            post,
            _line_of(post, "Review_due"),
            "review-overdue",
            f"this health information was due for review on {due:%-d %B %Y}",
            "check it is still right, then update Reviewed and Review_due",
            "warning",
        )


# The header lines of an event's times (their examples are the contract's).
EVENT_TIMES = ("Event_start", "Event_end", "Event_until")


def _example(key: str) -> str:
    return BY_KEY[key.lower()].example_values[0]


def check_event(post: Post) -> Iterable[Problem]:
    """Event times the site can read but not use (at most one line for each
    header line; a missing start, an unreadable time and a repeat that is not
    one of the choices are the contract's: check_fields)."""
    for key in EVENT_TIMES:
        found = _event_time_problem(post, key)
        if found:
            yield found


def check_event_far_ahead(post: Post) -> Iterable[Problem]:
    """Event times in a year nobody plans for yet (depends on the day: run every
    build, never cached)."""
    for key in EVENT_TIMES:
        found = post.header.get(key)
        moment = parse_local(found.value) if found else None
        if (
            found
            and moment
            and far_ahead(moment, post.today)
            and _event_time_problem(post, key) is None  # one line per line
        ):
            yield _problem(
                post,
                found.line,
                "event-year-unlikely",
                f"{key} '{found.value.strip()}' is more than {YEARS_AHEAD} years ahead",
                f"check the year (like '{key}: {_example(key)}')"
                + (
                    "; for an event that repeats until further notice, remove "
                    "the Event_until line"
                    if key == "Event_until"
                    else ""
                ),
            )


def _event_time_problem(post: Post, key: str) -> Problem | None:
    """What is wrong with one of an event's times, or None (the first thing only)."""
    found = post.header.get(key)
    if found is None or not found.value.strip():
        return None
    text = found.value.strip()
    moment = parse_local(text)
    if moment is None:
        return None  # not a date: check_fields, from the contract
    reach = out_of_range(moment)
    if reach:
        return _problem(
            post,
            found.line,
            "event-year-unlikely",
            f"{key} '{text}' is "
            + (
                f"before {EARLIEST_YEAR}"
                if reach == "early"
                else "too far ahead for calendars to hold"
            ),
            f"check the year (like '{key}: {_example(key)}')",
        )
    if key != "Event_until" and has_time(text):
        problem = _clock_change_problem(post, key, found.line, moment)
        if problem:
            return problem
    start_text = post.header.value("Event_start")
    start = parse_local(start_text)
    if key == "Event_start" or start is None or out_of_range(start):
        return None
    if key == "Event_end" and has_time(text) != has_time(start_text):
        return _problem(
            post,
            found.line,
            "event-times-differ",
            "Event_end "
            + ("has a time but" if has_time(text) else "has no time but")
            + " Event_start "
            + ("has none" if has_time(text) else "has one"),
            "give both a time, like 'Event_end: 2025-07-02 12:00', or neither "
            "(for whole days)",
        )
    if ends_before(start, moment, timed=key == "Event_end" and has_time(text)):
        return _problem(
            post,
            found.line,
            "event-ends-before-start",
            f"{key} is before Event_start"
            if moment.replace(tzinfo=None) < start.replace(tzinfo=None)
            else f"{key} is the same as Event_start",
            f"check both: {key} must be after the start"
            + (
                " (or remove it if you do not know the end)"
                if key == "Event_end"
                else ""
            ),
        )
    if key == "Event_until" and not post.header.value("Event_repeat"):
        return _problem(
            post,
            found.line,
            "until-without-repeat",
            "Event_until is only read for an event that repeats",
            "add 'Event_repeat: weekly' (or fortnightly, monthly), or remove "
            "Event_until",
            "warning",
        )
    return None


def _clock_change_problem(
    post: Post, key: str, line: int, moment: datetime
) -> Problem | None:
    """A time in the hour the clocks skip (an error) or pass twice (a warning)."""
    change = wall_clock(moment)
    when = f"{moment:%H:%M} on {moment.day} {moment:%B %Y}"
    if change == "skipped":
        return _problem(
            post,
            line,
            "event-time-skipped",
            f"{key}: {when} never happens: the clocks go forward from 1am to 2am "
            "that night",
            f"choose a time that exists, like '{key}: {moment:%Y-%m-%d} 02:"
            f"{moment:%M}'",
        )
    if change == "repeated":
        return _problem(
            post,
            line,
            "event-time-ambiguous",
            f"{key}: {when} happens twice: the clocks go back from 2am to 1am "
            "that night, and calendars read it as the first (British Summer Time)",
            "if that is right, say so in the text; otherwise choose a time before "
            "1am or from 2am",
            "warning",
        )
    return None


_MD_LINK = re.compile(r"\[([^\]\n]{0,1000})\]\([^)\s]{0,2000}\)")
_MD_BLOCK_MARK = re.compile(r"^\s{0,3}(#+|[-*+]|\d+\.)\s+", re.MULTILINE)
# The same, for many lines at once, each after its line break: its spaces never
# include one, so it removes from each line what _MD_BLOCK_MARK removes from it
# alone (and a search for a line break is quicker than trying every character).
_MD_LINE_MARK = re.compile(r"\n[^\S\n]{0,3}(#+|[-*+]|\d+\.)[^\S\n]+")
_MD_MARKS = re.compile(r"[*_`>#]")


def _plain(text: str) -> str:
    """Text as readers read it: no Markdown marks, links or pictures."""
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_BLOCK_MARK.sub("", text)
    return _MD_MARKS.sub("", text)


def _plain_lines(lines: list[str]) -> tuple[str, ...]:
    """_plain of each line (none holds a line break), in one pass over them all.

    Equal to (_plain(line) for line in lines): no pattern reaches over a line
    break (pictures and links stop at one, and _MD_LINE_MARK's spaces leave it
    out), so each line comes out as it would alone.
    """
    if not lines:
        return ()
    text = _MD_IMAGE.sub("", "\n" + "\n".join(lines))
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_LINE_MARK.sub("\n", text)
    return tuple(_MD_MARKS.sub("", text).split("\n")[1:])


def plain_body(post: Post) -> str:
    """The body as readers read it: no Markdown marks, links or pictures."""
    lines = (line for _, line in body_lines(post) if not _is_hashtag_line(line))
    return _plain("\n".join(lines))


_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_HASHTAG_LINE = re.compile(r"^\s*(?:#\w+\s*)+$")


def _is_hashtag_line(line: str) -> bool:
    """True for a line of hashtags only (a '#' first: most lines have none)."""
    return "#" in line and bool(_HASHTAG_LINE.match(line))


_BLOCK_START = re.compile(r"^\s{0,3}(?:#+|[-*+]|\d+\.)\s")
HARDEST_SHOWN = 3  # sentences named by the reading-level warning
_QUOTE = 60  # characters of a sentence quoted in the warning


def sentences(post: Post) -> list[tuple[int, str]]:
    """(line, sentence) of every sentence of the body, a sentence may span lines."""
    found: list[tuple[int, str]] = []
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        # One string per paragraph, remembering where each line starts in it.
        text, starts = "", []
        for number, line in paragraph:
            starts.append((len(text), number))
            text += line.strip() + " "
        for match in _SENTENCE.finditer(text):
            sentence = match.group().strip()
            if len(sentence.split()) >= 3:
                at = match.start() + len(match.group()) - len(match.group().lstrip())
                line = max(n for offset, n in starts if offset <= at)
                found.append((line, sentence))
        paragraph.clear()

    for (number, line), plain in zip(post.body, post.plain_lines, strict=True):
        if _is_hashtag_line(line):
            continue  # a line of hashtags is links to topics, not a sentence
        if _BLOCK_START.match(line) and paragraph:
            flush()  # a list item or heading is a sentence of its own
        if plain.strip():
            paragraph.append((number, plain))
        elif paragraph:
            flush()
    if paragraph:
        flush()
    return found


def sentence_grade(sentence: str) -> float:
    """The Flesch-Kincaid grade of one sentence."""
    import textstat_rs

    words = max(1, len(sentence.split()))
    syllables = textstat_rs.syllable_count(sentence)
    return 0.39 * words + 11.8 * syllables / words - 15.59


def _quoted(sentence: str) -> str:
    if len(sentence) <= _QUOTE:
        return f"'{sentence}'"
    return "'" + sentence[:_QUOTE].rsplit(" ", 1)[0] + "…'"


def check_reading_level(post: Post) -> Iterable[Problem]:
    """Plain language: the reading level stays under the configured grade."""
    import textstat_rs  # only needed here; loaded on first use

    text = plain_body(post)
    if len(text.split()) < post.settings.reading_min_words:
        return
    grade = textstat_rs.flesch_kincaid_grade(text)
    if grade <= post.settings.reading_grade:
        return
    graded = sorted(
        ((sentence_grade(s), line, s) for line, s in sentences(post)),
        key=lambda item: (-item[0], item[1]),
    )
    seen: set[str] = set()
    hardest = []
    for item in graded:  # a repeated sentence is named once, at its first line
        if item[0] > post.settings.reading_grade and item[2] not in seen:
            seen.add(item[2])
            hardest.append(item)
    named = "; ".join(
        f"line {line} {_quoted(s)} (grade {g:.0f})"
        for g, line, s in hardest[:HARDEST_SHOWN]
    )
    first = hardest[0][1] if hardest else post.header.body_line
    yield _problem(
        post,
        first,
        "reading-level",
        f"the text reads at Flesch-Kincaid grade {grade:.1f}, above the "
        f"site's {post.settings.reading_grade:g}",
        "split or simplify the hardest sentences: " + named
        if named
        else "use shorter sentences and everyday words",
        "warning",
    )


# Rules that read nothing but the post itself and the settings: their results
# are cached with the parse, keyed by the file's bytes, settings and code.
PER_FILE_RULES: tuple[Rule, ...] = (
    check_section,
    check_fields,
    check_title,
    check_summary,
    check_keys,
    check_page_fields,
    check_template,
    check_control_characters,
    check_alt_text,
    check_link_kinds,
    check_content_warning,
    check_wording,
    check_methods,
    check_event,
    check_reading_level,
)


# The rules that read the post's text: the others read the header only, and
# also run on a post too big for these, so its header's problems come with the
# one about its size.
TEXT_RULES = frozenset(
    {
        check_control_characters,
        check_alt_text,
        check_link_kinds,
        check_content_warning,
        check_wording,
        check_methods,
        check_reading_level,
    }
)
HEADER_RULES: tuple[Rule, ...] = tuple(
    rule for rule in PER_FILE_RULES if rule not in TEXT_RULES
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
                "in your editor choose Save As (or Save with Encoding) and pick "
                "'UTF-8', then check the quotes and dashes on this line",
            )
        ]


# What Markdown is ever given. Real posts are far inside these (a long story is
# 20,000 characters); past them Python-Markdown's time grows with the square.
MAX_POST_CHARACTERS = 60_000
MAX_LINE_CHARACTERS = 10_000
MAX_BLOCK_CHARACTERS = 10_000  # lines with no empty line between them
MAX_NESTING = 10  # quote marks, or list levels of 4 spaces, before a line's text
MAX_OPENERS = 300  # '[' or '<' in one paragraph
_QUOTES = re.compile(r"^[ \t]*((?:>[ \t]*)+)")
_INDENT = re.compile(r"^( *)(?:[-*+]|\d{1,9}[.)])[ \t]")
# A line nested deeper than MAX_NESTING has more '>' than that, or starts with
# this many spaces: any other line is measured no further.
_DEEP_INDENT = " " * (4 * MAX_NESTING)
# What a line quoted deeper than MAX_NESTING holds (_QUOTES' marks, one more).
_DEEP_QUOTES = re.compile(rf"(?:>[ \t]*){{{MAX_NESTING + 1}}}")


def _limit(path: str, line: int, rule: str, message: str, fix: str) -> Problem:
    return Problem(path, line, "error", rule, message, fix)


def check_limits(path: str, lines: list[str], body_line: int) -> list[Problem]:
    """Text too big or too odd to read in a second or two: one line, and not read.

    Linear in the text: every pattern here is anchored or a plain count.
    """
    body = lines[body_line - 1 :]
    size = sum(len(line) + 1 for line in body)
    if size > MAX_POST_CHARACTERS:
        return [
            _limit(
                path,
                body_line,
                "post-too-long",
                f"this post is {size:,} characters long; the site reads posts of up "
                f"to {MAX_POST_CHARACTERS:,} (about 9,000 words)",
                "split it into shorter posts",
            )
        ]
    if size <= MAX_BLOCK_CHARACTERS:
        # Too short for a long line or paragraph: with few brackets and no deep
        # quote or list (most posts), no line below could be over a limit.
        text = "\n".join(body)
        if (
            text.count("[") + text.count("<") <= MAX_OPENERS
            and not _DEEP_QUOTES.search(text)
            and not text.startswith(_DEEP_INDENT)
            and "\n" + _DEEP_INDENT not in text
        ):
            return []
    problems: list[Problem] = []
    paragraph_start, openers, block = body_line, 0, 0
    fenced = False
    for number, line in enumerate(body, start=body_line):
        if len(line) > MAX_LINE_CHARACTERS:
            problems.append(
                _limit(
                    path,
                    number,
                    "line-too-long",
                    f"this line is {len(line):,} characters long; the site reads "
                    f"lines of up to {MAX_LINE_CHARACTERS:,}",
                    "break it into paragraphs with empty lines between them",
                )
            )
            continue
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        depth = 0
        if line.count(">") > MAX_NESTING or line.startswith(_DEEP_INDENT):
            quotes = _QUOTES.match(line)
            depth = quotes.group(1).count(">") if quotes else 0
            indent = _INDENT.match(line)
            depth = max(depth, len(indent.group(1)) // 4 + 1 if indent else 0)
        if depth > MAX_NESTING:
            problems.append(
                _limit(
                    path,
                    number,
                    "nesting-too-deep",
                    f"this line is nested {depth} levels deep (quotes or lists); the "
                    f"site reads up to {MAX_NESTING}",
                    "use fewer '>' marks or list levels",
                )
            )
        if not line.strip():
            paragraph_start, openers, block = number + 1, 0, 0
            continue
        block += len(line) + 1
        if MAX_BLOCK_CHARACTERS < block < MAX_BLOCK_CHARACTERS + len(line) + 2:
            problems.append(
                _limit(
                    path,
                    paragraph_start,
                    "paragraph-too-long",
                    f"this paragraph (or list, or table) runs to over "
                    f"{MAX_BLOCK_CHARACTERS:,} characters with no empty line, more "
                    "than the site reads at once",
                    "put empty lines between its parts",
                )
            )
        openers += line.count("[") + line.count("<")
        if openers > MAX_OPENERS:
            problems.append(
                _limit(
                    path,
                    paragraph_start,
                    "too-many-brackets",
                    f"this paragraph has over {MAX_OPENERS} '[' or '<' marks, more "
                    "than the site can read quickly",
                    "split the paragraph with empty lines, or put such text in a "
                    "code block (between lines of ```)",
                )
            )
            openers = -(10**9)  # one line per paragraph
    return problems


def run_rules(post: Post, rules: Iterable[Rule]) -> list[Problem]:
    """Run rules on one post; a rule that fails is one line, never a traceback."""
    from ..problems import internal_problem

    problems: list[Problem] = []
    for rule in rules:
        try:
            problems.extend(rule(post))
        except Exception as exc:
            problems.append(internal_problem(post.path, "checked", exc))
    return problems


def blocks_build(problems: Iterable[Problem]) -> bool:
    """True when the problems leave nothing Pelican can build."""
    return any(p.rule in BLOCKING_RULES for p in problems)
