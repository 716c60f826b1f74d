"""The one cache's key covers every library whose version changes the output."""

from __future__ import annotations

import ast
import sys
from importlib import metadata

from charity_site import cache
from charity_site.cache import LIBRARIES, PACKAGE, code_fingerprint

# Imported by the package, but they change no output: tooling and the test run.
NO_OUTPUT = {"watchfiles", "invoke"}


def imported_distributions() -> set[str]:
    """The PyPI distributions the plugin's code imports (not the standard library)."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    names -= set(sys.stdlib_module_names) | {"__future__"}
    owners = metadata.packages_distributions()
    return {normal(dist) for name in names for dist in owners.get(name, [name])}


def normal(distribution: str) -> str:
    """A distribution's name as PyPI compares them (resvg_py is resvg-py)."""
    return distribution.lower().replace("_", "-")


def test_every_library_the_package_imports_is_in_the_cache_key():
    missing = imported_distributions() - {normal(d) for d in LIBRARIES} - NO_OUTPUT
    assert missing == set()


def test_a_new_version_of_the_sanitiser_changes_the_key(monkeypatch):
    before = code_fingerprint()
    real = cache.installed_versions
    monkeypatch.setattr(cache, "installed_versions", lambda: {**real(), "nh3": "99.0"})
    assert code_fingerprint() != before
