"""Parsing ahead on every core: what it parses is what the reader would; a post
whose parse fails in a worker is left to the reader (one line, not a traceback)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from charity_site.build import BuildState
from charity_site.cache import Store
from charity_site.rules import parse_ahead as ahead
from charity_site.rules.reading import earlier_parses, parse_key, parse_source
from charity_site.rules.settings import CheckSettings
from charity_site.source.parse import MarkdownConverter

POST = "Title: Post {n}\nDate: 2025-05-01\nSummary: A post.\n\nBody of post {n}.\n"
COUNT = ahead.WORTH_A_POOL + 5


def state_for(root: Path, tmp_path: Path) -> BuildState:
    """A build's state with only what parsing reads (as a unit test makes one)."""
    return BuildState(
        content_root=root.resolve(),
        conventions=None,  # type: ignore[arg-type]
        checks=CheckSettings(),
        mode=None,  # type: ignore[arg-type]
        store=Store(tmp_path / "cache"),
        markdown_options={"output_format": "html5"},
    )


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    root = tmp_path / "content" / "news"
    root.mkdir(parents=True)
    found = []
    for n in range(COUNT):
        path = root / f"post-{n}.md"
        path.write_text(POST.format(n=n), encoding="utf-8")
        found.append(path)
    return found


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no pool is made")
def test_each_source_is_parsed_ahead_as_the_reader_would(sources, tmp_path):
    state = state_for(tmp_path / "content", tmp_path)
    assert ahead.parse_ahead(state, sources) == COUNT
    converter = MarkdownConverter(state.markdown_options)
    for source in sources:
        path = state.source_of(source)
        data = state.read_ahead[path]
        assert data == source.read_bytes()
        parsed = earlier_parses(state)[parse_key(state, path, data)]
        assert parsed == parse_source(path, data, converter, state.checks)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no pool is made")
def test_a_parse_that_fails_in_a_worker_is_left_to_the_reader(
    sources, tmp_path, monkeypatch
):
    def fails_on_post_3(path, data, converter, checks):
        if path.endswith("post-3.md"):
            raise RuntimeError("a post no parse survives")
        return parse_source(path, data, converter, checks)

    # The workers are forked from this process, so they parse with this.
    monkeypatch.setattr(ahead, "parse_source", fails_on_post_3)
    state = state_for(tmp_path / "content", tmp_path)
    done = ahead.parse_ahead(state, sources)
    assert done == COUNT - ahead._BATCH  # the failing post's batch is left out
    known = earlier_parses(state)
    for source in sources:
        path = state.source_of(source)
        key = parse_key(state, path, state.read_ahead[path])
        assert (key in known) == (
            source.name not in {f"post-{n}.md" for n in range(ahead._BATCH)}
        )
