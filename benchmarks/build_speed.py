"""Time builds, publishes and edit-to-browser of a generated site: ours, Pelican, Hugo.

Run by hand, never by the tests:
`.venv/bin/python benchmarks/build_speed.py [--sizes 100 1000 3000] [--repeats 3]`.
See benchmarks/README.md for what it measures and the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from corpus import SECTIONS, CorpusInfo, PostInfo, make_corpus
from edit_to_browser import EDITS, EditTimes, Server, free_port, measure

from charity_site_ops.pelican_cli import pelican_command

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
RESULTS = BENCHMARKS / "results" / "build_speed.json"
HUGO_LAYOUTS = BENCHMARKS / "hugo" / "layouts"
SITEURL = "https://bench.example"
SIZES = [100, 1000]
REPEATS = 3
LOG_TAIL = 40  # lines of a failed build's log to show

# The targets, checked at TARGET_SIZE posts (peak memory at MEMORY_SIZE).
# Each is a median (or a ratio of medians) over the repeats.
TARGET_SIZE = 1000
MEMORY_SIZE = 3000
MAX_EDIT_TO_BROWSER_S = 0.5  # ours: a save until the page shows it, through HTTP
MAX_NO_CHANGE_S = 0.5  # ours: a preview build with nothing changed
MAX_FULL_VS_STOCK = 1.5  # ours, cold preview ÷ stock Pelican, full (wall time)
MAX_FULL_CPU_VS_STOCK = 2.0  # the same in CPU time (every process, user + system)
MAX_PUBLISH_CPU_VS_PREVIEW = 1.5  # cold publish ÷ cold preview (CPU time)
MAX_PUBLISH_ONE_EDIT_S = 3.0  # a publish after one edit, with the last one's cache
MAX_PEAK_MB = 300  # any of our builds and publishes, at MEMORY_SIZE posts

OURS_FULL = "ours, full"
OURS_NO_CHANGE = "ours, no change"
OURS_ONE_EDIT = "ours, one edit"
PUBLISH_COLD = "publish, cold"
PUBLISH_ONE_EDIT = "publish, one edit"
STOCK = "stock Pelican"
HUGO = "Hugo"

# What `pelican-quickstart` writes (pelicanconf.py plus publishconf.py), filled in
# for this corpus. PLUGINS = [] also stops Pelican loading installed namespace
# plugins (pelican-sitemap is in the venv), which a fresh project would not have.
STOCK_SETTINGS = """\
AUTHOR = "CPSL Mind"
SITENAME = "CPSL Mind"
SITEURL = {siteurl!r}
PATH = {path!r}
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
LINKS = [
    ("Pelican", "https://getpelican.com/"),
    ("Python.org", "https://www.python.org/"),
    ("Jinja2", "https://palletsprojects.com/p/jinja/"),
]
SOCIAL = [("Another social link", "#")]
DEFAULT_PAGINATION = 10
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
STATIC_PATHS = ["images"]
PLUGINS = []
# The corpus's pages name templates (Template: get-help) that the default theme
# lacks; each is a plain page here, so Pelican does not stop on a missing template.
THEME_TEMPLATES_OVERRIDES = [{templates!r}]
"""
STOCK_PAGE_TEMPLATES = ("get-help", "newsletter", "privacy")

HUGO_CONFIG = """\
baseURL = "{siteurl}/"
languageCode = "en-gb"
title = "CPSL Mind"
# No redirect pages (page/1/ to the list): neither Pelican build writes any.
disableAliases = true
{pagination}
[params]
description = "Stories, campaigns, news and events."
sections = {sections}
[taxonomies]
tag = "tags"
author = "authors"
[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]
"""
# Hugo 0.128 replaced the `paginate` key with [pagination] and deprecated the old one.
HUGO_NEW_PAGINATION = (0, 128)
_HASHTAG_LINE = re.compile(r"^#\w+(?:[ \t]+#\w+)*[ \t]*$", re.MULTILINE)
_FILENAME_LINK = re.compile(r"\{filename\}/(\w+)/([\w-]+)\.md")


# Starts a build, waits for it with wait4 and writes its wall time and peak memory
# to argv[1]. It exists because Linux carries a parent's peak resident size into a
# child it forks (or vforks) and execs: measured straight from this process, which
# holds a whole corpus and Pillow, every build would seem to need at least as much
# as this process ever did. The launcher itself is about 10 MB (python -S, no
# imports beyond the standard ones), far below any build. wait4's ru_maxrss covers
# the build and the processes it reaped (the image pool's workers): it is the peak
# of the largest process, not a sum over them.
LAUNCHER = """\
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    cpu = usage.ru_utime + usage.ru_stime  # the build and every process it reaped
    json.dump({"seconds": seconds, "cpu": cpu, "maxrss_kb": usage.ru_maxrss}, out)
