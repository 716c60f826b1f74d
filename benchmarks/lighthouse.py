"""Build the sample site, serve it locally and score key pages with Lighthouse.

Run by hand, never by the tests: `.venv/bin/python benchmarks/lighthouse.py`.
See benchmarks/README.md for what it measures and the targets.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from page_weight import BUDGET_BYTES, page_weight

from support.browser import FLAGS, find_chromium

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
LIGHTHOUSE = BENCHMARKS / "node_modules" / ".bin" / "lighthouse"
RESULTS = BENCHMARKS / "results" / "lighthouse.json"

# Pages that Lighthouse scores: one of each kind a visitor most often lands on.
# The pages that have the problems a theme gets wrong: pictures (a landscape
# hero, a portrait one), an event, the newsletter form, a list of topics.
LIGHTHOUSE_PAGES = [
    "/",
    "/stories/joy-walking-back-to-myself/",  # landscape hero
    "/news/volunteering-with-us/",  # portrait hero (a phone photo, turned upright)
    "/events/good-mood-cafe-st-neots/",  # an event with a picture
    "/newsletter/",
    "/tags/cpslmind/",
]

# One page of each template, for the weight table.
WEIGHT_PAGES = {
    "home": "/",
    "article": "/news/co-production-week-2025/",
    "page": "/about/",
    "get-help": "/get-help/",
    "section": "/news/",
    "tag": "/tags/cpslmind/",
    "tag index": "/tags/",
    "author": "/authors/cpsl-mind/",
    "archives": "/archives/",
    "404": "/404.html",
}
# The issue sets the 14 KB budget for these; the others are shown for comparison.
BUDGET_PAGES = {"home", "article"}

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}

# Headless, with the flags the browser tests use (tests/support/browser.py).
CHROME_FLAGS = ["--headless=new", *FLAGS]
# Audits that never pass or fail, so they are not work for a developer.
UNSCORED_MODES = {"informative", "notApplicable", "manual"}
ITEMS_SHOWN = 3
# Audits that judge the server rather than the site: this benchmark's plain static
# server neither compresses nor sets cache headers, while a real host does both.
SERVER_AUDITS = {
    "uses-text-compression": "the local server does not compress",
    "uses-long-cache-ttl": "the local server sends no cache headers",
}


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler that keeps its request log out of the report."""

    def log_message(self, format: str, *args: object) -> None:
        """Drop the per-request log line."""


@contextmanager
def serve(directory: Path, server: ThreadingHTTPServer) -> Iterator[None]:
    """Serve a folder from an already bound server in a background thread."""
    server.RequestHandlerClass = functools.partial(QuietHandler, directory=directory)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def build_site(work: Path, siteurl: str) -> Path:
    """Build the sample content with publishconf into work/output and return it."""
    # The tests' helpers build exactly as `invoke build` does; reuse them rather than
    # keep a second copy of those steps here.
    from support.site import build, copy_content

    content = copy_content(work / "content")
    result = build(content, work / "output", "publishconf.py", siteurl=siteurl)
    if result.returncode != 0:
        print(result.log, file=sys.stderr)
        raise SystemExit(f"Pelican failed with exit code {result.returncode}")
    return result.output


def ensure_lighthouse() -> None:
    """Install the pinned Lighthouse from package-lock.json if it is not there."""
    if LIGHTHOUSE.exists():
        return
    print("benchmarks/node_modules is missing: running npm ci --prefix benchmarks")
    subprocess.run(["npm", "ci", "--prefix", str(BENCHMARKS)], cwd=ROOT, check=True)


