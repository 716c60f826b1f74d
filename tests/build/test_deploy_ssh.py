"""`invoke deploy` to user@host:/folder, over SSH to Debian's sshd started here on
127.0.0.1 with a throwaway key."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.ci import require
from support.nginx import free_port
from support.site import ROOT, SITEURL

SSHD = "/usr/sbin/sshd"
CONFIG = """Port {port}
ListenAddress 127.0.0.1
HostKey {work}/host_key
PidFile {work}/sshd.pid
AuthorizedKeysFile {work}/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
"""


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    for tool in (SSHD, shutil.which("rsync"), shutil.which("ssh-keygen")):
        if not tool or not Path(tool).exists():
            require("sshd and rsync", "apt-get install openssh-server rsync")
    work = tmp_path_factory.mktemp("sshd")
    for key in ("host_key", "user_key"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(work / key)],
            check=True,
        )
    shutil.copy(work / "user_key.pub", work / "authorized_keys")
    port = free_port()
    (work / "sshd_config").write_text(CONFIG.format(port=port, work=work), "utf-8")
    Path("/run/sshd").mkdir(parents=True, exist_ok=True)  # sshd's own empty dir
    server = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", str(work / "sshd_config")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    options = (
        f"-p {port} -i {work / 'user_key'} -o StrictHostKeyChecking=no "
        "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
    )
    try:
        yield f"{getpass.getuser()}@127.0.0.1", options
    finally:
        server.terminate()
        server.wait(timeout=10)


def deploy(site: Path, target: str, options: str, *extra: str):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "deploy",
            "--output",
            str(site),
            "--target",
            target,
            *extra,
        ],
        cwd=ROOT,
        # Its own cache: a deploy remembers its target there, never in the work tree.
        env={
            **os.environ,
            "DEPLOY_SSH": options,
            "SITEURL": SITEURL,
            "SITE_CACHE": str(site.parent / "deploy-cache"),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_deploy_over_ssh_makes_a_release_live_and_rolls_back(sshd, tmp_path):
    host, options = sshd
    site = tmp_path / "output"
    site.mkdir()
    (site / "index.html").write_text("first", encoding="utf-8")
    server = tmp_path / "server"
    first = deploy(site, f"{host}:{server}", options)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (server / "current" / "index.html").read_text(encoding="utf-8") == "first"
    first_release = (server / "current").resolve()
    (site / "index.html").write_text("second", encoding="utf-8")
    second = deploy(site, f"{host}:{server}", options)
    assert second.returncode == 0, second.stdout + second.stderr
    assert (server / "current" / "index.html").read_text(encoding="utf-8") == "second"
    back = deploy(site, f"{host}:{server}", options, "--rollback")
    assert back.returncode == 0, back.stdout + back.stderr
    assert (server / "current").resolve() == first_release


def test_ssh_mistakes_are_one_line_and_leave_the_site(sshd, tmp_path):
    host, options = sshd
    site = tmp_path / "output"
    site.mkdir()
    (site / "index.html").write_text("x", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    closed = options.split()
    closed[1] = str(free_port())  # the port after -p: nobody listens there
    cases = [
        (deploy(site, f"{host}:{other}", options), "holds other files"),
        (deploy(site, f"{host}:{tmp_path}/new", " ".join(closed)), "cannot reach"),
        (deploy(site, f"{host}:relative/path", options), "absolute folder"),
    ]
    for result, words in cases:
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("error: ") and words in line, line
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "new").exists()
