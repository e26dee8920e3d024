"""Where the map's Leaflet files come from: npm's node_modules, else Debian's libjs-leaflet packages."""
from __future__ import annotations

from pathlib import Path

import pytest

from webmap import assets


def _debian_tree(root: Path) -> Path:
    """A stand-in for /usr/share/javascript/leaflet with every file the map needs."""
    for asset in assets.ASSETS.values():
        (root / asset.debian).parent.mkdir(parents=True, exist_ok=True)
        (root / asset.debian).write_text(f"/* debian {asset.debian} */")
    for image in assets.IMAGES:
        (root / "images").mkdir(exist_ok=True)
        (root / "images" / image).write_bytes(b"png")
    return root


def test_without_node_modules_debian_files_are_used(tmp_path: Path) -> None:
    debian = _debian_tree(tmp_path / "debian")
    vendor = tmp_path / "vendor"
    copied = assets.install(node_modules=tmp_path / "absent", vendor_dir=vendor, debian_js=debian)
    assert len(copied) == len(assets.ASSETS) + len(assets.IMAGES)
    assert (vendor / "leaflet" / "leaflet.js").read_text() == "/* debian leaflet.js */"


def test_neither_source_names_both_ways_to_install(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="npm ci.*libjs-leaflet"):
        assets.install(node_modules=tmp_path / "absent", vendor_dir=tmp_path / "v", debian_js=tmp_path / "none")


def test_ensure_installed_copies_only_when_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    monkeypatch.setattr(assets, "install", lambda vendor_dir: calls.append(vendor_dir) or [])
    assets.ensure_installed(tmp_path)
    assert calls == [tmp_path]
    for asset in assets.ASSETS.values():
        (tmp_path / asset.target).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / asset.target).write_text("x")
    assets.ensure_installed(tmp_path)
    assert calls == [tmp_path]
