"""Pelican glue: the writer. One post's failure is one line; a preview keeps pages.

Two jobs no signal can do, so Pelican's Writer is subclassed:
- a post whose page fails to render (a template error, a link Pelican cannot
  replace) becomes one `file:line` problem and is left out, instead of a
  traceback that stops the whole build;
- in a preview, a post's page is rendered again only when what it is made
  from changed (the post, the settings, the theme, our code, every address).

Pelican still renders and writes every file itself. For an unchanged page,
Pelican's write_file is called with a template that hands back the context
Pelican built for it, untouched; the writer then sends content_written with
exactly that context, and the page on disk is left as it is. The record of
which page was made from what lives in the one cache (never as a comment in
the page). tests/build/test_pipeline.py fails if Pelican's Writer stops
rendering through template.render(localcontext) before it opens the file, or
stops writing what that returns.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import astuple
from pathlib import Path

from pelican import signals
from pelican.urlwrappers import URLWrapper
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from ..build import BuildState, Mode, state_of
from ..cache import code_fingerprint, digest, files_digest
from ..desk.model import PROBLEMS_ATTRIBUTE
from ..files.whole import write_whole
from ..problems import internal_problem
from ..site_context import SITE_MENU
from ..written import written_content
from .keys import stable_repr

logger = logging.getLogger("pelican.plugins.charity_site.writer")
RECORD = "pages"  # the cache kind that holds a preview folder's record


class _RenderFailed(Exception):
    """One post's page could not be rendered (already reported)."""


class _Captured(Exception):
    """Carries the context Pelican built for a page, before anything is written."""

    def __init__(self, context) -> None:
        super().__init__("captured")
        self.context = context


class _CaptureTemplate:
    """A template that renders nothing: it hands back Pelican's context for the page."""

    def render(self, context) -> str:
        """Stop Pelican's write_file before it opens the file."""
        raise _Captured(context)


class _PostTemplate:
    """A post's template: a failure to render is one problem line, not a traceback."""

    def __init__(self, template, writer: SiteWriter, content, name: str, key: str):
        self._template = template
        self._writer = writer
        self._content = content
        self._name = name
        self._key = key

    def render(self, context) -> str:
        """The page, or a reported problem and the post left out."""
        writer = self._writer
        try:
            html = self._template.render(context)
        except Exception as exc:
            state = writer.state
            assert state is not None  # bound before any template renders
            relative = state.source_of(self._content.source_path)
            state.report(internal_problem(relative, "rendered", exc))
            state.skip(relative, "its page could not be rendered")
            raise _RenderFailed from exc
        writer.written_now[self._name] = self._key
        return html


class _ListTemplate:
    """A list page's template: the page already written, when nothing changed.

    Pelican writes what render() returns, and paginates by calling it once per
    page, so an unchanged list page is read back and written as it was.
    """

    def __init__(self, template, writer: SiteWriter, key: str) -> None:
        self._template = template
        self._writer = writer
        self._key = key

    def render(self, context) -> str:
        """The page as written by the last preview, or freshly rendered."""
        writer, name = self._writer, context["output_file"]
        if writer.previous.get(name) == self._key:
            path = sanitised_join(writer.output_path, name)
            with contextlib.suppress(OSError, UnicodeDecodeError):
                kept = Path(path).read_text(encoding="utf-8")
                writer.written_now[name] = self._key
                writer.unchanged.add(path)  # nothing to write: it is there
                return kept
        html = self._template.render(context)
        writer.written_now[name] = self._key
        return html


def _content_key(content) -> str:
    """What one post's page is made from, besides the site: text, header, hero."""
    hero = getattr(content, "hero", None)
    return digest(
        str(content.source_path),
        content._content or "",
        stable_repr({k: str(v) for k, v in content.metadata.items()}),
        stable_repr(hero and hero.full_path),
        # An event's page changes on the day it passes (its label, no calendar
        # link), with no change to its source.
        str(getattr(content, "event_past", None)),
    )


def _site_key(settings: dict, context: dict) -> str:
    """What every post's page shares: settings, theme, code, all addresses."""
    theme = [p for p in Path(settings["THEME"]).rglob("*") if p.is_file()]
    addresses = sorted(
        f"{item.source_path}={item.url}" for item in written_content(context)
    )
    addresses += sorted(
        f"{path}={item.url}" for path, item in context["static_content"].items()
    )
    return digest(
        stable_repr({k: v for k, v in settings.items() if k.isupper()}),
        code_fingerprint(),  # the package's code and the libraries' versions
        files_digest(theme),
        "\n".join(addresses),
        # Every page shows the menu: a new label or order redoes every page.
        stable_repr([astuple(item) for item in context.get(SITE_MENU, ())]),
    )


