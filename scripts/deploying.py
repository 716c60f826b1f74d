"""Upload the published site into release folders and switch them atomically.

A target is a folder on this machine, or `user@host:/folder` over SSH. It holds
`releases/<time>/` (one per deploy) and `current`, a symlink to the live one.
A deploy copies `output/` with rsync (checksums, deletes after copying,
unchanged files hard-linked from the live release) into `releases/.partial-<time>`,
renames that to `releases/<time>` once it is whole, then points `current` at it in
one rename; a rollback points it back. The live release is never written to, so a
failed or killed upload leaves the site as it was, and a half-copied release is
never offered for a rollback (the next deploy removes it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
KEEP = 5  # releases kept, the live one included, for rollbacks
PARTIAL = ".partial-"  # an upload not yet whole: never a release


class DeployError(Exception):
    """A deploy that cannot go ahead; str() is the one line to show."""


def is_remote(target: str) -> bool:
    """True for user@host:/folder (an SSH target), False for a local folder."""
    head, sep, _tail = target.partition(":")
    return bool(sep) and "/" not in head and len(head) > 1


def release_name(now: datetime | None = None) -> str:
    """A release folder's name: its UTC time, sortable."""
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")


def check_layout(target: Path) -> None:
    """Refuse a target that exists but is not a release layout (one line)."""
    if target.exists() and not target.is_dir():
        raise DeployError(f"error: DEPLOY_TARGET {target} is a file, not a folder")
    occupied = target.is_dir() and any(target.iterdir())
    if occupied and not (target / RELEASES).is_dir():
        raise DeployError(
            f"error: DEPLOY_TARGET {target} holds other files and no "
            f"{RELEASES}/ folder: point it at an empty or new folder (nothing "
            "was changed there)"
        )


def releases(target: Path) -> list[str]:
    """The release names, oldest first."""
    folder = target / RELEASES
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def live(target: Path) -> str | None:
    """The name of the live release, or None before the first deploy."""
    link = target / CURRENT
    return link.readlink().name if link.is_symlink() else None


def switch(target: Path, name: str) -> None:
    """Point current at releases/name in one rename (readers see old or new)."""
    staged = target / f".{CURRENT}.{os.getpid()}"
    staged.unlink(missing_ok=True)
    staged.symlink_to(Path(RELEASES) / name)
    staged.replace(target / CURRENT)


def prune(target: Path, keep: int = KEEP) -> list[str]:
    """Remove the oldest releases beyond keep (never the live one); say which."""
    names, current = releases(target), live(target)
    removed = [n for n in names[: max(0, len(names) - keep)] if n != current]
    for name in removed:
        shutil.rmtree(target / RELEASES / name)
    return removed


def rsync_command(site: Path, destination: str, link_dest: str | None) -> list[str]:
    """rsync of the site into a new release: checksums, deletions after the copy."""
    command = ["rsync", "--archive", "--checksum", "--delete-after"]
    if link_dest:
        command.append(f"--link-dest={link_dest}")
    return [*command, f"{site}/", destination]


def deploy_local(site: Path, target: Path, keep: int = KEEP) -> str:
    """Deploy site into a local release layout; return the new release's name."""
    if not (site / "index.html").is_file():
        raise DeployError(f"error: {site} holds no published site: run invoke publish")
    check_layout(target)
    (target / RELEASES).mkdir(parents=True, exist_ok=True)
    name = release_name()
    current = live(target)
    link_dest = str((target / RELEASES / current).resolve()) if current else None
    for left in (target / RELEASES).glob(PARTIAL + "*"):  # of killed deploys
        shutil.rmtree(left, ignore_errors=True)
    partial = target / RELEASES / f"{PARTIAL}{name}"
    result = subprocess.run(
        rsync_command(site, str(partial), link_dest), capture_output=True, text=True
    )
    if result.returncode:
        shutil.rmtree(partial, ignore_errors=True)
        last = (result.stderr.strip().splitlines() or ["rsync failed"])[-1]
        raise DeployError(
            f"error: the upload failed ({last}): the live site is as it was"
        )
    partial.rename(target / RELEASES / name)
    switch(target, name)
    prune(target, keep)
    return name


def rollback_local(target: Path) -> str:
    """Point current at the release before the live one; return its name."""
    names, current = releases(target), live(target)
    if current is None or current not in names or names.index(current) == 0:
        raise DeployError(f"error: {target} has no earlier release to roll back to")
    previous = names[names.index(current) - 1]
    switch(target, previous)
    return previous


