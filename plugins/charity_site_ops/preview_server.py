"""Serve the built site and refresh the open browser tab after every rebuild.

Pelican's own --autoreload rebuilds but never tells the browser. Here a small
server on 127.0.0.1 serves the preview folder (preview/, never the published
output/), adds a one-line script to each HTML page
that listens on /__reload (server-sent events), and a watcher rebuilds in a
fresh Pelican process when content, theme, plugins or settings change (so a
changed setting is read again and a failed build cannot take the server down),
then tells every open tab to reload.

It answers only requests addressed to it by a name it listens on (its Host
header): a page elsewhere that points its own name at 127.0.0.1 (DNS
rebinding) gets 421 and cannot read the drafts or the desk.
"""

from __future__ import annotations

import argparse
import errno
import socket
import subprocess
import sys
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import DefaultFilter, watch

from charity_site_ops.commands import option_given, option_hint
from charity_site_ops.pelican_cli import pelican_command
from charity_site_ops.problems import TaskError

RELOAD_PATH = "/__reload"
# The web editor's pages get no reload script: a save from the editor rebuilds
# the preview, and reloading the editor then would throw away what is open.
EDITOR_PATH = "/admin/"
RELOAD_SCRIPT = (
    f'<script>new EventSource("{RELOAD_PATH}").onmessage=()=>location.reload()</script>'
).encode()


class Reloads:
    """A build counter that open tabs wait on."""

    def __init__(self) -> None:
        self.version = 0
        self._changed = threading.Condition()

    def bump(self) -> None:
        """Tell every waiting tab that a new build is ready."""
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """Wait until the version moves past seen (or timeout); return it."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version


LOCAL = "127.0.0.1"
EVERYWHERE = ("0.0.0.0", "")  # noqa: S104 (what --host may say, not what we bind)
# Names that always reach this computer, and only it.
LOOPBACK_NAMES = (LOCAL, "localhost", "[::1]")


def allowed_hosts(host: str, port: int, network: str | None) -> frozenset[str]:
    """The Host headers the preview answers: its own names, with its port."""
    names = {*LOOPBACK_NAMES}
    if host in EVERYWHERE:
        if network:  # the address it printed for phones
            names.add(network)
    elif host not in LOOPBACK_NAMES:
        names.add(f"[{host}]" if ":" in host else host)
    return frozenset(f"{name}:{port}".lower() for name in names)


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    """True when a request's Host header names this preview (port included)."""
    if not header:
        return False  # every browser sends one; a request without is not a tab's
    value = header.strip().lower()
    if not value.endswith("]") and ":" in value:
        return value in allowed
    return f"{value}:80" in allowed  # no port: the default one


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files with pretty URLs, the reload script in HTML, the event stream."""

    reloads: Reloads
    hosts: frozenset[str] = frozenset()  # set once the port is known

    def parse_request(self) -> bool:  # the http.server interface
        """Read the request; refuse it (421) unless its Host is this preview."""
        if not super().parse_request():
            return False
        if host_allowed(self.headers.get("Host"), self.hosts):
            return True
        port = self.server.server_address[1]
        body = (
            "Misdirected request: this preview answers only at the address it "
            f"printed, like http://{LOCAL}:{port}/\n"
        ).encode()
        self.close_connection = True
        self.send_response(HTTPStatus.MISDIRECTED_REQUEST)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return False

    def do_GET(self) -> None:  # the http.server interface
        if self.path == RELOAD_PATH:
            self._stream_reloads()
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir() and self.path.split("?")[0].endswith("/"):
            target = target / "index.html"
        editor = self.path.startswith(EDITOR_PATH)
        if target.suffix == ".html" and target.is_file() and not editor:
            self._send_html(target, HTTPStatus.OK)
        elif not target.exists() and (Path(self.directory) / "404.html").is_file():
            self._send_html(Path(self.directory) / "404.html", HTTPStatus.NOT_FOUND)
        else:
            super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a preview is never stale
        super().end_headers()

    def _send_html(self, path: Path, status: HTTPStatus) -> None:
        body = path.read_bytes()
        marker = body.rfind(b"</body>")
        body = body[:marker] + RELOAD_SCRIPT + body[marker:] if marker >= 0 else body
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream_reloads(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = self.reloads.version
        try:
            while True:
                now = self.reloads.wait(seen, timeout=15)
                # A comment line keeps the connection alive and finds closed tabs.
                self.wfile.write(b"data: reload\n\n" if now != seen else b": ping\n\n")
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format: str, *args: object) -> None:
        pass  # the build log is what matters in the terminal


def build_command(root: Path, content: Path, output: Path) -> list[str]:
    """The Pelican command line of one preview build."""
    return pelican_command(content, output, root / "pelicanconf.py")


def watched_paths(root: Path, content: Path) -> list[Path]:
    """What a rebuild depends on: content, theme, plugins and the settings."""
    return [content, root / "theme", root / "plugins", root / "pelicanconf.py"]


def read_port(value: object) -> int:
    """--port as a number from 1 to 65535, or the one line as a usage error (2)."""
    text = str(value).strip()
    if text.isascii() and text.isdigit() and 1 <= int(text) <= 65535:
        return int(text)
    raise TaskError(
        f"error: {option_given('port', value)} is not a port: write a number from "
        f"1 to 65535, like {option_hint('port', 8000, 'serve')}",
        code=2,
    )


class PortUnavailable(TaskError):
    """The preview cannot listen on the port it was given."""

    def __init__(
        self, port: int, problem: OSError, host: str = "", task: str = "serve"
    ) -> None:
        if host:
            given = option_given("host", host, quoted=False)
            super().__init__(
                f"error: {given} is not an address of this "
                f"computer: use {option_hint('host', EVERYWHERE[0], task)} to "
                "serve on every network it is on"
            )
            return
        if problem.errno == errno.EADDRINUSE:
            why = "is already in use (another preview, or another program)"
        else:
            why = f"cannot be used ({problem.strerror})"
        super().__init__(
            f"error: port {port} {why}: stop that, or serve on another port "
            f"with {option_hint('port', port + 1 if port < 65535 else 8000, task)}"
        )


def open_server(
    output: Path, port: int, reloads: Reloads, host: str = LOCAL
) -> ThreadingHTTPServer:
    """Listen on host:port for the preview in output (PortUnavailable if not)."""
    handler = type("Handler", (PreviewHandler,), {"reloads": reloads})
    try:
        server = ThreadingHTTPServer(
            (host, port), partial(handler, directory=str(output))
        )
    except OSError as problem:
        # Not an address here, or not an address at all (a name nothing resolves).
        if problem.errno == errno.EADDRNOTAVAIL or isinstance(problem, socket.gaierror):
            raise PortUnavailable(port, problem, host) from None
        raise PortUnavailable(port, problem) from None
    server.daemon_threads = True
    # The port is known only now (0 asks the system for a free one).
    network = network_address() if host in EVERYWHERE else None
    handler.hosts = allowed_hosts(host, server.server_address[1], network)
    return server


def network_address() -> str | None:
    """This machine's address on its local network, or None when it has none."""
    # Connecting a UDP socket sends nothing; it only picks the outgoing address.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def addresses_line(host: str, port: int) -> str:
    """Where the preview can be opened, and who else can see it."""
    if host in (LOCAL, "localhost"):
        return f"Serving the preview at http://{LOCAL}:{port}/ (Ctrl+C stops it)"
    shown = network_address() if host in EVERYWHERE else host
    where = f"http://{shown}:{port}/" if shown else f"port {port} of this machine"
    return (
        f"Serving the preview at {where} for phones and computers on this network "
        f"(and http://{LOCAL}:{port}/ here). Warning: anyone on this network can "
        "see the drafts in it; use it only on a network you trust (Ctrl+C stops it)"
    )


