"""A broken post is reported in one line and skipped in preview; a publish refuses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from support.site import ROOT, build

BROKEN = ROOT / "tests" / "fixtures" / "broken-site"
EXPECTED = [
    "news/no-title.md:1: error: this post has no Title",
    "news/bad-date.md:2: error: Date '31/06/2025' is not a date the site can read",
]


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    return build(BROKEN, tmp_path_factory.mktemp("broken") / "output")


def test_preview_reports_each_broken_post_on_one_line(preview):
    assert preview.returncode == 0, preview.log
    lines = preview.log.splitlines()
    for expected in EXPECTED:
        assert any(expected in line for line in lines), (expected, preview.log)
    assert "Traceback" not in preview.log


def test_preview_builds_everything_else(preview):
    tree = preview.page("news/good-post/")
    assert tree.xpath("string(//h1)").strip() == "A post that is fine"
    # A broken post's address has the preview's "Not built" page, not the post.
    for address in ("news/no-title/", "news/bad-date/"):
        h1 = preview.page(address).xpath("string(//main//h1)").strip()
        assert h1.startswith("Not built:"), (address, h1)


def test_plain_pelican_with_publish_settings_refuses(tmp_path):
    result = build(BROKEN, tmp_path / "output", "publishconf.py")
    assert result.returncode != 0
    for expected in EXPECTED:
        assert expected in result.log
    assert "Traceback" not in result.log
    assert not (tmp_path / "output" / "news").exists()


def test_invoke_publish_refuses_and_keeps_the_last_published_site(tmp_path):
    output = tmp_path / "site"
    output.mkdir()
    (output / "index.html").write_text("last good publish", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "publish",
            "--content",
            str(BROKEN),
            "--output",
            str(output),
        ],
        cwd=ROOT,
        env={**os.environ, "SITE_CACHE": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert EXPECTED[0] in log and EXPECTED[1] in log
    assert "Traceback" not in log
    assert (output / "index.html").read_text(encoding="utf-8") == "last good publish"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["site"]


@pytest.mark.parametrize(
    ("override", "words"),
    [
        ('IMAGES={"jpeg_quality": 300}', "IMAGES['jpeg_quality'] is 300"),
        (
            'FEEDS={"max_items": 0, "id_authority": "x.org,2025"}',
            "FEEDS['max_items'] is 0",
        ),
        ('CHECKS={"reading_grde": 9}', "CHECKS has unknown key(s) reading_grde"),
    ],
)
def test_a_wrong_setting_is_one_line_and_no_traceback(tmp_path, override, words):
    result = build(BROKEN, tmp_path / "output", "pelicanconf.py", "-e", override)
    assert result.returncode == 1
    assert f"pelicanconf.py: error: {words}" in result.log
    assert "Traceback" not in result.log


def test_a_mistyped_template_is_one_line_and_the_rest_builds(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BROKEN, content)
    (content / "pages" / "oops.md").write_text(
        "Title: Oops\nSummary: s.\nTemplate: get-hlp\n\nText.\n", encoding="utf-8"
    )
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.log
    assert "pages/oops.md:3: error: there is no template called 'get-hlp'" in result.log
    assert "Traceback" not in result.log
    assert result.file_for("news/good-post/").is_file()


def test_two_posts_at_one_address_are_reported_and_the_preview_still_builds(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BROKEN, content)
    post = "Title: {}\nDate: 2025-05-01\nSummary: s.\n\nText.\n"
    (content / "news" / "twin.md").write_text(post.format("First"), encoding="utf-8")
    (content / "news" / "twin.markdown").write_text(
        post.format("Second"), encoding="utf-8"
    )
    (content / "pages" / "news.md").write_text(
        "Title: News\nSummary: s.\n\nA page named like a section.\n", encoding="utf-8"
    )
    result = build(content, tmp_path / "output")
    assert result.returncode == 0, result.log
    assert "Traceback" not in result.log
    assert (
        "news/twin.markdown:1: error: this post and news/twin.md would both be"
        in result.log
    )
    assert "pages/news.md:1: error: a page called 'news'" in result.log
    assert result.page("news/twin/").xpath("string(//h1)").strip() == "First"
    assert result.page("news/").xpath("string(//h1)").strip() == "News"
    assert result.file_for("news/good-post/").is_file()
