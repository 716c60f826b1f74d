"""Pelican glue: which articles are live is decided by the build's clock.

With WITH_FUTURE_DATES off, Pelican's Article.__init__ makes a post dated
after `datetime.now(UTC)` (its own clock, read as each post is made) a draft.
The desk, the events, the rules and the digest read the build's one clock
(clock.py), which SITE_NOW can fix: so once every article is read, before
sections and tags are counted (article_generator_pretaxonomy), each article's
status is decided again from that clock, and the generator's lists are made
again the way Pelican makes them (process_translations, then order_content,
both public in pelican.utils). A post Pelican drafted only for its date goes
back to the status its header gives; one it published that is after the
build's now becomes a draft. `tests/build/test_one_clock.py` fails if Pelican
stops drafting future posts in Article.__init__ or stops sending the signal
between its lists and its taxonomies.
"""

from __future__ import annotations

from pelican.utils import order_content, process_translations

from .build import state_of

# Each status a header may give that Pelican lists, and the ArticlesGenerator's
# two lists of it (originals, translations); a 'skip' post is never made.
LISTS = {
    "published": ("articles", "translations"),
    "hidden": ("hidden_articles", "hidden_translations"),
    "draft": ("drafts", "drafts_translations"),
}


def schedule_by_the_clock(generator) -> None:
    """Articles after the build's now wait as drafts; the rest go by their header."""
    if generator.settings.get("WITH_FUTURE_DATES", True):
        return  # future posts are published: nothing waits for its date
    clock = state_of(generator.context, generator.settings).clock
    everything = [
        article
        for originals, translations in LISTS.values()
        for article in (
            *getattr(generator, originals),
            *getattr(generator, translations),
        )
    ]
    changed = False
    for article in everything:
        marked = str(article.metadata.get("status") or article.default_status)
        when = getattr(article, "date", None)
        if marked not in LISTS or when is None:
            continue
        wanted = "draft" if clock.is_future(when) else marked
        if article.status != wanted:
            article.status = wanted
            changed = True
    if not changed:
        return
    settings = generator.settings
    for status, (originals, translations) in LISTS.items():
        chosen = [a for a in everything if a.status == status]
        origs, others = process_translations(
            chosen, translation_id=settings["ARTICLE_TRANSLATION_ID"]
        )
        setattr(
            generator, originals, order_content(origs, settings["ARTICLE_ORDER_BY"])
        )
        setattr(generator, translations, others)
