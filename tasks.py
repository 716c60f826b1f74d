"""Tasks for building, previewing, checking and publishing the site.

`invoke --list` shows every task; each has a one-line docstring. A task only
reads its arguments and calls the package that does the work,
`plugins/charity_site_ops/` (the publish, the deploy, the preview server, the
sample photos); a problem is one line and an exit status.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from invoke import Exit, task

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


@contextmanager
def _one_line() -> Iterator[None]:
    """A TaskError from the package as invoke's exit: its one line, its status."""
    from charity_site_ops.problems import TaskError

    try:
        yield
    except TaskError as problem:
        raise Exit(str(problem) or None, code=problem.code) from None


def _sample_photos(content: str) -> None:
    """Paint the sample photos if content holds the sample posts that use them."""
    from charity_site_ops.sample_photos import paint_for

    paint_for(content)


def _end_with_make() -> None:
    """Under make, have Linux stop this server when make ends, even by SIGKILL."""
    from charity_site.lifetime import set_parent_death_signal
    from charity_site_ops.commands import under_make

    # The recipe execs the server, so make is its parent: make passes SIGTERM
    # on, but a make killed outright (SIGKILL) cannot, and its server would
    # hold the port on. Best effort: elsewhere than Linux it is not needed
    # for SIGTERM and Ctrl+C.
    if under_make() and sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            set_parent_death_signal(signal.SIGTERM)


CONTENT_HELP = "content folder to build (default: content)"
OUTPUT_HELP = "folder to publish into (default: output)"
PREVIEW_HELP = "folder to write the preview into (default: preview)"


@task(help={"content": CONTENT_HELP, "output": PREVIEW_HELP})
def build(c, content="content", output=str(PREVIEW)):
    """Build a preview of the site into preview/ (drafts under /drafts/)."""
    from charity_site_ops.folders import preview_folder
    from charity_site_ops.pelican_cli import run_pelican

    with _one_line():
        folder = preview_folder(output, OUTPUT, PREVIEW)
        _sample_photos(content)
    code = run_pelican(content, folder, ROOT / "pelicanconf.py")
    if code:
        raise Exit(code=code)


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
    from charity_site_ops.folders import preview_folder
    from charity_site_ops.preview_server import read_port, serve_with_reload

    _end_with_make()
    with _one_line():
        number = read_port(port)  # a string: invoke's own int() would crash
        folder = preview_folder(output, OUTPUT, PREVIEW)
        _sample_photos(content)
        serve_with_reload(ROOT, Path(content), folder, port=number, host=host)


@task(
    help={
        "content": CONTENT_HELP,
        "port": "port to serve on (default 8000)",
    }
)
def serve_published(c, content="content", port="8000"):
    """Publish the site for http://127.0.0.1:8000 (not into output/) and serve it."""
    from charity_site_ops.preview_server import read_port
    from charity_site_ops.published_server import serve_published as serve_site

    _end_with_make()
    with _one_line():
        number = read_port(port)
        _sample_photos(content)
        serve_site(content, CACHE, ROOT / "publishconf.py", port=number)


@task(help={"content": CONTENT_HELP, "output": OUTPUT_HELP})
def publish(c, content="content", output=str(OUTPUT)):
    """Check and build the production site in one strict pass, then swap it in."""
    from charity_site_ops.folders import absolute_folder
    from charity_site_ops.publish import publish as publish_site

    with _one_line():
        # Demo data, not the publish's: only a content folder holding the
        # sample's posts gets their photos, before the publish starts.
        _sample_photos(content)
        line = publish_site(
            content,
            absolute_folder(output),
            ROOT / "publishconf.py",
            CACHE / "last-publish.log",
        )
    print(line)


NEW_HELP = """Usage: invoke new "TITLE" --section SECTION [--content FOLDER]

Start a new post or page, as a draft with guidance in it.

  make new TITLE="Our walk for hope" SECTION=stories
  .venv/bin/invoke new "Our walk for hope" --section stories

SECTION is stories, campaigns, news, events, or pages (for a page).
The file is content/SECTION/our-walk-for-hope.md; nothing is published until
you delete its 'Status: draft' line."""


@task(
    help={
        "title": "the new post's title, in quotes",
        "section": "stories, campaigns, news, events, or pages for a page",
        "content": "content folder (default: content)",
    }
)
def new(c, title, section="", content="content"):
    """Start a new post or page (a draft) with its header fields and guidance."""
    from charity_site_ops.commands import under_make
    from charity_site_ops.scaffold import start_post

    if title in ("-h", "--help"):  # invoke reads `new --help` as the title
        print(NEW_HELP)
        return
    if title.startswith("-"):  # an option is never a title: never write a file
        example = (
            'make new TITLE="Our walk for hope" SECTION=stories'
            if under_make()
            else 'invoke new "Our walk for hope" --section stories'
        )
        raise Exit(
            f"error: '{title}' looks like an option, not a title: write the "
            f"title in quotes, like {example}"
        )
    with _one_line():
        path = start_post(title, section, Path(content), ROOT / "pelicanconf.py")
    print(
        f"Wrote {path} (a draft): fill in the header, write below it, then "
        "check it with: make check"
    )


