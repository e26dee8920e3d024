"""One rule for what a test needs from outside the repository (../shared, chromium, PostgreSQL, npm files).

On a developer machine a missing prerequisite skips the test; under CI
(REQUIRE_SHARED=1, set by .ci/run, which installs everything) it fails, so a
missing piece can never turn a test silently green.
"""
from __future__ import annotations

import os

import pytest


def require(condition: bool, message: str) -> None:
    """Skip when `condition` is false, or fail under REQUIRE_SHARED=1 (CI)."""
    if condition:
        return
    if os.environ.get("REQUIRE_SHARED") == "1":
        pytest.fail(message)
    pytest.skip(message)
