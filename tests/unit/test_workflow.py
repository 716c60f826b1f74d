"""The publishing workflow is valid GitHub Actions and runs the README's commands."""

from __future__ import annotations

import subprocess
import sys

import yaml

from support.site import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


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


def test_the_workflow_passes_the_github_actions_schema(tmp_path):
    result = validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:"), "utf-8"
    )
    assert validate(broken).returncode != 0, "the check can fail"


def test_it_publishes_on_push_by_hand_and_every_hour_with_the_readme_commands():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    (schedule,) = triggers["schedule"]
    minute, hour, *_rest = schedule["cron"].split()
    assert minute.isdigit() and hour == "*", "hourly"
    build = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in build]
    assert "make setup" in commands
    assert ".venv/bin/invoke publish" in commands
    assert any("pytest" in c and "tests/browser" not in c for c in commands)
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


def test_the_build_cache_is_kept_between_runs_before_the_publish():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    names = [step.get("uses", step.get("run", "")) for step in steps]
    (cache,) = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    # The folder pelicanconf.py uses when SITE_CACHE is not set.
    assert (ROOT / cache["with"]["path"]) == ROOT / ".cache"
    assert cache["with"]["restore-keys"], "a run restores the newest earlier cache"
    assert names.index(cache["uses"]) < names.index(".venv/bin/invoke publish")
