"""Development (preview) settings for the stories site.

Every custom setting is commented and listed in docs/settings.md. Production
overrides live in publishconf.py, which imports this file.
"""

import logging
import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent
# The one cache (parsed posts, picture variants, the preview's page record)
# lives here, outside output/. SITE_CACHE in the environment moves it (the tests
# and benchmarks use their own).
_CACHE = Path(os.environ.get("SITE_CACHE", str(_HERE / ".cache")))
# Custom: the cache folder, as the plugin reads it.
SITE_CACHE_PATH = str(_CACHE)

# --- Identity ---------------------------------------------------------------
SITENAME = "CPSL Mind"
# Custom: the line under the site name on the home page, and its meta description.
SITE_DESCRIPTION = (
    "Stories, campaigns, news and events from CPSL Mind, the local Mind for "
    "Cambridgeshire, Peterborough and South Lincolnshire."
)
SITEURL = ""  # preview: links are relative, see RELATIVE_URLS
AUTHOR = "CPSL Mind"  # default author of every post that names none
DEFAULT_LANG = "en-GB"
# Custom: the language as pages declare it; Pelican lower-cases DEFAULT_LANG.
SITE_LANG = "en-GB"
# The zone header dates are written in, and of each build's one clock (what is
# live, scheduled, upcoming or due for review): the one place it is named.
TIMEZONE = "Europe/London"
# Custom: a fixed moment for the build's clock, ISO 8601 with its offset, like
# "2026-07-14T23:30:00+00:00", for tests and reproducible builds (on the command
# line: -e SITE_NOW='"2026-07-14T23:30:00+00:00"'). None: the real time.
SITE_NOW = None
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_DATE = None  # Date is required on articles: never guess it from the file

# --- Where things are ---------------------------------------------------------
PATH = "content"
THEME = str(_HERE / "theme")
# The sections, in menu order: each is a folder of content/. This list is the
# one place they are named; the menu, feeds, checks and sitemap follow it.
ARTICLE_PATHS = ["stories", "campaigns", "news", "events"]
# Custom: a section's label in the menu and headings, where the capitalised
# folder name will not do, e.g. {"get-involved": "Get involved"}.
SECTION_LABELS = {}
# Custom: what a section is for, by its folder: "story" (each post needs
# Consent; the newest leads the home page), "event" (times, calendars, what is
# still to come listed first) or "news-article" (marked as news for search
# engines). Each folder must be in ARTICLE_PATHS; each role is given to one
# section at most. Renaming a section's folder means changing it here too.
SECTION_ROLES = {"stories": "story", "news": "news-article", "events": "event"}
PAGE_PATHS = ["pages"]
# Folders of files, not posts. Pictures in images/ are never copied as they are:
# the plugin writes clean, resized copies of those pages use (no EXIF, no GPS);
# other files there (a PDF) are published when a post links to them.
STATIC_PATHS = ["images", "extra"]
# Files in content/extra/ are copied, as they are, to the root of the site (a
# search engine's verification file, .well-known/security.txt): the plugin
# places them, and refuses one that would replace a page the site writes.
EXTRA_PATH_METADATA = {}
USE_FOLDER_AS_CATEGORY = True  # the folder is the section
SLUGIFY_SOURCE = (
    "basename"  # the file name is the slug, so fixing a title never moves a URL
)
# Pelican matches these against bare file names: skip every hidden file
# (.gitkeep, editor swap files), wherever it is.
IGNORE_FILES = [".*"]
# One language, no translations: Pelican would otherwise pair posts that share a
# file name across sections as "translations" and warn (a publish would stop).
# Two files at one address are the plugin's to report, with what to rename.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None


def newest_first(post):
    """Newest first; posts of the same moment in the order of their files' names."""
    # Pelican lists the files it reads as a set, whose order changes from one
    # run to the next: without this, two posts of one date swapped places.
    when = getattr(post, "date", None)
    return (-when.timestamp() if when else 0.0, str(post.source_path or ""))


