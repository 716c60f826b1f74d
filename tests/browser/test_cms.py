"""The web editor at /admin/, end to end in Chromium: a story written there, with a
photo, goes through review (draft, ready, published), lands in content/ in our own
header format, passes `invoke check`, and builds; on a phone (375 px) and a desktop
(1,280 px) every box and button is on the screen, and what the contract requires
the editor requires before saving.

The editor saves through decap-server (its local backend, pinned in
tests/cms/package.json; `.ci/run` installs it with `npm ci`) into a copy of the
project made a git repository, in decap-server's git mode: the one with Decap's
editorial workflow (a branch per change, merged when published). Outside CI a
missing node or decap-server skips with the reason.
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

from charity_site.source.hashtags import hashtags_in
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
BODY = "I started walking on Tuesdays, when thoughts of suicide were loudest."
# The story written on a phone: a draft, with a hashtag line.
PHONE_TITLE = "Priya: the group that listened"
PHONE_SLUG = "priya-the-group-that-listened"
PHONE_ALT = "Six chairs in a circle in a sunny community hall"
HASHTAGS = ("LivedExperience", "CPSLMind")
# What the editor says when a picture has no description (cms/config.py).
NO_DESCRIPTION = "Picture description is needed because there is a picture"
NO_CONSENT = '"yes" is not enough'
# What the date box says under itself, and of a date that does not exist
# (editor.js's "ukdate" widget).
DATE_HINT = "day/month/year, 24-hour time, e.g. 02/10/2025 18:05"
NO_SUCH_DATE = "There is no 31 February 2025: February 2025 has 28 days"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 720}
# Every box and button of the editor's form and toolbar, each brought into view:
# the ones that stick out of the window (or start left of it) are returned.
OFF_SCREEN = """
() => {
  const found = [];
  const width = document.documentElement.clientWidth;
  const toolbar = '[class*="-ToolbarContainer"]';
  const form = '[class*="-ControlPaneContainer"]';
  const controls = document.querySelectorAll([
    `${toolbar} button`, `${toolbar} [class*="DropdownButton"]`,
    `${form} input:not([type="file"])`, `${form} textarea`, `${form} button`,
    `${form} [contenteditable="true"]`].join(", "));
  for (const control of controls) {
    control.scrollIntoView({block: "center", inline: "nearest"});
    const box = control.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not drawn (a hidden input)
    if (box.left < 0 || box.right > width + 0.5) {
      const name = control.id || control.textContent.trim().slice(0, 30);
      found.push(`${control.tagName} ${name} ${Math.round(box.left)}-${box.right}`);
    }
  }
  const pane = document.querySelector('[class*="-ControlPaneContainer"]');
  return {
    page: document.documentElement.scrollWidth,
    pane: pane ? pane.scrollWidth : -1,
    paneBox: pane ? Math.round(pane.getBoundingClientRect().right) : -1,
    width,
    count: controls.length,
    found,
  };
}
"""
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
def decap_server(repository: Path, port: int, mode: str = "fs") -> Iterator[str]:
    """decap-server on 127.0.0.1:port, saving into repository; yields its API URL.

    Mode "git" commits to the repository, and is the one with Decap's editorial
    workflow (a branch per change, merged when published); "fs" writes files.
    """
    if shutil.which("node") is None:
        require("node", "node is not installed (apt-get install nodejs npm)")
    if not DECAP_SERVER.exists():
        require("decap-server", "decap-server is not installed: cd tests/cms && npm ci")
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "GIT_REPO_DIRECTORY": str(repository),
        "MODE": mode,
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


def git(repository: Path, *arguments: str) -> str:
    """Run git in the repository (as decap-server's git mode needs one); its output."""
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            *arguments,
        ],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


