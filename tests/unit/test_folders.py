"""A preview never goes into the folder that is uploaded, however it is named."""

from __future__ import annotations

import pytest

from charity_site_ops.folders import preview_folder
from charity_site_ops.problems import TaskError


def test_a_preview_into_or_inside_the_published_site_is_refused(tmp_path):
    published, preview = tmp_path / "output", tmp_path / "preview"
    published.mkdir()
    (tmp_path / "link").symlink_to(published)
    for wrong in (published, published / "x", tmp_path / "link", tmp_path / "link/x"):
        with pytest.raises(TaskError, match="is the published site"):
            preview_folder(wrong, published, preview)
    assert preview_folder(preview, published, preview) == preview
    assert preview_folder(tmp_path / "output-2", published, preview).name == "output-2"
