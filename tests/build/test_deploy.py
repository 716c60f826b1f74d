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
        env={
            **os.environ,
            "PATH": f"{fake}:{os.environ['PATH']}",
            "SITE_CACHE": str(tmp_path / "deploy-cache"),
        },
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
    from charity_site_ops.publishing import publish_lock

    target = tmp_path / "server"
    with publish_lock(site):
        busy = deploy(site, target)
    assert busy.returncode == 1
    (line,) = busy.stderr.strip().splitlines()
    assert line.startswith(f"error: another publish or deploy of {site} is running")
    assert not target.exists(), "nothing was uploaded"
    assert deploy(site, target).returncode == 0


def invoke_with_target(site: Path, target: str, *extra: str):
    """`invoke deploy` with DEPLOY_TARGET set, as a workflow would (no parsing)."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", "deploy", "--output", str(site), *extra],
        cwd=ROOT,
        env={**os.environ, "DEPLOY_TARGET": target, "SITE_CACHE": str(site.parent)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def tree(folder: Path) -> dict[str, object]:
    """Everything under folder: files by content, links by where they point."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = ("link", str(path.readlink()))
        elif path.is_file():
            found[name] = path.read_bytes()
        else:
            found[name] = "folder"
    return found


def one_line(result, *words: str) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: "), line
    for word in words:
        assert word in line, line
    return line


def test_a_current_that_is_a_plain_folder_is_refused_and_left_alone(site, tmp_path):
    target = tmp_path / "server"
    assert deploy(site, target).returncode == 0
    (target / "current").unlink()
    (target / "current").mkdir()
    (target / "current" / "index.html").write_text("by hand", encoding="utf-8")
    before = tree(target)
    for extra in ((), ("--rollback",)):
        one_line(deploy(site, target, *extra), "current is not the symlink")
        assert tree(target) == before, extra


def test_a_current_pointing_elsewhere_is_refused(site, tmp_path):
    target = tmp_path / "server"
    assert deploy(site, target).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (target / "current").unlink()
    (target / "current").symlink_to(elsewhere)
    before = tree(target)
    one_line(deploy(site, target), "not at a release deploy made")
    assert tree(target) == before
    assert list(elsewhere.iterdir()) == []


def test_folders_deploy_did_not_make_are_never_pruned_nor_rolled_back_to(
    site, tmp_path
):
    target = tmp_path / "server"
    assert deploy(site, target).returncode == 0
    first = (target / "current").resolve()
    (site / "index.html").write_text("home, second", encoding="utf-8")
    assert deploy(site, target).returncode == 0
    releases = target / "releases"
    # Sorts between the two releases, and before both: a rollback by name order
    # alone would pick one of them.
    foreign = [releases / f"{first.name}-copy", releases / "0-old-site"]
    for folder in foreign:
        folder.mkdir()
        (folder / "index.html").write_text("someone's", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep me", encoding="utf-8")
    # Named as deploy names its releases, but a link deploy never makes.
    (releases / "19990101T000000000000Z").symlink_to(outside, target_is_directory=True)
    theirs = {f.name: tree(f) for f in foreign}

    back = deploy(site, target, "--rollback")
    assert back.returncode == 0, back.stdout + back.stderr
    assert (target / "current").resolve() == first
    one_line(deploy(site, target, "--rollback"), "no earlier release")
    assert (target / "current").resolve() == first

    for number in range(3):
        (site / "index.html").write_text(f"home {number}", encoding="utf-8")
        done = deploy(site, target, "--keep", "1")
        assert done.returncode == 0, done.stdout + done.stderr
    ours = [p for p in releases.iterdir() if p.name[0] == "2" and "-" not in p.name]
    assert ours == [(target / "current").resolve()], "only the live one kept"
    assert {f.name: tree(f) for f in foreign} == theirs
    assert (releases / "19990101T000000000000Z").is_symlink()
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "keep me"


def test_a_releases_folder_that_is_a_symlink_is_refused(site, tmp_path):
    target = tmp_path / "server"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("keep me", encoding="utf-8")
    target.mkdir()
    (target / "releases").symlink_to(elsewhere, target_is_directory=True)
    before = tree(target)
    for extra in ((), ("--rollback",)):
        one_line(deploy(site, target, *extra), "releases is a symlink")
        assert tree(target) == before
        assert tree(elsewhere) == {"notes.txt": b"keep me"}


def test_an_output_that_is_not_there_is_one_line_and_makes_no_folder(tmp_path):
    missing = tmp_path / "missing" / "output"
    one_line(deploy(missing, tmp_path / "server"), "holds no published site")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("keep", ["0", "-1", "two", "2.5"])
def test_keep_must_be_a_positive_whole_number(site, tmp_path, keep):
    target = tmp_path / "server"
    one_line(deploy(site, target, f"--keep={keep}"), "--keep", "positive whole")
    assert not target.exists()


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("-e sh", "read as an option"),
        ("--rsync-path=touch", "read as an option"),
        ("host:", "neither a folder nor user@host:/folder"),
        ("host:/srv/site", "neither a folder nor user@host:/folder"),
        ("user@-oProxyCommand=x:/srv", "neither a folder nor user@host:/folder"),
        ("user@host:relative", "needs an absolute folder"),
        ("user@host:", "needs an absolute folder"),
    ],
)
def test_a_target_that_is_neither_a_folder_nor_user_at_host_is_one_line(
    site, target, words
):
    one_line(invoke_with_target(site, target), words)
    one_line(invoke_with_target(site, target, "--rollback"), words)
    assert not (ROOT / target).exists() and not (ROOT / "host:").exists()


