"""A message names an option the way the person typed the command: the make form
under make (make exports MAKELEVEL to what it runs), the invoke form otherwise."""

from __future__ import annotations

import errno

import pytest

from charity_site_ops.commands import (
    command_hint,
    option_given,
    option_hint,
    option_name,
)
from charity_site_ops.deploying import DeployError, read_keep, rollback
from charity_site_ops.folders import digest_folder
from charity_site_ops.preview_server import PortUnavailable, read_port
from charity_site_ops.problems import TaskError
from charity_site_ops.scaffold import which_section

IN_USE = OSError(errno.EADDRINUSE, "Address already in use")


@pytest.fixture()
def invoke_run(monkeypatch):
    monkeypatch.delenv("MAKELEVEL", raising=False)


@pytest.fixture()
def make_run(monkeypatch):
    monkeypatch.setenv("MAKELEVEL", "1")


def test_under_invoke_an_option_is_its_flag(invoke_run):
    assert option_hint("port", 8001, "serve") == "--port 8001"
    assert option_hint("target", "/srv/my site", "deploy") == "--target '/srv/my site'"
    assert option_name("output") == "--output"
    assert option_given("port", "abc") == "--port 'abc'"


def test_under_make_an_option_is_the_variable_and_the_whole_command(make_run):
    assert option_hint("port", 8001, "serve") == "make serve PORT=8001"
    assert option_hint("target", "/srv/my site", "rollback") == (
        "make rollback TARGET='/srv/my site'"
    )
    assert option_hint("section", "stories") == "SECTION=stories"
    assert option_name("output") == "OUTPUT"
    assert option_given("port", "abc") == "PORT='abc'"
    assert option_given("content", "posts", quoted=False) == "CONTENT=posts"


def test_a_whole_command_is_the_one_that_was_typed(monkeypatch):
    monkeypatch.setenv("MAKELEVEL", "2")
    assert command_hint("digest", "since", "2025-09-01") == (
        "make digest SINCE=2025-09-01"
    )
    monkeypatch.delenv("MAKELEVEL")
    assert command_hint("digest", "since", "2025-09-01") == (
        "invoke digest --since 2025-09-01"
    )


def test_an_empty_makelevel_is_not_make(monkeypatch):
    monkeypatch.setenv("MAKELEVEL", "")
    assert option_hint("port", 8001, "serve") == "--port 8001"


def test_a_port_in_use_says_the_command_to_copy(invoke_run, monkeypatch):
    assert str(PortUnavailable(8000, IN_USE)).endswith(
        "serve on another port with --port 8001"
    )
    monkeypatch.setenv("MAKELEVEL", "1")
    assert str(PortUnavailable(8000, IN_USE)).endswith(
        "serve on another port with make serve PORT=8001"
    )
    assert str(PortUnavailable(8000, IN_USE, task="serve-published")).endswith(
        "make serve-published PORT=8001"
    )
    with pytest.raises(TaskError) as wrong:
        read_port("80.5")
    assert str(wrong.value) == (
        "error: PORT='80.5' is not a port: write a number from 1 to 65535, "
        "like make serve PORT=8000"
    )


def test_the_deploy_messages_name_the_make_target(make_run):
    with pytest.raises(DeployError) as none:
        rollback("")
    assert str(none.value).endswith("make rollback TARGET=/srv/site")
    with pytest.raises(DeployError) as keep:
        read_keep("many")
    assert str(keep.value).startswith("error: KEEP='many' is not a positive")
    assert str(keep.value).endswith("like make deploy KEEP=5")


def test_a_digest_folder_under_a_file_names_the_variable(make_run, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(TaskError) as wrong:
        digest_folder(tmp_path / "file" / "digests")
    assert str(wrong.value).startswith(f"error: OUTPUT={tmp_path}/file/digests ")


def test_a_missing_section_is_asked_for_with_the_choices(monkeypatch):
    sections = ("stories", "campaigns", "news", "events")
    monkeypatch.setenv("MAKELEVEL", "1")
    assert which_section("Dan's walk", sections, "pages") == (
        "error: say which section: make new TITLE='Dan'\"'\"'s walk' "
        "SECTION=stories (sections: stories, campaigns, news, events; pages for a "
        "page)"
    )
    monkeypatch.delenv("MAKELEVEL")
    assert which_section("Our walk", sections, "pages").startswith(
        "error: say which section: invoke new 'Our walk' --section stories ("
    )


def test_the_answer_to_saves_made_during_a_rebuild_is_the_last_builds():
    # A rebuild that failed, then one after the save that mended it: what is
    # served now is whole, and every file either changed is reloaded.
    from charity_site_ops.preview_server import merged_answers

    failed = {"done": 1, "changed": ["a/index.html"], "requests": 1}
    mended = {"done": 0, "changed": ["b/index.html", "a/index.html"], "requests": 2}
    merged = merged_answers([failed, mended])
    assert merged["done"] == 0
    assert merged["changed"] == ["a/index.html", "b/index.html"]
    assert merged_answers([mended, failed])["done"] == 1
    unknown = {"done": 0, "changed": None}
    assert merged_answers([failed, unknown])["changed"] is None
