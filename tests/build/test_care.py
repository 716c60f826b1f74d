"""Care on built pages: warnings, support boxes, review dates, and `invoke new`."""

from __future__ import annotations

import subprocess
import sys

from support.site import ROOT


def test_a_content_warning_comes_before_the_text_with_a_skip_to_support(published_site):
    tree = published_site.page("campaigns/stop-suicide-chronic-pain/")
    warning = tree.xpath("//main//*[contains(@class,'content-warning')]")[0]
    assert "Content warning:" in warning.text_content()
    assert "suicide" in warning.text_content()
    skip = warning.xpath(".//a")[0]
    assert skip.get("href") == "#support"
    body = tree.xpath("//main//div[@class='post-body']")[0]
    order = [el for el in tree.iter() if el is warning or el is body]
    assert order == [warning, body], "the warning comes before the text"


def test_the_support_box_closes_every_sensitive_post_and_heads_get_help(
    published_site, sample_content
):
    tree = published_site.page("campaigns/stop-suicide-chronic-pain/")
    (box,) = tree.xpath("//aside[@id='support']")
    text = box.text_content()
    for words in ("Samaritans", "116 123", "SHOUT to 85258", "111", "999"):
        assert words in text
    body = tree.xpath("//div[@class='post-body']")[0]
    assert body.getparent().index(body) < box.getparent().index(box)
    calm = published_site.page("news/volunteering-with-us/")
    assert not calm.xpath("//aside[@id='support']"), "only on sensitive posts"
    help_page = published_site.page("get-help/")
    main = help_page.xpath("//main")[0]
    first_block = main.xpath(".//h1/following::*[1]")[0]
    assert first_block.get("id") == "support", "the support box heads the get-help page"


def test_review_dates_show_as_last_reviewed_and_next_review_due(published_site):
    text = published_site.page("campaigns/stop-suicide-chronic-pain/").xpath(
        "string(//main)"
    )
    assert "Last reviewed: 1 May 2025." in text
    assert "Next review due: 1 May 2027." in text


def test_events_say_when_and_where(published_site):
    text = published_site.page("events/good-mood-cafe-st-neots/").xpath("string(//dl)")
    assert "Wednesday 2 July 2025, 10am to midday" in text and "St Neots" in text


def run_new(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "new", *args, "--content", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_invoke_new_writes_a_draft_with_every_field_and_refuses_to_overwrite(tmp_path):
    result = run_new(tmp_path, "Café mornings: what’s on?", "--section", "stories")
    assert result.returncode == 0, result.stderr
    path = tmp_path / "stories" / "cafe-mornings-whats-on.md"
    text = path.read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0].splitlines()
    keys = [line.split(":", 1)[0] for line in header]
    assert keys == [
        "Title", "Date", "Summary", "Tags", "Authors", "Image", "Image_alt",
        "Content_warning", "Consent", "Status",
    ]  # fmt: skip
    assert header[0] == "Title: Café mornings: what’s on?"
    assert header[-1] == "Status: draft"
    hints = text.split("<!--", 1)[1]
    for key in [*keys, "Reviewed", "Review_due", "Newsletter"]:
        assert f"\n{key} " in hints, f"a hint for {key}"
    again = run_new(tmp_path, "Café mornings: what’s on?", "--section", "stories")
    assert again.returncode != 0 and "already exists" in again.stderr
    assert path.read_text(encoding="utf-8") == text
    wrong = run_new(tmp_path, "A post", "--section", "blog")
    assert wrong.returncode != 0 and "'blog' is not a section" in wrong.stderr


def test_invoke_new_into_a_content_folder_that_is_a_file_is_one_line(tmp_path):
    content = tmp_path / "content"
    content.write_text("a file, not a folder", encoding="utf-8")
    result = run_new(content, "A post", "--section", "news")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: cannot write ")


def test_a_new_post_builds_as_a_draft_and_its_notes_are_never_published(tmp_path):
    from support.site import build_here

    content = tmp_path / "content"
    assert run_new(content, "A brand new post", "--section", "news").returncode == 0
    post = content / "news" / "a-brand-new-post.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace("Summary:", "Summary: Ready.", 1),
        encoding="utf-8",
    )
    (content / "pages").mkdir()
    (content / "pages" / "get-help.md").write_text(
        "Title: Get help now\nSummary: Help.\nTemplate: get-help\n\nHelp.\n",
        encoding="utf-8",
    )
    preview = build_here(content, tmp_path / "out")
    assert preview.returncode == 0, preview.log
    page = preview.file_for("drafts/news/a-brand-new-post/").read_text(encoding="utf-8")
    assert "Write here." in page
    document = page.split("</html>")[0]  # after it: the build's own page key
    assert "fill in the lines above" not in document and "<!--" not in document


def test_a_fresh_scaffold_of_every_kind_passes_its_own_checks(tmp_path):
    from support.site import SECTIONS
    from support.verdicts import invoke

    content = tmp_path / "content"
    for section in (*SECTIONS, "pages"):
        made = run_new(content, f"A first {section} draft", "--section", section)
        assert made.returncode == 0, made.stderr
    page = content / "pages" / "a-first-pages-draft.md"
    assert page.read_text(encoding="utf-8").startswith("Title: A first pages draft\n")
    assert "\nDate:" not in page.read_text(encoding="utf-8"), "pages have no date"
    # The guidance names suicide and a picture address: never checked as content.
    checked = invoke("check", "--content", str(content), cache=tmp_path / "cache")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 error(s), 0 warning(s)" in checked.stdout + checked.stderr


def test_help_never_writes_a_file(tmp_path):
    for option in ("--help", "-h"):
        shown = run_new(tmp_path, option)
        assert shown.returncode == 0, shown.stderr
        assert "make new TITLE=" in shown.stdout
    odd = run_new(tmp_path, "--titel")
    assert odd.returncode != 0 and "looks like an option" in odd.stderr
    assert not list(tmp_path.rglob("*")), "nothing written"
