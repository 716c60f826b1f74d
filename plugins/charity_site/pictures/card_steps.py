"""Pelican glue: a drawn link-preview card for every page without a picture.

Each card's file name is a hash of what it shows (title, site name, colour,
logo, font and this code), so it is cached for good by browsers and hosts, and
kept in the build cache: a card is drawn once, then copied. A post's card is
started in a worker as the post is read, so it is drawn while the build reads
and renders; a preview draws posts' cards only with PREVIEW_CARDS.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from pathlib import Path

from pelican.generators import Generator

from ..build import BuildState, Mode, cache_root, state_of
from ..cache import digest, files_digest
from ..files.from_cache import place_from_cache
from ..files.whole import write_bytes_whole
from ..layout import CARDS_FOLDER
from ..lifetime import end_with_parent
from ..problems import Problem, refuse_setting
from ..site_context import SITE_BRAND, SITE_CARD
from ..source.parse import ParsedSource
from ..written import written_content
from .cards import FONTS, SUBSETS, card_text, drawn_card, jpeg, plain_letter

CARDS = CARDS_FOLDER  # the output folder (one immutable-caching rule covers it)
CODE = Path(__file__).with_name("cards.py")


def cards_available() -> bool:
    """True when the vendored font is there to draw cards with."""
    return (FONTS / "unicode.json").is_file() and all(
        (FONTS / file).is_file() for _subset, file in SUBSETS
    )


def check_font(mode: Mode) -> None:
    """A missing card font stops a publish or a check in one line; a preview goes
    on without drawn cards (pages then fall back to a plain link preview)."""
    if cards_available():
        return
    message = (
        f"the link-preview font in {FONTS} is missing: run "
        "`invoke vendor-font --version X.Y.Z` (vendor/atkinson-hyperlegible/README.md)"
    )
    if mode is Mode.PREVIEW:
        print(
            f"warning: {message}; this preview has no drawn link previews", flush=True
        )
        return
    raise refuse_setting(ValueError(message))


def missing_glyphs_problem(path: str, line: int, title: str) -> Problem | None:
    """A warning when the card font cannot draw some of title (never empty boxes)."""
    drawn = card_text(title)
    if not drawn.missing:
        return None
    named = ", ".join(f"{c} (U+{ord(c):04X})" for c in drawn.missing[:5])
    more = len(drawn.missing) - 5
    if more > 0:
        named += f" and {more} more"
    if drawn.text:  # the title is drawn: without an accent or a symbol
        changes = []
        if drawn.unaccented:
            plain = ", ".join(f"{c} as {plain_letter(c)}" for c in drawn.unaccented)
            changes.append(f"draws {plain}")
        left_out = len(drawn.missing) - len(drawn.unaccented)
        if left_out:
            them = "it" if left_out == 1 else "them"
            changes.append(f"leaves {'the others' if changes else them} out")
        shown = " and ".join(changes)
        fix = "nothing to do if that is fine (the page shows the Title as written)"
    else:
        shown = "shows the site's name instead of the title"
        fix = (
            "nothing to do if that is fine (the page shows the Title as written); "
            "for the title on the card, write it in Latin letters"
        )
    return Problem(
        path,
        line,
        "warning",
        "card-font",
        f"the link-preview card's font has no {named}, so the card {shown}",
        fix,
    )


def _title_line(state: BuildState, path: str) -> int:
    parsed = state.sources.get(path)
    found = parsed.header.get("Title") if parsed else None
    return found.line if found else 1


def logo_png(svg: Path, size: int = 176) -> bytes:
    """The brand's SVG logo drawn as a PNG for the cards."""
    import resvg_py

    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg.read_text(encoding="utf-8"),
            width=size,
            height=size,
            skip_system_fonts=True,
        )
    )


# A drawing job: the brand once, then (title, where in the cache) for each card.
Batch = tuple[str, str, bytes, tuple[tuple[str, str], ...]]
BATCH = 8  # cards a worker draws per task: fewer, larger messages


def _draw(batch: Batch) -> None:
    """Draw a batch of cards into the cache (in a worker, or here)."""
    site_name, colour, logo, cards = batch
    for title, target in cards:
        write_bytes_whole(
            Path(target), jpeg(drawn_card(title, site_name, colour, logo))
        )


