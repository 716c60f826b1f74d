"""`make proof`: one post as one self-contained HTML file for its storyteller.

Each proof here is a real preview build of a copy of the sample content; the
file it writes is parsed with lxml and its pictures opened with Pillow.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree, html
from PIL import Image

from charity_site_ops import proof
from charity_site_ops.problems import TaskError
from support.site import ROOT, copy_content

DAN = "stories/dan-finding-my-voice.md"
BODY_SENTENCE = "I still sit near the door sometimes."
# Every attribute a browser would fetch from, or go to, on a click or a submit.
URL_ATTRIBUTES = ("src", "srcset", "href", "poster", "action", "formaction", "data")
NEW_STORY = """Title: Sam: one step at a time
Date: 2025-06-02
Summary: Sam tells us how a walking group helped.
Image: {static}/images/sample/park-walk.jpg
Image_alt: Two people walking side by side along a path through a park

Walking on Thursdays gave Sam a reason to go out.

![A mug of tea on a cafe table]({static}/images/sample/cafe-mugs.jpg)

More in [our news]({filename}/news/volunteering-with-us.md).
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample content (photos painted), builds cached beside it."""
    folder = tmp_path_factory.mktemp("proof")
    content = copy_content(folder / "content")
    with pytest.MonkeyPatch.context() as patch:
        # The builds' caches go beside the copy, never into the work tree.
        patch.setenv("SITE_CACHE", str(folder / "cache"))
        yield content


@pytest.fixture(scope="module")
def dan(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The proof of Dan's story, in a folder of its own."""
    return proof.make_proof(site / DAN, tmp_path_factory.mktemp("proofs"))


def version(source: Path) -> str:
    return hashlib.sha256(source.read_bytes()).hexdigest()[:12]


