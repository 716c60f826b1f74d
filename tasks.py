"""Tasks for building, previewing, checking and publishing the site.

`invoke --list` shows every task; each has a one-line docstring.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from invoke import Exit, task

if TYPE_CHECKING:
    from charity_site_ops.publishing import StopSignals

ROOT = Path(__file__).resolve().parent
# Two folders, never one: a preview (drafts, relative links) is never uploaded,
# and a publish is never turned back into a preview by the next save.
OUTPUT = ROOT / "output"  # the published site: what gets uploaded
PREVIEW = ROOT / "preview"  # what `invoke build` and `invoke serve` write
# Every cache (processed images, parsed posts); pelicanconf.py reads the same variable.
CACHE = Path(os.environ.get("SITE_CACHE", str(ROOT / ".cache")))
PY = sys.executable


def _quote(arg: object) -> str:
    return shlex.quote(str(arg))


def _pelican(c, content: str, output: Path, settings: str, *extra: str, warn=False):
    """Run Pelican with its output passed straight through.

    Not c.run: invoke decodes the child's output a chunk at a time, so a
    character split between two reads (the dash in every problem line) came
    out as replacement characters once the output was long.
    """
    from charity_site_ops.pelican_cli import pelican_command

    command = pelican_command(content, output, ROOT / settings, *extra)
    sys.stdout.flush()
    result = subprocess.run(command, check=False)
    if result.returncode and not warn:
        raise Exit(code=result.returncode)
    return SimpleNamespace(ok=result.returncode == 0, return_code=result.returncode)


def _sample_photos(content: str) -> None:
    """Make the generated sample photos when building the bundled sample content."""
    if Path(content).resolve() == (ROOT / "content").resolve():
        from charity_site_ops.sample_photos import make_sample_photos

        make_sample_photos(ROOT / "content" / "images" / "sample")


CONTENT_HELP = "content folder to build (default: content)"
OUTPUT_HELP = "folder to publish into (default: output)"
PREVIEW_HELP = "folder to write the preview into (default: preview)"
# How each swap put the new site in place, for the last line of a publish.
SWAPPED = {
    "rename": "moved into place",
    "exchange": "swapped in by an atomic exchange",
    "symlink": "swapped in by switching the symlink",
}


def _folder(path: str) -> Path:
    """An absolute path that keeps a final symlink as it is (the swap needs it)."""
    folder = Path(path).absolute()
    return folder.parent.resolve() / folder.name


def _not_the_published_site(output: str) -> Path:
    """The preview folder, refused when it is the folder that gets uploaded."""
    folder = _folder(output)
    if folder == OUTPUT:
        raise Exit(
            f"error: {OUTPUT} is the published site, which a preview must never "
            f"overwrite: leave out --output to preview into {PREVIEW}"
        )
    return folder


@task(help={"content": CONTENT_HELP, "output": PREVIEW_HELP})
def build(c, content="content", output=str(PREVIEW)):
    """Build a preview of the site into preview/ (drafts under /drafts/)."""
    folder = _not_the_published_site(output)
    _sample_photos(content)
    _pelican(c, content, folder, "pelicanconf.py")


@task(
    help={
        "content": CONTENT_HELP,
        "output": PREVIEW_HELP,
        "port": "port to serve on (default 8000)",
        "host": "0.0.0.0 to preview on phones on this network (default: this "
        "computer only)",
    }
)
def serve(c, content="content", output=str(PREVIEW), port="8000", host="127.0.0.1"):
    """Build into preview/, serve it at http://127.0.0.1:8000, reload on changes."""
    from charity_site_ops.preview_server import (
        PortUnavailable,
        read_port,
        serve_with_reload,
    )

    try:
        number = read_port(port)  # a string: invoke's own int() would crash
    except ValueError as problem:
        raise Exit(str(problem), code=2) from None
    folder = _not_the_published_site(output)
    _sample_photos(content)
    try:
        serve_with_reload(ROOT, Path(content), folder, port=number, host=host)
    except PortUnavailable as problem:
        raise Exit(str(problem)) from None


