"""`invoke check` is the publish build's own judgement, end to end.

The tasks themselves run on each folder of tests/fixtures/broken-posts/ (one
mistake each) and hostile-posts/ (inputs that used to pass the checks and then
crash or lose a post), chosen for what only the whole pipeline shows: addresses
and duplicate URLs, a link to a draft, a link out of content/, redirects and
files in extra/, pictures and files in images/, a status, a clean success. The
check fails exactly when the publish refuses, both print the same `file:line`
lines, neither ever prints a traceback, and a refused publish leaves nothing.
(The other fixtures: the checks across files, built in process, in
test_checks.py; the rules about one post, on its parse, in
tests/unit/test_one_file_rules.py.)
"""

from __future__ import annotations

import re

import pytest
from lxml import etree, html

from charity_site.layout import fold
from support.site import SITEURL, site_conventions
from support.takeover import MARKER
from support.verdicts import BROKEN, HOSTILE

LAYOUT = site_conventions().layout

PROBLEM = re.compile(r"^\S.*?:\d+: (error|warning): .+ \[[a-z0-9-]+\]$")
# hostile case: (exit code of both, a rule the check must name, or a page that
# a publish must write when it succeeds)
HOSTILE_CASES = {
    "aliases": (0, "news/post/"),
    "alias-host-syntax": (1, "bad-redirect"),
    "attach-picture": (0, "news/post/"),
    "embed-allowed": (0, "news/post/"),
    "images-active-files": (1, "unsafe-file"),
    "redirects-broken": (1, "bad-redirect"),
    "static-link-outside": (1, "outside-content"),
    "status-hidden": (1, "bad-status"),
}
# broken case: (where, rule) of the error its check and publish must print
BROKEN_CASES = {
    "duplicate-url": ("news/post.markdown:1", "duplicate-url"),
    "link-to-draft": ("news/post.md:5", "link-to-draft"),
    "reserved-url": ("pages/news.md:1", "reserved-url"),
}
ALL = sorted(
    [f"broken-posts/{p.name}" for p in BROKEN.iterdir()]
    + [f"hostile-posts/{p.name}" for p in HOSTILE.iterdir()]
)


def problem_lines(output: str) -> list[str]:
    return sorted(line for line in output.splitlines() if PROBLEM.match(line))


def test_each_folder_has_a_case_and_about_ten_are_judged_end_to_end():
    assert {p.name for p in HOSTILE.iterdir()} == set(HOSTILE_CASES)
    assert {p.name for p in BROKEN.iterdir()} == set(BROKEN_CASES)
    assert 8 <= len(ALL) <= 12


@pytest.mark.parametrize("name", ALL)
def test_check_fails_exactly_when_publish_refuses_with_the_same_lines(name, verdicts):
    verdict = verdicts[name]
    check, publish = verdict.check, verdict.publish
    for result in (check, publish):
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert (check.returncode == 0) == (publish.returncode == 0), (
        check.stdout,
        publish.stdout + publish.stderr,
    )
    assert problem_lines(check.stdout) == problem_lines(publish.stdout)
    if publish.returncode:
        assert problem_lines(check.stdout), "a refusal always says why"
        assert not verdict.site.exists(), "a refused publish leaves nothing"
    else:
        assert (verdict.site / "index.html").is_file()


@pytest.mark.parametrize("case", sorted(HOSTILE_CASES))
def test_each_hostile_input_is_named_or_built(case, verdicts):
    code, expected = HOSTILE_CASES[case]
    verdict = verdicts[f"hostile-posts/{case}"]
    assert verdict.check.returncode == code, verdict.check.stdout
    if code:
        rules = {
            line.rsplit("[", 1)[1].rstrip("]")
            for line in problem_lines(verdict.check.stdout)
        }
        assert expected in rules, verdict.check.stdout
    else:
        page = verdict.site / expected / "index.html"
        assert html.fromstring(page.read_bytes()).xpath("//h1"), page