sys.exit(os.waitstatus_to_exitcode(status))
"""

# What `invoke publish` runs: the publish task's own function (the lock, a build
# with publishconf.py and --fatal warnings into a new folder beside the target,
# the swap), in a fresh process so the launcher can time it.
PUBLISH = """\
import sys
from pathlib import Path
from charity_site_ops.problems import TaskError
from charity_site_ops.publish import publish
try:
    print(publish(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])))
except TaskError as problem:
    print(problem)
    sys.exit(problem.code or 1)
"""


class BuildFailed(RuntimeError):
    """A build exited non-zero; the message ends with the tail of its log."""


@dataclass(frozen=True)
class Run:
    """One timed build."""

    seconds: float
    peak_mb: float
    pages: int
    cpu_seconds: float = 0.0


@dataclass
class Step:
    """The repeated runs of one kind of build, a row of the table."""

    name: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        """Median wall time, in seconds."""
        return statistics.median(run.seconds for run in self.runs)

    @property
    def median_cpu(self) -> float:
        """Median CPU time (user + system, every process), in seconds."""
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def fastest(self) -> float:
        """Fastest wall time, in seconds."""
        return min(run.seconds for run in self.runs)

    @property
    def peak_mb(self) -> float:
        """Highest peak memory over the runs."""
        return max(run.peak_mb for run in self.runs)

    @property
    def pages(self) -> int:
        """HTML files written by the last run."""
        return self.runs[-1].pages

    def summary(self) -> dict:
        """The step as JSON-ready data."""
        if not self.runs:
            return {"name": self.name, "skipped": self.note}
        return {
            "name": self.name,
            "median_s": round(self.median, 3),
            "min_s": round(self.fastest, 3),
            "median_cpu_s": round(self.median_cpu, 3),
            "peak_mb": round(self.peak_mb, 1),
            "pages": self.pages,
            "runs": [asdict(run) for run in self.runs],
            "note": self.note,
        }


def count_pages(output: Path) -> int:
    """How many HTML files a build wrote."""
    return sum(1 for _ in output.rglob("*.html"))


def timed(
    command: list[str], *, cwd: Path, env: dict[str, str], log: Path, output: Path
) -> Run:
    """Run one build and return its wall time, peak memory and pages written."""
    measured = log.with_suffix(".run.json")
    # The last run's files (and the folders just deleted) are still being written
    # out to disk; without this, that work lands in the next run's time.
    os.sync()
    # The launcher, not this process, starts the build: see LAUNCHER for why.
    launcher = [sys.executable, "-S", "-c", LAUNCHER, str(measured), *command]
    with log.open("wb") as sink:
        code = subprocess.run(
            launcher, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT
        ).returncode
    if code != 0:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        tail = "\n".join(lines[-LOG_TAIL:])
        raise BuildFailed(f"{' '.join(command)}\nexited {code}; the log ends:\n{tail}")
    run = json.loads(measured.read_text(encoding="utf-8"))
    return Run(
        round(run["seconds"], 3),
        round(run["maxrss_kb"] / 1024, 1),
        count_pages(output),
        round(run["cpu"], 3),
    )


def pelican_env(cache: Path) -> dict[str, str]:
    """The environment of our builds: the bench URL and caches under cache/."""
    return {
        **os.environ,
        "SITEURL": SITEURL,
        # Every cache (images/, pelican/) in the temporary folder, never the work tree.
        "SITE_CACHE": str(cache),
        "COLUMNS": "400",
    }


def progress(message: str) -> None:
    """Say what is running now (the whole run takes minutes)."""
    print(message, flush=True)


def _runner(
    command: list[str],
    work: Path,
    env: dict[str, str],
    log: Path,
    output: Path,
    repeats: int,
) -> Callable[[Step], Run]:
    """A function that times one run of command into a step, and says so."""

    def run(step: Step) -> Run:
        # cwd is the temporary folder: nothing a build does lands in the work tree.
        done = timed(command, cwd=work, env=env, log=log, output=output)
        step.runs.append(done)
        progress(f"  {step.name} {len(step.runs)}/{repeats}: {done.seconds:.2f} s")
        return done

    return run


def bench_ours(corpus: CorpusInfo, work: Path, repeats: int) -> list[Step]:
    """Full builds from nothing, rebuilds with nothing changed, and after one edit."""
    output, cache, log = work / "ours-out", work / "ours-cache", work / "ours.log"
    # The preview settings: rebuilds are what `make serve` does on every save (a
    # publish always starts from an empty folder). Stock Pelican's are its dev ones.
    command = pelican_command(corpus.root, output, ROOT / "pelicanconf.py")
    run = _runner(command, work, pelican_env(cache), log, output, repeats)
    full = Step(OURS_FULL, note="empty output and caches, pelicanconf.py")
    for _ in range(repeats):
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        run(full)

    no_change = Step(OURS_NO_CHANGE, note="output and caches of the previous run")
    for _ in range(repeats):
        run(no_change)
        if no_change.runs[-1].pages != full.pages:
            raise BuildFailed("a rebuild with nothing changed wrote other pages")

    one_edit = Step(OURS_ONE_EDIT, note="a sentence appended to one post")
    _time_edits(corpus, output, repeats, lambda: run(one_edit), "added to the post")
    return [full, no_change, one_edit]


def _time_edits(
    corpus: CorpusInfo, output: Path, repeats: int, run, wording: str
) -> None:
    """Append a sentence to one post before each run; each run must show it."""
    post = _post_to_edit(corpus)
    source = corpus.root / post.path
    original = source.read_bytes()
    try:
        for index in range(1, repeats + 1):
            sentence = f"We {wording} this line, edit number {index}."
            _edit(source, sentence)
            run()
            # The edited page must show the edit: a rebuild that skipped the post
            # would be fast and wrong.
            page = output / post.section / post.slug / "index.html"
            if sentence not in page.read_text(encoding="utf-8"):
                raise BuildFailed(f"the build did not update {post.path}")
    finally:
        source.write_bytes(original)  # the other builds see the corpus as made
        _bump_mtime(source)


def bench_publish(corpus: CorpusInfo, work: Path, repeats: int) -> list[Step]:
    """Cold publishes (empty target and cache), then publishes after one edit."""
    target, cache = work / "publish" / "site", work / "publish-cache"
    log = work / "publish.log"
    command = [sys.executable, "-c", PUBLISH, str(corpus.root), str(target)]
    command += [str(ROOT / "publishconf.py"), str(work / "last-publish.log")]
    run = _runner(command, work, pelican_env(cache), log, target, repeats)
    cold = Step(PUBLISH_COLD, note="invoke publish's code, empty target and cache")
    for _ in range(repeats):
        shutil.rmtree(target.parent, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        target.parent.mkdir(parents=True)
        run(cold)

    one_edit = Step(PUBLISH_ONE_EDIT, note="the last publish's cache and site kept")
    _time_edits(corpus, target, repeats, lambda: run(one_edit), "published")
    return [cold, one_edit]


def _post_to_edit(corpus: CorpusInfo) -> PostInfo:
    """A news post in the middle of the corpus (its edit changes lists and feeds)."""
    news = [post for post in corpus.posts if post.section == "news"]
    return news[len(news) // 2]


def _edit(source: Path, sentence: str) -> None:
    """Append a paragraph to a post's body and make sure its mtime moves."""
    with source.open("a", encoding="utf-8") as out:
        out.write(f"\n{sentence}\n")
    _bump_mtime(source)


