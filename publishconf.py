"""Production settings: pelicanconf plus only what a published build needs."""

import os

# pelicanconf is importable: the Makefile puts the project folder on the venv's
# import path (see the .pth step there).
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

# The published editor saves through the git host only, never to decap-server.
CMS = {**CMS, "local_backend": None}
