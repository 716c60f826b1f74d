"""The launcher says nothing changed before Pelican loads, exactly as Pelican
would, and never when anything a build is made from has changed.

Every build runs as the tasks run it: pelican_command() in a new process. A
sitecustomize (on PYTHONPATH in every run, so the same environment each time)
notes as the process ends whether Pelican was imported: "launcher" when the
launcher answered alone, "pelican" when the build went to Pelican.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from charity_site_ops.pelican_cli import pelican_command
from support.site import ROOT, SITEURL, copy_project, small_site

NOTHING = "Nothing changed since the last build"
POST = "news/good-post.md"
PROBE = """
import atexit, os, sys

def _note():
    with open(os.environ["LAUNCH_PROBE"], "a", encoding="utf-8") as out:
        out.write("pelican\\n" if "pelican" in sys.modules else "launcher\\n")

atexit.register(_note)
"""
# A settings file of the test's own: it imports pelicanconf, and reads a
# variable of the environment.
SETTINGS = """from pelicanconf import *  # noqa: F403
import os

SITENAME = os.environ.get("LAUNCH_SITENAME", "Launch test")
"""


def settle() -> None:
    """Let a module just written age past SETTLED_NS: one changed as a build
    starts may be imported old or new, so that build records no Launch."""
    time.sleep(0.3)


@dataclass(frozen=True)
class Run:
    """One build's exit status, what it printed, and who answered."""

    code: int
    out: str
    err: str
    by: str  # "launcher" or "pelican"

    @property
    def log(self) -> str:
        """Everything it printed."""
        return self.out + self.err


