"""The synthetic generator: realistic spread, always marked synthetic, deterministic, loads into the store."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from incidents.cli import main
from incidents.model import EVENT_TYPES, SIDES
from incidents.store.query import INCIDENT_COLUMNS
from incidents.synth import FIRST_DAY, LAST_DAY, synthetic_frame, synthetic_incidents

# Bounding box of Armenia, Azerbaijan's west and Nakhchivan: nothing may fall outside it.
REGION = (43.4, 38.8, 48.6, 41.4)  # west, south, east, north


@pytest.fixture(scope="module")
def sample():
    return synthetic_frame(5_000, seed=11)


def test_columns_are_the_store_query_columns(sample) -> None:
    assert list(sample.columns) == list(INCIDENT_COLUMNS)


def test_every_row_says_it_is_synthetic(sample) -> None:
    assert sample["synthetic"].all()
    assert sample["summary"].str.startswith("SYNTHETIC").all()
    assert sample["outlets"].str.endswith("(synthetic)").all()


def test_spread_over_region_dates_and_vocabularies(sample) -> None:
    west, south, east, north = REGION
    assert sample["lat"].between(south, north).all() and sample["lon"].between(west, east).all()
    assert sample["date"].min() >= FIRST_DAY and sample["date"].max() <= LAST_DAY
    assert set(sample["event_type"]) <= set(EVENT_TYPES) and len(set(sample["event_type"])) >= 6
    assert set(sample["side"]) <= set(SIDES) and len(set(sample["side"])) >= 5
    assert sample["outlets"].nunique() >= 4 and sample["place"].nunique() >= 100
    shares = sample["location_precision"].value_counts(normalize=True)
    assert set(shares.index) == {"point", "area", "line"} and shares["point"] > 0.7
    autumn_2020 = sample["date"].between(dt.date(2020, 9, 27), dt.date(2020, 11, 10)).mean()
    assert autumn_2020 > 0.1  # 45 days of 8 years, yet the densest episode


def test_deterministic_per_seed() -> None:
    assert synthetic_frame(300, seed=3).equals(synthetic_frame(300, seed=3))
    assert not synthetic_frame(300, seed=3)["lat"].equals(synthetic_frame(300, seed=4)["lat"])


def test_rows_have_unique_ids_across_chunks() -> None:
    rows = list(synthetic_incidents(250, seed=1, chunk=100))
    assert len(rows) == 250 and len({r["id"] for r in rows}) == 250
    assert all(r["synthetic"] for r in rows)


def test_negative_count_is_an_error() -> None:
    with pytest.raises(ValueError, match="count"):
        synthetic_frame(-5)


def test_cli_fills_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'synth.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["synth", "--count", "400", "--seed", "2"]) == 0
    assert "400" in capsys.readouterr().out
    with sa.create_engine(url).connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM incidents WHERE synthetic AND id LIKE 'syn-2-%'")).scalar()
    assert count == 400
