"""The web editor's configuration, made from the contract, and its file format
(plugins/charity_site/cms/editor.js, run with node) against our own header parser."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from charity_site import contract
from charity_site.cms.config import (
    BODY,
    CONSENT_PATTERN,
    DATE_WIDGET,
    DATETIME_FORMAT,
    FORMAT,
    PICTURE_DESCRIPTION_WIDGET,
    config_yaml,
    editor_config,
    hint_of,
)
from charity_site.cms.page import admin_page, preview_boxes
from charity_site.cms.settings import CmsSettingError, read_cms_settings
from charity_site.source.header import parse_header, source_lines
from support.ci import require
from support.site import ROOT, SITEURL, one_page_site, site_conventions

EDITOR_JS = ROOT / "plugins" / "charity_site" / "cms" / "editor.js"
CONVENTIONS = site_conventions()
SETTINGS = read_cms_settings(
    {
        "CMS": {
            "backend": {
                "name": "github",
                "repo": "charity/site",
                "base_url": "https://auth.example.org",
            },
            "local_backend": "http://localhost:8081/api/v1",
        }
    }
)


def collections(**options) -> dict[str, dict]:
    config = editor_config(CONVENTIONS, SETTINGS, **options)
    return {c["name"]: c for c in config["collections"]}


def test_every_contract_field_is_in_every_collection_it_applies_to():
    found = collections()
    assert set(found) == {*CONVENTIONS.section_slugs, "pages"}
    for name, collection in found.items():
        is_page = name == "pages"
        section = None if is_page else name
        fields = {f["name"]: f for f in collection["fields"]}
        for field in contract.FIELDS:
            role = CONVENTIONS.role_of(section) if section else None
            applies = field.applies_to(role, is_page=is_page)
            assert (field.key in fields) is applies, (name, field.key)
            if not applies:
                continue
            widget = fields[field.key]
            assert widget["required"] is field.required, (name, field.key)
            assert widget["hint"] == hint_of(field)
        assert fields[BODY]["widget"] == "markdown"
        assert list(fields)[-1] == BODY
        assert collection["format"] == FORMAT
        assert collection["folder"] == (
            f"content/{CONVENTIONS.pages_folder if is_page else name}"
        )
    stories = {f["name"] for f in found["stories"]["fields"]}
    assert {"Consent", "Content_warning"} <= stories
    assert "Consent" not in {f["name"] for f in found["news"]["fields"]}


def test_each_kind_of_field_gets_its_widget():
    fields = {f["name"]: f for f in collections()["events"]["fields"]}
    assert fields["Title"]["widget"] == "string"
    assert fields["Summary"]["widget"] == "text"
    # Shown and typed the UK way (editor.js's own box, not the browser's),
    # saved in the reader's form.
    for key in ("Date", "Modified", "Event_start", "Event_end"):
        assert fields[key]["widget"] == DATE_WIDGET == "ukdate", key
        assert fields[key]["format"] == DATETIME_FORMAT == "YYYY-MM-DD HH:mm", key
    assert fields["Date"]["date_format"] == "DD/MM/YYYY"
    assert fields["Date"]["time_format"] == "HH:mm"
    for key in ("Reviewed", "Review_due", "Event_until"):
        assert fields[key]["widget"] == DATE_WIDGET, key
        assert fields[key]["time_format"] is False, key
    assert fields["Reviewed"]["format"] == "YYYY-MM-DD"
    assert fields["Reviewed"]["date_format"] == "DD/MM/YYYY"
    assert fields["Reviewed"]["time_format"] is False
    assert fields["Tags"]["widget"] == "list"
    assert fields["Aliases"]["widget"] == "list"
    assert fields["Image"]["widget"] == "image"
    assert fields["Status"] == {**fields["Status"], "widget": "select"}
    assert fields["Status"]["options"] == ["draft", "published"]
    pages = {f["name"]: f for f in collections()["pages"]["fields"]}
    assert pages["Menu_order"]["widget"] == "number"


def test_labels_and_hints_are_the_writing_guides_plain_words():
    for name, collection in collections().items():
        for field in collection["fields"]:
            words = f"{field['label']} {field['hint']}"
            assert "{static}" not in words, (name, field["name"])
            assert "_" not in words, (name, field["name"])  # no Event_start, Image_alt
            # No key of the contract named in a hint, except as a plain word.
            for key in (f.key for f in contract.FIELDS if "_" in f.key):
                assert key not in field["hint"], (name, field["name"], key)
    fields = {f["name"]: f for f in collections()["events"]["fields"]}
    assert fields["Image"]["label"] == "Picture"
    assert fields["Image_alt"]["label"] == "Picture description"
    assert fields["Event_start"]["label"] == "Event starts"


def test_changes_are_reviewed_before_they_go_live():
    assert editor_config(CONVENTIONS, SETTINGS)["publish_mode"] == "editorial_workflow"


def test_the_editor_requires_what_the_contract_requires():
    stories = {f["name"]: f for f in collections()["stories"]["fields"]}
    # A picture's description: the widget refuses to save it empty with a picture.
    alt = stories["Image_alt"]
    assert alt["widget"] == PICTURE_DESCRIPTION_WIDGET
    assert alt["picture_field"] == "Image"
    assert "Picture description is needed" in alt["message"]
    # Consent: required, a date or a reference with a digit, never a bare "yes".
    consent = stories["Consent"]
    assert consent["required"] is True
    assert "2025-06-30 or CF-2025-014" in consent["hint"]
    pattern, message = consent["pattern"]
    assert pattern == CONSENT_PATTERN
    import re

    for good in ("2025-06-30", "CF-2025-014", "Recorded consent form CF-2025-099"):
        assert re.search(pattern, good), good
    for bad in ("yes", "Yes", "on file", "consent given"):
        assert not re.search(pattern, bad), bad
    assert "2025-06-30" in message and '"yes" is not enough' in message
    # A content warning: the hint names the topics that need one.
    assert "suicide, self-harm, overdose" in stories["Content_warning"]["hint"]


def test_a_new_entry_starts_as_a_draft_in_the_editor_only():
    for collection in collections().values():
        status = {f["name"]: f for f in collection["fields"]}["Status"]
        assert status["default"] == "draft"
        # A file without the line stays published: the field is not required.
        assert status["required"] is False


def test_posts_are_listed_with_their_dates_and_drafts_marked():
    stories = collections()["stories"]
    assert stories["summary"] == "{{Date | date('DD/MM/YYYY')}} · {{Title}} {{Status}}"
    assert stories["sortable_fields"] == ["Date", "Title", "Status"]
    assert stories["view_filters"] == [
        {"label": "Drafts", "field": "Status", "pattern": "^draft$"}
    ]
    assert [g["field"] for g in stories["view_groups"]] == ["Status", "Date"]
    assert collections()["pages"]["summary"] == "{{Title}}"


def test_pictures_go_to_content_images_and_are_written_as_static_links():
    config = editor_config(CONVENTIONS, SETTINGS)
    assert config["media_folder"] == "content/images"
    assert config["public_folder"] == "{static}/images"
    assert config["backend"]["name"] == "github"


def test_only_a_preview_talks_to_decap_server():
    assert "local_backend" not in editor_config(CONVENTIONS, SETTINGS)
    preview = editor_config(CONVENTIONS, SETTINGS, local_backend=True)
    assert preview["local_backend"] == {"url": "http://localhost:8081/api/v1"}


def test_config_yml_is_yaml_that_reads_back_the_same():
    import yaml

    config = editor_config(CONVENTIONS, SETTINGS, site_url="https://x.example.org")
    assert yaml.safe_load(config_yaml(config)) == config


@pytest.mark.parametrize(
    ("cms", "wrong"),
    [
        ("github", "CMS must be a dict"),
        ({"colour": 1}, "unknown key(s) colour"),
        ({"backend": {"name": "svn", "repo": "a/b"}}, "use one of"),
        ({"backend": {"name": "github", "repo": "nope"}}, "owner/name"),
        (
            {"backend": {"name": "github", "repo": "a/b", "base_url": "http://x"}},
            "https",
        ),
        ({"content_folder": "../elsewhere"}, "relative to the repository"),
        ({"local_backend": "localhost"}, "decap-server's address"),
    ],
)
def test_a_wrong_cms_setting_is_one_clear_line(cms, wrong):
    with pytest.raises(CmsSettingError, match=None) as raised:
        read_cms_settings({"CMS": cms})
    assert wrong in str(raised.value)


def test_the_editor_page_has_no_inline_script_and_is_never_indexed():
    page = admin_page(
        "A & B", "editor.1.js", "decap-cms.2.js", "site.3.css", "../f.svg"
    )
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "A &amp; B" in page
    assert page.count("<script") == page.count("<script src=") == 2
    assert page.index("editor.1.js") < page.index("decap-cms.2.js")
    assert 'data-list-fields="Tags Authors Content_warning Aliases"' in page


def test_the_editor_page_names_the_preview_boxes_and_its_phone_stylesheet():
    page = admin_page(
        "Site",
        "editor.1.js",
        "decap-cms.2.js",
        "site.3.css",
        "../f.svg",
        page_style="editor.4.css",
        collections=("stories", "pages"),
        sensitive_terms=("suicide", "self harm"),
        boxes="boxes.5.json",
    )
    assert '<link rel="stylesheet" href="editor.4.css">' in page
    assert 'data-preview-boxes="boxes.5.json"' in page
    assert 'data-collections="stories pages"' in page
    assert 'data-sensitive-terms="suicide|self harm"' in page
    assert page.count("<script") == page.count("<script src=") == 2
    boxes = json.loads(preview_boxes('<div class="content-warning">x</div>', "<aside>"))
    assert boxes == {
        "warning": '<div class="content-warning">x</div>',
        "support": "<aside>",
    }


def test_every_contract_key_is_spelt_as_the_editor_spells_it():
    # editor.js turns a key written in any case into the contract's spelling
    # (first letter upper case, the rest lower), so the two must agree.
    for field in contract.FIELDS:
        assert field.key == field.key[:1].upper() + field.key[1:].lower()


# --- editor.js, run by node ----------------------------------------------------

NODE_SCRIPT = """
const api = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map((c) => {
  const format = api.charityHeaderFormat(c.lists, c.numbers);
  const data = c.data || format.fromFile(c.text);
  const split = c.text === undefined ? null : api.splitHeader(c.text);
  return { data, split, written: format.toFile(data, c.keys) };
});
process.stdout.write(JSON.stringify(out));
"""
LISTS = [
    f.key for f in contract.FIELDS if f.kind in (contract.LIST, contract.ADDRESSES)
]
NUMBERS = [f.key for f in contract.FIELDS if f.kind == contract.NUMBER]


def run_editor_js(cases: list[dict]) -> list[dict]:
    """Run editor.js's format on each case with node."""
    node = shutil.which("node")
    if node is None:
        require("node", "node is not installed (apt-get install nodejs)")
    for case in cases:
        case.setdefault("lists", LISTS)
        case.setdefault("numbers", NUMBERS)
    result = subprocess.run(
        [node, "-e", NODE_SCRIPT, str(EDITOR_JS)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def field_order(path: Path) -> list[str]:
    """The editor's field order for a file of the sample content."""
    folder = path.parent.name
    is_page = folder == CONVENTIONS.pages_folder
    role = None if is_page else CONVENTIONS.role_of(folder)
    fields = contract.fields_for(role, is_page=is_page)
    return [f.key for f in fields] + [BODY]


def test_every_sample_post_reads_and_writes_back_byte_for_byte():
    posts = sorted((ROOT / "content").rglob("*.md"))
    posts = [p for p in posts if "images" not in p.parts]
    assert len(posts) > 10
    cases = [
        {"text": p.read_text(encoding="utf-8"), "keys": field_order(p)} for p in posts
    ]
    for path, case, result in zip(posts, cases, run_editor_js(cases), strict=True):
        assert result["written"] == case["text"], path
        header = parse_header(case["text"])
        assert {k.lower(): v for k, v in result["split"]["values"].items()} == {
            k: f.value for k, f in header.fields.items()
        }, path


AWKWARD = [
    "\n\nTitle: After blank lines\n\nBody\n",
    "---\nTitle: Fenced\nSummary: Like YAML front matter\n---\nBody\n",
    "---\nTitle: Fenced, closed with dots\n...\nBody\n",
    "Title: Long\nSummary: First half\n    and the second half\n\nBody\n",
    "Title: Windows\r\nSummary: Lines end in CR LF\r\n\r\nBody\r\nmore\r\n",
    "\ufeffTitle: A byte order mark\n\nBody\n",
    "title: lower case\nIMAGE_ALT: upper case\n\nBody\n",
    "Title: Line\u2028separator inside\n\nBody\n",
    "Title: No blank line\nThis line is the body\nmore\n",
    "Title: Twice\nTitle: The last wins\n\nBody\n",
    "Title: Only a header\n",
    "Just a body, no header\n",
    "",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_editor_js_reads_a_header_exactly_as_the_site_does(text):
    (result,) = run_editor_js([{"text": text, "keys": ["Title", BODY]}])
    header = parse_header(text)
    split = result["split"]
    assert {k.lower(): v for k, v in split["values"].items()} == {
        k: f.value for k, f in header.fields.items()
    }
    assert split["body"] == "\n".join(source_lines(text)[header.body_line - 1 :])
    # What it writes back, our reader reads as the same fields.
    again = parse_header(result["written"])
    assert {k: f.value for k, f in again.fields.items()} == {
        k: f.value for k, f in header.fields.items()
    }


def test_editor_js_writes_one_line_per_field_in_the_editors_order():
    data = {
        "Summary": "Two lines\nin the box.",
        "Title": "A title",
        "Tags": ["CoProductionWeek", "LivedExperience"],
        "Slug": "kept-as-written",
        "Image": "",
        "Menu_order": 3,
        "Status": None,
        BODY: "The text.",
    }
    (result,) = run_editor_js([{"data": data, "keys": ["Title", "Summary", "Tags"]}])
    assert result["written"] == (
        "Title: A title\n"
        "Summary: Two lines in the box.\n"
        "Tags: CoProductionWeek, LivedExperience\n"
        "Slug: kept-as-written\n"
        "Menu_order: 3\n"
        "\n"
        "The text.\n"
    )
    (listed,) = run_editor_js([{"text": "Tags: a,  b ,c\nMenu_order: 2\n\nx\n"}])
    assert listed["data"]["Tags"] == ["a", "b", "c"]
    assert listed["data"]["Menu_order"] == 2


def test_a_hand_written_post_keeps_its_order_and_new_fields_follow_the_contract():
    text = "Summary: First here.\nTitle: Then the title\n\nBody\n"
    (read,) = run_editor_js([{"text": text, "keys": ["Title", "Summary", BODY]}])
    assert read["written"] == text
    data = {**read["data"], "Tags": ["New"], "Title": "Changed"}
    (edited,) = run_editor_js([{"data": data, "keys": ["Title", "Summary", "Tags"]}])
    assert edited["written"] == (
        "Summary: First here.\nTitle: Changed\nTags: New\n\nBody\n"
    )


HELPERS_SCRIPT = """
const api = require(process.argv[1]);
const terms = ["suicide", "self-harm", "overdose"];
process.stdout.write(JSON.stringify({
  mentioned: api.mentioned("Suicide, and self-harming; an OVERDOSE.", terms),
  none: api.mentioned("suicidal-ish thoughts", terms),
  escaped: api.escapeHtml('<b a="1">&'),
  withPicture: api.pictureDescriptionError("{static}/images/a.jpg", "  ", "needed"),
  described: api.pictureDescriptionError("{static}/images/a.jpg", "A path", "needed"),
  noPicture: api.pictureDescriptionError("", "", "needed"),
  dates: ["2025-10-02 18:05", "2025-06-26", "2025-13-01", ""].map(api.ukDate),
  typed: [
    "02/10/2025 18:05", "2/10/2025 18:05", " 2/10/2025  8:05 ", "02/10/2025",
    "2025-10-02 18:05", "2025-10-02T18:05", "29/02/2024 00:00", "",
  ].map((text) => api.readUkDate(text, true)),
  typedDate: ["02/10/2025", "2025-10-02", "", "02/10/2025 18:05"]
    .map((text) => api.readUkDate(text, false)),
  refused: [
    "31/02/2025 10:00", "29/02/2025", "02/13/2025", "02/10/2025 6:05pm",
    "02/10/2025 24:00", "next Tuesday", "10/2025",
  ].map((text) => api.readUkDate(text, true).error),
  shown: ["2025-10-02 18:05", "2025-05-29", "", null, "sometime"].map(api.showUkDate),
  hints: [api.DATETIME_HINT, api.DATE_HINT],
}));
"""


def run_helpers() -> dict:
    """HELPERS_SCRIPT's findings: editor.js's helpers, run with node."""
    node = shutil.which("node")
    if node is None:
        require("node", "node is not installed (apt-get install nodejs)")
    result = subprocess.run(
        [node, "-e", HELPERS_SCRIPT, str(EDITOR_JS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_editor_js_helpers_for_the_preview_and_the_picture_description():
    found = run_helpers()
    # Whole words only, any case: "self-harming" is not "self-harm".
    assert found["mentioned"] == ["suicide", "overdose"]
    assert found["none"] == []
    assert found["escaped"] == "&lt;b a=&quot;1&quot;&gt;&amp;"
    assert found["withPicture"] == {"type": "PRESENCE", "message": "needed"}
    assert found["described"] is None
    assert found["noPicture"] is None
    # The preview's date, as the site writes it (DEFAULT_DATE_FORMAT).
    assert found["dates"] == ["2 October 2025, 18:05", "26 June 2025", "", ""]


def test_editor_js_reads_dates_typed_the_uk_way_and_saves_the_readers_form():
    found = run_helpers()
    # Typed day/month/year (or in the reader's own form), saved as the reader
    # reads it; a date alone is allowed where the contract allows it.
    assert [t.get("value") for t in found["typed"]] == [
        "2025-10-02 18:05",
        "2025-10-02 18:05",
        "2025-10-02 08:05",
        "2025-10-02",
        "2025-10-02 18:05",
        "2025-10-02 18:05",
        "2024-02-29 00:00",
        "",  # an empty optional field stays empty
    ]
    assert [t.get("value") for t in found["typedDate"][:3]] == [
        "2025-10-02",
        "2025-10-02",
        "",
    ]
    assert "without a time" in found["typedDate"][3]["error"]
    impossible, not_leap, month, twelve, hour, words, part = found["refused"]
    assert impossible.startswith("There is no 31 February 2025")
    assert "February 2025 has 28 days" in impossible
    assert "February 2025 has 28 days" in not_leap
    assert "no month 13" in month
    assert "24-hour clock" in twelve
    assert "24:00 is not a time" in hour
    for message in (words, part):
        assert "e.g. 02/10/2025 18:05" in message
    assert found["shown"] == ["02/10/2025 18:05", "29/05/2025", "", "", "sometime"]
    assert found["hints"] == [
        "day/month/year, 24-hour time, e.g. 02/10/2025 18:05",
        "day/month/year, e.g. 02/10/2025",
    ]


def test_the_vendored_bundle_is_the_one_its_source_names():
    import hashlib

    vendor = ROOT / "vendor" / "decap-cms"
    source = json.loads((vendor / "source.json").read_text(encoding="utf-8"))
    bundle = (vendor / "decap-cms.js").read_bytes()
    assert hashlib.sha256(bundle).hexdigest() == source["bundle_sha256"]
    assert source["package"] == "decap-cms" and source["license"] == "MIT"
    assert "MIT License" in (vendor / "LICENSE").read_text(encoding="utf-8")
    assert (vendor / "decap-cms.js.LICENSE.txt").is_file()
    # A pinned version, and no address of any other site the bundle would load.
    assert source["version"].count(".") == 2
    assert b"unpkg.com/decap-cms" not in bundle


def test_a_missing_editor_bundle_leaves_admin_out_of_a_preview_and_stops_a_publish(
    tmp_path,
):
    import shutil

    from support.site import build, copy_project

    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "vendor" / "decap-cms")
    content = one_page_site(tmp_path / "content")
    preview = build(content, tmp_path / "preview", str(project / "pelicanconf.py"))
    assert preview.returncode == 0, preview.log
    (warning,) = [r for r in preview.log.splitlines() if "bundle" in r]
    assert warning.startswith("warning: the web editor's bundle ")
    assert warning.endswith("this preview has no /admin/")
    assert preview.file_for("hello/").is_file()
    assert not (preview.output / "admin").exists()
    # A publish build: the same settings, strict (as publishconf.py makes them).
    published = build(
        content,
        tmp_path / "out",
        str(project / "pelicanconf.py"),
        *("-e", "CHECKS_STRICT=true", f'SITEURL="{SITEURL}"'),
    )
    assert published.returncode != 0
    assert "the web editor's bundle" in published.log
    assert "Traceback" not in published.log
