"""Which files the site publishes from content/ besides posts. Pure.

Pelican copies every file of a static folder (images/) as it is, and every file
a post links to with {static} or {attach}. An HTML page, an SVG with a script,
or a script dropped there would then run on the site's own address, with its
cookies and its readers' trust. So only two kinds pass: pictures the picture
pipeline makes clean copies of (JPEG, PNG, WebP) and PDF documents, each known
by its name AND by its first bytes (a .jpg that is really a web page is not a
picture). Every other file is one line naming it, and is never copied.
content/extra/ is the one folder published as it is, by choice of the web team
(files/steps.py); it is not judged here.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..problems import Problem

RULE = "unsafe-file"
HEAD_BYTES = 16  # enough for every signature below
# The kinds published, by file ending: the kind the first bytes must show.
PICTURES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WebP"}
DOCUMENTS = {".pdf": "PDF"}
ALLOWED = {**PICTURES, **DOCUMENTS}
# Pictures the pipeline cannot read: harmless, but never published either.
OTHER_PICTURES = {
    ".gif": "GIF",
    ".bmp": "BMP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".heic": "HEIC",
    ".heif": "HEIF",
    ".avif": "AVIF",
    ".jxl": "JPEG XL",
}
_BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"


def sniff(head: bytes) -> str | None:
    """The kind a file's first bytes show ('JPEG', 'PDF', 'markup'...), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.lstrip(_BOM_AND_SPACE).startswith(b"<"):
        return "markup"  # HTML, SVG or XML: all can carry a script
    return None


def _described(kind: str | None) -> str:
    if kind == "markup":
        return "it is a web page or other markup"
    return f"it is a {kind} file" if kind else "its first bytes are not a picture's"


def file_problem(path: str, head: bytes) -> Problem | None:
    """Why the file at path (relative to content/) is not published, or None.

    head is the file's first HEAD_BYTES bytes: what it is, whatever its name.
    """
    suffix = PurePosixPath(path).suffix.lower()
    folder = path.split("/", 1)[0] + "/" if "/" in path else "content/"
    expected = ALLOWED.get(suffix)
    if expected:
        found = sniff(head)
        if found == expected:
            return None
        return Problem(
            path,
            1,
            "error",
            RULE,
            f"this file is named {suffix} but is not a {expected} file "
            f"({_described(found)}), so it is not published",
            f"export it again as a real {expected} file, or remove it",
        )
    if suffix == ".svg":
        message = "SVG pictures are not published (an SVG can carry a script)"
        fix = "export it as PNG and use that file instead"
    elif suffix in OTHER_PICTURES:
        message = f"{OTHER_PICTURES[suffix]} pictures are not published"
        fix = "export it as JPEG (photos) or PNG (drawings), or remove it"
    else:
        kind = f"{suffix} files" if suffix else "files without an ending like .jpg"
        message = (
            f"{kind} are not published from {folder}: only pictures (JPEG, PNG, "
            "WebP) and PDF documents are, since a web page or script here would "
            "run on the site's own address"
        )
        fix = "remove it; put text in a post, and ask the web team about anything else"
    return Problem(path, 1, "error", RULE, message, fix)
