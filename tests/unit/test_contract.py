"""The content contract, the scaffold and the writing guide agree."""

from __future__ import annotations

import ast
import re

import pytest

from charity_site.contract import EVERYWHERE, FIELDS, PAGES, POSTS, fields_for
from charity_site.conventions import derive_conventions
from charity_site.roles import EVENT, ROLES, STORY, SectionRolesError
from charity_site.rules.per_file import KNOWN_KEYS
from support.site import ROOT, site_conventions


def test_the_writing_guide_describes_every_header_field():
    guide = (ROOT / "docs" / "writing.md").read_text(encoding="utf-8")
    table = {
        key
        for row in re.findall(r"^\| (`[^|]+) \|", guide, flags=re.MULTILINE)
        for key in re.findall(r"`(\w+)`", row)
    }
    assert {field.key for field in FIELDS} <= table


def test_the_checks_know_exactly_the_contract_fields():
    assert set(KNOWN_KEYS.values()) == {field.key for field in FIELDS}


def test_each_kind_of_file_gets_its_own_fields():
    def keys(role, is_page=False):
        return {f.key for f in fields_for(role, is_page=is_page)}

    # A section's fields follow its role (SECTION_ROLES), never its folder's name.
    assert "Consent" in keys(STORY) and "Consent" not in keys(None)
    assert "Event_start" in keys(EVENT) and "Event_start" not in keys(STORY)
    assert "Date" not in keys(None, is_page=True)
    assert {"Menu_order", "Intro_for"} <= keys(None, is_page=True)
    assert "Menu_order" not in keys(None)


def test_the_contract_names_roles_never_sections():
    for field in FIELDS:
        assert field.where in (EVERYWHERE, POSTS, PAGES) or set(field.where) <= set(
            ROLES
        ), field.key


def test_the_sample_sections_have_the_roles_the_settings_give():
    conventions = site_conventions()
    story, event = (
        conventions.section_for_role(STORY),
        conventions.section_for_role(EVENT),
    )
    assert story in conventions.section_slugs and event in conventions.section_slugs
    assert conventions.role_of(story) == STORY and conventions.role_of(event) == EVENT
    assert conventions.events_calendar == f"{event}/calendar.ics"
    assert conventions.layout.owner_of(f"{event}/calendar.ics") == "the events calendar"
    assert conventions.layout.owner_of(f"{event}/a-walk/event.ics")
    assert conventions.layout.owner_of(f"{story}/calendar.ics") is None


@pytest.mark.parametrize(
    ("roles", "says"),
    [
        ("story", "SECTION_ROLES must map a section's folder to its role"),
        ({"voices": "story"}, "SECTION_ROLES names 'voices', which is not a section"),
        ({"news": "stroy"}, "SECTION_ROLES gives 'news' the role 'stroy'"),
        (
            {"news": "event", "blog": "event"},
            "SECTION_ROLES gives the role 'event' to both 'news' and 'blog'",
        ),
    ],
)
def test_a_wrong_section_role_is_one_line_naming_the_setting(roles, says):
    settings = {"ARTICLE_PATHS": ["news", "blog"], "SECTION_ROLES": roles}
    with pytest.raises(SectionRolesError) as raised:
        derive_conventions(settings)
    assert str(raised.value).startswith(says)
    assert "\n" not in str(raised.value)


def _string_constants(path):
    """(line, text) of every string in a Python file that is not a docstring."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def test_no_section_name_is_written_in_the_code_or_the_templates():
    """Renaming a section is a settings change: no folder name in code or templates."""
    sections = site_conventions().section_slugs
    for path in (ROOT / "plugins").rglob("*.py"):
        for line, text in _string_constants(path):
            for section in sections:
                assert text != section and not text.startswith(f"{section}/"), (
                    f"{path}:{line}: {text!r}"
                )
    for path in (ROOT / "theme" / "templates").rglob("*.html"):
        text = re.sub(r"{#.*?#}", "", path.read_text("utf-8"), flags=re.DOTALL)
        for section in sections:
            assert not re.search(rf"""["'/]{re.escape(section)}["'/]""", text), (
                f"{path}: {section}"
            )


def test_a_new_draft_has_the_fields_of_its_sections_role(tmp_path):
    from charity_site_ops.scaffold import start_post

    conventions = site_conventions()
    for role, wanted in ((STORY, "Consent:"), (EVENT, "Event_start:")):
        section = conventions.section_for_role(role)
        path = start_post(f"A {role}", section, tmp_path, ROOT / "pelicanconf.py")
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
        assert wanted in header, (role, header)
    plain = next(s for s in conventions.section_slugs if not conventions.role_of(s))
    other = start_post("A notice", plain, tmp_path, ROOT / "pelicanconf.py")
    assert "Consent:" not in other.read_text(encoding="utf-8").split("\n\n", 1)[0]
