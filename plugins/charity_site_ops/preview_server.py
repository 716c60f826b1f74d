"""Serve the built site and refresh the open browser tab after every rebuild.

Pelican's own --autoreload rebuilds but never tells the browser. Here a small
server on 127.0.0.1 serves the preview folder (preview/, never the published
output/), adds a one-line script to each HTML page that listens on /__reload
(server-sent events), and a watcher hands each change to the builder process
(preview_worker.py), which keeps the site in memory between saves: it writes
the saved post's page first (the tabs showing it reload at once), then
rebuilds the rest, and the tabs showing a page that changed reload. A change
to the settings, the theme or the plugin's code starts a fresh builder, so it
is read again; a builder that fails or dies cannot take the server down.

It answers only requests addressed to it by a name it listens on (its Host
header): a page elsewhere that points its own name at 127.0.0.1 (DNS
rebinding) gets 421 and cannot read the drafts or the desk.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import DefaultFilter, watch

from charity_site_ops.commands import option_given, option_hint
from charity_site_ops.pelican_cli import pelican_command
from charity_site_ops.preview_worker import DONE, EVENT, QUICK, READY
from charity_site_ops.problems import TaskError

RELOAD_PATH = "/__reload"
# The web editor's pages get no reload script: a save from the editor rebuilds
# the preview, and reloading the editor then would throw away what is open.
EDITOR_PATH = "/admin/"
EVERY_PAGE = "*"  # what a reload message says when every tab should reload
# Each message is a JSON list of the addresses that changed (or "*"); a tab
# reloads when its own is among them. Written for this server only: a page
# served by any other never has it.
RELOAD_SCRIPT = (
    f'<script>new EventSource("{RELOAD_PATH}").onmessage=e=>{{'
    "const c=JSON.parse(e.data),h=decodeURI(location.pathname);"
    f'if(c==="{EVERY_PAGE}"||c.includes(h))location.reload()}}</script>'
).encode()


def page_address(name: str) -> str:
    """The address a tab shows for a file written under the output folder."""
    path = "/" + name.lstrip("/")
    return path.removesuffix("index.html") if path.endswith("/index.html") else path


class Reloads:
    """The builds that tabs wait on: a counter, and what each build changed."""

    def __init__(self) -> None:
        self.version = 0
        self._changed = threading.Condition()
        self._pages: dict[int, frozenset[str]] = {}

    def bump(self, names: list[str] | None = None) -> None:
        """Tell waiting tabs a build is written: these files, or every page."""
        with self._changed:
            self.version += 1
            pages = (
                frozenset({EVERY_PAGE})
                if names is None
                else frozenset(page_address(name) for name in names)
            )
            self._pages[self.version] = pages
            self._pages.pop(self.version - 100, None)  # a tab far behind: all
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """Wait until the version moves past seen (or timeout); return it."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version

    def message(self, seen: int, now: int) -> str:
        """What changed after version seen, up to now: a list, or "*"."""
        with self._changed:
            found: set[str] = set()
            for version in range(seen + 1, now + 1):
                pages = self._pages.get(version)
                if pages is None or EVERY_PAGE in pages:
                    return json.dumps(EVERY_PAGE)
                found |= pages
            return json.dumps(sorted(found))


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
                message = self.reloads.message(seen, now)
                self.wfile.write(
                    f"data: {message}\n\n".encode() if now != seen else b": ping\n\n"
                )
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format: str, *args: object) -> None:
        pass  # the build log is what matters in the terminal


def build_command(root: Path, content: Path, output: Path) -> list[str]:
    """The command line of the preview's builder process (Pelican's arguments)."""
    pelican = pelican_command(content, output, root / "pelicanconf.py")
    return [sys.executable, "-m", "charity_site_ops.preview_worker", *pelican[3:]]


def watched_paths(root: Path, content: Path) -> list[Path]:
    """What a rebuild depends on: content, theme, plugins and the settings."""
    return [content, *code_paths(root)]


def code_paths(root: Path) -> list[Path]:
    """What the builder reads once, as it starts: a change starts a fresh one."""
    return [root / "theme", root / "plugins", root / "pelicanconf.py"]