@pytest.mark.browser
def test_a_story_written_in_the_editor_is_reviewed_checked_and_built(
    browser, tmp_path: Path, artifacts: Path
) -> None:
    if not Path(NGINX).exists():
        require("nginx", "nginx is not installed (apt-get install nginx)")
    if shutil.which("git") is None:
        require("git", "git is not installed (apt-get install git)")
    project = copy_project(tmp_path / "project")
    content = copy_content(project / "content")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "The site before the editor")
    with decap_server(project, free_port(), mode="git") as api:
        settings = project / "pelicanconf.py"
        with settings.open("a", encoding="utf-8") as file:
            file.write(f'\nCMS = {{**CMS, "local_backend": "{api}"}}\n')
        git(project, "commit", "-q", "-am", "The editor saves through decap-server")
        preview = build(content, tmp_path / "preview", str(settings))
        assert preview.returncode == 0, preview.log
        photo = small_jpeg(tmp_path / "footpath.jpg")
        # Served by nginx with the preview's own headers: the editor's policy
        # (which lets it reach decap-server on this machine) is in force.
        with nginx_serving(tmp_path / "preview", tmp_path) as site:
            with editor_tab(browser, PHONE, artifacts / "cms-phone.png") as page:
                write_on_a_phone(page, site, photo, project)
            with editor_tab(browser, DESKTOP, artifacts / "cms-story.png") as page:
                write_story(page, site, photo, content / "stories" / f"{SLUG}.md")
                edit_summary(page, site, content / "stories" / f"{HAND_WRITTEN}.md")
    # Every change went through review and was merged: no branch is left.
    assert git(project, "branch", "--list", "cms/*") == ""

    story = content / "stories" / f"{SLUG}.md"
    assert story.is_file(), sorted(p.name for p in (content / "stories").iterdir())
    text = story.read_text(encoding="utf-8")
    header = parse_header(text)
    # Our header, in the contract's order, then a blank line, then the text.
    keys = [field.key for field in header.fields.values()]
    assert keys == [
        "Title",
        "Date",
        "Summary",
        "Image",
        "Image_alt",
        "Content_warning",
        "Consent",
        "Status",
    ], text
    assert header.value("Title") == TITLE
    assert header.value("Date") == "2025-10-01 09:30"
    assert header.value("Summary") == SUMMARY
    assert header.value("Image") == "{static}/images/footpath.jpg"
    assert header.value("Image_alt") == ALT
    assert header.value("Content_warning") == "suicide"
    assert header.value("Consent") == CONSENT
    assert header.value("Status") == "published"
    lines = text.split("\n")
    assert lines[header.body_line - 2] == "", "a blank line ends the header"
    assert BODY in text.split("\n\n", 1)[1]
    assert (content / "images" / "footpath.jpg").read_bytes() == photo.read_bytes()

    # The phone's story: a draft, a date typed in the box saved in the reader's
    # form, and its hashtag line as the editor writes it.
    draft = parse_header((content / "stories" / f"{PHONE_SLUG}.md").read_text("utf-8"))
    assert draft.value("Status") == "draft"
    assert draft.value("Date") == "2025-10-02 18:05"
    assert draft.value("Image_alt") == PHONE_ALT
    assert draft.value("Consent") == "2025-06-30"
    written = (content / "stories" / f"{PHONE_SLUG}.md").read_text("utf-8")
    (line,) = [x for x in written.splitlines() if "LivedExperience" in x]
    assert hashtags_in(line) == list(HASHTAGS), line

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
    # The draft is in the preview (only), and its hashtags are the post's tags.
    page_of_draft = again.page(f"drafts/stories/{PHONE_SLUG}/")
    links = page_of_draft.xpath("//p[@class='hashtags']/a")
    assert [a.text for a in links] == [f"#{tag}" for tag in HASHTAGS]
    for tag in HASHTAGS:
        assert (again.output / "tags" / tag.lower() / "index.html").is_file(), tag
    assert "\\#" not in page_of_draft.text_content()


