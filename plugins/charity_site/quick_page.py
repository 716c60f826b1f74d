"""Pelican glue: the page of one saved post, at once, from the last build's site.

In the preview, a saved post's own page is what the editor is looking at. It
is written first, from the generators of the last complete build (every
address, list and picture as they were) with this one file read again by the
same reader, with the same per-file rules, so its banner shows their
problems. The whole rebuild that follows writes every page again as a fresh
build would, this one included; nothing here is ever the last word.
"""

from __future__ import annotations

from pathlib import Path

from pelican.contents import Article, Page, SkipStub
from pelican.generators import ArticlesGenerator, PagesGenerator

from .build import Mode, state_of
from .desk.model import PROBLEMS_ATTRIBUTE
from .writer.writer import SiteWriter

# Set on a post by the steps after reading (its hero picture's variants, its
# drawn card): kept from the last build while the header says the same.
_FROM_IMAGE = ("hero", "hero_focus")


def _owner(generators: list, path: Path):
    """The generator that read this file last time, and its content object."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator | PagesGenerator):
            for content in generator.context.get("generated_content", {}).values():
                if content is None or Path(content.source_path) != path:
                    continue
                if isinstance(content, SkipStub):
                    return None, None  # not built last time: the rebuild says why
                return generator, content
    return None, None


def write_quick_page(generators: list, path: Path, output: Path) -> str | None:
    """Read path again and write its page; the name written, or None if it has none."""
    generator, old = _owner(generators, path.resolve())
    if generator is None:
        return None  # a new post: the whole rebuild makes its page
    state = state_of(generator.context, generator.settings)
    if state.mode is not Mode.PREVIEW:
        return None
    is_article = isinstance(generator, ArticlesGenerator)
    relative = state.source_of(path)
    before = state.sources.get(relative)
    # What the rules across files found last time stays on the banner until
    # the rebuild finds it again (or not); the per-file rules run afresh.
    across = [
        problem
        for problem in getattr(old, PROBLEMS_ATTRIBUTE, ())
        if before is None or problem not in before.problems
    ]
    # The file as it is now, never bytes the last build read ahead of Pelican.
    state.read_ahead.pop(relative, None)
    hooks, state.parse_hooks = state.parse_hooks, []  # no pictures started here
    try:
        content = generator.readers.read_file(
            base_path=generator.path,
            path=str(path.relative_to(Path(generator.path).resolve())),
            content_class=Article if is_article else Page,
            context=generator.context,
        )
    finally:
        state.parse_hooks = hooks
    if content.save_as != old.save_as:
        return None  # a new address (a new slug, a status): only the rebuild knows
    same_picture = content.metadata.get("image") == old.metadata.get("image")
    for name, value in vars(old).items():
        if name not in vars(content) and (same_picture or name not in _FROM_IMAGE):
            setattr(content, name, value)
    parsed = state.sources.get(relative)
    found = {*(parsed.problems if parsed else ()), *across}
    setattr(content, PROBLEMS_ATTRIBUTE, tuple(sorted(found)))
    writer = SiteWriter(str(output), settings=generator.settings)
    arguments = {"article": content, "blog": True} if is_article else {"page": content}
    if is_article:
        arguments["category"] = getattr(content, "category", None)
    writer.write_file(
        content.save_as,
        generator.get_template(content.template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        override_output=hasattr(content, "override_save_as"),
        url=content.url,
        **arguments,
    )
    return content.save_as if writer.has_written(content.save_as) else None