class Builder:
    """The builder process: started once, asked to rebuild, replaced on new code."""

    def __init__(self, root: Path, content: Path, output: Path) -> None:
        self.root = root
        self.command = build_command(root, content, output)
        self.process: subprocess.Popen[str] | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()

    def start(self) -> dict:
        """A fresh builder, and its first (whole) build."""
        self.stop()
        self.process = subprocess.Popen(
            self.command,
            cwd=self.root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
        # Its output is read by a thread of its own, so a wait for an event
        # can also look for saves to pass on (rebuild's more).
        self.lines = queue.Queue()
        threading.Thread(
            target=_read_lines, args=(self.process, self.lines), daemon=True
        ).start()
        return self._answer(READY, None)

    def _send(self, changed: list[str]) -> bool:
        """Ask the builder to rebuild after these changes; False if it is gone."""
        process = self.process
        if process is None or process.poll() is not None:
            return False
        try:
            assert process.stdin is not None
            process.stdin.write(json.dumps({"changed": changed}) + "\n")
            process.stdin.flush()
        except OSError:
            return False
        return True

    def rebuild(
        self,
        changed: list[str],
        on_page,
        more: Callable[[], list[list[str]]] | None = None,
    ) -> dict:
        """Rebuild after these files changed; on_page(name) when a saved page is.

        more() hands over saves made while the builder works: each is passed
        on at once (the builder writes its page in the middle of the build),
        and this returns when every rebuild asked for is done, with every
        file they changed.
        """
        if not self._send(changed):
            return self.start()
        asked, answered, answers = 1, 0, []
        while answered < asked:
            done = self._answer(DONE, on_page, more=more)
            if self.process is None:  # it died mid-build: a fresh one builds it all
                return self.start()
            if done.get("forward"):
                for paths in done["forward"]:
                    if self._send(paths):
                        asked += 1
                continue
            # The builder takes every request waiting into one build.
            answered += max(1, int(done.get("requests", 1)))
            answers.append(done)
        return merged_answers(answers)

    def _answer(self, wanted: str, on_page, more=None) -> dict:
        """Pass the build's log through until the event wanted; its values.

        With more, returns {"forward": [...]} as soon as saves come in while
        it waits, for rebuild to pass on.
        """
        process = self.process
        assert process is not None
        while True:
            try:
                line = self.lines.get(timeout=0.02 if more else None)
            except queue.Empty:
                saves = more() if more else []
                if saves:
                    return {"forward": saves}
                continue
            if line is None:
                break
            if not line.startswith(EVENT):
                sys.stdout.write(line)
                sys.stdout.flush()
                continue
            event = json.loads(line[len(EVENT) :])
            if QUICK in event and on_page is not None:
                on_page(event[QUICK])
            if wanted in event:
                return event
        code = process.wait()
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                if stream:
                    stream.close()
        print(f"The preview's builder stopped (exit status {code}).", flush=True)
        self.process = None
        return {DONE: code or 1, "changed": None}

    def stop(self) -> None:
        """End the builder process, if there is one."""
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            if process.stdin:
                process.stdin.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            with contextlib.suppress(OSError, ValueError):
                process.stdout.close()


def merged_answers(answers: list[dict]) -> dict:
    """One answer for the rebuilds a save asked for and those made meanwhile.

    The last says whether what is served now is whole (an earlier failure a
    later build mended is no failure); the tabs to reload are those showing a
    file any of them changed (every tab, None, if one could not say).
    """
    last = dict(answers[-1])
    lists = [answer.get("changed") for answer in answers]
    last["changed"] = (
        None if None in lists else sorted({n for names in lists for n in names})
    )
    return last


def _read_lines(process: subprocess.Popen[str], lines: queue.Queue) -> None:
    """Every line the builder writes, then None when its output ends."""
    with contextlib.suppress(OSError, ValueError):
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
    lines.put(None)


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
    reloads = Reloads()
    # Listen before building: a taken port is said at once, not after a build.
    # Requests wait in the socket's queue until the first build is served.
    server = open_server(output, port, reloads, host)
    builder = Builder(root, content, output)
    try:
        _say_if_failed(builder.start())
        output.mkdir(parents=True, exist_ok=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(addresses_line(host, port), flush=True)
        _rebuild_on_changes(root, content, builder, reloads)
        server.shutdown()
    except KeyboardInterrupt:
        pass  # Ctrl+C is how a preview ends; the daemon thread ends with us
    finally:
        builder.stop()
        server.server_close()


def _say_if_failed(done: dict) -> bool:
    """True when a build worked; otherwise say that the last one is still served."""
    if done.get(DONE, done.get("code", 0)):
        print("The build failed: the lines above say why. Still serving the last one.")
        return False
    return True


def _watch_into(batches: queue.Queue, paths: list[Path], stop: threading.Event) -> None:
    """Put each batch of changed paths on the queue (a thread: the builder's
    answers are waited for meanwhile); an error ends the preview with it."""
    try:
        # step: a batch goes 20 ms after the last change in it (an editor's
        # save is a write and a rename).
        for changes in watch(
            *paths,
            watch_filter=DefaultFilter(),
            debounce=300,
            step=20,
            stop_event=stop,
        ):
            batches.put(sorted({path for _change, path in changes}))
    except Exception as problem:  # handed to the main thread, which raises it
        batches.put(problem)


def _rebuild_on_changes(
    root: Path, content: Path, builder: Builder, reloads: Reloads
) -> None:
    """Rebuild after every change, then tell the open tabs (until Ctrl+C)."""
    code = [path.resolve() for path in code_paths(root)]
    batches: queue.Queue = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(
        target=_watch_into,
        args=(batches, watched_paths(root, content), stop),
        daemon=True,
    )
    watcher.start()
    later: list[list[str]] = []  # changes to code seen during a rebuild

    def is_code(paths: list[str]) -> bool:
        return any(
            Path(path).resolve().is_relative_to(folder)
            for path in paths
            for folder in code
        )

    def saves_meanwhile() -> list[list[str]]:
        """Saves to content made during a rebuild: passed on to the builder."""
        saves = []
        while True:
            try:
                batch = batches.get_nowait()
            except queue.Empty:
                return saves
            if isinstance(batch, list) and not is_code(batch):
                saves.append(batch)
            else:
                later.append(batch)  # new code (or an error): after this rebuild

    try:
        while True:
            if later:
                paths = later.pop(0)
            else:
                try:
                    paths = batches.get(timeout=0.5)
                except queue.Empty:
                    continue
            if isinstance(paths, Exception):
                raise paths
            if is_code(paths):
                _say_if_failed(builder.start())
                reloads.bump()
                continue
            done = builder.rebuild(
                paths,
                on_page=lambda name: reloads.bump([name]),
                more=saves_meanwhile,
            )
            if _say_if_failed(done):
                changed = done.get("changed")
                reloads.bump(changed if changed is not None else None)
    finally:
        stop.set()


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