@task(help={"content": CONTENT_HELP, "output": OUTPUT_HELP})
def publish(c, content="content", output=str(OUTPUT)):
    """Check and build the production site in one strict pass, then swap it in."""
    from charity_site_ops import publishing

    target = _folder(output)
    log = CACHE / "last-publish.log"
    try:
        with publishing.StopSignals() as stops, publishing.publish_lock(target):
            publishing.remove_leftovers(target)  # of publishes that were killed
            _sample_photos(content)
            method = _build_and_swap(content, target, log, stops)
    except publishing.PublishBusy as busy:
        raise Exit(str(busy)) from None
    except publishing.Interrupted as stop:
        raise Exit(
            f"error: the publish was stopped ({stop}): {target} is as it was",
            code=128 + stop.signum,
        ) from None
    except OSError as problem:  # our own, not Pelican's: a full disk, a bad path
        raise Exit(publishing.oserror_line(problem, log)) from None
    siteurl = os.environ.get("SITEURL", "the default SITEURL")
    print(f"Published {target} for {siteurl} ({SWAPPED[method]})")


def _build_and_swap(content: str, target: Path, log: Path, stops: StopSignals) -> str:
    """Build into a new folder beside target, then swap it in; say how."""
    from charity_site_ops import publishing
    from charity_site_ops.pelican_cli import pelican_command

    fresh = publishing.make_temporary(target)
    try:
        # The build is the check: it prints every content problem, then refuses
        # on any error (or any Pelican warning) before it writes a page.
        command = pelican_command(
            content, fresh, ROOT / "publishconf.py", "--fatal", "warnings"
        )
        result = publishing.run_child(command, log, stops)
        if stops.received:  # Pelican may exit 0 after a Ctrl-C
            raise publishing.Interrupted(stops.received)
        if result.returncode:
            if result.error:
                raise Exit(publishing.failure_line(result.error, result.log))
            raise Exit(code=1)  # the problems are the lines above
        if not (fresh / "index.html").is_file():
            raise Exit("error: the build wrote no index.html: nothing was published")
        with stops.deferred():  # the commit point: a stop now waits for the swap
            return publishing.swap_in(fresh, target)
    finally:
        with stops.deferred():
            # A failed build, or the site the swap replaced.
            publishing.discard(fresh)


NEW_HELP = """Usage: invoke new "TITLE" [--section SECTION] [--content FOLDER]

Start a new post or page, as a draft with guidance in it.

  make new TITLE="Our walk for hope" SECTION=stories
  .venv/bin/invoke new "Our walk for hope" --section stories

SECTION is stories, campaigns, news, events, or pages (default: news).
The file is content/SECTION/our-walk-for-hope.md; nothing is published until
you delete its 'Status: draft' line."""


