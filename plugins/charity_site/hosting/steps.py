"""Pelican glue: write `_headers` for the published site, from hosting/headers.py."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pelican.generators import Generator

from ..build import Mode, state_of
from ..cms.page import PAGE as EDITOR_PAGE
from ..files.walk import files_under
from ..files.whole import write_bytes_whole
from ..layout import FAVICON, HOST_HEADERS, HOST_NGINX, LOGO
from ..site_context import SITE_BRAND
from ..source.sanitise import EMBED_HOSTS
from .favicon import ico_from_svg
from .headers import (
    content_security_policy,
    editor_policy,
    header_file_problems,
    headers_file,
    nginx_file,
    rules_for,
    security_headers,
    style_hash,
)

STYLE = "partials/style.html"  # the one inline <style> every page carries


def inline_style(environment, context: dict | None = None) -> str:
    """The exact text of the inline <style> element, as the templates write it."""
    # The brand's colours are part of it: render with the same brand as pages.
    block = environment.get_template(STYLE).render(
        {SITE_BRAND: (context or {}).get(SITE_BRAND)}
    )
    return block.split("<style>", 1)[1].rsplit("</style>", 1)[0]


def site_files(output: Path) -> list[str]:
    """Every file of the built site, relative to its root (links not followed)."""
    return [name for name, _entry, _names in files_under(output)]


def write_favicon(output: Path, svg: Path) -> None:
    """/favicon.ico drawn from the brand's SVG logo (content/extra/ cannot give one).

    Drawn every build, never kept: a kept preview folder would otherwise show
    the old logo's icon after BRAND['logo'] changed.
    """
    if svg.is_file():
        ico = ico_from_svg(svg.read_text(encoding="utf-8"))
        write_bytes_whole(output / FAVICON, ico)


class HostingGenerator(Generator):
    """Writes `_headers` and `_nginx.conf`: security headers, caching, feed types."""

    def generate_context(self) -> None:
        """Nothing to read."""

    def generate_output(self, writer) -> None:
        """Write the host's header file for what is in the output folder now."""
        state = state_of(self.context, self.settings)
        form = state.site.newsletter
        policy = content_security_policy(
            [style_hash(inline_style(self.env, self.context))],
            [form.action] if form else [],
            [f"https://{host}/" for host in EMBED_HOSTS],
        )
        output = Path(self.output_path)
        brand = self.context[SITE_BRAND]
        write_favicon(output, brand.logo)
        # The logo at one address for the header and browsers' tabs.
        write_bytes_whole(output / LOGO, brand.logo.read_bytes())
        every = security_headers(policy)
        editor = self._editor_headers(output)
        rules = rules_for(self._served(output), every, editor)
        text = headers_file(rules)
        write_bytes_whole(output / HOST_HEADERS, text.encode())
        # Past what Cloudflare Pages reads, files would lose their headers
        # without a word: one line, printed by the final report.
        for problem in header_file_problems(text, strict=state.mode.strict):
            state.report(problem)
        redirects = [
            (r.old, r.new) for r in state_of(self.context, self.settings).redirects
        ]
        nginx = nginx_file(every, redirects, editor)
        write_bytes_whole(output / HOST_NGINX, nginx.encode())

    def _served(self, output: Path) -> list[str]:
        """Every file the site serves, with those written after this step.

        Pelican's static generator (content/extra/) runs last of all: its files
        are named by where they go. The theme's files need no rule of their own.
        """
        later = [str(s.save_as) for s in self.context.get("staticfiles", [])]
        return [*site_files(output), *later]

    def _editor_headers(self, output: Path) -> tuple[tuple[str, str], ...]:
        """The web editor's headers, or none when this build has no editor."""
        if not (output / EDITOR_PAGE).is_file():
            return ()
        state = state_of(self.context, self.settings)
        cms = state.site.cms
        connect = list(cms.origins)
        local = state.mode is Mode.PREVIEW and bool(cms.local_backend)
        if local:
            parts = urlsplit(cms.local_backend)
            connect.append(f"{parts.scheme}://{parts.netloc}")
        return security_headers(editor_policy(connect, local=local))
