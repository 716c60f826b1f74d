"""Only pictures and PDFs are published from content/: by name and by first bytes."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from charity_site.files.kinds import HEAD_BYTES, file_problem, sniff


def picture(kind: str) -> bytes:
    """The first bytes of a real picture of kind, made by Pillow."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(out, kind)
    return out.getvalue()[:HEAD_BYTES]


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
HTML = b"<!doctype html><script>alert(document.cookie)</script>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (picture("JPEG"), "JPEG"),
        (picture("PNG"), "PNG"),
        (picture("WEBP"), "WebP"),
        (picture("GIF"), "GIF"),
        (PDF, "PDF"),
        (HTML, "markup"),
        (b"\xef\xbb\xbf  \n<html>", "markup"),
        (SVG, "markup"),
        (b"MZ\x90\x00", None),  # a Windows program
        (b"", None),
    ],
)
def test_sniff_knows_a_file_by_its_first_bytes(head, kind):
    assert sniff(head[:HEAD_BYTES]) == kind


@pytest.mark.parametrize(
    ("path", "head"),
    [
        ("images/photo.jpg", picture("JPEG")),
        ("images/photo.JPEG", picture("JPEG")),
        ("images/sub/drawing.png", picture("PNG")),
        ("images/wide.webp", picture("WEBP")),
        ("images/leaflet.pdf", PDF),
        ("stories/attached.pdf", PDF),
    ],
)
def test_real_pictures_and_pdfs_are_published(path, head):
    assert file_problem(path, head) is None


@pytest.mark.parametrize(
    ("path", "head", "words"),
    [
        (
            "images/fake.jpg",
            HTML,
            "named .jpg but is not a JPEG file (it is a web page",
        ),
        (
            "images/fake.png",
            picture("JPEG"),
            "named .png but is not a PNG file (it is ",
        ),
        ("images/fake.pdf", b"MZ\x90\x00", "named .pdf but is not a PDF file"),
        ("images/empty.webp", b"", "named .webp but is not a WebP file"),
        ("images/evil.svg", SVG, "SVG pictures are not published"),
        ("images/evil.html", HTML, ".html files are not published from images/"),
        ("images/evil.htm", HTML, ".htm files are not published"),
        ("images/app.js", b"alert(1)", ".js files are not published"),
        ("images/app.mjs", b"export {}", ".mjs files are not published"),
        ("images/feed.xml", b"<?xml", ".xml files are not published"),
        ("images/shell.php", b"<?php", ".php files are not published"),
        ("images/setup.exe", b"MZ\x90\x00", ".exe files are not published"),
        ("images/README", b"hello", "files without an ending like .jpg are not"),
        ("images/anim.gif", picture("GIF"), "GIF pictures are not published"),
        ("images/IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic", "HEIC pictures are"),
        ("stories/page.html", HTML, ".html files are not published from stories/"),
    ],
)
def test_anything_else_is_one_error_line_naming_the_file(path, head, words):
    problem = file_problem(path, head)
    assert problem is not None
    line = str(problem)
    assert line.startswith(f"{path}:1: error: "), line
    assert words in line, line
    assert line.endswith(" [unsafe-file]") and "\n" not in line
