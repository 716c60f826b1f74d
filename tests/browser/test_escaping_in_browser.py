"""A title full of markup and script shows as text in the browser and runs nothing."""

from __future__ import annotations

from support.server import free_port, serve
from support.site import ROOT, build

TITLE = 'Q&A: "What <em>is</em> it?" <script>alert(1)</script>'


def test_editor_markup_runs_nothing_and_reads_as_text(browser, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    site = ROOT / "tests" / "fixtures" / "escaping-site"
    # Markup in a Summary is an error a publish refuses (summary-html): relaxed
    # here, to show that whatever gets through stays text in the browser.
    strictness = ("-e", "CHECKS_STRICT=false")
    result = build(site, tmp_path / "out", "publishconf.py", *strictness, siteurl=base)
    assert result.returncode == 0, result.log
    dialogs: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(tmp_path / "out", port) as url:
        for path in ("/news/awkward-title/", "/", "/tags/", "/archives/"):
            page.goto(url + path)
            assert page.locator("em, b").count() == 0
        page.goto(url + "/news/awkward-title/")
        assert page.locator("h1").inner_text() == TITLE
        assert page.title().startswith(TITLE)
    context.close()
    assert dialogs == []
