"""Upload the published site into release folders and switch them atomically.

A target is a folder on this machine, or `user@host:/folder` over SSH. It holds
`releases/<time>/` (one per deploy) and `current`, a symlink to the live one.
A deploy copies `output/` with rsync (checksums, deletes after copying,
unchanged files hard-linked from the live release) into `releases/.partial-<time>`,
renames that to `releases/<time>` once it is whole, then points `current` at it in
one rename; a rollback points it back. The live release is never written to, so a
failed or killed upload leaves the site as it was, and a half-copied release is
never offered for a rollback (the next deploy removes it).

Deploy only ever removes or offers what it made: a release is a folder whose name
is deploy's own time stamp (`release_name()`); anything else in `releases/` is
left alone, and a `current` or `releases` that is not what deploy makes stops it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from charity_site_ops.commands import option_given, option_hint
from charity_site_ops.problems import TaskError
from charity_site_ops.publishing import PublishBusy, publish_lock

RELEASES = "releases"
CURRENT = "current"
KEEP = 5  # releases kept, the live one included, for rollbacks
PARTIAL = ".partial-"  # an upload not yet whole: never a release
# release_name()'s format, exactly: how deploy knows the folders it made.
RELEASE_PATTERN = r"[0-9]{8}T[0-9]{12}Z"
_RELEASE = re.compile(RELEASE_PATTERN)
PARTIAL_PATTERN = r"\.partial-" + RELEASE_PATTERN
# user@host:/folder. Neither the user nor the host may start with '-' (ssh
# would read it as an option).
_REMOTE = re.compile(
    r"(?P<user>[A-Za-z0-9_][A-Za-z0-9._-]*)@(?P<host>[A-Za-z0-9_][A-Za-z0-9._-]*)"
    r":(?P<folder>.*)",
    re.DOTALL,
)
TARGET_FORMS = "a folder, or user@host:/folder"


class DeployError(TaskError):
    """A deploy that cannot go ahead; str() is the one line to show."""


@dataclass(frozen=True)
class Remote:
    """An SSH target: user@host and an absolute folder there."""

    login: str  # user@host
    folder: str


def is_release(name: str) -> bool:
    """True for a release folder's name as deploy makes it (never another's)."""
    return _RELEASE.fullmatch(name) is not None


def release_name(now: datetime | None = None) -> str:
    """A release folder's name: its UTC time, sortable."""
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")


def read_keep(value: object) -> int:
    """--keep as a count of releases (KEEP when not given), or one line."""
    text = str(value).strip()
    if text == "":
        return KEEP
    if not re.fullmatch(r"[0-9]+", text) or int(text) < 1:
        raise DeployError(
            f"error: {option_given('keep', value)} is not a positive whole number: "
            "write how many releases to keep, the live one included, like "
            f"{option_hint('keep', KEEP, 'deploy')}"
        )
    return int(text)


