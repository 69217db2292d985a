"""Panel: flat arrays with per-series offsets; a file with one series is a panel of one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.panel import Panel, by_series

DATA = Path(__file__).resolve().parent / "data"


def test_panel_of_one_series_from_a_file():
    panel = load_series(DATA / "btc_head200.csv", features=["24h High (USD)"])
    assert len(panel) == 1 and panel.ids == ("",)
    assert panel.indptr.tolist() == [0, 200] and panel.lengths.tolist() == [200]
    assert panel.target.shape == (200,) and panel.features.shape == (200, 1)
    assert panel.target.dtype == np.float64 and panel.features.dtype == np.float64
    series = panel.series(0)
    assert series.time[0] == pd.Timestamp("2013-10-01") and len(series.time) == 200
    assert series.target[0] == 123.65499
    assert np.shares_memory(series.target, panel.target)  # a view, not a copy
    assert panel.values.shape == (200, 2)


def two_series() -> Panel:
    time = pd.DatetimeIndex(list(pd.date_range("2021-01-01", periods=4))
                            + list(pd.date_range("2021-01-03", periods=3)))
    return Panel(ids=("a", "b"), indptr=np.array([0, 4, 7]), time=time,
                 target=np.arange(7.0), features=np.arange(14.0).reshape(7, 2), freq="D",
                 freq_label="daily", time_col="Date", target_col="Close",
                 feature_cols=("x", "y"), date_format="%Y-%m-%d", path="p.csv",
                 fingerprint=None)


def test_series_until_head_and_select():
    panel = two_series()
    assert panel.series(1).target.tolist() == [4.0, 5.0, 6.0]
    cut = panel.until("2021-01-03")
    assert cut.ids == ("a", "b") and cut.lengths.tolist() == [3, 1]
    assert cut.series(1).target.tolist() == [4.0]
    early = panel.until("2021-01-02")
    assert early.ids == ("a",)  # b has no row by then
    assert panel.head(2).target.tolist() == [0.0, 1.0, 4.0, 5.0]
    only_b = panel.select(["b"])
    assert only_b.ids == ("b",) and only_b.features.tolist() == [[8, 9], [10, 11], [12, 13]]


def test_inconsistent_arrays_are_refused():
    panel = two_series()
    with pytest.raises(ValueError, match="indptr"):
        Panel(**{**panel.__dict__, "indptr": np.array([0, 7])})
    with pytest.raises(ValueError, match="rows"):
        Panel(**{**panel.__dict__, "target": np.arange(6.0)})


def test_without_rows_keeps_each_series_first_row_and_its_offsets():
    time = pd.DatetimeIndex(list(pd.bdate_range("2024-01-01", periods=4)) * 2)
    panel = Panel(ids=("a", "b"), indptr=np.array([0, 4, 8]), time=time,
                  target=np.arange(8.0), features=np.empty((8, 0)), freq="B",
                  freq_label="business days", time_col="date", target_col="v",
                  feature_cols=(), date_format=None, path="x.csv", fingerprint=None,
                  filled=np.zeros(8, dtype=bool), layout="long")
    drop = np.array([True, False, True, False, False, True, True, False])
    kept = panel.without_rows(drop)
    assert kept.indptr.tolist() == [0, 3, 5]  # 'a' keeps its first row, dropped or not
    assert kept.target.tolist() == [0.0, 1.0, 3.0, 4.0, 7.0]
    assert list(kept.time) == [time[i] for i in (0, 1, 3, 4, 7)] and len(kept.filled) == 5
    assert kept.ids == ("a", "b") and drop[0]  # (the mask given is not changed)
    empty = replace(panel, ids=("a", "b", "c"), indptr=np.array([0, 4, 8, 8]))  # 'c': no rows
    assert empty.without_rows(drop).indptr.tolist() == [0, 3, 5, 5]


@pytest.mark.parametrize("n", [0, 1, 7, 500])
def test_by_series_is_each_series_positions_as_a_mask_gives_them(n):
    """``by_series`` against its slow twin: a mask a series, over every position."""
    series = np.random.default_rng(n).integers(0, 9, n) * 3
    fast = [(s, list(at)) for s, at in by_series(series)]
    slow = [(int(s), list(np.flatnonzero(series == s))) for s in np.unique(series)]
    assert fast == slow