@pytest.mark.parametrize("case", sorted(BROKEN_CASES))
def test_each_broken_post_is_named_and_refused(case, verdicts):
    verdict = verdicts[f"broken-posts/{case}"]
    assert verdict.check.returncode == verdict.publish.returncode == 1
    where, rule = BROKEN_CASES[case]
    for result in (verdict.check, verdict.publish):
        lines = problem_lines(result.stdout)
        named = [r for r in lines if r.startswith(f"{where}: error: ")]
        assert [r for r in named if r.endswith(f"[{rule}]")], result.stdout
        assert all(" — " in line for line in lines), "each says how to fix it"


def test_an_attached_picture_is_published_where_the_link_points(verdicts):
    """A picture linked with {attach} keeps its own clean copy beside the post
    (an attached file: test_checks.py)."""
    site = verdicts["hostile-posts/attach-picture"].site
    page = html.fromstring((site / "news/post/index.html").read_bytes())
    (href,) = page.xpath("//main//a[starts-with(., 'the ')]/@href")
    assert href.startswith(SITEURL + "/") and href.endswith("photo.jpg"), href
    assert (site / href.removeprefix(SITEURL + "/")).is_file(), href


# --- One owner for every address: nothing an editor writes takes one ----------


@pytest.fixture(scope="module")
def takeover(tmp_path_factory):
    """A clean publish, then check, publish and preview of a folder that asks for
    every address the clean publish wrote, from every source an editor controls."""
    from support.site import build, small_site
    from support.takeover import (
        add_event,
        layout_examples,
        make_hostile,
        owned_or_live,
        written,
    )
    from support.verdicts import judge

    work = tmp_path_factory.mktemp("takeover")
    clean = small_site(work / "clean")
    add_event(clean)
    site = build(clean, work / "clean-site", "publishconf.py", cache=work / "c1")
    assert site.returncode == 0, site.log
    sitemap = etree.parse(str(site.output / "sitemap.xml"))
    locs = sitemap.xpath("//*[local-name()='loc']/text()")
    live = {fold(loc.removeprefix(SITEURL)) for loc in locs}
    files = written(site.output)
    targets = owned_or_live(files, LAYOUT, live)
    hostile = work / "hostile"
    every = sorted({*targets, *layout_examples(LAYOUT)})
    attempts = make_hostile(clean, hostile, every, LAYOUT)
    verdict = judge(hostile, work / "judged")
    preview = build(hostile, work / "preview-site", cache=work / "c2")
    return files, targets, attempts, verdict, preview


def test_the_layout_knows_every_address_a_build_writes(takeover):
    files, targets, *_ = takeover
    assert sorted(set(files) - set(targets)) == []
    # Every kind of address is there to be tried.
    for expected in ("index.html", "_headers", "_nginx.conf", "admin/index.html"):
        assert expected in targets
    assert {"feeds/all.atom.xml", "events/calendar.ics", "robots.txt"} <= set(targets)
    assert any(t.startswith("cards/") for t in targets)


def test_no_editor_source_can_take_an_address_the_site_writes(takeover):
    _files, _targets, attempts, verdict, _preview = takeover
    check, publish = verdict.check, verdict.publish
    for result in (check, publish):
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert check.returncode == publish.returncode == 1
    assert problem_lines(check.stdout) == problem_lines(publish.stdout)
    assert not verdict.site.exists(), "a refused publish leaves nothing"
    lines = [line for line in problem_lines(check.stdout) if ": error: " in line]
    aliases = [line for line in lines if line.startswith("news/takeover.md:4:")]
    for old in attempts.aliases:
        assert any(f"{old} " in line for line in aliases), old
    for number in attempts.redirect_lines:
        assert any(line.startswith(f"redirects.txt:{number}: ") for line in lines)
    for name in [*attempts.extra_files, *attempts.image_files, *attempts.pages]:
        found = [line for line in lines if line.startswith(f"{name}:1: ")]
        assert len(found) == 1, (name, found)


def test_a_preview_of_the_takeover_keeps_every_file_the_site_writes(takeover):
    _files, targets, _attempts, _verdict, preview = takeover
    assert preview.returncode == 0, preview.log
    for path in preview.output.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path
    for target in targets:
        if target.startswith(("admin/", "cards/", "_")) or target == "favicon.ico":
            continue  # a publish's own files (an editor bundle, cards, host files)
        path = preview.output / target
        assert path.is_file(), target
        assert b"This page has moved" not in path.read_bytes(), target
