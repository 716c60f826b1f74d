"""Pelican glue: a writer that renders a post's page only when it changed.

Pelican renders every page on every build. A post's page is made from the post
(its HTML after every plugin, its metadata), the settings, the theme, our
plugins' code and the addresses of all posts (links between them): when none
of those changed and the page is there, the writer keeps it. List pages (home,
sections, tags) are always rendered, as they depend on many posts. Pages not
written by a build (a post deleted or renamed) are removed afterwards.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from .keys import digest, files_digest, key_comment, stable_repr, stored_key

logger = logging.getLogger("pelican.plugins.charity_incremental")
ROOT = Path(__file__).resolve().parents[2]


class _KeyedTemplate:
    """A template whose output ends with the page key."""

    def __init__(self, template, key: str) -> None:
        self._template = template
        self._key = key

    def render(self, context) -> str:
        return self._template.render(context) + key_comment(self._key)


def _site_key(settings: dict, context: dict) -> str:
    """What every post's page shares: settings, theme, code, all addresses."""
    theme = Path(settings["THEME"])
    code = [*ROOT.joinpath("plugins").rglob("*.py"), *theme.rglob("*")]
    addresses = sorted(
        f"{item.source_path}={item.url}"
        for key in ("articles", "drafts", "pages", "hidden_pages", "draft_pages")
        for item in context.get(key, [])
    )
    addresses += sorted(
        f"{path}={item.url}" for path, item in context["static_content"].items()
    )
    return digest(
        stable_repr({k: v for k, v in settings.items() if k.isupper()}),
        files_digest(p for p in code if p.is_file()),
        "\n".join(addresses),
    )


class IncrementalWriter(Writer):
    """Pelican's writer, keeping an unchanged post's page as it is."""

    build = None  # the Pelican run this writer serves (set per build, see below)

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        self._site: str | None = None
        if self.build is not None:
            # The clean-up after the build reads what this writer wrote.
            self.build.charity_written_files = self._written_files

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        """Render and write a page, unless it is a post's page that has not changed."""
        content = kwargs.get("article") or kwargs.get("page")
        if content is None or paginated or not name:
            return super().write_file(
                name,
                template,
                context,
                relative_urls,
                paginated,
                template_name,
                override_output,
                url,
                **kwargs,
            )
        if self._site is None:
            self._site = _site_key(self.settings, context)
        key = digest(
            self._site,
            name,
            str(relative_urls),
            content._content or "",
            stable_repr({k: str(v) for k, v in content.metadata.items()}),
            stable_repr(getattr(content, "hero", None) and content.hero.full_path),
        )
        path = sanitised_join(self.output_path, name)
        if stored_key(Path(path)) == key:
            self._written_files.add(path)
            signals.content_written.send(path, context={**kwargs, "output_file": name})
            return None
        return super().write_file(
            name,
            _KeyedTemplate(template, key),
            context,
            relative_urls,
            paginated,
            template_name,
            override_output,
            url,
            **kwargs,
        )


def incremental_writer(pelican) -> type[Writer]:
    """Hand Pelican the incremental writer, bound to this build."""
    # Pelican wants a class; a subclass per build carries the build, not a global.
    return type("IncrementalWriter", (IncrementalWriter,), {"build": pelican})


def remove_stale_pages(pelican) -> None:
    """Delete pages this build did not write (a post deleted or renamed).

    Only the pages of pretty URLs (folder/index.html): a file copied from
    content/extra, such as a verification page, is never touched.
    """
    written = {Path(p) for p in getattr(pelican, "charity_written_files", set())}
    if not written:
        return
    output = Path(pelican.output_path)
    for page in output.rglob("index.html"):
        if page.parent != output and page not in written:
            page.unlink()
            logger.info("Removed %s: no post makes it any more", page)


def register() -> None:
    """Connect the incremental writer to Pelican's signals."""
    # get_writer: Pelican asks for its writer once per build.
    signals.get_writer.connect(incremental_writer)
    # finalized: everything is written; what was not written this time is stale.
    signals.finalized.connect(remove_stale_pages)