def parse(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


def band_text(tree: html.HtmlElement) -> str:
    (band,) = tree.find_class("proof-band")
    return " ".join(band.text_content().split())


def decoded(uri: str) -> tuple[str, bytes]:
    """A data: URI's type and bytes."""
    match = re.fullmatch(r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)", uri)
    assert match, uri[:60]
    return match.group(1), base64.b64decode(match.group(2))


def assert_self_contained(tree: html.HtmlElement) -> None:
    """Nothing on the page fetches anything, or leads anywhere but the page."""
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if value is None:
                continue
            # A helpline's number stays a link: calling fetches nothing.
            phone = element.tag == "a" and value.startswith(("tel:", "sms:"))
            assert value.startswith(("data:", "#")) or phone, (element.tag, value)
        for url in re.findall(r"url\(([^)]*)\)", element.get("style", "")):
            assert url.strip("'\" ").startswith("data:"), url
    for style in tree.iter("style"):
        for url in re.findall(r"url\(([^)]*)\)", style.text or ""):
            assert url.strip("'\" ").startswith("data:"), url
        assert "@import" not in (style.text or "")
    assert list(tree.iter("script")) == []
    assert list(tree.iter("source")) == []
    assert list(tree.iter("iframe")) == []
    for link in tree.iter("link"):
        raise AssertionError(f"a <link> is left: {link.attrib}")
    for img in tree.iter("img"):
        assert "srcset" not in img.attrib and "sizes" not in img.attrib


def assert_pictures_open(tree: html.HtmlElement) -> list[tuple[int, int]]:
    """Every picture is inline and opens; the raster ones' sizes."""
    sizes = []
    for img in tree.iter("img"):
        kind, data = decoded(img.get("src", ""))
        assert kind.startswith("image/"), kind
        if kind == "image/svg+xml":  # the logo: a drawing, not for Pillow
            assert etree.fromstring(data).tag.endswith("svg")
            continue
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            sizes.append(picture.size)
    return sizes


def test_a_proof_is_the_post_with_its_version_and_what_to_do(dan, site):
    tree = parse(dan)
    code = version(site / DAN)
    assert dan.name == f"dan-finding-my-voice-{code}.html"
    band = band_text(tree)
    assert "Proof: not published" in band
    assert f"Version {code}: please reply to approve these exact words" in band
    assert "reply" in band and "changed" in band  # what the storyteller does
    assert re.search(r"Made on \d{1,2} [A-Z][a-z]+ \d{4}", band)
    assert tree.findtext(".//h1") == "Dan: finding my voice"
    assert BODY_SENTENCE in " ".join(tree.find(".//main").text_content().split())
    robots = tree.xpath("//meta[@name='robots']/@content")
    assert robots == ["noindex, nofollow"]
    # The band comes first on the page, after the skip link only.
    body = tree.find("body")
    assert body[0].get("class") == "skip-link" and body[1].get("class") == "proof-band"


def test_a_proof_fetches_nothing_and_links_nowhere(dan):
    tree = parse(dan)
    assert_self_contained(tree)
    # The link in the text is still there, as text saying where it leads.
    (link,) = [a for a in tree.iter("a") if a.text == "volunteering with us"]
    assert "href" not in link.attrib
    assert link.get("title").endswith("/news/volunteering-with-us/")
    # Nothing from the preview: its problems box, its desk, its draft note.
    text = tree.text_content()
    assert "preview desk" not in text and "Preview only" not in text


def test_every_picture_is_inline_and_opens(dan):
    tree = parse(dan)
    sizes = assert_pictures_open(tree)
    (hero,) = tree.xpath("//figure[@class='hero']//img")
    # The <img src> fallback the page shows, not the largest variant.
    with Image.open(io.BytesIO(decoded(hero.get("src"))[1])) as picture:
        width, height = picture.size
    # The same picture as the page's, in proportion (its width and height).
    assert abs(width / height - int(hero.get("width")) / int(hero.get("height"))) < 0.01
    assert sizes and all(width <= 1200 for width, _ in sizes)
    # Its description is words about the storyteller too: shown for approval.
    notes = [note.text_content() for note in tree.find_class("proof-alt")]
    assert any("An open lined notebook" in note for note in notes), notes


def test_a_changed_word_is_a_new_version_and_a_new_file(dan, site, tmp_path):
    source = site / "stories" / "dan-again.md"
    text = (site / DAN).read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    try:
        first = proof.make_proof(source, tmp_path)
        source.write_text(text.replace("near the door", "by the door"), "utf-8")
        second = proof.make_proof(source, tmp_path)
    finally:
        source.unlink()
    assert first != second and first.is_file() and second.is_file()
    assert version(site / DAN) in dan.name  # the same words, the same version
    assert first.name.removeprefix("dan-again-") == dan.name.removeprefix(
        "dan-finding-my-voice-"
    )
    new = version_of_text(text.replace("near the door", "by the door"))
    assert second.name == f"dan-again-{new}.html"
    assert f"Version {new}:" in band_text(parse(second))
    assert "I still sit by the door sometimes." in parse(second).text_content()


def version_of_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def test_a_draft_without_consent_gets_a_proof_that_lists_its_problems(site, tmp_path):
    # The usual case: a story waiting for its storyteller's yes has no Consent.
    source = site / "stories" / "sam-one-step.md"
    source.write_text(NEW_STORY, encoding="utf-8")
    try:
        made = proof.make_proof(source, tmp_path / "sam.html")
    finally:
        source.unlink()
    assert made == tmp_path / "sam.html"
    tree = parse(made)
    assert_self_contained(tree)
    assert len(assert_pictures_open(tree)) == 2  # the hero and the one in the text
    band = band_text(tree)
    assert f"Version {version_of_text(NEW_STORY)}:" in band
    assert "problem" in band and "Consent" in band
    assert "in feeds as: Sam tells us how a walking group helped." in band
    (problems,) = tree.find_class("proof-problems")
    assert [li.text_content() for li in problems if "Consent" in li.text_content()]
    assert "Walking on Thursdays gave Sam a reason to go out." in tree.text_content()


def test_a_draft_gets_a_proof_without_the_draft_note(site, tmp_path):
    source = site / "stories" / "dan-draft.md"
    text = (site / DAN).read_text(encoding="utf-8")
    # A draft may lack its Summary yet: the band says nothing of one.
    draft = re.sub(
        r"(?m)^Summary:.*\n", "", text.replace("Date:", "Status: draft\nDate:", 1)
    )
    source.write_text(draft, "utf-8")
    try:
        made = proof.make_proof(source, tmp_path)
    finally:
        source.unlink()
    tree = parse(made)
    assert_self_contained(tree)
    assert tree.find_class("draft-banner") == []
    assert BODY_SENTENCE in tree.text_content()
    assert "It is also shown" not in band_text(tree)


def one_line(problem: pytest.ExceptionInfo[TaskError]) -> str:
    line = str(problem.value)
    assert line.startswith(("error:", "content/", "/")) and "\n" not in line, line
    return line


def test_a_post_that_cannot_be_built_is_one_line_naming_file_and_line(site, tmp_path):
    source = site / "stories" / "no-title.md"
    source.write_text("Date: 2025-06-02\nSummary: s.\n\nWords.\n", "utf-8")
    try:
        with pytest.raises(TaskError) as problem:
            proof.make_proof(source, tmp_path)
    finally:
        source.unlink()
    line = one_line(problem)
    assert f"{source}:1: error:" in line and "Title" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("outside", "not inside a content/ folder"),
        ("missing", "does not exist"),
        ("not-markdown", "not a Markdown post"),
        ("page", "is a page, not a post"),
        ("not-in-a-section", "is not a post"),
    ],
)
def test_a_file_that_is_not_a_post_is_one_line(site, tmp_path, name, said):
    elsewhere = tmp_path / "story.md"
    elsewhere.write_text("Title: x\n\nx\n", encoding="utf-8")
    sources = {
        "outside": elsewhere,
        "missing": site / "stories" / "no-such-story.md",
        "not-markdown": site / "images" / "sample" / "notebook.jpg",
        "page": site / "pages" / "about.md",
        "not-in-a-section": site / "extra" / "story.md",
    }
    stray = site / "extra" / "story.md"
    stray.write_text("Title: x\n\nx\n", encoding="utf-8")
    out = tmp_path / "out"
    try:
        with pytest.raises(TaskError) as problem:
            proof.make_proof(sources[name], out)
    finally:
        stray.unlink()
    line = one_line(problem)
    assert said in line and str(sources[name]) in line
    assert not out.exists()