def run_lighthouse(url: str, report: Path, chrome: str) -> dict:
    """Run Lighthouse (mobile, its defaults) on one URL and return its JSON report."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--chrome-flags=" + " ".join(CHROME_FLAGS),
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300
    )
    if result.returncode != 0 or not report.exists():
        raise RuntimeError(
            f"Lighthouse failed on {url} (exit {result.returncode}):\n"
            f"{result.stderr.strip()}"
        )
    lhr = json.loads(report.read_text(encoding="utf-8"))
    if lhr.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not load {url}: {lhr['runtimeError']}")
    return lhr


def summarise(path: str, lhr: dict) -> dict:
    """Scores (0–100) and failing audits from one Lighthouse report."""
    scores = {}
    for name in CATEGORIES:
        score = lhr["categories"][name]["score"]
        scores[name] = None if score is None else round(score * 100)

    failing = []
    errored = []
    for name in CATEGORIES:
        for ref in lhr["categories"][name]["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if audit["scoreDisplayMode"] in UNSCORED_MODES:
                continue
            if audit["scoreDisplayMode"] == "error":
                # Lighthouse itself broke (often a newer Chromium than it knows):
                # nothing to fix in the site, but worth knowing the audit is blind.
                errored.append(
                    {
                        "category": name,
                        "id": audit["id"],
                        "title": audit["title"],
                        "weight": ref["weight"],
                        "error": audit.get("errorMessage", ""),
                    }
                )
                continue
            if audit["score"] is not None and audit["score"] >= 1:
                continue
            failing.append(
                {
                    "category": name,
                    "id": audit["id"],
                    "title": audit["title"],
                    "score": audit["score"],
                    # Weight 0 means shown by Lighthouse but not counted in the score.
                    "weight": ref["weight"],
                    "display_value": audit.get("displayValue", ""),
                    "items": _items(audit),
                    "server_only": SERVER_AUDITS.get(audit["id"], ""),
                }
            )
    return {
        "page": path,
        "url": lhr["finalDisplayedUrl"],
        "scores": scores,
        "meets_targets": all(
            scores[name] is not None and scores[name] >= target
            for name, target in TARGETS.items()
        ),
        "failing_audits": failing,
        "errored_audits": errored,
        "warnings": lhr.get("runWarnings", []),
    }


def _items(audit: dict) -> list[str]:
    """A few short pointers (element or URL) to what an audit found wrong."""
    details = audit.get("details") or {}
    found = []
    for item in details.get("items", [])[:ITEMS_SHOWN]:
        if not isinstance(item, dict):
            continue
        node = item.get("node")
        if isinstance(node, dict):
            found.append(node.get("snippet") or node.get("selector") or "")
        elif item.get("url"):
            found.append(str(item["url"]))
        elif item.get("source"):
            found.append(str(item["source"]))
        elif item.get("description"):
            found.append(str(item["description"]))
    return [text for text in found if text]


def weigh(site: Path, siteurl: str) -> list[dict]:
    """Compressed weight of one page of each template."""
    rows = []
    for kind, url in WEIGHT_PAGES.items():
        file = site / url.lstrip("/")
        if url.endswith("/"):
            file /= "index.html"
        if not file.is_file():
            rows.append({"kind": kind, "page": url, "missing": True})
            continue
        weight = page_weight(file, site, siteurl=siteurl)
        rows.append(
            {"kind": kind, "page": url, "target": kind in BUDGET_PAGES, **weight}
        )
    return rows


def print_scores(summaries: list[dict]) -> None:
    """Print the score table and the audits to fix."""
    width = max(len(s["page"]) for s in summaries)
    header = f"{'page':<{width}}  " + "  ".join(f"{name:>14}" for name in CATEGORIES)
    print(header + "  targets")
    for summary in summaries:
        cells = "  ".join(
            f"{'—' if score is None else score:>14}"
            for score in summary["scores"].values()
        )
        met = "met" if summary["meets_targets"] else "MISSED"
        print(f"{summary['page']:<{width}}  {cells}  {met}")

    print()
    for summary in summaries:
        failing = summary["failing_audits"]
        print(f"Failing audits on {summary['page']}: {len(failing) or 'none'}")
        for audit in failing:
            score = "—" if audit["score"] is None else f"{audit['score']:.2f}"
            value = f" ({audit['display_value']})" if audit["display_value"] else ""
            weight = "" if audit["weight"] else ", not scored"
            if audit["server_only"]:
                weight += f", {audit['server_only']}"
            print(
                f"  [{audit['category']}{weight}] {audit['id']}: {audit['title']}"
                f"{value}, score {score}"
            )
            for item in audit["items"]:
                print(f"      {_one_line(item)}")
        if summary["errored_audits"]:
            ids = ", ".join(audit["id"] for audit in summary["errored_audits"])
            print(f"  Lighthouse could not run: {ids}")
            # One message is enough: they usually share the same cause.
            first = summary["errored_audits"][0]["error"]
            print(f"      {_one_line(first)}")
        for warning in summary["warnings"]:
            print(f"  warning: {_one_line(warning)}")


def print_weights(rows: list[dict]) -> None:
    """Print the compressed weight of each template against the 14 KB budget."""
    print(
        f"{'kind':<10} {'page':<32} {'HTML':>7} {'HTML gz':>8} {'assets':>6}"
        f" {'gz total':>9}  ≤ {BUDGET_BYTES:,} B"
    )
    for row in rows:
        if row.get("missing"):
            print(f"{row['kind']:<10} {row['page']:<32} not built")
            continue
        within = "yes" if row["within_budget"] else "NO"
        note = " (target)" if row["target"] else ""
        print(
            f"{row['kind']:<10} {row['page']:<32} {row['html']:>7,}"
            f" {row['html_gzip']:>8,} {len(row['assets']):>6} {row['gzip_total']:>9,}"
            f"  {within}{note}"
        )
        for missing in row["missing"]:
            print(f"{'':<10} referenced but not built: {missing}")


def _one_line(text: str, limit: int = 160) -> str:
    """Text squeezed onto one line and cut to a readable length."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    """Build, serve, score and weigh the sample site; 0 if every target is met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="PATH",
        help=f"site paths for Lighthouse (default: {' '.join(LIGHTHOUSE_PAGES)})",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary build (site and raw reports) and print its path",
    )
    args = parser.parse_args(argv)
    pages = args.pages or LIGHTHOUSE_PAGES

    chrome = os.environ.get("CHROME_PATH") or find_chromium() or "/usr/bin/chromium"
    if not Path(chrome).is_file():
        print(f"No Chromium at {chrome}: install Debian's chromium or set CHROME_PATH")
        return 2
    ensure_lighthouse()

    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    # Bind first (port 0 lets the system pick a free port) so the site can be built
    # for its real address and no other program can take the port in between.
    server = ThreadingHTTPServer(("127.0.0.1", 0), QuietHandler)
    siteurl = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        print(f"Building the sample site for {siteurl} …", flush=True)
        site = build_site(work, siteurl)
        reports = work / "reports"
        reports.mkdir()
        summaries = []
        with serve(site, server):
            for index, page in enumerate(pages):
                path = "/" + page.lstrip("/")
                print(f"Lighthouse {path} …", flush=True)
                report = reports / f"{index}.report.json"
                lhr = run_lighthouse(siteurl + path, report, chrome)
                summaries.append(summarise(path, lhr))
            version = lhr["lighthouseVersion"]
        weights = weigh(site, siteurl)
    finally:
        if args.keep:
            print(f"Build kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"Lighthouse {version}, mobile, simulated throttling")
    print_scores(summaries)
    print()
    print("Compressed weight (gzip -9) of HTML plus same-site CSS and JS")
    print_weights(weights)

    over_budget = [r for r in weights if r.get("target") and not r["within_budget"]]
    met = all(s["meets_targets"] for s in summaries) and not over_budget
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "generated": datetime.now(UTC).isoformat(timespec="seconds"),
                "lighthouse_version": version,
                "form_factor": "mobile",
                "targets": {**TARGETS, "gzip_budget_bytes": BUDGET_BYTES},
                "all_targets_met": met,
                "pages": summaries,
                "weights": weights,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print()
    print(f"All targets met: {'yes' if met else 'no'}")
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
