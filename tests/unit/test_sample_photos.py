"""The sample photos are painted only for the sample's own posts, and never by a
publish: the publish's code does not know the painter."""

from __future__ import annotations

import ast
from pathlib import Path

from charity_site_ops.sample_photos import paint_for, photos_in_use
from support.site import ROOT

PACKAGE = ROOT / "plugins" / "charity_site_ops"


def post(content: Path, name: str, body: str) -> None:
    path = content / "stories" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Title: T\nSummary: S.\n\n{body}\n", encoding="utf-8")


def test_a_content_folder_without_the_sample_gets_nothing(tmp_path):
    content = tmp_path / "content"
    post(content, "ours.md", "![Our walk]({static}/images/walk.jpg)")
    post(content, "elsewhere.md", "![A photo of ours]({static}/images/sample/ours.jpg)")
    assert photos_in_use(content) == []
    assert paint_for(content) == []
    assert not (content / "images").exists()
    assert paint_for(tmp_path / "missing") == []
    assert not (tmp_path / "missing").exists()


def test_only_the_photos_the_sample_posts_use_are_painted(tmp_path):
    content = tmp_path / "content"
    post(content, "sample.md", "Image: {static}/images/sample/raised-arm.png")
    # A post linked in from outside is never read (nor are its photos painted).
    outside = tmp_path / "outside.md"
    outside.write_text("{static}/images/sample/park-walk.jpg", encoding="utf-8")
    (content / "stories" / "linked.md").symlink_to(outside)
    (painted,) = paint_for(content)
    assert painted == content / "images" / "sample" / "raised-arm.png"
    assert sorted(p.name for p in painted.parent.iterdir()) == ["raised-arm.png"]
    assert paint_for(content) == []  # already there: nothing painted again


def imported(path: Path) -> set[str]:
    """The modules a file imports, at any depth."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_the_publish_code_never_imports_the_painter():
    for name in ("publish.py", "publishing.py", "pelican_cli.py", "deploying.py"):
        assert not any("sample" in m for m in imported(PACKAGE / name)), name