@task(
    help={
        "title": "the new post's title, in quotes",
        "section": "stories, campaigns, news, events, or pages for a page",
        "content": "content folder (default: content)",
    }
)
def new(c, title, section="news", content="content"):
    """Start a new post or page (a draft) with its header fields and guidance."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from pelican.settings import read_settings

    from charity_site.conventions import derive_conventions
    from charity_site.new_post import new_post_text, slugify

    if title in ("-h", "--help"):  # invoke reads `new --help` as the title
        print(NEW_HELP)
        return
    if title.startswith("-"):  # an option is never a title: never write a file
        raise Exit(
            f"error: '{title}' looks like an option, not a title: write the "
            'title in quotes, like make new TITLE="Our walk for hope"'
        )
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    pages = str(settings["PAGE_PATHS"][0]).strip("/")
    sections = derive_conventions(settings).section_slugs
    try:
        text = new_post_text(
            title, section, datetime.now(ZoneInfo("Europe/London")), sections, pages
        )
    except ValueError as problem:
        raise Exit(f"error: {problem}") from None
    path = Path(content) / section / f"{slugify(title)}.md"
    if path.exists():
        raise Exit(
            f"error: {path} already exists: choose another title, or edit that file"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(
        f"Wrote {path} (a draft): fill in the header, write below it, then "
        "check it with: make check"
    )


@task(help={"content": "content folder to check (default: content)"})
def check(c, content="content"):
    """Check every post as a publish would: file:line: error|warning: what — fix."""
    import tempfile

    _sample_photos(content)  # the sample posts use them: made on first use
    # The publish build itself, stopped from writing pictures and thrown away:
    # the same code, the same lines, the same verdict as `invoke publish`.
    with tempfile.TemporaryDirectory(prefix="site-check-") as scratch:
        result = _pelican(
            c,
            content,
            Path(scratch) / "output",
            "publishconf.py",
            "--fatal",
            "warnings",
            "-e",
            "CHECK_ONLY=true",
            warn=True,
        )
    if not result.ok:
        raise Exit(code=1)


@task(
    help={
        "since": "first day of the period, like 2025-09-01 (required)",
        "until": "last day of the period (default: today)",
        "content": CONTENT_HELP,
        "output": "folder for the two files (default: digests)",
    }
)
def digest(c, since="", until="", content="content", output="digests"):
    """Write an email-ready newsletter (HTML and text) of the posts in a period."""
    import json
    import tempfile

    from charity_site.events.steps import today
    from charity_site.layout import DIGEST_FOLDER
    from charity_site.newsletter.digest import digest_period

    # An option, not a positional: invoke would read `digest --help` as the date.
    if not since:
        raise Exit(
            "error: give the first day of the period: invoke digest --since 2025-09-01",
            code=2,
        )
    try:
        # The site's clock (UK time), as the build counts what is published.
        first, last = digest_period(since, until, today())
    except ValueError as problem:
        raise Exit(f"error: {problem}") from None
    if not Path(content).is_dir():
        raise Exit(
            f"error: --content {content} is not a folder: give the content folder"
        )
    target = _digest_folder(output)  # before the build: nothing is written if wrong
    _sample_photos(content)
    stem = f"{first.isoformat()}_{last.isoformat()}"
    period = json.dumps({"since": first.isoformat(), "until": last.isoformat()})
    with tempfile.TemporaryDirectory() as build_dir:
        # A production build (absolute URLs, no drafts) that also writes the digest.
        _pelican(
            c, content, Path(build_dir), "publishconf.py", "-e", f"DIGEST={period}"
        )
        try:
            target.mkdir(parents=True, exist_ok=True)
            # The two files only: nothing else the build put beside them.
            made_here = Path(build_dir) / DIGEST_FOLDER
            for made in sorted(made_here.glob(f"{stem}.*")):
                if made.suffix in (".html", ".txt"):
                    shutil.copyfile(made, target / made.name)
                    size = made.stat().st_size // 1024
                    print(f"Wrote {target / made.name} ({size} KB)")
        except OSError as problem:
            raise Exit(
                f"error: cannot write the digest into {output} "
                f"({problem.strerror or problem}): choose another --output"
            ) from None


def _digest_folder(output: str) -> Path:
    """The digest's folder, or one line when a file stands where it would go."""
    folder = Path(output)
    for place in (folder, *folder.parents):
        if place.is_dir():
            break
        if place.exists() or place.is_symlink():
            raise Exit(
                f"error: --output {output} cannot be a folder: {place} is a file; "
                "choose a folder for the digest (nothing was written)"
            )
    return folder


@task(
    help={
        "target": "a folder, or user@host:/folder (default: $DEPLOY_TARGET)",
        "rollback": "make the release before the live one live again",
        "keep": "releases to keep for rollbacks (default 5)",
        "output": OUTPUT_HELP,
    }
)
def deploy(c, target="", rollback=False, keep="", output=str(OUTPUT)):
    """Upload output/ as a new release at the target and make it live in one step."""
    from charity_site_ops import deploying, publishing

    where = target or os.environ.get("DEPLOY_TARGET", "")
    if not where:
        raise Exit(
            "error: no deploy target: set DEPLOY_TARGET (a folder, or "
            "user@host:/folder) or pass --target"
        )
    try:
        # Every setting is read before anything at the target is touched.
        count = deploying.read_keep(keep)  # a string: invoke's int() would crash
        place = deploying.parse_target(where)
        # Extra ssh options (a port, a key), e.g. DEPLOY_SSH="-p 2222 -i ~/.ssh/site".
        options = _ssh_options(os.environ.get("DEPLOY_SSH", ""))
        if rollback:
            name = (
                deploying.rollback_remote(where, options)
                if isinstance(place, deploying.Remote)
                else deploying.rollback_local(place)
            )
            print(f"Rolled back {where}: {name} is live again")
            return
        site = _folder(output)
        # Before the lock, which would make the folders of a mistyped --output.
        deploying.check_published(site)
        # The publish lock: a publish cannot swap output/ in the middle of the
        # upload, and a second deploy of it waits its turn.
        with publishing.publish_lock(site):
            name = (
                deploying.deploy_remote(site, where, options, count)
                if isinstance(place, deploying.Remote)
                else deploying.deploy_local(site, place, count)
            )
        print(f"Deployed {output} to {where}: {name} is live")
    except (deploying.DeployError, publishing.PublishBusy) as problem:
        raise Exit(str(problem)) from None


