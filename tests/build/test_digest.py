"""`invoke digest`: an email-ready newsletter of a period, in HTML and plain text."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from lxml import html

from support.site import ROOT
from support.sources import read_sources

SINCE, UNTIL = "2025-05-01", "2025-08-31"


def run_digest(content, output, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "digest",
            "--content",
            str(content),
            "--output",
            str(output),
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "PATH": "/usr/bin:/bin",
            "SITEURL": "https://stories.example.org",
            "SITE_CACHE": str(output.parent / "cache"),
        },
    )


@pytest.fixture(scope="module")
def digest(sample_content, tmp_path_factory):
    output = tmp_path_factory.mktemp("digest") / "out"
    result = run_digest(sample_content, output, "--since", SINCE, "--until", UNTIL)
    assert result.returncode == 0, result.stdout + result.stderr
    stem = f"{SINCE}_{UNTIL}"
    return (output / f"{stem}.html").read_bytes(), (output / f"{stem}.txt").read_text(
        encoding="utf-8"
    )


@pytest.fixture(scope="module")
def expected(sample_content):
    since, until = date.fromisoformat(SINCE), date.fromisoformat(UNTIL)
    return [
        s
        for s in read_sources(sample_content)
        if s.section != "pages" and s.is_published and since <= s.date.date() <= until
    ]


def test_the_email_lists_exactly_the_posts_of_the_period(digest, expected):
    tree = html.fromstring(digest[0])
    titles = [h.text_content().strip() for h in tree.xpath("//h2")]
    assert len(expected) >= 3
    assert sorted(titles) == sorted(s.title for s in expected)


def test_the_email_is_table_laid_out_inlined_absolute_and_small(digest):
    raw, _ = digest
    assert len(raw) < 102 * 1024
    tree = html.fromstring(raw)
    assert tree.xpath("//table[@role='presentation']")
    assert not tree.xpath("//style"), "CSS is inlined, not left in a <style>"
    assert tree.xpath("//td[@style]") and tree.xpath("//h1[@style]")
    for url in tree.xpath("//a/@href | //img/@src"):
        assert url.startswith("https://stories.example.org/") or url == "*|UNSUB|*", url
    images = tree.xpath("//img")
    assert images
    for image in images:
        assert (
            image.get("alt", "").strip() and image.get("width") and image.get("height")
        )
        assert image.get("src").endswith(".jpg"), "JPEG for mail clients"


def test_the_email_carries_care_and_the_unsubscribe_link(digest, expected):
    raw, text = digest
    page = html.fromstring(raw).text_content()
    assert "Samaritans" in page and "116 123" in page
    assert html.fromstring(raw).xpath("//a[@href='*|UNSUB|*']")
    sensitive = [s for s in expected if "stop-suicide" in s.slug]
    assert sensitive and "Content warning: this post mentions suicide." in text


def test_the_plain_text_version_has_every_title_and_link(digest, expected):
    _, text = digest
    for source in expected:
        assert source.title in text
        assert f"Read it: https://stories.example.org/{source.url}" in text
    assert "Unsubscribe: *|UNSUB|*" in text


def test_a_wrong_date_is_one_line(sample_content, tmp_path):
    result = run_digest(sample_content, tmp_path / "out", "--since", "31/06/2025")
    assert result.returncode != 0
    assert (
        "error: --since '31/06/2025' is not a date: write it like 2025-09-01"
        in result.stderr
    )
    assert "Traceback" not in result.stderr + result.stdout
