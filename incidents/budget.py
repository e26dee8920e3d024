"""A time budget per article: one pathological page must not stall an ingest or a dashboard upload.

Extraction is linear in the length of the text and the number of place mentions, but a 5 MB page
(the reader's cap) of place lists still takes long. The budget is checked between sentences and
between readings; past it, the article fails with `ExtractionTimeout` (the batch reports it and goes
on). Set it with `--time-budget` or the INCIDENTS_EXTRACT_BUDGET_S environment variable.
"""
from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

# Seconds one article may take by default: a long report extracts in well under a second, a 150 KB
# page of place lists in a few; thirty leaves room for a slow host without letting one page stall a batch.
DEFAULT_BUDGET_S = 30.0
# The environment variable the dashboard (and any caller without a --time-budget flag) reads.
BUDGET_ENV = "INCIDENTS_EXTRACT_BUDGET_S"


class ExtractionTimeout(Exception):
    """Extraction of one article ran past its time budget."""


@dataclass(frozen=True)
class Deadline:
    """The moment an article's extraction must end (None: no limit)."""

    budget_s: float | None
    ends_at: float | None

    @classmethod
    def starting_now(cls, budget_s: float | None) -> Deadline:
        return cls(budget_s, None if budget_s is None else time.monotonic() + budget_s)

    def check(self, chars: int) -> None:
        """Raise ExtractionTimeout once the budget is spent, naming it and the article's size."""
        if self.ends_at is not None and time.monotonic() > self.ends_at:
            raise ExtractionTimeout(f"extraction took longer than its time budget of {self.budget_s:g} s "
                                    f"(article of {chars:,} characters); raise the budget with --time-budget "
                                    f"or {BUDGET_ENV} to allow more")


def budget_from_env(environ: Mapping[str, str]) -> float | None:
    """The budget in INCIDENTS_EXTRACT_BUDGET_S: seconds > 0, "none" for no limit; the default when unset.

    >>> budget_from_env({"INCIDENTS_EXTRACT_BUDGET_S": "5"})
    5.0
    """
    raw = environ.get(BUDGET_ENV, "").strip().lower()
    if not raw:
        return DEFAULT_BUDGET_S
    if raw == "none":
        return None
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise ValueError(f"{BUDGET_ENV}={raw!r}: the budget must be a number of seconds above 0, or 'none'")
    return value
