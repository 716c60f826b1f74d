"""The preview's builder: one Pelican process that keeps the site between saves.

The preview server starts this process once (and again after a change to the
settings, the theme or the plugin's code, so those are read afresh). It reads
one request a line on standard input, the files that changed, and answers on
standard output with event lines among the build's own log lines:

- first the page of the post that was saved, made from the last build's site
  with this post read again, written whole; the server reloads the tabs on that
  page at once;
- then the whole preview, rebuilt as `invoke build` does it (reading only the
  posts that changed, keeping every page they do not change), and the list of
  files that build changed, so the server reloads the tabs that show them.

What the whole rebuild writes is what a fresh build writes: the quick page is
only ever written again by it (tests/build/test_preview_worker.py compares a
series of edits through this process with a fresh build, file by file).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from charity_site.unchanged import file_states

EVENT = "\x1e"  # an event line starts with the record separator; the rest is log
QUICK = "page"  # {"page": "news/post/index.html", "seconds": 0.12}
DONE = "done"  # {"done": 0, "changed": ["index.html", ...], "seconds": 2.1}
READY = "ready"  # {"ready": true} once the first build is served


def send(event: str, value: object, **more: object) -> None:
    """Tell the server one thing, on a line of its own."""
    sys.stdout.write(EVENT + json.dumps({event: value, **more}) + "\n")
    sys.stdout.flush()


def changed_files(
    before: Mapping[str, object], after: Mapping[str, object]
) -> list[str]:
    """The names written, replaced or removed between two output states."""
    return sorted(
        name
        for name in before.keys() | after.keys()
        if before.get(name) != after.get(name)
    )


class SiteInMemory:
    """One Pelican object and the generators of its last complete build."""

    def __init__(self, argv: list[str]) -> None:
        from pelican import LOG_HANDLERS, get_instance, init_logging, parse_arguments

        args = parse_arguments(argv)
        # As pelican's main() sets up its log.
        init_logging(
            level=args.verbosity,
            fatal=args.fatal,
            name="pelican",
            handler=LOG_HANDLERS[args.log_handler],
        )
        self.pelican, self.settings = get_instance(args)
        self.output = Path(self.pelican.output_path)
        self.generators: list = []

    def _keep_generators(self, generators: list) -> None:
        self.generators = list(generators)

    def build(self, in_full: bool = False) -> int:
        """Run the whole preview build; 0, or the exit status a run would give."""
        from pelican import signals

        from charity_site.unchanged_steps import run_in_full

        # Connected for the length of one build: the generators of the last
        # complete build are what the quick page is made from.
        signals.all_generators_finalized.connect(self._keep_generators)
        try:
            if in_full:
                run_in_full(self.pelican)
            else:
                self.pelican.run()
            return 0
        except SystemExit as stop:
            return stop.code if isinstance(stop.code, int) else int(bool(stop.code))
        except Exception as exc:  # one line, as pelican's main() would print it
            print(f"The build failed: {type(exc).__name__}: {exc}", flush=True)
            return getattr(exc, "exitcode", 1)
        finally:
            signals.all_generators_finalized.disconnect(self._keep_generators)

    def quick_page(self, changed: list[str]) -> str | None:
        """Write the page of the first changed post at once; its name, or None."""
        from charity_site.quick_page import write_quick_page
        from charity_site.rules.reader import CharityReader

        posts = tuple(f".{extension}" for extension in CharityReader.file_extensions)
        for path in changed:
            if path.endswith(posts) and Path(path).is_file():
                try:
                    return write_quick_page(self.generators, Path(path), self.output)
                except Exception as exc:  # the whole build that follows says why
                    print(f"(quick page skipped: {type(exc).__name__}: {exc})")
                    return None
        return None


def serve_requests(builder: SiteInMemory) -> None:
    """Build once, then one rebuild for each request line until the input ends."""
    started = time.perf_counter()
    code = builder.build()
    send(READY, True, code=code, seconds=round(time.perf_counter() - started, 3))
    if not builder.generators:
        # Nothing had changed, so nothing was read: read it all now, while the
        # editor opens the page, so the first save gets its page at once too.
        builder.build(in_full=True)
    for line in sys.stdin:
        request = json.loads(line)
        started = time.perf_counter()
        page = builder.quick_page(request.get("changed", []))
        if page:
            send(QUICK, page, seconds=round(time.perf_counter() - started, 3))
        # After the quick page (a look at every file is no part of its time):
        # its page counts as changed again only if the rebuild writes it anew.
        before = file_states(builder.output)
        code = builder.build()
        changed = changed_files(before, file_states(builder.output))
        send(
            DONE,
            code,
            changed=changed,
            seconds=round(time.perf_counter() - started, 3),
        )


def main() -> None:
    """Command line: the arguments of `python -m pelican` (pelican_command's)."""
    from charity_site.lifetime import end_with_parent

    end_with_parent()  # the preview server killed outright: this goes too
    serve_requests(SiteInMemory(sys.argv[1:]))


if __name__ == "__main__":
    main()
