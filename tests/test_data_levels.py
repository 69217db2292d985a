"""Two header lines of a frame whose columns have two levels, written by pandas itself:
``unstack()`` and ``pivot_table(values=[...])`` put the values' level (unnamed) over the
series' (named), then the index's name alone on a third line (yfinance's layout is in
test_data.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from helpers import load_series


def test_pandas_s_unstacked_frame_is_a_series_per_column(tmp_path):
    quarters = pd.date_range("1981-01-01", periods=40, freq="QS")
    long = pd.DataFrame([(q, origin, 1000 * k + i) for k, origin in enumerate(["Japan", "NZ",
                                                                               "UK"], 1)
                         for i, q in enumerate(quarters)],
                        columns=["Quarter", "Origin", "Arrivals"])
    wide = long.pivot_table(index="Quarter", columns="Origin", values=["Arrivals"])
    wide.to_csv(tmp_path / "pivot.csv")
    assert (tmp_path / "pivot.csv").read_text().splitlines()[:3] == [
        ",Arrivals,Arrivals,Arrivals", "Origin,Japan,NZ,UK", "Quarter,,,"]
    panel = load_series(tmp_path / "pivot.csv")
    assert (panel.time_col, panel.target_col, panel.freq) == ("Quarter", "Arrivals", "QS-JAN")
    assert panel.ids == ("Japan", "NZ", "UK") and list(panel.lengths) == [40, 40, 40]
    np.testing.assert_array_equal(panel.series(1).target, 2000 + np.arange(40))
    assert any("two header lines, fields over the series in 'Origin'" in n for n in panel.notes)
    # unstack(): the same layout
    long.set_index(["Quarter", "Origin"]).unstack().to_csv(tmp_path / "unstacked.csv")
    again = load_series(tmp_path / "unstacked.csv")
    assert again.ids == panel.ids
    np.testing.assert_array_equal(again.target, panel.target)


def test_a_frame_with_an_unnamed_index_and_an_empty_second_row_is_no_two_levels(tmp_path):
    """',sales,units' over '2023-01-01,96.7,14.0' over '2023-01-02,,' (a review's): the index's
    dates, a day without values; read as one daily series, not as levels named by numbers."""
    days = pd.date_range("2023-01-01", periods=60, freq="D")
    frame = pd.DataFrame({"sales": 100.0 + np.arange(60), "units": 14.0}, index=days)
    frame.iloc[1] = np.nan
    frame.to_csv(tmp_path / "sparse.csv")
    panel = load_series(tmp_path / "sparse.csv", target="sales")
    assert panel.time_col == "Unnamed: 0" and len(panel.target) == 60 and panel.freq == "D"
    # said as the file has it (a helper: "time column: 'Unnamed: 0'", pandas' name)
    assert any(n.startswith("time column: column 1, unnamed (") for n in panel.notes)