class CardDrawing:
    """Every drawn card of one build: named, then drawn in the background.

    Cards start as posts are read (a card depends only on its title and the
    brand), on the cores the reading leaves free; the cards step then draws
    what no worker has started yet itself and waits for the rest.
    """

    def __init__(
        self, site_name: str, colour: str, logo: bytes, kept: Path, fixed: str
    ) -> None:
        self.site_name, self.colour, self.logo = site_name, colour, logo
        self.kept = kept  # the cache folder: each card under its whole hash
        self._fixed = fixed  # the font files and this code
        self._started: set[str] = set()
        self._waiting: list[tuple[str, str]] = []
        self._running: list[tuple[Future, Batch]] = []
        self._pool: ProcessPoolExecutor | None = None

    def key(self, title: str) -> str:
        """The hash of everything a card shows: its file name."""
        return digest(title, self.site_name, self.colour, self.logo, self._fixed)

    def start(self, title: str) -> str:
        """Start drawing the card of title unless it is kept; its key."""
        key = self.key(title)
        if key in self._started:
            return key
        self._started.add(key)
        target = self.kept / f"{key}.jpg"
        if not target.is_file():
            self._waiting.append((title, str(target)))
            if len(self._waiting) >= BATCH:
                self._submit()
        return key

    def _batch(self, cards: list[tuple[str, str]]) -> Batch:
        return (self.site_name, self.colour, self.logo, tuple(cards))

    def _submit(self) -> None:
        batch, self._waiting = self._batch(self._waiting), []
        if self._pool is None:
            # One core stays the build's: it is still reading and rendering.
            workers = max(1, (os.cpu_count() or 1) - 1)
            self._pool = ProcessPoolExecutor(workers, initializer=end_with_parent)
        self._running.append((self._pool.submit(_draw, batch), batch))

    def finish(self) -> None:
        """Every started card drawn: what no worker took is drawn here."""
        here = list(self._waiting)
        self._waiting = []
        for future, batch in self._running:
            if future.cancel():  # not started yet: this core is free now
                here += batch[3]
        try:
            for index in range(0, len(here), BATCH):
                _draw(self._batch(here[index : index + BATCH]))
            for future, _batch in self._running:
                if not future.cancelled():
                    future.result()  # a worker's failure is the build's
        finally:
            self._running = []
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None


def _start_card(drawing: CardDrawing, strict: bool, parsed: ParsedSource) -> None:
    """A parse hook: start the card of a post that will have one."""
    header = parsed.header
    if header.value("Image"):
        return  # a hero's card is made from the picture (pictures/pipeline.py)
    if strict and header.value("Status").lower() == "draft":
        return  # never drawn where it is never written (a future post may be)
    title = header.value("Title")
    if title:
        drawing.start(title)


class CardsGenerator(Generator):
    """Gives each post and page with no picture a card, and the site one card.

    Each post's card is started as the post is read (see start_drawing); a
    preview draws them only with PREVIEW_CARDS, and its pages then show the
    site's card.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Pelican makes every generator before any reads: the readers' generators
        # have started this build (and its pictures' hook) by now.
        self._drawing = start_drawing(self.context, self.settings)

    def generate_context(self) -> None:
        """Name every card now, so the pages can point at them when written."""
        drawing = self._drawing
        state = state_of(self.context, self.settings)
        post_cards = state.site is None or state.site.post_cards
        self._names: dict[str, str] = {}  # the card's address: its key
        # Drafts only where drafts are written: never a draft's title in a publish.
        for content in written_content(self.context):
            if not content.metadata.get("image"):  # heroes come later
                title = str(content.title)
                if post_cards:
                    content.card_path = self._name(drawing.start(title))
                path = state.source_of(content.source_path)
                problem = missing_glyphs_problem(path, _title_line(state, path), title)
                if problem:
                    state.report(problem)
        site_name = drawing.site_name
        description = str(self.settings.get("SITE_DESCRIPTION", "") or site_name)
        self.context[SITE_CARD] = self._name(drawing.start(description))

    def _name(self, key: str) -> str:
        name = f"{CARDS}/{key[:16]}.jpg"
        self._names[name] = key
        return name

    def generate_output(self, writer) -> None:
        """Copy each card from the cache, once every one is drawn."""
        kept = self._drawing.kept
        self._drawing.finish()
        if state_of(self.context, self.settings).mode is Mode.PUBLISH:
            # The cache keeps what the published site uses: a renamed post's old
            # card goes, and so does one started for a post left unwritten (a
            # future date). A preview's drafts are drawn again when next needed.
            used = {f"{key}.jpg" for key in self._names.values()}
            for old in kept.glob("*.jpg"):
                if old.name not in used:
                    old.unlink(missing_ok=True)
        output = Path(self.output_path)
        for folder in {(output / name).parent for name in self._names}:
            folder.mkdir(parents=True, exist_ok=True)
        for name, key in self._names.items():
            place_from_cache(kept / f"{key}.jpg", output / name)
        if hasattr(writer, "record_files"):
            # In a preview's record, so a card no page uses any more (a title
            # changed) is removed from the folder as a page no post makes is.
            for name, key in self._names.items():
                writer.record_files([name], writer.corpus_key(self.context, key))


def start_drawing(context: dict, settings: dict) -> CardDrawing:
    """This build's card drawing; in a build that draws posts' cards, each
    post's starts as it is read (a hook on the reader's parse)."""
    state = state_of(context, settings)
    brand = state.site.brand if state.site else context[SITE_BRAND]
    drawing = CardDrawing(
        str(settings.get("SITENAME", "")),
        brand.primary,
        logo_png(brand.logo),
        cache_root(settings) / CARDS,
        files_digest([CODE, *sorted(FONTS.glob("*.woff")), FONTS / "unicode.json"]),
    )
    if state.site is None or state.site.post_cards:
        state.parse_hooks.append(partial(_start_card, drawing, state.mode.strict))
    return drawing
