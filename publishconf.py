"""Production settings: pelicanconf plus only what a published build needs."""

import os
import sys
from pathlib import Path

# Pelican loads this file by path, so make its sibling importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *

# Custom: the public address, from the environment so each host can set its own.
SITEURL = os.environ.get("SITEURL", "https://www.cpslmind.org.uk").rstrip("/")
RELATIVE_URLS = False

# Drafts and future-dated posts are never written in a published build.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""

CHECKS_STRICT = True
DELETE_OUTPUT_DIRECTORY = True  # a published site is built from nothing