def _bump_mtime(source: Path) -> None:
    """Set a file's mtime a second past its last one, so no cache can miss the edit."""
    # Two writes within one clock tick can share an mtime; Pelican's cache compares
    # mtimes, so move it on explicitly.
    stamp = max(time.time(), source.stat().st_mtime + 1)
    os.utime(source, (stamp, stamp))


def stock_settings(corpus: CorpusInfo, folder: Path) -> Path:
    """Write the quickstart settings (and page templates) for the corpus; the file."""
    templates = folder / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    for name in STOCK_PAGE_TEMPLATES:
        (templates / f"{name}.html").write_text('{% extends "page.html" %}\n')
    settings = folder / "pelicanconf.py"
    settings.write_text(
        STOCK_SETTINGS.format(
            siteurl=SITEURL, path=str(corpus.root), templates=str(templates)
        ),
        encoding="utf-8",
    )
    return settings


def stock_env() -> dict[str, str]:
    """The environment of stock Pelican's builds."""
    return {**os.environ, "SITEURL": SITEURL, "COLUMNS": "400"}


def bench_stock(corpus: CorpusInfo, work: Path, repeats: int) -> Step:
    """Full builds of the same corpus by the same Pelican with quickstart settings."""
    folder = work / "stock"
    settings = stock_settings(corpus, folder)
    output = folder / "out"
    command = pelican_command(corpus.root, output, settings)
    env = stock_env()
    step = Step(STOCK, note="pelican-quickstart settings, default theme, no plugins")
    for index in range(repeats):
        shutil.rmtree(output, ignore_errors=True)
        done = timed(command, cwd=folder, env=env, log=folder / "log", output=output)
        step.runs.append(done)
        progress(f"  {STOCK} {index + 1}/{repeats}: {done.seconds:.2f} s")
    return step


