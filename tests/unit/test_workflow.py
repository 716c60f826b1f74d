"""The workflows are valid GitHub Actions: the hourly one publishes with the
README's commands and no test run in its way; the tests run on push and pull
requests; every pull request's posts are checked, reported where the writer
looks, and a broken one fails the check."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from support.site import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
TESTS = WORKFLOWS / "tests.yml"
CHECK = WORKFLOWS / "check.yml"


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
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == [
        "check.yml",
        "publish.yml",
        "tests.yml",
    ]


@pytest.mark.parametrize("path", [PUBLISH, TESTS, CHECK], ids=lambda p: p.name)
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


def test_every_pull_request_is_checked_and_reported_where_the_writer_looks():
    workflow = load(CHECK)
    assert set(workflow[True]) == {"pull_request"}
    assert workflow[True]["pull_request"] is None, "every pull request"
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    (job,) = workflow["jobs"].values()
    assert job["name"] == "Check posts", "the name branch protection requires"
    steps = job["steps"]
    run = [step.get("run", "") for step in steps]
    assert "make setup" in run
    (check,) = [s for s in steps if ".venv/bin/invoke check" in s.get("run", "")]
    (summary,) = [s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", "")]
    assert "charity_site_ops.check_report" in summary["run"]
    assert summary["if"] == "always()", "a failed check is reported too"
    assert steps.index(check) < steps.index(summary)
    (comment,) = [s for s in steps if "gh api" in s.get("run", "")]
    assert "<!-- site-check -->" in comment["run"], "found again by its marker"
    assert "PATCH" in comment["run"], "updated, not duplicated"
    # A fork's token is read-only: skipped, and never what fails the check.
    assert "head.repo.full_name == github.repository" in comment["if"]
    assert comment["continue-on-error"] is True


def test_the_check_fails_exactly_when_invoke_check_fails(tmp_path):
    """The status invoke check exits with is kept, reported, then fails the job."""
    workflow = load(CHECK)
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    (check,) = [s for s in steps if ".venv/bin/invoke check" in s.get("run", "")]
    assert "PIPESTATUS[0]" in check["run"], "tee's status would hide the check's"
    last = steps[-1]
    assert last["if"] == "always()"
    assert "steps.check.outputs.status" in last["env"]["STATUS"]
    script = tmp_path / "last.sh"
    script.write_text(last["run"], encoding="utf-8")
    for status, code in (("0", 0), ("1", 1), ("2", 1)):
        result = subprocess.run(
            ["bash", "-e", str(script)],
            env={"STATUS": status, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
        )
        assert result.returncode == code, (status, result.stdout)


def test_the_check_job_publishes_and_deploys_nothing():
    run = commands(load(CHECK))
    assert not any("publish" in c or "deploy" in c for c in run)


def test_the_steps_report_what_a_failing_check_printed(tmp_path):
    """The check's and the summary's steps, run by bash as the runner runs them,
    with an invoke that prints one problem and exits 1."""
    (job,) = load(CHECK)["jobs"].values()
    steps = {step.get("id", step.get("name")): step for step in job["steps"]}
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "invoke").write_text(
        "#!/bin/sh\necho 'content/news/a b.md:2: error: <b>no</b> title — add one'"
        "\necho '1 error(s), 0 warning(s) in content/'\nexit 1\n",
        encoding="utf-8",
    )
    (bin_ / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n', "utf-8")
    for tool in bin_.iterdir():
        tool.chmod(0o755)
    temp, output, summary = tmp_path / "temp", tmp_path / "out", tmp_path / "sum"
    temp.mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
    }

    def step(name: str, **extra: str) -> None:
        subprocess.run(
            [
                "bash",
                "--noprofile",
                "--norc",
                "-eo",
                "pipefail",
                "-c",
                steps[name]["run"],
            ],
            cwd=tmp_path,
            env={**env, **extra},
            check=True,
        )

    step("check")
    assert output.read_text(encoding="utf-8") == "status=1\n"
    step("Write the report into the summary", STATUS="1")
    text = summary.read_text(encoding="utf-8")
    assert "**content/news/a b.md:2**: &lt;b&gt;no&lt;/b&gt; title" in text
    assert "**1 error, 0 warnings.**" in text
