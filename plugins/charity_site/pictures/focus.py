"""Where a cropped picture keeps its subject: the Image_focus header as CSS
object-position. Pure.

Cards and the home page's featured story crop the picture to fill their box
(object-fit: cover); object-position says which part of it stays in view.
"""

from __future__ import annotations

import re

# Words an editor may write, each as the point of the picture kept in view.
WORDS = {
    "top": "50% 0%",
    "upper": "50% 25%",
    "center": "50% 50%",
    "centre": "50% 50%",
    "middle": "50% 50%",
    "lower": "50% 75%",
    "bottom": "50% 100%",
    "left": "0% 50%",
    "right": "100% 50%",
}
_PERCENT = r"(\d{1,3}(?:\.\d+)?)\s*%"
_TWO_PERCENTAGES = re.compile(rf"{_PERCENT}\s+{_PERCENT}")
# A portrait picture in a wide box shows a band a third of its height or less.
# With no Image_focus that band is the upper part, not the middle: a portrait
# photo of a person has the face in its upper third, and the middle (the
# default of CSS) shows a chest, or the sky above a short figure. 25% keeps
# roughly the picture's 18% to 47% in a 16:7 box: head and shoulders.
PORTRAIT_DEFAULT = "50% 25%"
EXAMPLES = ("top", "center", "bottom", "50% 20%")


def object_position(value: str) -> str | None:
    """An Image_focus value as CSS object-position ('50% 20%'); None if unreadable."""
    text = " ".join(value.strip().lower().split())
    if text in WORDS:
        return WORDS[text]
    match = _TWO_PERCENTAGES.fullmatch(text)
    if match and all(float(part) <= 100 for part in match.groups()):
        return f"{match[1]}% {match[2]}%"
    return None


def focus_for(value: object, width: int, height: int) -> str:
    """The object-position for a picture this size: the editor's, else the default.

    '' means the middle (CSS's own default), so no style attribute is written.
    """
    if isinstance(value, str) and value.strip():
        chosen = object_position(value)
        if chosen is not None:
            return "" if chosen == "50% 50%" else chosen
    return PORTRAIT_DEFAULT if height > width else ""
