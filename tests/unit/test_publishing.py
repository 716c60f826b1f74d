"""The pieces of a safe publish, one at a time: lock, folders, swap, output filter."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from charity_site_ops import publishing
from charity_site_ops.publishing import (
    ExchangeUnavailable,
    OutputFilter,
    PublishBusy,
    discard,
    failure_line,
    leftovers,
    lock_path,
    make_temporary,
    publish_lock,
    remove_leftovers,
    swap_in,
)
from support.processes import is_gone, wait_until_gone

SCRIPTS = Path(publishing.__file__).resolve().parent


def folder_with(path: Path, name: str, text: str) -> Path:
    path.mkdir(parents=True)
    (path / name).write_text(text, encoding="utf-8")
    return path


def refuse_exchange(first: Path, second: Path) -> None:
    raise ExchangeUnavailable(22, "Invalid argument", str(second))


# --- the lock ----------------------------------------------------------------


def test_a_second_lock_names_the_holder_and_the_file_goes_with_the_holder(tmp_path):
    target = tmp_path / "site"
    with publish_lock(target) as path:
        assert path == lock_path(target) == tmp_path / "site.lock"
        with pytest.raises(PublishBusy) as busy, publish_lock(target):
            pass
        assert busy.value.pid == os.getpid()
        message = str(busy.value)
        assert "\n" not in message
        assert message.startswith(
            f"error: another publish or deploy of {target} is running "
            f"(pid {os.getpid()}, started {busy.value.started}): "
        )
    assert not path.exists()
    with publish_lock(target):  # free again
        pass


HOLD = """
import sys, time
from pathlib import Path
from charity_site_ops.publishing import publish_lock
with publish_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(120)
"""


def test_a_killed_holder_never_leaves_a_stale_lock(tmp_path):
    target = tmp_path / "site"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(target)],
        env={**os.environ, "PYTHONPATH": str(SCRIPTS)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(PublishBusy) as busy, publish_lock(target):
            pass
        assert busy.value.pid == holder.pid
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert lock_path(target).exists()  # killed: its file stays, its lock does not
    with publish_lock(target):
        pass
    assert not lock_path(target).exists()


# --- temporary folders -------------------------------------------------------


def test_each_publish_gets_its_own_new_folder_beside_the_target(tmp_path):
    target = tmp_path / "deeper" / "site"
    first, second = make_temporary(target), make_temporary(target)
    assert first != second
    for fresh in (first, second):
        assert fresh.parent == target.parent
        assert fresh.name.startswith(".site.publish-")
        assert list(fresh.iterdir()) == []
    mask = os.umask(0o022)
    os.umask(mask)
    assert first.stat().st_mode & 0o777 == 0o777 & ~mask  # not mkdtemp's 0700


def test_leftovers_are_the_temporary_folders_never_the_live_site(tmp_path):
    target = tmp_path / "site"
    live = folder_with(tmp_path / ".site.release-live", "index.html", "live")
    target.symlink_to(live.name)
    killed = folder_with(tmp_path / ".site.publish-abc123", "index.html", "half")
    link = tmp_path / ".site.publish-def456.link"
    link.symlink_to(live.name)
    old_release = folder_with(tmp_path / ".site.release-old", "index.html", "old")
    legacy = folder_with(tmp_path / "site.publishing", "index.html", "legacy")
    other = folder_with(tmp_path / ".other.publish-abc", "index.html", "another")
    assert leftovers(target) == sorted([killed, link, old_release, legacy])
    remove_leftovers(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".other.publish-abc", ".site.release-live", "site"]
    )
    assert (target / "index.html").read_text(encoding="utf-8") == "live"
    assert other.is_dir()


# --- the swap ----------------------------------------------------------------


def test_a_target_that_does_not_exist_is_renamed_into_place(tmp_path):
    fresh = folder_with(tmp_path / ".site.publish-1", "index.html", "new")
    target = tmp_path / "site"
    assert swap_in(fresh, target) == "rename"
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert not fresh.exists()


def exchange_works_here(tmp_path: Path) -> bool:
    first, second = tmp_path / "probe-a", tmp_path / "probe-b"
    first.mkdir()
    second.mkdir()
    try:
        publishing.exchange(first, second)
    except ExchangeUnavailable:
        return False
    finally:
        first.rmdir()
        second.rmdir()
    return True


def test_an_existing_target_is_exchanged_then_the_old_site_removed(tmp_path):
    if not exchange_works_here(tmp_path):
        pytest.skip("this system or file system cannot exchange paths atomically")
    target = folder_with(tmp_path / "site", "index.html", "old")
    (target / "stale.html").write_text("from the last publish", encoding="utf-8")
    fresh = folder_with(tmp_path / ".site.publish-1", "index.html", "new")
    new_inode = fresh.stat().st_ino
    assert swap_in(fresh, target) == "exchange"
    assert target.stat().st_ino == new_inode and not target.is_symlink()
    assert sorted(p.name for p in target.iterdir()) == ["index.html"]
    assert (fresh / "stale.html").is_file()  # the old site, for the caller
    discard(fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_without_the_exchange_a_symlink_is_switched(tmp_path):
    target = folder_with(tmp_path / "site", "index.html", "first")
    sites = []
    for text in ("second", "third"):
        fresh = folder_with(tmp_path / f".site.publish-{text}", "index.html", text)
        assert swap_in(fresh, target, refuse_exchange) == "symlink"
        assert target.is_symlink()
        assert (target / "index.html").read_text(encoding="utf-8") == text
        sites.append((fresh / "index.html").read_text(encoding="utf-8"))
        discard(fresh)
        names = sorted(p.name for p in tmp_path.iterdir())
        assert len(names) == 2 and names[1] == "site", names
        assert names[0].startswith(".site.release-")
        assert target.readlink() == Path(names[0])  # relative: movable
    assert sites == ["first", "second"]  # each swap handed back what was live


def test_a_symlinked_target_stays_a_symlink(tmp_path):
    release = folder_with(tmp_path / ".site.release-a", "index.html", "old")
    target = tmp_path / "site"
    target.symlink_to(release.name)
    fresh = folder_with(tmp_path / ".site.publish-b", "index.html", "new")
    assert swap_in(fresh, target) == "symlink"
    assert target.is_symlink()
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert (fresh / "index.html").read_text(encoding="utf-8") == "old"


# --- the output of Pelican ---------------------------------------------------

PROBLEM = b"news/a.md:3: error: this post has no Title - add one [missing-title]\n"
CRASH = b"""OSError: [Errno 28] No space left on device: '/x/index.html'
Traceback (most recent call last):
  File "/venv/pelican/__init__.py", line 679, in main
    pelican.run()
    ^^^^^^^^^^^^^

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/venv/pelican/writers.py", line 131, in _open_w
    return open(filename, "w", encoding=encoding)
