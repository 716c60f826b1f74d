"""The web editor at /admin/, end to end in Chromium: a story written there, with a
photo, lands in content/ in our own header format, passes `invoke check`, and builds.

The editor saves through decap-server (its local backend, pinned in
tests/cms/package.json; `.ci/run` installs it with `npm ci`) into a copy of the
project. Outside CI a missing node or decap-server skips with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from charity_site.source.header import parse_header
from support.ci import require
from support.nginx import NGINX, nginx_serving
from support.server import free_port
from support.site import ROOT, build, copy_content, copy_project
from support.verdicts import invoke

DECAP_SERVER = ROOT / "tests" / "cms" / "node_modules" / ".bin" / "decap-server"
TITLE = "Sam: a walk that helped"
SLUG = "sam-a-walk-that-helped"
SUMMARY = "A sample story: Sam found that a weekly walk made the hardest days easier."
ALT = "A muddy footpath between two green hedges under a grey sky"
CONSENT = "Recorded consent form CF-2025-099"
BODY = "I started walking on Tuesdays."
HAND_WRITTEN = "dan-finding-my-voice"  # a sample story: its Date has no time
ADDED = " He now co-chairs the group."
# Every Content-Security-Policy violation on the page, kept for the test to read.
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@contextmanager
def decap_server(repository: Path, port: int) -> Iterator[str]:
    """decap-server on 127.0.0.1:port, saving into repository; yields its API URL."""
    if shutil.which("node") is None:
        require("node", "node is not installed (apt-get install nodejs npm)")
    if not DECAP_SERVER.exists():
        require("decap-server", "decap-server is not installed: cd tests/cms && npm ci")
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "GIT_REPO_DIRECTORY": str(repository),
        "MODE": "fs",
        "LOG_LEVEL": "warn",
    }
    process = subprocess.Popen([str(DECAP_SERVER)], cwd=repository, env=env)
    api = f"http://127.0.0.1:{port}/api/v1"
    try:
        for _ in range(200):
            try:
                request = urllib.request.Request(
                    api,
                    data=b'{"action":"info"}',
                    headers={"Content-Type": "application/json"},
                )
                urllib.request.urlopen(request, timeout=2).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail(f"decap-server did not answer at {api} within 10 s")
        yield api
    finally:
        process.terminate()
        process.wait(timeout=30)


def small_jpeg(path: Path) -> Path:
    """A small photo, made with Pillow (a wide picture, as a hero image is)."""
    image = Image.new("RGB", (640, 400), (90, 130, 80))
    for x in range(0, 640, 40):
        image.paste((120, 100, 70), (x, 250, x + 20, 400))
    image.save(path, "JPEG", quality=85)
    return path


@pytest.mark.browser
def test_a_story_written_in_the_editor_is_checked_and_built(
    browser, tmp_path: Path, artifacts: Path
) -> None:
    if not Path(NGINX).exists():
        require("nginx", "nginx is not installed (apt-get install nginx)")
    project = copy_project(tmp_path / "project")
    content = copy_content(project / "content")
    with decap_server(project, free_port()) as api:
        settings = project / "pelicanconf.py"
        with settings.open("a", encoding="utf-8") as file:
            file.write(f'\nCMS = {{**CMS, "local_backend": "{api}"}}\n')
        preview = build(content, tmp_path / "preview", str(settings))
        assert preview.returncode == 0, preview.log
        photo = small_jpeg(tmp_path / "footpath.jpg")
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script(COLLECT)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.on(
            "response",
            lambda got: (
                console.append(f"{got.status} {got.url}") if got.status >= 400 else None
            ),
        )
        try:
            # Served by nginx with the preview's own headers: the editor's policy
            # (which lets it reach decap-server on this machine) is in force.
            with nginx_serving(tmp_path / "preview", tmp_path) as site:
                write_story(page, site, photo)
                edit_summary(page, site, content / "stories" / f"{HAND_WRITTEN}.md")
                assert page.evaluate("window.__violations") == []
        except Exception:
            page.screenshot(path=str(artifacts / "cms-story.png"), full_page=True)
            print("\n".join(console))  # shown by pytest for a failed test
            raise
        finally:
            context.close()
        assert errors == []

    story = content / "stories" / f"{SLUG}.md"
    assert story.is_file(), sorted(p.name for p in (content / "stories").iterdir())
    text = story.read_text(encoding="utf-8")
    header = parse_header(text)
    # Our header, in the contract's order, then a blank line, then the text.
    keys = [field.key for field in header.fields.values()]
    assert keys == ["Title", "Date", "Summary", "Image", "Image_alt", "Consent"], text
    assert header.value("Title") == TITLE
    assert header.value("Date") == "2025-10-01 09:30"
    assert header.value("Summary") == SUMMARY
    assert header.value("Image") == "{static}/images/footpath.jpg"
    assert header.value("Image_alt") == ALT
    assert header.value("Consent") == CONSENT
    lines = text.split("\n")
    assert lines[header.body_line - 2] == "", "a blank line ends the header"
    assert BODY in text.split("\n\n", 1)[1]
    assert (content / "images" / "footpath.jpg").read_bytes() == photo.read_bytes()

    checked = invoke("check", "--content", str(content), cache=tmp_path / "c")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"stories/{SLUG}.md" not in checked.stdout + checked.stderr

    again = build(content, tmp_path / "preview", str(project / "pelicanconf.py"))
    assert again.returncode == 0, again.log
    page_of_story = again.page(f"stories/{SLUG}/")
    assert page_of_story.xpath("string(//h1)").strip() == TITLE
    (hero,) = [i for i in page_of_story.iter("img") if i.get("alt") == ALT]
    assert "footpath" in hero.get("src")
    picture = (again.output / "stories" / SLUG).joinpath(hero.get("src"))
    assert picture.resolve().is_file()


def write_story(page, site: str, photo: Path) -> None:
    """Log in to the local backend, write a story with a photo, and publish it."""
    page.goto(site + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.goto(site + "/admin/#/collections/stories/new")
    page.locator('[id^="Title-field-"]').fill(TITLE)
    page.locator('[id^="Date-field-"]').fill("2025-10-01T09:30")
    page.locator('[id^="Summary-field-"]').fill(SUMMARY)
    page.get_by_role("button", name="Choose an image").click()
    page.locator('input[type="file"]').set_input_files(str(photo))
    page.get_by_role("button", name="Choose selected").click()
    page.locator('[id^="Image_alt-field-"]').fill(ALT)
    page.locator('[id^="Consent-field-"]').fill(CONSENT)
    page.locator('[data-slate-editor="true"]').click()
    page.keyboard.type(BODY)
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    page.get_by_role("button", name="Published").wait_for()


def edit_summary(page, site: str, source: Path) -> None:
    """A hand-written post opens in the editor; saving it changes only what changed."""
    before = source.read_text(encoding="utf-8")
    summary = parse_header(before).value("Summary")
    page.goto(f"{site}/admin/#/collections/stories")
    page.get_by_text(parse_header(before).value("Title")).click()
    box = page.locator('[id^="Summary-field-"]')
    expect(box).to_have_value(summary)
    consent = page.locator('[id^="Consent-field-"]')
    expect(consent).to_have_value(parse_header(before).value("Consent"))
    box.press("Control+End")  # the end of the text, not of its first line
    page.keyboard.type(ADDED)
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    page.get_by_role("button", name="Published").wait_for()
    for _ in range(100):
        if source.read_text(encoding="utf-8") != before:
            break
        time.sleep(0.05)
    after = source.read_text(encoding="utf-8")
    assert after == before.replace(summary, summary + ADDED, 1)
