"""The folders a task is given: where a preview, a publish or a digest may go."""

from __future__ import annotations

from pathlib import Path

from charity_site_ops.commands import option_given, option_name
from charity_site_ops.problems import TaskError


def absolute_folder(path: str | Path) -> Path:
    """An absolute path that keeps a final symlink as it is (the swap needs it)."""
    folder = Path(path).absolute()
    return folder.parent.resolve() / folder.name


def preview_folder(output: str | Path, published: Path, preview: Path) -> Path:
    """The preview folder, refused when it is (in) the folder that gets uploaded."""
    folder = absolute_folder(output)
    # Resolved both ways: output/x, or a link to output/, would put drafts
    # with relative links into the site that is uploaded.
    inside = folder.resolve().is_relative_to(published.resolve())
    if folder == published or inside:
        raise TaskError(
            f"error: {published} is the published site, which a preview must never "
            f"overwrite: leave out {option_name('output')} to preview into {preview}"
        )
    return folder


def digest_folder(output: str | Path) -> Path:
    """The digest's folder, or one line when a file stands where it would go."""
    folder = Path(output)
    for place in (folder, *folder.parents):
        if place.is_dir():
            break
        if place.exists() or place.is_symlink():
            given = option_given("output", output, quoted=False)
            raise TaskError(
                f"error: {given} cannot be a folder: {place} is a file; "
                "choose a folder for the digest (nothing was written)"
            )
    return folder
