"""Serve a built folder on 127.0.0.1 in a thread, as a static host would."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files, 404.html for missing ones, no request log."""

    def send_error(self, code, message=None, explain=None):
        missing = Path(self.directory) / "404.html"
        if code == 404 and missing.is_file():
            body = missing.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):
        pass


@contextmanager
def serve(
    folder: Path, port: int, handler: type[QuietHandler] = QuietHandler
) -> Iterator[str]:
    """Serve folder on 127.0.0.1:port while the block runs; yield the base URL."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), partial(handler, directory=str(folder))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()
