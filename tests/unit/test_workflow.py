"""The workflows are valid GitHub Actions: the hourly one publishes with the
README's commands and no test run in its way; the tests run on push and pull
requests."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from support.site import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
TESTS = WORKFLOWS / "tests.yml"


def validate(path) -> subprocess.CompletedProcess:
    """check-jsonschema with its bundled GitHub workflow schema (works offline)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def load(path) -> dict:
    """A workflow as data."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def commands(workflow: dict) -> list[str]:
    """The shell commands of every step of every job."""
    return [
        step.get("run", "")
        for job in workflow["jobs"].values()
        for step in job["steps"]
    ]


def test_the_workflows_are_the_publish_and_the_tests():
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["publish.yml", "tests.yml"]


@pytest.mark.parametrize("path", [PUBLISH, TESTS], ids=lambda p: p.name)
def test_each_workflow_passes_the_github_actions_schema(path, tmp_path):
    result = validate(path)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(
        path.read_text(encoding="utf-8").replace("runs-on:", "run-on:"), "utf-8"
    )
    assert validate(broken).returncode != 0, "the check can fail"


def test_it_publishes_on_push_by_hand_and_every_hour_with_the_readme_commands():
    workflow = load(PUBLISH)
    triggers = workflow[True]  # YAML reads the key `on` as True
    assert set(triggers) == {"push", "workflow_dispatch", "schedule"}
    assert triggers["push"]["branches"] == ["main"]
    (schedule,) = triggers["schedule"]
    minute, hour, *_rest = schedule["cron"].split()
    assert minute.isdigit() and hour == "*", "hourly"
    build = workflow["jobs"]["build"]["steps"]
    run = [step.get("run", "") for step in build]
    assert "make setup" in run
    assert ".venv/bin/invoke publish" in run
    uses = [
        step.get("uses", "")
        for job in workflow["jobs"].values()
        for step in job["steps"]
    ]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert workflow["permissions"] == {
        "contents": "read",
        "pages": "write",
        "id-token": "write",
    }


def test_no_test_stands_between_a_scheduled_run_and_the_publish():
    """A flaky test must never hold back a post: the publishing workflow runs no
    tests and waits for no other workflow (`invoke publish` checks every post)."""
    workflow = load(PUBLISH)
    for command in commands(workflow):
        for word in ("pytest", "invoke test", "make test", "invoke lint"):
            assert word not in command, command
    assert "workflow_run" not in workflow[True]
    assert [job.get("needs") for job in workflow["jobs"].values()] == [None, "build"]


def test_the_tests_run_on_every_push_and_pull_request_and_publish_nothing():
    workflow = load(TESTS)
    triggers = workflow[True]
    assert set(triggers) == {"push", "pull_request"}
    assert triggers["push"] is None and triggers["pull_request"] is None, "every one"
    assert workflow["permissions"] == {"contents": "read"}
    run = commands(workflow)
    assert "make setup" in run
    (suite,) = [c for c in run if "pytest" in c]
    assert "tests/unit" in suite and "tests/build" in suite
    assert not any("publish" in c or "deploy" in c for c in run)
    uses = [
        s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]
    ]
    assert not any("pages" in u for u in uses)


def test_the_build_cache_is_kept_between_runs_before_the_publish():
    workflow = load(PUBLISH)
    steps = workflow["jobs"]["build"]["steps"]
    names = [step.get("uses", step.get("run", "")) for step in steps]
    (cache,) = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    # The folder pelicanconf.py uses when SITE_CACHE is not set.
    assert (ROOT / cache["with"]["path"]) == ROOT / ".cache"
    assert cache["with"]["restore-keys"], "a run restores the newest earlier cache"
    assert names.index(cache["uses"]) < names.index(".venv/bin/invoke publish")
