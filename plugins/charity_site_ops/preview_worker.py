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
import os
import select
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from charity_site.unchanged import file_states

EVENT = "\x1e"  # an event line starts with the record separator; the rest is log
QUICK = "page"  # {"page": "news/post/index.html", "seconds": 0.12}
# {"done": 0, "changed": ["index.html", ...], "seconds": 2.1, "requests": 1}
DONE = "done"
READY = "ready"  # {"ready": true} once the first build is served


def send(event: str, value: object, **more: object) -> None:
    """Tell the server one thing, on a line of its own."""
    sys.stdout.write(EVENT + json.dumps({event: value, **more}) + "\n")
    sys.stdout.flush()


class Inbox:
    """The server's requests, a JSON line each on standard input, read as they come.

    Read straight from the file descriptor, never through sys.stdin's buffer,
    so a look during a build (poll) sees every line the server has sent.
    """

    def __init__(self, fd: int = 0) -> None:
        self.fd = fd
        self.closed = False
        self.waiting: list[dict] = []
        self._buffer = b""

    def _read(self, timeout: float | None) -> None:
        if self.closed:
            return
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return
        chunk = os.read(self.fd, 65536)
        if not chunk:
            self.closed = True
            return
        *lines, self._buffer = (self._buffer + chunk).split(b"\n")
        self.waiting += [json.loads(line) for line in lines if line.strip()]

    def poll(self) -> list[dict]:
        """The requests that came since the last look, without waiting (kept)."""
        known = len(self.waiting)
        self._read(0)
        return self.waiting[known:]

    def take(self) -> list[dict]:
        """Every request waiting, after waiting for one; [] once the input ends."""
        while not self.waiting and not self.closed:
            self._read(None)
        taken, self.waiting = self.waiting, []
        return taken


def merged(requests: list[dict]) -> list[str]:
    """The files changed in any of these requests, each once, in order."""
    return list(dict.fromkeys(p for r in requests for p in r.get("changed", [])))


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

    def build(
        self, in_full: bool = False, between: Callable[[], None] | None = None
    ) -> int:
        """Run the whole preview build; 0, or the exit status a run would give.

        between, when given, is called after each post the build reads and
        each page it writes: where a save made during the build gets its page.
        """
        from pelican import signals

        from charity_site.unchanged_steps import run_in_full

        def checkpoint(*_args: object, **_kwargs: object) -> None:
            if between is not None:
                between()

        # Connected for the length of one build: the generators of the last
        # complete build are what the quick page is made from.
        signals.all_generators_finalized.connect(self._keep_generators)
        # After each post read and each page written: a save made meanwhile
        # waits at most the time one of them takes.
        signals.content_object_init.connect(checkpoint)
        signals.content_written.connect(checkpoint)
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
            signals.content_object_init.disconnect(checkpoint)
            signals.content_written.disconnect(checkpoint)

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


class SavesDuringBuild:
    """Saves that came while a build ran: each post's page written at once.

    The build goes on (it read the post before the save). When it ends, the
    saved post's page is written again, since the build may have written the
    older one over it, and the writer's record forgets the page, so the next
    build, which the save starts, renders it as a fresh build would.
    """

    def __init__(self, builder: SiteInMemory, inbox: Inbox) -> None:
        self.builder = builder
        self.inbox = inbox
        self.pages: dict[str, list[str]] = {}  # page -> the files that made it
        self._busy = False

    def __call__(self) -> None:
        """After a page of the build: the page of each save that came since."""
        if self._busy:
            return  # the quick page's own write
        self._busy = True
        try:
            for request in self.inbox.poll():
                changed = request.get("changed", [])
                started = time.perf_counter()
                page = self.builder.quick_page(changed)
                request["served"] = True
                if page:
                    self.pages[page] = changed
                    send(QUICK, page, seconds=round(time.perf_counter() - started, 3))
        finally:
            self._busy = False

    def settle(self) -> None:
        """After the build: each such page as the newest save has it, to redo."""
        from charity_site.writer.writer import forget_pages

        self._busy = True
        try:
            for changed in self.pages.values():
                self.builder.quick_page(changed)
            if self.pages:
                forget_pages(self.builder.settings, self.builder.output, self.pages)
        finally:
            self._busy = False
            self.pages = {}


def serve_requests(builder: SiteInMemory, inbox: Inbox | None = None) -> None:
    """Build once, then a rebuild for the requests waiting, until the input ends."""
    inbox = inbox or Inbox()
    started = time.perf_counter()
    code = builder.build()
    send(READY, True, code=code, seconds=round(time.perf_counter() - started, 3))
    if not builder.generators:
        # Nothing had changed, so nothing was read: read it all now, while the
        # editor opens the page, so the first save gets its page at once too.
        builder.build(in_full=True)
    saves = SavesDuringBuild(builder, inbox)
    while requests := inbox.take():
        started = time.perf_counter()
        if not all(request.get("served") for request in requests):
            page = builder.quick_page(merged(requests))
            if page:
                send(QUICK, page, seconds=round(time.perf_counter() - started, 3))
        # After the quick page (a look at every file is no part of its time):
        # its page counts as changed again only if the rebuild writes it anew.
        before = file_states(builder.output)
        code = builder.build(between=saves)
        saves.settle()
        changed = changed_files(before, file_states(builder.output))
        send(
            DONE,
            code,
            changed=changed,
            seconds=round(time.perf_counter() - started, 3),
            requests=len(requests),  # one build answers every request it took
        )


def main() -> None:
    """Command line: the arguments of `python -m pelican` (pelican_command's)."""
    from charity_site.lifetime import end_with_parent

    end_with_parent()  # the preview server killed outright: this goes too
    serve_requests(SiteInMemory(sys.argv[1:]))


if __name__ == "__main__":
    main()
