"""`python -m charity_site_ops.launch <pelican's arguments>`: Pelican, sooner done
when nothing changed.

A preview rebuilt with nothing changed spent most of its time importing
Pelican and the plugin (about 0.5 s) before the plugin's own check
(charity_site.unchanged_steps) could say so. This module imports the standard
library and the plugin's pure unchanged.py and cache.py only, and makes the
same check from the record the last complete preview left in the cache: the
same command line, folder, Python and environment, the same modules of ours
(the settings files among them), then the same inputs and output hashes as
the plugin's, before the moment the clock alone changes the site. Then it
prints what Pelican would print and stops. Anything else, or anything it is
unsure of, hands the same arguments to Pelican's main() in this process, and
the plugin checks again with the settings in hand.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from charity_site.cache import Store
from charity_site.unchanged import (
    KIND,
    Start,
    process_start,
    record_key,
    start_watch,
    still_valid_at_launch,
)

# The options the check understands. Any other (autoreload, listen, verbosity,
# `--option=value`) sends the build to Pelican, which reads them all.
KNOWN_OPTIONS = frozenset(
    {"-o", "--output", "-s", "--settings", "--log-handler", "-e", "--extra-settings"}
    | {"--fatal"}
)


def option(argv: list[str], *names: str) -> str | None:
    """The value after the last of these options, or None."""
    found = None
    for index, token in enumerate(argv[:-1]):
        if token in names:
            found = argv[index + 1]
    return found


def cache_folder(settings: Path) -> Path:
    """Where pelicanconf.py puts the cache: SITE_CACHE, or .cache beside it.

    Settings that put it elsewhere find no record here, and Pelican runs.
    """
    named = os.environ.get("SITE_CACHE")
    return Path(named) if named else settings.resolve().parent / ".cache"


def nothing_changed(argv: list[str], start: Start) -> str | None:
    """What to print when the last preview's record holds for this command line
    (a build with nothing changed), or None when Pelican must run."""
    if any(t.startswith("-") and t not in KNOWN_OPTIONS for t in argv):
        return None
    output = option(argv, "-o", "--output")
    settings = option(argv, "-s", "--settings")
    if output is None or settings is None:
        return None
    cwd = Path.cwd()
    output_path, settings_path = cwd / output, cwd / settings
    cache = cache_folder(settings_path)
    record = Store(cache).load(KIND, record_key(output_path))
    if not still_valid_at_launch(record, start, cache, output_path, time.time()):
        return None
    return record.replay


def main() -> None:
    """Say nothing changed, as the plugin would, or run Pelican's main()."""
    began = time.time_ns()
    argv = sys.argv[1:]  # what sys.orig_argv, in the start compared, ends with
    start = process_start()
    try:
        replay = nothing_changed(argv, start)
    except Exception:  # a check that fails is no verdict: Pelican decides
        replay = None
    if replay is not None:
        sys.stdout.write(replay)
        sys.stdout.flush()
        return
    # The build records how this process started, if its start prints nothing.
    start_watch(start, began)
    # Pelican imports the plugin from its PLUGIN_PATHS, as without the launcher
    # (a copy of the project has its own), not the package the check used.
    for name in [n for n in sys.modules if n.partition(".")[0] == "charity_site"]:
        del sys.modules[name]
    import pelican  # only now: the check above must not pay for it

    # Pelican's usage and errors name the program as `python -m pelican` does.
    sys.argv[0] = str(Path(pelican.__file__).with_name("__main__.py"))
    pelican.main(argv)


if __name__ == "__main__":
    main()