def hugo_version(hugo: str) -> tuple[int, int] | None:
    """Hugo's (major, minor) version, or None if it cannot say."""
    result = subprocess.run(
        [hugo, "version"], capture_output=True, text=True, check=False
    )
    found = re.search(r"v(\d+)\.(\d+)", result.stdout)
    return (int(found[1]), int(found[2])) if found else None


def _yaml_string(value: str) -> str:
    """A YAML scalar for any text: JSON strings are YAML double-quoted strings."""
    return json.dumps(value, ensure_ascii=False)


def hugo_site(corpus: CorpusInfo, site: Path, version: tuple[int, int]) -> Path:
    """Convert the corpus into a Hugo site: same posts, pages, tags, authors, photos."""
    for post in corpus.posts:
        text = (corpus.root / post.path).read_text(encoding="utf-8")
        body = text.split("\n\n", 1)[1]
        # Pelican's {filename}/{static} links become site paths; the hashtag line's
        # tags are already in post.tags, so the line itself goes.
        body = _FILENAME_LINK.sub(r"/\1/\2/", body).replace("{static}/", "/")
        body = _HASHTAG_LINE.sub("", body)
        # Pelican gives a post with no Authors the site's AUTHOR; so does this.
        authors = post.authors or ("CPSL Mind",)
        front = [
            "---",
            f"title: {_yaml_string(post.title)}",
            f"date: {post.date:%Y-%m-%dT%H:%M:%S}+00:00",
            f"summary: {_yaml_string(post.summary)}",
            f"tags: [{', '.join(_yaml_string(tag) for tag in post.tags)}]",
            f"authors: [{', '.join(_yaml_string(name) for name in authors)}]",
            "draft: false",
        ]
        if post.image:
            alt = text.split("Image_alt: ", 1)[1].split("\n", 1)[0]
            front += [f"image: /{post.image}", f"image_alt: {_yaml_string(alt)}"]
        target = site / "content" / post.section / f"{post.slug}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join([*front, "---", "", body]), encoding="utf-8")
    for page in corpus.pages:
        header, body = (corpus.root / page).read_text(encoding="utf-8").split("\n\n", 1)
        fields = dict(line.split(": ", 1) for line in header.splitlines())
        front = [
            "---",
            f"title: {_yaml_string(fields['Title'])}",
            f"summary: {_yaml_string(fields['Summary'])}",
            "---",
            "",
        ]
        # Top-level pages, at /about/ and so on, as on our site.
        (site / "content" / f"{page.stem}.md").write_text(
            "\n".join(front) + body, encoding="utf-8"
        )
    for photo in corpus.photos:
        target = site / "static" / photo
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus.root / photo, target)
    shutil.copytree(HUGO_LAYOUTS, site / "layouts")
    pagination = (
        "[pagination]\npagerSize = 10"
        if version >= HUGO_NEW_PAGINATION
        else "paginate = 10"
    )
    (site / "hugo.toml").write_text(
        HUGO_CONFIG.format(
            siteurl=SITEURL,
            pagination=pagination,
            sections=json.dumps(list(SECTIONS)),
        ),
        encoding="utf-8",
    )
    return site


@dataclass(frozen=True)
class Hugo:
    """The Hugo on the PATH and the corpus converted for it (site None: skipped)."""

    binary: str = ""
    version: tuple[int, int] = (0, 0)
    site: Path | None = None
    skipped: str = ""


