"""Pelican glue for the preview desk: banners, stand-in pages and /_desk/.

Everything here runs in a preview only (build.Mode.PREVIEW): a publish or a
check never gets the template value, the problems on posts, the stand-ins, the
desk or its stylesheet. Any failure here is one problem line; a preview goes on.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import datetime
from pathlib import Path, PurePosixPath

from pelican.generators import Generator
from pelican.urlwrappers import Category
from pelican.utils import slugify

from ..build import BuildState, Mode, state_of
from ..cache import digest
from ..dates import parse_header_date
from ..files.whole import write_bytes_whole
from ..problems import Problem
from ..rules.cross_file import ADDRESS_RULES
from ..site_context import PREVIEW_DESK
from ..source.header import Header
from .model import (
    DESK_PAGE,
    PROBLEMS_ATTRIBUTE,
    STYLESHEET,
    AddressPatterns,
    Desk,
    DeskLinks,
    ReviewDue,
    StandIn,
    Waiting,
    file_entries,
    is_draft,
    make_desk,
    problems_by_file,
    review_due,
    stand_in_save_as,
)

# The stylesheet banners and the desk use, in the theme but outside static/, so
# Pelican never copies it into a publish.
PREVIEW_CSS = Path("preview") / "preview.css"
_DRAFT_LISTS = ("drafts", "draft_pages")


def give_templates_the_desk(
    context: MutableMapping[str, object], state: BuildState
) -> None:
    """In a preview, tell every template where the desk and its stylesheet are."""
    if state.mode is Mode.PREVIEW:
        context[PREVIEW_DESK] = DeskLinks()
    else:
        context.pop(PREVIEW_DESK, None)  # a live reload never carries it over


def _failed(state: BuildState, path: str, step: str, exc: BaseException) -> None:
    """One line for a desk step that failed; the preview goes on without it."""
    detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:200]
    state.report(
        Problem(
            path,
            1,
            "warning",
            "preview-desk-failed",
            f"the preview could not {step} ({detail})",
            "the site itself is not affected; tell the web team and quote this line",
        )
    )


def attach_problems(generators: list, state: BuildState) -> None:
    """Give each post its own problems, for its banner (a preview only)."""
    if state.mode is not Mode.PREVIEW:
        return
    try:
        by_file = problems_by_file(state.problems)
        for content in generators[0].context.get("generated_content", {}).values():
            if content is not None:
                path = state.source_of(content.source_path)
                setattr(content, PROBLEMS_ATTRIBUTE, by_file.get(path, ()))
    except Exception as exc:
        _failed(state, "content", "show problems on pages", exc)


def _patterns(settings) -> AddressPatterns:
    """The address patterns, as the settings give them."""
    return AddressPatterns(
        article=str(settings.get("ARTICLE_SAVE_AS") or ""),
        draft=str(settings.get("DRAFT_SAVE_AS") or ""),
        page=str(settings.get("PAGE_SAVE_AS") or ""),
        draft_page=str(settings.get("DRAFT_PAGE_SAVE_AS") or ""),
    )


def _slug(settings, path: str, title: str) -> str:
    """The slug Pelican would give this file (SLUGIFY_SOURCE, its substitutions)."""
    value = PurePosixPath(path).stem
    if settings.get("SLUGIFY_SOURCE") == "title" and title:
        value = title
    return slugify(
        value,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


class DeskGenerator(Generator):
    """Writes, in a preview, the stand-in pages, the desk and its stylesheet.

    A generator, because generate_output() is where Pelican hands a plugin its
    writer (so these pages join the preview's record and go when they should).
    """

    def generate_context(self) -> None:
        """Nothing to read."""

    def generate_output(self, writer) -> None:
        """Stand-ins first (the desk links to them), then the desk and stylesheet."""
        state = state_of(self.context, self.settings)
        if state.mode is not Mode.PREVIEW:
            return
        # Each step apart: one that fails is one line, and the others still run.
        try:
            found = self._stand_ins(state)
        except Exception as exc:
            found = []
            _failed(state, "content", "list the posts not built", exc)
        stand_ins: dict[str, str] = {}
        for stand_in in found:
            try:
                if self._write_stand_in(writer, stand_in):
                    stand_ins[stand_in.path] = stand_in.url
            except Exception as exc:
                _failed(state, stand_in.path, "write its 'not built' page", exc)
        try:
            self._write_stylesheet(writer)
        except Exception as exc:
            _failed(state, STYLESHEET, "write the preview stylesheet", exc)
        try:
            desk = self._desk(state, stand_ins)
            writer.write_file(
                DESK_PAGE,
                self.get_template("desk"),
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", False),
                desk=desk,
                # What the page shows, for the preview writer's record.
                desk_key=digest(repr(desk)),
            )
        except Exception as exc:
            _failed(state, DESK_PAGE, "write the desk page", exc)

    def _stand_ins(self, state: BuildState) -> list[StandIn]:
        """The posts not built that still have an address of their own."""
        by_file = problems_by_file(state.problems)
        made = self.context.get("generated_content", {})
        taken = {str(c.save_as) for c in made.values() if c is not None and c.save_as}
        found = []
        for path, why in sorted(state.not_built.items()):
            problems = by_file.get(path, ())
            if any(p.rule in ADDRESS_RULES for p in problems):
                continue  # its address is the problem: another page is there
            try:
                parsed = state.sources.get(path)
                header = parsed.header if parsed else None
                title = (header.value("Title") if header else "").strip()
                content = made.get(path)
                if content is not None and content.save_as:
                    # Pelican made it and its page failed: Pelican's own address.
                    save_as, draft = str(content.save_as), content.status == "draft"
                    taken.discard(save_as)
                else:
                    save_as, draft = self._address(state, path, header, title)
                if not save_as or save_as in taken:
                    continue
                taken.add(save_as)
                found.append(
                    StandIn(path, title or path, why, problems, save_as, draft)
                )
            except Exception as exc:
                _failed(state, path, "work out its address", exc)
        return found

    def _address(
        self, state: BuildState, path: str, header: Header | None, title: str
    ) -> tuple[str | None, bool]:
        """Where Pelican would have written a post it never made, and if a draft."""
        clock = state.clock  # the build's one now, in the site's zone
        now = clock.now
        read = parse_header_date(header.value("Date")) if header else None
        when = clock.local(read) if read else None
        draft = is_draft(header.value("Status") if header else "", when, now)
        folder = path.split("/", 1)[0]
        conventions = state.conventions
        save_as = stand_in_save_as(
            path,
            sections=conventions.section_slugs,
            pages_folder=conventions.pages_folder,
            patterns=_patterns(self.settings),
            slug=_slug(self.settings, path, title),
            category=Category(folder, self.settings).slug,
            when=when or now,
            draft=draft,
        )
        first = (save_as or "").split("/", 1)[0]
        if folder == conventions.pages_folder and first in conventions.reserved:
            return None, draft  # it would stand over an address the site uses
        return save_as, draft

    def _write_stand_in(self, writer, stand_in: StandIn) -> bool:
        """The 'not built' page; False when something else is written there."""
        if getattr(writer, "has_written", lambda name: False)(stand_in.save_as):
            return False
        writer.write_file(
            stand_in.save_as,
            self.get_template("not_built"),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
            stand_in=stand_in,
            desk_key=digest(repr(stand_in)),
        )
        return True

    def _write_stylesheet(self, writer) -> None:
        """The preview's stylesheet: never inlined, so published pages stay light."""
        css = (Path(str(self.settings["THEME"])) / PREVIEW_CSS).read_bytes()
        write_bytes_whole(_ensure_folder(Path(self.output_path) / STYLESHEET), css)
        if hasattr(writer, "record_files"):
            writer.record_files(
                [STYLESHEET], writer.corpus_key(self.context, digest(css))
            )

    def _desk(self, state: BuildState, stand_ins: dict[str, str]) -> Desk:
        """What the desk lists, from this build's content objects and parses."""
        made = self.context.get("generated_content", {})
        built = {
            path: str(content.url)
            for path, content in made.items()
            if content is not None and content.save_as and path not in state.not_built
        }
        waiting = []
        for name in _DRAFT_LISTS:
            for content in self.context.get(name, []):
                path = state.source_of(content.source_path)
                if path not in built:
                    continue
                marked = str(content.metadata.get("status", "")).strip().lower()
                when = getattr(content, "date", None)
                waiting.append(
                    Waiting(
                        path,
                        str(getattr(content, "title", path)),
                        built[path],
                        scheduled=marked != "draft" and name == "drafts",
                        goes_live=when if isinstance(when, datetime) else None,
                    )
                )
        today = state.clock.today
        reviews = []
        for path, parsed in sorted(state.sources.items()):
            due = parse_header_date(parsed.header.value("Review_due"))
            if due is not None and review_due(due.date(), today):
                title = parsed.header.value("Title").strip() or path
                reviews.append(
                    ReviewDue(path, title, built.get(path), due.date(), today)
                )
        files = file_entries(problems_by_file(state.problems), built, stand_ins)
        return make_desk(waiting, files, reviews, today)


def _ensure_folder(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