ARTICLE_ORDER_BY = newest_first
READERS = {"html": None}  # only Markdown is content; stray .html files are not posts

# --- Plugins ------------------------------------------------------------------
PLUGIN_PATHS = [str(_HERE / "plugins")]
# The site's own plugin: its register() connects every step in pipeline order
# (docs/architecture.md). It writes /sitemap.xml too, dated by content.
PLUGINS = ["charity_site"]

# --- URLs: pretty, folder + index.html ----------------------------------------
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
DRAFT_URL = "drafts/{category}/{slug}/"
DRAFT_SAVE_AS = "drafts/{category}/{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
# Lists the site does not offer: no page at these addresses.
CATEGORIES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "archives", "404", "robots"]
ROBOTS_SAVE_AS = "robots.txt"  # rendered from theme/templates/robots.html

DEFAULT_PAGINATION = 10
# The home page is not a paged list: it leads with a featured story and each
# section's newest posts (all posts are on /archives/ and the section pages).
PAGINATED_TEMPLATES = {"category": None, "tag": None, "author": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Images ----------------------------------------------------------------------
# Custom: how the images plugin processes pictures; every key is optional (see
# docs/settings.md). The cache lives outside output/ so `invoke clean` keeps it.
# Custom: the `sizes` of pictures in the text column (44rem at most).
CONTENT_IMAGE_SIZES = "(min-width: 48rem) 44rem, calc(100vw - 2rem)"
IMAGES = {
    "widths": [480, 800, 1200, 1600],
    "sizes": CONTENT_IMAGE_SIZES,
    "cache_path": str(_CACHE / "images"),
}
# Custom: the `sizes` of card thumbnails (12rem beside the text on wide screens).
CARD_IMAGE_SIZES = "(min-width: 40rem) 12rem, calc(100vw - 2rem)"
# Custom: a preview draws each post's link-preview card only when this is True
# (a publish always does). Off, a preview's pages show the site's card: drawing
# a thousand cards costs seconds, and a preview's relative pages show none.
PREVIEW_CARDS = False

# --- Preview behaviour ----------------------------------------------------------
RELATIVE_URLS = True  # preview works from any folder or port; publishconf turns it off
# Future-dated posts become drafts: previewable under /drafts/, never published early.
WITH_FUTURE_DATES = False
# Kept between preview builds so unchanged pages need no rendering (the site's
# writer removes the pages of deleted posts); publishconf wipes it.
DELETE_OUTPUT_DIRECTORY = False
# Pelican's own content cache is off: it keys by modification time and kept
# decisions that depended on other files. The plugin keeps each parsed post in
# the one cache (SITE_CACHE_PATH), keyed by the file's bytes, settings and code.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
TYPOGRIFY = False
# Summary is plain text (the content contract): escaped by the templates, never
# run through Markdown.
FORMATTED_FIELDS = []
# Escape every value in every template unless marked safe: editor text can never
# become markup.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# --- Feeds -----------------------------------------------------------------------
# Pelican's own feeds are off: the site plugin (charity_site.feeds) writes every
# feed, with
# feedgen, under /feeds/ (all, each section, tag and author; Atom, RSS, JSON).
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
# Custom: the feeds plugin's settings (docs/settings.md). id_authority is part of
# every entry id; keep it for good, even if the site moves.
FEEDS = {
    "max_items": 20,
    "id_authority": "cpslmind.org.uk,2025",
}

# --- Newsletter ------------------------------------------------------------------
# Custom: the sign-up form posts straight to the email provider (docs/newsletter.md).
# Presets: mailchimp (dc, u, id), buttondown (username), listmonk (root, lists),
# generic (action, provider_name, email_field, name_field, hidden, honeypot).
# NEWSLETTER = None publishes without a form; leaving it out stops a publish.
# The values below are the shape of a Mailchimp embedded form: replace u and id
# with those in your own account's embedded form code before going live.
NEWSLETTER = {
    "provider": "mailchimp",
    "dc": "us21",
    "u": "5f0c3a8e9b1d2c4e6a7b8c9d0",
    "id": "3e1a9c7b5d",
    "ask_name": True,
    "privacy_url": "https://www.intuit.com/privacy/statement/",
}

# --- Markdown ------------------------------------------------------------------
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
        # Curly quotes and dashes come from our reader's faster typography pass.
    },
    "output_format": "html5",
}