def prepare_hugo(corpus: CorpusInfo, work: Path) -> Hugo:
    """Find Hugo and convert the corpus into a Hugo site, or say why not."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return Hugo(skipped="hugo is not on PATH (apt-get install hugo): skipped")
    version = hugo_version(hugo)
    if version is None:
        return Hugo(skipped="`hugo version` did not print a version: skipped")
    site = hugo_site(corpus, work / "hugo" / "site", version)
    return Hugo(hugo, version, site)


def bench_hugo(hugo: Hugo, work: Path, repeats: int) -> Step:
    """Full builds of the corpus, converted, by Hugo (skipped when it is missing)."""
    if hugo.site is None:
        return Step(HUGO, note=hugo.skipped)
    folder, site, version = work / "hugo", hugo.site, hugo.version
    output = folder / "out"
    command = [hugo.binary, "--source", str(site), "--destination", str(output)]
    command += ["--cacheDir", str(folder / "cache"), "--quiet"]
    step = Step(HUGO, note=f"hugo {version[0]}.{version[1]}, benchmarks/hugo layouts")
    for index in range(repeats):
        shutil.rmtree(output, ignore_errors=True)
        done = timed(
            command, cwd=folder, env=dict(os.environ), log=folder / "log", output=output
        )
        step.runs.append(done)
        progress(f"  {HUGO} {index + 1}/{repeats}: {done.seconds:.2f} s")
    return step


SERVER_OURS = "ours"
SERVER_STOCK = "stock Pelican"
SERVER_HUGO = "hugo server"


def preview_servers(corpus: CorpusInfo, work: Path, hugo: Hugo) -> list[Server]:
    """The three preview servers on the corpus, each watching the edited post."""
    post = _post_to_edit(corpus)
    port = free_port()
    ours = Server(
        SERVER_OURS,
        [
            *(sys.executable, "-m", "charity_site_ops.preview_server"),
            *("--root", str(ROOT), "--content", str(corpus.root)),
            *("--output", str(work / "serve-ours"), "--port", str(port)),
        ],
        cwd=work,
        # The builds' environment and caches: the server's first build reuses them.
        env=pelican_env(work / "ours-cache"),
        url=f"http://127.0.0.1:{port}/{post.section}/{post.slug}/",
        source=corpus.root / post.path,
        log=work / "serve-ours.log",
        note="python -m charity_site_ops.preview_server (pelicanconf.py)",
    )
    folder = work / "stock"
    port = free_port()
    live = ["--autoreload", "--listen", "-p", str(port), "-b", "127.0.0.1"]
    stock = Server(
        SERVER_STOCK,
        pelican_command(
            corpus.root, folder / "serve-out", stock_settings(corpus, folder), *live
        ),
        cwd=folder,
        env=stock_env(),
        # Quickstart's URLs: every post at /{slug}.html.
        url=f"http://127.0.0.1:{port}/{post.slug}.html",
        source=corpus.root / post.path,
        log=folder / "serve.log",
        note="pelican --autoreload --listen, quickstart settings",
    )
    servers = [ours, stock]
    if hugo.site is not None:
        port = free_port()
        command = [hugo.binary, "server", "--source", str(hugo.site)]
        command += ["--port", str(port), "--bind", "127.0.0.1"]
        # Fast render (Hugo's default, said explicitly): a change re-renders the
        # pages a browser has open first, here the one being polled.
        command += ["--cacheDir", str(work / "hugo" / "serve-cache")]
        command += ["--disableFastRender=false"]
        servers.append(
            Server(
                SERVER_HUGO,
                command,
                cwd=work / "hugo",
                env=dict(os.environ),
                url=f"http://127.0.0.1:{port}/{post.section}/{post.slug}/",
                source=hugo.site / "content" / post.section / f"{post.slug}.md",
                log=work / "hugo" / "serve.log",
                note=(
                    f"hugo {hugo.version[0]}.{hugo.version[1]} server, in memory, "
                    "fast render on"
                ),
            )
        )
    return servers


def bench_edit_to_browser(
    corpus: CorpusInfo, work: Path, hugo: Hugo, edits: int
) -> dict[str, EditTimes]:
    """Time saves to the browser on each preview server, one server at a time."""
    results: dict[str, EditTimes] = {}
    for server in preview_servers(corpus, work, hugo):
        progress(f"  edit to browser, {server.name} ({server.note})")
        results[server.name] = measure(
            server, edits=edits, doubles=edits, progress=progress
        )
        if results[server.name].error:
            progress(f"    {server.name} failed: {results[server.name].error}")
    if hugo.site is None:
        results[SERVER_HUGO] = EditTimes(SERVER_HUGO, note=hugo.skipped)
    return results


# Every figure the targets speak of, plus a few shown for comparison (no target):
# (name, label, unit, target, the size it is checked at).
FIGURES = [
    ("edit_to_browser_s", "edit to browser, ours", "s", MAX_EDIT_TO_BROWSER_S),
    ("two_saves_s", "two quick saves, ours", "s", None),
    ("no_change_s", "nothing changed, ours", "s", MAX_NO_CHANGE_S),
    ("full_vs_stock", "cold preview ÷ stock (wall)", "x", MAX_FULL_VS_STOCK),
    ("full_cpu_vs_stock", "cold preview ÷ stock (CPU)", "x", MAX_FULL_CPU_VS_STOCK),
    (
        "publish_cpu_vs_preview",
        "cold publish ÷ preview (CPU)",
        "x",
        MAX_PUBLISH_CPU_VS_PREVIEW,
    ),
    ("publish_one_edit_s", "publish after one edit", "s", MAX_PUBLISH_ONE_EDIT_S),
    ("peak_mb", "peak memory, ours", "MB", MAX_PEAK_MB),
    ("full_vs_hugo", "cold preview ÷ Hugo (wall)", "x", None),
    ("stock_edit_to_browser_s", "edit to browser, stock", "s", None),
    ("hugo_edit_to_browser_s", "edit to browser, Hugo", "s", None),
]


def checked_at(name: str) -> int:
    """The corpus size a figure's target is checked at."""
    return MEMORY_SIZE if name == "peak_mb" else TARGET_SIZE