def _ssh_options(text: str) -> list[str]:
    """DEPLOY_SSH as ssh's arguments, or one line when its quotes do not close."""
    from charity_site_ops import deploying

    try:
        return shlex.split(text)
    except ValueError as problem:
        raise deploying.DeployError(
            f"error: DEPLOY_SSH cannot be read ({problem}): close every quote in it"
        ) from None


@task(
    help={
        "all": "also remove the caches (images, parsed posts)",
        "output": "only this published folder (default: output)",
        "preview": "only this preview folder (default: preview)",
    }
)
def clean(c, all=False, output="", preview=""):
    """Remove the preview and the published site; keep the caches unless --all."""
    from charity_site_ops import publishing

    if output or preview:  # only what was named
        targets = [_folder(output)] if output else []
        previews = [_folder(preview)] if preview else []
    else:
        targets, previews = [OUTPUT], [PREVIEW]
    for folder in previews:
        publishing.discard(folder)
    for target in targets:
        if not target.parent.is_dir():
            continue
        try:
            with publishing.publish_lock(target):
                publishing.discard(target)
                publishing.remove_leftovers(target)
        except publishing.PublishBusy as busy:
            raise Exit(str(busy)) from None
    if all:
        shutil.rmtree(CACHE, ignore_errors=True)


@task(
    help={"k": "only tests matching this expression", "x": "stop at the first failure"}
)
def test(c, k="", x=False):
    """Run the whole test suite (unit, build, browser), then lint."""
    args = [PY, "-m", "pytest"]
    if k:
        args += ["-k", k]
    if x:
        args.append("-x")
    c.run(" ".join(map(_quote, args)))
    lint(c)


@task(
    help={
        "sizes": "corpus sizes, comma-separated (default: 100,1000)",
        "repeats": "runs of each build; the median is reported (default: 3)",
    }
)
def bench(c, sizes="100,1000", repeats=3):
    """Benchmark build speed against stock Pelican (and Hugo where installed)."""
    args = ["--sizes", *sizes.split(","), "--repeats", str(repeats)]
    c.run(" ".join(map(_quote, [PY, ROOT / "benchmarks" / "build_speed.py", *args])))


@task
def lint(c):
    """Check the code with ruff (lint and format)."""
    c.run(f"{_quote(PY)} -m ruff check .")
    c.run(f"{_quote(PY)} -m ruff format --check .")


@task
def lock(c):
    """Regenerate requirements.txt (the full lock) from requirements.in."""
    c.run(f"{_quote(PY)} -m pip install -q -r requirements.in")
    frozen = c.run(f"{_quote(PY)} -m pip freeze --exclude-editable", hide=True).stdout
    (ROOT / "requirements.txt").write_text(
        "# Full lock: every package the project installs, pinned exactly.\n"
        "# Edit requirements.in, then run 'invoke lock' to regenerate this file.\n"
        + frozen
    )


# The web editor's bundle, vendored: the site never loads a script from a CDN.
CMS_VENDOR = ROOT / "vendor" / "decap-cms"
CMS_PACKAGE = "decap-cms"
# The files of the npm package kept: the bundle and the notices of what it bundles.
# The chunks beside it in dist/ are CodeMirror modes for the code widget, which
# the site's editor does not use.
CMS_FILES = ("dist/decap-cms.js", "dist/decap-cms.js.LICENSE.txt")


