"""Fixtures of the map tests: the npm assets installed into a temporary static/vendor/."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.prerequisites import require
from webmap import assets


@pytest.fixture
def vendor_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """static/vendor/ copied from node_modules (set up by `npm ci`); the inline mode reads it."""
    require((assets.NODE_MODULES / "leaflet").exists(),
            f"{assets.NODE_MODULES}: npm packages not installed (bash scripts/setup runs npm ci)")
    target = tmp_path / "vendor"
    assets.install(vendor_dir=target)
    monkeypatch.setattr(assets, "VENDOR_DIR", target)