def parse_target(text: str) -> Path | Remote:
    """A local folder, or user@host:/folder; anything else is one line."""
    if not text.strip():
        raise DeployError(
            f"error: the deploy target is empty: set DEPLOY_TARGET ({TARGET_FORMS}) "
            f"or give one: {option_hint('target', '/srv/site', 'deploy')}"
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise DeployError(
            f"error: DEPLOY_TARGET {text!r} holds a control character: write "
            f"{TARGET_FORMS}"
        )
    if text.startswith("-"):
        raise DeployError(
            f"error: DEPLOY_TARGET '{text}' starts with '-', which rsync and ssh "
            f"would read as an option: write {TARGET_FORMS} (./{text} for a local "
            "folder so named)"
        )
    head, colon, _tail = text.partition(":")
    if not colon or "/" in head:  # no host part: a folder on this machine
        return Path(text)
    match = _REMOTE.fullmatch(text)
    if match is None:
        raise DeployError(
            f"error: DEPLOY_TARGET '{text}' is neither a folder nor "
            f"user@host:/folder: write user@host:/srv/site, or ./{text} for a "
            "local folder so named"
        )
    folder = match["folder"]
    if not folder.startswith("/"):
        raise DeployError(
            f"error: DEPLOY_TARGET {text} needs an absolute folder after the "
            "colon, like user@host:/srv/site"
        )
    return Remote(f"{match['user']}@{match['host']}", folder.rstrip("/") or "/")


def live_name(link: str) -> str | None:
    """The release a `current` link's text names, or None if deploy did not make it."""
    parent, _slash, name = link.rstrip("/").rpartition("/")
    return name if parent == RELEASES and is_release(name) else None


# What each refusal of a target's layout says; the remote scripts exit with the
# code, the local checks raise the line.
NOT_A_FOLDER = 3
RELEASES_LINK = 4
CURRENT_NOT_LINK = 5
CURRENT_ELSEWHERE = 6


def layout_problem(target: str, code: int, link: str = "") -> DeployError:
    """The one line for a target whose layout deploy did not make."""
    untouched = "(nothing was changed there)"
    lines = {
        NOT_A_FOLDER: f"error: DEPLOY_TARGET {target} holds other files and no "
        f"{RELEASES}/ folder: point it at an empty or new folder {untouched}",
        RELEASES_LINK: f"error: {target}/{RELEASES} is a symlink, not the folder "
        f"deploy keeps its releases in: replace it with a folder, or choose "
        f"another target {untouched}",
        CURRENT_NOT_LINK: f"error: {target}/{CURRENT} is not the symlink deploy "
        f"makes but a folder or file: move it out of the target, then deploy "
        f"again {untouched}",
        CURRENT_ELSEWHERE: f"error: {target}/{CURRENT} points at '{link}', not at "
        f"a release deploy made in {RELEASES}/: move that link out of the "
        f"target, then deploy again {untouched}",
    }
    return DeployError(lines[code])


def check_layout(target: Path) -> None:
    """Refuse a target that exists but is not a release layout (one line)."""
    if target.exists() and not target.is_dir():
        raise DeployError(f"error: DEPLOY_TARGET {target} is a file, not a folder")
    if not target.is_dir():
        return  # a new target: deploy makes its layout
    if (target / RELEASES).is_symlink():
        raise layout_problem(str(target), RELEASES_LINK)
    link = target / CURRENT
    if link.is_symlink():
        text = str(link.readlink())
        if live_name(text) is None:
            raise layout_problem(str(target), CURRENT_ELSEWHERE, text)
    elif link.exists():
        raise layout_problem(str(target), CURRENT_NOT_LINK)
    if any(target.iterdir()) and not (target / RELEASES).is_dir():
        raise layout_problem(str(target), NOT_A_FOLDER)


def releases(target: Path) -> list[str]:
    """The names of the releases deploy made, oldest first (nothing else there)."""
    folder = target / RELEASES
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(
        p.name
        for p in folder.iterdir()
        if is_release(p.name) and p.is_dir() and not p.is_symlink()
    )


def live(target: Path) -> str | None:
    """The name of the live release, or None before the first deploy."""
    link = target / CURRENT
    return live_name(str(link.readlink())) if link.is_symlink() else None


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
    # '--': neither path can be read as an option, whatever it starts with.
    return [*command, "--", f"{site}/", destination]


def check_published(site: Path) -> None:
    """Refuse a folder that holds no published site (one line)."""
    if not (site / "index.html").is_file():
        raise DeployError(f"error: {site} holds no published site: run invoke publish")


def deploy_local(site: Path, target: Path, keep: int = KEEP) -> str:
    """Deploy site into a local release layout; return the new release's name."""
    check_published(site)
    target = target.absolute()  # a relative path with ':' would look remote to rsync
    check_layout(target)
    (target / RELEASES).mkdir(parents=True, exist_ok=True)
    name = release_name()
    current = live(target)
    kept = target / RELEASES / current if current else None
    link_dest = str(kept.resolve()) if kept and kept.is_dir() else None
    for left in (target / RELEASES).glob(PARTIAL + "*"):  # of killed deploys
        if is_release(left.name.removeprefix(PARTIAL)) and not left.is_symlink():
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
    check_layout(target)
    names, current = releases(target), live(target)
    if current is None or current not in names or names.index(current) == 0:
        raise DeployError(f"error: {target} has no earlier release to roll back to")
    previous = names[names.index(current) - 1]
    switch(target, previous)
    return previous


def split_remote(target: str) -> tuple[str, str]:
    """('user@host', '/folder') of an SSH target."""
    place = parse_target(target)
    if not isinstance(place, Remote):
        raise DeployError(f"error: DEPLOY_TARGET {target} is not user@host:/folder")
    return place.login, place.folder


def _ssh(host: str, options: list[str], script: str) -> subprocess.CompletedProcess:
    # '--' ends ssh's options: the host can never be read as one.
    return subprocess.run(
        ["ssh", *options, "-o", "BatchMode=yes", "--", host, script],
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


def _layout_script() -> str:
    """Shell that exits with a layout code when the folder is not deploy's."""
    return (
        f"if [ -L {RELEASES} ]; then exit {RELEASES_LINK}; fi && "
        f"if [ -e {CURRENT} ] && [ ! -L {CURRENT} ]; then exit {CURRENT_NOT_LINK}; fi"
    )


def _remove_own(variable: str) -> str:
    """Shell removing releases/$variable if it is a folder, never through a symlink."""
    path = f'{RELEASES}/"${variable}"'
    return f"if [ -d {path} ] && [ ! -L {path} ]; then rm -rf -- {path}; fi"


def _releases_listed() -> str:
    """Shell listing deploy's own releases (folders, never links), oldest first."""
    path = f'{RELEASES}/"$n"'
    return (
        f"ls -1 {RELEASES} | grep -Ex {shlex.quote(RELEASE_PATTERN)} | sort "
        f'| while read -r n; do if [ -d {path} ] && [ ! -L {path} ]; then echo "$n"; '
        "fi; done"
    )


def _check_remote(target: str, result: subprocess.CompletedProcess) -> None:
    if result.returncode in (NOT_A_FOLDER, RELEASES_LINK, CURRENT_NOT_LINK):
        raise layout_problem(target, result.returncode)


def deploy_remote(site: Path, target: str, options: list[str], keep: int = KEEP) -> str:
    """Deploy site into a release layout on another machine over SSH."""
    check_published(site)
    host, folder = split_remote(target)
    where = shlex.quote(folder)
    prepare = (
        f"mkdir -p -- {where} && cd -- {where} && {_layout_script()} && "
        f'if [ -n "$(ls -A)" ] && [ ! -d {RELEASES} ]; then exit {NOT_A_FOLDER}; fi && '
        f"mkdir -p {RELEASES} && "
        f"{{ ls -A {RELEASES} | grep -Ex {shlex.quote(PARTIAL_PATTERN)} "
        f"| while read -r left; do {_remove_own('left')}; done; }} && "
        f"if [ -L {CURRENT} ]; then readlink {CURRENT}; fi"
    )
    ready = _ssh(host, options, prepare)
    _check_remote(target, ready)
    if ready.returncode:
        raise _unreachable(host, ready)
    link = ready.stdout.strip()
    current = live_name(link) if link else None
    if link and current is None:
        raise layout_problem(target, CURRENT_ELSEWHERE, link)
    name = release_name()
    link_dest = f"{folder}/{RELEASES}/{current}" if current else None
    partial = f"{RELEASES}/{PARTIAL}{name}"
    command = rsync_command(site, f"{host}:{folder}/{partial}", link_dest)
    command[1:1] = ["-e", shlex.join(["ssh", *options, "-o", "BatchMode=yes"])]
    copied = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if copied.returncode:
        _ssh(host, options, f"rm -rf -- {where}/{shlex.quote(partial)}")
        last = (copied.stderr.strip().splitlines() or ["rsync failed"])[-1]
        raise DeployError(
            f"error: the upload failed ({last}): the live site is as it was"
        )
    live_now = (
        f"cd -- {where} && mv -T -- {shlex.quote(partial)} {RELEASES}/{name} && "
        f"ln -sfn -- {RELEASES}/{name} .{CURRENT}.new && "
        f"mv -T -- .{CURRENT}.new {CURRENT} && "
        f"{_releases_listed()} | head -n -{int(keep)} | grep -vx {name} "
        f"| while read -r old; do {_remove_own('old')}; done"
    )
    switched = _ssh(host, options, live_now)
    if switched.returncode:
        raise _unreachable(host, switched)
    return name


def rollback_remote(target: str, options: list[str]) -> str:
    """Point current at the release before the live one, over SSH."""
    host, folder = split_remote(target)
    where = shlex.quote(folder)
    script = (
        f"cd -- {where} && {_layout_script()} && [ -L {CURRENT} ] && "
        f'now="$(readlink {CURRENT})" && '
        f'case "$now" in {RELEASES}/*) ;; *) exit 1 ;; esac && '
        f'now="${{now#{RELEASES}/}}" && '
        f'before="$({_releases_listed()} '
        f'| awk -v now="$now" \'$0 < now\' | tail -n 1)" && '
        f'[ -n "$before" ] && ln -sfn -- {RELEASES}/"$before" .{CURRENT}.new && '
        f'mv -T -- .{CURRENT}.new {CURRENT} && echo "$before"'
    )
    result = _ssh(host, options, script)
    if result.returncode == 255:
        raise _unreachable(host, result)
    _check_remote(target, result)
    if result.returncode or not result.stdout.strip():
        raise DeployError(f"error: {target} has no earlier release to roll back to")
    return result.stdout.strip()


# --- `invoke deploy`, put together --------------------------------------------


def ssh_options(text: str) -> list[str]:
    """DEPLOY_SSH as ssh's arguments, or one line when its quotes do not close."""
    try:
        return shlex.split(text)
    except ValueError as problem:
        raise DeployError(
            f"error: DEPLOY_SSH cannot be read ({problem}): close every quote in it"
        ) from None


def _read_settings(
    where: str, keep: object, ssh: str, task: str = "deploy"
) -> tuple[int, Path | Remote, list[str]]:
    """The count to keep, the target and ssh's options, each checked (one line)."""
    if not where:
        raise DeployError(
            "error: no deploy target: set DEPLOY_TARGET (a folder, or "
            "user@host:/folder) or give one: "
            f"{option_hint('target', '/srv/site', task)}"
        )
    count = read_keep(keep)  # a string: invoke's int() would crash
    place = parse_target(where)
    # Extra ssh options (a port, a key), e.g. DEPLOY_SSH="-p 2222 -i ~/.ssh/site".
    return count, place, ssh_options(ssh)


def deploy(where: str, site: Path, keep: object = "", ssh: str = "") -> str:
    """Upload site to where as a new release and make it live; return its name."""
    # Every setting is read before anything at the target is touched.
    count, place, options = _read_settings(where, keep, ssh)
    # Before the lock, which would make the folders of a mistyped --output.
    check_published(site)
    # The publish lock: a publish cannot swap the site in the middle of the
    # upload, and a second deploy of it is refused while this one runs.
    try:
        with publish_lock(site):
            if isinstance(place, Remote):
                return deploy_remote(site, where, options, count)
            return deploy_local(site, place, count)
    except PublishBusy as busy:
        raise DeployError(str(busy)) from None
    except (OSError, subprocess.TimeoutExpired) as problem:
        raise _cannot(where, "deploy to", problem) from None


def rollback(where: str, keep: object = "", ssh: str = "") -> str:
    """Make the release before the live one live again; return its name."""
    _count, place, options = _read_settings(where, keep, ssh, "rollback")
    try:
        if isinstance(place, Remote):
            return rollback_remote(where, options)
        return rollback_local(place)
    except (OSError, subprocess.TimeoutExpired) as problem:
        raise _cannot(where, "roll back", problem) from None


def _cannot(where: str, what: str, problem: Exception) -> DeployError:
    """One line for what the system refused (a folder, a tool, a slow server)."""
    why = getattr(problem, "strerror", None) or str(problem)
    if isinstance(problem, FileNotFoundError) and problem.filename in ("rsync", "ssh"):
        why = (
            f"{problem.filename} is not installed (apt-get install {problem.filename})"
        )
    return DeployError(
        f"error: cannot {what} {where} ({why}): the live site is as it was"
    )


# The target the last successful deploy from this computer used, so a rollback
# undoes that deploy without the target typed again (`make deploy TARGET=...`
# then `make rollback`). In the cache folder: this computer's, never committed.
LAST_TARGET = "last-deploy-target"


def remember_target(cache: Path, where: str) -> None:
    """Keep where the last deploy went (a local folder made absolute)."""
    place = parse_target(where)
    text = str(place.absolute()) if isinstance(place, Path) else where
    try:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / LAST_TARGET).write_text(text + "\n", encoding="utf-8")
    except OSError:
        pass  # a convenience only: a rollback then asks for the target


def remembered_target(cache: Path) -> str:
    """The last deploy's target, or "" when none was kept."""
    try:
        return (cache / LAST_TARGET).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""
