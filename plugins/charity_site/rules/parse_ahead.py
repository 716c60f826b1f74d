"""Parse the sources a cold build has not seen, on every core, before Pelican reads.

Pelican reads one file after another; the parse of each (Markdown, the
sanitiser, the per-file rules) is most of a cold build's reading and depends
on that file alone. So the sources with no parse in the cache are parsed
first in a pool of processes, one per core, and put where parse_cached finds
them; Pelican's reading then takes each from there, in its own order, and
nothing is parsed twice. With few new sources the pool is not worth starting.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from ..build import BuildState
from ..lifetime import end_with_parent
from ..source.parse import MarkdownConverter, ParsedSource
from .reading import earlier_parses, parse_key, parse_source
from .settings import CheckSettings

WORTH_A_POOL = 40  # fewer new sources than this are parsed as Pelican reads them
_BATCH = 16  # sources a worker parses per task: fewer, larger messages


# A pool worker's own: its Markdown instance and the checks' settings, made
# once as it starts (building one costs more than converting a post). Only the
# forked workers ever set it; the build's own process never does.
_WORKER: dict[str, object] = {}


def _start_worker(options: dict, checks: CheckSettings) -> None:
    end_with_parent()
    _WORKER["converter"] = MarkdownConverter(options)
    _WORKER["checks"] = checks


def _parse_batch(batch: list[tuple[str, bytes]]) -> list[ParsedSource]:
    converter, checks = _WORKER["converter"], _WORKER["checks"]
    return [parse_source(path, data, converter, checks) for path, data in batch]  # type: ignore[arg-type]


def parse_ahead(state: BuildState, sources: list[Path]) -> int:
    """Parse the sources not in the cache, across the cores; how many were.

    A batch whose worker fails (a post no parse survives, a worker killed) is
    left for the reader, which parses it post by post and reports the one
    that fails as a file:line problem.
    """
    workers = min(os.cpu_count() or 1, 8)
    wanted: list[tuple[str, str, bytes]] = []
    known = earlier_parses(state)
    for source in dict.fromkeys(sources):
        try:
            data = source.read_bytes()
        except OSError:
            continue  # the reader says why, with the file's name
        path = state.source_of(source)
        state.read_ahead[path] = data  # the reader's, when Pelican reads it
        key = parse_key(state, path, data)
        if key not in known:
            wanted.append((key, path, data))
    if workers < 2 or len(wanted) < WORTH_A_POOL:
        return 0
    batches = [wanted[i : i + _BATCH] for i in range(0, len(wanted), _BATCH)]
    options = dict(state.markdown_options)
    done = 0
    # fork: the workers start with this build's code already imported.
    with ProcessPoolExecutor(
        workers,
        mp_context=get_context("fork"),
        initializer=_start_worker,
        initargs=(options, state.checks),
    ) as pool:
        futures = [
            pool.submit(_parse_batch, [(p, d) for _k, p, d in batch])
            for batch in batches
        ]
        for batch, future in zip(batches, futures, strict=True):
            try:
                parses = future.result()
            except Exception:  # noqa: S112 (a failed or killed worker)
                # Left to the reader, which parses each of these again here
                # and names the file that fails, with its line: never a
                # traceback from a worker.
                continue
            for (key, _path, _data), parsed in zip(batch, parses, strict=True):
                known[key] = parsed
            done += len(batch)
    return done
