"""The menu and the sections' intros come from settings and page headers: a
change to either is a content change, and no template is edited."""

from __future__ import annotations

import hashlib
import json

from support.site import ROOT, build, build_here, small_site

THEME = ROOT / "theme"


def theme_digest() -> str:
    files = sorted(p for p in THEME.rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()


PAGE = "Title: {title}\nSummary: A page.\n{extra}\nSome words.\n"


def menu_of(site, address: str = "") -> list[tuple[str, str, str | None]]:
    return [
        (a.text_content().strip(), a.get("href"), a.get("aria-current"))
        for a in site.page(address).xpath("//nav[@aria-label='Main']//a")
    ]


def test_menu_and_intros_follow_the_headers_and_settings(tmp_path):
    before = theme_digest()
    content = tmp_path / "content"
    small_site(content)
    pages = content / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "donate.md").write_text(
        PAGE.format(title="Give to us", extra="Menu_order: 2\nMenu_label: Donate\n"),
        encoding="utf-8",
    )
    (pages / "team.md").write_text(
        PAGE.format(title="Our team", extra="Menu_order: 1\n"), encoding="utf-8"
    )
    (pages / "quiet.md").write_text(
        PAGE.format(title="Not in the menu", extra=""), encoding="utf-8"
    )
    (pages / "news-intro.md").write_text(
        "Title: News intro\nSummary: s.\nIntro_for: news\n\nThe latest from us.\n",
        encoding="utf-8",
    )
    labels = json.dumps({"news": "Latest news"})
    site = build_here(
        content, tmp_path / "site", "publishconf.py", "-e", f"SECTION_LABELS={labels}"
    )
    assert site.returncode == 0, site.log
    menu = menu_of(site, "team/")
    names = [name for name, _href, _current in menu]
    sections = names[: names.index("Our team")]
    assert "Latest news" in sections, "a label is a setting"
    assert names[len(sections) :] == ["Our team", "Donate"], "pages by Menu_order"
    assert ("Our team", f"{site.siteurl}/team/", "page") in menu
    assert site.file_for("quiet/").is_file() and "Not in the menu" not in names
    news = site.page("news/")
    assert news.xpath("string(//*[@class='section-intro'])").strip() == (
        "The latest from us."
    )
    assert not site.file_for("news-intro/").exists(), "an intro is not a page"
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "news-intro" not in sitemap
    assert theme_digest() == before, "no template was edited"


def test_wrong_menu_and_intro_headers_are_one_line_each(tmp_path):
    content = tmp_path / "content"
    small_site(content)
    pages = content / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "a.md").write_text(
        "Title: A\nSummary: s.\nMenu_order: first\nIntro_for: blog\n\nText.\n",
        encoding="utf-8",
    )
    (pages / "b.md").write_text(
        "Title: B\nSummary: s.\nIntro_for: news\n\nText.\n", encoding="utf-8"
    )
    (pages / "c.md").write_text(
        "Title: C\nSummary: s.\nIntro_for: news\n\nText.\n", encoding="utf-8"
    )
    site = build(content, tmp_path / "site", "publishconf.py")
    assert site.returncode != 0
    for line in (
        "pages/a.md:3: error: Menu_order 'first' is not a whole number",
        "pages/a.md:4: error: Intro_for 'blog' is not a section",
        "pages/c.md:3: error: pages/b.md is already the intro of that section",
    ):
        assert line in site.log, site.log
    assert "Traceback" not in site.log
