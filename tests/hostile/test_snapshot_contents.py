"""The snapshot file's contents: self-contained, described, cited; and its command line."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from incidents.snapshot import (
    CONTENT_SECURITY_POLICY,
    EXTERNAL_REFERENCE,
    citation_text,
    describe_filters,
    render_snapshot,
    snapshot_html,
)
from incidents.store.query import Filters, claims_for, query_incidents
from tests.hostile.stores import NOW

DAY = dt.date(2020, 9, 27)
FILTERS = [
    (Filters(), "all incidents"),
    (Filters(start=DAY, end=dt.date(2020, 11, 10)), "2020-09-27 to 2020-11-10"),
    (Filters(end=DAY), "until 2020-09-27"),
    (Filters(outlets=("RFE/RL", "Test Wire"), sides=("Armenia",)), "outlet: RFE/RL, Test Wire; side: Armenia"),
    (Filters(types=("shelling",), disputed=True), "type: shelling; disputed only"),
    (Filters(disputed=False, min_killed=0), "undisputed only; at least 0 killed"),
    (Filters(claimants=("<script>",)), "claimant: <script>"),  # escaped where it is shown, not here
    (Filters(bbox=(46.0, 39.5, 47.0, 40.25)), "map window 46.00, 39.50 to 47.00, 40.25"),
    (Filters(ids=("a", "b")), "2 chosen incidents"),
]


@pytest.mark.parametrize(("filters", "words"), FILTERS)
def test_filters_described_in_words(filters: Filters, words: str) -> None:
    assert describe_filters(filters) == words


def test_citation_names_product_date_and_filters() -> None:
    line = citation_text("type: shelling", dt.datetime(2026, 1, 2, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))))
    assert line.startswith("Source: Karabakh incident map, static snapshot generated 2026-01-03 (type: shelling).")



@pytest.fixture(scope="module")
def page(store: Engine) -> str:
    return snapshot_html(store, Filters(), generated=NOW)


def test_snapshot_is_self_contained(page: str) -> None:
    assert EXTERNAL_REFERENCE.search(page) is None
    assert not re.search(r"""<(?:script|link)\b[^>]*\b(?:src|href)=""", page), "no asset is loaded from anywhere"
    assert "L.version" in page or "Leaflet" in page, "Leaflet is inlined"
    assert f'content="{CONTENT_SECURITY_POLICY}"' in page
    assert page.index("Content-Security-Policy") < page.index("<script"), "the policy comes before any script"
    assert "static snapshot" in page and "generated 2026-01-02 03:04 UTC" in page


def test_filtered_snapshot_holds_only_the_filtered_incidents(store: Engine) -> None:
    everything = query_incidents(store, Filters())
    recent = Filters(start=dt.date(2020, 1, 1), types=("shelling",))
    some = query_incidents(store, recent)
    assert 0 < len(some) < len(everything), "the fixture store must let this filter narrow"
    page = snapshot_html(store, recent, generated=NOW)
    assert f"{len(some)} incident" in page and "filters: from 2020-01-01; type: shelling" in page
    assert all(f'"{incident_id}"' in page for incident_id in some["id"])
    left_out = set(everything["id"]) - set(some["id"])
    assert not any(f'"{incident_id}"' in page for incident_id in left_out)


def test_missing_assets_are_named_not_fetched(store: Engine, tmp_path: Path) -> None:
    frame = query_incidents(store, Filters())
    with pytest.raises(FileNotFoundError, match="webmap.assets install"):
        render_snapshot(frame, claims_for(store, frame["id"].tolist()), Filters(), generated=NOW, vendor_dir=tmp_path)


def test_an_empty_selection_still_makes_a_map(store: Engine) -> None:
    frame = query_incidents(store, Filters(ids=("no-such-incident",)))
    assert frame.empty
    page = render_snapshot(frame, pd.DataFrame(columns=["incident_id"]), Filters(ids=("x",)), generated=NOW)
    assert "0 incidents" in page


def test_cli_writes_the_file_and_refuses_unknown_layers(store: Engine, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from incidents.cli import main

    monkeypatch.setenv("DATABASE_URL", str(store.url))
    out = tmp_path / "map.html"
    assert main(["snapshot", "--out", str(out), "--start", "2016-01-01", "--layer", "countries"]) == 0
    assert "from 2016-01-01" in out.read_text(encoding="utf-8")
    assert main(["snapshot", "--out", str(tmp_path / "other.html"), "--layer", "../../etc/passwd"]) == 1
    assert "unknown reference layer" in capsys.readouterr().err
    assert not (tmp_path / "other.html").exists()


def test_too_many_incidents_leave_the_claims_out_and_say_so(store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import incidents.snapshot as snapshot

    monkeypatch.setattr(snapshot, "MAX_DETAILED_INCIDENTS", 1)
    page = snapshot_html(store, Filters(), generated=NOW)
    assert "narrow the filters" in page
    assert "km-detail\\" not in page and 'class=\\"km-detail' not in page, "no popup was embedded"