def figure_values(
    steps: dict[str, Step], servers: dict[str, EditTimes]
) -> dict[str, float | None]:
    """Each figure's value for one size (None: not measured)."""

    def wall(name: str) -> float | None:
        step = steps.get(name)
        return step.median if step and step.runs else None

    def cpu(name: str) -> float | None:
        step = steps.get(name)
        return step.median_cpu if step and step.runs else None

    def ratio(top: float | None, bottom: float | None) -> float | None:
        return None if top is None or not bottom else top / bottom

    def server(name: str) -> EditTimes:
        return servers.get(name) or EditTimes(name)

    ours = (OURS_FULL, OURS_NO_CHANGE, OURS_ONE_EDIT, PUBLISH_COLD, PUBLISH_ONE_EDIT)
    peaks = [steps[name].peak_mb for name in ours if name in steps and steps[name].runs]
    return {
        "edit_to_browser_s": server(SERVER_OURS).median,
        "two_saves_s": server(SERVER_OURS).median_double,
        "no_change_s": wall(OURS_NO_CHANGE),
        "full_vs_stock": ratio(wall(OURS_FULL), wall(STOCK)),
        "full_cpu_vs_stock": ratio(cpu(OURS_FULL), cpu(STOCK)),
        "publish_cpu_vs_preview": ratio(cpu(PUBLISH_COLD), cpu(OURS_FULL)),
        "publish_one_edit_s": wall(PUBLISH_ONE_EDIT),
        "peak_mb": max(peaks) if peaks else None,
        "full_vs_hugo": ratio(wall(OURS_FULL), wall(HUGO)),
        "stock_edit_to_browser_s": server(SERVER_STOCK).median,
        "hugo_edit_to_browser_s": server(SERVER_HUGO).median,
    }


def figures(posts: int, values: dict[str, float | None]) -> list[dict]:
    """The figures of one size with their targets; a verdict only at the target size."""
    rows = []
    for name, label, unit, target in FIGURES:
        value = values[name]
        met = None
        if target is not None and value is not None and posts == checked_at(name):
            # Memory must stay under its ceiling; the rest may reach theirs. A
            # save that never showed is infinitely slow: a miss.
            met = value < target if name == "peak_mb" else value <= target
        rows.append(
            {
                "name": name,
                "label": label,
                "unit": unit,
                "value": None if value is None or value == float("inf") else value,
                "lost": value == float("inf"),
                "target": target,
                "checked_at": checked_at(name) if target is not None else None,
                "met": met,
            }
        )
    return rows


