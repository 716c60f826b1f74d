"""The site's one Pelican plugin: every step, connected in pipeline order.

    settings   (every custom setting read once, at start-up; each build then
               starts its one clock: now, today, the zone)
    content -> reader (one parse, per-file rules, one cache; it starts each
               post's pictures in a process pool, made while reading goes on)
            -> live or scheduled (each article, by the build's clock)
            -> addresses (Pelican's own slugs and URLs; posts that cannot be
               written are left out before sections and tags are counted)
            -> rules across files (links, pictures, unread files, dates)
            -> pictures -> report (a publish or a check refuses on errors)
            -> templates and feeds (the writer leaves out a post that fails)
            -> preview desk (a preview only: stand-ins for posts not built,
               /_desk/; the banners were given their problems after the report)
            -> finish (preview clean-up, the last report)

docs/architecture.md draws it and says where each kind of change goes.
"""

from __future__ import annotations

import contextlib
import logging
from functools import partial
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

from .addresses_once import addresses_once
from .build import BuildState, Mode, cache_root, state_of
from .cache import digest
from .cms.steps import CmsGenerator, editor_available
from .cms.steps import check_bundle as check_cms_bundle
from .desk.steps import DeskGenerator, attach_problems, give_templates_the_desk
from .display.steps import enrich, give_the_home_page_its_lead
from .events.steps import EventsGenerator, order_events
from .feeds.generator import FeedsGenerator
from .files.kind_steps import check_file_kinds
from .files.steps import drop_links_outside, keep_inside, place_extra_files
from .hosting.precompress import CACHE_KIND, precompress
from .hosting.steps import HostingGenerator
from .menu_steps import arrange_pages
from .newsletter.steps import digest_generator, give_templates_the_form
from .pictures.card_steps import CardsGenerator, cards_available
from .pictures.card_steps import check_font as check_card_font
from .pictures.steps import process_images, start_pictures
from .problems import internal_problem, refuse_setting
from .redirects.steps import RedirectsGenerator, collect_redirects
from .rules.parse_ahead import parse_ahead
from .rules.reader import CharityReader, bind_reader, use_charity_reader
from .rules.reading import save_parses
from .rules.steps import drop_taken_addresses, report, run_cross_file_rules
from .schedule import schedule_by_the_clock
from .settings import BadSetting
from .site_context import SITE_BRAND, give_templates_the_conventions
from .site_settings import site_settings
from .sitemap.steps import SitemapGenerator
from .unchanged_steps import remember_report, skip_when_unchanged
from .writer.writer import SiteWriter, site_writer

logger = logging.getLogger("pelican.plugins.charity_site")
JINJA_CACHE = "templates"  # the cache folder of compiled templates


def validate_settings(pelican) -> None:
    """Every custom setting, read and checked once before anything is read.

    A wrong one is one line and the build stops; what a preview can go
    without (a wrong NEWSLETTER) is one warning line.
    """
    try:
        site = site_settings(pelican.settings)
    except BadSetting as problem:
        raise refuse_setting(problem) from None
    for line in site.warnings:
        logger.warning("%s", line)
    check_cms_bundle(site.mode)
    check_card_font(site.mode)
    # A preview with nothing changed since the last one stops here.
    skip_when_unchanged(pelican)
    # finalized: every file is written. Connected here, once every plugin has
    # registered, so the compression runs after any other plugin's last file.
    # Connecting twice is a no-op.
    signals.finalized.connect(compress_published)


def start_build(generator) -> None:
    """This build's state, the reader bound to it, and what templates need."""
    state = state_of(generator.context, generator.settings)
    keep_inside(generator, state)
    # Each generator has its own Jinja environment, and each compiled every
    # template it used on every build (0.2 s); compiled once, kept by the
    # template's own bytes (Jinja checks them, and writes each file whole).
    generator.env.bytecode_cache = compiled_templates(
        state.store.root, generator.settings.get("JINJA_ENVIRONMENT") or {}
    )
    # Jinja looked at each template file's time on every use, an {% include %}
    # in a loop included (20,000 times in a 1,000-post build); a build never
    # sees a template change halfway (a change is a new build).
    generator.env.auto_reload = False
    if not state.parse_hooks:  # once a build: each post's pictures start as it is read
        state.parse_hooks.append(partial(start_pictures, state, generator.settings))
    bind_reader(generator, state)
    if isinstance(generator, ArticlesGenerator):  # the first to read: parse ahead
        parse_ahead(state, sources_to_read(generator))
    give_templates_the_conventions(generator.context, state.conventions)
    generator.context[SITE_BRAND] = state.site.brand
    give_templates_the_form(generator)
    give_templates_the_desk(generator.context, state)


