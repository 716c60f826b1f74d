"""Pelican glue: a drawn link-preview card for every page without a picture.

Each card's file name is a hash of what it shows (title, site name, colour,
logo, font and this code), so it is cached for good by browsers and hosts, and
kept in the build cache: a card is drawn once, then copied.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pelican.generators import Generator

from ..build import BuildState, Mode, cache_root, state_of
from ..cache import digest, files_digest
from ..files.whole import write_bytes_whole
from ..layout import CARDS_FOLDER
from ..lifetime import end_with_parent
from ..problems import Problem, refuse_setting
from ..site_context import SITE_BRAND, SITE_CARD
from ..written import written_content
from .cards import FONTS, SUBSETS, card_text, drawn_card, jpeg, plain_letter

CARDS = CARDS_FOLDER  # the output folder (one immutable-caching rule covers it)
QUALITY = 85
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


def _draw(job: tuple[str, str, str, bytes, str]) -> None:
    title, site_name, colour, logo_png, target = job
    card = drawn_card(title, site_name, colour, logo_png)
    write_bytes_whole(Path(target), jpeg(card, QUALITY))


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


class CardsGenerator(Generator):
    """Gives each post and page with no picture a card, and the site one card."""

    def generate_context(self) -> None:
        """Name every card now, so the pages can point at them when written."""
        brand = self.context[SITE_BRAND]
        site_name = str(self.settings.get("SITENAME", ""))
        self._logo = logo_png(brand.logo)
        self._fixed = files_digest(
            [CODE, *sorted(FONTS.glob("*.woff")), FONTS / "unicode.json"]
        )
        self._jobs: dict[str, tuple[str, str, str, bytes, str]] = {}
        state = state_of(self.context, self.settings)
        # Drafts only where drafts are written: never a draft's title in a publish.
        for content in written_content(self.context):
            if not content.metadata.get("image"):  # heroes come later
                title = str(content.title)
                content.card_path = self._name(title, site_name, brand)
                path = state.source_of(content.source_path)
                problem = missing_glyphs_problem(path, _title_line(state, path), title)
                if problem:
                    state.report(problem)
        description = str(self.settings.get("SITE_DESCRIPTION", "") or site_name)
        self.context[SITE_CARD] = self._name(description, site_name, brand)

    def _name(self, title: str, site_name: str, brand) -> str:
        key = digest(title, site_name, brand.primary, self._logo, self._fixed)
        name = f"{CARDS}/{key[:16]}.jpg"
        self._jobs[name] = (title, site_name, brand.primary, self._logo, key)
        return name

    def generate_output(self, writer) -> None:
        """Copy each card from the cache, drawing the ones not there yet."""
        kept = cache_root(self.settings) / CARDS
        missing = [
            (title, site, colour, logo, str(kept / f"{key}.jpg"))
            for title, site, colour, logo, key in self._jobs.values()
            if not (kept / f"{key}.jpg").is_file()
        ]
        workers = os.cpu_count() or 1
        if len(missing) > 20 and workers > 1:
            with ProcessPoolExecutor(workers, initializer=end_with_parent) as pool:
                list(pool.map(_draw, missing, chunksize=8))
        else:
            for job in missing:
                _draw(job)
        if state_of(self.context, self.settings).mode is Mode.PUBLISH:
            # The cache keeps what the published site uses: a renamed post's old
            # card goes (a preview's drafts are drawn again when next needed).
            used = {f"{key}.jpg" for *_rest, key in self._jobs.values()}
            for old in kept.glob("*.jpg"):
                if old.name not in used:
                    old.unlink(missing_ok=True)
        output = Path(self.output_path)
        for name, (*_rest, key) in self._jobs.items():
            target = output / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(kept / f"{key}.jpg", target)
