"""A series' gaps filled, and a sensor's outage: a run of filled target values so long that
training reads the series from its end. Filled values are no observations: a forward fill
across ten weeks of a water temperature is a flat stretch the sea never had, then a jump of
several degrees, and every window over it teaches the network, and the choice of the base, a
series that never was (Key West's hourly water temperature, 70 days missing of a year, two
origins: 1.00 of naive's MAE trained on whole, 0.53 from the rows after the outage; MSTL 0.57).

The loader fills; training leaves out what comes before an outage (``after_outages``), on the
rows it trains on: a backtest's fold judges by the rows up to its cutoff, and ``predict`` reads
the file whole, its window after the outage as training's was (a cron job's short export,
which an outage would cut below the model's window, is forecast as before)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import format_stamp
from ..config import DataSpec
from ..panel import Panel
from .clean import fill_missing

OUTAGE_SHARE = 0.1  # of a series' rows: a run of filled values longer than this is an outage
MIN_AFTER = 100  # rows after an outage that a series can be trained on without the rows before


def fill_gaps(where: str, data: pd.DataFrame, spec: DataSpec, notes: list[str],
              written: pd.Index | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """``data`` with its gaps filled by ``spec.fill`` (``clean.fill_missing``), and the rows
    whose target was filled: no observation, unless filled with 0 (a day without sales is a
    day of 0 sales, to be scored). Counted rows (--duplicates count) have no gaps: a step
    without rows counted none. ``written``: the times of the file's rows."""
    if spec.duplicates == "count":
        return data.fillna(0.0), np.zeros(len(data), dtype=bool)
    filled = data[data.columns[0]].isna().to_numpy() & (spec.fill != "zero")
    return fill_missing(where, data, spec.fill, notes, written), filled


def last_outage(filled: np.ndarray) -> tuple[int, int]:
    """(the row after it, its length) of the last outage of a series whose filled rows are
    ``filled``: a run of them longer than OUTAGE_SHARE of the series, followed by at least as
    many rows as the run and MIN_AFTER, or by MIN_AFTER where the run is longer than the rows
    before it (two exports glued over three years, whose fill would be most of the rows);
    (0, 0) where there is none (a short gap is filled as before, and a long one with too
    little after it is kept: the rest would be too short to train on)."""
    edges = np.flatnonzero(np.diff(np.r_[0, filled.astype(np.int8), 0]))
    first, end = edges[::2], edges[1::2]  # each run of filled rows: [first, end)
    run, after = end - first, len(filled) - end
    outage = np.flatnonzero((run > max(OUTAGE_SHARE * len(filled), 1)) & (
        (after >= np.maximum(run, MIN_AFTER)) | (after >= MIN_AFTER) & (run > first)))
    return (int(end[outage[-1]]), int(run[outage[-1]])) if len(outage) else (0, 0)


def after_outages(panel: Panel) -> tuple[Panel, list[str]]:
    """``panel`` with each series from the row after its last outage (``last_outage``), and a
    warning for each series so cut."""
    if panel.filled is None:
        return panel, []
    starts, said = panel.indptr[:-1].copy(), []
    for s in range(len(panel)):
        lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
        end, run = last_outage(panel.filled[lo:hi])
        if end:
            starts[s] = lo + end
            said.append(f"warning: {'' if len(panel) == 1 else f'series {panel.ids[s]!r}: '}no "
                        f"values for {run} rows from {format_stamp(panel.time[lo + end - run])} "
                        f"(an outage, more than {OUTAGE_SHARE:.0%} of the series): trained on "
                        f"its rows from {format_stamp(panel.time[lo + end])}, not on the "
                        f"{end} before them, filled across it")
    return panel.starting_at(starts), said