def _vendor_npm(
    c, package: str, version: str, files: tuple[str, ...], folder: Path, licence: str
) -> dict:
    """Copy files out of an npm package into folder; return its package.json.

    `npm pack` into a temporary folder, so nothing is installed; a package whose
    licence is no longer the one we vendored it under is refused.
    """
    import hashlib
    import json
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        c.run(
            f"npm pack --silent --pack-destination {_quote(temp)} "
            f"{_quote(f'{package}@{version}')}",
            hide=True,
        )
        (tarball,) = Path(temp).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            manifest = json.load(archive.extractfile("package/package.json"))
            if manifest["license"] != licence:
                raise Exit(f"error: {package} is now {manifest['license']}")
            folder.mkdir(parents=True, exist_ok=True)
            for name in files:
                data = archive.extractfile(f"package/{name}").read()
                (folder / Path(name).name).write_bytes(data)
        manifest["tarball_sha256"] = hashlib.sha256(tarball.read_bytes()).hexdigest()
        # The registry's address of the tarball (a scoped name drops its scope).
        short = package.rsplit("/", 1)[-1]
        manifest["tarball"] = (
            f"https://registry.npmjs.org/{package}/-/{short}-{manifest['version']}.tgz"
        )
    return manifest


def _version_given(version: str, task_name: str, example: str) -> None:
    """Refuse a vendor task without --version in one line (a usage error)."""
    # An option, not a positional: invoke would read `TASK --help` as the version
    # and ask npm for it.
    if not version:
        raise Exit(
            f"error: give the exact version: invoke {task_name} --version {example}",
            code=2,
        )


@task(help={"version": "the exact decap-cms version to vendor, like 3.16.3"})
def vendor_cms(c, version=""):
    """Refresh vendor/decap-cms/ from the npm package (npm pack into a temp dir)."""
    import hashlib
    import json

    _version_given(version, "vendor-cms", "3.16.3")

    manifest = _vendor_npm(c, CMS_PACKAGE, version, CMS_FILES, CMS_VENDOR, "MIT")
    bundle = (CMS_VENDOR / "decap-cms.js").read_bytes()
    source = {
        "package": CMS_PACKAGE,
        "version": manifest["version"],
        "tarball": manifest["tarball"],
        "tarball_sha256": manifest["tarball_sha256"],
        "files": {Path(n).name: n for n in CMS_FILES},
        "bundle_sha256": hashlib.sha256(bundle).hexdigest(),
        "license": manifest["license"],
    }
    (CMS_VENDOR / "source.json").write_text(json.dumps(source, indent=2) + "\n")
    print(f"vendored {CMS_PACKAGE} {manifest['version']} ({len(bundle):,} bytes)")


@task(help={"folder": "where the screenshots go (default: docs/gallery)"})
def gallery(c, folder="docs/gallery"):
    """Screenshot every page type (375 and 1,280 px, light, dark): docs/gallery.md."""
    import tempfile

    from charity_site_ops.gallery import write_gallery

    with tempfile.TemporaryDirectory(prefix="gallery-") as shots:
        # The accessibility tests load every page type in every width and scheme
        # and keep a screenshot of each: the gallery is made from those.
        c.run(
            f"{_quote(PY)} -m pytest -q -p no:cacheprovider "
            "tests/browser/test_accessibility.py -k test_axe_finds_no_violations",
            env={"TEST_ARTIFACTS": shots},
        )
        count = write_gallery(Path(shots), ROOT / folder, ROOT / "docs" / "gallery.md")
    print(f"Wrote {count} screenshots to {folder}/ and docs/gallery.md")


FONT_PACKAGE = "@fontsource/atkinson-hyperlegible"
FONT_VENDOR = ROOT / "vendor" / "atkinson-hyperlegible"
FONT_FILES = (
    "files/atkinson-hyperlegible-latin-700-normal.woff",
    "files/atkinson-hyperlegible-latin-ext-700-normal.woff",
    "unicode.json",
    "LICENSE",
)


@task(
    help={"version": "the exact @fontsource/atkinson-hyperlegible version, like 5.3.0"}
)
def vendor_font(c, version=""):
    """Refresh vendor/atkinson-hyperlegible/ (the link-preview cards' font) from npm."""
    import json

    _version_given(version, "vendor-font", "5.3.0")

    manifest = _vendor_npm(c, FONT_PACKAGE, version, FONT_FILES, FONT_VENDOR, "OFL-1.1")
    source = {
        "package": FONT_PACKAGE,
        "version": manifest["version"],
        "tarball": manifest["tarball"],
        "tarball_sha256": manifest["tarball_sha256"],
        "files": list(FONT_FILES),
        "licence": manifest["license"],
    }
    (FONT_VENDOR / "source.json").write_text(json.dumps(source, indent=2) + "\n")
    print(f"vendored {FONT_PACKAGE} {manifest['version']}")