@task(help={"content": "content folder to check (default: content)"})
def check(c, content="content"):
    """Check every post as a publish would: file:line: error|warning: what — fix."""
    from charity_site_ops.pelican_cli import check_site

    with _one_line():
        _sample_photos(content)  # the sample posts use them: made on first use
    if check_site(content, ROOT / "publishconf.py"):
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
    from charity_site_ops.commands import command_hint
    from charity_site_ops.digest import plan_digest, write_digest

    # An option, not a positional: invoke would read `digest --help` as the date.
    if not since:
        example = command_hint("digest", "since", "2025-09-01")
        raise Exit(f"error: give the first day of the period: {example}", code=2)
    with _one_line():
        plan = plan_digest(since, until, content, output, ROOT / "publishconf.py")
        _sample_photos(content)
        write_digest(plan, ROOT / "publishconf.py")


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
    from charity_site_ops import deploying
    from charity_site_ops.folders import absolute_folder

    where = target or os.environ.get("DEPLOY_TARGET", "")
    # Extra ssh options (a port, a key), e.g. DEPLOY_SSH="-p 2222 -i ~/.ssh/site".
    ssh = os.environ.get("DEPLOY_SSH", "")
    with _one_line():
        if rollback:
            # Undo the last deploy where it went: `make deploy TARGET=...` then
            # `make rollback`, with no target typed twice.
            where = where or deploying.remembered_target(CACHE)
            name = deploying.rollback(where, keep, ssh)
            print(f"Rolled back {where}: {name} is live again")
            return
        name = deploying.deploy(where, absolute_folder(output), keep, ssh)
        deploying.remember_target(CACHE, where)
    print(f"Deployed {output} to {where}: {name} is live")


@task(
    help={
        "file": "the post to proof, like content/stories/our-walk.md (required)",
        "output": "a file or folder for the proof (default: .cache/proofs/)",
    }
)
def proof(c, file="", output=""):
    """Make one post a self-contained HTML file (a proof) to send its storyteller."""
    from charity_site_ops.commands import command_hint

    # An option, not a positional: invoke would read `proof --help` as the file.
    if not file:
        example = command_hint("proof", "file", "content/stories/our-walk.md")
        raise Exit(f"error: name the post to proof: {example}", code=2)
    from charity_site_ops.proof import make_proof

    with _one_line():
        made = make_proof(Path(file), Path(output) if output else None)
    print(f"Wrote {made}")


@task(
    help={
        "all": "also remove the caches (images, parsed posts)",
        "output": "only this published folder (default: output)",
        "preview": "only this preview folder (default: preview)",
    }
)
def clean(c, all=False, output="", preview=""):
    """Remove the preview and the published site; keep the caches unless --all."""
    from charity_site_ops.folders import absolute_folder
    from charity_site_ops.publish import clean as remove

    if output or preview:  # only what was named
        targets = [absolute_folder(output)] if output else []
        previews = [absolute_folder(preview)] if preview else []
    else:
        targets, previews = [OUTPUT], [PREVIEW]
    with _one_line():
        remove(targets, previews)
    if all:
        shutil.rmtree(CACHE, ignore_errors=True)


@task(
    help={
        "k": "only tests matching this expression",
        "x": "stop at the first failure",
        "workers": "test processes (default: one a core; 0 runs in this one)",
    }
)
def test(c, k="", x=False, workers="auto"):
    """Run the whole test suite (unit, build, browser), then lint."""
    # A worker a core (pytest-xdist): tests/conftest.py sends whole modules to a
    # worker and every browser test to one, so Chromium starts once.
    args = [PY, "-m", "pytest", "-n", str(workers)]
    # The tests run the tasks as a person would from a terminal: under `make
    # test` make's MAKELEVEL would turn every message into its make form.
    os.environ.pop("MAKELEVEL", None)
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


# The vendored files: the site never loads a script or a font from a CDN.
CMS_VENDOR = ROOT / "vendor" / "decap-cms"
FONT_VENDOR = ROOT / "vendor" / "atkinson-hyperlegible"


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
    from charity_site_ops.vendoring import vendor_cms as refresh

    _version_given(version, "vendor-cms", "3.16.3")
    with _one_line():
        print(refresh(lambda command: c.run(command, hide=True), version, CMS_VENDOR))


@task(help={"folder": "where the screenshots go (default: docs/gallery)"})
def gallery(c, folder="docs/gallery"):
    """Screenshot every page type (375 and 1,280 px, light, dark): docs/gallery.md."""
    from charity_site_ops.gallery import make_gallery

    count = make_gallery(
        lambda command, env: c.run(command, env=env), ROOT, ROOT / folder
    )
    print(f"Wrote {count} screenshots to {folder}/ and docs/gallery.md")


@task(
    help={"version": "the exact @fontsource/atkinson-hyperlegible version, like 5.3.0"}
)
def vendor_font(c, version=""):
    """Refresh vendor/atkinson-hyperlegible/ (the link-preview cards' font) from npm."""
    from charity_site_ops.vendoring import vendor_font as refresh

    _version_given(version, "vendor-font", "5.3.0")
    with _one_line():
        print(refresh(lambda command: c.run(command, hide=True), version, FONT_VENDOR))
