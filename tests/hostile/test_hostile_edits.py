"""Malformed corrections on the command line: each refused with one clear message and a non-zero exit.

Every case runs `python -m incidents ...` in process against a copy of a store
holding the bundled incidents. A refusal must be one `error:` line naming the
problem (argparse's own `... error:` line counts), exit non-zero, raise no
exception (a traceback), and leave every stored row exactly as it was.
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from incidents.cli import main
from incidents.store.db import engine_from_url, open_store
from incidents.store.query import Filters, claims_for, query_incidents
from incidents.store.schema import metadata

# A line that refuses: ours ("error: ...") or argparse's ("python -m incidents edit: error: ...").
REFUSAL = re.compile(r"^(python -m incidents [\w-]+: )?error: (?P<message>.+)$", re.M)
# A self-intersecting polygon (a bow tie) near Ganja: parses, but is no valid shape.
BOW_TIE = {"type": "Polygon", "coordinates": [[[46.3, 40.6], [46.4, 40.7], [46.4, 40.6], [46.3, 40.7], [46.3, 40.6]]]}


@dataclass(frozen=True)
class Case:
    """One malformed command: its arguments ({ganja}, {hidden}, {claim}, {merge}, {tmp} filled in) and
    words the refusal must contain."""

    name: str
    argv: tuple[str, ...]
    words: str


def edit(*changes: str, words: str, name: str, target: str = "{ganja}") -> Case:
    return Case(name, ("edit", target, *changes), words)


CASES: tuple[Case, ...] = (
    # unknown ids
    edit("killed=3", target="no-such-incident", words="no incident 'no-such-incident'", name="edit-unknown-id"),
    Case("mark-wrong-unknown-claim", ("mark-wrong", "no-such-claim"), "no claim 'no-such-claim'"),
    Case("mark-wrong-undo-unknown-claim", ("mark-wrong", "no-such-claim", "--undo"), "no claim 'no-such-claim'"),
    Case("merge-unknown-keep", ("merge", "no-such-incident", "{ganja}"), "no incident 'no-such-incident'"),
    Case("merge-unknown-other", ("merge", "{ganja}", "no-such-incident"), "no incident 'no-such-incident'"),
    Case("merge-with-itself", ("merge", "{ganja}", "{ganja}"), "with itself"),
    Case("merge-hidden-report", ("merge", "{ganja}", "{hidden}"), "not visible"),
    Case("undo-merge-unknown", ("undo-merge", "999999"), "no merge 999999"),
    Case("undo-merge-negative", ("undo-merge", "-1"), "no merge -1"),
    Case("undo-merge-not-a-number", ("undo-merge", "abc"), "invalid"),
    Case("split-unknown-incident", ("split", "no-such-incident", "{claim}"), "no incident 'no-such-incident'"),
    Case("split-unknown-claim", ("split", "{ganja}", "no-such-claim"), "no-such-claim"),
    Case("split-every-claim", ("split", "{ganja}", "{claim}", "{other_claim}"), "some, but not all"),
    # casualty figures
    edit("killed=-3", words="killed must be", name="killed-negative"),
    edit("injured=-1", words="injured must be", name="injured-negative"),
    edit("killed=10^30", words="killed must be a whole number", name="killed-power-notation"),
    edit("killed=" + "1" + "0" * 30, words="at most", name="killed-10-to-the-30"),
    edit("killed=2147483648", words="at most", name="killed-beyond-int32"),
    edit("killed=1.5", words="killed must be a whole number", name="killed-fraction"),
    edit("killed=many", words="killed must be a whole number", name="killed-word"),
    edit("killed=", words="killed must be a whole number", name="killed-empty"),
    # dates
    edit("date_end=2020-10-01", words="before", name="date-end-before-date"),
    edit("date=2020-10-12", "date_end=2020-10-11", words="before", name="date-and-end-reversed"),
    edit("date=2020-13-45", words="date must be a day", name="date-impossible"),
    edit("date=yesterday", words="date must be a day", name="date-word"),
    edit("date=9999-12-31", words="between", name="date-far-future"),
    edit("date=0001-01-01", words="between", name="date-year-one"),
    # the taxonomy
    edit("event_type=picnic", words="event_type must be one of", name="type-unknown"),
    edit("event_type=", words="event_type must be one of", name="type-empty"),
    edit("location_precision=exact", words="location_precision must be one of", name="location-precision-unknown"),
    edit("date_precision=hour", words="date_precision must be one of", name="date-precision-unknown"),
    edit("civilian=maybe", words="civilian must be", name="civilian-maybe"),
    # geometry and place
    edit("geometry={not json", words="geometry is not JSON", name="geometry-not-json"),
    edit("geometry=[999, 999]", words="geometry must be a GeoJSON geometry", name="geometry-bare-position"),
    edit('geometry={"type": "Point", "coordinates": [999, 999]}', words="outside the region",
         name="geometry-at-999"),
    edit('geometry={"type": "Point", "coordinates": [40.68, 46.36]}', words="swapped", name="geometry-lat-lon-swapped"),
    edit('geometry={"type": "Point", "coordinates": [-0.1, 51.5]}', words="outside the region",
         name="geometry-in-london"),
    edit('geometry={"type": "Point", "coordinates": []}', words="empty", name="geometry-empty-point"),
    edit('geometry={"type": "Point", "coordinates": [NaN, 40.6]}', words="not a finite number",
         name="geometry-nan"),
    edit('geometry={"type": "Point", "coordinates": [Infinity, 40.6]}', words="not a finite number",
         name="geometry-infinity"),
    edit('geometry={"type": "Circle", "coordinates": [46.3, 40.6]}', words="geometry must be a GeoJSON geometry",
         name="geometry-unknown-type"),
    edit('geometry={"type": "LineString", "coordinates": [[46.3, 40.6]]}', words="invalid geometry",
         name="geometry-one-point-line"),
    edit("geometry=" + json.dumps(BOW_TIE), words="invalid geometry", name="geometry-bow-tie"),
    edit("geometry=" + "[" * 100_000 + "]" * 100_000, words="geometry", name="geometry-deeply-nested"),
    edit("place_id=nowhere:12345", words="unknown place_id 'nowhere:12345'", name="place-id-unknown"),
    edit("place=" + "x" * 10_000, words="place is too long", name="place-too-long"),
    edit("summary=bell\x07 ring", words="control character", name="summary-control-character"),
    # the command line itself
    edit("outlets=x", words="cannot edit 'outlets'", name="edit-uneditable-field"),
    edit("killed", words="expected FIELD=VALUE", name="edit-no-equals"),
    edit("=3", words="cannot edit ''", name="edit-empty-field-name"),
    Case("export-out-missing-folder", ("export", "--format", "csv", "--out", "{tmp}/missing/x.csv"),
         "does not exist"),
    Case("export-out-is-a-folder", ("export", "--format", "csv", "--out", "{tmp}"), "is a folder"),
    Case("snapshot-out-missing-folder", ("snapshot", "--out", "{tmp}/missing/x.html"), "does not exist"),
    Case("export-start-impossible-day", ("export", "--format", "csv", "--start", "2020-02-30"), "invalid"),
)


@pytest.fixture(scope="module")
def bundled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundled") / "store.db"
    open_store({"DATABASE_URL": f"sqlite:///{path}"}).dispose()
    return path


@pytest.fixture
def store(bundled_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    copy = tmp_path / "store.db"
    shutil.copy(bundled_db, copy)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{copy}")
    engine = engine_from_url(f"sqlite:///{copy}")
    yield engine
    engine.dispose()


def every_row(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(sa.select(t)).all()), key=repr) for t in metadata.sorted_tables}


def names(engine: Engine, tmp_path: Path) -> dict[str, str]:
    frame = query_incidents(engine, Filters())
    ganja = frame.set_index("place").loc["Ganja", "id"]
    merged = query_incidents(engine, Filters()).query("n_reports > 1").iloc[0]
    from incidents.store.query import incident_detail

    detail = incident_detail(engine, merged.id)
    claim_ids = claims_for(engine, [ganja]).claim_id.tolist()
    return {"ganja": ganja, "hidden": next(r for r in detail["reports"] if r != merged.id),
            "merge": str(detail["merges"][0]["id"]), "claim": claim_ids[0], "other_claim": claim_ids[1],
            "tmp": str(tmp_path)}


def test_the_corpus_is_varied():
    assert len(CASES) >= 50 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_malformed_command_is_refused_clearly(case: Case, store: Engine, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]):
    argv = list(case.argv)
    for key, value in names(store, tmp_path).items():
        argv = [part.replace("{" + key + "}", value) for part in argv]
    before = every_row(store)
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse refuses its own way
        code = stop.code
    captured = capsys.readouterr()
    assert code not in (0, None), f"accepted silently: {captured.out}"
    refusals = REFUSAL.findall(captured.err)
    assert len(refusals) == 1, f"expected one error line, got: {captured.err[-500:]!r}"
    assert case.words in refusals[0][1], refusals[0][1]
    assert "Traceback" not in captured.err
    assert every_row(store) == before, "a refused command changed the store"
