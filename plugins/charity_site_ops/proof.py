"""`invoke proof`: one post as one self-contained HTML file, for its storyteller.

The post is built exactly as the site builds it (a preview build of its content
folder, with the same reader, checks and templates, into a temporary folder),
then its page is made to stand alone: the stylesheet and every picture inline
(pictures as data: URIs), no scripts, nothing fetched from anywhere, links kept
as text that points at nothing, and a band across the top saying it is a proof,
the day it was made and its version: the first 12 hex digits of the sha256 of
the source file's bytes, also in the file's name.

A post with problems still gets a proof, with its problems listed in the band:
the commonest is a story that has no Consent line yet, which is what the proof
is for. A post Pelican cannot make a page of at all is one line naming the file
and line, and no proof.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from posixpath import normpath
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html

from charity_site_ops.pelican_cli import pelican_command
from charity_site_ops.problems import TaskError

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "pelicanconf.py"  # the preview's settings: drafts are built too
# Git-ignored (/.cache/ in .gitignore), beside the build caches; `invoke clean`
# keeps it and `invoke clean --all` removes it, as proofs can always be made again.
PROOFS = ROOT / ".cache" / "proofs"
VERSION_LENGTH = 12
# What Pelican's Markdown reader reads (pelican.readers.MarkdownReader).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
# Attributes that make a browser fetch or go somewhere; anything left in one that
# is not data: or an in-page #fragment is removed.
URL_ATTRIBUTES = (
    "src",
    "srcset",
    "href",
    "poster",
    "action",
    "formaction",
    "data",
    "cite",
    "background",
    "longdesc",
    "ping",
    "manifest",
    "xlink:href",  # as libxml2's HTML parser names it in an inline <svg>
)
# Links that stay links: within the page, and the helplines' phone numbers, which
# fetch nothing and must work on any page someone reads in distress.
KEPT_LINKS = ("#", "tel:", "sms:")
# Preview-only parts of a page, never on the published site: the problems box
# (the band lists them instead), the draft note, the desk link in the footer.
PREVIEW_ONLY = ("preview-problems", "draft-banner", "preview-desk-link")
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)\1\s*\)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import[^;]*;", re.IGNORECASE)
# The band's own look: fixed colours in both colour schemes, no url().
BAND_CSS = """
.proof-band{background:#fff4c2;color:#1a1a1a;border-bottom:4px solid #1a1a1a;
padding:1rem 0;font-size:1.05rem;line-height:1.5}
.proof-band .wrap{max-width:44rem;margin:0 auto;padding:0 1rem}
.proof-band p{margin:.4rem 0}.proof-band .proof-title{font-size:1.5rem;font-weight:700}
.proof-band .proof-version{font-weight:700}
.proof-band ol{margin:.4rem 0 .4rem 1.5rem;padding:0}
.proof-alt{display:block;margin:.5rem 0;font-size:.95rem;background:#fff4c2;
color:#1a1a1a;border-left:4px solid #b58900;padding:.25rem .75rem}
a:not([href]){text-decoration:underline}
"""


@dataclass(frozen=True)
class Post:
    """One post's source file, where its content folder is, and its address."""

    source: Path  # as given, for the lines said about it
    content: Path  # the content folder it is in
    relative: str  # its path inside content, like stories/dan.md
    candidates: tuple[str, ...]  # where a preview writes it: live, then draft


@dataclass(frozen=True)
class Built:
    """The built page of a post, the folder it is in and its address there."""

    file: Path
    output: Path
    address: str  # like stories/dan/index.html


def version_of(data: bytes) -> str:
    """The version a proof shows: the first 12 hex digits of the bytes' sha256."""
    return hashlib.sha256(data).hexdigest()[:VERSION_LENGTH]


def locate_post(source: Path, settings: dict, now: datetime) -> Post:
    """The post a source file is, or one line saying why it cannot be proofed."""
    from pelican.urlwrappers import Category
    from pelican.utils import slugify

    from charity_site.conventions import derive_conventions
    from charity_site.desk.model import AddressPatterns, stand_in_save_as

    example = "like content/stories/dan-finding-my-voice.md"
    path = Path(source).absolute()
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        raise TaskError(
            f"error: {source} is not a Markdown post (.md): give a post's file, "
            f"{example}"
        )
    content = next((p for p in path.parents if p.name == "content"), None)
    if content is None:
        raise TaskError(
            f"error: {source} is not inside a content/ folder: give a post's file, "
            f"{example}"
        )
    if not path.is_file():
        raise TaskError(
            f"error: {source} does not exist: give a post's file, {example}"
        )
    relative = path.relative_to(content).as_posix()
    conventions = derive_conventions(settings)
    folder = relative.split("/", 1)[0]
    if folder == conventions.pages_folder:
        raise TaskError(
            f"error: {source} is a page, not a post: proofs are for posts in a "
            f"section ({', '.join(conventions.section_slugs)})"
        )
    if folder not in conventions.section_slugs or relative.count("/") != 1:
        raise TaskError(
            f"error: {source} is not a post: a post is a file directly in a section "
            f"folder ({', '.join(conventions.section_slugs)}), {example}"
        )
    # The slug and category as Pelican makes them (SLUGIFY_SOURCE, substitutions).
    slug = slugify(
        PurePosixPath(relative).stem,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )
    patterns = AddressPatterns(
        article=str(settings.get("ARTICLE_SAVE_AS") or ""),
        draft=str(settings.get("DRAFT_SAVE_AS") or ""),
        page=str(settings.get("PAGE_SAVE_AS") or ""),
        draft_page=str(settings.get("DRAFT_PAGE_SAVE_AS") or ""),
    )
    candidates = tuple(
        save_as
        for draft in (False, True)  # a proof is often of a draft, waiting for it
        if (
            save_as := stand_in_save_as(
                relative,
                sections=conventions.section_slugs,
                pages_folder=conventions.pages_folder,
                patterns=patterns,
                slug=slug,
                category=Category(folder, settings).slug,
                when=now,
                draft=draft,
            )
        )
    )
    return Post(Path(source), content, relative, candidates)


def build_post(post: Post, output: Path) -> Built:
    """Build the post's content folder as a preview into output; find its page."""
    from charity_site_ops.sample_photos import paint_for

    paint_for(post.content)  # the sample posts' photos, as the tasks paint them
    # A fresh folder each time: not incremental, so the preview writer keeps no
    # record of it in the cache (one more would be left there every proof).
    command = pelican_command(
        post.content, output, SETTINGS, "-e", "DELETE_OUTPUT_DIRECTORY=true"
    )
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )
    log = result.stdout + result.stderr
    for address in post.candidates:
        page = output / address
        if not page.is_file():
            continue
        if b'class="preview-not-built"' in page.read_bytes():
            raise TaskError(not_built_line(post, log))
        return Built(page, output, address)
    raise TaskError(not_built_line(post, log))


