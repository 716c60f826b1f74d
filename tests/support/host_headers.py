"""Serve a built folder as a host that reads `_headers` would (Cloudflare Pages).

Every response carries what the site's `_headers` gives its address, read by
charity_site.hosting.headers.host_headers: every matching rule in order, values
of one header joined, `! Name` removing what came before. A type the rules set
replaces the one the server would have guessed, as the hosts do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from charity_site.hosting.headers import host_headers, parse_headers_file
from support.server import QuietHandler, serve


@contextmanager
def serve_as_host(folder: Path, port: int, host: str = "cloudflare") -> Iterator[str]:
    """Serve folder on 127.0.0.1:port with its `_headers`; yield the base URL."""
    rules = parse_headers_file((folder / "_headers").read_text(encoding="utf-8"))

    class HostHandler(QuietHandler):
        """Static files, with the headers the host's rules give each address."""

        def send_response(self, code, message=None):
            path = unquote(urlsplit(self.path).path)
            self.from_rules = host_headers(rules, path, host)
            super().send_response(code, message)

        def send_header(self, keyword, value):
            if keyword.lower() in getattr(self, "from_rules", {}):
                return  # the rules' value replaces the server's own
            super().send_header(keyword, value)

        def end_headers(self):
            for name, values in getattr(self, "from_rules", {}).items():
                for value in values:  # two values are two headers: both count
                    super().send_header(name, value)
            super().end_headers()

    with serve(folder, port, HostHandler) as base:
        yield base