def serve_with_reload(
    root: Path, content: Path, output: Path, port: int = 8000, host: str = LOCAL
) -> None:
    """Build once, then serve output on host:port, rebuilding on changes."""
    command = build_command(root, content, output)

    def rebuild() -> None:
        if subprocess.run(command, cwd=root, check=False).returncode:
            print(
                "The build failed: the lines above say why. Still serving the last one."
            )

    reloads = Reloads()
    # Listen before building: a taken port is said at once, not after a build.
    # Requests wait in the socket's queue until the first build is served.
    server = open_server(output, port, reloads, host)
    try:
        rebuild()
        output.mkdir(parents=True, exist_ok=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(addresses_line(host, port), flush=True)
        _rebuild_on_changes(root, content, rebuild, reloads)
        server.shutdown()
    except KeyboardInterrupt:
        pass  # Ctrl+C is how a preview ends; the daemon thread ends with us
    finally:
        server.server_close()


def _rebuild_on_changes(root: Path, content: Path, rebuild, reloads: Reloads) -> None:
    """Rebuild after every change, then tell the open tabs (until Ctrl+C)."""
    for _changes in watch(
        *watched_paths(root, content), watch_filter=DefaultFilter(), debounce=300
    ):
        rebuild()
        reloads.bump()


def main() -> None:
    """Command line: serve any project root and content folder (used by the tests)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parents[2],
        help="the project folder (default: this package's project)",
    )
    parser.add_argument(
        "--content", type=Path, default=None, help="default: ROOT/content"
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="default: ROOT/preview"
    )
    parser.add_argument("--port", default="8000", help="default: 8000")
    parser.add_argument(
        "--host",
        default=LOCAL,
        help=f"default: {LOCAL}, this computer only; 0.0.0.0 for phones",
    )
    args = parser.parse_args()
    try:
        port = read_port(args.port)
    except TaskError as problem:
        parser.error(str(problem).removeprefix("error: "))
    root = args.root.resolve()
    try:
        serve_with_reload(
            root,
            (args.content or root / "content").resolve(),
            (args.output or root / "preview").resolve(),
            port=port,
            host=args.host,
        )
    except PortUnavailable as problem:
        sys.exit(str(problem))


if __name__ == "__main__":
    main()
