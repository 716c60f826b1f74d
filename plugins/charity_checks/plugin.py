"""Pelican glue for the content checks.

Every build checks every post, once, when all posts are read and nothing is
written yet. In preview each problem is a warning in the log (the markdown
plugin skips a post that cannot be built, so the rest still builds); with
CHECKS_STRICT (the publish settings) any error stops the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import pickle
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from pelican import signals

from .problems import refuse_setting
from .settings import CheckSettingError, read_check_settings
from .site import check_site

logger = logging.getLogger("pelican.plugins.charity_checks")


class ContentErrors(SystemExit):
    """Ends a strict build with exit status 1.

    A SystemExit, not an Exception: Pelican prints a traceback for any Exception,
    and an editor's mistake must read as the plain lines above it, nothing more.
    """


def _fingerprint(check_settings) -> str:
    """What cached results depend on: the settings, the day, and the rules' code."""
    code = b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py")))
    return hashlib.sha256(repr(check_settings).encode() + code).hexdigest()


def _load_memo(path: Path, check_settings) -> dict:
    try:
        with path.open("rb") as handle:
            fingerprint, memo = pickle.load(handle)  # noqa: S301 (our own cache file)
    except (OSError, EOFError, pickle.PickleError, ValueError, TypeError):
        return {}
    return memo if fingerprint == _fingerprint(check_settings) else {}


def _save_memo(path: Path, check_settings, memo: dict) -> None:
    with contextlib.suppress(OSError):  # a cache that cannot be written is no error
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump((_fingerprint(check_settings), memo), handle)
        temporary.replace(path)


PENDING_KEY = "charity_checks_pending"  # this build's running check, in its context


def check_in_background(settings: dict) -> list:
    """Check the whole content folder with the cached results; save the cache."""
    check_settings = read_check_settings(settings, date.today())
    memo_file = Path(settings["CACHE_PATH"]) / "checks.pickle"
    memo = _load_memo(memo_file, check_settings)
    problems = check_site(Path(settings["PATH"]), check_settings, memo)
    _save_memo(memo_file, check_settings, memo)
    return problems


def start_checks(generator) -> None:
    """Start checking every post in another process as the build begins.

    The checks need only the files, so they run beside Pelican's reading of the
    posts instead of after it; the result is collected when all are read.
    """
    context = generator.context
    if PENDING_KEY in context:
        return
    plain = {
        k: v
        for k, v in generator.settings.items()
        if k in ("PATH", "CACHE_PATH", "CHECKS", "THEME")
    }
    pool = ProcessPoolExecutor(max_workers=1)
    context[PENDING_KEY] = (pool, pool.submit(check_in_background, plain))


def _collect(context: dict, settings: dict) -> list:
    pending = context.pop(PENDING_KEY, None)
    if pending is None:  # started some other way: check here and now
        return check_in_background(settings)
    pool, future = pending
    try:
        return future.result()
    finally:
        pool.shutdown()


def report_problems(generators) -> None:
    """Report every content problem once per build; refuse a strict build on errors."""
    settings = generators[0].settings
    # Problems other plugins found in this build (the images plugin's), then ours.
    context = generators[0].context
    found = context.get("content_problems", [])
    problems = sorted({*found, *_collect(context, settings)})
    if not settings.get("CHECKS_STRICT", False):
        for problem in problems:
            logger.warning("%s", problem)
        return
    # Printed, not logged: under --fatal the first logged line would stop the build
    # with a traceback before the editor saw the rest.
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if p.is_error]
    if errors:
        print(
            f"{len(errors)} content error(s): nothing was published. "
            "Fix the lines above, then publish again.",
            file=sys.stderr,
        )
        raise ContentErrors(1)


def check_setting(pelican) -> None:
    """Refuse a wrong CHECKS setting at start-up, in one line."""
    try:
        read_check_settings(pelican.settings)
    except CheckSettingError as problem:
        raise refuse_setting(problem) from None


def register() -> None:
    """Connect the checks to Pelican's signals."""
    # all_generators_finalized: every post is read, nothing is written yet.
    signals.all_generators_finalized.connect(report_problems)
    # initialized: settings are final; nothing is read yet.
    signals.initialized.connect(check_setting)
    # generator_init: the first generator starts the checks before any post is read.
    signals.generator_init.connect(start_checks)