def split_remote(target: str) -> tuple[str, str]:
    """('user@host', '/folder') of an SSH target."""
    host, _sep, folder = target.partition(":")
    if not folder.startswith("/"):
        raise DeployError(
            f"error: DEPLOY_TARGET {target} needs an absolute folder after the "
            "colon, like user@host:/srv/site"
        )
    return host, folder.rstrip("/") or "/"


def _ssh(host: str, options: list[str], script: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["ssh", *options, "-o", "BatchMode=yes", host, script],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _unreachable(host: str, result: subprocess.CompletedProcess) -> DeployError:
    last = (result.stderr.strip().splitlines() or ["no answer"])[-1]
    return DeployError(
        f"error: cannot reach {host} over SSH for DEPLOY_TARGET ({last}): the live "
        "site is as it was"
    )


def deploy_remote(site: Path, target: str, options: list[str], keep: int = KEEP) -> str:
    """Deploy site into a release layout on another machine over SSH."""
    import shlex

    if not (site / "index.html").is_file():
        raise DeployError(f"error: {site} holds no published site: run invoke publish")
    host, folder = split_remote(target)
    where = shlex.quote(folder)
    prepare = (
        f"mkdir -p {where} && cd {where} && "
        f'if [ -n "$(ls -A)" ] && [ ! -d {RELEASES} ]; then exit 3; fi && '
        f"mkdir -p {RELEASES} && rm -rf {RELEASES}/{PARTIAL}* && "
        f'if [ -L {CURRENT} ]; then basename "$(readlink {CURRENT})"; fi'
    )
    ready = _ssh(host, options, prepare)
    if ready.returncode == 3:
        raise DeployError(
            f"error: DEPLOY_TARGET {target} holds other files and no {RELEASES}/ "
            "folder: point it at an empty or new folder (nothing was changed there)"
        )
    if ready.returncode:
        raise _unreachable(host, ready)
    current = ready.stdout.strip() or None
    name = release_name()
    link_dest = f"{folder}/{RELEASES}/{current}" if current else None
    partial = f"{RELEASES}/{PARTIAL}{name}"
    command = rsync_command(site, f"{host}:{folder}/{partial}", link_dest)
    command[1:1] = ["-e", shlex.join(["ssh", *options, "-o", "BatchMode=yes"])]
    copied = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if copied.returncode:
        _ssh(host, options, f"rm -rf {where}/{shlex.quote(partial)}")
        last = (copied.stderr.strip().splitlines() or ["rsync failed"])[-1]
        raise DeployError(
            f"error: the upload failed ({last}): the live site is as it was"
        )
    live_now = (
        f"cd {where} && mv -T {shlex.quote(partial)} {RELEASES}/{shlex.quote(name)} && "
        f"ln -sfn {RELEASES}/{shlex.quote(name)} .{CURRENT}.new && "
        f"mv -T .{CURRENT}.new {CURRENT} && "
        f"ls -1 {RELEASES} | sort | head -n -{int(keep)} "
        f"| grep -vx {shlex.quote(name)} "
        f'| while read -r old; do rm -rf {RELEASES}/"$old"; done'
    )
    switched = _ssh(host, options, live_now)
    if switched.returncode:
        raise _unreachable(host, switched)
    return name


def rollback_remote(target: str, options: list[str]) -> str:
    """Point current at the release before the live one, over SSH."""
    import shlex

    host, folder = split_remote(target)
    where = shlex.quote(folder)
    script = (
        f"cd {where} && [ -L {CURRENT} ] && "
        f'now="$(basename "$(readlink {CURRENT})")" && '
        f'before="$(ls -1 {RELEASES} | sort '
        f'| awk -v now="$now" \'$0 < now\' | tail -n 1)" && '
        f'[ -n "$before" ] && ln -sfn {RELEASES}/"$before" .{CURRENT}.new && '
        f'mv -T .{CURRENT}.new {CURRENT} && echo "$before"'
    )
    result = _ssh(host, options, script)
    if result.returncode == 255:
        raise _unreachable(host, result)
    if result.returncode or not result.stdout.strip():
        raise DeployError(f"error: {target} has no earlier release to roll back to")
    return result.stdout.strip()
