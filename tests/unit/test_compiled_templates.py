"""Compiled templates are kept, by the options they were compiled with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from charity_site.plugin import JINJA_CACHE, compiled_templates

TEMPLATE = "{% for x in items %}\n  <li>{{ x }}</li>\n{% endfor %}"


def render(cache: Path, options: dict, source: str = TEMPLATE) -> str:
    bytecode = compiled_templates(cache, options)
    assert bytecode is not None
    env = Environment(loader=DictLoader({"t.html": source}), autoescape=True, **options)
    env.bytecode_cache = bytecode
    return env.get_template("t.html").render(items=[1, 2])


def test_a_template_is_compiled_once_and_options_name_their_own_folder(
    tmp_path: Path,
) -> None:
    plain = render(tmp_path, {})
    assert len(list(tmp_path.rglob("__jinja2_*"))) == 1
    assert render(tmp_path, {}) == plain  # from the cache
    trimmed = render(tmp_path, {"trim_blocks": True, "lstrip_blocks": True})
    # Same name, same bytes, other options: never the other's compiled code.
    assert trimmed != plain
    assert trimmed == "  <li>1</li>\n  <li>2</li>\n"
    assert len(list(tmp_path.rglob("__jinja2_*"))) == 2
    assert render(tmp_path, {}, "changed {{ items }}") == "changed [1, 2]"


def test_a_cache_that_cannot_be_written_compiles_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert compiled_templates(blocker, {}) is None
    cache = compiled_templates(tmp_path, {})
    assert cache is not None
    shutil.rmtree(tmp_path / JINJA_CACHE)  # gone after it was made: no error
    env = Environment(loader=DictLoader({"t.html": "{{ 1 + 1 }}"}), autoescape=True)
    env.bytecode_cache = cache
    assert env.get_template("t.html").render() == "2"
