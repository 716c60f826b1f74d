"""`invoke vendor-cms` and `invoke vendor-font`: files copied out of npm packages.

The site never loads a script or a font from a CDN: what it needs of an npm
package is kept in vendor/, with the package's version, address, checksum and
licence beside it in source.json.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from charity_site_ops.problems import TaskError

# Runs one shell command line quietly, failing as the tasks fail (invoke's c.run).
Runner = Callable[[str], object]

CMS_PACKAGE = "decap-cms"
# The files of the npm package kept: the bundle and the notices of what it bundles.
# The chunks beside it in dist/ are CodeMirror modes for the code widget, which
# the site's editor does not use.
CMS_FILES = ("dist/decap-cms.js", "dist/decap-cms.js.LICENSE.txt")
FONT_PACKAGE = "@fontsource/atkinson-hyperlegible"
FONT_FILES = (
    "files/atkinson-hyperlegible-latin-700-normal.woff",
    "files/atkinson-hyperlegible-latin-ext-700-normal.woff",
    "unicode.json",
    "LICENSE",
)


def vendor_npm(
    run: Runner,
    package: str,
    version: str,
    files: tuple[str, ...],
    folder: Path,
    licence: str,
) -> dict:
    """Copy files out of an npm package into folder; return its package.json.

    `npm pack` into a temporary folder, so nothing is installed; a package whose
    licence is no longer the one we vendored it under is refused.
    """
    with tempfile.TemporaryDirectory() as temp:
        run(
            f"npm pack --silent --pack-destination {shlex.quote(temp)} "
            f"{shlex.quote(f'{package}@{version}')}"
        )
        (tarball,) = Path(temp).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            manifest = json.load(archive.extractfile("package/package.json"))
            if manifest["license"] != licence:
                raise TaskError(f"error: {package} is now {manifest['license']}")
            folder.mkdir(parents=True, exist_ok=True)
            for name in files:
                data = archive.extractfile(f"package/{name}").read()
                (folder / Path(name).name).write_bytes(data)
        manifest["tarball_sha256"] = hashlib.sha256(tarball.read_bytes()).hexdigest()
        # The registry's address of the tarball (a scoped name drops its scope).
        short = package.rsplit("/", 1)[-1]
        manifest["tarball"] = (
            f"https://registry.npmjs.org/{package}/-/{short}-{manifest['version']}.tgz"
        )
    return manifest


def vendor_cms(run: Runner, version: str, folder: Path) -> str:
    """Refresh the web editor's bundle in folder; return the line to print."""
    manifest = vendor_npm(run, CMS_PACKAGE, version, CMS_FILES, folder, "MIT")
    bundle = (folder / "decap-cms.js").read_bytes()
    source = {
        "package": CMS_PACKAGE,
        "version": manifest["version"],
        "tarball": manifest["tarball"],
        "tarball_sha256": manifest["tarball_sha256"],
        "files": {Path(n).name: n for n in CMS_FILES},
        "bundle_sha256": hashlib.sha256(bundle).hexdigest(),
        "license": manifest["license"],
    }
    (folder / "source.json").write_text(json.dumps(source, indent=2) + "\n")
    return f"vendored {CMS_PACKAGE} {manifest['version']} ({len(bundle):,} bytes)"


def vendor_font(run: Runner, version: str, folder: Path) -> str:
    """Refresh the link-preview cards' font in folder; return the line to print."""
    manifest = vendor_npm(run, FONT_PACKAGE, version, FONT_FILES, folder, "OFL-1.1")
    source = {
        "package": FONT_PACKAGE,
        "version": manifest["version"],
        "tarball": manifest["tarball"],
        "tarball_sha256": manifest["tarball_sha256"],
        "files": list(FONT_FILES),
        "licence": manifest["license"],
    }
    (folder / "source.json").write_text(json.dumps(source, indent=2) + "\n")
    return f"vendored {FONT_PACKAGE} {manifest['version']}"
