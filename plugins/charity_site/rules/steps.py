"""Pelican glue for the rules across files, and the report of every problem.

Per-file rules ran in the reader. Here, once Pelican has made its content
objects: addresses (before the tags and sections are counted, so a post left
out is in no list), then links, pictures, files Pelican would not read and
dates. The report prints every problem once, one line each; in a publish or
a check any error refuses the build.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

from ..build import BuildState, Mode
from ..layout import EXIT_FOLDER, SEARCH_FOLDER
from ..problems import ContentErrors, Problem
from ..site_context import SECTION_INTROS
from ..source.header import Header
from ..written import written_content
from .cross_file import (
    Addressed,
    SiteAddresses,
    address_problems,
    intro_link_problems,
    reference_problems,
    site_link_problems,
)
from .per_file import Post, check_section, run_rules

_ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
_PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def drop_taken_addresses(generator, state: BuildState) -> None:
    """Leave out the posts Pelican could not write: no address, reserved, or taken."""
    lists = _ARTICLE_LISTS if isinstance(generator, ArticlesGenerator) else _PAGE_LISTS
    items = [
        (name, content) for name in lists for content in getattr(generator, name, [])
    ]
    # A draft is written only where drafts are (the preview): its address counts there.
    addressed = [
        Addressed(
            state.source_of(content.source_path),
            str(getattr(content, "slug", "") or ""),
            str(content.save_as or ""),
            isinstance(generator, PagesGenerator),
            content.status == "draft",
        )
        for _name, content in items
        if content.save_as or content.status != "draft"
    ]
    dropped, problems = address_problems(addressed, state.conventions)
    for problem in problems:
        state.report(problem)
    if not dropped:
        return
    for name in lists:
        kept = [
            c
            for c in getattr(generator, name, [])
            if state.source_of(c.source_path) not in dropped
        ]
        getattr(generator, name)[:] = kept  # in place: the context holds these lists
    for path in dropped:
        state.skip(path, "its address cannot be written")


def _unread_sources(state: BuildState) -> list[Problem]:
    """Post files Pelican does not read (outside every section): one line each."""
    problems: list[Problem] = []
    root = state.content_root
    for folder, dirs, files in os.walk(root):  # never follows a symlinked folder
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            relative = (Path(folder) / name).relative_to(root).as_posix()
            if not state.conventions.is_post_source(relative):
                continue
            if relative in state.sources:
                continue
            post = Post(relative, "", Header(), state.checks)
            found = run_rules(post, (check_section,))
            problems += found
            if found:
                state.skip(relative, "it is not in a section folder")
    return problems


def _failed_sources(generators: list, state: BuildState) -> list[Problem]:
    """Posts Pelican read but could not make a page of, that no rule explained."""
    context = generators[0].context
    problems = []
    for path, made in sorted(context.get("generated_content", {}).items()):
        if made is None and path not in state.not_built:
            state.skip(path, "Pelican could not make a page of it")
            problems.append(
                Problem(
                    path,
                    1,
                    "error",
                    "not-built",
                    "the site could not make a page of this post",
                    "check its header lines against docs/writing.md; if they look "
                    "right, tell the web team and quote this line",
                )
            )
    return problems


def run_cross_file_rules(generators: list, state: BuildState) -> None:
    """Links, pictures, unread files and dated rules, once every source is read."""
    drafts: set[str] = set()
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            found = generator.drafts + generator.drafts_translations
        elif isinstance(generator, PagesGenerator):
            found = generator.draft_pages + generator.draft_translations
        else:
            continue
        drafts |= {state.source_of(content.source_path) for content in found}
    for problem in _unread_sources(state):
        state.report(problem)
    for problem in _failed_sources(generators, state):
        state.report(problem)
    for problem in reference_problems(
        state.sources, state.content_root, drafts, state.checks
    ):
        state.report(problem)
    known = site_addresses(generators, state)
    for problem in site_link_problems(state.sources, known):
        state.report(problem)
    intros = generators[0].context.get(SECTION_INTROS, {}) if generators else {}
    by_source = {state.source_of(p.source_path): s for s, p in intros.items()}
    for problem in intro_link_problems(state.sources, by_source):
        state.report(problem)


def site_addresses(generators: list, state: BuildState) -> SiteAddresses:
    """Every address this build makes, from the objects Pelican made."""
    addresses: set[str] = {""}
    sources: dict[str, str] = {}
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            named = [c for c, _ in generator.categories]
            named += list(generator.tags) + [a for a, _ in generator.authors]
            addresses.update(thing.url for thing in named)
        elif isinstance(generator, StaticGenerator):
            # Content.url, not Static.url: asking a file's address through its
            # own property pins it there, and an {attach} link could no longer
            # move it beside its post (Pelican then warns, and a publish stops).
            addresses.update(Content.url.fget(f) for f in generator.staticfiles)
    for post in written_content(generators[0].context) if generators else []:
        addresses.add(post.url)
        sources[post.url] = state.source_of(post.source_path)
    layout = state.conventions.layout
    # The layout's folders (feeds, tags, the editor, the theme) are the site's
    # own, with files not known one by one yet; its files (sitemap.xml, the
    # section pages) are known.
    kept_for_later = {SEARCH_FOLDER, EXIT_FOLDER}  # nothing is written there yet
    generated = {
        top
        for folder in layout.folders
        if "/" not in (top := folder.rstrip("/")) and top not in kept_for_later
    }
    addresses |= {name.removesuffix("index.html") for name in layout.files}
    siteurl = str(generators[0].settings.get("SITEURL") or "") if generators else ""
    return SiteAddresses(frozenset(addresses), sources, frozenset(generated), siteurl)


def print_report(problems: list[Problem], not_built: Mapping[str, str]) -> None:
    """Print problem lines, then name the posts not built (if any)."""
    for problem in problems:
        print(problem, flush=True)
    if not_built:
        names = ", ".join(sorted(not_built))
        print(f"Not built ({len(not_built)}): {names}", flush=True)


def report(state: BuildState, final: bool) -> None:
    """Print the problems not yet printed; refuse a strict build on any error.

    Printed, not logged: under --fatal the first logged warning would stop the
    build with a traceback before the editor saw the rest.
    """
    problems = sorted(set(state.problems))
    fresh = [p for p in problems if p not in state.printed]
    state.printed.update(fresh)
    print_report(fresh, state.not_built if final else {})
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if state.mode is Mode.CHECK and (errors or final):
        print(f"{errors} error(s), {warnings} warning(s) in {state.content_root.name}/")
        if final:  # every page is rendered: a check has seen all a publish would
            raise ContentErrors(1 if errors else 0)
    if state.mode.strict and errors:
        if state.mode is Mode.PUBLISH:
            print(
                f"{errors} content error(s): nothing was published. "
                "Fix the lines above, then publish again.",
                file=sys.stderr,
                flush=True,
            )
        raise ContentErrors(1)
