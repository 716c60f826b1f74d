"""The site's one Pelican plugin: every step, connected in pipeline order.

    content -> reader (one parse, per-file rules, one cache; it starts each
               post's pictures in a process pool, made while reading goes on)
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

from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from .brand import BrandSettingError, read_brand
from .build import BuildState, Mode, build_mode, cache_root, state_of
from .cms.steps import CmsGenerator, editor_available
from .cms.steps import check_setting as check_cms_setting
from .desk.steps import DeskGenerator, attach_problems, give_templates_the_desk
from .display.steps import enrich, give_the_home_page_its_lead
from .events.steps import EventsGenerator, order_events
from .feeds.generator import FeedsGenerator
from .feeds.generator import check_setting as check_feeds_setting
from .files.kind_steps import check_file_kinds
from .files.steps import drop_links_outside, keep_inside, place_extra_files
from .hosting.precompress import CACHE_KIND, precompress
from .hosting.steps import HostingGenerator
from .menu_steps import arrange_pages
from .newsletter.steps import (
    check_setting as check_newsletter_setting,
)
from .newsletter.steps import (
    digest_generator,
    give_templates_the_form,
)
from .pictures.card_steps import CardsGenerator, cards_available
from .pictures.card_steps import check_font as check_card_font
from .pictures.steps import check_setting as check_images_setting
from .pictures.steps import process_images
from .problems import internal_problem, refuse_setting
from .redirects.steps import RedirectsGenerator, collect_redirects
from .rules.settings import CheckSettingError, read_check_settings
from .rules.steps import drop_taken_addresses, report, run_cross_file_rules
from .site_context import SITE_BRAND, give_templates_the_conventions
from .sitemap.steps import SitemapGenerator
from .source.reader import bind_reader, use_charity_reader
from .writer.writer import SiteWriter, site_writer


def project_root(settings) -> Path:
    """The project folder: where theme/ is (a relative BRAND logo is read from it)."""
    return Path(str(settings["THEME"])).resolve().parent


def validate_settings(pelican) -> None:
    """Every custom setting, checked once before anything is read: one line if wrong."""
    import ipaddress
    from urllib.parse import urlsplit

    # A publish (or a check of one) sends HSTS, so its address must be https: an
    # http address would be refused by every browser that saw the header. Only
    # this computer's own address may be http (browsers ignore HSTS there, and
    # the browser tests and benchmarks serve a publish on it). A preview's
    # addresses are relative and are never checked here.
    if build_mode(pelican.settings).strict:
        siteurl = str(pelican.settings.get("SITEURL") or "")
        try:
            parts = urlsplit(siteurl)
            host, _port = parts.hostname or "", parts.port  # .port checks the number
            plain = not (parts.username or parts.password or parts.query)
        except ValueError:
            parts, host, plain = urlsplit(""), "", False
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        secure = parts.scheme == "https" or (parts.scheme == "http" and loopback)
        if not (secure and host and plain and not parts.fragment):
            raise refuse_setting(
                ValueError(
                    f"SITEURL '{siteurl}' is not an https:// address, and a published "
                    "site sends HSTS: write the site's https address, like "
                    "SITEURL=https://www.example.org.uk (in the environment or "
                    "publishconf.py)"
                )
            ) from None
    try:
        read_check_settings(pelican.settings)
    except CheckSettingError as problem:
        raise refuse_setting(problem) from None
    try:
        read_brand(pelican.settings, project_root(pelican.settings))
    except BrandSettingError as problem:
        raise refuse_setting(problem) from None
    check_images_setting(pelican)
    check_feeds_setting(pelican)
    check_newsletter_setting(pelican)
    check_cms_setting(pelican)
    check_card_font(pelican)
    # finalized: every file is written. Connected here, once every plugin has
    # registered, so the compression runs after any other plugin's last file.
    # Connecting twice is a no-op.
    signals.finalized.connect(compress_published)


def start_build(generator) -> None:
    """This build's state, the reader bound to it, and what templates need."""
    state = state_of(generator.context, generator.settings)
    keep_inside(generator, state)
    bind_reader(generator, state)
    give_templates_the_conventions(generator.context, state.conventions)
    if SITE_BRAND not in generator.context:  # once a build: the context is shared
        generator.context[SITE_BRAND] = read_brand(
            generator.settings, project_root(generator.settings)
        )
    give_templates_the_form(generator)
    give_templates_the_desk(generator.context, state)


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
    state.save_parses()
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


def compress_published(pelican) -> None:
    """A publish's text files get .gz and .br siblings (a preview's never do)."""
    if build_mode(pelican.settings) is Mode.PUBLISH:
        cache = cache_root(pelican.settings) / CACHE_KIND
        precompress(Path(pelican.output_path), cache=cache)


def site_generators(pelican) -> list:
    """The site's own generators, in the order they run."""
    # The desk after every page (it lists what was built and what was not), and
    # only in a preview: a publish or a check never has it. Hosting last of the
    # writers: its header file lists the feeds, pictures and the editor's files
    # (the editor at /admin/ gets its own policy there).
    desk = [DeskGenerator] if build_mode(pelican.settings) is Mode.PREVIEW else []
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
    # content_object_init: each post, once made, gets its display values.
    signals.content_object_init.connect(enrich_safely)
    # article_generator_pretaxonomy: articles are read, sections and tags not yet
    # counted; page_generator_finalized: pages are read. Addresses are checked
    # in both, so a post left out appears in no list.
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