# --- Brand -----------------------------------------------------------------------
# Custom: the charity's brand (docs/settings.md). Checked at start-up: a colour
# pair under WCAG AA contrast is a one-line error. The logo is an SVG; it is the
# header's logo, the favicon and the mark on link-preview cards.
BRAND = {
    "logo": str(_HERE / "theme" / "static" / "favicon.svg"),
    "primary": "#1c4f8f",  # links, buttons, link-preview cards (white text on it)
    "accent": "#7a1f2b",  # the "Get help now" button (white text on it)
    "background": "#fffdf8",  # the page (light scheme)
    # Shown in the footer when set; left empty in this sample.
    "charity_number": "",
    "registered_address": "",
    # Optional calls to action in the header and footer, full https:// addresses.
    "donate_url": "",
    "volunteer_url": "",
}

# --- Care ------------------------------------------------------------------------
# Custom: urgent-help contacts, in one place so the charity can correct them once.
# Shown in the support box and on the get-help page. "action" is the text of the
# button a reader taps (the number itself), "href" where it goes; the line marked
# "emergency" is shown first and set apart, away from where a thumb rests.
HELPLINES = [
    {
        "name": "In an emergency",
        "how": "If a life is at risk, call 999 or go to A&E.",
        "action": "Call 999",
        "href": "tel:999",
        "emergency": True,
    },
    {
        "name": "Samaritans",
        "how": "Free, any time, day or night.",
        "action": "Call 116 123",
        "href": "tel:116123",
    },
    {
        "name": "Shout",
        "how": "Free text support, any time.",
        "action": "Text SHOUT to 85258",
        "href": "sms:85258?body=SHOUT",
    },
    {
        "name": "NHS 111 (England)",
        "how": "Choose the mental health option.",
        "action": "Call 111",
        "href": "tel:111",
    },
]
# Custom: slug of the page that lists urgent help; the header links to it on every page.
GET_HELP_SLUG = "get-help"

# Custom: content rules. In preview a broken post is reported and skipped; with
# CHECKS_STRICT (publishconf) any content error stops the build before it writes.
CHECKS_STRICT = False
# Custom: what the content checks look for (docs/settings.md); every key optional.
CHECKS = {
    "reading_grade": 10,  # Flesch-Kincaid grade above which a post gets a warning
}
# The checks report these problems in one line with the post's line number;
# Pelican's own, vaguer messages for them are hidden.
LOG_FILTER = [
    (logging.WARNING, "Empty alt attribute for image %s in %s"),
    (logging.WARNING, "Unable to find '%s', skipping url replacement."),
    (logging.WARNING, "Cannot get modification stamp for %s\n\t%s"),
    (logging.WARNING, 'Unable to generate valid slug for %s "%s".'),
    # A post Pelican fails to make a page of: the plugin names it in one line.
    (logging.ERROR, "Could not process %s"),
]
CACHE_PATH = str(_CACHE / "pelican")  # unused while CACHE_CONTENT is off

# --- The web editor at /admin/ (docs/cms.md) -------------------------------------
# Custom: Decap CMS, configured by the build from the content contract.
# backend: where the editor saves in production. GitHub, logging in through an
#   OAuth provider at base_url (docs/cms.md says how to set one up): change repo
#   and base_url to the charity's own.
# content_folder: this site's content/, relative to the repository's root.
# local_backend: decap-server's address, used by a preview only (publishconf
#   turns it off), so the editor saves straight into content/ on this machine.
CMS = {
    "backend": {
        "name": "github",
        "repo": "cpslmind/stories-site",
        "branch": "main",
        "base_url": "https://cms-auth.cpslmind.org.uk",
    },
    "content_folder": "content",
    "local_backend": "http://localhost:8081/api/v1",
}
