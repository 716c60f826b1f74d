"""Build a site with the real Pelican and read what it wrote."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import html

from charity_site_ops.pelican_cli import pelican_command

ROOT = Path(__file__).resolve().parents[2]
SITEURL = "https://stories.example.org"


@dataclass(frozen=True)
class Build:
    """The result of one Pelican run."""

    content: Path
    output: Path
    returncode: int
    log: str
    siteurl: str

    def page(self, url: str) -> html.HtmlElement:
        """Parse the page at a site URL such as 'news/x/' or ''."""
        return parse(self.file_for(url))

    def file_for(self, url: str) -> Path:
        """The file that serves a site URL."""
        path = self.output / url.lstrip("/")
        return path / "index.html" if url.endswith("/") or url == "" else path

    def html_files(self) -> list[Path]:
        """Every page of the site written (not the web editor's, under admin/).

        The editor's page is Decap CMS's, not one of the site's: its own tests are
        tests/build/test_hosting.py and tests/browser/test_cms.py.
        """
        return sorted(
            p
            for p in self.output.rglob("*.html")
            if p.relative_to(self.output).parts[0] != "admin"
        )

    def text_files(self) -> list[Path]:
        """Every text file written (HTML, XML, JSON, TXT)."""
        kinds = {".html", ".xml", ".json", ".txt", ".xsl"}
        return sorted(p for p in self.output.rglob("*") if p.suffix in kinds)


def parse(path: Path) -> html.HtmlElement:
    """Parse an HTML file."""
    return html.fromstring(path.read_bytes())


def copy_content(destination: Path) -> Path:
    """Copy the sample content and make its photos, as `invoke build` does."""
    from charity_site_ops.sample_photos import make_sample_photos

    shutil.copytree(
        ROOT / "content", destination, ignore=shutil.ignore_patterns("sample")
    )
    make_sample_photos(destination / "images" / "sample")
    return destination


def copy_project(destination: Path) -> Path:
    """A copy of the settings, theme, plugin and vendored editor to change in a test."""
    destination.mkdir(parents=True)
    for name in ("pelicanconf.py", "theme", "plugins", "vendor"):
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, destination / name)
    return destination


def build(
    content: Path,
    output: Path,
    settings: str = "pelicanconf.py",
    *extra: str,
    siteurl: str = SITEURL,
    cache: Path | None = None,
) -> Build:
    """Run Pelican in its own process, as the tasks do, and keep its log.

    The caches go beside the output unless given: tests never write
    into the work tree.
    """
    cache = cache or output.parent / "cache"
    env = {
        **os.environ,
        "SITEURL": siteurl,
        "SITE_CACHE": str(cache),
        "COLUMNS": "400",
    }
    command = pelican_command(content, output, ROOT / settings, *extra)
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    used_siteurl = siteurl if settings == "publishconf.py" else ""
    if result.returncode == 0:
        from support.nginx import assert_nginx_accepts

        assert_nginx_accepts(output)
    return Build(
        content, output, result.returncode, result.stdout + result.stderr, used_siteurl
    )


def site_conventions():
    """The sections and reserved addresses, derived from pelicanconf.py as the
    plugin derives them: tests never write the list out again."""
    from pelican.settings import read_settings

    from charity_site.conventions import derive_conventions

    return derive_conventions(read_settings(str(ROOT / "pelicanconf.py")))


SECTIONS = site_conventions().section_slugs


def small_site(content: Path) -> Path:
    """A small content folder that builds cleanly: the broken-site fixture without
    its two broken posts (a good post and a page), to add a test's own files to."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "broken-site", content)
    for broken in ("no-title.md", "bad-date.md"):
        (content / "news" / broken).unlink()
    return content


def one_page_site(content: Path) -> Path:
    """A content folder holding one page (pages/hello.md, at /hello/)."""
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "hello.md").write_text(
        "Title: Hello\nSummary: s.\n\nHi.\n", encoding="utf-8"
    )
    return content
