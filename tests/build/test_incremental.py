"""Rebuilds keep unchanged post pages, redo changed ones and drop deleted ones."""

from __future__ import annotations

from support.site import build, build_here, copy_content, copy_project


def stamps(output):
    return {p: p.stat().st_mtime_ns for p in output.rglob("index.html")}


def test_a_rebuild_renders_only_what_changed(tmp_path):
    content = copy_content(tmp_path / "content")
    output, cache = tmp_path / "out", tmp_path / "cache"
    assert build_here(content, output, cache=cache).returncode == 0
    before = stamps(output)
    edited = content / "news" / "volunteering-with-us.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace(
            "Volunteering with us: bring your experience", "Volunteer with us", 1
        ),
        encoding="utf-8",
    )
    result = build_here(content, output, cache=cache)
    assert result.returncode == 0, result.log
    after = stamps(output)
    page = output / "news" / "volunteering-with-us" / "index.html"
    assert "Volunteer with us" in page.read_text(encoding="utf-8")
    assert after[page] != before[page]
    untouched = output / "stories" / "dan-finding-my-voice" / "index.html"
    assert after[untouched] == before[untouched], "an unchanged post is not rendered"
    # The lists and feeds that show the post are made again.
    for listing in ("index.html", "news/index.html", "feeds/all.atom.xml"):
        assert "Volunteer with us" in (output / listing).read_text(encoding="utf-8")

    # Nothing changed: every file is the same, byte for byte, the sitemap too.
    def files():
        return {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}

    before_rebuild = files()
    assert build_here(content, output, cache=cache).returncode == 0
    assert files() == before_rebuild
    # A post deleted: its page goes (and, addresses having changed, all are redone).
    (content / "news" / "influencing-public-health.md").unlink()
    assert build_here(content, output, cache=cache).returncode == 0
    assert not (output / "news" / "influencing-public-health" / "index.html").exists()
    assert (output / "index.html").exists() and untouched.exists()
    assert "Bringing lived experience into public health" not in (
        output / "news" / "index.html"
    ).read_text(encoding="utf-8")


def test_a_theme_change_renders_every_post_again(tmp_path):
    project = copy_project(tmp_path / "project")
    content = copy_content(tmp_path / "content")
    output, cache = tmp_path / "out", tmp_path / "cache"
    settings = str(project / "pelicanconf.py")
    assert build(content, output, settings, cache=cache).returncode == 0
    footer = project / "theme" / "templates" / "partials" / "footer.html"
    footer.write_text(
        footer.read_text(encoding="utf-8").replace(
            "</footer>", "<p>New line</p></footer>"
        ),
        encoding="utf-8",
    )
    assert build(content, output, settings, cache=cache).returncode == 0
    post = output / "stories" / "dan-finding-my-voice" / "index.html"
    assert "<p>New line</p>" in post.read_text(encoding="utf-8")
