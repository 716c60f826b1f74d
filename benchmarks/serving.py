"""Serving under load: nginx with deploy/nginx.conf over the published sample site.

Publishes the sample content into a temporary folder, serves it with Debian's
nginx on 127.0.0.1 only, and runs wrk (Debian's) for a few seconds against the
home page and the all-posts feed, asking for gzip as browsers do. Prints requests
per second and the 99th-percentile latency; writes benchmarks/results/serving.json.
Loopback only, bounded in time: `python benchmarks/serving.py [--seconds 5]`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from support.nginx import nginx_serving
from support.site import copy_content
from support.verdicts import invoke

BENCHMARKS = Path(__file__).resolve().parent
RESULTS = BENCHMARKS / "results" / "serving.json"
PATHS = ("/", "/feeds/all.rss.xml")


def _seconds(text: str) -> float:
    """wrk's '1.23ms' / '450.00us' / '1.02s' as seconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def load(url: str, seconds: int) -> dict:
    """One wrk run: requests per second and latency percentiles."""
    result = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            "32",
            "--duration",
            f"{seconds}s",
            "--latency",
            "--header",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    )
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _seconds(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))
    p99 = _seconds(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "url": url,
        "requests_per_second": rate,
        "p50_ms": round(p50 * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def main(argv: list[str] | None = None) -> int:
    """Publish, serve, load; 0 when every response was a success."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=int, default=5, help="load each path this long (5)"
    )
    args = parser.parse_args(argv)
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            print(f"{tool} is not installed: apt-get install {tool}", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="serving-") as temp:
        work = Path(temp)
        content = copy_content(work / "content")
        site = work / "site"
        published = invoke(
            "publish",
            "--content",
            str(content),
            "--output",
            str(site),
            cache=work / "cache",
        )
        if published.returncode:
            print(published.stdout + published.stderr, file=sys.stderr)
            return 2
        with nginx_serving(site, work) as base:
            runs = [load(base + path, args.seconds) for path in PATHS]
    print(f"{'path':<22} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for path, run in zip(PATHS, runs, strict=True):
        print(
            f"{path:<22} {run['requests_per_second']:>9.0f} {run['p50_ms']:>8.2f}"
            f" {run['p99_ms']:>8.2f} {run['non_2xx']:>8}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"runs": runs}, indent=1), encoding="utf-8")
    return 0 if all(run["non_2xx"] == 0 for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