@contextmanager
def editor_tab(browser, viewport: dict[str, int], screenshot: Path) -> Iterator[object]:
    """A new tab of the session's Chromium at this size; on failure, a screenshot
    and the console. No page error and no policy violation is allowed, but the
    one Decap makes itself when it refuses a save (a rejection with no reason)."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.add_init_script(COLLECT)
    # Decap asks "Are you sure you want to publish this entry?": yes.
    page.on("dialog", lambda dialog: dialog.accept())
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
        yield page
        assert page.evaluate("window.__violations") == []
        assert [e for e in errors if e != "undefined"] == []
    except Exception:
        page.screenshot(path=str(screenshot), full_page=True)
        print("\n".join(console))  # shown by pytest for a failed test
        raise
    finally:
        context.close()


def assert_fits(page) -> None:
    """Every box and button can be reached: none sticks out of the window."""
    # After publishing, Decap opens the entry again and may redraw the form
    # between two calls: measure in the same call that finds the form drawn.
    found = page.wait_for_function(
        f"""() => {{
          const found = ({OFF_SCREEN.strip()})();
          return found.pane !== -1 && found.count > 20 ? found : null;
        }}""",
        polling=100,
    ).json_value()
    width = found["width"]
    assert found["count"] > 20, found
    assert found["page"] <= width, found
    assert found["pane"] <= width and found["paneBox"] <= width, found
    assert found["found"] == [], found


def open_new_story(page, site: str) -> None:
    """Log in to the local backend and start a new story."""
    page.goto(site + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.goto(site + "/admin/#/collections/stories/new")
    page.locator('[id^="Title-field-"]').wait_for()


def choose_photo(page, photo: Path) -> None:
    """Upload a photo through the media library and choose it."""
    page.get_by_role("button", name="Choose an image").click()
    page.locator('input[type="file"]').set_input_files(str(photo))
    page.get_by_role("button", name="Choose selected").click()


def save_and_publish(page) -> None:
    """Save (a draft in review), mark it ready, and publish (merge) it."""
    save = page.get_by_role("button", name="Save")
    expect(save).to_be_enabled()
    save.click()
    status = page.get_by_text("Status: Draft")
    status.wait_for()
    status.click()
    page.get_by_text("Ready", exact=True).click()
    page.get_by_text("Status: Ready").wait_for()
    publish = page.get_by_role("button", name="Publish").first
    expect(publish).to_be_visible()
    publish.click()
    page.get_by_text("Publish now").click()


def wait_for_file(path: Path, before: str | None = None) -> str:
    """The file's text once it exists (and differs from before)."""
    for _ in range(200):
        if path.is_file() and path.read_text(encoding="utf-8") != before:
            return path.read_text(encoding="utf-8")
        time.sleep(0.05)
    pytest.fail(f"{path.name} was not written within 10 s")


