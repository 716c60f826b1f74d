"""The CMS setting, read into a validated, immutable object. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

# Decap CMS's Git hosts; each logs in through its own OAuth (docs/cms.md).
BACKENDS = ("github", "gitlab", "gitea", "bitbucket", "git-gateway")
DEFAULTS: dict[str, object] = {
    "backend": {},
    "content_folder": "content",
    "local_backend": "",
}
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_BACKEND_KEYS = ("name", "repo", "branch", "base_url", "auth_endpoint", "site_domain")


class CmsSettingError(ValueError):
    """A wrong CMS setting; the message says which key and what to write."""


@dataclass(frozen=True)
class CmsSettings:
    """Where the web editor saves, and where the content is in the repository."""

    backend: tuple[tuple[str, str], ...]  # Decap's `backend`, key by key
    content_folder: str  # content/, relative to the repository's root
    local_backend: str  # decap-server's API address, for a preview; '' for none

    @property
    def origins(self) -> tuple[str, ...]:
        """The https origins the editor talks to besides the site (for the CSP)."""
        backend = dict(self.backend)
        found = set()
        if backend.get("name") == "github":
            # The GitHub API, the avatars it names for the logged-in editor, and
            # GitHub's status page, which Decap asks so it can say when GitHub is down.
            found |= {
                "https://api.github.com",
                "https://avatars.githubusercontent.com",
                "https://www.githubstatus.com",
            }
        elif backend.get("name") == "gitlab":
            found.add("https://gitlab.com")
        elif backend.get("name") == "bitbucket":
            found.add("https://api.bitbucket.org")
        for key in ("base_url", "api_root"):
            origin = _origin(backend.get(key, ""))
            if origin:
                found.add(origin)
        return tuple(sorted(found))


def _origin(address: str) -> str:
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def read_cms_settings(settings: Mapping[str, object]) -> CmsSettings:
    """Merge CMS over the defaults and validate it; never changes settings."""
    given = settings.get("CMS") or {}
    if not isinstance(given, Mapping):
        raise CmsSettingError("CMS must be a dict, for example {'backend': {...}}")
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise CmsSettingError(
            f"CMS has unknown key(s) {', '.join(unknown)}: use {', '.join(DEFAULTS)}"
        )
    merged = {**DEFAULTS, **given}
    backend = merged["backend"] or {"name": "github", "repo": "owner/repository"}
    if not isinstance(backend, Mapping):
        raise CmsSettingError("CMS['backend'] must be a dict, like {'name': 'github'}")
    extra = sorted(set(backend) - set(_BACKEND_KEYS) - {"api_root"})
    if extra:
        raise CmsSettingError(
            f"CMS['backend'] has unknown key(s) {', '.join(extra)}: "
            f"use {', '.join(_BACKEND_KEYS)}"
        )
    name = str(backend.get("name", ""))
    if name not in BACKENDS:
        raise CmsSettingError(
            f"CMS['backend']['name'] is {name!r}: use one of {', '.join(BACKENDS)}"
        )
    repo = str(backend.get("repo", ""))
    if name != "git-gateway" and not _REPO.match(repo):
        raise CmsSettingError(
            f"CMS['backend']['repo'] is {repo!r}: write the repository as owner/name"
        )
    for key in ("base_url", "api_root"):
        if key in backend and not str(backend[key]).startswith("https://"):
            raise CmsSettingError(
                f"CMS['backend'][{key!r}] is {backend[key]!r}: use an https:// address"
            )
    folder = str(merged["content_folder"]).strip("/")
    if not folder or ".." in folder.split("/") or folder.startswith("~"):
        raise CmsSettingError(
            f"CMS['content_folder'] is {merged['content_folder']!r}: write the "
            "content folder relative to the repository, like 'content'"
        )
    local = str(merged["local_backend"] or "")
    if local and not _origin(local):
        raise CmsSettingError(
            f"CMS['local_backend'] is {local!r}: write decap-server's address, like "
            "'http://localhost:8081/api/v1', or None"
        )
    return CmsSettings(
        backend=tuple((str(k), str(v)) for k, v in backend.items()),
        content_folder=folder,
        local_backend=local,
    )
