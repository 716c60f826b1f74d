"""`invoke digest`: an email-ready newsletter of a period, in HTML and plain text."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

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
def digest_folder(sample_content, tmp_path_factory):
    output = tmp_path_factory.mktemp("digest") / "out"
    result = run_digest(sample_content, output, "--since", SINCE, "--until", UNTIL)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="module")
def digest(digest_folder):
    output = digest_folder
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


def test_the_digest_is_two_files_never_compressed(digest_folder):
    stem = f"{SINCE}_{UNTIL}"
    made = sorted(p.name for p in digest_folder.iterdir())
    assert made == [f"{stem}.html", f"{stem}.txt"], "no .gz or .br beside them"


def test_a_publish_never_compresses_a_digest_folder(tmp_path):
    from charity_site.hosting.precompress import precompress

    (tmp_path / "digest").mkdir()
    (tmp_path / "news").mkdir()
    for page in ("index.html", "digest/a_b.html", "digest/a_b.txt", "news/x.html"):
        (tmp_path / page).write_text("<p>words</p>" * 50, encoding="utf-8")
    assert precompress(tmp_path, workers=1) == 2
    assert sorted(p.name for p in (tmp_path / "digest").iterdir()) == [
        "a_b.html",
        "a_b.txt",
    ]
    assert (tmp_path / "news" / "x.html.br").is_file()
    assert (tmp_path / "index.html.gz").is_file()


def one_line(result: subprocess.CompletedProcess, code: int = 1) -> str:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: "), line
    return line


def test_an_output_that_is_a_file_is_one_line_and_writes_nothing(
    sample_content, tmp_path
):
    taken = tmp_path / "digest.html"
    taken.write_text("mine", encoding="utf-8")
    for output in (taken, taken / "inside"):
        line = one_line(run_digest(sample_content, output, "--since", SINCE))
        assert f"{taken} is a file" in line and "nothing was written" in line
    assert taken.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digest.html"]


def test_a_content_folder_that_is_not_there_is_one_line(tmp_path):
    result = run_digest(tmp_path / "nowhere", tmp_path / "out", "--since", SINCE)
    assert "is not a folder" in one_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def site_today() -> date:
    """Today on the site's clock, as `invoke digest` reads it (publishconf.py)."""
    from pelican.settings import read_settings

    from charity_site.clock import site_clock

    return site_clock(read_settings(str(ROOT / "publishconf.py"))).today


def test_a_period_that_starts_after_today_is_one_line(sample_content, tmp_path):
    before = site_today()
    since = (before + timedelta(days=3)).isoformat()
    result = run_digest(sample_content, tmp_path / "out", "--since", since)
    days = {before.isoformat(), site_today().isoformat()}  # should midnight pass
    line = one_line(result)
    assert f"--since {since} is after today (" in line, line
    assert any(f"today ({day}, UK time)" in line for day in days), line
    assert "nothing to digest yet" in line
    assert not (tmp_path / "out").exists()


def test_since_is_required_and_help_is_help(sample_content, tmp_path):
    line = one_line(run_digest(sample_content, tmp_path / "out"), code=2)
    assert "--since 2025-09-01" in line
    helped = run_digest(sample_content, tmp_path / "out", "--help")
    assert helped.returncode == 0 and "Usage" in helped.stdout
    assert not (tmp_path / "out").exists()


def test_the_period_is_read_against_the_sites_today():
    from charity_site.newsletter.digest import digest_period

    today = date(2025, 9, 10)
    assert digest_period("2025-09-01", "", today) == (date(2025, 9, 1), today)
    assert digest_period("2025-09-10", "", today) == (today, today)
    assert digest_period("2025-08-01", "2025-08-31", today) == (
        date(2025, 8, 1),
        date(2025, 8, 31),
    )
    with pytest.raises(ValueError, match=r"after today \(2025-09-10, UK time\)"):
        digest_period("2025-09-11", "", today)
    with pytest.raises(ValueError, match="swap the two dates"):
        digest_period("2025-09-05", "2025-09-01", today)
    with pytest.raises(ValueError, match="is not a date"):
        digest_period("2025-09-01", "soon", today)
