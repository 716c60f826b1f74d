"""Debian's nginx, started with deploy/nginx.conf over a published folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from support.site import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def config_for(site: Path, port: int) -> str:
    """deploy/nginx.conf, pointed at site and listening on 127.0.0.1:port only."""
    config = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    config = config.replace("/srv/site/current", str(site))
    config = config.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    if os.geteuid() == 0:  # as root, workers would be nobody, who cannot read ours
        config = "user root;\n" + config
    return config


def assert_nginx_accepts(site: Path) -> None:
    """`nginx -t` on deploy/nginx.conf with this site's `_nginx.conf` included.

    Run after every publish the tests make, so any redirect or header an
    editor's text could put in the include is proved readable by the server.
    Nothing is started. Without nginx (a developer's machine) it does nothing:
    tests/build/test_nginx.py says why, and fails in CI.
    """
    if not (site / "_nginx.conf").is_file() or not Path(NGINX).is_file():
        return
    with tempfile.TemporaryDirectory(prefix="nginx-t-") as work:
        (Path(work) / "logs").mkdir()
        conf = Path(work) / "nginx.conf"
        conf.write_text(config_for(site, free_port()), encoding="utf-8")
        checked = subprocess.run(
            [NGINX, "-p", work, "-c", str(conf), "-t", "-q"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert checked.returncode == 0, (
        f"nginx -t refused {site}/_nginx.conf: {checked.stderr}"
    )


@contextmanager
def nginx_serving(site: Path, work: Path, port: int = 0) -> Iterator[str]:
    """Serve site with nginx for the block (on port, or a free one); yield its URL."""
    port = port or free_port()
    (work / "nginx.conf").write_text(config_for(site, port), encoding="utf-8")
    command = [NGINX, "-p", str(work), "-c", str(work / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if checked.returncode:
        raise RuntimeError(f"nginx refused the configuration: {checked.stderr}")
    subprocess.run(command, check=True, timeout=30)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        subprocess.run([*command, "-s", "quit"], timeout=30, check=False)
