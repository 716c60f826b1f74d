"""The CMS setting, read into a validated, immutable object. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..settings import BadSetting, limits, read_fields

# Decap CMS's Git hosts; each logs in through its own OAuth (docs/cms.md).
BACKENDS = ("github", "gitlab", "gitea", "bitbucket", "git-gateway")
# An empty backend is the shape of one, for a site not set up yet.
PLACEHOLDER_BACKEND = (("name", "github"), ("repo", "owner/repository"))
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_BACKEND_KEYS = ("name", "repo", "branch", "base_url", "auth_endpoint", "site_domain")


class CmsSettingError(BadSetting):
    """A wrong CMS setting; the message says which key and what to write."""


@dataclass(frozen=True)
class CmsSettings:
    """Where the web editor saves, and where the content is in the repository.

    Each field is a CMS key and its default (written only here).
    """

    # Decap's `backend`, key by key
    backend: tuple[tuple[str, str], ...] = field(
        default=(),
        metadata=limits(
            hint="use a dict like {'name': 'github', 'repo': 'owner/name'}"
        ),
    )
    content_folder: str = "content"  # content/, relative to the repository's root
    # decap-server's API address, for a preview; '' or None for none
    local_backend: str | None = ""

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
    """CMS read over the defaults and checked; never changes settings."""
    read = read_fields(
        settings,
        "CMS",
        CmsSettings,
        error=CmsSettingError,
        example="{'backend': {...}}",
    )
    backend = dict(read.backend or PLACEHOLDER_BACKEND)
    extra = sorted(set(backend) - set(_BACKEND_KEYS) - {"api_root"})
    if extra:
        raise CmsSettingError(
            f"CMS['backend'] has unknown key(s) {', '.join(extra)}: "
            f"use {', '.join(_BACKEND_KEYS)}"
        )
    name = backend.get("name", "")
    if name not in BACKENDS:
        raise CmsSettingError(
            f"CMS['backend']['name'] is {name!r}: use one of {', '.join(BACKENDS)}"
        )
    repo = backend.get("repo", "")
    if name != "git-gateway" and not _REPO.match(repo):
        raise CmsSettingError(
            f"CMS['backend']['repo'] is {repo!r}: write the repository as owner/name"
        )
    for key in ("base_url", "api_root"):
        if key in backend and not backend[key].startswith("https://"):
            raise CmsSettingError(
                f"CMS['backend'][{key!r}] is {backend[key]!r}: use an https:// address"
            )
    folder = read.content_folder.strip("/")
    if not folder or ".." in folder.split("/") or folder.startswith("~"):
        raise CmsSettingError(
            f"CMS['content_folder'] is {read.content_folder!r}: write the "
            "content folder relative to the repository, like 'content'"
        )
    local = read.local_backend or ""
    if local and not _origin(local):
        raise CmsSettingError(
            f"CMS['local_backend'] is {local!r}: write decap-server's address, like "
            "'http://localhost:8081/api/v1', or None"
        )
    return CmsSettings(
        backend=tuple(backend.items()), content_folder=folder, local_backend=local
    )