class Site:
    """A small site, its output and cache in tmp_path, built in new processes."""

    def __init__(self, tmp_path: Path, settings: Path | None = None) -> None:
        self.tmp = tmp_path
        self.content = small_site(tmp_path / "content")
        self.output = tmp_path / "out"
        self.cache = tmp_path / "cache"
        self.settings = settings or ROOT / "pelicanconf.py"
        probe = tmp_path / "probe"
        probe.mkdir()
        (probe / "sitecustomize.py").write_text(PROBE, encoding="utf-8")
        settle()
        self.probe = tmp_path / "probe.txt"
        self.env = {
            **os.environ,
            "SITE_CACHE": str(self.cache),
            "SITEURL": SITEURL,
            "COLUMNS": "400",
            "PYTHONPATH": str(probe),
            "LAUNCH_PROBE": str(self.probe),
        }
        self.extra: list[str] = []

    def command(self, *extra: str) -> list[str]:
        """The tasks' command line for this site."""
        return pelican_command(
            self.content, self.output, self.settings, *self.extra, *extra
        )

    def run(self, *extra: str, command: list[str] | None = None, **env: str) -> Run:
        """Build once, as the tasks do."""
        done = subprocess.run(
            command or self.command(*extra),
            cwd=self.tmp,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        by = self.probe.read_text(encoding="utf-8").split()[-1]
        return Run(done.returncode, done.stdout, done.stderr, by)

    def record_file(self) -> Path:
        """The one nothing-changed record in the cache."""
        (record,) = [p for p in (self.cache / "unchanged").rglob("*") if p.is_file()]
        return record

    def record(self) -> object:
        """The record the last complete build left."""
        return pickle.loads(self.record_file().read_bytes())  # noqa: S301 (ours)

    def skipped_by_launcher(self) -> Run:
        """Build again: the launcher must answer alone; its run."""
        again = self.run()
        assert again.by == "launcher", again.log
        assert again.code == 0
        assert NOTHING in again.out
        return again

    def rebuilt(self, **env: str) -> Run:
        """Build again: Pelican must build in full; its run."""
        again = self.run(**env)
        assert again.by == "pelican", again.log
        assert again.code == 0, again.log
        assert NOTHING not in again.log
        return again


def files(output: Path) -> dict[Path, tuple[bytes, int]]:
    return {
        p: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in output.rglob("*")
        if p.is_file()
    }


def summery(post: Path) -> None:
    """Give the post a problem the editor must still see when nothing is rebuilt."""
    post.write_text(
        post.read_text(encoding="utf-8").replace("Summary:", "Summery:", 1),
        encoding="utf-8",
    )


def test_the_launcher_says_what_pelican_would_without_loading_it(tmp_path):
    site = Site(tmp_path)
    summery(site.content / POST)
    first = site.run()
    assert first.by == "pelican" and first.code == 0, first.log
    assert NOTHING not in first.log
    problems = [line for line in first.out.splitlines() if f"{POST}:" in line]
    assert problems, first.log
    record = site.record()
    sources = [Path(name) for name, _ in record.launch.sources]
    assert ROOT / "pelicanconf.py" in sources  # the settings file
    assert ROOT / "plugins" / "charity_site_ops" / "launch.py" in sources
    before = files(site.output)

    quick = site.skipped_by_launcher()
    assert files(site.output) == before, "nothing is written"
    assert quick.err == ""
    lines = quick.out.splitlines()
    assert lines[: len(problems)] == problems
    assert lines[-1] == f"{NOTHING}: out/ is up to date"

    # Pelican itself, asked the same, prints the same and exits the same.
    command = site.command()
    command[2] = "pelican"
    plain = site.run(command=command)
    assert plain.by == "pelican"
    assert (plain.code, plain.out, plain.err) == (quick.code, quick.out, quick.err)


def test_any_change_goes_to_pelican(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = tmp_path / "launchconf.py"
    settings.write_text(SETTINGS, encoding="utf-8")
    site = Site(tmp_path, settings)  # which waits for the settings to settle
    site.extra = ["-e", f"THEME={json.dumps(str(theme))}"]
    post = site.content / POST
    assert site.run().by == "pelican"
    site.skipped_by_launcher()

    # A post's bytes, a new post, a renamed one, a deleted one.
    post.write_text(post.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    site.rebuilt()
    site.skipped_by_launcher()
    new = site.content / "news" / "new-post.md"
    new.write_text(
        post.read_text(encoding="utf-8").replace("fine", "new"), encoding="utf-8"
    )
    site.rebuilt()
    site.skipped_by_launcher()
    new.rename(new.with_name("renamed-post.md"))
    site.rebuilt()
    site.skipped_by_launcher()
    new.with_name("renamed-post.md").unlink()
    site.rebuilt()
    site.skipped_by_launcher()

    # The output touched by hand: rebuilt, and the page is back.
    page = site.output / "news" / "good-post" / "index.html"
    page.unlink()
    site.rebuilt()
    assert page.is_file()
    site.skipped_by_launcher()

    # The theme.
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    site.rebuilt()
    site.skipped_by_launcher()

    # The settings file, and a variable it reads.
    settings.write_text(SETTINGS.replace("Launch test", "Launched"), encoding="utf-8")
    settle()
    site.rebuilt()
    site.skipped_by_launcher()
    site.env["LAUNCH_SITENAME"] = "From the environment"
    site.rebuilt()
    site.skipped_by_launcher()

    # The clock past the moment the record names: built again.
    record = site.record()
    site.record_file().write_bytes(pickle.dumps(dataclasses.replace(record, until=0)))
    site.rebuilt()
    site.skipped_by_launcher()

    # Another command line (another SITE_NOW): built again.
    site.extra.extend(["-e", 'SITE_NOW="2026-07-14T23:30:00+00:00"'])
    site.rebuilt()
    site.skipped_by_launcher()


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("SITEURL", "https://elsewhere.example"),  # not read by a preview's settings
        ("SOME_NEW_VARIABLE", "1"),
    ],
)
def test_another_environment_is_pelicans_to_judge(tmp_path, change, value):
    site = Site(tmp_path)
    site.run()
    site.skipped_by_launcher()
    again = site.run(**{change: value})
    assert again.by == "pelican"  # whose own check may find nothing changed
    assert again.code == 0


def test_another_interpreter_option_or_pelican_option_is_pelicans(tmp_path):
    site = Site(tmp_path)
    site.run()
    site.skipped_by_launcher()
    command = site.command()
    command.insert(1, "-B")  # an option of Python's own
    assert site.run(command=command).by == "pelican"
    assert site.run("-q").by == "pelican"  # an option the launcher does not read
    # The record follows the last start Pelican found nothing changed in: the
    # first run as before goes to Pelican, the next to the launcher.
    assert site.run().by == "pelican"
    site.skipped_by_launcher()


def test_a_copy_of_the_project_is_never_judged_by_the_launcher(tmp_path):
    # Its plugin is the copy's, not the package the launcher imports.
    project = copy_project(tmp_path / "project")
    site = Site(tmp_path, project / "pelicanconf.py")
    assert site.run().by == "pelican"
    again = site.run()
    assert again.by == "pelican"
    assert NOTHING in again.out  # the plugin's own check, in the copy
    step = project / "plugins" / "charity_site" / "unchanged.py"
    step.write_text(step.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    rebuilt = site.run()
    assert rebuilt.by == "pelican"
    assert NOTHING not in rebuilt.log


def test_a_start_that_printed_a_line_is_left_to_pelican(tmp_path):
    # A warning at start-up (here Pelican's, on a setting it renamed) is
    # printed by every run: the launcher, which cannot print it, stands aside.
    site = Site(tmp_path)
    site.extra = ["-e", 'PAGINATED_DIRECT_TEMPLATES=["index"]']
    first = site.run()
    assert first.code == 0, first.log
    assert first.err, "the setting gave no warning: choose another"
    assert site.record().launch is None
    again = site.run()
    assert again.by == "pelican"
    assert NOTHING in again.out
    assert again.err == first.err
