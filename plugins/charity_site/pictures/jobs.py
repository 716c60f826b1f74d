"""Pictures processed in a process pool while the posts are still being read. Pure.

The reader hands over each picture a post uses as soon as it has parsed the
post, so the second core encodes pictures while the first reads Markdown; the
pictures step then collects the results. Each source file is hashed once, and
cached pictures never reach the pool.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from ..lifetime import end_with_parent
from .pipeline import ImageProblem, Processed, lookup, process_into_cache
from .settings import ImageSettings

Result = Processed | ImageProblem


def _failed(exc: BaseException) -> ImageProblem:
    """Any failure of Pillow on one picture, as the one line the editor reads."""
    detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:160]
    return ImageProblem(
        f"this picture could not be processed ({detail})",
        "export it again as JPEG or PNG and replace the file",
    )


class PictureJobs:
    """Every picture of one build: cached, being made, or made."""

    def __init__(self, settings: ImageSettings) -> None:
        self.settings = settings
        self._pool: ProcessPoolExecutor | None = None
        self._jobs: dict[Path, Future | Result | str] = {}  # str: a key, waiting
        self.made = 0  # pictures processed (not from the cache)
        self._workers = settings.workers or os.cpu_count() or 1
        # While posts are read, one core is theirs: at most this many run at once.
        self._limit = max(1, self._workers - 1)
        self._running = 0
        self._waiting: list[Path] = []
        self._lock = threading.Lock()

    def submit(self, source: Path) -> None:
        """Start on a picture unless it is known already (or not there)."""
        if source in self._jobs or not source.is_file():
            return
        try:
            key, cached = lookup(source, self.settings)  # one hash per file
        except OSError as exc:
            self._jobs[source] = _failed(exc)
            return
        if cached is not None:
            self._jobs[source] = cached
            return
        self.made += 1
        with self._lock:
            self._jobs[source] = key
            self._waiting.append(source)
            started = self._start_waiting()
        self._watch(started)

    def _start_waiting(self) -> list[Future]:
        """Start waiting pictures while fewer than the limit run (lock held)."""
        started: list[Future] = []
        while self._waiting and self._running < self._limit:
            source = self._waiting.pop(0)
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self._workers, initializer=end_with_parent
                )
            key = self._jobs[source]
            future = self._pool.submit(process_into_cache, source, self.settings, key)
            self._jobs[source] = future
            self._running += 1
            started.append(future)
        return started

    def _watch(self, started: list[Future]) -> None:
        """Have each started job start the next when it ends (lock not held).

        A job already done runs its callback at once, in this thread, and the
        callback takes the lock: under the lock that was a deadlock (a picture
        that failed at once, while the machine was busy, hung the build).
        """
        for future in started:
            future.add_done_callback(self._finished)

    def _finished(self, future: Future) -> None:
        with self._lock:
            self._running -= 1
            started = self._start_waiting()
        self._watch(started)

    def results(self, sources: list[Path]) -> dict[Path, Result]:
        """The result for each picture (processed, or the problem with it)."""
        for source in sources:
            self.submit(source)
        with self._lock:  # reading is over: every core may make pictures now,
            self._limit = len(self._waiting) + self._running  # and the pool queues
            started = self._start_waiting()
        self._watch(started)
        found: dict[Path, Result] = {}
        for source in sources:
            job = self._jobs.get(source)
            if isinstance(job, Future):
                try:
                    job = job.result()
                except ImageProblem as problem:
                    job = problem
                except Exception as exc:
                    job = _failed(exc)
                self._jobs[source] = job
            if isinstance(job, Processed | ImageProblem):
                found[source] = job
        return found

    def close(self) -> None:
        """Stop the pool (pictures not yet started are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