def not_built_line(post: Post, log: str) -> str:
    """One line for a post the build made no page of: the error that stopped it."""
    from charity_site.rules.per_file import BLOCKING_RULES

    errors = [
        line
        for line in log.splitlines()
        if line.startswith(f"{post.relative}:") and ": error:" in line
    ]
    # The error that stops Pelican, before one that only stops a publish.
    errors.sort(
        key=lambda line: not line.endswith(tuple(f"[{r}]" for r in BLOCKING_RULES))
    )
    if not errors:
        return (
            f"error: {post.source}: the build made no page of this post (no proof "
            "was made): run `make check` to see why"
        )
    where = post.source.as_posix().removesuffix(post.relative)
    more = f"; {len(errors) - 1} more with make check" if len(errors) > 1 else ""
    return f"{where}{errors[0]} (no proof was made: fix it{more}, then make it again)"


def page_problems(tree: html.HtmlElement) -> list[str]:
    """The problems the preview found in this post, one sentence each."""
    found = []
    for listing in tree.find_class("preview-problem-list"):
        for item in listing.iterchildren("li"):
            for rule in item.find_class("preview-rule"):
                rule.drop_tree()  # the rule's name is for editors
            found.append(" ".join(item.text_content().split()))
    return found


def data_uri(file: Path) -> str:
    """A file as a data: URI, its type from its name."""
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"


def local_file(built: Built, url: str) -> Path | None:
    """The file in the build a URL on the page stands for, or None if elsewhere."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another site, or this one's absolute address: never fetched
    here = "/" + built.address
    path = normpath(urljoin(here, unquote(parts.path)))
    file = (built.output / path.lstrip("/")).resolve()
    if not file.is_relative_to(built.output.resolve()) or not file.is_file():
        return None
    return file


def site_address(built: Built, url: str) -> str:
    """Where a link on the page leads on the site: '/news/x/', or the address."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url
    path = urljoin("/" + built.address, parts.path)
    kept = normpath(path)
    if path.endswith("/") and not kept.endswith("/"):
        kept += "/"  # normpath drops a folder's slash, and the site's links keep it
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return kept.removesuffix("index.html") + fragment


