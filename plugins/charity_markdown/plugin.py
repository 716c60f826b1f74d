"""Pelican glue: how Markdown posts are read.

The reader skips, quietly, a post the content checks say cannot be built (the
checks report it in one line), turns hashtag lines into tag links (adding those
tags to the post so every link has a tag page) and renumbers body headings so
the title stays the page's only <h1>.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown import Markdown
from pelican import signals
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader
from pelican.utils import pelican_open

from charity_checks.rules import BUILD_RULES, blocks_build, check_source
from charity_checks.settings import CheckSettings, read_check_settings
from charity_checks.site import address_taken

from .hashtags import HashtagExtension
from .headings import HeadingLevelExtension
from .typography import TypographyExtension

HTML_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)


class CharityMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, plus hashtag lines and skipping broken posts.

    One Markdown instance serves every file this reader reads (reset between
    files): building one, with its extensions, costs more than converting a post.
    """

    _shared: Markdown | None = None
    _check_settings: CheckSettings | None = None

    def _markdown(self) -> Markdown:
        if self._shared is None:
            options = dict(self.settings["MARKDOWN"])
            extensions = [
                HashtagExtension(),
                HeadingLevelExtension(),
                TypographyExtension(),
            ]
            options["extensions"] = [*options.get("extensions", []), *extensions]
            self._shared = Markdown(**options)
        self._shared.reset()
        return self._shared

    def read(self, source_path):  # Pelican's reader interface
        path = Path(source_path)
        try:
            relative = path.relative_to(Path(self.settings["PATH"])).as_posix()
        except ValueError:
            relative = path.name
        if self._check_settings is None:
            self._check_settings = read_check_settings(self.settings)
        found = check_source(
            relative, path.read_bytes(), BUILD_RULES, settings=self._check_settings
        )
        if blocks_build(found) or address_taken(Path(self.settings["PATH"]), relative):
            # The checks report it once per build; here we only step aside.
            return "", {"status": "skip"}
        self._source_path = source_path
        md = self._markdown()
        with pelican_open(source_path) as text:
            content = md.convert(text)
        # An empty field (`Image:` left blank, as `invoke new` writes) means "not set".
        meta = {k: v for k, v in getattr(md, "Meta", {}).items() if "".join(v).strip()}
        metadata = self._metadata(meta)
        # Notes to self in <!-- comments --> never reach the site.
        content = HTML_COMMENT.sub("", content)
        return content, with_hashtags(metadata, md.hashtags, self.process_metadata)

    def _metadata(self, meta: dict[str, list[str]]) -> dict:
        formatted = self.settings["FORMATTED_FIELDS"]
        if any(name.lower() in formatted for name in meta):
            # Pelican's own path converts those fields with a Markdown instance it
            # changes (it drops the header preprocessor): give it a throwaway one.
            self._md = Markdown(**self.settings["MARKDOWN"])
            return self._parse_metadata(meta)
        output = {}
        for name, values in meta.items():
            key = name.lower()
            single = (
                not DUPLICATES_DEFINITIONS_ALLOWED.get(key, True) or len(values) == 1
            )
            output[key] = self.process_metadata(key, values[0] if single else values)
        return output


def with_hashtags(metadata: dict, hashtags: list[str], process) -> dict:
    """Metadata whose tags include the post's hashtags (no duplicates, any case)."""
    if not hashtags:
        return metadata
    tags = list(metadata.get("tags", []))
    known = {str(tag).lower() for tag in tags}
    extra = [name for name in hashtags if name.lower() not in known]
    if extra:
        tags += process("tags", ", ".join(extra))
    return {**metadata, "tags": tags}


def use_charity_reader(readers) -> None:
    """Read Markdown through the charity reader."""
    for extension in CharityMarkdownReader.file_extensions:
        readers.reader_classes[extension] = CharityMarkdownReader


def register() -> None:
    """Connect the reader to Pelican's signals."""
    # readers_init: swap in the reader before any file is read.
    signals.readers_init.connect(use_charity_reader)
