"""The settings the issue asks for, the theme's template set, and `invoke publish`."""

from __future__ import annotations

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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "site"]
