"""`invoke publish` is safe: one at a time, atomic, and never touched by a preview.

Every test runs the real `invoke publish` in its own process on a copy of the
sample content. Where a publish must be caught half-way, an audit hook
installed as sitecustomize (in the Pelican process only) pauses or fails at the
first file it opens for writing under the publish's temporary folder: the test
waits for that, never for a time.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.processes import is_gone, wait_until_gone
from support.site import ROOT, SITEURL, small_site
from support.sources import read_sources

pytestmark = pytest.mark.skipif(
    sys.platform != "linux",
    reason="what is tested here is Linux's: PR_SET_PDEATHSIG, renameat2 and /proc",
)

# Installed as sitecustomize for a publish. In the Pelican process only (not the
# invoke process, not the wrapper, not forked workers), at the first open for
# writing under the temporary folder: "pause" writes the process's pid into
# PUBLISH_HOOK_MARKER and sleeps until PUBLISH_HOOK_GO exists; "full" raises the
# error a full disk gives, at the first file with ".html" in its name (so a
# writer that writes a page under a temporary name first is caught as well).
HOOK = """
import errno, os, sys, time
mode = os.environ.get("PUBLISH_HOOK")
if mode and sys.orig_argv[1:3] == ["-m", "pelican"]:
    prefix = os.path.realpath(os.environ["PUBLISH_HOOK_UNDER"])
    main = os.getpid()
    fired = []
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def hook(event, args):
        if event != "open" or fired or os.getpid() != main:
            return
        if not isinstance(args[0], (str, bytes)) or not args[2] & writing:
            return
        path = os.path.realpath(os.fsdecode(args[0]))
        if not path.startswith(prefix):
            return
        if mode == "full":
            if ".html" in os.path.basename(path):
                fired.append(path)
                raise OSError(errno.ENOSPC, "No space left on device", path)
            return
        fired.append(path)
        marker = os.environ["PUBLISH_HOOK_MARKER"]
        with open(marker + ".part", "w") as out:
            out.write(str(main))
        os.replace(marker + ".part", marker)
        go = os.environ.get("PUBLISH_HOOK_GO", "")
        deadline = time.monotonic() + 300  # never hang a test run for ever
        while not (go and os.path.exists(go)) and time.monotonic() < deadline:
            time.sleep(0.02)

    sys.addaudithook(hook)
