"""Pelican glue: give the templates the sign-up form, and write the digest.

NEWSLETTER is read once, with every custom setting (site_settings.py): a wrong
one is one line. In preview the site still builds, with a link to the
Newsletter page in place of the form; a publish build stops.
"""

from __future__ import annotations

import logging
from pathlib import Path

import css_inline
from pelican.generators import Generator

from ..build import state_of
from ..conventions import Conventions
from ..helplines import helpline_text, in_order
from ..layout import DIGEST_FOLDER
from ..site_context import NEWSLETTER_FORM
from .digest import (
    MAX_EMAIL_BYTES,
    UNSUBSCRIBE_TAGS,
    DigestPost,
    digest_text,
    in_period,
    long_date,
    parse_day,
)

logger = logging.getLogger("pelican.plugins.charity_site.newsletter")


def give_templates_the_form(generator) -> None:
    """Put this build's form (read once at start-up) in the template context."""
    state = state_of(generator.context, generator.settings)
    generator.context[NEWSLETTER_FORM] = state.site.newsletter


def _digest_post(article, siteurl: str, conventions: Conventions) -> DigestPost:
    hero = getattr(article, "hero", None)
    image = None
    if hero is not None:
        # JPEG, not WebP: several mail clients cannot show WebP.
        image = min(hero.processed.fallback, key=lambda v: abs(v.width - 800))
    return DigestPost(
        section=conventions.label(article.category.slug),
        title=article.title,
        url=f"{siteurl}/{article.url}",
        published=article.date.date(),
        summary=article.summary,
        content_warning=getattr(article, "content_warning", ""),
        image_url=f"{siteurl}/{hero.url(image)}" if image else None,
        image_alt=getattr(article, "hero_alt", ""),
        image_width=image.width if image else 0,
        image_height=image.height if image else 0,
    )


class DigestGenerator(Generator):
    """Writes the email digest of a period when DIGEST is set (by `invoke digest`)."""

    def generate_context(self) -> None:
        """Nothing to read: the digest lists the articles already read."""

    def generate_output(self, writer) -> None:
        """Write digest/<since>_<until>.html (CSS inlined) and .txt."""
        period = self.settings["DIGEST"]
        since = parse_day(str(period["since"]), "since")
        state = state_of(self.context, self.settings)
        # `invoke digest` always gives both days; by default, today on the
        # build's clock (the site's zone), never this computer's.
        until = parse_day(str(period.get("until") or state.clock.today), "until")
        siteurl = self.settings["SITEURL"]
        conventions = state.conventions
        posts = in_period(
            (_digest_post(a, siteurl, conventions) for a in self.context["articles"]),
            since,
            until,
        )
        form = state.site.newsletter
        unsubscribe = UNSUBSCRIBE_TAGS.get(form.provider) if form else None
        html = self.get_template("email/digest").render(
            {
                **self.context,
                "posts": posts,
                "since": long_date(since),
                "until": long_date(until),
                "unsubscribe": unsubscribe,
                "helpline_lines": [
                    helpline_text(line) for line in in_order(self.settings["HELPLINES"])
                ],
            }
        )
        inlined = css_inline.inline(html)
        text = digest_text(
            self.settings["SITENAME"],
            siteurl,
            posts,
            since,
            until,
            self.settings["HELPLINES"],
            unsubscribe,
        )
        folder = Path(self.output_path) / DIGEST_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{since.isoformat()}_{until.isoformat()}"
        (folder / f"{stem}.html").write_text(inlined, encoding="utf-8")
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        size = len(inlined.encode("utf-8"))
        if size > MAX_EMAIL_BYTES:
            logger.warning(
                "digest: the email is %d KB, over the 102 KB at which Gmail clips "
                "it: choose a shorter period",
                size // 1024,
            )


def digest_generator(pelican):
    """Hand Pelican the digest generator, only when a digest was asked for."""
    return DigestGenerator if pelican.settings.get("DIGEST") else None
