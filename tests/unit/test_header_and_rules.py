"""The header parser and the content rules, on strings."""

from __future__ import annotations

from charity_site.cache import Store
from charity_site.dates import parse_header_date
from charity_site.rules.per_file import Post, blocks_build, sentences
from charity_site.rules.reading import parse_cached, parse_source, save_parses
from charity_site.rules.settings import CheckSettings
from charity_site.source.header import parse_header
from charity_site.source.parse import MarkdownConverter

SETTINGS = CheckSettings(sections=("stories", "campaigns", "news", "events"))
# (unit tests on strings: any four section names do; the sample site's own come
# from the settings, see support.site.SECTIONS)
CONVERTER = MarkdownConverter({"extensions": ["markdown.extensions.extra"]})


def check_source(path: str, data: bytes) -> list:
    """The per-file problems of one source, from its one parse."""
    return list(parse_source(path, data, CONVERTER, SETTINGS).problems)


def rules_of(path: str, text: str | bytes) -> list[tuple[int, str]]:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return [(p.line, p.rule) for p in check_source(path, data)]


GOOD = "Title: Fine\nDate: 2025-06-26 09:30\nSummary: All there.\n\nBody.\n"


def test_header_fields_keep_their_line_numbers():
    header = parse_header("Title: One\nDate: 2025-06-26\nTags: a,\n    b\n\n# Body\n")
    assert header.get("title").line == 1
    assert header.get("DATE").value == "2025-06-26"
    assert header.get("tags").value == "a, b"
    assert header.body_line == 6


def test_header_ends_at_the_first_line_that_is_not_a_field():
    header = parse_header("Title: One\nThis line is prose, not a field.\n")
    assert header.body_line == 2
    assert list(header.fields) == ["title"]


def test_a_good_post_has_no_problems():
    assert rules_of("news/fine.md", GOOD) == []


def test_missing_title_blocks_the_build():
    problems = check_source("news/x.md", b"Date: 2025-06-26\nSummary: s\n\nBody\n")
    assert [(p.line, p.rule) for p in problems] == [(1, "missing-title")]
    assert blocks_build(problems)


def test_an_impossible_date_is_reported_at_its_line():
    text = "Title: T\nSummary: s\nDate: 31/06/2025\n\nBody\n"
    assert rules_of("news/x.md", text) == [(3, "bad-date")]
    assert parse_header_date("2025-06-31") is None
    assert parse_header_date("2025-06-30 23:59").minute == 59


def test_pages_need_no_date_but_articles_do():
    assert rules_of("pages/about.md", "Title: About\nSummary: s\n\nBody\n") == []
    assert rules_of("news/x.md", "Title: T\nSummary: s\n\nBody\n") == [
        (1, "missing-date")
    ]


def test_missing_summary_is_an_error_that_does_not_block_the_build():
    problems = check_source("news/x.md", b"Title: T\nDate: 2025-01-01\n\nBody\n")
    assert [p.rule for p in problems] == ["missing-summary"]
    assert not blocks_build(problems)


def test_a_post_outside_the_sections_is_reported():
    assert ("unknown-section") in [r for _, r in rules_of("blog/x.md", GOOD)]


def test_windows_1252_text_is_reported_at_the_line_of_the_first_bad_byte():
    data = "Title: T\nDate: 2025-01-01\nSummary: s\n\nIt’s fine.\n".encode("cp1252")
    problems = check_source("news/x.md", data)
    assert [(p.line, p.rule) for p in problems] == [(5, "not-utf8")]
    assert "UTF-8" in str(problems[0])


def test_problem_reads_as_one_line_with_file_line_and_rule():
    (problem,) = check_source("news/x.md", b"Date: 2025-06-26\nSummary: s\n\nBody\n")
    line = str(problem)
    assert "\n" not in line
    assert line.startswith("news/x.md:1: error: this post has no Title — ")
    assert line.endswith("[missing-title]")


def test_pictures_without_alt_text_are_reported_at_their_line():
    text = (
        "Title: T\nDate: 2025-01-01\nSummary: s\nImage: {static}/images/a.jpg\n\n"
        "Intro.\n\n![](images/b.jpg)\n\n```\n![](not/a/picture.jpg)\n```\n"
        "![A described picture]({static}/images/c.jpg)\n"
    )
    assert rules_of("news/x.md", text) == [(4, "missing-image-alt"), (8, "missing-alt")]


def test_pictures_in_every_markdown_and_html_syntax_are_checked_for_alt_text():
    text = (
        "Title: T\nDate: 2025-01-01\nSummary: s\n\n"
        '![](<images/with space.jpg> "A title")\n\n'
        "![][ref]\n\n[ref]: images/ref.jpg\n\n"
        '<img src="images/raw.jpg">\n\n'
        '<p><img alt="" src="images/empty.jpg"></p>\n\n'
        "![Described](images/fine.jpg)\n"
    )
    assert rules_of("news/x.md", text) == [
        (5, "missing-alt"),
        (9, "missing-alt"),
        (11, "missing-alt"),
        (13, "missing-alt"),
    ]