"""
BUSY = re.compile(
    r"error: another publish or deploy of (?P<target>\S+) is running "
    r"\(pid (?P<pid>\d+), started [^)]+\): wait for it to finish, then try again"
)


def invoke_env(cache: Path, hook: dict[str, str] | None = None) -> dict[str, str]:
    """An editor's environment, with this module's cache (and the hook, if any)."""
    env = {**os.environ, "SITE_CACHE": str(cache), "SITEURL": SITEURL}
    if hook:
        hooks = cache.parent / "hooks"
        hooks.mkdir(exist_ok=True)
        (hooks / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
        env.update(hook, PYTHONPATH=str(hooks))
    return env


def hooked(cache: Path, target: Path, mode: str, **files: Path) -> dict[str, str]:
    """The environment of a publish whose Pelican pauses ("pause") or fails
    ("full") part-way; files: marker, go."""
    under = target.parent / f".{target.name}.publish-"
    hook = {"PUBLISH_HOOK": mode, "PUBLISH_HOOK_UNDER": str(under)}
    hook.update({f"PUBLISH_HOOK_{k.upper()}": str(v) for k, v in files.items()})
    return invoke_env(cache, hook)


def publish_command(content: Path, target: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "invoke",
        "publish",
        "--content",
        str(content),
        "--output",
        str(target),
    ]


def publish(content: Path, target: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        publish_command(content, target),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by its path there, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def wait_for_file(path: Path, process: subprocess.Popen) -> None:
    """Wait until path exists; fail at once if the process ends first."""
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"the publish ended first ({process.returncode})")
        time.sleep(0.02)


def processes_naming(text: str) -> list[int]:
    """Live processes whose command line contains text (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if text in command and not is_gone(int(entry.name)):
            found.append(int(entry.name))
    return found


def assert_complete(site: dict[str, bytes], content: Path) -> None:
    """The home page and the page of every post and page that is due."""
    due = [s for s in read_sources(content) if s.is_published]
    assert len(due) > 10
    missing = [s.url for s in due if f"{s.url}index.html" not in site]
    assert "index.html" in site and missing == []


def as_from_a_terminal() -> None:
    """Ctrl+C and Ctrl+\\ as a terminal's shell leaves them (a background job
    of a script starts with both ignored, and passes that on)."""
    for signum in (signal.SIGINT, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)


def signal_masks(pid: int) -> dict[str, set[int]]:
    """The signals a process ignores, blocks and catches, from /proc."""
    names = {"SigIgn": "ignored", "SigBlk": "blocked", "SigCgt": "caught"}
    found: dict[str, set[int]] = {}
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(":")
        if key in names:
            bits = int(value.strip(), 16)
            found[names[key]] = {n for n in range(1, 65) if bits >> (n - 1) & 1}
    return found


def beside(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir())


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's own cache: a killed publish never touches the session's."""
    return tmp_path_factory.mktemp("publish-safety") / "cache"


@pytest.fixture(scope="module")
def reference(
    sample_content: Path, cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, bytes]:
    """One plain publish into a folder that did not exist: the site every test
    expects (its files and their bytes)."""
    target = tmp_path_factory.mktemp("reference") / "new" / "site"
    result = publish(sample_content, target, invoke_env(cache))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"Published {target} for {SITEURL} (moved into place)"
    )
    assert beside(target) == ["site"]
    return snapshot(target)


@pytest.fixture
def live(reference: dict[str, bytes], tmp_path: Path) -> Path:
    """A published site, as the last publish left it, alone in its folder."""
    target = tmp_path / "live" / "site"
    for name, data in reference.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    return target


def test_a_publish_into_a_new_folder_writes_every_post_page(reference, sample_content):
    assert_complete(reference, sample_content)


def test_a_publish_exchanges_the_old_site_which_waits_as_the_standby(
    live, sample_content, cache, reference
):
    (live / "stale.html").write_text("from the last publish", encoding="utf-8")
    old_inode = live.stat().st_ino
    result = publish(sample_content, live, invoke_env(cache))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"Published {live} for {SITEURL} (swapped in by an atomic exchange)"
    )
    assert live.stat().st_ino != old_inode and not live.is_symlink()
    assert sorted(snapshot(live)) == sorted(reference)  # stale.html went too
    # The lock and the build's folder are gone; the replaced site waits, unserved,
    # for the next publish to link its unchanged files from.
    assert beside(live) == [".site.standby", "site"]
    standby = live.parent / ".site.standby"
    assert (standby / "stale.html").read_text(
        encoding="utf-8"
    ) == "from the last publish"


def test_a_second_publish_names_the_running_one_and_changes_nothing(
    live, sample_content, cache
):
    from charity_site_ops import publishing

    before = snapshot(live)
    with publishing.publish_lock(live):
        result = publish(sample_content, live, invoke_env(cache))
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    found = BUSY.fullmatch(line)
    assert found, line
    assert (found["target"], int(found["pid"])) == (str(live), os.getpid())
    assert snapshot(live) == before
    assert beside(live) == ["site"]


def test_a_killed_publish_leaves_the_site_and_no_process(
    live, sample_content, cache, tmp_path, reference
):
    before = snapshot(live)
    marker = tmp_path / "pelican.pid"
    running = subprocess.Popen(
        publish_command(sample_content, live),
        cwd=ROOT,
        env=hooked(cache, live, "pause", marker=marker),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_file(marker, running)
    finally:
        running.send_signal(signal.SIGKILL)
        running.wait()
    pelican = int(marker.read_text())
    (temporary,) = [p for p in live.parent.iterdir() if ".site.publish-" in p.name]
    assert wait_until_gone(pelican), f"Pelican ({pelican}) outlived its publish"
    assert processes_naming(str(temporary)) == []
    assert snapshot(live) == before

    result = publish(sample_content, live, invoke_env(cache))
    assert result.returncode == 0, result.stdout + result.stderr
    # the killed one's folder and lock are gone (the replaced site stands by)
    assert beside(live) == [".site.standby", "site"]
    assert sorted(snapshot(live)) == sorted(reference)


def test_of_two_publishes_at_once_one_runs_and_one_says_so(
    live, sample_content, cache, tmp_path, reference
):
    marker, go = tmp_path / "pelican.pid", tmp_path / "go"
    first = subprocess.Popen(
        publish_command(sample_content, live),
        cwd=ROOT,
        env=hooked(cache, live, "pause", marker=marker, go=go),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_file(marker, first)  # the first is building, holding the lock
        second = publish(sample_content, live, invoke_env(cache))
    finally:
        go.touch()
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out + err
    assert second.returncode == 1
    assert second.stdout == ""
    (line,) = second.stderr.splitlines()
    found = BUSY.fullmatch(line)
    assert found and int(found["pid"]) == first.pid, line
    site = snapshot(live)
    assert_complete(site, sample_content)
    assert sorted(site) == sorted(reference)
    assert beside(live) == [".site.standby", "site"]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_publish_passes_the_signal_on_and_cleans_up(
    stop, live, sample_content, cache, tmp_path
):
    before = snapshot(live)
    marker = tmp_path / "pelican.pid"
    running = subprocess.Popen(
        publish_command(sample_content, live),
        cwd=ROOT,
        env=hooked(cache, live, "pause", marker=marker),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_from_a_terminal,
    )
    try:
        wait_for_file(marker, running)
        # A signal the publish was started with ignored never reaches it (a
        # test run started in the background ignores SIGINT, and hung here for
        # 300 s): the publish is started as from a terminal (below), and this
        # says at once if it was not.
        masks = signal_masks(running.pid)
        assert stop not in masks["ignored"] | masks["blocked"], masks
        assert stop in masks["caught"], masks  # the publish's own handler
        running.send_signal(stop)  # as Ctrl+C, or a CI runner cancelling
        out, err = running.communicate(timeout=300)
    finally:
        running.kill()
        running.communicate()  # its pipes closed, whatever happened
    assert running.returncode == 128 + stop
    assert "Traceback" not in out + err
    assert err.splitlines()[-1] == (
        f"error: the publish was stopped ({stop.name}): {live} is as it was"
    )
    assert wait_until_gone(int(marker.read_text()))
    assert snapshot(live) == before
    assert beside(live) == ["site"]


def test_a_full_disk_is_one_line_and_leaves_the_site(
    live, sample_content, cache, reference
):
    before = snapshot(live)
    result = publish(sample_content, live, hooked(cache, live, "full"))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: the disk is full ([Errno 28] No space left on ")
    assert line.endswith(
        "free some space, then publish again "
        f"(the full output is in {cache / 'last-publish.log'})"
    )
    # the content problems are still shown, one line each, as a check shows them
    problem = re.compile(r"^\S.*?:\d+: (error|warning): .+ \[[a-z0-9-]+\]$")
    assert all(problem.match(out) for out in result.stdout.splitlines())
    assert "Traceback" in (cache / "last-publish.log").read_text(encoding="utf-8")
    assert snapshot(live) == before
    assert beside(live) == ["site"]


# --- preview and publish never share a folder ----------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's tasks and settings (theme and plugins linked), so
    the default folders, output/ and preview/, are made there, not here."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("theme", "plugins"):
        (project / name).symlink_to(ROOT / name, target_is_directory=True)
    return project


def run_task(project: Path, cache: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        env=invoke_env(cache),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_a_preview_build_never_touches_the_published_site(
    project, sample_content, cache
):
    run_task(project, cache, "publish", "--content", str(sample_content))
    published = snapshot(project / "output")
    assert "index.html" in published
    assert not any(name.startswith("drafts/") for name in published)

    run_task(project, cache, "build", "--content", str(sample_content))
    assert snapshot(project / "output") == published
    preview = snapshot(project / "preview")
    assert any(name.startswith("drafts/") for name in preview)

    run_task(project, cache, "publish", "--content", str(sample_content))
    assert (project / ".output.standby" / "index.html").is_file()  # the one replaced
    (project / ".output.publish-left1234").mkdir()  # a killed publish's folder
    run_task(project, cache, "clean")
    assert sorted(p.name for p in project.iterdir()) == [
        "pelicanconf.py",
        "plugins",
        "publishconf.py",
        "tasks.py",
        "theme",
    ]
    assert cache.is_dir()  # kept without --all


def test_a_publish_without_the_sample_paints_no_sample_photo(project, tmp_path):
    """The sample's photos are demo data: a content folder without the sample's
    posts (the charity's own) gets none, not even an images/sample/ folder."""
    from charity_site_ops.sample_photos import PHOTOS

    content = small_site(tmp_path / "content")
    run_task(project, tmp_path / "cache", "publish", "--content", str(content))
    assert (project / "output" / "index.html").is_file()
    assert not (content / "images" / "sample").exists()
    assert not (project / "content").exists()
    stems = tuple(Path(photo.name).stem for photo in PHOTOS)
    # Anywhere: the content, the published site, its cache, the project.
    painted = [p for p in tmp_path.rglob("*") if p.name.startswith(stems)]
    assert painted == []
