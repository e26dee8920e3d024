"""The time budget per article: a pathological page fails alone, with a clear error, and the batch goes on."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from incidents.budget import BUDGET_ENV, DEFAULT_BUDGET_S, ExtractionTimeout, budget_from_env
from incidents.extract import extract_incidents
from incidents.model import Article

ROOT = Path(__file__).resolve().parents[3]
# A page that lists places for some 50 KB: far more work than a budget of a millisecond allows.
PLACE_LIST = "Artillery shelled " + ", ".join(["Tegh", "Goris", "Sotk", "Kapan"] * 2500) + " on Monday."


@pytest.mark.parametrize(("raw", "budget"), [("", DEFAULT_BUDGET_S), ("12.5", 12.5), ("none", None)])
def test_budget_from_the_environment(raw: str, budget: float | None) -> None:
    assert budget_from_env({BUDGET_ENV: raw} if raw else {}) == budget


@pytest.mark.parametrize("raw", ["0", "-3", "soon"])
def test_a_bad_budget_is_refused_by_name(raw: str) -> None:
    with pytest.raises(ValueError, match=BUDGET_ENV):
        budget_from_env({BUDGET_ENV: raw})


def test_an_article_past_its_budget_fails_naming_the_budget() -> None:
    article = Article("long.txt", PLACE_LIST, published=dt.date(2021, 6, 14), published_precision="day")
    with pytest.raises(ExtractionTimeout, match=r"time budget of 0\.001 s"):
        extract_incidents(article, budget_s=0.001)


def test_the_batch_goes_on_past_an_article_over_budget(tmp_path: Path) -> None:
    (tmp_path / "a-long.txt").write_text(PLACE_LIST, encoding="utf-8")
    (tmp_path / "b-short.txt").write_text("Drones struck positions near Sotk on Monday, the ministry said.\n",
                                          encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "incidents", "extract", str(tmp_path), "--published", "2021-06-16",
                           "--time-budget", "0.3", "--format", "jsonl"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "a-long.txt" in errors[0] and "time budget of 0.3 s" in errors[0]
    assert '"place": "Sotk"' in done.stdout
