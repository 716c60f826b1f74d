"""Missing tools: a clear skip on a developer's machine, a failure in CI."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    """True when running in CI (CI=true), where every layer of tests must run."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(tool: str, reason: str) -> None:
    """Skip with the reason, or fail in CI, because tool is missing."""
    if in_ci():
        pytest.fail(f"CI must run the tests that need {tool}, but {reason}")
    pytest.skip(reason)
