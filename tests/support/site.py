"""Build a site with the real Pelican and read what it wrote."""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
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


@functools.cache
def _painted_photos() -> Path:
    """The sample photos, painted once a test process (it takes a second or so),
    in a temporary folder removed when the process ends."""
    from charity_site_ops.sample_photos import make_sample_photos

    folder = Path(tempfile.mkdtemp(prefix="sample-photos-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    make_sample_photos(folder)
    return folder


def copy_content(destination: Path) -> Path:
    """Copy the sample content and its photos (painted once a session)."""
    shutil.copytree(
        ROOT / "content", destination, ignore=shutil.ignore_patterns("sample")
    )
    photos = destination / "images" / "sample"
    shutil.copytree(_painted_photos(), photos, dirs_exist_ok=True)
    return destination


def files_by_name(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by its name relative to it: two builds compared."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
    }


def news_and_stories(content: Path) -> list[Path]:
    """The news and stories posts of a content folder, in a stable order."""
    return sorted([*content.glob("news/*.md"), *content.glob("stories/*.md")])


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


# One in-process build at a time: Pelican's logging, the environment and the
# standard streams are the process's own.
_ONE_AT_A_TIME = threading.Lock()


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the length of the block."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# The project's settings modules: they read the environment when imported, and
# one imports the other (a test's own settings file may import either).
SETTINGS_MODULES = ("pelicanconf", "publishconf")


@contextlib.contextmanager
def _fresh_settings_modules() -> Iterator[None]:
    """The settings modules read afresh, as a new process reads them, and put
    back as they were after."""
    before = {name: sys.modules.pop(name, None) for name in SETTINGS_MODULES}
    try:
        yield
    finally:
        for name, module in before.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module


@contextlib.contextmanager
def _pelican_logging(fatal: str | None, stream: io.StringIO) -> Iterator[None]:
    """Pelican's logging as a fresh `pelican --log-handler plain` process has it.

    Its messages go to stream as the plain handler writes them; --fatal makes a
    warning (or an error) end the build; the record of messages already logged
    (Pelican logs each message once a process) starts empty.
    """
    from pelican.log import FatalLogger, LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    root = logging.getLogger()
    level, before = root.level, FatalLogger.fatal_lvl
    if fatal:
        FatalLogger.fatal_lvl = (
            logging.WARNING if fatal.startswith("warning") else logging.ERROR
        )
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        FatalLogger.fatal_lvl = before


def run_pelican_here(
    content: Path, output: Path, settings: Path, *extra: str, env: dict[str, str]
) -> tuple[int, str]:
    """Run Pelican in this process on the command line build() would run: its
    exit status and what it printed (standard output, then its log)."""
    from pelican import get_instance, parse_arguments

    # The arguments after `python -m pelican`, read by Pelican's own parser.
    args = parse_arguments(pelican_command(content, output, settings, *extra)[3:])
    out, err = io.StringIO(), io.StringIO()
    with (
        _ONE_AT_A_TIME,
        _environment(**env),
        contextlib.chdir(ROOT),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        _pelican_logging(args.fatal, err),
        _fresh_settings_modules(),
    ):
        try:
            pelican, _settings = get_instance(args)  # as pelican's main() makes it
            pelican.run()
            code = 0
        except SystemExit as stop:  # how the plugin refuses a build
            code = stop.code if isinstance(stop.code, int) else int(bool(stop.code))
        except Exception as exc:  # as pelican's main() reports one
            logging.getLogger("pelican").critical(
                "%s: %s", type(exc).__name__, exc, exc_info=True
            )
            code = getattr(exc, "exitcode", 1)
    return code, out.getvalue() + err.getvalue()


def build_here(
    content: Path,
    output: Path,
    settings: str = "pelicanconf.py",
    *extra: str,
    siteurl: str = SITEURL,
    cache: Path | None = None,
) -> Build:
    """build(), in this process: the same command line, settings and environment,
    for tests that look only at what a build prints and writes.

    Pelican keeps some state in its modules (connected signals, logged
    messages); the plugin's handlers are idempotent, as live reload needs, and
    tests/build/test_in_process.py holds that two builds here write what two
    processes write. Where the process itself is tested (tasks, the publish
    lock, signals, tracebacks), use build(); so too for settings in a
    copy_project() copy, whose plugin code a process imports afresh and this
    one has imported already.
    """
    cache = cache or output.parent / "cache"
    env = {"SITEURL": siteurl, "SITE_CACHE": str(cache), "COLUMNS": "400"}
    code, log = run_pelican_here(content, output, ROOT / settings, *extra, env=env)
    used_siteurl = siteurl if settings == "publishconf.py" else ""
    if code == 0:
        from support.nginx import assert_nginx_accepts

        assert_nginx_accepts(output)
    return Build(content, output, code, log, used_siteurl)


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