def test_the_default_file_is_named_by_slug_and_version(site, tmp_path, monkeypatch):
    monkeypatch.setattr(proof, "PROOFS", tmp_path / "proofs")
    made = proof.make_proof(site / DAN)
    assert (
        made == tmp_path / "proofs" / f"dan-finding-my-voice-{version(site / DAN)}.html"
    )
    # The real default is git-ignored: /.cache/ is in .gitignore.
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(ROOT / ".cache" / "proofs" / "x.html")],
        cwd=ROOT,
        check=False,
    )
    assert ignored.returncode == 0


def test_the_command_line_says_where_it_wrote_or_one_line(site, tmp_path):
    command = [sys.executable, "-m", "charity_site_ops.proof"]
    made = subprocess.run(
        [*command, str(site / DAN), "--output", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    (written,) = tmp_path.iterdir()
    assert made.stdout == f"Wrote {written}\n"
    refused = subprocess.run(
        [*command, str(site / "pages" / "about.md")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr


def test_a_post_with_a_content_warning_keeps_its_helplines_callable(site, tmp_path):
    made = proof.make_proof(
        site / "campaigns" / "stop-suicide-chronic-pain.md", tmp_path
    )
    tree = parse(made)
    assert_self_contained(tree)
    phones = tree.xpath("//a[starts-with(@href, 'tel:')]/@href")
    assert "tel:116123" in phones  # Samaritans, as on the published page


def test_proofs_leave_no_preview_record_in_the_cache(dan, site):
    # Each proof builds into a new folder: a record of it would never be read.
    records = site.parent / "cache" / "pages"
    assert not records.exists() or list(records.rglob("*")) == []


def test_an_embedded_video_is_named_not_loaded(site, tmp_path):
    source = site / "news" / "with-a-film.md"
    film = '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
    source.write_text(
        "Title: A post with a film\nDate: 2025-05-01\nSummary: A film.\n\n"
        f'Watch our film.\n\n{film}title="A film about the cafe"></iframe>\n',
        encoding="utf-8",
    )
    try:
        tree = parse(proof.make_proof(source, tmp_path))
    finally:
        source.unlink()
    assert_self_contained(tree)
    notes = [note.text_content() for note in tree.find_class("proof-alt")]
    assert notes == [
        "Here the published page shows a video (A film about the cafe) "
        "from www.youtube-nocookie.com."
    ]
