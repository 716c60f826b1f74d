"""Pelican glue: the one reader of Markdown posts.

It opens each source once, parses it once (header, Markdown, pictures and
links, the per-file rules: see parse.py), through the one cache, and hands
Pelican the HTML and the metadata. A post the rules say cannot be built, or
whose reading fails in any way, is one problem line and is skipped: never a
traceback, never a silent drop.
"""

from __future__ import annotations

from pathlib import Path

from pelican.contents import Author, Tag
from pelican.readers import BaseReader, _filter_discardable_metadata

from ..build import BuildState
from ..problems import Problem, internal_problem
from ..source.parse import MarkdownConverter, ParsedSource
from ..source.reading_time import minutes_for
from .per_file import KNOWN_KEYS, blocks_build, plain_summary
from .reading import parse_cached


class CharityReader(BaseReader):
    """Reads a post once; Pelican's Markdown reader would read the header apart.

    A subclass because no signal can change how a file is read. Pelican's own
    MarkdownReader parses the header with Markdown's meta-data extension, while
    the rules need the line of every key: two parsers that disagree. This one
    parses the header once, with lines, and gives Markdown only the body.
    tests/build/test_pipeline.py fails if Pelican stops calling read() once per
    file or stops honouring the 'skip' status.
    """

    enabled = True
    file_extensions = ("md", "markdown", "mkd", "mdown")
    state: BuildState | None = None  # set per build by bind_reader()

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self._converter: MarkdownConverter | None = None

    def read(self, source_path):  # Pelican's reader interface
        """The HTML and metadata of one post, or a 'skip' status with its problem."""
        state = self.state
        if state is None:  # a reader Pelican made outside a build: nothing to do
            return "", {"status": "skip"}
        relative = state.source_of(source_path)
        try:
            if self._converter is None:
                self._converter = MarkdownConverter(self.settings["MARKDOWN"])
            data = state.read_ahead.pop(relative, None)
            if data is None:
                data = Path(source_path).read_bytes()
            parsed = parse_cached(state, relative, data, self._converter)
            for problem in parsed.problems:
                state.report(problem)
            if blocks_build(parsed.problems):
                # Its tags and authors are still checked (the rest of its
                # metadata cannot be read): every problem is told at once.
                self._check_names(parsed, state)
                state.skip(relative, "it has the errors above")
                return "", {"status": "skip"}
            # What follows each parse (its pictures are started on the other
            # core while the next posts are read): hooks plugin.py installed.
            for hook in state.parse_hooks:
                hook(parsed)
            return parsed.html, self._metadata(parsed, state)
        except Exception as exc:
            state.report(internal_problem(relative, "read", exc))
            state.skip(relative, "it could not be read")
            return "", {"status": "skip"}

    def _check_names(self, parsed: ParsedSource, state: BuildState) -> None:
        """Report the tags and authors of a post that is not built that would have
        no address (as _metadata does for one that is)."""
        for key in ("Tags", "Authors"):
            value = parsed.header.value(key).strip()
            items = self.process_metadata(key.lower(), value) if value else []
            if isinstance(items, list):  # not Pelican's mark for "empty"
                _with_slugs(items, parsed, key, state)

    def _metadata(self, parsed: ParsedSource, state: BuildState) -> dict:
        """Pelican's metadata from our header: the last value of each key wins."""
        metadata = {}
        for key, found in parsed.header.fields.items():
            value = found.value.strip()
            # Only the content contract's keys reach Pelican: an unknown one (a
            # `Slug:` or `Save_as:` that would move the page) is reported by the
            # rules and has no effect. An empty field means "not set".
            if value and key in KNOWN_KEYS:
                metadata[key] = self.process_metadata(key, value)
        # Pelican's processors mark what is empty once processed ('Tags: ,,').
        metadata = _filter_discardable_metadata(metadata)
        # The Summary is plain text wherever it is shown, read here once; never
        # Pelican's stand-in for a missing one (the body's first words, as HTML).
        metadata["summary"] = plain_summary(str(metadata.get("summary", "")))
        tags = list(metadata.get("tags", []))
        known = {tag.slug for tag in tags}
        for name in parsed.hashtags:
            tag = Tag(name, self.settings)
            if tag.slug not in known:
                known.add(tag.slug)
                tags.append(tag)
        if tags or "tags" in metadata:
            metadata["tags"] = _with_slugs(tags, parsed, "Tags", state)
        # The topics the text already links in its hashtag line: the page lists
        # only the others under "Topics", so no topic is shown twice.
        metadata["inline_tags"] = tuple(
            Tag(name, self.settings).slug for name in parsed.hashtags
        )
        if "authors" in metadata:
            authors = _with_slugs(metadata.pop("authors"), parsed, "Authors", state)
            if authors:  # none left: the site's default author, as with no line
                metadata["authors"] = authors
        # Counted by the parse (never a header field: those not in the contract
        # are dropped above); Pelican makes it the post's reading_minutes.
        metadata["reading_minutes"] = minutes_for(parsed.words)
        return metadata


def _with_slugs(
    items: list[Tag | Author], parsed: ParsedSource, key: str, state: BuildState
) -> list:
    """Tags or authors Pelican can make an address for; one line for each other."""
    kept = []
    seen: set[str] = set()
    field = parsed.header.get(key)
    for item in items:
        if item.slug in seen:
            continue  # 'Café' and 'cafe' are one tag, at one address
        if item.slug:
            seen.add(item.slug)
            kept.append(item)
            continue
        state.report(
            Problem(
                parsed.path,
                field.line if field else parsed.header.body_line,
                "error",
                "bad-slug",
                f"the {key[:-1].lower()} '{item.name}' has no letters or digits the "
                "site can make an address from",
                "use words with letters or digits (it is left out until then)",
            )
        )
    return kept


def use_charity_reader(readers) -> None:
    """Read Markdown through the charity reader (Pelican asks once per generator)."""
    for extension in CharityReader.file_extensions:
        readers.reader_classes[extension] = CharityReader


def bind_reader(generator, state: BuildState) -> None:
    """Give this generator's reader this build's state."""
    for extension in CharityReader.file_extensions:
        reader = generator.readers.readers.get(extension)
        if isinstance(reader, CharityReader):
            reader.state = state