class SiteWriter(Writer):
    """Pelican's writer; posts that fail are left out, unchanged pages are kept."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        self.state: BuildState | None = None  # this build's, from the first page
        self.incremental = False
        self.previous: dict[str, str] = {}
        self.written_now: dict[str, str] = {}
        self.unchanged: set[str] = set()  # pages already on disk as they would be
        self._record_key = digest(str(Path(output_path).resolve()))
        self._site: str | None = None
        self._corpus: str | None = None

    def _bind(self, context) -> BuildState:
        """This build's state (Pelican hands the writer the context with each page)."""
        if self.state is None:
            self.state = state_of(context, self.settings)
            self.incremental = self.state.mode is Mode.PREVIEW and not (
                self.settings.get("DELETE_OUTPUT_DIRECTORY")
            )
            if self.incremental:
                previous = self.state.store.load(RECORD, self._record_key)
                self.previous = previous if isinstance(previous, dict) else {}
        return self.state

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
        """Render and write a page; a post whose page fails is reported and skipped."""
        self._bind(context)
        content = kwargs.get("article") or kwargs.get("page")
        arguments = (relative_urls, paginated, template_name, override_output, url)
        if content is not None and name and not paginated:
            key = self._page_key(name, relative_urls, content, context)
            if self._keep(name, key, context, arguments, kwargs):
                return None
            template = _PostTemplate(template, self, content, name, key)
        elif name and self.incremental:
            key = self._list_key(name, relative_urls, template_name, context, kwargs)
            template = _ListTemplate(template, self, key)
        try:
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
        except _RenderFailed:
            return None

    def _keep(self, name, key, context, arguments, kwargs) -> bool:
        """Keep an unchanged page; tell Pelican's listeners as Pelican would."""
        path = sanitised_join(self.output_path, name)
        if not key or self.previous.get(name) != key or path in self._written_files:
            return False
        if not Path(path).is_file():
            return False
        try:
            super().write_file(name, _CaptureTemplate(), context, *arguments, **kwargs)
        except _Captured as captured:
            self._written_files.add(path)
            self.written_now[name] = key
            signals.content_written.send(path, context=captured.context)
            return True
        return False  # Pelican wrote nothing and rendered nothing: render it as usual

    def has_written(self, name: str) -> bool:
        """True when this build has written a file at name already."""
        return sanitised_join(self.output_path, name) in self._written_files

    def _site_key(self, context) -> str:
        if self._site is None:
            self._site = _site_key(self.settings, context)
        return self._site

    def _open_w(self, filename, encoding, override=False):
        """Pelican's guard against writing a file twice, then a file written whole.

        Pelican opens the page itself and writes into it, so for a moment a
        half-written page is there for the preview server to send. Here the
        page goes to a temporary name beside it and is renamed over it when
        complete. The guard is Pelican's own logic (tests/build/test_pipeline.py
        holds the two to the same behaviour).
        """
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time '
                    "(was previously overwritten)"
                )
            return Path(os.devnull).open("w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already '
                "written to it previously (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        if filename in self.unchanged:
            return Path(os.devnull).open("w", encoding=encoding)
        return write_whole(Path(filename), encoding)

    def corpus_key(self, context, *parts: str) -> str:
        """A key for output made from every post (and these parts)."""
        return digest(self._corpus_key(context), *parts) if self.incremental else ""

    def kept_files(self, key: str) -> list[str] | None:
        """Files an earlier preview made from exactly this key, if all are there.

        They count as written by this build (so they are not removed as stale).
        """
        if not key:
            return None
        names = [name for name, made in self.previous.items() if made == key]
        output = Path(self.output_path)
        if not names or not all((output / name).is_file() for name in names):
            return None
        for name in names:
            self.written_now[name] = key
        return names

    def record_files(self, names: list[str], key: str) -> None:
        """Note files written outside write_file (feeds), for the next preview."""
        if key:
            for name in names:
                self.written_now[name] = key

    def _corpus_key(self, context) -> str:
        """Everything every post is made from: what a list page may show of any."""
        if self._corpus is None:
            contents = [
                c for c in context["generated_content"].values() if c is not None
            ]
            self._corpus = digest(
                self._site_key(context),
                *sorted(_content_key(c) for c in contents),
                # Lists of events change order, and past events their label,
                # as days pass: a list page is redone on a new day (the
                # build's day, on its one clock; bound before any key).
                self.state.clock.today.isoformat(),
            )
        return self._corpus

    def _list_key(self, name, relative_urls, template_name, context, kwargs) -> str:
        """A list page (home, section, tag, feeds page): any post's change redoes it."""
        # Which tag, section or author, and plain values; the lists of posts are
        # in the corpus key already.
        plain = {
            k: str(v)
            for k, v in kwargs.items()
            if isinstance(v, str | int | float | bool | URLWrapper) or v is None
        }
        return digest(
            self._corpus_key(context),
            name,
            str(relative_urls),
            str(template_name),
            stable_repr(plain),
        )

    def _page_key(self, name, relative_urls, content, context) -> str:
        if not self.incremental:
            return ""
        # Its problems too: the preview banner shows them, and a review date
        # passing changes them with nothing else changed.
        problems = getattr(content, PROBLEMS_ATTRIBUTE, ())
        return digest(
            self._site_key(context),
            name,
            str(relative_urls),
            _content_key(content),
            "\n".join(map(str, problems)),
        )

    def finish(self, static_outputs: set[str]) -> None:
        """Remove the post pages an earlier preview wrote and this one did not.

        Only files this writer wrote before (its record says which) are ever
        removed: a file copied from content/ or put there by hand is not.
        """
        if not self.incremental or self.state is None:
            return
        output = Path(self.output_path).resolve()
        for name in sorted(set(self.previous) - set(self.written_now) - static_outputs):
            path = Path(sanitised_join(str(output), name))
            if str(path) in self._written_files:
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                logger.info("Removed %s: no post makes it any more", path)
        self.state.store.save(RECORD, self._record_key, dict(self.written_now))


def site_writer(pelican) -> type[Writer]:
    """Hand Pelican the site's writer (it finds its build in the context)."""
    return SiteWriter
