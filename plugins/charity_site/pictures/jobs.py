"""Pictures processed in a process pool while the posts are still being read. Pure.

The reader hands over each picture a post uses as soon as it has parsed the
post, so the second core encodes pictures while the first reads Markdown; the
pictures step then collects the results. Each source file is hashed once, and
cached pictures never reach the pool.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

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
        self._jobs: dict[Path, Future | Result] = {}
        self.made = 0  # pictures processed (not from the cache)

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
        if self._pool is None:
            # One core is left to the reading that goes on meanwhile.
            workers = self.settings.workers or max(1, (os.cpu_count() or 1) - 1)
            self._pool = ProcessPoolExecutor(max_workers=workers)
        self._jobs[source] = self._pool.submit(
            process_into_cache, source, self.settings, key
        )

    def results(self, sources: list[Path]) -> dict[Path, Result]:
        """The result for each picture (processed, or the problem with it)."""
        for source in sources:
            self.submit(source)
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
            if job is not None:
                found[source] = job
        return found

    def close(self) -> None:
        """Stop the pool (pictures not yet started are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
