"""Pelican glue: a preview with nothing changed stops before reading anything.

Pelican has no signal that can end a build early, so the one Pelican object's
run() is wrapped when its settings are read (initialized): the wrapper hashes
the inputs, and either says nothing changed (printing the last build's
problems again, so the editor still sees them) or runs Pelican's own run()
and then records what that build was made from. The inputs are hashed before
the build reads anything: a file saved during a build makes the next one run.
tests/build/test_unchanged.py fails if Pelican stops calling run() on the
object it sent with initialized.

A build the launcher started (charity_site_ops.launch) and whose start
printed nothing also records what the launcher needs to make this same check
in a new process before importing Pelican (unchanged.Launch).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import sys
from collections.abc import Mapping
from functools import partial
from pathlib import Path

from .build import BuildState, Mode, cache_root
from .cache import Store
from .clock import ClockSettings
from .rules.steps import print_report
from .site_settings import site_settings
from .unchanged import (
    KIND,
    PACKAGE,
    BuildRecord,
    Inputs,
    Launch,
    digest_inputs,
    holds_for,
    inputs_of,
    module_sources,
    moments_in,
    next_change,
    nothing_changed,
    output_digest,
    quiet_start,
    record_key,
)
from .written import written_content

REPORT = "unchanged-report"  # what the last complete build printed, and until when


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
    key = record_key(output)
    inputs_now = inputs_of(settings)
    inputs = digest_inputs(inputs_now)
    clock = site_settings(settings).clock
    now = clock.start().now
    record = store.load(KIND, key)
    # Taken before the build prints anything, as the inputs are taken before
    # it reads anything.
    launch = _launch(settings, inputs_now, clock)
    if holds_for(record, inputs, output, now):
        sys.stdout.write(record.replay)
        sys.stdout.flush()
        if launch is not None and launch != record.launch:
            # The launcher can answer the next time (another environment, a
            # settings file saved just before the last build).
            store.save(KIND, key, dataclasses.replace(record, launch=launch))
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
            _replay(report, output),
            launch,
        )
        store.save(KIND, key, made)


def _launch(
    settings: Mapping[str, object], inputs: Inputs, clock: ClockSettings
) -> Launch | None:
    """What the launcher needs to make this check, when the launcher started
    this process and nothing has been printed yet; else None."""
    started = quiet_start()
    if started is None:
        return None
    start, began = started
    sources = module_sources(began)
    if sources is None:
        return None
    fixed = clock.fixed.timestamp() if clock.fixed else None
    return Launch(
        start, str(PACKAGE), str(cache_root(settings)), sources, inputs, fixed
    )


def _replay(report: BuildRecord, output: Path) -> str:
    """What a build that stops unchanged prints: the problems, then one line."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        print_report(list(report.problems), dict.fromkeys(report.not_built, ""))
        print(nothing_changed(output))
    return printed.getvalue()


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
    state.store.save(REPORT, record_key(output), report)
