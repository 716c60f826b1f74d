"""Pelican glue: a preview with nothing changed stops before reading anything.

Pelican has no signal that can end a build early, so the one Pelican object's
run() is wrapped when its settings are read (initialized): the wrapper hashes
the inputs, and either says nothing changed (printing the last build's
problems again, so the editor still sees them) or runs Pelican's own run()
and then records what that build was made from. The inputs are hashed before
the build reads anything: a file saved during a build makes the next one run.
tests/build/test_unchanged.py fails if Pelican stops calling run() on the
object it sent with initialized.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from .build import BuildState, Mode, cache_root
from .cache import Store, digest
from .rules.steps import print_report
from .site_settings import site_settings
from .unchanged import (
    KIND,
    BuildRecord,
    inputs_digest,
    moments_in,
    next_change,
    output_digest,
    still_valid,
)
from .written import written_content

REPORT = "unchanged-report"  # what the last complete build printed, and until when


def _record_key(output: Path) -> str:
    return digest(str(output.resolve()))


def skip_when_unchanged(pelican) -> None:
    """In a preview that keeps its folder, wrap run() to stop when nothing changed."""
    settings = pelican.settings
    if not callable(getattr(pelican, "run", None)):
        return  # not a Pelican object that builds (a check of its settings)
    if site_settings(settings).mode is not Mode.PREVIEW:
        return
    if settings.get("DELETE_OUTPUT_DIRECTORY"):
        return  # every build starts from nothing: there is nothing to keep
    if getattr(pelican.run, "func", None) is _run_unless_unchanged:
        return  # initialized again for the same object
    pelican.run = partial(_run_unless_unchanged, pelican, pelican.run)


def run_in_full(pelican) -> None:
    """Run the build even when nothing changed (to have its site in memory)."""
    run = pelican.run
    if getattr(run, "func", None) is _run_unless_unchanged:
        run.args[1]()
    else:
        run()


def _run_unless_unchanged(pelican, run) -> None:
    settings = pelican.settings
    output = Path(pelican.output_path)
    store = Store(cache_root(settings))
    key = _record_key(output)
    inputs = inputs_digest(settings)
    now = site_settings(settings).clock.start().now
    record = store.load(KIND, key)
    if still_valid(record, inputs, output_digest(output), now):
        print_report(list(record.problems), dict.fromkeys(record.not_built, ""))
        print(f"Nothing changed since the last build: {output.name}/ is up to date")
        return
    store.save(KIND, key, None)  # a build stopped halfway is never trusted
    store.save(REPORT, key, None)
    run()
    report = store.load(REPORT, key)
    if isinstance(report, BuildRecord):
        made = BuildRecord(
            inputs,
            output_digest(output),
            report.until,
            report.problems,
            report.not_built,
        )
        store.save(KIND, key, made)


def remember_report(state: BuildState, context, output: Path) -> None:
    """Note what this build printed and when the clock alone would change it."""
    if state.mode is not Mode.PREVIEW or state.clock is None:
        return
    moments: list[object] = []
    for content in written_content(context):
        moments.append(getattr(content, "date", None))
        moments.extend(moments_in(content.metadata.values()))
    for parsed in state.sources.values():
        moments.extend(moments_in(f.value for f in parsed.header.fields.values()))
    report = BuildRecord(
        "",
        "",
        next_change(state.clock, moments),
        tuple(sorted(set(state.problems))),
        tuple(sorted(state.not_built)),
    )
    state.store.save(REPORT, _record_key(output), report)
