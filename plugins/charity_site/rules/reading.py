"""The one parse of one source file, with the per-file rules run on it. Pure.

A source is decoded, its header read (with the line of every key), its body
turned into HTML by one Markdown instance, sanitised, and the pictures and
links of that HTML noted with their lines. The per-file rules then run on
exactly that. The result is what the cache keeps (parse_cached, keyed by the
bytes, the checks' settings, Markdown's options, the code and the libraries),
so nothing later reads the file again.
"""

from __future__ import annotations

from ..build import PARSED, BuildState
from ..cache import code_fingerprint, digest
from ..problems import Problem
from ..source.header import Header, parse_header, source_lines
from ..source.parse import MarkdownConverter, ParsedSource
from ..source.reading_time import word_count
from ..source.references import find_references
from ..source.sanitise import sanitise
from .per_file import (
    HEADER_RULES,
    PER_FILE_RULES,
    WAIT_FOR_PUBLISHING,
    Post,
    check_limits,
    decode,
    run_rules,
)
from .settings import CheckSettings


def parse_source(
    path: str, data: bytes, converter: MarkdownConverter, settings: CheckSettings
) -> ParsedSource:
    """Parse one source's bytes once and run the per-file rules on the result."""
    text, problems = decode(path, data)
    if text is None:
        return ParsedSource(path, Header(), "", (), (), (), tuple(problems))
    header = parse_header(text)
    lines = source_lines(text)
    too_big = check_limits(path, lines, header.body_line)
    if too_big:  # never handed to Markdown: it would take minutes
        # The rules of the header still run (their work does not grow with the
        # text): every problem of the post is told at once, not one by one.
        post = Post(path, text, header, settings)
        found = _for_status(header, run_rules(post, HEADER_RULES))
        problems = sorted(problems + too_big + found, key=lambda p: (p.line, p.rule))
        return ParsedSource(path, header, "", (), (), (), tuple(problems))
    body = "\n".join(lines[header.body_line - 1 :])
    html, hashtags = converter.convert(body)
    html, removals = sanitise(html, lines, header.body_line)
    problems += [
        Problem(
            path,
            removal.line,
            "error",
            "unsafe-html",
            f"{removal.what} is not allowed in a post, so it was left out",
            "remove it from the text (to show a video, embed it as docs/writing.md "
            "shows)",
        )
        for removal in removals
    ]
    pictures, links = find_references(html, lines, header.body_line)
    post = Post(path, text, header, settings, pictures, links)
    # Every rule, whatever else is wrong: a post that cannot be built (a bad
    # Status, say) still shows all it needs fixing, not one problem at a time.
    problems += _for_status(header, run_rules(post, PER_FILE_RULES))
    problems.sort(key=lambda p: (p.line, p.rule))
    # Counted here, where a cold build parses on every core and the cache keeps
    # the count: the reading time shown on every card.
    words = word_count(html)
    return ParsedSource(
        path, header, html, hashtags, pictures, links, tuple(problems), words
    )


def _for_status(header: Header, found: list[Problem]) -> list[Problem]:
    """The problems due now: a draft's missing Summary or Consent waits."""
    if header.value("Status").strip().lower() == "draft":
        # A draft is work in progress: what it still lacks is due when it is
        # published (the Status line removed), not while it is being written.
        return [p for p in found if p.rule not in WAIT_FOR_PUBLISHING]
    return found


def parse_cached(
    state: BuildState, path: str, data: bytes, converter: MarkdownConverter
) -> ParsedSource:
    """The parse of one source: from the cache when these bytes were seen."""
    key = parse_key(state, path, data)
    cached = earlier_parses(state).get(key)
    if isinstance(cached, ParsedSource) and cached.path == path:
        parsed = cached
    else:
        parsed = parse_source(path, data, converter, state.checks)
    state.used_parses[key] = parsed
    state.sources[path] = parsed
    return parsed


def parse_key(state: BuildState, path: str, data: bytes) -> str:
    """The cache key of one source's parse: its bytes, the settings, the code."""
    if not state.parse_fingerprint:
        state.parse_fingerprint = digest(
            state.checks.cache_key(),
            repr(sorted(state.markdown_options.items(), key=str)),
            code_fingerprint(),
        )
    return digest(state.parse_fingerprint, path, data)


def earlier_parses(state: BuildState) -> dict[str, ParsedSource]:
    """The last build's parses by key (loaded once a build)."""
    if state.earlier_parses is None:
        loaded = state.store.load(PARSED, _pack_key(state))
        state.earlier_parses = loaded if isinstance(loaded, dict) else {}
    return state.earlier_parses


def save_parses(state: BuildState) -> None:
    """Keep this build's parses for the next (one file: one read, one write).

    Only the entries this build used are kept, so the cache never grows
    with posts long deleted; an entry is found again only by its key.
    """
    if state.used_parses:
        state.store.save(PARSED, _pack_key(state), dict(state.used_parses))


def _pack_key(state: BuildState) -> str:
    return digest(str(state.content_root))
