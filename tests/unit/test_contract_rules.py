"""The contract drives the checks: every field of contract.py, walked, on the one
parse (parse_source, as the reader runs it in check, publish and preview alike).

For each field and each kind of file it belongs on: a post missing it (when
required), holding a value that is not one of its choices, or a date or number
the site cannot read gets exactly one problem, with the contract's rule and
severity, at the field's line; a good value gets none. Sections are named here
as a renamed site would name them: what a field asks follows the section's role.
"""

from __future__ import annotations

import pytest

from charity_site import contract
from charity_site.contract import FIELDS, Field
from charity_site.dates import has_time, parse_header_date
from charity_site.roles import EVENT, NEWS, ROLES, STORY
from charity_site.rules.per_file import BLOCKING_RULES, WAIT_FOR_PUBLISHING
from charity_site.rules.reading import parse_source
from charity_site.rules.settings import CheckSettings
from charity_site.source.parse import MarkdownConverter

# Folders no code knows: only their roles say what they hold.
ROLE_OF = {"voices": STORY, "whats-on": EVENT, "latest": NEWS, "campaigns": None}
SETTINGS = CheckSettings(
    sections=tuple(ROLE_OF),
    roles=tuple((section, role) for section, role in ROLE_OF.items() if role),
)
PAGES_FOLDER = SETTINGS.pages_folder
CONVERTER = MarkdownConverter({"extensions": ["markdown.extensions.extra"]})
# Where a field may be: (path, role, is_page), one of each kind of file.
PLACES = [
    *((f"{section}/post.md", role, False) for section, role in ROLE_OF.items()),
    (f"{PAGES_FOLDER}/page.md", None, True),
]
BAD_DATES = ("31/06/2025", "2025-06-31", "2025-07-02T10:00", "next Tuesday")
# What records nothing: a date or a reference of a record is asked for.
BAD_RECORDS = ("yes", "Y", "true", "OK", "agreed", "n/a", "given", "2025-06-31")


def good_value(field: Field) -> str:
    """A value the contract accepts for the field."""
    if field.choices:
        return field.choices[0]
    if field.kind in (*contract.DATE_KINDS, contract.RECORD):
        return field.example_values[0]
    if field.kind == contract.NUMBER:
        return "2"
    if field.kind == contract.SENTENCES:
        return "A short, plain summary."
    return "Plain words"


def header(role: str | None, is_page: bool, **given: str | None) -> dict[str, str]:
    """Every required field of such a file with a good value, then `given` (a None
    leaves the field out)."""
    values = {
        f.key: good_value(f)
        for f in FIELDS
        if f.required and f.applies_to(role, is_page=is_page)
    }
    values.update(given)
    return {key: value for key, value in values.items() if value is not None}


def problems(path: str, fields: dict[str, str]) -> list[tuple[int, str, str]]:
    """(line, rule, severity) of every problem of such a file, from its one parse."""
    text = "".join(f"{key}: {value}\n" for key, value in fields.items())
    text += "\nA few plain words.\n"
    parsed = parse_source(path, text.encode(), CONVERTER, SETTINGS)
    return [(p.line, p.rule, p.severity) for p in parsed.problems]


def line_of(fields: dict[str, str], key: str) -> int:
    return list(fields).index(key) + 1


def cases(wanted=lambda field: True) -> list:
    """(field, path, role, is_page) for every wanted field and file it belongs on."""
    return [
        pytest.param(field, path, role, is_page, id=f"{field.key}-{path}")
        for field in FIELDS
        if wanted(field)
        for path, role, is_page in PLACES
        if field.applies_to(role, is_page=is_page)
    ]


def is_read(field: Field) -> bool:
    """True for a field whose value has a form the site reads (a date, a number,
    the date or reference of a record)."""
    return field.kind in (*contract.DATE_KINDS, contract.NUMBER, contract.RECORD)


def test_every_kind_of_file_starts_with_no_problems():
    for path, role, is_page in PLACES:
        assert problems(path, header(role, is_page)) == [], path


@pytest.mark.parametrize(
    ("field", "path", "role", "is_page"), cases(lambda f: f.choices or is_read(f))
)
def test_a_good_value_has_no_problems(field, path, role, is_page):
    fields = header(role, is_page, **{field.key: good_value(field)})
    if field.key == "Event_until":
        fields["Event_repeat"] = "weekly"  # a last day is for a repeat only
    assert problems(path, fields) == []


