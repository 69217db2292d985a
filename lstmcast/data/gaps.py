"""A series' gaps filled, and a sensor's outage: a run of filled target values so long that the
series is better read from its end. Filled values are no observations: a forward fill across
ten weeks of a water temperature is a flat stretch the sea never had, then a jump of several
degrees, and every window over it teaches the network, and the choice of the base, a series
that never was (Key West's hourly water temperature, 70 days missing of a year, two origins:
1.00 of naive's MAE read whole, 0.53 from the rows after the outage; MSTL 0.57)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import format_stamp
from .clean import _warn, fill_missing

OUTAGE_SHARE = 0.1  # of a series' rows: a run of filled values longer than this is an outage
MIN_AFTER = 100  # rows after an outage that a series can be read from without the rows before


def fill_gaps(where: str, data: pd.DataFrame, fill: str,
              notes: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """``data`` with its gaps filled by ``fill`` (``clean.fill_missing``), from the row after
    its target's last outage (``after_outage``), and the rows whose target was filled: no
    observation, unless filled with 0 (a day without sales is a day of 0 sales, to be scored)."""
    filled = data[data.columns[0]].isna().to_numpy() & (fill != "zero")
    return after_outage(fill_missing(where, data, fill, notes), filled, notes)


def after_outage(data: pd.DataFrame, filled: np.ndarray,
                 notes: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """``data`` and its ``filled`` rows from the row after the last outage of its target: a run
    of filled rows longer than OUTAGE_SHARE of the series, followed by at least as many rows
    as the run and MIN_AFTER. The rows before are left out with a warning; a short gap is
    filled as before, and a long one with too little after it is kept (the series would be too
    short to forecast from the rest)."""
    edges = np.flatnonzero(np.diff(np.r_[0, filled.astype(np.int8), 0]))
    first, end = edges[::2], edges[1::2]  # each run of filled rows: [first, end)
    run, after = end - first, len(filled) - end
    outage = (run > max(OUTAGE_SHARE * len(filled), 1)) & (after >= np.maximum(run, MIN_AFTER))
    if not outage.any():
        return data, filled
    k = np.flatnonzero(outage)[-1]
    _warn(notes, f"no values for {run[k]} rows from {format_stamp(data.index[first[k]])} (an "
                 f"outage, more than {OUTAGE_SHARE:.0%} of the series): read from "
                 f"{format_stamp(data.index[end[k]])}, the {first[k]} rows before the outage "
                 f"left out, rather than learn from the values filled across it")
    return data.iloc[end[k]:], filled[end[k]:]
