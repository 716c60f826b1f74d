"""Pelican glue: a generator that writes every feed from the content objects.

Pelican's own feeds are switched off in the settings. This generator writes,
under /feeds/, Atom and RSS 2.0 for all posts, each section, tag and author,
JSON Feed 1.1 for all posts, and the /feeds/ page that explains them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pelican.generators import Generator

from ..build import state_of
from ..conventions import Conventions
from ..files.whole import write_bytes_whole
from ..layout import FEEDS_FOLDER
from ..writer.keys import stable_repr
from ..writer.writer import SiteWriter
from .formats import atom_bytes, json_feed_bytes, rss_bytes, with_stylesheet
from .model import Enclosure, Entry, FeedSpec, Identity, care_html, entry_ids
from .text import absolutize_html

# For a feed with no entries (never written for the sample, but kept fixed).
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
STYLESHEET = "theme/feed.xsl"


def feed_path(slug: str, extension: str) -> str:
    """Where a feed lives: feeds/<slug>.<atom.xml|rss.xml|json>."""
    return f"{FEEDS_FOLDER}/{slug}.{extension}"


def _enclosure(article, base: str, output: Path) -> Enclosure | None:
    hero = getattr(article, "hero", None)
    if hero is None:
        return None
    variant = hero.processed.full
    file = output / hero.full_path
    length = file.stat().st_size if file.is_file() else 0
    return Enclosure(
        f"{base}/{hero.full_url}", length, variant.mime, variant.width, variant.height
    )


def _identity(article, base: str) -> Identity:
    guid = article.metadata.get("guid")
    return Identity(
        url=f"{base}/{article.url}",
        path=f"/{article.url}",
        published=article.date.date(),  # the day in the site's time zone
        pinned_id=str(guid).strip() if guid else None,
    )


def _entry(
    article, base: str, output: Path, settings: dict, conventions: Conventions
) -> Entry:
    page_url = f"{base}/{article.url}"
    html = absolutize_html(article.get_content(base), page_url)
    warning = getattr(article, "content_warning", "")
    if warning:
        # Readers and RSS-to-email drop the page around the text: the care goes inside.
        help_url = f"{base}/{settings['GET_HELP_SLUG']}/"
        before, after = care_html(warning, settings["HELPLINES"], help_url)
        html = before + html + after
    section = article.category
    return Entry(
        url=page_url,
        title=article.title,
        # The editor's Summary as plain text (the reader made it so), never
        # Pelican's stand-in from the body: the formats escape it where needed.
        summary=str(article.metadata.get("summary", "")),
        content_html=html,
        published=article.date,
        updated=getattr(article, "modified", None) or article.date,
        authors=tuple(author.name for author in article.authors),
        section=(conventions.label(section.slug), f"{base}/{section.url}"),
        tags=tuple(
            (tag.name, f"{base}/{tag.url}") for tag in getattr(article, "tags", [])
        ),
        image=_enclosure(article, base, output),
    )


class _Specs(Sequence):
    """The feeds' contents, made (and the feeds written) on first use."""

    def __init__(self, make: Callable[[], list[FeedSpec]]) -> None:
        self._make = make
        self._specs: list[FeedSpec] | None = None

    def _all(self) -> list[FeedSpec]:
        if self._specs is None:
            self._specs = self._make()
        return self._specs

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())


@dataclass(frozen=True)
class _Source:
    """One feed before its entries are made: what it is, and its posts."""

    slug: str
    title: str
    description: str
    link: str
    articles: tuple
    kind: str

    def spec(self, entry_for: Callable[[object], Entry]) -> FeedSpec:
        """The feed with its entries."""
        entries = tuple(entry_for(a) for a in self.articles)
        return FeedSpec(
            self.slug, self.title, self.description, self.link, entries, self.kind
        )