def inline_css(css: str, built: Built) -> str:
    """A stylesheet with every url() a data: URI (or none) and no @import."""

    def replace(match: re.Match) -> str:
        url = match.group(2)
        if url.startswith(("data:", "#")):
            return match.group(0)
        file = local_file(built, url)
        return f'url("{data_uri(file)}")' if file else "none"

    return CSS_URL.sub(replace, CSS_IMPORT.sub("", css))


def chosen_picture(img: html.HtmlElement) -> str | None:
    """The variant to inline: the <img src> fallback, the size the page shows."""
    return img.get("src") or None


def inline_pictures(tree: html.HtmlElement, built: Built) -> None:
    """Each picture as one <img> with a data: URI, its description shown below it."""
    for source in list(tree.iter("source")):
        # drop_tag: libxml2's HTML parser does not know <source> is empty and
        # puts the <img> after it inside it.
        source.drop_tag()
    for img in list(tree.iter("img")):
        src = chosen_picture(img)
        file = local_file(built, src) if src else None
        for name in ("srcset", "sizes", "src"):
            img.attrib.pop(name, None)
        if file is None:
            continue  # nothing to show rather than something fetched
        img.set("src", data_uri(file))
        alt = img.get("alt", "").strip()
        if alt and img.getparent() is not None:
            # The description is words about them too: shown for approval.
            # A <span>, as a picture may be inside a paragraph (CSS makes it a block).
            note = html.Element("span", {"class": "proof-alt"})
            note.text = (
                f"Picture description (read out to people who cannot see it): {alt}"
            )
            anchor = img.getparent() if img.getparent().tag == "picture" else img
            anchor.addnext(note)
            note.tail, anchor.tail = anchor.tail, None


def neutralise(tree: html.HtmlElement, built: Built) -> None:
    """Nothing on the page fetches or goes anywhere: links kept as text."""
    for a in tree.iter("a"):
        href = a.get("href")
        if href is None or href.startswith(KEPT_LINKS):
            continue
        del a.attrib["href"]
        a.set("title", f"On the website this links to {site_address(built, href)}")
    for form in tree.iter("form"):
        for name in ("action", "method"):
            form.attrib.pop(name, None)
        for field in form.iter("input", "button", "select", "textarea"):
            field.set("disabled", "")
    for frame in list(tree.iter("iframe", "video", "audio", "object", "embed")):
        # Played from another site: named here, never loaded from the proof.
        title = frame.get("title")
        host = urlsplit(frame.get("src") or frame.get("data") or "").hostname
        note = html.Element("span", {"class": "proof-alt"})
        note.text = (
            f"Here the published page shows a video{f' ({title})' if title else ''}"
            f"{f' from {host}' if host else ''}."
        )
        note.tail = frame.tail
        frame.addprevious(note)
        frame.drop_tree()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            kept = KEPT_LINKS if element.tag == "a" and name == "href" else ("#",)
            if value is not None and not value.startswith(("data:", *kept)):
                del element.attrib[name]
        style = element.get("style")
        if style:
            element.set("style", inline_css(style, built))


def make_standalone(tree: html.HtmlElement, built: Built) -> None:
    """The page made to stand alone: styles inline, no scripts, links, meta URLs."""
    head = tree.find("head")
    for link in list(tree.iter("link")):
        rel = (link.get("rel") or "").lower().split()
        file = local_file(built, link.get("href") or "")
        # The preview's own stylesheet (_desk/) is for its banners only.
        if "stylesheet" in rel and file and "_desk" not in file.parts:
            style = html.Element("style")
            style.text = inline_css(file.read_text(encoding="utf-8"), built)
            link.addprevious(style)
        link.drop_tree()
    for script in list(tree.iter("script", "noscript", "base")):
        script.drop_tree()
    for meta in list(tree.iter("meta")):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key.startswith(("og:", "twitter:")) or key == "robots":
            meta.drop_tree()  # their values are addresses, for sharing the live page
    for style in tree.iter("style"):
        style.text = inline_css(style.text or "", built)
    for name in PREVIEW_ONLY:
        for element in tree.find_class(name):
            element.drop_tree()
    robots = html.Element("meta", {"name": "robots", "content": "noindex, nofollow"})
    head.insert(1, robots)
    band_style = html.Element("style")
    band_style.text = BAND_CSS
    head.append(band_style)