def write_on_a_phone(page, site: str, photo: Path, project: Path) -> None:
    """At 375 px: the form fits, a story without a picture description (or with
    consent "yes") is refused with the message, then saved as a draft."""
    open_new_story(page, site)
    assert_fits(page)
    page.locator('[id^="Title-field-"]').fill(PHONE_TITLE)
    # The date box: a text box for day/month/year and the 24-hour clock,
    # whatever the browser's language, labelled and with its hint under it.
    date = page.get_by_label("Date", exact=True)
    expect(date).to_have_attribute("inputmode", "numeric")
    expect(date).to_have_attribute("autocomplete", "off")
    expect(date).to_have_attribute("type", "text")
    expect(page.get_by_text(DATE_HINT).first).to_be_visible()
    # A date that does not exist: refused with the reason, with the others.
    date.fill("31/02/2025 10:00")
    page.locator('[id^="Summary-field-"]').fill(SUMMARY)
    choose_photo(page, photo)
    page.locator('[id^="Consent-field-"]').fill("yes")
    page.locator('[data-slate-editor="true"]').click()
    page.keyboard.type("We met on Thursdays.")
    page.keyboard.press("Enter")
    page.keyboard.type(" ".join(f"#{tag}" for tag in HASHTAGS))
    assert_fits(page)
    save = page.get_by_role("button", name="Save")
    expect(save).to_be_in_viewport()
    save.click()
    expect(page.get_by_text(NO_DESCRIPTION)).to_be_visible()
    expect(page.get_by_text(NO_CONSENT)).to_be_visible()
    expect(page.get_by_text(NO_SUCH_DATE)).to_be_visible()
    assert git(project, "branch", "--list", "cms/*") == "", "a refused save was kept"
    # Typed the UK way, saved as the reader's YYYY-MM-DD HH:mm.
    date.fill("02/10/2025 18:05")
    expect(date).to_have_value("02/10/2025 18:05")
    page.locator('[id^="Image_alt-field-"]').fill(PHONE_ALT)
    consent = page.locator('[id^="Consent-field-"]')
    consent.clear()  # fill alone keeps Decap's "yes" in front of the new text
    consent.fill("2025-06-30")
    expect(page.get_by_text(NO_SUCH_DATE)).to_have_count(0)
    assert_fits(page)
    save_and_publish(page)
    wait_for_file(project / "content" / "stories" / f"{PHONE_SLUG}.md")
    # The published entry, opened again: still on the screen.
    page.locator('[id^="Title-field-"]').wait_for()
    assert_fits(page)


def write_story(page, site: str, photo: Path, story: Path) -> None:
    """At 1,280 px: write a story with a photo and a content warning, see the
    site's boxes in the preview, mark it published, and publish it."""
    open_new_story(page, site)
    assert_fits(page)
    page.locator('[id^="Title-field-"]').fill(TITLE)
    # A day without its leading zero, as people type it; shown back in full.
    date = page.locator('[id^="Date-field-"]')
    date.fill("1/10/2025 09:30")
    date.blur()
    expect(date).to_have_value("01/10/2025 09:30")
    page.locator('[id^="Summary-field-"]').fill(SUMMARY)
    choose_photo(page, photo)
    page.locator('[id^="Image_alt-field-"]').fill(ALT)
    page.locator('[id^="Consent-field-"]').fill(CONSENT)
    page.locator('[id^="Status-field-"]').click()
    page.get_by_text("published", exact=True).click()
    page.locator('[data-slate-editor="true"]').click()
    page.keyboard.type(BODY)
    # The text mentions suicide and there is no content warning: the preview
    # says so (a note: the site's checks decide).
    preview = page.frame_locator("iframe")
    notice = preview.locator(".editor-notice")
    expect(notice).to_contain_text("This post mentions suicide")
    page.locator('[id^="Content_warning-field-"]').fill("suicide")
    expect(notice).to_have_count(0)
    # The preview pane: the site's own warning and support boxes, in its style.
    warning = preview.locator(".content-warning")
    expect(warning).to_contain_text("this post mentions suicide")
    expect(preview.locator(".support-box h2")).to_have_text("If you need support now")
    expect(preview.locator(".post-body")).to_contain_text(BODY)
    expect(preview.locator(".post-header time")).to_have_text("1 October 2025, 09:30")
    border = warning.evaluate("box => getComputedStyle(box).borderTopWidth")
    assert border == "2px", "the site's stylesheet is not in the preview"
    assert_fits(page)
    save_and_publish(page)
    wait_for_file(story)


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
    # Its date (2025-05-29, no time) shown the UK way, and left as it was.
    expect(page.locator('[id^="Date-field-"]')).to_have_value("29/05/2025")
    # The whole new value at once, and seen in the box before saving: typed key
    # by key, a keystroke could land while Decap redrew the form after loading
    # the entry, and the save then held half the words (seen under load).
    box.fill(summary + ADDED)
    expect(box).to_have_value(summary + ADDED)
    save_and_publish(page)
    after = wait_for_file(source, before)
    assert after == before.replace(summary, summary + ADDED, 1)
