"""The names under which the templates find what the plugin gives them.

Templates can only read the context by name; each name is spelled once, here,
and what it holds is a typed object (see each comment).
"""

from __future__ import annotations

from collections.abc import MutableMapping

from .conventions import Conventions

# Conventions: the sections (menu order, labels, addresses), their roles
# (`site.role_of(slug)` is "story", "event" or None: never test a folder's name)
# and the events calendar's address (`site.events_calendar`), reserved addresses.
SITE_CONVENTIONS = "site"
# list[MenuItem]: the main menu, sections then pages with Menu_order (menu.py).
SITE_MENU = "menu"
# dict[section slug, Page]: the page whose text opens that section's list.
SECTION_INTROS = "section_intros"
# DeskLinks, in a preview only (never set in a publish or a check): where the
# desk page and the preview stylesheet are (desk/model.py).
PREVIEW_DESK = "preview_desk"
# str: the site's own link-preview card (cards/<hash>.jpg), for list pages.
SITE_CARD = "site_card"
# Article | None, and dict[section slug, list[Article]]: the home page's lead
# story and the newest posts of each section (display/home.py).
FEATURED = "featured"
LATEST_BY_SECTION = "latest_by_section"
# Brand: the checked BRAND setting, colours, logo and footer facts (brand.py).
SITE_BRAND = "brand"
# NewsletterForm | None: the validated sign-up form (newsletter/form.py).
NEWSLETTER_FORM = "newsletter_form"


def give_templates_the_conventions(
    context: MutableMapping[str, object], conventions: Conventions
) -> None:
    """Put the site's conventions where every template can read them."""
    context[SITE_CONVENTIONS] = conventions
