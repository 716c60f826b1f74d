"""A local stand-in for an email provider: records every form post it receives."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass
class Capture:
    """What the provider received."""

    url: str
    posts: list[dict] = field(default_factory=list)
    received: threading.Event = field(default_factory=threading.Event)


@contextmanager
def capture_server(port: int) -> Iterator[Capture]:
    """Run a server on 127.0.0.1:port that records posts and says thank you."""
    capture = Capture(f"http://127.0.0.1:{port}")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode("utf-8")
            capture.posts.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "content_type": self.headers.get("Content-Type", ""),
                    "fields": parse_qsl(body, keep_blank_values=True),
                }
            )
            reply = (
                b"<!doctype html><title>Thanks</title><h1>Thanks for signing up</h1>"
            )
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
            capture.received.set()

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield capture
    finally:
        server.shutdown()
        server.server_close()
