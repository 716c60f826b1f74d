"""The body HTML policy: what a post may contain reaches pages and feeds; nothing
that runs code does, and each removal is named with its line."""

from __future__ import annotations

from lxml import etree, html

from support.site import ROOT, build_here

UNSAFE = ROOT / "tests" / "fixtures" / "one-file-rules" / "unsafe-html"
FORBIDDEN = ("<script", "onerror", "javascript:", "data:text", "display: none")


def test_a_preview_builds_the_post_without_what_runs_code(tmp_path):
    site = build_here(UNSAFE, tmp_path / "out")
    assert site.returncode == 0, site.log
    for rule_line in (
        "news/post.md:7: error: the <script> element is not allowed",
        "news/post.md:9: error: the event handler onerror= on <img>",
        "news/post.md:11: error: a javascript: address in <a href=...>",
        "news/post.md:11: error: a data: address in <a href=...>",
        "news/post.md:13: error: the <style> element is not allowed",
    ):
        assert rule_line in site.log, site.log
    assert "Traceback" not in site.log
    page = site.page("news/post/")
    # The post itself (the preview's problem banner above it names what was
    # removed, as escaped text).
    body = etree.tostring(page.xpath("//main/article")[0], encoding="unicode")
    for text in FORBIDDEN:
        assert text not in body, text
    assert [a.text for a in page.xpath("//main//a[not(@href)]")] == [
        "Click here",
        "here",
    ]
    feeds = [*(site.output / "feeds").rglob("*.xml"), site.output / "feeds/all.json"]
    assert len(feeds) > 4
    for feed in feeds:
        data = feed.read_text(encoding="utf-8")
        for text in FORBIDDEN:
            assert text not in data, (feed, text)


def test_an_allowed_video_is_embedded_with_its_title(verdicts):
    site = verdicts["hostile-posts/embed-allowed"].site
    page = html.fromstring((site / "news" / "post" / "index.html").read_bytes())
    (frame,) = page.xpath("//main//div[@class='embed']/iframe")
    assert frame.get("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert frame.get("title") == "A film about the Good Mood Cafe"
    assert frame.get("loading") == "lazy"
