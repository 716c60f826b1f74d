"""The one pipeline: each source read once, decisions across files made every
build, conventions from settings, and the Pelican behaviour our reader and
writer subclasses rely on."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import etree
from pelican import signals
from pelican.contents import Article, SkipStub
from pelican.readers import BaseReader, Readers
from pelican.settings import read_settings
from pelican.writers import Writer

from support.site import ROOT, SITEURL, build, copy_project, parse, small_site
from support.verdicts import invoke

# Installed as sitecustomize in every Python process a command starts: an audit
# hook counts each open() of a Markdown file under the content folder, and the
# counts are appended to a file when the process ends.
COUNT_OPENS = """
import atexit, collections, json, os, sys
root = os.path.realpath(os.environ["COUNT_OPENS_UNDER"]) + os.sep
suffixes = (".md", ".markdown", ".mkd", ".mdown")
counts = collections.Counter()

def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        path = os.path.realpath(os.fsdecode(args[0]))
        if path.startswith(root) and path.endswith(suffixes):
            counts[path[len(root):]] += 1

sys.addaudithook(hook)

@atexit.register
def dump():
    with open(os.environ["COUNT_OPENS_FILE"], "a", encoding="utf-8") as out:
        out.write(json.dumps(counts) + chr(10))
"""


def count_opens(command: list[str], content: Path, work: Path) -> dict[str, int]:
    """How often all the processes of a command opened each source under content."""
    hooks = work / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(COUNT_OPENS, encoding="utf-8")
    counts_file = work / "opens.jsonl"
    counts_file.unlink(missing_ok=True)
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(hooks),
            "COUNT_OPENS_UNDER": str(content),
            "COUNT_OPENS_FILE": str(counts_file),
            "SITE_CACHE": str(work / "cache"),
            "SITEURL": SITEURL,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    total: dict[str, int] = {}
    for line in counts_file.read_text(encoding="utf-8").splitlines():
        for path, number in json.loads(line).items():
            total[path] = total.get(path, 0) + number
    return total


def test_each_source_is_opened_exactly_once_per_build(sample_content, tmp_path):
    sources = sorted(
        p.relative_to(sample_content).as_posix() for p in sample_content.rglob("*.md")
    )
    assert len(sources) > 15
    preview = [
        sys.executable,
        "-m",
        "pelican",
        str(sample_content),
        "-o",
        str(tmp_path / "out"),
        "-s",
        str(ROOT / "pelicanconf.py"),
    ]
    opens = count_opens(preview, sample_content, tmp_path)  # a cold cache
    assert sorted(opens) == sources
    assert set(opens.values()) == {1}, opens
    # Nothing changed: the build stops before reading anything.
    assert count_opens(preview, sample_content, tmp_path) == {}
    # One file saved again (a touch: the session's copy is shared, its bytes
    # stay): a warm build, which still opens each source once.
    touched = sample_content / sources[0]
    os.utime(touched)
    opens = count_opens(preview, sample_content, tmp_path)
    assert sorted(opens) == sources
    assert set(opens.values()) == {1}, opens


def test_a_publish_opens_each_source_once_and_checks_it_once(sample_content, tmp_path):
    """No separate check before the build: the build is the check."""
    publish = [
        sys.executable,
        "-m",
        "invoke",
        "publish",
        "--content",
        str(sample_content),
        "--output",
        str(tmp_path / "site"),
    ]
    opens = count_opens(publish, sample_content, tmp_path)
    assert len(opens) > 15
    assert set(opens.values()) == {1}, opens


POST = "Title: {}\nDate: 2025-05-01\nSummary: A post.\n\nText of {}.\n"


def test_twins_then_one_deleted_publishes_the_other(tmp_path):
    """No decision that depends on another file outlives the build that made it."""
    content, cache = tmp_path / "content", tmp_path / "cache"
    (content / "news").mkdir(parents=True)
    (content / "news" / "post.md").write_text(POST.format("First", "md"), "utf-8")
    (content / "news" / "post.markdown").write_text(
        POST.format("Second", "markdown"), "utf-8"
    )
    preview = build(content, tmp_path / "preview", cache=cache)
    assert preview.returncode == 0, preview.log
    assert "news/post.markdown:1: error: this post and news/post.md" in preview.log
    assert preview.page("news/post/").xpath("string(//h1)").strip() == "First"

    (content / "news" / "post.md").unlink()
    site = tmp_path / "site"
    published = invoke(
        "publish", "--content", str(content), "--output", str(site), cache=cache
    )
    log = published.stdout + published.stderr
    assert published.returncode == 0, log
    page = parse(site / "news" / "post" / "index.html")
    assert page.xpath("string(//h1)").strip() == "Second"


def test_pelican_makes_a_skip_stub_of_what_a_reader_skips_and_reads_once(tmp_path):
    """What CharityReader relies on: one read() per file; 'skip' is honoured."""
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "x.md").write_text("Title: x\n\nx\n", encoding="utf-8")
    calls = []

    class Stub(BaseReader):
        enabled = True
        file_extensions = ("md",)

        def read(self, source_path):
            calls.append(source_path)
            return "", {"status": "skip"}

    settings = read_settings(
        str(ROOT / "pelicanconf.py"), override={"PATH": str(tmp_path)}
    )
    readers = Readers(settings)
    readers.readers["md"] = Stub(settings)
    result = readers.read_file(str(tmp_path), "news/x.md", content_class=Article)
    assert isinstance(result, SkipStub)
    assert calls == [str(tmp_path / "news" / "x.md")]


def test_pelican_writer_renders_before_it_opens_and_writes_what_render_returns(
    tmp_path,
):
    """What SiteWriter relies on: a template that raises leaves no file behind;
    the file holds exactly what render() returned; content_written gets the
    context render() was given."""
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    seen = []

    def listener(path, context):
        seen.append((path, context))

    class Raising:
        def render(self, context):
            raise LookupError("stop")

    class Fixed:
        def render(self, context):
            self.context = context
            return "<p>made</p>"

    signals.content_written.connect(listener)
    try:
        writer = Writer(str(tmp_path), settings=settings)
        with contextlib.suppress(LookupError):
            writer.write_file("a/index.html", Raising(), {"SITEURL": ""})
        assert not (tmp_path / "a" / "index.html").exists()
        fixed = Fixed()
        writer.write_file("b/index.html", fixed, {"SITEURL": ""}, extra="x")
    finally:
        signals.content_written.disconnect(listener)
    assert (tmp_path / "b" / "index.html").read_text(encoding="utf-8") == (
        "<p>made</p>"
    )
    assert seen == [(str(tmp_path / "b" / "index.html"), fixed.context)]
    assert fixed.context["output_file"] == "b/index.html"
    assert fixed.context["extra"] == "x"


def test_a_fifth_section_is_one_setting_and_one_folder(tmp_path):
    """The menu, its feeds, the checks and the sitemap follow ARTICLE_PATHS."""
    content = tmp_path / "content"
    small_site(content)
    (content / "get-involved").mkdir()
    (content / "get-involved" / "volunteer.md").write_text(
        POST.format("Volunteer with us", "volunteering"), encoding="utf-8"
    )
    # Without the setting, the folder is not a section: one line, not built.
    plain = invoke("check", "--content", str(content), cache=tmp_path / "c")
    assert plain.returncode == 1
    assert (
        "get-involved/volunteer.md:1: error: 'get-involved' is not a section"
        in plain.stdout
    )

    sections = json.dumps(["stories", "campaigns", "news", "events", "get-involved"])
    extra = ("-e", f"ARTICLE_PATHS={sections}")
    site = build(
        content, tmp_path / "site", "publishconf.py", *extra, cache=tmp_path / "c"
    )
    assert site.returncode == 0, site.log
    menu = site.page("").xpath("//nav[@aria-label='Main']//a")
    assert ("Get involved", f"{SITEURL}/get-involved/") in [
        (a.text_content().strip(), a.get("href")) for a in menu
    ]
    section = site.page("get-involved/")
    assert section.xpath("string(//h1)").strip() == "Get involved"
    assert site.file_for("get-involved/volunteer/").is_file()
    feed = etree.parse(str(site.output / "feeds" / "get-involved.atom.xml"))
    atom = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.xpath("string(/a:feed/a:entry/a:title)", namespaces=atom) == (
        "Volunteer with us"
    )
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{SITEURL}/get-involved/volunteer/" in sitemap
    # And the checks know it: a page may no longer take its address.
    (content / "pages" / "get-involved.md").write_text(
        "Title: Get involved\nSummary: s.\n\nA page.\n", encoding="utf-8"
    )
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-o",
            str(tmp_path / "checked"),
            "-s",
            str(ROOT / "publishconf.py"),
            *extra,
            "CHECK_ONLY=true",  # one -e takes several: a second -e would replace it
        ],
        cwd=ROOT,
        env={**os.environ, "SITE_CACHE": str(tmp_path / "c")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 1
    assert "pages/get-involved.md:1: error: a page called 'get-involved'" in (
        checked.stdout
    )


def test_the_preview_writer_never_removes_what_it_did_not_write(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "broken-site", content)
    verify = content / "extra" / "verify" / "index.html"
    verify.parent.mkdir(parents=True)
    verify.write_text("verification token", encoding="utf-8")
    output, cache = tmp_path / "out", tmp_path / "cache"
    (output / "by-hand").mkdir(parents=True)
    (output / "by-hand" / "index.html").write_text("mine", encoding="utf-8")
    for _ in range(2):
        result = build(content, output, cache=cache)
        assert result.returncode == 0, result.log
        copied = list(output.rglob("verify/index.html"))
        assert [p.read_text(encoding="utf-8") for p in copied] == ["verification token"]
        assert (output / "by-hand" / "index.html").read_text(encoding="utf-8") == (
            "mine"
        )
    # A deleted post's page goes; nothing else does.
    (content / "news" / "good-post.md").unlink()
    assert build(content, output, cache=cache).returncode == 0
    assert not (output / "news" / "good-post" / "index.html").exists()
    assert (output / "by-hand" / "index.html").exists()
    assert list(output.rglob("verify/index.html"))


def test_published_pages_carry_no_bookkeeping(published_site, preview_site):
    for site in (published_site, preview_site):
        for page in site.html_files():
            text = page.read_text(encoding="utf-8")
            assert "page-key" not in text, page
            assert not text.rstrip().endswith("-->"), page


def test_any_failure_while_reading_one_post_is_one_line_and_a_skip(
    tmp_path, monkeypatch
):
    from charity_site.build import state_of
    from charity_site.rules import reader as reading_step
    from charity_site.rules.reader import CharityReader

    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(tmp_path), "SITE_CACHE_PATH": str(tmp_path / "c")},
    )
    state = state_of({}, settings)

    def fails(*args):
        raise RecursionError("maximum recursion depth exceeded")

    # What a pathological post once did to Markdown.
    monkeypatch.setattr(reading_step, "parse_cached", fails)
    reader = CharityReader(settings)
    reader.state = state
    (tmp_path / "news").mkdir()
    post = tmp_path / "news" / "x.md"
    post.write_text("Title: x\n\nx\n", encoding="utf-8")
    assert reader.read(str(post)) == ("", {"status": "skip"})
    (problem,) = state.problems
    assert str(problem).startswith(
        "news/x.md:1: error: this post could not be read (RecursionError: maximum "
    )
    assert str(problem).endswith("[read-failed]")
    assert "news/x.md" in state.not_built


def test_a_page_that_fails_to_render_is_one_line_and_the_rest_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    article = project / "theme" / "templates" / "article.html"
    article.write_text(
        '{% if article.title == "Boom" %}{{ no_such_thing.at_all }}{% endif %}'
        + article.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    content = tmp_path / "content"
    small_site(content)
    (content / "news" / "boom.md").write_text(POST.format("Boom", "it"), "utf-8")
    settings = str(project / "pelicanconf.py")
    preview = build(content, tmp_path / "preview", settings, cache=tmp_path / "c")
    assert preview.returncode == 0, preview.log
    assert "news/boom.md:1: error: this post could not be rendered (UndefinedError" in (
        preview.log
    )
    assert "[render-failed]" in preview.log
    assert "Not built (1): news/boom.md" in preview.log
    assert "Traceback" not in preview.log
    assert preview.file_for("news/good-post/").is_file()
    # Its address has the preview's 'not built' page, which says why (the desk).
    boom = preview.page("news/boom/")
    assert boom.xpath("//main//h1")[0].text_content() == "Not built: Boom"
    (banner,) = boom.xpath("//main/section[@class='preview-problems']")
    assert banner.xpath(".//li/@data-rule") == ["render-failed"]

    strict = build(
        content,
        tmp_path / "strict",
        settings,
        "--fatal",
        "warnings",
        "-e",  # one -e: Pelican keeps only the last one given
        "CHECKS_STRICT=true",
        f'SITEURL="{SITEURL}"',
        cache=tmp_path / "c",
    )
    assert strict.returncode == 1
    assert "news/boom.md:1: error: this post could not be rendered" in strict.log
    assert "Traceback" not in strict.log


def test_the_site_writer_guards_against_double_writes_as_pelican_does(tmp_path):
    """SiteWriter._open_w keeps Pelican's rules, and writes each page whole."""
    from pelican.writers import FileOverwriteFailedError

    from charity_site.writer.writer import SiteWriter

    settings = read_settings(str(ROOT / "pelicanconf.py"))

    def outcomes(writer_class) -> list[str]:
        folder = tmp_path / writer_class.__name__
        folder.mkdir()
        writer = writer_class(str(folder), settings=settings)
        seen = []
        for name, override in (("a", False), ("a", False), ("b", True), ("b", False)):
            try:
                with writer._open_w(str(folder / name), "utf-8", override) as out:
                    out.write(name)
                seen.append("written")
            except FileOverwriteFailedError:
                seen.append("refused")
        try:
            with writer._open_w(str(folder / "b"), "utf-8", True) as out:
                out.write("again")
        except FileOverwriteFailedError:
            seen.append("refused")
        seen.append((folder / "b").read_text(encoding="utf-8"))
        seen.append(sorted(p.name for p in folder.iterdir()))
        return seen

    assert outcomes(SiteWriter) == outcomes(Writer)
