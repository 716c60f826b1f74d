"""`invoke publish` and `invoke clean`: the pieces in publishing.py put together.

A publish takes the lock beside the target, removes what killed publishes left
(while it builds), builds into a new folder beside the target with the
production settings (the build is the check: any error, or any Pelican warning,
refuses before a page is written), then swaps the new site in atomically. The
build takes each page whose inputs did not change from the last site, as the
record of the last publish into the same target says (writer/handover.py): a
hard link to the standby's copy (the site the last swap replaced, kept beside
the target), else a copy of the live site's bytes. After the swap the replaced
site becomes the standby.
Every way it can end without publishing is one line (a TaskError) and leaves
the live site as it was.

The pieces themselves (the lock, the swap, signals, the child) are in
publishing.py, each tested on its own (tests/unit/test_publishing.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from charity_site_ops import publishing
from charity_site_ops.pelican_cli import pelican_command
from charity_site_ops.problems import TaskError

# How each swap put the new site in place, for the last line of a publish.
SWAPPED = {
    "rename": "moved into place",
    "exchange": "swapped in by an atomic exchange",
    "symlink": "swapped in by switching the symlink",
}


def publish(content: Path | str, target: Path, settings: Path, log: Path) -> str:
    """Publish content into target with settings; return the last line to print.

    Raises TaskError (its one line, its exit status) when nothing was published.
    """
    try:
        with (
            publishing.StopSignals() as stops,
            publishing.publish_lock(target),
        ):
            # Removed while the build runs, on the core it leaves idle: what
            # killed publishes left, and the standby before last. Listed now,
            # so the new folder this publish makes is never among them.
            sweep = publishing.start_discarding(publishing.leftovers(target))
            try:
                method = build_and_swap(content, target, settings, log, stops)
            finally:
                sweep.join()
    except publishing.PublishBusy as busy:
        raise TaskError(str(busy)) from None
    except publishing.Interrupted as stop:
        raise TaskError(
            f"error: the publish was stopped ({stop}): {target} is as it was",
            code=128 + stop.signum,
        ) from None
    except OSError as problem:  # our own, not Pelican's: a full disk, a bad path
        raise TaskError(publishing.oserror_line(problem, log)) from None
    siteurl = os.environ.get("SITEURL", "the default SITEURL")
    return f"Published {target} for {siteurl} ({SWAPPED[method]})"


def build_and_swap(
    content: Path | str,
    target: Path,
    settings: Path,
    log: Path,
    stops: publishing.StopSignals,
) -> str:
    """Build into a new folder beside target, then swap it in; say how."""
    fresh = publishing.make_temporary(target)
    try:
        # The build is the check: it prints every content problem, then refuses
        # on any error (or any Pelican warning) before it writes a page.
        command = pelican_command(content, fresh, settings, "--fatal", "warnings")
        # The child takes unchanged pages from the live site (copies of their
        # bytes: the live site is only read until the swap).
        handover = publishing.handover_env(target, fresh)
        result = publishing.run_child(command, log, stops, extra_env=handover)
        if stops.received:  # Pelican may exit 0 after a Ctrl-C
            raise publishing.Interrupted(stops.received)
        if result.returncode:
            if result.error:
                raise TaskError(publishing.failure_line(result.error, result.log))
            raise TaskError()  # the problems are the lines above
        if not (fresh / "index.html").is_file():
            raise TaskError(
                "error: the build wrote no index.html: nothing was published"
            )
        with stops.deferred():  # the commit point: a stop now waits for the swap
            return publishing.swap_in_recorded(fresh, target)
    finally:
        with stops.deferred():
            # A failed build, or the site the swap replaced; and the record of a
            # build that was not published.
            publishing.discard(fresh)
            publishing.discard(publishing.pending_record_path(fresh))


def clean(targets: list[Path], previews: list[Path]) -> None:
    """Remove preview folders, and published folders under their publish lock."""
    for folder in previews:
        publishing.discard(folder)
    for target in targets:
        if not target.parent.is_dir():
            continue
        try:
            with publishing.publish_lock(target):
                publishing.discard(target)
                publishing.discard(publishing.standby_path(target))
                publishing.remove_leftovers(target)
        except publishing.PublishBusy as busy:
            raise TaskError(str(busy)) from None
