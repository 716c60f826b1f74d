"""The preview server: a port already taken is one line, not a traceback; stopping
`make serve` stops the server; `make serve-published` serves a publish made for
this computer, never touching output/."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support.processes import wait_until_gone
from support.server import free_port
from support.site import ROOT, one_page_site

SERVE = {
    "invoke serve": [sys.executable, "-m", "invoke", "serve"],
    "preview_server": [sys.executable, "-m", "charity_site_ops.preview_server"],
}


@pytest.mark.parametrize("command", sorted(SERVE))
def test_a_port_in_use_is_one_line_suggesting_another(command, tmp_path: Path):
    content, preview = tmp_path / "content", tmp_path / "preview"
    content.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                *SERVE[command],
                "--content",
                str(content),
                "--output",
                str(preview),
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env={**os.environ, "SITE_CACHE": str(tmp_path / "cache")},
            capture_output=True,
            text=True,
            timeout=60,  # a server that started would never end: this fails it
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: port {port} is already in use (another preview, or another "
        f"program): stop that, or serve on another port with --port {port + 1}"
    ]
    assert not preview.exists()  # said before building anything


def test_a_phone_preview_prints_its_address_and_warns(tmp_path: Path):
    import re
    import urllib.request

    content = one_page_site(tmp_path / "content")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            *SERVE["invoke serve"],
            *("--content", str(content), "--output", str(tmp_path / "preview")),
            *("--port", str(port), "--host", "0.0.0.0"),  # noqa: S104 (the point)
        ],
        cwd=ROOT,
        env={**os.environ, "SITE_CACHE": str(tmp_path / "cache")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        line = ""
        for line in server.stdout:
            if line.startswith("Serving the preview"):
                break
        assert "Warning: anyone on this network can see the drafts" in line, line
        assert f"http://127.0.0.1:{port}/" in line
        shown = re.search(r"at (http://[\d.]+:\d+/)", line)
        addresses = [f"http://127.0.0.1:{port}/"]
        if shown:  # a machine with a network: that address answers too
            addresses.append(shown.group(1))
        for address in addresses:
            with urllib.request.urlopen(address + "hello/", timeout=10) as answer:  # noqa: S310
                assert answer.status == 200, address
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        server.stdout.close()


def test_the_editor_is_served_without_the_reload_script(tmp_path: Path):
    # A save from the web editor rebuilds the preview; reloading the editor
    # then would throw away the entry open in it.
    import threading
    import urllib.request

    from charity_site_ops.preview_server import RELOAD_SCRIPT, Reloads, open_server

    (tmp_path / "admin").mkdir()
    for page in (tmp_path / "index.html", tmp_path / "admin" / "index.html"):
        page.write_text("<!doctype html><title>x</title><body></body>", "utf-8")
    server = open_server(tmp_path, 0, Reloads())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(base + "/", timeout=10) as site:  # noqa: S310
            assert RELOAD_SCRIPT in site.read()
        with urllib.request.urlopen(base + "/admin/", timeout=10) as editor:  # noqa: S310
            assert RELOAD_SCRIPT not in editor.read()
    finally:
        server.shutdown()
        server.server_close()


def test_only_requests_addressed_to_the_preview_are_answered(tmp_path: Path):
    # A page on evil.example whose name is made to point at 127.0.0.1 (DNS
    # rebinding) sends its own name as Host: it must not read drafts or the desk.
    import http.client
    import threading

    from charity_site_ops.preview_server import RELOAD_PATH, Reloads, open_server

    (tmp_path / "_desk").mkdir()
    (tmp_path / "_desk" / "index.html").write_text(
        "<!doctype html><title>desk</title><body>Draft: a secret title</body>",
        "utf-8",
    )
    server = open_server(tmp_path, 0, Reloads())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    def ask(path: str, host: str, method: str = "GET") -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request(method, path, headers={"Host": host})
            answer = connection.getresponse()
            body = (
                b"" if path == RELOAD_PATH and answer.status == 200 else answer.read()
            )
            return answer.status, body
        finally:
            connection.close()

    try:
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}"):
            for path in ("/_desk/", RELOAD_PATH):
                status, body = ask(path, host)
                assert status == 421, (host, path)
                assert b"secret" not in body and b"only at the address" in body
            assert ask("/_desk/", host, "HEAD") == (421, b"")
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
            status, body = ask("/_desk/", host)
            assert status == 200 and b"a secret title" in body, host
            assert ask(RELOAD_PATH, host)[0] == 200, host
    finally:
        server.shutdown()
        server.server_close()


def test_the_names_a_preview_answers_to():
    from charity_site_ops.preview_server import allowed_hosts, host_allowed

    local = allowed_hosts("127.0.0.1", 8000, None)
    assert local == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    phone = allowed_hosts("0.0.0.0", 8000, "192.168.1.20")  # noqa: S104
    assert "192.168.1.20:8000" in phone and "127.0.0.1:8000" in phone
    assert host_allowed("192.168.1.20:8000", phone)
    assert not host_allowed("192.168.1.20:8000", local)
    assert host_allowed("[::1]:8000", local)
    assert not host_allowed(None, local) and not host_allowed("", local)
    assert not host_allowed("localhost", local), "no port means port 80"
    assert host_allowed("localhost", allowed_hosts("127.0.0.1", 80, None))


@pytest.mark.parametrize("port", ["abc", "0", "70000", "-1", "80.5"])
def test_a_port_that_is_not_a_port_is_one_line(port, tmp_path: Path):
    preview = tmp_path / "preview"
    result = subprocess.run(
        [*SERVE["invoke serve"], "--output", str(preview), f"--port={port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: --port '{port}' is not a port: write a number from 1 to 65535, "
        "like --port 8000"
    ]
    assert not preview.exists()


def start_make(target: str, tmp_path: Path, *variables: str) -> subprocess.Popen:
    """`make TARGET` as the README shows it, its preview and cache in tmp_path."""
    env = {k: v for k, v in os.environ.items() if k != "MAKELEVEL"}
    return subprocess.Popen(
        # -o: the venv is taken as set up (a Makefile newer than .venv/.ready
        # would otherwise make the test rebuild it).
        ["make", "--no-print-directory", "-o", ".venv/.ready", target, *variables],
        cwd=ROOT,
        env={**env, "SITE_CACHE": str(tmp_path / "cache")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own group: the finally can end every part
    )


def wait_for_line(process: subprocess.Popen, start: str) -> str:
    """The first line of process's output that starts with start."""
    seen = []
    for line in process.stdout:
        seen.append(line)
        if line.startswith(start):
            return line
    raise AssertionError("".join(seen))