@dataclass
class SizeResult:
    """Every build, publish and preview server of one corpus size."""

    posts: int
    words: int
    photos: int
    repeats: int
    steps: dict[str, Step]
    servers: dict[str, EditTimes]

    def figures(self) -> list[dict]:
        """The figures against the targets."""
        return figures(self.posts, figure_values(self.steps, self.servers))

    def summary(self) -> dict:
        """The result as JSON-ready data."""
        return {
            "posts": self.posts,
            "words": self.words,
            "photos": self.photos,
            "repeats": self.repeats,
            "steps": [step.summary() for step in self.steps.values()],
            "edit_to_browser": [times.summary() for times in self.servers.values()],
            "figures": rounded(self.figures()),
        }


def bench_size(n: int, repeats: int, edits: int, keep: bool = False) -> SizeResult:
    """Make an n-post corpus in a temporary folder and time every build of it."""
    work = Path(tempfile.mkdtemp(prefix=f"build-speed-{n}-"))
    try:
        started = time.perf_counter()
        corpus = make_corpus(work / "content", n)
        made = time.perf_counter() - started
        progress(
            f"N = {n}: {corpus.size} posts, {corpus.words:,} words, "
            f"{len(corpus.photos)} photos, made in {made:.1f} s"
        )
        steps = {step.name: step for step in bench_ours(corpus, work, repeats)}
        steps.update((step.name, step) for step in bench_publish(corpus, work, repeats))
        steps[STOCK] = bench_stock(corpus, work, repeats)
        hugo = prepare_hugo(corpus, work)
        steps[HUGO] = bench_hugo(hugo, work, repeats)
        servers = bench_edit_to_browser(corpus, work, hugo, edits)
        if servers[SERVER_OURS].error:
            # Without our own server the run cannot say what it is for.
            raise BuildFailed(
                f"our preview server failed: {servers[SERVER_OURS].error}"
            )
    finally:
        if keep:
            progress(f"  kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return SizeResult(
        corpus.size, corpus.words, len(corpus.photos), repeats, steps, servers
    )


def _number(value: float | None, unit: str) -> str:
    """A figure as printed."""
    if value is None:
        return "—"
    if value == float("inf"):
        return "lost"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.2f}{' s' if unit == 's' else 'x'}"


def print_size(result: SizeResult) -> None:
    """Print one size's runs, its edit-to-browser times and its figures."""
    print()
    print(
        f"N = {result.posts} posts ({result.words:,} words, {result.photos} photos),"
        f" median of {result.repeats}"
    )
    print(
        f"{'run':<18} {'median s':>9} {'min s':>8} {'CPU s':>7} {'peak MB':>8}"
        f" {'pages':>6}"
    )
    for step in result.steps.values():
        if not step.runs:
            print(f"{step.name:<18} skipped: {step.note}")
            continue
        print(
            f"{step.name:<18} {step.median:>9.2f} {step.fastest:>8.2f}"
            f" {step.median_cpu:>7.2f} {step.peak_mb:>8.0f} {step.pages:>6}"
        )
    print()
    print("Edit to browser (seconds from the save to the first page showing it)")
    print(
        f"{'server':<18} {'first build':>11} {'one save':>9} {'two saves':>10}"
        f" {'lost':>5}"
    )
    for times in result.servers.values():
        if times.error:
            print(f"{times.name:<18} failed: {times.error.splitlines()[0]}")
        elif not times.edits:
            print(f"{times.name:<18} skipped: {times.note}")
        else:
            one, two = _number(times.median, "s"), _number(times.median_double, "s")
            print(
                f"{times.name:<18} {times.first_build_s:>10.2f}s"
                f" {one:>9} {two:>10} {times.lost():>5}"
            )
    print()
    for row in result.figures():
        shown = "lost" if row["lost"] else _number(row["value"], row["unit"])
        if row["target"] is None:
            print(f"{row['label']:<30} {shown:>8}  (no target)")
            continue
        limit = f"{'<' if row['name'] == 'peak_mb' else '≤'} {row['target']}"
        if row["met"] is None:
            verdict = f"checked at {row['checked_at']:,} posts"
            if row["value"] is None and not row["lost"]:
                verdict = "not measured"
        else:
            verdict = "PASS" if row["met"] else "MISS"
        print(f"{row['label']:<30} {shown:>8}  (target {limit})  {verdict}")


def rounded(rows: list[dict]) -> list[dict]:
    """The rows with their values to the millisecond, for the results file."""
    return [
        {**row, "value": None if row["value"] is None else round(row["value"], 3)}
        for row in rows
    ]


