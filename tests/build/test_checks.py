"""The checks across files, on small sites checked and published in this process.

Each folder of tests/fixtures/site-cases/ is a mistake only the whole site shows
(a link, a picture, an address, a tag or author's address), or a hostile input
that once passed the checks and then crashed a build or lost a post. Each is
checked and published with the publish settings, in this process: both print the
same lines and refuse together, and the mistake is one line naming its file,
line and rule, or the post's page is written. `invoke check` and `invoke publish`
themselves run on the folders of test_check_is_publish.py; a rule about one post
is a unit test on its parse (tests/unit/test_one_file_rules.py).
"""

from __future__ import annotations

import re

import pytest
from lxml import html

from support.site import SITEURL
from support.verdicts import SITE_CASES, Verdict, judge_here

PROBLEM = re.compile(r"^\S.*?:\d+: (error|warning): .+ \[[a-z0-9-]+\]$")
# case folder: (file, line, severity, rule) of its one mistake
NAMED = {
    "author-without-slug": ("news/post.md", 4, "error", "bad-slug"),
    "empty-static-link": ("news/post.md", 5, "error", "missing-link"),
    "file-name-without-slug": ("news/???.md", 1, "error", "bad-file-name"),
    "file-names-differ-in-accents": ("news/café.md", 1, "error", "duplicate-url"),
    "file-names-differ-in-case": ("news/post.md", 1, "error", "duplicate-url"),
    "filename-for-file": ("news/post.md", 5, "error", "filename-for-file"),
    "filename-link-outside": ("news/post.md", 5, "error", "outside-content"),
    "hero-outside": ("news/post.md", 4, "error", "outside-content"),
    "link-to-intro": ("news/post.md", 5, "error", "link-to-intro"),
    "missing-image": ("news/post.md", 7, "error", "missing-image"),
    "missing-link": ("news/post.md", 5, "error", "missing-link"),
    "no-such-page": ("news/post.md", 5, "error", "no-such-page"),
    "page-named-feeds": ("pages/feeds.md", 1, "error", "reserved-url"),
    "page-named-tags": ("pages/tags.md", 1, "error", "reserved-url"),
    "picture-too-tall-for-webp": ("news/post.md", 7, "error", "bad-image"),
    "preview-link": ("news/post.md", 5, "error", "preview-link"),
    "tag-without-slug": ("news/post.md", 4, "error", "bad-slug"),
}
# case folder: a page its publish must write
BUILT = {
    "attach-file": "news/post/",
    "crlf-lines": "news/post/",
    "event-weekly-no-until": "events/cafe/",
    "percent-encoded-link": "news/post/",
    "picture-with-title": "news/post/",
    "same-name-two-sections": "events/open-day/",
    "tags-one-slug": "tags/cafe/",
    "tags-only-commas": "news/post/",
    "yaml-fences": "news/post/",
}


def problem_lines(output: str) -> list[str]:
    return sorted(line for line in output.splitlines() if PROBLEM.match(line))


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Verdict]:
    """The check and the publish of every case folder, in this process."""
    work = tmp_path_factory.mktemp("site-cases")
    # One cache for all, as one site's builds share theirs: the pages and files
    # every site has are compressed once.
    return {
        folder.name: judge_here(folder, work / folder.name, cache=work / "cache")
        for folder in sorted(SITE_CASES.iterdir())
    }


def test_every_case_folder_is_covered():
    assert sorted(p.name for p in SITE_CASES.iterdir()) == sorted({*NAMED, *BUILT})
    assert not set(NAMED) & set(BUILT)


@pytest.mark.parametrize("case", sorted({*NAMED, *BUILT}))
def test_check_and_publish_print_the_same_lines_and_refuse_together(case, judged):
    check, publish = judged[case].check, judged[case].publish
    for result in (check, publish):
        assert "Traceback" not in result.stdout, result.stdout
    assert check.returncode == publish.returncode, (check.stdout, publish.stdout)
    assert problem_lines(check.stdout) == problem_lines(publish.stdout)


@pytest.mark.parametrize("case", sorted(NAMED))
def test_each_mistake_is_one_line_with_file_line_and_rule(case, judged):
    path, line, severity, rule = NAMED[case]
    result = judged[case].check
    assert result.returncode == (1 if severity == "error" else 0), result.stdout
    matching = [
        row
        for row in problem_lines(result.stdout)
        if row.startswith(f"{path}:{line}: {severity}: ") and row.endswith(f"[{rule}]")
    ]
    assert len(matching) == 1, result.stdout
    (row,) = matching
    assert " — " in row, "says how to fix it"
    rows = problem_lines(result.stdout)
    assert len(rows) == 1, rows  # one mistake, one line: nothing else is said


@pytest.mark.parametrize("case", sorted(BUILT))
def test_each_hostile_input_that_can_be_built_is_published(case, judged):
    verdict = judged[case]
    assert verdict.check.returncode == verdict.publish.returncode == 0, (
        verdict.check.stdout + verdict.publish.stdout
    )
    assert problem_lines(verdict.check.stdout) == []
    assert f"0 error(s), 0 warning(s) in {case}/" in verdict.check.stdout
    page = verdict.site / BUILT[case] / "index.html"
    assert html.fromstring(page.read_bytes()).xpath("//h1"), page


def test_two_posts_with_one_name_in_two_sections_are_both_published(judged):
    site = judged["same-name-two-sections"].site
    titles = {
        url: html.fromstring((site / url / "index.html").read_bytes()).xpath(
            "normalize-space(//h1)"
        )
        for url in ("events/open-day/", "news/open-day/")
    }
    assert titles == {"events/open-day/": "The event", "news/open-day/": "News of it"}


def test_an_attached_file_is_published_beside_its_post(judged):
    """{attach} puts a file where the post's link points."""
    site = judged["attach-file"].site
    page = html.fromstring((site / "news/post/index.html").read_bytes())
    (href,) = page.xpath("//main//a[starts-with(., 'the ')]/@href")
    assert href.startswith(SITEURL + "/") and href.endswith("leaflet.pdf"), href
    assert (site / href.removeprefix(SITEURL + "/")).is_file(), href


def test_an_address_link_says_which_file_to_link_instead(judged):
    pasted = judged["preview-link"].check.stdout
    assert "write [text]({filename}/news/other.md) instead" in pasted
    missing = judged["no-such-page"].check.stdout
    rows = [r for r in missing.splitlines() if r.endswith("[no-such-page]")]
    assert len(rows) == 1, "the section, the post, a later page and feeds all exist"
    assert "{filename}/" in rows[0]


def test_the_sample_content_has_no_errors_or_warnings(published_site):
    """A publish prints every line a check prints (test_check_is_publish.py), so
    the sample's strict publish printing none means a check finds nothing."""
    assert problem_lines(published_site.log) == [], published_site.log
