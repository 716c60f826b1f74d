"""docs/gallery.md: every page type at 375 and 1,280 px, light and dark.

Made from the screenshots the accessibility tests take (`invoke gallery`): the
first screen of each, as a small WebP, so a reviewer can judge the look on
GitHub without building the site.
"""

from __future__ import annotations

import re
import shlex
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image

SHOT = re.compile(
    r"^(?P<name>[a-z0-9-]+)-(?P<width>mobile|desktop)-(?P<scheme>light|dark)\.png$"
)
WIDTHS = {"mobile": ("375 px", 900), "desktop": ("1,280 px", 900)}
QUALITY = 60
# The accessibility tests load every page type in every width and scheme and keep
# a screenshot of each (in TEST_ARTIFACTS): the gallery is made from those.
SHOOT = (
    "-m pytest -q -p no:cacheprovider tests/browser/test_accessibility.py "
    "-k test_axe_finds_no_violations"
)


def make_gallery(
    run: Callable[[str, dict[str, str]], object], root: Path, folder: Path
) -> int:
    """Screenshot with run(command, env), then write the gallery; say how many."""
    with tempfile.TemporaryDirectory(prefix="gallery-") as shots:
        run(f"{shlex.quote(sys.executable)} {SHOOT}", {"TEST_ARTIFACTS": shots})
        return write_gallery(Path(shots), folder, root / "docs" / "gallery.md")


def write_gallery(shots: Path, folder: Path, page: Path) -> int:
    """Turn the test screenshots into WebP files and a Markdown page; say how many."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.webp"):
        old.unlink()
    names: dict[str, set[tuple[str, str]]] = {}
    for shot in sorted(shots.glob("*.png")):
        match = SHOT.match(shot.name)
        if not match:
            continue
        name, width, scheme = match["name"], match["width"], match["scheme"]
        with Image.open(shot) as image:
            top = image.crop((0, 0, image.width, min(image.height, WIDTHS[width][1])))
            top.convert("RGB").save(
                folder / f"{name}-{width}-{scheme}.webp", "WEBP", quality=QUALITY
            )
        names.setdefault(name, set()).add((width, scheme))
    lines = [
        "# Gallery",
        "",
        "The first screen of every page type, at 375 px (a phone) and 1,280 px (a",
        "laptop), in the light and the dark scheme. Made by the accessibility tests",
        "(`.venv/bin/invoke gallery` remakes it); each page passed axe when it was",
        "taken.",
        "",
    ]
    relative = folder.relative_to(page.parent).as_posix()
    for name in sorted(names):
        lines += [f"## {name.replace('-', ' ').capitalize()}", ""]
        lines += ["| | light | dark |", "| --- | --- | --- |"]
        for width, (label, _height) in WIDTHS.items():
            cells = [
                f"![{name}, {label}, {scheme}]({relative}/{name}-{width}-{scheme}.webp)"
                if (width, scheme) in names[name]
                else ""
                for scheme in ("light", "dark")
            ]
            lines.append(f"| {label} | {cells[0]} | {cells[1]} |")
        lines.append("")
    page.write_text("\n".join(lines), encoding="utf-8")
    return sum(len(v) for v in names.values())