def test_rsync_and_ssh_never_read_a_target_as_an_option(site, monkeypatch):
    from charity_site_ops import deploying

    command = deploying.rsync_command(site, "/srv/-x", "/srv/old")
    assert command[-3:] == ["--", f"{site}/", "/srv/-x"]
    calls: list[list[str]] = []

    def record(args, **_kwargs):
        calls.append(args)
        return subprocess.CompletedProcess(args, 255, "", "no answer")

    monkeypatch.setattr(deploying.subprocess, "run", record)
    with pytest.raises(deploying.DeployError):
        deploying.deploy_remote(site, "deploy@web:/srv/site", ["-p", "2222"])
    with pytest.raises(deploying.DeployError):
        deploying.rollback_remote("deploy@web:/srv/site", [])
    for ssh in calls:
        assert ssh[0] == "ssh" and ssh[ssh.index("--") + 1] == "deploy@web", ssh


def test_a_target_the_system_refuses_is_one_line_not_a_traceback(site, tmp_path):
    from charity_site_ops import deploying

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(deploying.DeployError) as refused:
        deploying.deploy(str(blocker / "site"), site)
    (line,) = str(refused.value).splitlines()
    assert line.startswith("error: cannot deploy to ") and "as it was" in line
    with pytest.raises(deploying.DeployError) as refused:
        deploying.rollback(str(blocker / "site"))
    (line,) = str(refused.value).splitlines()
    assert line.startswith("error: ")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def make(*args: str, cache: Path) -> subprocess.CompletedProcess:
    """A make target as the README shows it, with its own cache and no DEPLOY_TARGET."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DEPLOY_TARGET", "MAKELEVEL")
    }
    return subprocess.run(
        # -o: the venv is taken as set up (a Makefile newer than .venv/.ready
        # would otherwise make the test rebuild it).
        ["make", "--no-print-directory", "-o", ".venv/.ready", *args],
        cwd=ROOT,
        env={**env, "SITE_CACHE": str(cache)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_rollback_without_a_target_undoes_the_last_deploy_where_it_went(
    site, tmp_path
):
    target = tmp_path / "server"
    assert deploy(site, target).returncode == 0
    first = (target / "current").resolve()
    (site / "index.html").write_text("home, second", encoding="utf-8")
    assert deploy(site, target).returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "DEPLOY_TARGET"}
    back = subprocess.run(
        [sys.executable, "-m", "invoke", "deploy", "--rollback"],
        cwd=ROOT,
        env={**env, "SITE_CACHE": str(site.parent / "cache")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert back.returncode == 0, back.stdout + back.stderr
    assert back.stdout.startswith(f"Rolled back {target}: ")
    assert (target / "current").resolve() == first


def test_make_deploy_then_make_rollback_as_the_readme_shows(site, tmp_path):
    target, cache = tmp_path / "srv site", tmp_path / "cache"
    assert (
        make("deploy", f"TARGET={target}", f"OUTPUT={site}", cache=cache).returncode
        == 0
    )
    first = (target / "current").resolve()
    (site / "index.html").write_text("home, second", encoding="utf-8")
    again = make("deploy", f"TARGET={target}", f"OUTPUT={site}", cache=cache)
    assert again.returncode == 0, again.stdout + again.stderr
    assert (target / "current").resolve() != first
    back = make("rollback", cache=cache)
    assert back.returncode == 0, back.stdout + back.stderr
    assert (target / "current").resolve() == first
    assert (target / "current" / "index.html").read_text() == "home, first"


def test_a_rollback_with_no_target_anywhere_says_the_make_command(tmp_path):
    result = make("rollback", cache=tmp_path / "nothing-deployed")
    assert result.returncode != 0
    (line, *_make) = result.stderr.strip().splitlines()
    assert line.startswith("error: no deploy target: set DEPLOY_TARGET")
    assert line.endswith("or give one: make rollback TARGET=/srv/site"), line