@pytest.mark.parametrize(("field", "path", "role", "is_page"), cases())
def test_a_missing_field_is_the_contracts_problem_when_required(
    field, path, role, is_page
):
    fields = header(role, is_page, **{field.key: None})
    found = problems(path, fields)
    if not field.required:
        assert found == [], "an optional field may be left out"
        return
    assert found == [(1, field.missing_rule, field.severity)]
    assert (field.missing_rule in BLOCKING_RULES) is field.blocks_build
    # A draft may lack what the contract says it may, until it is published.
    draft = problems(path, {**fields, "Status": "draft"})
    assert draft == ([] if field.draft_may_lack else found)
    assert (field.missing_rule in WAIT_FOR_PUBLISHING) is field.draft_may_lack


@pytest.mark.parametrize(
    ("field", "path", "role", "is_page"), cases(lambda f: f.choices)
)
def test_a_value_that_is_not_a_choice_is_the_contracts_problem(
    field, path, role, is_page
):
    for choice in field.choices:  # in any case, with spaces around
        fields = header(role, is_page, **{field.key: f" {choice.upper()} "})
        assert problems(path, fields) == []
    fields = header(role, is_page, **{field.key: "sometimes"})
    expected = (line_of(fields, field.key), field.value_rule, field.severity)
    assert problems(path, fields) == [expected]
    assert (field.value_rule in BLOCKING_RULES) is field.blocks_build


@pytest.mark.parametrize(("field", "path", "role", "is_page"), cases(is_read))
def test_a_value_the_site_cannot_read_is_the_contracts_problem(
    field, path, role, is_page
):
    bad = {field.kind: ("first", "-1", "2.5", "1000"), contract.RECORD: BAD_RECORDS}
    for value in BAD_DATES if field.kind in contract.DATE_KINDS else bad[field.kind]:
        fields = header(role, is_page, **{field.key: value})
        expected = (line_of(fields, field.key), field.value_rule, field.severity)
        assert problems(path, fields) == [expected], value
    assert (field.value_rule in BLOCKING_RULES) is field.blocks_build


def test_a_value_is_checked_where_it_does_not_belong_too():
    """Pelican reads a Status or a date wherever it is written: so do the checks."""
    fields = header(None, False, Event_start="soon")
    assert problems("campaigns/post.md", fields) == [(4, "bad-event-date", "error")]
    # A page's field on a post is one line: it belongs on a page.
    fields = header(None, False, Menu_order="first")
    assert problems("campaigns/post.md", fields) == [(4, "page-only-field", "error")]


def test_what_a_field_asks_follows_the_role_not_the_folder():
    story_only = [f for f in FIELDS if f.required and f.roles == (STORY,)]
    assert story_only, "Consent is asked of stories"
    for field in story_only:
        fields = header(None, False)
        assert problems("campaigns/post.md", fields) == []
        assert problems("voices/post.md", fields) == [
            (1, field.missing_rule, field.severity)
        ]
    assert {role for f in FIELDS for role in f.roles} <= set(ROLES)


def test_one_parser_reads_every_date_the_contract_shows():
    for field in FIELDS:
        for example in (
            field.example_values if field.kind in contract.DATE_KINDS else ()
        ):
            assert parse_header_date(example) is not None
    assert parse_header_date("2025-07-02 10:00:30").second == 30
    assert has_time("2025-07-02 10:00:30") and not has_time("2025-07-02")
    assert all(parse_header_date(bad) is None for bad in BAD_DATES)


@pytest.mark.parametrize(
    "value",
    [
        "2025-06-20",
        "CF-2025-014",
        "Recorded consent form CF-2025-021, 2025-08-29",
        "recorded call, 2025-03-20",
        "form 14",
    ],
)
def test_consent_is_a_date_or_a_reference(value):
    fields = header(STORY, False, Consent=value)
    assert problems("voices/post.md", fields) == []


def test_consent_that_records_nothing_says_what_to_write_instead():
    for value, says in (
        ("yes", "Consent 'yes' is not a date or a reference"),
        ("20/06/2025", "Consent '20/06/2025' has '20/06/2025', which is not a date"),
    ):
        text = f"Title: T\nDate: 2025-05-01\nSummary: S.\nConsent: {value}\n\nText.\n"
        parsed = parse_source("voices/post.md", text.encode(), CONVERTER, SETTINGS)
        (problem,) = parsed.problems
        assert str(problem).startswith(f"voices/post.md:4: error: {says}")
        assert (
            "write the date it was recorded, year-month-day, like 'Consent: "
            "2025-06-20', or the reference of the record, like 'Consent: "
            "CF-2025-014'" in problem.fix
        )
        assert problem.rule == "bad-consent" and "\n" not in str(problem)
    # A draft may lack its Consent, but not record it as a bare yes.
    draft = "Title: T\nDate: 2025-05-01\nConsent: ok\nStatus: draft\n\nText.\n"
    parsed = parse_source("voices/post.md", draft.encode(), CONVERTER, SETTINGS)
    assert [p.rule for p in parsed.problems] == ["bad-consent"]
