"""A small content folder with one of each thing the preview desk shows."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

DENSE = (
    "Notwithstanding considerable organisational complexity, multidisciplinary "
    "collaboration necessitates comprehensive consideration of interdependencies, "
    "accountability frameworks and prioritisation methodologies across "
    "commissioning organisations. "
) * 8
# When the scheduled post goes live (always in the future, at 09:30).
LATER = date.today() + timedelta(days=400)
# Reviews due soon (listed on the desk, no warning) and not soon (not listed).
SOON = date.today() + timedelta(days=10)
NOT_SOON = date.today() + timedelta(days=60)

SOURCES = {
    # A warning on line 5: the text is too hard to read.
    "news/dense.md": f"""Title: A dense post
Date: 2025-05-01
Summary: A short summary.

{DENSE}
""",
    # An error on line 2 that stops the post being built.
    "news/bad-date.md": """Title: A post with a bad date
Date: 31/06/2025
Summary: A short summary.

Text.
""",
    # A draft with the same error: its stand-in goes to the drafts address.
    "news/draft-bad-date.md": """Title: A draft with a bad date
Date: 31/06/2025
Summary: A short summary.
Status: draft

Text.
""",
    "news/a-draft.md": """Title: A draft post
Date: 2025-05-02
Summary: A short summary.
Status: draft

Text.
""",
    "news/later.md": f"""Title: A scheduled post
Date: {LATER.isoformat()} 09:30
Summary: A short summary.

Text.
""",
    "news/clean.md": """Title: A clean post
Date: 2025-05-03
Summary: A short summary.

Text.
""",
    # Health information overdue for review: a warning on line 4.
    "pages/sleep.md": """Title: Sleep and mood
Summary: A short summary.
Reviewed: 2023-01-01
Review_due: 2024-01-01

Text.
""",
    "pages/anxiety.md": f"""Title: Anxiety
Summary: A short summary.
Reviewed: 2025-01-01
Review_due: {SOON.isoformat()}

Text.
""",
    "pages/low-mood.md": f"""Title: Low mood
Summary: A short summary.
Reviewed: 2025-01-01
Review_due: {NOT_SOON.isoformat()}

Text.
""",
}
# source: [(line, rule)] of the problems its banner must list.
EXPECTED = {
    "news/dense.md": [(5, "reading-level")],
    "news/bad-date.md": [(2, "bad-date")],
    "news/draft-bad-date.md": [(2, "bad-date")],
    "pages/sleep.md": [(4, "review-overdue")],
}
# source: the preview address of its page (built, or its stand-in).
ADDRESSES = {
    "news/dense.md": "news/dense/",
    "news/bad-date.md": "news/bad-date/",
    "news/draft-bad-date.md": "drafts/news/draft-bad-date/",
    "news/a-draft.md": "drafts/news/a-draft/",
    "news/later.md": "drafts/news/later/",
    "news/clean.md": "news/clean/",
    "pages/sleep.md": "sleep/",
    "pages/anxiety.md": "anxiety/",
}


def write_desk_content(folder: Path) -> Path:
    """Write the desk's content folder and return it."""
    for name, text in SOURCES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
