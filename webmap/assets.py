"""The map's JavaScript and CSS, from our own copy instead of public CDNs.

folium declares every library it needs as a `(name, CDN URL)` pair in an
element's `default_js`/`default_css`; streamlit-folium makes its iframe load
exactly those URLs. Newsroom networks and every test machine here block
CDNs, so the map would stay blank. Leaflet and leaflet.markercluster come from
the npm registry instead (package.json, `npm ci`), `python -m webmap.assets
install` copies the files the map uses into static/vendor/ (which Streamlit
serves at /app/static/ when `enableStaticServing` is on), and `localise`
points every element at them:

- "served": URLs under /app/static/vendor/ (the dashboard);
- "inline": the files' text inside the HTML (a self-contained snapshot);
- "cdn": folium's own URLs, only when asked for.

Libraries folium adds by default that the map does not use (jQuery,
Bootstrap, awesome-markers, Font Awesome) are dropped.
"""
from __future__ import annotations

import argparse
import base64
import re
import shutil
import sys
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import folium
from branca.element import Element, Figure

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
# Debian's libjs-leaflet and libjs-leaflet.markercluster (packages.txt on Streamlit Community Cloud,
# which runs no npm step) put both libraries' files here.
DEBIAN_JS = Path("/usr/share/javascript/leaflet")
STATIC_DIR = ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
# Where Streamlit serves ./static (server.enableStaticServing); absolute, so it resolves
# from the component iframe, which is served by the same origin under /component/...
SERVED_PREFIX = "/app/static/vendor"

MODES: tuple[str, ...] = ("served", "inline", "cdn")


@dataclass(frozen=True)
class Asset:
    """One file the map loads: its npm source and its path under static/vendor/."""

    kind: str  # "js" | "css"
    source: str  # relative to node_modules/
    target: str  # relative to static/vendor/
    debian: str  # relative to DEBIAN_JS


# The files the map uses, keyed by the names folium and webmap give them in default_js/default_css.
ASSETS: dict[str, Asset] = {
    "leaflet": Asset("js", "leaflet/dist/leaflet.js", "leaflet/leaflet.js", "leaflet.js"),
    "leaflet_css": Asset("css", "leaflet/dist/leaflet.css", "leaflet/leaflet.css", "leaflet.css"),
    "markerclusterjs": Asset("js", "leaflet.markercluster/dist/leaflet.markercluster.js",
                             "leaflet.markercluster/leaflet.markercluster.js", "leaflet.markercluster.js"),
    "markerclustercss": Asset("css", "leaflet.markercluster/dist/MarkerCluster.css",
                              "leaflet.markercluster/MarkerCluster.css", "MarkerCluster.css"),
    "markerclusterdefaultcss": Asset("css", "leaflet.markercluster/dist/MarkerCluster.Default.css",
                                     "leaflet.markercluster/MarkerCluster.Default.css", "MarkerCluster.Default.css"),
}
# Images leaflet.css refers to (the layer switcher's icon), copied beside it.
IMAGES: tuple[str, ...] = ("layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png")
# folium's defaults that nothing on our map uses: dropped rather than localised.
UNUSED: frozenset[str] = frozenset({
    "jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
    "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css",
})


def _copies(debian: bool) -> Iterator[tuple[str, str]]:
    """(source relative to its root, target relative to static/vendor/) for every file the map uses."""
    for asset in ASSETS.values():
        yield (asset.debian if debian else asset.source), asset.target
    for image in IMAGES:
        yield (f"images/{image}" if debian else f"leaflet/dist/images/{image}"), f"leaflet/images/{image}"


def install(node_modules: Path = NODE_MODULES, vendor_dir: Path = VENDOR_DIR, debian_js: Path = DEBIAN_JS
            ) -> list[Path]:
    """Copy the map's files into static/vendor/ from node_modules/ (npm ci), else from Debian's packages.

    Raises FileNotFoundError naming the missing file and how to install it.
    """
    debian = not node_modules.is_dir() and debian_js.is_dir()
    root = debian_js if debian else node_modules
    copied = []
    for source, target in _copies(debian):
        src = root / source
        if not src.exists():
            raise FileNotFoundError(f"{src}: missing; run `npm ci` in {node_modules.parent} first "
                                    "(or install Debian's libjs-leaflet and libjs-leaflet.markercluster)")
        dst = vendor_dir / target
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        copied.append(dst)
    return copied


