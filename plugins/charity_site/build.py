"""What one build knows and has found, in one typed object. Pure: no Pelican imports.

Pelican hands every generator the same context dict; this build's state lives
there under BUILD_STATE (the one place that key is spelled), created when the
first generator starts, so nothing survives from one build to the next and a
live-reloading process starts each build afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Store
from .clock import Clock
from .conventions import Conventions
from .problems import Problem
from .site_settings import Mode, SiteSettings, site_settings

if TYPE_CHECKING:  # the types of what features keep here; none is imported to run
    from .files.containment import LinkScan
    from .pictures.jobs import PictureJobs
    from .rules.settings import CheckSettings
    from .source.parse import ParsedSource

BUILD_STATE = "charity_site_build"
PARSED = "parsed"  # the cache kind of parsed sources


def cache_root(settings: Mapping[str, object]) -> Path:
    """The one cache folder (SITE_CACHE in pelicanconf.py)."""
    return Path(str(settings.get("SITE_CACHE_PATH") or ".cache"))


@dataclass
class BuildState:
    """This build's conventions, the one parse of each source, and every problem."""

    content_root: Path
    conventions: Conventions
    checks: CheckSettings
    mode: Mode
    store: Store
    markdown_options: Mapping[str, object]
    # Set by state_of; None only in a state a unit test makes by hand.
    site: SiteSettings | None = None  # every custom setting, read once at start-up
    clock: Clock | None = None  # this build's one now, today and zone
    sources: dict[str, ParsedSource] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    not_built: dict[str, str] = field(default_factory=dict)  # path -> why
    printed: set[Problem] = field(default_factory=set)  # reported already
    pictures: PictureJobs | None = None  # started by the reader, collected after
    links: LinkScan | None = None  # the symlinks under content/, scanned once
    # Run on each parse as the reader makes it (plugin.py installs the pictures'
    # start), so reading needs to know nothing of the steps that follow it.
    parse_hooks: list[Callable[[ParsedSource], None]] = field(default_factory=list)
    redirects: list = field(default_factory=list)  # checked, to be written
    # The parse cache's working data (rules/reading.py parse_cached uses them).
    parse_fingerprint: str = ""  # settings, Markdown options, code, libraries
    earlier_parses: dict[str, ParsedSource] | None = None  # the last build's
    used_parses: dict[str, ParsedSource] = field(default_factory=dict)  # this one's
    # Sources' bytes read ahead of Pelican (rules/parse_ahead.py), by path
    # relative to content/: the reader takes them, so each file is opened once.
    read_ahead: dict[str, bytes] = field(default_factory=dict)
    _relative: dict[str, str] = field(default_factory=dict)  # source_of, once each

    def source_of(self, path: object) -> str:
        """A source's path relative to content/, as every problem line names it."""
        key = str(path)
        found = self._relative.get(key)
        if found is None:
            try:
                found = Path(key).resolve().relative_to(self.content_root).as_posix()
            except (ValueError, OSError):
                found = Path(key).name
            self._relative[key] = found
        return found

    def report(self, problem: Problem) -> None:
        """Note one problem (each is printed once, when the build reports)."""
        self.problems.append(problem)

    def skip(self, path: str, why: str) -> None:
        """Note that a post will not be built, and why (it is always named)."""
        self.not_built.setdefault(path, why)


def state_of(
    context: MutableMapping[str, object], settings: MutableMapping[str, object]
) -> BuildState:
    """This build's state, made on first use: the settings read once, and the
    build's one clock, started now (or at SITE_NOW)."""
    state = context.get(BUILD_STATE)
    if isinstance(state, BuildState):
        return state
    site = site_settings(settings)
    clock = site.clock.start()
    made = BuildState(
        content_root=Path(str(settings["PATH"])).resolve(),
        conventions=site.conventions,
        checks=replace(site.checks, today=clock.today),
        mode=site.mode,
        store=Store(cache_root(settings)),
        markdown_options=dict(settings.get("MARKDOWN") or {}),
        site=site,
        clock=clock,
    )
    context[BUILD_STATE] = made
    return made
