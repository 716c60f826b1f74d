"""The settings the issue asks for, the theme's template set, and `invoke publish`."""

from __future__ import annotations

import os
import subprocess
import sys

from pelican.settings import read_settings

from support.site import ROOT, copy_content

# Every template Pelican asks the theme for with these settings, plus our own.
REQUIRED_TEMPLATES = {
    "base", "index", "article", "page", "category", "tag", "tags", "author",
    "archives", "period_archives", "404", "robots", "get-help", "feeds",
    "newsletter", "privacy", "email/digest",
}  # fmt: skip


def test_the_theme_has_every_template_it_uses():
    templates = ROOT / "theme" / "templates"
    present = {
        p.relative_to(templates).with_suffix("").as_posix()
        for p in templates.rglob("*.html")
        if "partials" not in p.parts
    }
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    assert set(settings["DIRECT_TEMPLATES"]) <= present
    assert present >= REQUIRED_TEMPLATES


def test_preview_and_publish_settings(monkeypatch):
    monkeypatch.setenv("SITEURL", "https://stories.example.org/")
    preview = read_settings(str(ROOT / "pelicanconf.py"))
    publish = read_settings(str(ROOT / "publishconf.py"))
    assert preview["TIMEZONE"] == publish["TIMEZONE"] == "Europe/London"
    assert preview["SITE_LANG"] == "en-GB"
    assert preview["AUTHOR"] == "CPSL Mind"
    assert preview["RELATIVE_URLS"] is True and publish["RELATIVE_URLS"] is False
    assert publish["SITEURL"] == "https://stories.example.org"
    assert publish["WITH_FUTURE_DATES"] is False
    assert publish["DRAFT_SAVE_AS"] == "" and publish["DRAFT_PAGE_SAVE_AS"] == ""
    assert publish["CHECKS_STRICT"] is True
    assert preview["ARTICLE_SAVE_AS"] == "{category}/{slug}/index.html"


def test_invoke_publish_swaps_in_the_new_site(tmp_path):
    content = copy_content(tmp_path / "content")
    output = tmp_path / "site"
    output.mkdir()
    (output / "stale.html").write_text("from the last publish", encoding="utf-8")
    command = [sys.executable, "-m", "invoke", "publish"]
    result = subprocess.run(
        [*command, "--content", str(content), "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "SITEURL": "https://stories.example.org",
            "PATH": "/usr/bin:/bin",
            "SITE_CACHE": str(tmp_path / "cache"),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (output / "stale.html").exists()
    assert (output / "news" / "co-production-week-2025" / "index.html").is_file()
    # The replaced folder stands by, unserved, for the next publish to link from.
    listing = sorted(p.name for p in tmp_path.iterdir())
    assert listing == [".site.standby", "cache", "content", "site"]


def run_make(*args: str, cwd=ROOT, **env: str) -> subprocess.CompletedProcess:
    """make as a person types it (-o: the venv is taken as set up)."""
    clean = {k: v for k, v in os.environ.items() if k != "MAKELEVEL"}
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.ready", *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_new_without_a_section_asks_for_it_and_writes_nothing(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    result = run_make("new", "TITLE=Our walk for hope", f"CONTENT={content}")
    assert result.returncode != 0
    line = result.stderr.splitlines()[0]
    assert line == (
        "error: say which section: make new TITLE='Our walk for hope' "
        "SECTION=stories (sections: stories, campaigns, news, events; pages for a "
        "page)"
    )
    assert list(content.iterdir()) == []
    same = subprocess.run(
        [sys.executable, "-m", "invoke", "new", "Our walk for hope"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "MAKELEVEL"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert same.returncode == 1
    assert same.stderr.splitlines() == [
        "error: say which section: invoke new 'Our walk for hope' --section "
        "stories (sections: stories, campaigns, news, events; pages for a page)"
    ]
    made = run_make("new", "TITLE=Our walk", "SECTION=stories", f"CONTENT={content}")
    assert made.returncode == 0, made.stderr
    assert (content / "stories" / "our-walk.md").is_file()
    text = (content / "stories" / "our-walk.md").read_text(encoding="utf-8")
    assert text.startswith("Title: Our walk\n"), text
    assert "\nStatus: draft\n" in text, "a new post starts as a draft"


def test_make_digest_and_proof_pass_their_variables_as_options():
    digest = run_make("-n", "digest", "SINCE=2025-09-01", "UNTIL=2025-10-31")
    assert digest.stdout.splitlines()[-1] == (
        '.venv/bin/invoke digest --since "$SINCE" --until "$UNTIL"'
    )
    proof = run_make("-n", "proof", "FILE=content/stories/x.md")
    assert proof.stdout.splitlines()[-1] == '.venv/bin/invoke proof --file "$FILE"'
    listed = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {"proof", "serve-published", "digest"} <= set(listed)


def test_make_digest_and_proof_without_their_variable_say_the_make_form():
    digest = run_make("digest")
    assert digest.returncode != 0
    assert digest.stderr.splitlines()[0] == (
        "error: give the first day of the period: make digest SINCE=2025-09-01"
    )
    proof = run_make("proof")
    assert proof.stderr.splitlines()[0] == (
        "error: name the post to proof: make proof FILE=content/stories/our-walk.md"
    )


def test_make_proof_makes_the_proof_where_it_is_told(tmp_path):
    content = tmp_path / "content"
    made = run_make("new", "TITLE=Our walk", "SECTION=news", f"CONTENT={content}")
    assert made.returncode == 0, made.stderr
    post = content / "news" / "our-walk.md"
    result = run_make("proof", f"FILE={post}", f"OUTPUT={tmp_path / 'proofs'}")
    assert result.returncode == 0, result.stdout + result.stderr
    (proof,) = (tmp_path / "proofs").glob("*.html")
    assert "Our walk" in proof.read_text(encoding="utf-8")
