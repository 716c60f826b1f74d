"""The one HTML tokeniser, read by references, the sanitiser, feeds and pictures."""

from __future__ import annotations

from charity_site.feeds.text import absolutize_html
from charity_site.source.references import find_references, img_tags
from charity_site.source.tags import start_tags


def test_tags_are_read_as_a_browser_reads_them():
    html = (
        "<P CLASS=x>a</P>\n<img src='a&amp;b.jpg' alt=\"\" alt=second>"
        '<a href="/x" title="a > b">l</a><script>"<img src=no.jpg>"</script><br/>'
    )
    tags = start_tags(html)
    assert [t.name for t in tags] == ["p", "img", "a", "script", "br"]
    img = tags[1]
    assert img.attrs == {"src": "a&b.jpg", "alt": ""}  # the first alt wins
    assert html[img.start : img.end] == "<img src='a&amp;b.jpg' alt=\"\" alt=second>"
    assert tags[2].value("title") == "a > b"
    assert tags[4].self_closing


def test_references_pictures_and_feeds_agree_on_one_picture():
    html = '<p><img src="{static}/images/p.jpg" alt="A cat"></p>'
    (tag,) = img_tags(html)
    pictures, links = find_references(html, ["![A cat]({static}/images/p.jpg)"], 1)
    assert tag.attrs["src"] == pictures[0].src == links[0].target
    assert pictures[0].alt == "A cat" and links[0].kind == "static"
    absolute = absolutize_html(
        '<img src="/images/p.jpg" srcset="/a.webp 480w, b.webp 800w" alt="A &amp; B">',
        "https://example.org/news/post/",
    )
    (fixed,) = start_tags(absolute)
    assert fixed.value("src") == "https://example.org/images/p.jpg"
    assert fixed.value("srcset") == (
        "https://example.org/a.webp 480w, https://example.org/news/post/b.webp 800w"
    )
    assert fixed.value("alt") == "A & B"
