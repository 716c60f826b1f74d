"""Pelican glue: the writer. One post's failure is one line; unchanged pages are kept.

Two jobs no signal can do, so Pelican's Writer is subclassed:
- a post whose page fails to render (a template error, a link Pelican cannot
  replace) becomes one `file:line` problem and is left out, instead of a
  traceback that stops the whole build;
- a page is rendered again only when what it is made from changed: a post's
  page from the post, the settings, the theme, our code and every address; a
  list page from the posts it shows and what its template reads of others
  (keys.py). A preview keeps the page in its folder. A publish builds into a
  new empty folder, so it copies the page's bytes from the live site it is
  about to replace (handover.py: what publish.py and this child hand each
  other).

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

from ..build import BuildState, Mode, cache_root, state_of
from ..cache import Store, code_fingerprint, digest, files_digest
from ..desk.model import PROBLEMS_ATTRIBUTE
from ..files.whole import write_whole
from ..problems import internal_problem
from ..site_context import SITE_MENU
from ..written import written_content
from .handover import (
    LIVE_SITE,
    PENDING_RECORD,
    STANDBY_SITE,
    Pending,
    drop_compressed,
    forget_record,
    link_with_forms,
    read_record,
    record_path,
    take_compressed,
    write_pending,
)
from .keys import list_needs, stable_repr

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
    """A list page's template: the page already made, when what it shows is the same.

    Pelican writes what render() returns, and paginates by calling it once per
    page, so an unchanged list page is read back (from the preview's folder,
    or from the live site in a publish) and written as it was.
    """

    def __init__(self, template, writer: SiteWriter, base: str) -> None:
        self._template = template
        self._writer = writer
        self._base = base

    def render(self, context) -> str:
        """The page as the last build made it, or freshly rendered."""
        writer, name = self._writer, context["output_file"]
        key = writer.page_of_list_key(self._base, context)
        if writer.link_unchanged(name, key):
            return ""  # written nowhere: the standby's page is in place
        kept = writer.kept_bytes(name, key)
        if kept is not None:
            with contextlib.suppress(UnicodeDecodeError):
                # Decoded whole, never line by line: the bytes written back are
                # the bytes read, whatever line endings the page holds.
                html = kept.decode("utf-8")
                writer.written_now[name] = key
                if not writer.publishing:
                    # Nothing to write: it is there.
                    writer.unchanged.add(sanitised_join(writer.output_path, name))
                return html
        html = self._template.render(context)
        writer.written_now[name] = key
        return html


def _content_key(content) -> str:
    """What one post's page is made from, besides the site: text, header, hero."""
    hero = getattr(content, "hero", None)
    return digest(
        str(content.source_path),
        content._content or "",
        stable_repr({k: str(v) for k, v in content.metadata.items()}),
        stable_repr(hero and hero.full_path),
        # The variants' names carry the picture's hash; the full copy's does not.
        str(getattr(getattr(hero, "processed", None), "key", "")),
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
        # Every setting but where the output goes: a publish builds into a new
        # folder each time, and no page says where it was written.
        stable_repr(
            {k: v for k, v in settings.items() if k.isupper() and k != "OUTPUT_PATH"}
        ),
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
        self.publishing = False  # a publish that takes kept pages from the live site
        self.live: Path | None = None
        self.pending: Path | None = None
        self.standby: Path | None = None  # the site the last swap replaced
        self.standby_pages: dict[str, str] = {}  # its record, taken once
        self._standby_record: Path | None = None
        self.previous: dict[str, str] = {}
        self.written_now: dict[str, str] = {}
        self.unchanged: set[str] = set()  # pages already on disk as they would be
        self._record_key = digest(str(Path(output_path).resolve()))
        self._site: str | None = None
        self._corpus: str | None = None
        self._contents: dict[int, str] = {}  # id(content) -> its key, this build
        self._folders: set[Path] = set()  # folders a publish made for kept files

    def _bind(self, context) -> BuildState:
        """This build's state (Pelican hands the writer the context with each page)."""
        if self.state is None:
            self.state = state_of(context, self.settings)
            live, pending = os.environ.get(LIVE_SITE), os.environ.get(PENDING_RECORD)
            if self.state.mode is Mode.PUBLISH and live and pending:
                self.incremental = self.publishing = True
                self.live, self.pending = Path(live), Path(pending)
                record = record_path(self.state.store.root, self.live)
                # No live site, no page to take from it, whatever a record says.
                self.previous = read_record(record) if self.live.is_dir() else {}
                self._take_standby(os.environ.get(STANDBY_SITE))
            elif self.state.mode is Mode.PREVIEW and not (
                self.settings.get("DELETE_OUTPUT_DIRECTORY")
            ):
                self.incremental = True
                previous = self.state.store.load(RECORD, self._record_key)
                self.previous = previous if isinstance(previous, dict) else {}
        return self.state

    def _take_standby(self, standby: str | None) -> None:
        """Read the standby's record and remove it: it serves one build, which
        may write into what it links (the publish writes the next one)."""
        if not standby or self.state is None:
            return
        self.standby = Path(standby)
        self._standby_record = record_path(self.state.store.root, self.standby)
        # Only the real folder a swap left: a link put there could lead anywhere,
        # the live site included.
        if self.standby.is_dir() and not self.standby.is_symlink():
            self.standby_pages = read_record(self._standby_record)
        forget_record(self._standby_record)

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
            base = self._list_key(name, relative_urls, template, context, kwargs)
            template = _ListTemplate(template, self, base)
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

    def kept_bytes(self, name: str, key: str) -> bytes | None:
        """The bytes of the file the last build made from exactly key, if it is there.

        From the preview's own folder, or in a publish from the live site (read
        only: the live site is never written before the swap).
        """
        if not key or self.previous.get(name) != key:
            return None
        folder = self.live if self.publishing else Path(self.output_path)
        assert folder is not None  # set with publishing
        try:
            return Path(sanitised_join(str(folder), name)).read_bytes()
        except (OSError, RuntimeError):  # RuntimeError: a name outside the folder
            return None

    def keep_file(self, name: str, key: str) -> bool:
        """True when the file the last build made from key is in place, as it was."""
        if not self._put(name, key):
            return False
        self._written_files.add(sanitised_join(self.output_path, name))
        self.written_now[name] = key
        return True

    def _put(self, name: str, key: str) -> bool:
        """The file the last build made from key, in this build's folder; False
        if it is not to be had.

        A preview's is there already. A publish's new folder gets a hard link
        to the standby's file and its compressed forms when the standby's record
        says it was made from key, else a copy of the live site's bytes and
        forms (never a link: this build must never be able to change the live
        site; what it links is the standby's, used by this build alone).
        """
        if not key:
            return False
        if self.publishing and self._link_standby(name, key):
            return True
        kept = self.kept_bytes(name, key)
        if kept is None:
            return False
        if self.publishing:
            assert self.live is not None  # set with publishing
            path = Path(sanitised_join(self.output_path, name))
            self._folder(path.parent)
            path.write_bytes(kept)
            take_compressed(Path(sanitised_join(str(self.live), name)), path)
        return True

    def _link_standby(self, name: str, key: str) -> bool:
        if self.standby is None or self.standby_pages.get(name) != key:
            return False
        path = Path(sanitised_join(self.output_path, name))
        self._folder(path.parent)
        return link_with_forms(Path(sanitised_join(str(self.standby), name)), path)

    def link_unchanged(self, name: str, key: str) -> bool:
        """In a publish, link an unchanged page from the standby; Pelican's own
        write of it then goes nowhere (True when linked)."""
        if not (self.publishing and key and self._link_standby(name, key)):
            return False
        self.unchanged.add(sanitised_join(self.output_path, name))
        self.written_now[name] = key
        return True

    def _folder(self, folder: Path) -> None:
        """Make a folder of a publish's new site once, not once for each page in it."""
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def _keep(self, name, key, context, arguments, kwargs) -> bool:
        """Keep an unchanged page; tell Pelican's listeners as Pelican would."""
        path = sanitised_join(self.output_path, name)
        if path in self._written_files or not key:
            return False
        if key not in (self.previous.get(name), self.standby_pages.get(name)):
            return False
        if not signals.content_written.receivers:
            # Nobody listens (a publish): Pelican's context for the page would go
            # unused, and making it copies the site's whole context.
            if not self._put(name, key):
                return False
            self._written_files.add(path)
            self.written_now[name] = key
            return True
        try:
            super().write_file(name, _CaptureTemplate(), context, *arguments, **kwargs)
        except _Captured as captured:
            if not self._put(name, key):
                return False  # gone from the site it was to come from: rendered
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

    def content_key(self, content) -> str:
        """What one post's page and card are made from (computed once a build)."""
        found = self._contents.get(id(content))
        if found is None:
            found = self._contents[id(content)] = _content_key(content)
        return found

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
            if self.publishing and filename in self._written_files:
                # Written again over a page this build kept: the compressed
                # forms that came with it are of the old bytes.
                drop_compressed(Path(filename))
        self._written_files.add(filename)
        if filename in self.unchanged:
            return Path(os.devnull).open("w", encoding=encoding)
        if self.publishing:
            # A publish's folder is new and served only once swapped in whole:
            # no reader can see a page half-written there.
            return Path(filename).open("w", encoding=encoding)
        return write_whole(Path(filename), encoding)

    def corpus_key(self, context, *parts: str) -> str:
        """A key for output made from every post (and these parts)."""
        return digest(self._corpus_key(context), *parts) if self.incremental else ""

    def output_key(self, context, *parts: str) -> str:
        """A key for output made from the site and these parts only ('' if kept never).

        The caller names in parts everything the output is made from besides
        the settings, the theme, the code and every address.
        """
        if not self.incremental:
            return ""
        assert self.state is not None  # bound by any page written before
        today = self.state.clock.today.isoformat()
        return digest(self._site_key(context), today, *parts)

    def record_files(self, names: list[str], key: str) -> None:
        """Note files written outside write_file (feeds), for the next build."""
        if key:
            for name in names:
                self.written_now[name] = key

    def _corpus_key(self, context) -> str:
        """Everything every post is made from: what a list page may show of any."""
        if self._corpus is None:
            assert self.state is not None  # bound before any key
            contents = [
                c for c in context["generated_content"].values() if c is not None
            ]
            self._corpus = digest(
                self._site_key(context),
                *sorted(self.content_key(c) for c in contents),
                # Lists of events change order, and past events their label,
                # as days pass: a list page is redone on a new day (the
                # build's day, on its one clock; bound before any key).
                self.state.clock.today.isoformat(),
            )
        return self._corpus

    def _list_key(self, name, relative_urls, template, context, kwargs) -> str:
        """What every page of a list shares: its name, its template and what that reads.

        The posts on each page are added per page (page_of_list_key).
        """
        assert self.state is not None  # bound in write_file
        # Which tag, section or author, and plain values.
        plain = {
            k: str(v)
            for k, v in kwargs.items()
            if isinstance(v, str | int | float | bool | URLWrapper) or v is None
        }
        template_name = str(getattr(template, "name", template))
        needs = list_needs(template_name, context, kwargs, self.content_key)
        return digest(
            self._site_key(context),
            # Lists of events change order, and past events their label, as
            # days pass: a list page is redone on a new day (the build's day).
            self.state.clock.today.isoformat(),
            name,
            str(relative_urls),
            template_name,
            stable_repr(plain),
            # What the template reads beyond its own posts, or every post when
            # keys.py does not know the template.
            needs if needs is not None else self._corpus_key(context),
        )

    def page_of_list_key(self, base: str, context) -> str:
        """One page of a list: its own posts, its number and its neighbours."""
        page = context.get("articles_page")
        if page is None:
            return digest(base, context["output_file"])
        paginator = context.get("articles_paginator")
        before, after = (
            context.get("articles_previous_page"),
            context.get("articles_next_page"),
        )
        return digest(
            base,
            context["output_file"],
            str(page.number),
            str(getattr(paginator, "num_pages", "")),
            str(before.url if before else ""),
            str(after.url if after else ""),
            *(self.content_key(post) for post in page.object_list),
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
            self.content_key(content),
            "\n".join(map(str, problems)),
        )

    def finish(self, static_outputs: set[str]) -> None:
        """Note what this build made from what, for the next one.

        A preview removes the post pages an earlier preview wrote and this one
        did not (only files this writer wrote before, its record says which: a
        file copied from content/ or put there by hand is not). A publish
        builds into a new folder, so nothing is stale there; its record waits
        beside that folder until the swap.
        """
        if not self.incremental or self.state is None:
            return
        if self.publishing:
            assert self.pending is not None  # set with publishing
            assert self.live is not None  # set with publishing
            record = record_path(self.state.store.root, self.live)
            # The live site becomes the standby: its record goes with it.
            pending = Pending(
                record, dict(self.written_now), self._standby_record, self.previous
            )
            write_pending(self.pending, pending)
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


def forget_pages(settings, output: Path | str, names) -> None:
    """Have the next preview into output render these pages again, whatever
    their keys: they were written after its record (a save's page, at once)."""
    store = Store(cache_root(settings))
    key = digest(str(Path(output).resolve()))
    record = store.load(RECORD, key)
    if isinstance(record, dict):
        # Kept in the record (so a page no post makes any more is still
        # removed as stale), under a key no page is ever made from.
        store.save(RECORD, key, {**record, **dict.fromkeys(names, "")})


def site_writer(pelican) -> type[Writer]:
    """Hand Pelican the site's writer (it finds its build in the context)."""
    return SiteWriter