class _KeptTemplates(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates; one it cannot write is no error."""

    def dump_bytecode(self, bucket) -> None:
        """Keep a compiled template, if the cache folder takes it."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def compiled_templates(cache: Path, options: dict) -> FileSystemBytecodeCache | None:
    """The cache of compiled templates under cache (None: compile every time).

    Jinja knows a compiled template by its name and its bytes, not by the
    options it was compiled with (trim_blocks, extensions): those, and Jinja's
    version, name the folder.
    """
    made_with = repr(sorted(options.items(), key=lambda item: str(item[0])))
    folder = cache / JINJA_CACHE / digest(made_with, jinja2.__version__)[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _KeptTemplates(str(folder))


def sources_to_read(generator) -> list[Path]:
    """The posts and pages Pelican will read, as its generators list them."""
    settings = generator.settings
    found = []
    for paths, excludes in (
        ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
        ("PAGE_PATHS", "PAGE_EXCLUDES"),
    ):
        for name in generator.get_files(settings[paths], exclude=settings[excludes]):
            if name.rsplit(".", 1)[-1] in CharityReader.file_extensions:
                found.append(Path(generator.path) / name)
    return found


def enrich_safely(instance) -> None:
    """Display values for a post; a failure is one line, not a stopped build."""
    try:
        enrich(instance)
    except Exception as exc:
        context = getattr(instance, "_context", None)
        if context is None:
            raise
        state = state_of(context, instance.settings)
        path = str(getattr(instance, "relative_source_path", "") or "?")
        state.report(internal_problem(path, "prepared", exc))


def check_addresses(generator) -> None:
    """Leave out posts whose address cannot be written, before they are listed."""
    state = state_of(generator.context, generator.settings)
    drop_taken_addresses(generator, state)
    drop_links_outside(generator.context, state)


def place_extra(generator) -> None:
    """Files in content/extra/ go to the site root (never over the site's own)."""
    place_extra_files(generator, state_of(generator.context, generator.settings))


def after_reading(generators: list) -> None:
    """Rules across files, then pictures, then the report of everything read."""
    first = generators[0]
    state = state_of(first.context, first.settings)
    save_parses(state)
    run_cross_file_rules(generators, state)
    collect_redirects(generators, state)
    process_images(generators, state)
    report(state, final=False)
    # Every problem a post's page can show is known now: a preview's banners.
    attach_problems(generators, state)


class FinishGenerator(Generator):
    """The last of the site's steps: preview clean-up and the final report.

    A generator, because generate_output() is the one place Pelican hands a
    plugin its writer, after every page is rendered.
    """

    def generate_context(self) -> None:
        """Nothing to read."""

    def generate_output(self, writer) -> None:
        """Remove the pages no post makes any more; report what rendering found."""
        state: BuildState = state_of(self.context, self.settings)
        if isinstance(writer, SiteWriter):
            static = {str(s.save_as) for s in self.context.get("staticfiles", [])}
            writer.finish(static)
        report(state, final=True)
        remember_report(state, self.context, Path(self.output_path))


def compress_published(pelican) -> None:
    """A publish's text files get .gz and .br siblings (a preview's never do)."""
    if site_settings(pelican.settings).mode is Mode.PUBLISH:
        cache = cache_root(pelican.settings) / CACHE_KIND
        # The unchanged pages' forms came with them from the live site.
        precompress(Path(pelican.output_path), cache=cache, keep_existing=True)


def site_generators(pelican) -> list:
    """The site's own generators, in the order they run."""
    # The desk after every page (it lists what was built and what was not), and
    # only in a preview: a publish or a check never has it. Hosting last of the
    # writers: its header file lists the feeds, pictures and the editor's files
    # (the editor at /admin/ gets its own policy there).
    preview = site_settings(pelican.settings).mode is Mode.PREVIEW
    desk = [DeskGenerator] if preview else []
    return [
        *([CardsGenerator] if cards_available() else []),
        FeedsGenerator,
        RedirectsGenerator,
        digest_generator(pelican),
        EventsGenerator,
        SitemapGenerator,
        *desk,
        *([CmsGenerator] if editor_available() else []),
        HostingGenerator,
        FinishGenerator,
    ]


def register() -> None:
    """Connect every step to Pelican's signals, in pipeline order."""
    # initialized: settings are final and nothing is read yet.
    signals.initialized.connect(validate_settings)
    # readers_init: before any file is read, Markdown goes to our reader.
    signals.readers_init.connect(use_charity_reader)
    # generator_init: each generator, as it starts, joins this build's state.
    signals.generator_init.connect(start_build)
    # content_object_init: each post, once made, keeps its addresses (each is
    # asked for forty times), then gets its display values.
    signals.content_object_init.connect(addresses_once)
    signals.content_object_init.connect(enrich_safely)
    # article_generator_pretaxonomy: articles are read, sections and tags not yet
    # counted. First, which are live is decided by the build's clock (Pelican
    # decided by its own); page_generator_finalized: pages are read. Addresses
    # are checked in both, so a post left out appears in no list.
    signals.article_generator_pretaxonomy.connect(schedule_by_the_clock)
    signals.article_generator_pretaxonomy.connect(check_addresses)
    signals.page_generator_finalized.connect(check_addresses)
    # article_generator_finalized: sections are counted; events still to come
    # are listed first.
    signals.article_generator_finalized.connect(order_events)
    signals.article_generator_finalized.connect(give_the_home_page_its_lead)
    # ...then the menu and the sections' intros, from the pages that remain.
    signals.page_generator_finalized.connect(arrange_pages)
    # static_generator_finalized: the files to copy are known, none is copied yet.
    signals.static_generator_finalized.connect(place_extra)
    signals.static_generator_finalized.connect(check_file_kinds)  # pictures, PDFs
    # all_generators_finalized: everything is read, nothing is rendered yet.
    signals.all_generators_finalized.connect(after_reading)
    # get_writer: the writer that leaves out a failing post and keeps unchanged pages.
    signals.get_writer.connect(site_writer)
    # get_generators: feeds, the digest when asked for, the editor at /admin/,
    # the host files, then the finish step.
    signals.get_generators.connect(site_generators)