def children(pid: int) -> list[int]:
    """The pids of pid's child processes (Linux)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(n) for n in (task / "children").read_text().split()]
    return found


def port_is_free(port: int) -> bool:
    """True when a new server could listen on port (as the preview's would)."""
    with socket.socket() as probe:
        # As the servers themselves: the closed connections' TIME_WAIT is no
        # listener, only a listening socket keeps the port taken.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def stop_make(make: subprocess.Popen, port: int, signum: int = signal.SIGTERM) -> None:
    """kill <pid of make>: the server goes too, and frees its port."""
    (server,) = children(make.pid)  # exec: the server is make's own child
    helpers = children(server)  # a live preview's builder process, if any
    os.kill(make.pid, signum)
    make.wait(timeout=10)
    assert wait_until_gone(server, 5), "the server outlived make"
    for helper in helpers:
        assert wait_until_gone(helper, 5), "the builder outlived its server"
    deadline = time.monotonic() + 5
    while not port_is_free(port):
        assert time.monotonic() < deadline, f"port {port} still in use"
        time.sleep(0.05)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=str)
def test_stopping_make_serve_by_its_pid_stops_the_preview_server(
    signum, tmp_path: Path
):
    """SIGTERM: make passes it on to the server it exec'd. SIGKILL: make cannot,
    and Linux stops the server when its parent dies (PR_SET_PDEATHSIG)."""
    content = one_page_site(tmp_path / "content")
    port = free_port()
    make = start_make(
        "serve",
        tmp_path,
        f"PORT={port}",
        f"CONTENT={content}",
        f"OUTPUT={tmp_path / 'preview'}",
    )
    try:
        wait_for_line(make, "Serving the preview")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/hello/", timeout=10) as r:
            assert r.status == 200
        (server,) = children(make.pid)
        assert len(children(server)) == 1, "the live preview has one builder"
        stop_make(make, port, signum)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, signal.SIGKILL)  # whatever is left of the group
        make.wait(timeout=30)
        make.stdout.close()


def test_make_serve_published_serves_a_publish_for_this_computer(tmp_path: Path):
    content = one_page_site(tmp_path / "content")
    output = ROOT / "output"
    before = output.stat().st_mtime_ns if output.exists() else None
    port = free_port()
    here = f"http://127.0.0.1:{port}"
    make = start_make("serve-published", tmp_path, f"PORT={port}", f"CONTENT={content}")
    try:
        published = wait_for_line(make, "Published ")
        assert f"for {here} " in published, published
        wait_for_line(make, "Serving the published site")
        with urllib.request.urlopen(f"{here}/hello/", timeout=10) as answer:  # noqa: S310
            assert answer.status == 200
            page = answer.read().decode("utf-8")
        # Absolute links, as a publish writes them, but to this computer.
        assert f'href="{here}/hello/"' in page or f"{here}/hello/" in page
        assets = re.findall(
            rf'(?:href|src)="({re.escape(here)}/[^"]+\.(?:css|svg|png|ico))"', page
        )
        assert assets, "the page links its stylesheet and pictures here"
        for asset in assets:
            with urllib.request.urlopen(asset, timeout=10) as answer:  # noqa: S310
                assert answer.status == 200, asset
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{here}/no-such-page/", timeout=10)  # noqa: S310
        assert missing.value.code == 404
        assert "<html" in missing.value.read().decode("utf-8").lower(), "the site's 404"
        stop_make(make, port)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, signal.SIGKILL)
        make.wait(timeout=30)
        make.stdout.close()
    assert (tmp_path / "cache" / "serve-published" / "site" / "index.html").is_file()
    # Its own log: the real publish's last-publish.log is left as it was.
    assert (tmp_path / "cache" / "serve-published" / "publish.log").is_file()
    assert not (tmp_path / "cache" / "last-publish.log").exists()
    after = output.stat().st_mtime_ns if output.exists() else None
    assert after == before, "output/ is never touched"


def test_a_tab_reloads_for_its_own_page_or_for_every_page():
    from charity_site_ops.preview_server import Reloads, page_address

    assert page_address("index.html") == "/"
    assert page_address("news/a-post/index.html") == "/news/a-post/"
    assert page_address("feeds/all.atom.xml") == "/feeds/all.atom.xml"
    reloads = Reloads()
    reloads.bump(["news/a-post/index.html"])
    assert json.loads(reloads.message(0, 1)) == ["/news/a-post/"]
    reloads.bump(["index.html", "news/a-post/index.html"])
    # A tab that missed a build hears everything since the one it saw.
    assert json.loads(reloads.message(0, 2)) == ["/", "/news/a-post/"]
    reloads.bump()  # new code: every tab
    assert json.loads(reloads.message(1, 3)) == "*"