def target_verdicts(results: dict[int, SizeResult]) -> list[dict]:
    """Each target with the value at the size it is checked at, and PASS/MISS."""
    verdicts = []
    for name, label, unit, target in FIGURES:
        if target is None:
            continue
        size = checked_at(name)
        row = None
        if size in results:
            row = next(r for r in results[size].figures() if r["name"] == name)
        verdicts.append(
            {
                "name": name,
                "label": label,
                "unit": unit,
                "target": target,
                "posts": size,
                "value": row["value"] if row else None,
                "lost": row["lost"] if row else False,
                "met": row["met"] if row else None,
            }
        )
    return verdicts


def print_targets(verdicts: list[dict]) -> None:
    """Print the issue's targets with the measured value and PASS or MISS."""
    print()
    print("Targets")
    for row in verdicts:
        limit = f"{'<' if row['name'] == 'peak_mb' else '≤'} {row['target']}"
        at = f"at {row['posts']:,} posts"
        if row["met"] is None:
            print(
                f"{row['label']:<30} {'—':>8}  (target {limit} {at})  "
                f"not measured: add {row['posts']} to --sizes"
            )
            continue
        shown = "lost" if row["lost"] else _number(row["value"], row["unit"])
        verdict = "PASS" if row["met"] else "MISS"
        print(f"{row['label']:<30} {shown:>8}  (target {limit} {at})  {verdict}")


def sample_weights() -> list[dict]:
    """Build the sample site as lighthouse.py does and weigh one page per template."""
    # Reuse lighthouse.py's build and weight table: importing it has no side effects.
    from lighthouse import build_site, print_weights, weigh

    work = Path(tempfile.mkdtemp(prefix="build-speed-sample-"))
    try:
        site = build_site(work, SITEURL)
        rows = weigh(site, SITEURL)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print("Compressed weight (gzip -9) of HTML plus same-site CSS and JS, sample site")
    print_weights(rows)
    return rows


def _pelican_version() -> str:
    """The installed Pelican's version."""
    from importlib.metadata import version

    return version("pelican")


def main(argv: list[str] | None = None) -> int:
    """Run everything at every size; 0: no target missed, 1: one missed, 2: error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        type=int,
        default=SIZES,
        metavar="N",
        help=f"corpus sizes, in posts (default: {' '.join(map(str, SIZES))})",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=REPEATS,
        help=f"runs of each build; the median counts (default: {REPEATS})",
    )
    parser.add_argument(
        "--edits",
        type=int,
        default=EDITS,
        help=f"saves timed on each preview server, and quick pairs (default: {EDITS})",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep each size's temporary folder (corpus, outputs, logs)",
    )
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.edits < 1 or any(n < 2 for n in args.sizes):
        parser.error("--repeats and --edits must be at least 1, every size at least 2")

    # Other work on this small machine skews every timing: say how busy it was.
    load_before = os.getloadavg()[0]
    progress(f"Load average (1 min) before the run: {load_before:.2f}")
    started = time.perf_counter()
    results: dict[int, SizeResult] = {}
    try:
        for n in args.sizes:
            results[n] = bench_size(n, args.repeats, args.edits, args.keep)
    except BuildFailed as failure:
        print(f"\nThe bench could not run:\n{failure}", file=sys.stderr)
        return 2
    for result in results.values():
        print_size(result)
    verdicts = target_verdicts(results)
    print_targets(verdicts)
    weights = sample_weights()
    elapsed = time.perf_counter() - started

    # A target not measured in this run (its size not asked for) is not a miss.
    missed = [row["name"] for row in verdicts if row["met"] is False]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "generated": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {
                    "cores": os.cpu_count(),
                    "load_before": round(load_before, 2),
                    "python": platform.python_version(),
                    "pelican": _pelican_version(),
                },
                "siteurl": SITEURL,
                "targets": rounded(verdicts),
                "all_targets_met": not missed,
                "targets_missed": missed,
                "sizes": {str(n): result.summary() for n, result in results.items()},
                "sample_weights": weights,
                "elapsed_s": round(elapsed, 1),
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print()
    checked = sum(row["met"] is not None for row in verdicts)
    unmeasured = len(verdicts) - checked
    print(
        f"Targets: {checked - len(missed)} of {checked} measured met"
        + (f", {unmeasured} not measured" if unmeasured else "")
    )
    print(f"Took {elapsed:.0f} s; written to {RESULTS.relative_to(ROOT)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