def test_the_one_cache_keeps_a_parse_by_bytes_and_parses_changed_bytes_again(
    tmp_path,
):
    from charity_site.build import BuildState, Mode
    from charity_site.conventions import derive_conventions

    def state() -> BuildState:
        return BuildState(
            content_root=tmp_path,
            conventions=derive_conventions({"ARTICLE_PATHS": ["news"]}),
            checks=SETTINGS,
            mode=Mode.PREVIEW,
            store=Store(tmp_path / "cache"),
            markdown_options={},
        )

    data = b"Title: A\nDate: 2025-01-01\n\nBody\n"
    build = state()
    first = parse_cached(build, "news/a.md", data, CONVERTER)
    assert [p.rule for p in first.problems] == ["missing-summary"]
    save_parses(build)
    again = parse_cached(state(), "news/a.md", data, CONVERTER)
    assert again == first and again is not first, "read back from the cache"
    changed = parse_cached(
        state(), "news/a.md", b"Date: 2025-01-01\nSummary: s\n\nB\n", CONVERTER
    )
    assert [p.rule for p in changed.problems] == ["missing-title"]
    assert [
        p.rule for p in parse_cached(state(), "news/b.md", data, CONVERTER).problems
    ] == ["missing-summary"], "another file with the same bytes is its own entry"


def test_a_body_line_swallowed_by_the_header_is_named_as_such():
    text = (
        "Title: A week of walks\nDate: 2025-06-01\nSummary: Walks.\n"
        "Update: the week is on, and the first walk starts at ten.\n\nMore text.\n"
    )
    problems = check_source("news/walks.md", text.encode())
    (swallowed,) = [p for p in problems if p.line == 4]
    assert swallowed.rule == "swallowed-line"
    assert "swallowed by the header" in swallowed.message
    assert "empty line between the header and the text" in swallowed.fix
    # A typo'd key that holds prose still gets its spelling suggested.
    typo = check_source(
        "news/t.md", b"Title: T\nDate: 2025-06-01\nSumary: Short.\n\nX\n"
    )
    assert [(p.rule, p.fix) for p in typo if p.line == 3] == [
        ("unknown-key", "did you mean 'Summary:'?")
    ]


def test_html_comments_are_notes_to_the_writer_never_checked():
    text = (
        "Title: T\nDate: 2025-06-01\nSummary: S.\n\n<!--\nAbout suicide, and "
        "![](photo.jpg)\n-->\nA calm post. <!-- about self-harm --> The end.\n"
    )
    assert rules_of("news/t.md", text) == []


def test_reading_level_names_the_three_hardest_sentences_with_their_lines():
    easy = (
        "People who use our services help us to plan the support we offer across "
        "the county each year. "
    ) * 4
    text = (
        "Title: T\nDate: 2025-06-01\nSummary: S.\n\n"
        f"{easy}\n\n"
        "Notwithstanding organisational complexity, multidisciplinary collaboration\n"
        "necessitates comprehensive consideration of interdependencies.\n\n"
        f"{easy}\n\n"
        "- Prioritisation methodologies across commissioning organisations vary.\n"
        "- Accountability frameworks necessitate considerable documentation.\n"
        "- Contemporaneous institutional deliberation remains unavoidable.\n"
        "\n#CoProductionWeek #LivedExperience\n"
    )
    (problem,) = [
        p for p in check_source("news/t.md", text.encode()) if p.rule == "reading-level"
    ]
    named = problem.fix.split(": ", 1)[1].split("; ")
    assert len(named) == 3
    lines = [int(n.split()[1]) for n in named]
    assert problem.line == lines[0], "the warning points at the hardest"
    assert set(lines) <= {7, 12, 13, 14} and len(set(lines)) == 3
    grades = [float(n.rsplit("(grade ", 1)[1].rstrip(")")) for n in named]
    assert grades == sorted(grades, reverse=True)
    post = Post("news/t.md", text, parse_header(text), SETTINGS)
    starts = {line for line, sentence in sentences(post) if "Notwith" in sentence}
    assert starts == {7}, "a sentence over two lines is named where it starts"
    assert all("(grade " in n for n in named)
    assert "CoProductionWeek" not in problem.fix, "hashtags are not sentences"


def test_featured_is_yes_or_no():
    assert (4, "bad-featured") in rules_of(
        "news/t.md", "Title: T\nDate: 2025-06-01\nSummary: S.\nFeatured: maybe\n\nX\n"
    )
    assert (
        rules_of(
            "news/t.md", "Title: T\nDate: 2025-06-01\nSummary: S.\nFeatured: Yes\n\nX\n"
        )
        == []
    )
