"""support/shared.py: a costly session fixture is made once a run, whatever the
number of workers, and a failed making is tried again, never read back half made."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from support.shared import once


def test_the_first_caller_makes_it_and_the_others_read_its_record(tmp_path_factory):
    name = f"unit-{uuid.uuid4().hex}"
    made: list[Path] = []

    def make(folder: Path) -> Path:
        made.append(folder)
        time.sleep(0.1)  # long enough for the others to ask meanwhile
        (folder / "site").write_text("built", encoding="utf-8")
        return folder / "site"

    tmp_path_factory.getbasetemp()  # made once here: each worker has its own
    # Four at once, as workers would ask: the lock lets one make it.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda _: once(tmp_path_factory, name, make, str, Path), range(4))
        )
    assert len(made) == 1
    assert results == [made[0] / "site"] * 4
    assert results[0].read_text(encoding="utf-8") == "built"


def test_a_failed_making_leaves_no_record_and_is_made_again(tmp_path_factory):
    name = f"unit-{uuid.uuid4().hex}"

    def fail(folder: Path) -> str:
        (folder / "half").write_text("half made", encoding="utf-8")
        raise AssertionError("the build failed")

    with pytest.raises(AssertionError):
        once(tmp_path_factory, name, fail, str, str)

    def make(folder: Path) -> str:
        assert list(folder.iterdir()) == [], "a fresh folder, not the failed one's"
        return "whole"

    assert once(tmp_path_factory, name, make, str, str) == "whole"
