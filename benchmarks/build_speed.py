"""Time full and incremental builds of a generated site: ours, stock Pelican and Hugo.

Run by hand, never by the tests:
`.venv/bin/python benchmarks/build_speed.py [--sizes 100 1000] [--repeats 3]`.
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
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from corpus import SECTIONS, CorpusInfo, PostInfo, make_corpus

from charity_site_ops.pelican_cli import pelican_command

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
RESULTS = BENCHMARKS / "results" / "build_speed.json"
HUGO_LAYOUTS = BENCHMARKS / "hugo" / "layouts"
SITEURL = "https://bench.example"
SIZES = [100, 1000]
REPEATS = 3
LOG_TAIL = 40  # lines of a failed build's log to show

# The targets; each ratio is a median over a median.
MAX_FULL_VS_STOCK = 0.9  # ours, full build ÷ stock Pelican, full build (wall time)
MAX_FULL_CPU_VS_STOCK = 1.0  # the same in CPU time (every process, user + system)
MAX_NO_CHANGE_SHARE = 0.25  # ours, rebuild with nothing changed ÷ ours, full
MAX_ONE_EDIT_SHARE = 0.50  # ours, rebuild after editing one post ÷ ours, full
MAX_PEAK_MB = 300  # ours, any run

OURS_FULL = "ours, full"
OURS_NO_CHANGE = "ours, no change"
OURS_ONE_EDIT = "ours, one edit"
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


def bench_ours(corpus: CorpusInfo, work: Path, repeats: int) -> list[Step]:
    """Full builds from nothing, rebuilds with nothing changed, and after one edit."""
    output, cache, log = work / "ours-out", work / "ours-cache", work / "ours.log"
    # The preview settings: rebuilds are what `make serve` does on every save (a
    # publish always starts from an empty folder). Stock Pelican's are its dev ones.
    command = pelican_command(corpus.root, output, ROOT / "pelicanconf.py")
    env = pelican_env(cache)

    def run(step: Step) -> Run:
        # cwd is the temporary folder: nothing a build does lands in the work tree.
        done = timed(command, cwd=work, env=env, log=log, output=output)
        step.runs.append(done)
        progress(f"  {step.name} {len(step.runs)}/{repeats}: {done.seconds:.2f} s")
        return done

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
    post = _post_to_edit(corpus)
    source = corpus.root / post.path
    original = source.read_bytes()
    try:
        for index in range(1, repeats + 1):
            sentence = f"We added this line to the post, edit number {index}."
            _edit(source, sentence)
            run(one_edit)
            # The edited page must show the edit: a rebuild that skipped the post
            # would be fast and wrong.
            page = output / post.section / post.slug / "index.html"
            if sentence not in page.read_text(encoding="utf-8"):
                raise BuildFailed(f"the rebuild did not update {post.path}")
    finally:
        source.write_bytes(original)  # the other builds see the corpus as made
        _bump_mtime(source)
    return [full, no_change, one_edit]


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


def bench_stock(corpus: CorpusInfo, work: Path, repeats: int) -> Step:
    """Full builds of the same corpus by the same Pelican with quickstart settings."""
    folder = work / "stock"
    templates = folder / "templates"
    templates.mkdir(parents=True)
    for name in STOCK_PAGE_TEMPLATES:
        (templates / f"{name}.html").write_text('{% extends "page.html" %}\n')
    settings = folder / "pelicanconf.py"
    settings.write_text(
        STOCK_SETTINGS.format(
            siteurl=SITEURL, path=str(corpus.root), templates=str(templates)
        ),
        encoding="utf-8",
    )
    output = folder / "out"
    command = pelican_command(corpus.root, output, settings)
    env = {**os.environ, "SITEURL": SITEURL, "COLUMNS": "400"}
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


def bench_hugo(corpus: CorpusInfo, work: Path, repeats: int) -> Step:
    """Full builds of the corpus, converted, by Hugo (skipped when it is missing)."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return Step(HUGO, note="hugo is not on PATH (apt-get install hugo)")
    version = hugo_version(hugo)
    if version is None:
        return Step(HUGO, note="`hugo version` did not print a version")
    folder = work / "hugo"
    site = hugo_site(corpus, folder / "site", version)
    output = folder / "out"
    command = [hugo, "--source", str(site), "--destination", str(output)]
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


