"""Nothing outside content/ is read or published, and no build writes outside its
output folder: symlinks, `{static}/../` links and extra/ files that would replace
the site's own pages are each one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support.site import build, small_site
from support.verdicts import invoke

POST = "Title: {}\nDate: 2025-05-01\nSummary: A post.\n\n{}\n"


def snapshot(folder: Path, skip: tuple[str, ...]) -> dict[str, tuple]:
    """Every path under folder (links not followed) with its kind, bytes and mtime."""
    found = {}
    for here, dirs, files in os.walk(folder, followlinks=False):
        rel = Path(here).relative_to(folder)
        if rel.parts and rel.parts[0] in skip:
            dirs[:] = []
            continue
        for name in [*dirs, *files]:
            if not rel.parts and name.startswith(skip):
                continue  # the build's own folders (and a publish's lock beside one)
            path = Path(here) / name
            stat = path.lstat()
            data = (
                path.read_bytes() if path.is_file() and not path.is_symlink() else b""
            )
            found[(rel / name).as_posix()] = (stat.st_mode, stat.st_mtime_ns, data)
    return found


@pytest.fixture()
def hostile(tmp_path) -> Path:
    """A content folder with every way out of it we know, beside files to steal."""
    work = tmp_path / "work"
    content = work / "content"
    small_site(content)
    (work / "outside.txt").write_text("secret beside content", encoding="utf-8")
    (work / "private").mkdir()
    (work / "private" / "notes.md").write_text(POST.format("Private", "x"), "utf-8")
    (content / "extra" / "verify").mkdir(parents=True)
    (content / "extra" / "verify" / "index.html").write_text("token", "utf-8")
    (content / "extra" / ".well-known").mkdir()
    (content / "extra" / ".well-known" / "security.txt").write_text(
        "Contact: mailto:security@example.org\n", "utf-8"
    )
    (content / "extra" / "index.html").write_text("not the home page", "utf-8")
    (content / "extra" / "etc").symlink_to("/etc")
    (content / "extra" / "hostname.txt").symlink_to("/etc/hostname")
    (content / "stories").mkdir()
    (content / "stories" / "root").symlink_to("/")
    (content / "stories" / "loop").symlink_to("..")
    (content / "news" / "private").symlink_to(work / "private")
    (content / "news" / "escape.md").write_text(
        POST.format(
            "Escape",
            "[a]({static}/../outside.txt) [b]({attach}/../outside.txt) "
            "![c]({static}/../../outside.txt) [d]({filename}/../private/notes.md)",
        ),
        "utf-8",
    )
    return content


@pytest.mark.parametrize("how", ["preview", "publish", "check"])
def test_no_build_reads_or_writes_outside_its_folders(hostile, how):
    work = hostile.parent
    before = snapshot(work, skip=("out", "cache", "site"))
    if how == "preview":
        result = build(hostile, work / "out", cache=work / "cache")
        output, log, code = result.output, result.log, result.returncode
    else:
        args = ["--content", str(hostile)]
        if how == "publish":
            args += ["--output", str(work / "site")]
        ran = invoke(how, *args, cache=work / "cache")
        output, log, code = work / "site", ran.stdout + ran.stderr, ran.returncode
    assert snapshot(work, skip=("out", "cache", "site")) == before
    assert "Traceback" not in log
    expected = [
        "extra/etc:1: error: this folder is a link to another folder",
        "stories/root:1: error: this folder is a link to another folder",
        "stories/loop:1: error: this folder is a link to another folder",
        "news/private:1: error: this folder is a link to another folder",
        "extra/hostname.txt:1: error: this file is a link to a file outside",
        "extra/index.html:1: error: this file cannot be published: it would replace "
        "/index.html, which is the home page",
        "news/escape.md:5: error: '{static}/../outside.txt' points outside",
        "news/escape.md:5: error: '{attach}/../outside.txt' points outside",
        "news/escape.md:5: error: '{static}/../../outside.txt' points outside",
        "news/escape.md:5: error: '{filename}/../private/notes.md' points outside",
    ]
    for line in expected:
        assert line in log, (line, log)
    if how != "preview":
        assert code == 1
        assert not output.exists(), "a refused publish writes nothing"
        return
    assert code == 0, log
    written = {p.relative_to(output).as_posix() for p in output.rglob("*")}
    assert not any(
        name.startswith(("etc", "root", "loop", "news/private")) for name in written
    )
    assert {"hostname.txt", "outside.txt", "private"}.isdisjoint(
        Path(name).name for name in written
    )
    assert (output / "verify" / "index.html").read_text(encoding="utf-8") == "token"
    assert (output / ".well-known" / "security.txt").is_file()
    assert "not the home page" not in (output / "index.html").read_text("utf-8")
    assert (
        not (output.parent / "outside.txt").exists()
        or (output.parent / "outside.txt").read_text(encoding="utf-8")
        == "secret beside content"
    )
