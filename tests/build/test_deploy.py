"""`invoke deploy` uploads the published folder as a new release and switches the
live `current` link in one step; `--rollback` switches back; wrong settings are one
line and leave the target untouched."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.ci import require
from support.site import ROOT
from support.verdicts import invoke


@pytest.fixture()
def site(tmp_path) -> Path:
    if shutil.which("rsync") is None:
        require("rsync", "rsync is not installed (apt-get install rsync)")
    folder = tmp_path / "output"
    (folder / "news" / "post").mkdir(parents=True)
    (folder / "index.html").write_text("home, first", encoding="utf-8")
    (folder / "news" / "post" / "index.html").write_text("a post", encoding="utf-8")
    return folder


def deploy(site: Path, target: Path, *extra: str):
    return invoke(
        "deploy",
        "--output",
        str(site),
        "--target",
        str(target),
        *extra,
        cache=site.parent / "cache",
    )


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_each_deploy_is_a_new_release_made_live_in_one_step(site, tmp_path):
    target = tmp_path / "server"
    first = deploy(site, target)
    assert first.returncode == 0, first.stdout + first.stderr
    live = target / "current"
    assert live.is_symlink()
    assert files(live.resolve()) == files(site)
    first_release = live.resolve()

    (site / "index.html").write_text("home, second", encoding="utf-8")
    (site / "news" / "post" / "index.html").unlink()
    second = deploy(site, target)
    assert second.returncode == 0, second.stdout + second.stderr
    assert live.resolve() != first_release
    assert files(live.resolve()) == files(site), "deleted files go too"
    assert files(first_release)["index.html"] == b"home, first", "old release kept"

    back = deploy(site, target, "--rollback")
    assert back.returncode == 0, back.stdout + back.stderr
    assert live.resolve() == first_release
    assert (live / "index.html").read_text(encoding="utf-8") == "home, first"


def test_unchanged_files_are_shared_between_releases_and_old_ones_pruned(
    site, tmp_path
):
    target = tmp_path / "server"
    for number in range(4):
        (site / "index.html").write_text(f"home {number}", encoding="utf-8")
        done = deploy(site, target, "--keep", "2")
        assert done.returncode == 0, done.stdout + done.stderr
    releases = sorted((target / "releases").iterdir())
    assert len(releases) == 2
    older, newer = (r / "news" / "post" / "index.html" for r in releases)
    assert older.stat().st_ino == newer.stat().st_ino, "hard-linked, not copied"
    assert (target / "current").resolve() == releases[-1]


def test_wrong_deploy_settings_are_one_line_and_touch_nothing(site, tmp_path):
    other = tmp_path / "somebody-elses"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    cases = [
        (deploy(site, other), "holds other files and no releases/ folder"),
        (
            invoke("deploy", "--output", str(site), cache=tmp_path / "c"),
            "no deploy target",
        ),
        (deploy(tmp_path / "nothing", tmp_path / "new"), "holds no published site"),
        (deploy(site, tmp_path / "new", "--rollback"), "no earlier release"),
    ]
    for result, words in cases:
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("error: ") and words in line, line
    assert files(other) == {"notes.txt": b"keep me"}
    assert not (tmp_path / "new").exists()


def test_a_deploy_killed_halfway_leaves_the_site_and_its_rollbacks_whole(
    site, tmp_path
):
    target = tmp_path / "server"
    assert deploy(site, target).returncode == 0
    first = (target / "current").resolve()
    # An rsync that copies half the site, then hangs until it is killed.
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "rsync").write_text(
        '#!/bin/sh\nfor last; do :; done\nmkdir -p "$last"\n'
        'echo half > "$last/index.html"\nexec sleep 60\n',
        encoding="utf-8",
    )
    (fake / "rsync").chmod(0o755)
    command = [sys.executable, "-m", "invoke", "deploy", "--output", str(site)]
    running = subprocess.Popen(
        [*command, "--target", str(target)],
        cwd=ROOT,
        env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"},
        start_new_session=True,
    )
    partial = target / "releases"
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".partial-") for p in partial.iterdir()):
        assert time.monotonic() < deadline, "the fake upload never started"
        time.sleep(0.05)
    os.killpg(running.pid, signal.SIGKILL)
    running.wait(timeout=30)
    assert (target / "current").resolve() == first
    assert (target / "current" / "index.html").read_text() == "home, first"

    (site / "index.html").write_text("home, second", encoding="utf-8")
    assert deploy(site, target).returncode == 0
    assert not [p for p in partial.iterdir() if p.name.startswith(".")], "cleared"
    back = deploy(site, target, "--rollback")
    assert back.returncode == 0, back.stdout + back.stderr
    assert (target / "current").resolve() == first, "never the half-copied one"


def test_a_deploy_waits_for_no_publish_it_would_race(site, tmp_path):
    from publishing import publish_lock

    target = tmp_path / "server"
    with publish_lock(site):
        busy = deploy(site, target)
    assert busy.returncode == 1
    (line,) = busy.stderr.strip().splitlines()
    assert line.startswith(f"error: another publish or deploy of {site} is running")
    assert not target.exists(), "nothing was uploaded"
    assert deploy(site, target).returncode == 0