OSError: [Errno 28] No space left on device: '/x/index.html'
"""


def shown(lines: list[bytes]) -> tuple[list[bytes], OutputFilter]:
    show = OutputFilter()
    out = [line for raw in lines for line in show.feed(raw)]
    return [*out, *show.finish()], show


def test_a_traceback_is_held_back_and_its_last_line_kept():
    summary = b"Done: Processed 12 articles, 1 draft\n"
    out, show = shown([PROBLEM, *CRASH.splitlines(keepends=True), summary])
    assert out == [PROBLEM, summary]
    assert show.error == "OSError: [Errno 28] No space left on device: '/x/index.html'"


def test_a_chained_traceback_ending_in_a_bare_name_is_held_back_too():
    lines = b"""Keyboard interrupt received. Exiting.
Traceback (most recent call last):
  File "/venv/pelican/__init__.py", line 679, in main
KeyboardInterrupt

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/venv/pelican/log.py", line 118, in _log
RuntimeError: Warning or error encountered
""".splitlines(keepends=True)
    out, show = shown(lines)
    assert out == [b"Keyboard interrupt received. Exiting.\n"]
    assert show.error == "RuntimeError: Warning or error encountered"


def test_lines_without_a_traceback_are_shown_as_they_are():
    lines = [
        PROBLEM,
        b"ValueError: an exception named in a log line, no traceback after it\n",
        b"Done: Processed 12 articles\r\n",
        b"  indented text outside any traceback\n",
        b"\n",
    ]
    out, show = shown(lines)
    assert out == lines
    assert show.error is None


def test_a_full_disk_is_one_line_naming_the_log():
    log = Path("cache/last-publish.log")
    line = failure_line("OSError: [Errno 28] No space left on device: '/x'", log)
    assert line == (
        "error: the disk is full ([Errno 28] No space left on device: '/x'): "
        "free some space, then publish again "
        "(the full output is in cache/last-publish.log)"
    )
    other = failure_line("KeyError: 'title'", log)
    assert other.startswith("error: the publish failed (KeyError: 'title')")


# --- the child dies with the publish -----------------------------------------

PARENT = """
import subprocess, sys, time
from charity_site.lifetime import dying_with_parent
child = subprocess.Popen(
    dying_with_parent([sys.executable, "-c", "import time; time.sleep(120)"])
)
print(child.pid, flush=True)
time.sleep(120)
"""


def test_a_child_dies_when_its_publish_is_killed():
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT],
        env={**os.environ, "PYTHONPATH": str(SCRIPTS)},
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(parent.stdout.readline())
    assert not is_gone(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    parent.stdout.close()
    assert wait_until_gone(child), f"the child {child} outlived its killed parent"


# SITEURL: a publish sends HSTS, so its address is https (or this computer's own).
def validate(config: str, siteurl: str, **extra: object) -> None:
    from types import SimpleNamespace

    from pelican.settings import read_settings

    from charity_site.plugin import validate_settings
    from support.site import ROOT

    settings = read_settings(str(ROOT / config), override={"SITEURL": siteurl, **extra})
    validate_settings(SimpleNamespace(settings=settings))


@pytest.mark.parametrize(
    "siteurl",
    [
        "http://example.org",
        "example.org",
        "",
        "https:",
        "ftp://example.org",
        "//example.org",
        "https://editor:secret@example.org",
        "https://example.org:99999",
        "https://example.org/?utm=x",
        "http://127.0.0.1.example.org",
    ],
)
def test_a_publish_or_check_refuses_a_siteurl_that_is_not_https(siteurl, capsys):
    for extra in ({}, {"CHECK_ONLY": True}):
        with pytest.raises(SystemExit) as refused:
            validate("publishconf.py", siteurl, **extra)
        assert refused.value.code == 1
        (line,) = capsys.readouterr().err.splitlines()
        assert line == (
            f"pelicanconf.py: error: SITEURL '{siteurl}' is not an https:// "
            "address, and a published site sends HSTS: write the site's https "
            "address, like SITEURL=https://www.example.org.uk (in the environment "
            "or publishconf.py)"
        )


@pytest.mark.parametrize(
    ("config", "siteurl"),
    [
        ("publishconf.py", "https://stories.example.org"),
        ("publishconf.py", "https://example.org/charity"),
        # This computer only (browsers ignore HSTS there): the browser tests.
        ("publishconf.py", "http://127.0.0.1:8000"),
        ("publishconf.py", "http://localhost:8000"),
        ("publishconf.py", "http://[::1]:8000"),
        # A preview has relative links: its SITEURL is not checked.
        ("pelicanconf.py", ""),
        ("pelicanconf.py", "http://127.0.0.1:8000"),
        ("pelicanconf.py", "http://example.org"),
    ],
)
def test_https_loopback_and_any_preview_siteurl_are_accepted(config, siteurl):
    validate(config, siteurl)


def test_a_child_that_outlives_a_stop_is_killed(tmp_path):
    """A stop passed on more than STOP_GRACE seconds ago: a child that ignores it
    (stuck joining its workers, say) is killed, so a stopped publish ends."""
    import time as clock

    from charity_site_ops.publishing import STOP_GRACE, StopSignals, run_child

    stops = StopSignals()
    stops.received_at = clock.monotonic() - STOP_GRACE
    stubborn = (
        "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); "
        "time.sleep(60)"
    )
    started = clock.monotonic()
    result = run_child([sys.executable, "-c", stubborn], tmp_path / "log", stops)
    assert result.returncode == -signal.SIGKILL
    assert clock.monotonic() - started < 30
