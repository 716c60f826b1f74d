"""The preview desk: problem banners, 'not built' stand-ins and /_desk/.

A small content folder (support/desk_site.py) is built with the preview
settings; the pages are parsed with lxml. A publish of the same folder still
refuses, and the published sample site has none of it.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from support.desk_site import ADDRESSES, EXPECTED, LATER, SOON, write_desk_content
from support.site import Build, build, build_here, copy_project, parse

DESK = "_desk/"


@pytest.fixture(scope="module")
def desk_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The desk's content folder, built once as a preview."""
    base = tmp_path_factory.mktemp("desk")
    content = write_desk_content(base / "content")
    result = build_here(content, base / "out", cache=base / "cache")
    assert result.returncode == 0, result.log
    return result


def banner_rows(page) -> list[tuple[int, str]]:
    """The (line, rule) of every problem the page's banner lists."""
    return [
        (int(item.get("data-line")), item.get("data-rule"))
        for item in page.xpath("//main/section[@class='preview-problems']//ol/li")
    ]


def resolves(site: Build, page_url: str, href: str) -> Path | None:
    """The built file a relative link on the page at page_url reaches, if any."""
    target = posixpath.normpath(posixpath.join(page_url, href))
    found = site.file_for(target + ("/" if href.endswith("/") else ""))
    return found if found.is_file() else None


@pytest.mark.parametrize("source", EXPECTED)
def test_a_page_lists_its_own_problems_first_in_main(desk_site, source):
    page = desk_site.page(ADDRESSES[source])
    assert banner_rows(page) == EXPECTED[source]
    (banner,) = page.xpath("//main/section[@class='preview-problems']")
    assert banner.getparent().tag == "main"
    assert banner.getprevious() is None, "the banner is the first thing in main"
    heading = banner.xpath(".//h2")[0]
    assert banner.get("aria-labelledby") == heading.get("id")
    assert source in heading.text_content()
    # Each problem says what is wrong, how to fix it, and which rule found it.
    for item in banner.xpath(".//li"):
        text = item.text_content()
        assert "How to fix:" in text and item.get("data-rule") in text
    (desk_link,) = banner.xpath(".//a")
    assert resolves(desk_site, ADDRESSES[source], desk_link.get("href")) == (
        desk_site.output / "_desk" / "index.html"
    )


@pytest.mark.parametrize("source", ["news/clean.md", "news/a-draft.md"])
def test_a_page_without_problems_has_no_banner(desk_site, source):
    page = desk_site.page(ADDRESSES[source])
    assert banner_rows(page) == []
    assert page.xpath("//section[@class='preview-problems']") == []


@pytest.mark.parametrize("source", ["news/bad-date.md", "news/draft-bad-date.md"])
def test_a_post_that_cannot_be_built_has_a_stand_in_at_its_address(desk_site, source):
    assert "Not built (2)" in desk_site.log
    page = desk_site.page(ADDRESSES[source])
    h1 = page.xpath("//main//h1")[0].text_content()
    assert h1.startswith("Not built:")
    why = page.xpath("//main//p[@class='preview-not-built']")[0].text_content()
    assert source in why and "not built, because it has the errors" in why


def test_the_scheduled_post_has_a_draft_address_only(desk_site):
    assert desk_site.file_for("drafts/news/later/").is_file()
    assert not desk_site.file_for("news/later/").exists()
    assert not desk_site.file_for("news/draft-bad-date/").exists()


def desk_items(site: Build, list_id: str) -> dict[str, tuple[str, str | None]]:
    """Each item of one desk list: its text and the link it holds, by text."""
    page = site.page(DESK)
    items = page.xpath(f"//main//ul[@id='{list_id}']/li")
    return {
        item.text_content(): (
            item.text_content(),
            (item.xpath(".//a/@href") or [None])[0],
        )
        for item in items
    }


def test_the_desk_lists_drafts_and_scheduled_posts_with_their_addresses(desk_site):
    items = list(desk_items(desk_site, "desk-waiting-list").values())
    assert len(items) == 2
    scheduled, draft = items  # scheduled first
    assert "A scheduled post" in scheduled[0] and "scheduled, goes live" in scheduled[0]
    assert f"{LATER:%-d %B %Y}, 09:30" in scheduled[0]
    assert "A draft post" in draft[0] and "draft" in draft[0]
    for text, href in items:
        target = resolves(desk_site, DESK, href)
        assert target is not None, (text, href)
        assert target.parent.relative_to(desk_site.output).as_posix() + "/" in (
            ADDRESSES["news/later.md"],
            ADDRESSES["news/a-draft.md"],
        )


def test_the_desk_lists_every_file_with_problems_linked_to_its_page(desk_site):
    items = list(desk_items(desk_site, "desk-problems-list").values())
    assert len(items) == len(EXPECTED)
    for source, problems in EXPECTED.items():
        (text, href) = next(item for item in items if item[0].startswith(source))
        errors = sum(rule == "bad-date" for _, rule in problems)
        assert f"{errors} error" in text and f"{len(problems) - errors} warning" in text
        target = resolves(desk_site, DESK, href)
        assert target == desk_site.file_for(ADDRESSES[source]), (source, href)
        # The page linked to lists the same problems.
        assert banner_rows(parse(target)) == problems