def ensure_installed(vendor_dir: Path = VENDOR_DIR) -> None:
    """Install the assets once if static/vendor/ lacks them (a host that ran no set-up script)."""
    if not all((vendor_dir / asset.target).exists() for asset in ASSETS.values()):
        install(vendor_dir=vendor_dir)


def served_url(name: str, prefix: str = SERVED_PREFIX) -> str:
    """The URL the app serves asset `name` at."""
    return f"{prefix}/{ASSETS[name].target}"


def _elements(root: folium.Element) -> Iterator[folium.Element]:
    yield root
    for child in root._children.values():
        yield from _elements(child)


def _local_links(element: folium.Element, attribute: str, prefix: str) -> list[tuple[str, str]]:
    links = []
    for name, url in getattr(element, attribute, []):
        if name in UNUSED:
            continue
        if name not in ASSETS:
            raise ValueError(f"{type(element).__name__} loads {name!r} from {url}: no local copy "
                             f"(add it to webmap.assets.ASSETS and package.json)")
        links.append((name, served_url(name, prefix)))
    return links


def localise(m: folium.Map, mode: str = "served", *, prefix: str = SERVED_PREFIX,
             vendor_dir: Path | None = None) -> folium.Map:
    """Point every element of `m` at our copies of its JS/CSS (see the module docstring); returns `m`.

    Call it after every element has been added. Instance attributes shadow the
    class lists, so other maps are unaffected. "inline" needs the installed
    files in `vendor_dir` (default static/vendor/; FileNotFoundError naming
    `python -m webmap.assets install` otherwise).
    """
    if mode not in MODES:
        raise ValueError(f"unknown asset mode {mode!r} (known: {', '.join(MODES)})")
    if mode == "cdn":
        return m
    inline: OrderedDict[str, tuple[str, str]] = OrderedDict()
    for element in _elements(m):
        for attribute in ("default_js", "default_css"):
            if not hasattr(element, attribute):
                continue
            links = _local_links(element, attribute, prefix)
            if mode == "inline":
                inline.update((name, (attribute, url)) for name, url in links)
                links = []
            setattr(element, attribute, links)
    if mode == "inline":
        _add_inline(m.get_root(), list(inline), vendor_dir or VENDOR_DIR)
    return m


def _read_vendor(name: str, vendor_dir: Path) -> str:
    path = vendor_dir / ASSETS[name].target
    if not path.exists():
        raise FileNotFoundError(f"{path}: missing; run `npm ci && python -m webmap.assets install`")
    text = path.read_text(encoding="utf-8")
    if ASSETS[name].kind == "css":
        return _inline_images(text, path.parent)
    # a literal "</script" would end the inline <script> element early
    return text.replace("</script", "<\\/script")


def _inline_images(css: str, folder: Path) -> str:
    """CSS with its relative image URLs replaced by data: URIs (the snapshot has no folder beside it)."""
    def data_uri(match: re.Match[str]) -> str:
        path = folder / match.group(1)
        if not path.exists():
            return match.group(0)
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{encoded})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


def _add_inline(figure: Figure, names: Sequence[str], vendor_dir: Path) -> None:
    """Put the assets' text first in the page header, in dependency order (Leaflet before its plugins)."""
    order = list(ASSETS)
    for name in sorted(names, key=order.index, reverse=True):
        tag = "script" if ASSETS[name].kind == "js" else "style"
        key = f"inline_{name}"
        figure.header.add_child(Element(f"<{tag}>{_read_vendor(name, vendor_dir)}</{tag}>"), name=key)
        figure.header._children.move_to_end(key, last=False)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m webmap.assets install`: copy the npm files into static/vendor/."""
    parser = argparse.ArgumentParser(prog="python -m webmap.assets", description=main.__doc__)
    parser.add_argument("command", choices=["install"])
    parser.parse_args(argv)
    try:
        copied = install()
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"installed {len(copied)} files into {VENDOR_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
