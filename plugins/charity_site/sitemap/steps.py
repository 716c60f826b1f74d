"""Pelican glue: write /sitemap.xml from the content objects Pelican made."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from ..files.whole import write_bytes_whole
from ..layout import FEEDS_FOLDER, SITEMAP
from .model import Entry, newest, sitemap_xml


def _changed(content) -> object:
    return getattr(content, "modified", None) or getattr(content, "date", None)


class SitemapGenerator(Generator):
    """Posts, pages and the lists of them; never drafts, intros or redirect pages."""

    def generate_context(self) -> None:
        """Nothing to read: the other generators have made the content."""

    def generate_output(self, writer) -> None:
        """Write sitemap.xml (publish and preview alike; the preview's is relative)."""
        articles = list(self.context.get("articles", []))
        entries = [Entry(a.url, _changed(a)) for a in articles]
        entries += [Entry(p.url, _changed(p)) for p in self.context.get("pages", [])]
        every = newest(_changed(a) for a in articles)
        entries += [Entry("", every), Entry(f"{FEEDS_FOLDER}/", every)]
        for name, save_as in (
            ("tags", "TAGS_SAVE_AS"),
            ("archives", "ARCHIVES_SAVE_AS"),
        ):
            if self.settings.get(save_as):
                entries.append(Entry(f"{name}/", every))
        for key in ("categories", "tags", "authors"):
            for named, posts in self._groups(key):
                if getattr(named, "save_as", ""):
                    entries.append(Entry(named.url, newest(_changed(p) for p in posts)))
        siteurl = str(self.settings.get("SITEURL") or "")
        document = sitemap_xml(siteurl, entries)
        write_bytes_whole(Path(self.output_path) / SITEMAP, document.encode("utf-8"))

    def _groups(self, key: str) -> list:
        value = self.context.get(key, [])
        return list(value.items()) if isinstance(value, dict) else list(value)
