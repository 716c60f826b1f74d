"""The one cache: entries keyed by content bytes, settings and code. Pure.

Every entry lives under one root (SITE_CACHE, `.cache/` by default) in a
folder per kind (`parsed/` posts, `images/` picture variants, `pages/` the
preview writer's record). A key is a hash of everything the entry was made
from, never a file's modification time, so an entry can only be stale if its
key is wrong; and no entry holds a decision that depends on another file.
Writes go to a temporary name and are renamed into place: a killed build never
leaves half an entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Every library whose version changes what a source turns into: the parse and
# the sanitiser (an nh3 upgrade must not keep old sanitised HTML), the reading
# level, pictures and cards, pages, feeds, calendars, the digest, compression.
LIBRARIES = (
    "pelican",
    "markdown",
    "nh3",
    "textstat-rs",
    "pillow",
    "resvg-py",
    "jinja2",
    "markupsafe",
    "feedgen",
    "lxml",
    "icalendar",
    "css-inline",
    "brotli",
    "pyyaml",
)


def digest(*parts: str | bytes) -> str:
    """A short hash of the parts, in order."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(
            part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        )
        hasher.update(b"\0")
    return hasher.hexdigest()[:32]


def files_digest(paths: list[Path]) -> str:
    """A hash of the names and bytes of files (a theme, the plugin's code)."""
    hasher = hashlib.sha256()
    for path in sorted(paths):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()[:32]


def installed_versions() -> dict[str, str]:
    """Each installed distribution's version, by its normalised name.

    What importlib.metadata.version() answers, read from the names of the
    dist-info (or egg-info) folders on sys.path, the first found winning as
    there: importing importlib.metadata costs a nothing-changed preview 50 ms.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = sorted(p.name for p in Path(entry or ".").iterdir())
        except OSError:  # a zip file or a folder that is not there
            continue
        for name in names:
            stem, dot, kind = name.rpartition(".")
            if not dot or kind not in ("dist-info", "egg-info"):
                continue
            project, _, version = stem.partition("-")
            found.setdefault(_normalised(project), version.partition("-")[0])
    return found


def _normalised(name: str) -> str:
    """A distribution's name as its dist-info folder and PEP 503 spell it."""
    return re.sub(r"[-_.]+", "_", name).lower()


def code_fingerprint(folder: Path = PACKAGE) -> str:
    """The code of every rule and step in the package, and the library versions."""
    installed = installed_versions()
    versions = [
        f"{name}={installed.get(_normalised(name)) or 'none'}" for name in LIBRARIES
    ]
    return digest(files_digest(list(folder.rglob("*.py"))), *versions)


class Store:
    """Pickled entries under root/<kind>/<key>; a missing or broken one is a miss."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    def load(self, kind: str, key: str) -> object | None:
        """The entry, or None when there is none (or it cannot be read)."""
        try:
            with self._path(kind, key).open("rb") as handle:
                return pickle.load(handle)  # noqa: S301 (our own cache files)
        except (OSError, EOFError, pickle.PickleError, AttributeError, ImportError):
            return None
        except (ValueError, TypeError, IndexError):
            return None

    def save(self, kind: str, key: str, value: object) -> None:
        """Store an entry atomically; a cache that cannot be written is no error."""
        path = self._path(kind, key)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(handle, "wb") as stream:
                    pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
                Path(temporary).replace(path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    Path(temporary).unlink()
