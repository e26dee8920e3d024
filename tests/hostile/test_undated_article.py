"""An undated plain text, as a journalist pastes it, is never given a date anywhere it goes.

Issue 10: an undated article's incidents must not be drawn on an invented day
(1970-01-01, or today). The text is ingested through the command line, then
every output is checked: the stored rows, the query frames the dashboard
draws from, every export format, the offline snapshot, and the map's own
date label in the browser's script (run with node).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from incidents import cli
from incidents.export import FORMATS, export_selection
from incidents.snapshot import snapshot_html
from incidents.store.db import engine_from_url
from incidents.store.query import Filters, cell_counts, query_incidents, shape_counts, summarise
from incidents.store.schema import articles, incidents
from tests.prerequisites import require
from webmap.build import build_map

ROOT = Path(__file__).resolve().parents[2]
# Written for this test: an event, a place and a claimant, and no date of any kind.
UNDATED = ("Shelling reported near Tartar\n\n"
           "Artillery shells hit the town of Tartar overnight, injuring two civilians, the Azerbaijani defence "
           "ministry said.\n")
GENERATED = dt.datetime(2001, 2, 3, 4, 5, tzinfo=dt.UTC)
# What an invented date would look like: the Unix epoch, or the day the test runs.
INVENTED = ("1970-01-01", dt.date.today().isoformat(), "NaT")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, str]]:
    folder = tmp_path_factory.mktemp("undated")
    (folder / "pasted.txt").write_text(UNDATED, encoding="utf-8")
    url = f"sqlite:///{folder / 'store.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        assert cli.main(["ingest", str(folder / "pasted.txt")]) == 0
    engine = engine_from_url(url)
    with engine.connect() as conn:
        article_id = conn.execute(sa.select(articles.c.id).where(articles.c.source == "pasted.txt")).scalar_one()
    yield engine, article_id
    engine.dispose()


def ours(engine: Engine, article_id: str) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(incidents.c.id).where(incidents.c.article_id == article_id)).scalars())


def test_the_stored_article_and_its_incidents_are_undated(store: tuple[Engine, str]) -> None:
    engine, article_id = store
    with engine.connect() as conn:
        article = conn.execute(sa.select(articles).where(articles.c.id == article_id)).one()
        rows = conn.execute(sa.select(incidents).where(incidents.c.article_id == article_id)).all()
    assert (article.published, article.published_precision) == (None, "unknown")
    assert rows, "the text names an event at a known place: something is stored"
    for row in rows:
        assert (row.date, row.date_end, row.date_last, row.date_precision) == (None, None, None, "unknown")


def test_the_dashboard_frames_keep_the_date_missing(store: tuple[Engine, str]) -> None:
    engine, article_id = store
    frame = query_incidents(engine, Filters(ids=tuple(ours(engine, article_id))))
    assert frame["date"].isna().all() and frame["date_end"].isna().all()
    assert summarise(engine, Filters(ids=tuple(ours(engine, article_id)))).first is None
    dated = query_incidents(engine, Filters(start=dt.date(1900, 1, 1)))
    assert not set(dated["id"]) & set(ours(engine, article_id)), "a date filter never matches an undated incident"


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_export_invents_a_date(store: tuple[Engine, str], fmt: str) -> None:
    engine, article_id = store
    data = export_selection(engine, Filters(ids=tuple(ours(engine, article_id))), fmt)
    if fmt == "gpkg":
        path = Path(engine.url.database).with_suffix(".gpkg")
        path.write_bytes(data)
        import geopandas as gpd

        text = gpd.read_file(path).astype(str).to_csv()
    else:
        text = data.decode("utf-8")
    assert "Tartar" in text
    for invented in INVENTED:
        assert invented not in text, f"{fmt}: {invented}"


def test_the_snapshot_says_date_unknown(store: tuple[Engine, str]) -> None:
    engine, article_id = store
    html = snapshot_html(engine, Filters(ids=tuple(ours(engine, article_id))), generated=GENERATED)
    assert "date unknown" in html
    for invented in INVENTED:
        assert invented not in html


def test_the_map_labels_an_undated_incident_date_unknown(store: tuple[Engine, str]) -> None:
    """The map sends day numbers to the browser, and aggregates count a missing date as day 0; the script
    that turns them into labels must show day 0 as unknown, not as 1970-01-01."""
    engine, article_id = store
    filters = Filters(ids=tuple(ours(engine, article_id)))
    html = build_map(query_incidents(engine, filters)).get_root().render()
    days = [int(d) for d in re.findall(r'"d":\s*\[([-\d, ]*)\]', html)[0].split(",") if d.strip()]
    cells = cell_counts(engine, filters, (0.1, 0.1))
    shapes, newest = shape_counts(engine, filters, 3)
    undated_days = {_day_number(d) for d in [*cells["d0"], *shapes.get("d0", []), *newest["date"]]} | set(days)
    assert undated_days <= {0}, "a missing date travels as day 0"
    labels = _node_labels([0, (dt.date(2020, 10, 4) - dt.date(1970, 1, 1)).days])
    assert labels == ["date unknown", "2020-10-04"]


def _day_number(value: object) -> int:
    return 0 if value is None or pd.isna(value) else (value - dt.date(1970, 1, 1)).days  # type: ignore[operator]


def _node_labels(days: list[int]) -> list[str]:
    """The map script's own day() function, run by node on these day numbers."""
    node = shutil.which("node") or shutil.which("nodejs")
    require(node is not None, "node missing (scripts/system-packages installs it)")
    source = (ROOT / "webmap" / "incident_layer.js").read_text(encoding="utf-8")
    functions = re.search(r"^ *var UNDATED_DAY.*?$\n^ *function day\(d\).*?$", source, re.M | re.S)
    assert functions, "incident_layer.js defines UNDATED_DAY and day(d)"
    script = functions.group(0) + f"\nconsole.log(JSON.stringify({json.dumps(days)}.map(day)));"
    done = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)