def band(
    version: str, made: str, post: Post, summary: str, problems: list[str]
) -> html.HtmlElement:
    """The band across the top: a proof, when, which version, and what to do."""
    section = html.Element(
        "section", {"class": "proof-band", "aria-label": "About this proof"}
    )
    wrap = html.Element("div", {"class": "wrap"})
    section.append(wrap)

    def say(text: str, kind: str = "") -> html.HtmlElement:
        paragraph = html.Element("p", {"class": kind} if kind else {})
        paragraph.text = text
        paragraph.tail = "\n"  # one paragraph a line, in the source and as text
        wrap.append(paragraph)
        return paragraph

    say("Proof: not published", "proof-title")
    say(
        f"Made on {made} from {post.relative}. Only the people we send it to "
        "can see it."
    )
    say(
        f"Version {version}: please reply to approve these exact words",
        "proof-version",
    )
    say(
        "This is how the post will look on our website, with its pictures and their "
        "descriptions. Please read all of it. If you are happy for us to publish it "
        f'as it is, reply to the email this came with and say "I approve version '
        f'{version}". If you would like anything changed or taken out, or would '
        "rather we did not publish it, reply and tell us: that is always fine, and "
        "we will send you a new proof with a new version number."
    )
    if summary:
        say(f"It is also shown on our home page, in lists and in feeds as: {summary}")
    if problems:
        say(
            f"This version has {len(problems)} problem"
            f"{'' if len(problems) == 1 else 's'} we must fix before publishing "
            "(nothing you need to do; if the words change, we will send a new proof):"
        )
        listing = html.Element("ol", {"class": "proof-problems"})
        for problem in problems:
            item = html.Element("li")
            item.text = problem
            listing.append(item)
        wrap.append(listing)
    return section


def default_output(post: Post, version: str) -> Path:
    """.cache/proofs/<slug>-<version>.html, named by the page's slug."""
    return PROOFS / f"{PurePosixPath(post.relative).stem}-{version}.html"


def target_file(output: Path | None, post: Post, version: str) -> Path:
    """The file to write: output if it names an .html file, else in that folder."""
    default = default_output(post, version)
    if output is None:
        return default
    output = Path(output)
    # A name, not the disk, decides: a folder not made yet is still a folder.
    if output.suffix.lower() in (".html", ".htm") and not output.is_dir():
        return output
    return output / default.name


def make_proof(source: Path, output: Path | None = None) -> Path:
    """Write a self-contained proof of the post at source; return its path."""
    from pelican.settings import read_settings

    from charity_site.clock import site_clock
    from charity_site.source.header import parse_header

    # The settings read once, and one clock for the post's address and the band.
    settings = read_settings(str(SETTINGS))
    clock = site_clock(settings)
    post = locate_post(Path(source), settings, clock.now)
    data = post.source.read_bytes()
    version = version_of(data)
    # The post's own Summary: with none, the page's description is the site's.
    summary = parse_header(data.decode("utf-8", "replace")).value("Summary")
    target = target_file(output, post, version)
    with tempfile.TemporaryDirectory(prefix="proof-") as scratch:
        built = build_post(post, Path(scratch) / "output")
        if post.source.read_bytes() != data:  # the words shown must be the version's
            raise TaskError(
                f"error: {source} changed while its proof was being made: make it again"
            )
        tree = html.fromstring(built.file.read_bytes())
        problems = page_problems(tree)
        make_standalone(tree, built)
        inline_pictures(tree, built)
        neutralise(tree, built)
    made = f"{clock.today:%-d %B %Y}"
    title = tree.find("head/title")
    if title is not None:
        title.text = f"Proof, version {version}: {title.text or ''}"
    body = tree.find("body")
    skip = body.find("a")  # the skip link stays first, for keyboard readers
    position = 1 if skip is not None and skip.get("class") == "skip-link" else 0
    body.insert(position, band(version, made, post, summary, problems))
    page = html.tostring(tree, doctype="<!doctype html>", encoding="unicode")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    except OSError as problem:
        raise TaskError(
            f"error: cannot write the proof to {target} "
            f"({problem.strerror or problem}): choose another --output"
        ) from None
    return target


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: make the proof of FILE and say where it is."""
    import argparse

    # argparse, so `--help` prints this and writes nothing.
    parser = argparse.ArgumentParser(
        prog="python -m charity_site_ops.proof",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the post's file")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="O",
        help="an .html file, or a folder, to write to (default: .cache/proofs/)",
    )
    args = parser.parse_args(argv)
    try:
        path = make_proof(args.file, args.output)
    except TaskError as problem:
        if str(problem):
            print(problem, file=sys.stderr)
        return problem.code
    print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
