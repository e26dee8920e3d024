"""A static snapshot of the map: one self-contained HTML file of the current view.

Journalists attach it to a story, mail it, or embed it with an iframe on a
site that will never run our server. So the file carries everything: the
filtered incidents with every claim in their popups, the reference layers,
the legend, a header saying what was filtered and when it was made, a
citation line, and Leaflet with its plugins inlined. It asks the network for
nothing (no tiles, no CDN): `tests/browser/test_snapshot.py` opens it in
Chromium with the network off.

Everything that came from an article is escaped here or by the map builder;
links are made only for http(s) URLs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from branca.element import Element, MacroElement, Template
from sqlalchemy.engine import Engine

from incidents.sanitise import xml_text
from incidents.store.query import Filters, claims_for, query_incidents
from incidents.store.status import MACHINE, REVIEWED
from webmap.assets import localise
from webmap.build import BEFORE_LEAFLET, build_map
from webmap.incident_layer import IncidentLayer, payload_json
from webmap.style import MACHINE_NOTE

# The product's name as the header and the citation line give it.
PRODUCT = "Karabakh incident map"
# How the snapshot asks to be cited; {generated} and {filters} are filled in.
CITATION = "Source: {product}, static snapshot generated {generated} ({filters}). Incidents as reported; " \
           "each claim is attributed to its claimant and outlet."
# References to the network a self-contained file must not hold (src=/href= to http(s) or protocol-relative).
EXTERNAL_REFERENCE = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                                re.IGNORECASE)


class SnapshotError(RuntimeError):
    """The snapshot could not be made self-contained; the message says what is missing."""


def describe_filters(filters: Filters) -> str:
    """The filters in words, for the header and the citation: "all incidents" when none is set.

    >>> describe_filters(Filters(start=dt.date(2020, 9, 27), types=("shelling",), min_killed=1))
    'from 2020-09-27; type: shelling; at least 1 killed'
    """
    parts: list[str] = []
    if filters.start and filters.end:
        parts.append(f"{filters.start.isoformat()} to {filters.end.isoformat()}")
    elif filters.start:
        parts.append(f"from {filters.start.isoformat()}")
    elif filters.end:
        parts.append(f"until {filters.end.isoformat()}")
    for label, values in (("outlet", filters.outlets), ("claimant", filters.claimants), ("side", filters.sides),
                          ("type", filters.types), ("place", place_names(filters.place_ids)),
                          ("location", filters.precisions)):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if filters.disputed is not None:
        parts.append("disputed only" if filters.disputed else "undisputed only")
    if filters.min_killed is not None:
        parts.append(f"at least {filters.min_killed} killed")
    if filters.bbox is not None:
        parts.append("map window {:.2f}, {:.2f} to {:.2f}, {:.2f}".format(*filters.bbox))
    if filters.ids:
        parts.append(f"{len(filters.ids)} chosen incidents")
    if tuple(filters.statuses) == (REVIEWED,):
        parts.append("reviewed incidents only")
    return "; ".join(parts) or "all incidents"


def place_names(place_ids: Sequence[str]) -> tuple[str, ...]:
    """The gazetteer's names for place ids (a reader knows "Lachin District", not "dist:lachin"); an id the
    gazetteer does not know is shown as it is.

    >>> place_names(["dist:lachin", "nowhere:1"])
    ('Lachin District', 'nowhere:1')
    """
    if not place_ids:
        return ()
    from geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    return tuple(gazetteer.get(pid).display_name if pid in gazetteer else pid for pid in place_ids)


# Longest quote shown in a popup: the evidence sentence, not the article.
MAX_QUOTE_CHARS = 600
# Most incidents whose claims go into the file: about 400 bytes of popup each keeps a 20,000-incident
# snapshot near 10 MB (10,000 measured 4.5 MB, opening in 1.3 s offline); beyond it the file would
# be too heavy to mail, and the map aggregates anyway, so the header asks for narrower filters.
MAX_DETAILED_INCIDENTS = 20_000
# Widest popup in pixels: a claim list stays readable on a phone held upright.
POPUP_MAX_WIDTH = 340
# Styles of the header, the citation line and the claim popups (the map's own come from webmap).
CSS = """
.km-snap-head { position: absolute; top: 8px; left: 54px; right: 54px; z-index: 1000; max-width: 720px;
  background: rgba(255,255,255,.93); border: 1px solid #bbb; border-radius: 4px; padding: 6px 10px;
  font: 13px/1.35 sans-serif; color: #222; }
.km-snap-head h1 { font-size: 15px; margin: 0 0 2px; }
.km-snap-cite { position: absolute; bottom: 4px; left: 110px; right: 200px; z-index: 1000; max-width: 760px;
  background: rgba(255,255,255,.9); padding: 3px 8px; border-radius: 3px; font: 11px/1.3 sans-serif; color: #333; }
.km-detail { font: 12px/1.4 sans-serif; max-height: 320px; overflow-y: auto; }
.km-detail ol { margin: 4px 0 0; padding-left: 18px; }
.km-detail li { margin-bottom: 6px; }
.km-detail q { font-style: italic; }
.km-wrong { text-decoration: line-through; color: #777; }
"""
# Blocks every network request the page could make, even one a bug let through: the snapshot
# needs only its own inline scripts and styles and data: images.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                           "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")


def http_url(url: object) -> str | None:
    """The URL when it is an http(s) link with a host and no characters that could break out of an attribute.

    >>> http_url("https://example.org/a?b=1"), http_url("javascript:alert(1)"), http_url('https://x.org/"><b>')
    ('https://example.org/a?b=1', None, None)
    """
    text = str(url or "").strip()
    if not text or any(ch in text for ch in "\x00\t\r\n <>\"'`\\"):
        return None
    scheme, _, rest = text.partition("://")
    return text if scheme.lower() in ("http", "https") and rest and not rest.startswith("/") else None


def _text(value: object) -> str:
    """Escaped text of a frame value, without control characters; missing values (None, NaN, NaT) are empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(xml_text(str(value)))


def _day(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def _figures(killed: object, injured: object) -> str:
    parts = []
    for value, word in ((killed, "killed"), (injured, "injured")):
        if value is not None and not pd.isna(value):
            parts.append(f"{int(value)} {word}")
    return ", ".join(parts)


def claim_html(claim: dict[str, Any]) -> str:
    """One claim as a list item: who (side) asserts or denies, in which outlet, the quote, the link."""
    quote = str(claim.get("quote") or "")
    if len(quote) > MAX_QUOTE_CHARS:
        quote = quote[:MAX_QUOTE_CHARS].rstrip() + "…"
    outlet = _text(claim.get("outlet")) or "unknown outlet"
    published = _day(claim.get("published"))
    title = _text(claim.get("article_title")) or "the article"
    url = http_url(claim.get("article_url"))
    link = (f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer nofollow">{title}</a>'
            if url else title)
    figures = _figures(claim.get("killed"), claim.get("injured"))
    wrong = bool(claim.get("wrong")) and not pd.isna(claim.get("wrong"))
    return (f'<li{" class=km-wrong" if wrong else ""}><b>{_text(claim.get("claimant")) or "unnamed source"}</b> '
            f'({_text(claim.get("side")) or "unknown"}) {_text(claim.get("stance"))}'
            f'{" · " + figures if figures else ""}{" · marked wrong by an editor" if wrong else ""}<br>'
            f'{"<q>" + _text(quote) + "</q><br>" if quote else ""}'
            f'<i>{outlet}</i>{", " + published if published else ""}: {link}</li>')


def review_note(incident: dict[str, Any]) -> str:
    """The popup's review line, escaped: MACHINE_NOTE, or who checked the incident and when ("" when unknown).

    >>> review_note({"review_status": "reviewed", "reviewed_by": "Alice", "reviewed_at": "2026-01-05T12:00:00Z"})
    'checked by Alice, 2026-01-05'
    """
    status = incident.get("review_status")
    if status == MACHINE:
        return html.escape(MACHINE_NOTE)
    if status != REVIEWED:
        return ""
    when = _day(incident.get("reviewed_at"))
    return f'checked by {_text(incident.get("reviewed_by")) or "an editor"}{", " + when if when else ""}'


def detail_html(incident: dict[str, Any], claims: list[dict[str, Any]]) -> str:
    """The popup of one incident: when, where, what, the figures, and every claim about it."""
    date = _day(incident.get("date"))
    end = _day(incident.get("date_end"))
    when = f"{date} to {end}" if end and end != date else (date or "date unknown")
    figures = _figures(incident.get("killed"), incident.get("injured"))
    disputed = " · <b>disputed</b>" if bool(incident.get("disputed")) else ""
    review = review_note(incident)
    items = "".join(claim_html(c) for c in claims) or "<li>no claim recorded</li>"
    return (f'<div class="km-detail"><b>{html.escape(when)}</b> · {_text(incident.get("place"))} '
            f'({_text(incident.get("location_precision"))})<br>{_text(incident.get("event_type"))}{disputed}'
            f'{"<br><i>" + review + "</i>" if review else ""}{"<br>" + figures if figures else ""}'
            f'{"<br>" + _text(incident.get("summary")) if incident.get("summary") else ""}'
            f'<ol>{items}</ol></div>')


def details_by_id(frame: pd.DataFrame, claims: pd.DataFrame) -> dict[str, tuple[float, float, str]]:
    """(lat, lon, popup HTML) per incident, keyed as the map's payload keys incidents (escaped ids)."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for claim in claims.to_dict("records"):
        grouped.setdefault(str(claim["incident_id"]), []).append(claim)
    return {html.escape(str(row["id"])): (float(row["lat"]), float(row["lon"]),
                                           detail_html(row, grouped.get(str(row["id"]), [])))
            for row in frame.to_dict("records")}


class ClaimPopups(MacroElement):
    """Opens the claims of an incident when it is clicked, at every rendering level of the incident layer.

    `map.html#incident=ID` opens that incident on load, so a snapshot can be
    linked to one incident; otherwise the incident selected when it was made
    opens; window.kmShowIncident(id) does the same.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var details = {{ this.details_json }};
  var map = {{ this.map_name }};
  var popup = L.popup({maxWidth: {{ this.max_width }}, autoPanPadding: [20, 90]});  // one, reused
  function show(id, latlng) {
    if (!Object.prototype.hasOwnProperty.call(details, id)) { return false; }
    var d = details[id];
    popup.setLatLng(latlng || [d[0], d[1]]).setContent(d[2]).openOn(map);
    return true;
  }
  {{ this.layer_name }}.on("kmselect", function (e) { show(e.id, e.latlng); });
  window.kmShowIncident = function (id) { return show(id, null); };
  window.kmSnapshotDetails = details;
  var wanted = /^#incident=([A-Za-z0-9_.:-]{1,80})$/.exec(window.location.hash);
  if (wanted) { show(wanted[1], null); } else if ({{ this.selected_json }}) { show({{ this.selected_json }}, null); }
})();
{% endmacro %}
""")

    def __init__(self, map_name: str, layer_name: str, details: dict[str, tuple[float, float, str]],
                 selected: str | None = None) -> None:
        super().__init__()
        self._name = "ClaimPopups"
        self.map_name, self.layer_name = map_name, layer_name
        self.details_json = payload_json(details)
        self.selected_json = payload_json(html.escape(selected) if selected else "")
        self.max_width = POPUP_MAX_WIDTH


def header_html(description: str, generated: dt.datetime, count: int, machine: int = 0) -> str:
    """The box at the top: what this is, what was filtered, how many of the incidents no editor has checked
    (`machine`), when it was made."""
    stamp = generated.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    noun = "incident" if count == 1 else "incidents"
    if machine:
        noun += f" ({machine:,} {html.escape(MACHINE_NOTE)}: drawn hollow)"
    hint = ("Each marker is a report; click it for who claims it, in which outlet, in whose words."
            if count <= MAX_DETAILED_INCIDENTS else
            f"Too many incidents for their claims to fit in one file (the limit is {MAX_DETAILED_INCIDENTS:,}): "
            "narrow the filters to see who claims each one.")
    return (f'<div class="km-snap-head" role="banner"><h1>{html.escape(PRODUCT)}: static snapshot</h1>'
            f"{count:,} {noun} · filters: {html.escape(description)} · generated {stamp}<br>{hint}</div>")


def citation_text(description: str, generated: dt.datetime) -> str:
    """The line a journalist quotes when using the snapshot."""
    return CITATION.format(product=PRODUCT, generated=generated.astimezone(dt.UTC).strftime("%Y-%m-%d"),
                           filters=description)


@dataclass(frozen=True)
class SnapshotView:
    """What was on screen besides the filters: the map's centre and zoom, the reference layers shown (None:
    all), and the selected incident, whose claims open when the file does."""

    center: tuple[float, float] | None = None
    zoom: int | None = None
    layers: Sequence[str] | None = None
    selected: str | None = None


def render_snapshot(frame: pd.DataFrame, claims: pd.DataFrame, filters: Filters, *, generated: dt.datetime,
                    layers: Sequence[str] | None = None, vendor_dir: Path | None = None,
                    view: SnapshotView | None = None) -> str:
    """The snapshot HTML of these incidents and claims (pure apart from reading the vendored assets).

    `view` is what the reader had on screen (its layers win over `layers`). Raises SnapshotError when the
    page would still load something from the network.
    """
    view = view or SnapshotView(layers=layers)
    m = build_map(frame, layers=view.layers, center=view.center, zoom=view.zoom, selected_id=view.selected,
                  assets="cdn" if vendor_dir else "inline")
    if vendor_dir is not None:
        localise(m, "inline", vendor_dir=vendor_dir)
        m.get_root().header._children.move_to_end(BEFORE_LEAFLET, last=False)
    figure = m.get_root()
    description = describe_filters(filters)
    figure.title = f"{PRODUCT}: {description}"
    _prepend(figure.header, "km_csp", f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">')
    _prepend(figure.header, "km_charset", '<meta charset="utf-8">')
    figure.header.add_child(Element(f"<style>{CSS}</style>"), name="km_snapshot_css")
    figure.html.add_child(Element(header_html(description, generated, len(frame), machine_read(frame))), name="km_snapshot_head")
    figure.html.add_child(Element(f'<div class="km-snap-cite">{html.escape(citation_text(description, generated))}'
                                  "</div>"), name="km_snapshot_cite")
    layer = next((element for element in _elements(m) if isinstance(element, IncidentLayer)), None)
    if layer is None:
        raise SnapshotError("the map has no incident layer to attach the claim popups to")
    details = details_by_id(frame, claims) if len(frame) <= MAX_DETAILED_INCIDENTS else {}
    ClaimPopups(m.get_name(), layer.get_name(), details, view.selected).add_to(m)
    page = figure.render()
    external = EXTERNAL_REFERENCE.search(page)
    if external:
        raise SnapshotError(f"the snapshot would load from the network: {external.group(0)[:120]}")
    return page


def machine_read(frame: pd.DataFrame) -> int:
    """How many of the frame's incidents are machine-read, not yet checked by an editor."""
    return int((frame["review_status"] == MACHINE).sum()) if "review_status" in frame else 0


def _elements(root: Any) -> Any:
    yield root
    for child in root._children.values():
        yield from _elements(child)


def _prepend(parent: Any, name: str, markup: str) -> None:
    parent.add_child(Element(markup), name=name)
    parent._children.move_to_end(name, last=False)


def snapshot_html(engine: Engine, filters: Filters, *, layers: Sequence[str] | None = None,
                  generated: dt.datetime | None = None) -> str:
    """The self-contained HTML of the incidents matching `filters` (layers None: all reference layers).

    `generated` is the time the header states; the caller's clock when omitted.
    """
    frame = query_incidents(engine, filters)
    wanted = frame["id"].tolist() if len(frame) <= MAX_DETAILED_INCIDENTS else []
    claims = claims_for(engine, wanted)
    return render_snapshot(frame, claims, filters, generated=generated or dt.datetime.now(dt.UTC), layers=layers)


def run_snapshot(args: argparse.Namespace) -> int:
    """`python -m incidents snapshot`: write the file, say where and how big."""
    from incidents.store.db import open_store
    from incidents.store_cli import filters_from_args, write_output

    try:
        page = snapshot_html(open_store(os.environ), filters_from_args(args), layers=args.layer or None)
    except (SnapshotError, FileNotFoundError, KeyError) as exc:  # KeyError: an unknown --layer, named by build_map
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    return write_output(args.out, page.encode("utf-8"))


def register(subparsers: Any) -> None:
    """Attach `snapshot` to `python -m incidents` (same filters as `export`)."""
    from incidents.store_cli import add_filter_arguments, output_file

    parser = subparsers.add_parser("snapshot", help="write the filtered map as one self-contained HTML file")
    parser.add_argument("--out", required=True, type=output_file, help="the HTML file to write")
    parser.add_argument("--layer", action="append", default=[],
                        help="reference layer id to include (repeatable; default: all)")
    add_filter_arguments(parser)
    parser.set_defaults(func=run_snapshot)
