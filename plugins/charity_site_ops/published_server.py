"""`invoke serve-published`: the published site, made for this computer and served here.

output/ is built for the live domain: every picture and link in it starts with
https://the.domain/, so opened locally it shows the live site's pictures (or none).
Rewriting those addresses while serving would touch the precompressed copies,
feeds, srcsets and the policy headers, and would no longer be what a publish
makes. So this makes a real publish (the same settings, the same checks) whose
SITEURL is this computer's address, into its own folder in the cache, never
output/, and serves that folder as a host would (404.html for a missing page).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from charity_site_ops.preview_server import PortUnavailable
from charity_site_ops.publish import publish

LOCAL = "127.0.0.1"
# Inside the cache folder (.cache/, or SITE_CACHE): this computer's, never
# committed, removed by `invoke clean --all`.
FOLDER = "serve-published"


def local_siteurl(port: int) -> str:
    """The site's address on this computer (a publish allows http only for it)."""
    return f"http://{LOCAL}:{port}"


class PublishedHandler(SimpleHTTPRequestHandler):
    """Plain files, as a static host sends them; its 404 page for a missing one."""

    def send_error(
        self, code: int, message: str | None = None, explain: str | None = None
    ) -> None:
        """The site's own 404.html for a missing page, as every host serves it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: one line a request would bury the publish's lines."""


def open_published(folder: Path, port: int) -> ThreadingHTTPServer:
    """Listen on this computer's port for folder (PortUnavailable if it cannot)."""
    try:
        return ThreadingHTTPServer(
            (LOCAL, port), partial(PublishedHandler, directory=str(folder))
        )
    except OSError as problem:
        raise PortUnavailable(port, problem, task="serve-published") from None


@contextmanager
def _siteurl(url: str) -> Iterator[None]:
    """SITEURL set for the publish's Pelican child (publishconf.py reads it)."""
    before = os.environ.get("SITEURL")
    os.environ["SITEURL"] = url
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SITEURL", None)
        else:
            os.environ["SITEURL"] = before


def serve_published(
    content: Path | str, cache: Path, settings: Path, port: int = 8000
) -> None:
    """Publish content for http://127.0.0.1:port into the cache and serve it."""
    folder = cache / FOLDER / "site"
    # Listen before the publish: a taken port is said at once, not after a build.
    server = open_published(folder, port)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with _siteurl(local_siteurl(port)):
            # Its own log: last-publish.log is the real publish's, kept for
            # whoever reads why the live site did or did not change.
            line = publish(content, folder, settings, cache / FOLDER / "publish.log")
        print(line, flush=True)
        print(
            f"Serving the published site at {local_siteurl(port)}/ "
            "(this computer only; Ctrl+C stops it)",
            flush=True,
        )
        server.serve_forever()
    except KeyboardInterrupt:
        pass  # Ctrl+C is how it ends
    finally:
        server.server_close()