def compare(steps: dict[str, Step]) -> list[dict]:
    """The ratios between rows, each with its target (None: shown only) and verdict."""
    full = steps[OURS_FULL].median
    rows = [
        ("full_vs_stock", "ours full ÷ stock Pelican", STOCK, MAX_FULL_VS_STOCK),
        (
            "full_cpu_vs_stock",
            "CPU: ours full ÷ stock",
            STOCK,
            MAX_FULL_CPU_VS_STOCK,
        ),
        ("full_vs_hugo", "ours full ÷ Hugo", HUGO, None),
        (
            "no_change_share",
            "no change ÷ ours full",
            OURS_NO_CHANGE,
            MAX_NO_CHANGE_SHARE,
        ),
        ("one_edit_share", "one edit ÷ ours full", OURS_ONE_EDIT, MAX_ONE_EDIT_SHARE),
    ]
    ratios = []
    for name, label, other, top in rows:
        step = steps[other]
        value = None
        if step.runs:
            # Against another tool: how many times as long ours takes. Against our
            # own full build: what share of it a rebuild costs.
            if name == "full_cpu_vs_stock":
                value = steps[OURS_FULL].median_cpu / step.median_cpu
            elif other in (STOCK, HUGO):
                value = full / step.median
            else:
                value = step.median / full
        met = None if top is None or value is None else value <= top
        ratios.append(
            {"name": name, "label": label, "value": value, "target": top, "met": met}
        )
    ours = (OURS_FULL, OURS_NO_CHANGE, OURS_ONE_EDIT)
    peak = max(steps[name].peak_mb for name in ours)
    ratios.append(
        {
            "name": "peak_mb",
            "label": "peak memory of ours, MB",
            "value": peak,
            "target": MAX_PEAK_MB,
            "met": peak < MAX_PEAK_MB,
        }
    )
    return ratios


@dataclass
class SizeResult:
    """Every build of one corpus size."""

    posts: int
    words: int
    photos: int
    repeats: int
    steps: dict[str, Step]

    def ratios(self) -> list[dict]:
        """The ratios against the targets."""
        return compare(self.steps)

    def summary(self) -> dict:
        """The result as JSON-ready data."""
        return {
            "posts": self.posts,
            "words": self.words,
            "photos": self.photos,
            "repeats": self.repeats,
            "steps": [step.summary() for step in self.steps.values()],
            "ratios": self.ratios(),
        }


def bench_size(n: int, repeats: int, keep: bool = False) -> SizeResult:
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
        steps[STOCK] = bench_stock(corpus, work, repeats)
        steps[HUGO] = bench_hugo(corpus, work, repeats)
    finally:
        if keep:
            progress(f"  kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return SizeResult(corpus.size, corpus.words, len(corpus.photos), repeats, steps)


def print_size(result: SizeResult) -> None:
    """Print one size's table of runs and its ratios against the targets."""
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
    for ratio in result.ratios():
        value, top = ratio["value"], ratio["target"]
        if value is None:
            print(f"{ratio['label']:<26} {'—':>7}  (not measured)")
            continue
        if ratio["name"] == "peak_mb":
            shown, target = f"{value:.0f}", f"target < {top}"
        else:
            shown = f"{value:.2f}"
            target = "no target" if top is None else f"target ≤ {top:.2f}"
        verdict = "" if ratio["met"] is None else ("met" if ratio["met"] else "MISSED")
        print(f"{ratio['label']:<26} {shown:>7}  ({target})  {verdict}".rstrip())


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
    """Run every build at every size; 0 if every target is met, 1 if not, 2 on error."""
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
        "--keep",
        action="store_true",
        help="keep each size's temporary folder (corpus, outputs, logs)",
    )
    args = parser.parse_args(argv)
    if args.repeats < 1 or any(n < 2 for n in args.sizes):
        parser.error("--repeats must be at least 1 and every size at least 2")

    # Other work on this small machine skews every timing: say how busy it was.
    load_before = os.getloadavg()[0]
    progress(f"Load average (1 min) before the run: {load_before:.2f}")
    started = time.perf_counter()
    results: dict[int, SizeResult] = {}
    try:
        for n in args.sizes:
            results[n] = bench_size(n, args.repeats, args.keep)
    except BuildFailed as failure:
        print(f"\nA build failed, so nothing was measured:\n{failure}", file=sys.stderr)
        return 2
    for result in results.values():
        print_size(result)
    weights = sample_weights()
    elapsed = time.perf_counter() - started

    summaries = {str(n): result.summary() for n, result in results.items()}
    # A ratio that could not be measured (no Hugo) is neither met nor missed.
    verdicts = [r["met"] for summary in summaries.values() for r in summary["ratios"]]
    met = all(verdict is not False for verdict in verdicts)
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
                "targets": {
                    "full_vs_stock": MAX_FULL_VS_STOCK,
                    "full_cpu_vs_stock": MAX_FULL_CPU_VS_STOCK,
                    "no_change_share": MAX_NO_CHANGE_SHARE,
                    "one_edit_share": MAX_ONE_EDIT_SHARE,
                    "peak_mb": MAX_PEAK_MB,
                },
                "all_targets_met": met,
                "sizes": summaries,
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
    print(f"All targets met: {'yes' if met else 'no'}")
    print(f"Took {elapsed:.0f} s; written to {RESULTS.relative_to(ROOT)}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