class FeedsGenerator(Generator):
    """Writes every feed and the /feeds/ page."""

    def generate_context(self) -> None:
        """Nothing to read: feeds come from the articles the other generators read."""

    def _conventions(self) -> Conventions:
        return state_of(self.context, self.settings).conventions

    def _sources(self, limit: int) -> list[_Source]:
        """Every feed: what it is and the posts it holds (newest first)."""
        site = self.settings["SITENAME"]
        base = state_of(self.context, self.settings).site.feeds.siteurl
        sources = [
            _Source(
                "all",
                f"{site}: all posts",
                self.settings["SITE_DESCRIPTION"],
                f"{base}/",
                tuple(self.context["articles"][:limit]),
                "all",
            )
        ]
        for section, articles in self.context["categories"]:
            name = self._conventions().label(section.slug)
            sources.append(
                _Source(
                    section.slug,
                    f"{site}: {name}",
                    f"{name} from {site}.",
                    f"{base}/{section.url}",
                    tuple(articles[:limit]),
                    "section",
                )
            )
        for tag, articles in sorted(
            self.context["tags"], key=lambda item: item[0].name.lower()
        ):
            sources.append(
                _Source(
                    f"tags/{tag.slug}",
                    f"{site}: #{tag.name}",
                    f"Posts about {tag.name} from {site}.",
                    f"{base}/{tag.url}",
                    tuple(articles[:limit]),
                    "tag",
                )
            )
        for author, articles in self.context["authors"]:
            sources.append(
                _Source(
                    f"authors/{author.slug}",
                    f"{site}: posts by {author.name}",
                    f"Posts by {author.name} for {site}.",
                    f"{base}/{author.url}",
                    tuple(articles[:limit]),
                    "author",
                )
            )
        return sources

    def generate_output(self, writer) -> None:
        """Write Atom, RSS and JSON feeds, then the page that lists them.

        A feed whose posts, settings and code did not change since the last
        build is kept as that build wrote it (copied from the live site in a
        publish); the others are written.
        """
        keeper = writer if isinstance(writer, SiteWriter) else None
        feeds = state_of(self.context, self.settings).site.feeds
        sources = self._sources(feeds.max_items)
        entry_for = self._entries()
        self._write_feeds(keeper, sources, entry_for)
        # The page lists every feed, its title and how many posts it holds.
        summary = [(s.kind, s.slug, s.title, len(s.articles)) for s in sources]
        writer.write_file(
            f"{FEEDS_FOLDER}/index.html",
            self.get_template("feeds"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            # Made only if this page must be rendered again.
            feed_specs=_Specs(lambda: [s.spec(entry_for) for s in sources]),
            page_key=stable_repr(summary),
            page_name="feeds",
            url=f"{FEEDS_FOLDER}/",
        )

    def _entries(self) -> Callable[[object], Entry]:
        """Each post's entry, made once however many feeds hold it."""
        base = state_of(self.context, self.settings).site.feeds.siteurl
        output = Path(self.output_path)
        made: dict[str, Entry] = {}

        def entry_for(article) -> Entry:
            url = f"{base}/{article.url}"
            if url not in made:
                made[url] = _entry(
                    article, base, output, self.settings, self._conventions()
                )
            return made[url]

        return entry_for

    def _write_feeds(
        self,
        keeper: SiteWriter | None,
        sources: list[_Source],
        entry_for: Callable[[object], Entry],
    ) -> None:
        """Write every feed file that is not kept as the last build wrote it."""
        feeds = state_of(self.context, self.settings).site.feeds
        base = feeds.siteurl
        output = Path(self.output_path)
        articles = self.context["articles"]  # published only: no drafts, no future
        ids = entry_ids([_identity(a, base) for a in articles], feeds.id_authority)
        lang = self.settings.get("SITE_LANG", "en-GB")
        site = self.settings["SITENAME"]
        stylesheet = f"{base}/{STYLESHEET}"
        for source in sources:
            names = [
                feed_path(source.slug, "atom.xml"),
                feed_path(source.slug, "rss.xml"),
            ]
            if source.kind == "all":
                names.append(feed_path("all", "json"))
            # A feed is made from its own posts (an entry's id from its post's
            # address and date), the settings, the theme and the code.
            key = (
                keeper.output_key(
                    self.context,
                    "feed",
                    stable_repr(
                        [source.slug, source.title, source.description, source.link]
                    ),
                    *(keeper.content_key(a) for a in source.articles),
                )
                if keeper
                else ""
            )
            if keeper is not None and all(
                [keeper.keep_file(name, key) for name in names]
            ):
                continue
            spec = source.spec(entry_for)
            common = {"lang": lang, "site_name": site}
            atom_url = f"{base}/{names[0]}"
            rss_url = f"{base}/{names[1]}"
            atom = atom_bytes(
                spec, ids, feed_url=atom_url, fallback=EMPTY_FEED_DATE, **common
            )
            rss = rss_bytes(
                spec, ids, feed_url=rss_url, fallback=EMPTY_FEED_DATE, **common
            )
            self._write(output / names[0], with_stylesheet(atom, stylesheet))
            self._write(output / names[1], with_stylesheet(rss, stylesheet))
            if source.kind == "all":
                self._write(
                    output / names[2],
                    json_feed_bytes(
                        spec,
                        ids,
                        feed_url=f"{base}/{names[2]}",
                        lang=lang,
                        site_name=site,
                        home_url=f"{base}/",
                    ),
                )
            if keeper is not None:
                keeper.record_files(names, key)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        write_bytes_whole(path, data)  # a reader never gets half a feed
