"""Pelican glue: redirects from Aliases: headers and content/redirects.txt.

Checked once everything is read (they depend on every address), written as the
host's `_redirects` file and as a small page at each old address for hosts that
read no such file.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from pelican.generators import ArticlesGenerator, Generator, PagesGenerator

from ..build import BuildState, state_of
from ..files.whole import write_bytes_whole
from ..layout import FEEDS_FOLDER, HOST_REDIRECTS, Layout
from ..writer.writer import SiteWriter
from ..written import written_content
from .model import (
    REDIRECTS_FILE,
    aliases_of,
    check_redirects,
    fallback_html,
    fallback_path,
    host_limit_problems,
    netlify_file,
    parse_redirects_file,
    site_path,
)


def _addresses(generators: list, layout: Layout) -> set[str]:
    """Every site path this build writes a post, page or list at."""
    context = generators[0].context
    found = {*layout.pages(), f"/{FEEDS_FOLDER}/"}
    found |= {site_path(post.url) for post in written_content(context)}
    for key in ("categories", "tags", "authors"):
        found |= {site_path(item.url) for item, _posts in context.get(key, [])}
    return found


def collect_redirects(generators: list, state: BuildState) -> None:
    """Every redirect asked for, checked against the addresses the site has."""
    asked, problems = [], []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            contents = generator.articles
        elif isinstance(generator, PagesGenerator):
            contents = generator.pages
        else:
            continue
        for content in contents:
            value = content.metadata.get("aliases")
            if not isinstance(value, str) or not value.strip():
                continue
            source = state.source_of(content.source_path)
            parsed = state.sources.get(source)
            field = parsed.header.get("Aliases") if parsed else None
            found, wrong = aliases_of(
                value, content.url, source, field.line if field else 1
            )
            asked += found
            problems += wrong
    listed = state.content_root / REDIRECTS_FILE
    if listed.is_file() and not listed.is_symlink():
        found, wrong = parse_redirects_file(
            listed.read_text(encoding="utf-8", errors="replace")
        )
        asked += found
        problems += wrong
    layout = state.conventions.layout
    state.redirects, refused = check_redirects(
        asked, _addresses(generators, layout), layout
    )
    refused += host_limit_problems(state.redirects)
    for problem in [*problems, *refused]:
        state.report(problem)


class RedirectsGenerator(Generator):
    """Writes `_redirects` and a page at each old address."""

    def generate_context(self) -> None:
        """Nothing to read: the redirects were gathered once everything was read."""

    def generate_output(self, writer) -> None:
        """Write the host file and the fallback pages."""
        state = state_of(self.context, self.settings)
        if not state.redirects:
            return
        output = Path(self.output_path)
        names = [HOST_REDIRECTS]
        write_bytes_whole(
            output / HOST_REDIRECTS, netlify_file(state.redirects).encode()
        )
        siteurl = str(self.settings.get("SITEURL") or "").rstrip("/")
        relative = bool(self.settings.get("RELATIVE_URLS"))
        for redirect in state.redirects:
            name = fallback_path(redirect.old)
            if relative:
                here = posixpath.dirname(name) or "."
                target = posixpath.relpath(redirect.new.lstrip("/") or ".", here)
                target += "/" if redirect.new.endswith("/") and target != "." else ""
            else:
                target = f"{siteurl}{redirect.new}"
            html = fallback_html(target, str(self.settings.get("SITENAME", "")))
            write_bytes_whole(output / name, html.encode())
            names.append(name)
        if isinstance(writer, SiteWriter):
            writer.record_files(names, writer.corpus_key(self.context, "redirects"))
