"""What one build knows and has found, in one typed object. Pure: no Pelican imports.

Pelican hands every generator the same context dict; this build's state lives
there under BUILD_STATE (the one place that key is spelled), created when the
first generator starts, so nothing survives from one build to the next and a
live-reloading process starts each build afresh.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import Store, code_fingerprint, digest
from .clock import Clock
from .conventions import Conventions
from .files.containment import LinkScan
from .pictures.jobs import PictureJobs
from .problems import Problem
from .rules.settings import CheckSettings
from .site_settings import Mode, SiteSettings, site_settings
from .source.parse import MarkdownConverter, ParsedSource, parse_source

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
    redirects: list = field(default_factory=list)  # checked, to be written
    _fingerprint: str = ""
    _earlier: dict[str, ParsedSource] | None = None  # the last build's parses
    _used: dict[str, ParsedSource] = field(default_factory=dict)  # this build's
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

    def parse(
        self, path: str, data: bytes, converter: MarkdownConverter
    ) -> ParsedSource:
        """The parse of one source: from the cache when these bytes were seen."""
        if not self._fingerprint:
            self._fingerprint = digest(
                self.checks.cache_key(),
                repr(sorted(self.markdown_options.items(), key=str)),
                code_fingerprint(),
            )
        if self._earlier is None:
            loaded = self.store.load(PARSED, self._pack_key())
            self._earlier = loaded if isinstance(loaded, dict) else {}
        key = digest(self._fingerprint, path, data)
        cached = self._earlier.get(key)
        if isinstance(cached, ParsedSource) and cached.path == path:
            parsed = cached
        else:
            parsed = parse_source(path, data, converter, self.checks)
        self._used[key] = parsed
        self.sources[path] = parsed
        return parsed

    def save_parses(self) -> None:
        """Keep this build's parses for the next (one file: one read, one write).

        Only the entries this build used are kept, so the cache never grows
        with posts long deleted; an entry is found again only by its key.
        """
        if self._used:
            self.store.save(PARSED, self._pack_key(), dict(self._used))

    def _pack_key(self) -> str:
        return digest(str(self.content_root))


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
