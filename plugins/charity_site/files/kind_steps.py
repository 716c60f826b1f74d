"""Pelican glue: only pictures and PDFs are copied from content/ (not extra/).

On static_generator_finalized the files to copy are known and none is copied
yet: each file that is not a picture or a PDF, by name and by its first bytes
(files/kinds.py), is taken off Pelican's list and named in one line. The error
makes a publish and a check refuse alike; a preview goes on without the file.
"""

from __future__ import annotations

from pathlib import Path

from ..build import BuildState, state_of
from .kinds import HEAD_BYTES, file_problem
from .steps import EXTRA


def _head(path: Path) -> bytes:
    """The first bytes of a file (none when it cannot be read: then refused)."""
    try:
        with path.open("rb") as opened:
            return opened.read(HEAD_BYTES)
    except OSError:
        return b""


def drop_unsafe_files(generator, state: BuildState) -> None:
    """Take off the copy list every file outside extra/ the site does not publish."""
    kept = []
    for static in generator.staticfiles:
        source = state.source_of(static.source_path)
        if source.startswith(f"{EXTRA}/"):  # published as it is, by design
            kept.append(static)
            continue
        if not Path(static.source_path).is_file():
            # A link to a file that is not there (or to a folder): never copied,
            # and already named by its own rule (missing-image, missing-link).
            continue
        problem = file_problem(source, _head(Path(static.source_path)))
        if problem:
            state.report(problem)
        else:
            kept.append(static)
    generator.staticfiles[:] = kept  # in place: the context holds this list


def check_file_kinds(generator) -> None:
    """static_generator_finalized: judge the files Pelican is about to copy."""
    drop_unsafe_files(generator, state_of(generator.context, generator.settings))
