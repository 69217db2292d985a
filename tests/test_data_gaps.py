"""A series' gaps filled, and an outage: the series read from its end."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.data.gaps import MIN_AFTER, OUTAGE_SHARE, after_outage


def _outage_twin(filled: np.ndarray) -> int:
    """The first row kept, run by run: after the last run of filled rows longer than
    OUTAGE_SHARE of the series that has at least as many rows after it as itself and
    MIN_AFTER; 0 where there is none."""
    first, k, n = 0, 0, len(filled)
    while k < n:
        if not filled[k]:
            k += 1
            continue
        start = k
        while k < n and filled[k]:
            k += 1
        run, after = k - start, n - k
        if run > max(OUTAGE_SHARE * n, 1) and after >= max(run, MIN_AFTER):
            first = k
    return first


@pytest.mark.parametrize("seed", range(40))
def test_after_outage_keeps_the_rows_after_the_last_outage(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(50, 1200))
    filled = np.zeros(n, dtype=bool)
    for _ in range(int(rng.integers(0, 4))):  # runs of every length, short to a third
        start = int(rng.integers(1, n - 1))
        filled[start : start + int(rng.integers(1, n // 3 + 2))] = True
    filled[-1] = False  # a series ends on a value: trailing gaps were dropped before
    data = pd.DataFrame({"y": np.arange(n, dtype=float)},
                        index=pd.date_range("2020-01-01", periods=n, freq="h"))
    notes: list[str] = []
    kept, kept_filled = after_outage(data, filled, notes)
    first = _outage_twin(filled)
    assert kept.index.equals(data.index[first:]) and np.array_equal(kept_filled, filled[first:])
    assert len(notes) == (first > 0)


def test_a_long_outage_is_left_behind_and_said(tmp_path):
    """A year of hours with ten weeks missing: read from the hour after them, with a warning
    that says how much was left out; a day missing is filled, as before."""
    hours = pd.date_range("2016-10-03", periods=24 * 365, freq="h")
    kept = np.ones(len(hours), dtype=bool)
    kept[4000:5680] = False  # ten weeks
    kept[7000:7024] = False  # a day, later
    path = tmp_path / "sea.csv"
    path.write_text("time,water_temp\n" + "".join(
        f"{t:%Y-%m-%d %H:%M},{25 + 3 * np.sin(k / 1000) + 0.2 * np.sin(k / 3.8):.2f}\n"
        for k, t in enumerate(hours) if kept[k]))
    s = load_series(path)
    assert s.time[0] == hours[5680] and s.time[-1] == hours[-1]
    assert s.filled is not None and s.filled.sum() == 24  # the day, still filled and unscored
    said = [w for w in s.warnings if "outage" in w]
    assert said == [f"no values for 1680 rows from {hours[4000]} (an outage, more than 10% of "
                    f"the series): read from {hours[5680]}, the 4000 rows before the outage "
                    "left out, rather than learn from the values filled across it"]
    assert load_series(path, fill="zero").time[0] == hours[0]  # zeros are values: all kept


def test_a_long_gap_with_too_little_after_it_is_filled_as_before(tmp_path):
    days = pd.date_range("2020-01-01", periods=400, freq="D")
    kept = np.ones(len(days), dtype=bool)
    kept[300:360] = False  # 60 days missing, 40 after: too few to read the series from
    path = tmp_path / "late.csv"
    path.write_text("date,sales\n" + "".join(f"{d:%Y-%m-%d},{10 + k % 7}\n"
                                             for k, d in enumerate(days) if kept[k]))
    s = load_series(path)
    assert s.time[0] == days[0] and s.filled.sum() == 60
    assert not any("outage" in w for w in s.warnings)


def test_each_series_of_a_panel_is_read_from_its_own_outage(tmp_path):
    """In a long file, the series with an outage starts after it; the other keeps its rows."""
    days = pd.date_range("2020-01-01", periods=500, freq="D")
    rows = []
    for sid, hole in (("a", range(100, 200)), ("b", range(0))):
        rows += [f"{d:%Y-%m-%d},{sid},{50 + k % 7 + (sid == 'b')}\n"
                 for k, d in enumerate(days) if k not in hole]
    path = tmp_path / "shops.csv"
    path.write_text("date,shop,sales\n" + "".join(rows))
    p = load_series(path)
    a, b = (p.time[p.indptr[k] : p.indptr[k + 1]] for k in range(2))
    assert list(p.ids) == ["a", "b"] and a[0] == days[200] and b[0] == days[0]
    assert any("outage" in w and "'a'" in w for w in p.warnings)
