"""Hashtag lines become tag links; real headings stay headings."""

from __future__ import annotations

from lxml import html
from markdown import Markdown

from charity_site.source.hashtags import HashtagExtension, hashtags_in


def render(text: str) -> tuple[html.HtmlElement, list[str]]:
    md = Markdown(extensions=[HashtagExtension(), "markdown.extensions.extra"])
    body = md.convert(text)
    return html.fromstring(f"<div>{body}</div>"), md.hashtags


def test_a_hashtag_line_is_tag_links_not_a_heading():
    tree, tags = render("Some text.\n\n#CoProductionWeek #CPSLMind #LivedExperience\n")
    assert tree.xpath("//h1") == []
    links = tree.xpath("//p[@class='hashtags']/a")
    assert [a.text for a in links] == [
        "#CoProductionWeek",
        "#CPSLMind",
        "#LivedExperience",
    ]
    assert links[0].get("href") == "{tag}CoProductionWeek"
    assert tags == ["CoProductionWeek", "CPSLMind", "LivedExperience"]


def test_a_real_heading_with_a_space_still_works():
    tree, tags = render("# A real heading\n\nText with a #hashtag inside it.\n")
    assert tree.xpath("string(//h1)") == "A real heading"
    assert tags == []


def test_hashtag_lines_in_code_blocks_are_left_alone():
    tree, tags = render("```\n#NotATag #Really\n```\n")
    assert "#NotATag #Really" in tree.xpath("string(//code)")
    assert tags == []


def test_what_counts_as_a_hashtag_line():
    assert hashtags_in("#One #Two_2 #Three") == ["One", "Two_2", "Three"]
    assert hashtags_in("# Heading") is None
    assert hashtags_in("#2025") is None
    assert hashtags_in("#One and words") is None


def test_an_escaped_hashtag_line_from_the_web_editor_means_the_same():
    # Decap's Markdown widget saves '#Tag' at the start of a line as '\\#Tag'.
    written = "Some text.\n\n\\#LivedExperience \\#CPSLMind \\#Co\\_Production\n"
    plain = "Some text.\n\n#LivedExperience #CPSLMind #Co_Production\n"
    tree, tags = render(written)
    assert (html.tostring(tree), tags) == (
        html.tostring(render(plain)[0]),
        render(plain)[1],
    )
    assert tags == ["LivedExperience", "CPSLMind", "Co_Production"]
    links = tree.xpath("//p[@class='hashtags']/a")
    assert links[0].get("href") == "{tag}LivedExperience"
    assert "\\" not in tree.text_content()


def test_what_counts_as_an_escaped_hashtag_line():
    assert hashtags_in("\\#One \\#Two\\_2 #Three") == ["One", "Two_2", "Three"]
    assert hashtags_in("\\# Heading") is None
    assert hashtags_in("\\#2025") is None
    assert hashtags_in("\\#One and words") is None
    assert hashtags_in("\\\\#One") is None  # an escaped backslash, then a heading
    # Escaped but not a hashtag line: Markdown shows a literal '#', no tag.
    tree, tags = render("\\#One and words\n")
    assert tree.text_content().strip() == "#One and words"
    assert tags == []


def test_body_headings_start_at_two_and_never_skip():
    from charity_site.source.headings import HeadingLevelExtension, level_map

    md = Markdown(extensions=[HashtagExtension(), HeadingLevelExtension()])
    body = md.convert("# One\n\ntext\n\n#### Four\n")
    tree = html.fromstring(f"<div>{body}</div>")
    assert [el.tag for el in tree.iter("h1", "h2", "h3", "h4")] == ["h2", "h3"]
    assert level_map({2, 3}) == {2: 2, 3: 3}
    assert level_map({1, 2, 3, 4, 5, 6}) == {1: 2, 2: 3, 3: 4, 4: 5, 5: 6, 6: 6}


def test_typography_curls_quotes_and_dashes_but_not_code_or_attributes():
    from charity_site.source.typography import TypographyExtension

    md = Markdown(extensions=[TypographyExtension()])
    out = md.convert(
        "\"Hello,\" she said -- it's 'fine'... [a \"link\"](https://x.example/it's)\n\n"
        '`don\'t "touch"`\n\n    code\'s "here"\n'
    )
    assert "\u201cHello,\u201d she said \u2013 it\u2019s \u2018fine\u2019\u2026" in out
    assert 'href="https://x.example/it\'s"' in out
    assert '<code>don\'t "touch"</code>' in out or "<code>don&#x27;t" not in out
    assert "code's" in out and "\u201chere" not in out