def test_the_desk_lists_health_pages_due_for_review(desk_site):
    items = list(desk_items(desk_site, "desk-reviews-list").values())
    assert len(items) == 2, "past or within 30 days; not the one in 60 days"
    (overdue, soon) = items
    assert "Sleep and mood" in overdue[0] and "was due on 1 January 2024" in overdue[0]
    assert resolves(desk_site, DESK, overdue[1]) == desk_site.file_for("sleep/")
    assert "Anxiety" in soon[0] and f"due on {SOON:%-d %B %Y} (in 10 days)" in soon[0]
    assert resolves(desk_site, DESK, soon[1]) == desk_site.file_for("anxiety/")


def test_every_link_on_the_desk_resolves(desk_site):
    page = desk_site.page(DESK)
    hrefs = page.xpath("//main//a/@href")
    assert len(hrefs) == 2 + len(EXPECTED) + 2  # waiting, problems, reviews
    for href in hrefs:
        assert resolves(desk_site, DESK, href) is not None, href


def test_fixing_a_post_removes_its_banner_and_its_stand_in(tmp_path):
    content = write_desk_content(tmp_path / "content")
    output, cache = tmp_path / "out", tmp_path / "cache"
    assert build_here(content, output, cache=cache).returncode == 0
    dense = content / "news" / "dense.md"
    dense.write_text(
        "Title: A dense post\nDate: 2025-05-01\nSummary: A short summary.\n\n"
        "Short words now.\n",
        encoding="utf-8",
    )
    bad = content / "news" / "bad-date.md"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("31/06/2025", "2025-06-30"),
        encoding="utf-8",
    )
    (content / "news" / "draft-bad-date.md").unlink()
    again = build_here(content, output, cache=cache)
    assert again.returncode == 0, again.log
    assert banner_rows(again.page("news/dense/")) == []
    fixed = again.page("news/bad-date/")
    assert banner_rows(fixed) == []
    assert fixed.xpath("//main//h1")[0].text_content() == "A post with a bad date"
    assert not again.file_for("drafts/news/draft-bad-date/").exists()
    listed = desk_items(again, "desk-problems-list")
    assert [text.split(":")[0] for text in listed] == ["pages/sleep.md"]
    # Nothing changed: the pages with and without a banner are kept as they are.
    before = {p: p.read_bytes() for p in output.rglob("*.html")}
    assert build_here(content, output, cache=cache).returncode == 0
    assert {p: p.read_bytes() for p in output.rglob("*.html")} == before


def test_a_desk_that_fails_is_one_line_and_the_preview_goes_on(tmp_path):
    project = copy_project(tmp_path / "project")
    desk = project / "theme" / "templates" / "desk.html"
    text = desk.read_text(encoding="utf-8")
    desk.write_text(text.replace("<h1>", "<h1>{{ no_such.thing }}", 1))
    (project / "theme" / "preview" / "preview.css").unlink()
    content = write_desk_content(tmp_path / "content")
    result = build(content, tmp_path / "out", str(project / "pelicanconf.py"))
    assert result.returncode == 0, result.log
    assert "Traceback" not in result.log
    failed = [row for row in result.log.splitlines() if "[preview-desk-failed]" in row]
    assert [row.split(":")[0] for row in failed] == [
        "_desk/index.html",
        "_desk/preview.css",
    ], result.log
    assert result.file_for("news/dense/").is_file()
    assert result.file_for("news/bad-date/").is_file()  # the stand-ins still come


def test_a_publish_of_the_same_folder_still_refuses(tmp_path):
    content = write_desk_content(tmp_path / "content")
    result = build_here(content, tmp_path / "out", "publishconf.py")
    assert result.returncode != 0
    assert "news/bad-date.md:2: error:" in result.log
    assert "nothing was published" in result.log
    assert_no_preview_markup(tmp_path / "out")


PREVIEW_MARKERS = ("preview-problems", "_desk", "preview.css", "Not built")


def assert_no_preview_markup(output: Path) -> None:
    """No desk, no preview stylesheet, no banner or stand-in markup anywhere."""
    assert not (output / "_desk").exists()
    assert not list(output.rglob("preview.css*"))
    kinds = {".html", ".xml", ".json", ".txt", ".xsl", ".conf", ""}  # "": _headers
    for path in output.rglob("*"):
        if path.suffix in kinds and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            for marker in PREVIEW_MARKERS:
                assert marker not in text, (path, marker)


@pytest.mark.parametrize("mode", ["publish", "check"])
def test_warnings_are_never_on_published_or_checked_pages(tmp_path, mode):
    content = write_desk_content(tmp_path / "content")
    for broken in ("bad-date.md", "draft-bad-date.md"):
        (content / "news" / broken).unlink()
    extra = ("-e", "CHECK_ONLY=true") if mode == "check" else ()
    output = tmp_path / "out"
    result = build_here(
        content, output, "publishconf.py", "--fatal", "warnings", *extra
    )
    assert result.returncode == 0, result.log
    assert "news/dense.md:5: warning:" in result.log
    if mode == "publish":
        assert result.file_for("news/dense/").is_file()
    assert_no_preview_markup(output)


def test_the_published_site_has_no_desk_banner_or_preview_stylesheet(published_site):
    assert_no_preview_markup(published_site.output)
