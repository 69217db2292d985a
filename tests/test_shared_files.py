"""Acceptance on the real series: every slice in tests/data trains with tiny settings, and
``predict`` prints exactly K rows whose timestamps continue the file's own calendar.

The expected timestamps are computed here from the raw CSV with pandas, independently of
lstmcast's loader. The full files in ../shared/data are used only when that folder exists.
"""

from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path

import pandas as pd
import pytest
from helpers import load_series

from lstmcast.cli import app

# name: (slice, extra train flags, time column, its strftime format in the file,
#        pandas frequency that continues it, horizon, strftime of the forecast's time column)
SLICES = {
    "btc": ("btc_head200.csv", [], "Date", "%Y-%m-%d", "D", 1, "%Y-%m-%d"),
    "sp500": ("sp500_head300.csv", [], "Date", "%d-%m-%y", "B", 3, "%Y-%m-%d"),
    "vix": ("vix_head300.csv", [], "DATE", "%Y-%m-%d", "B", 2, "%Y-%m-%d"),
    "melbourne": ("melbourne_tail750.csv", [], "Date", "%Y-%m-%d", "D", 1, "%Y-%m-%d"),
    "sunspots": ("sunspots_tail240.csv", [], "Month", "%Y-%m", "MS", 3, "%Y-%m"),  # as written
    "etth1": ("etth1_head200.csv", ["--target", "OT"], "date", "%Y-%m-%d %H:%M:%S", "h", 3,
              "%Y-%m-%d %H:%M:%S"),
    "fx": ("fx_1998_1999.csv", ["--target", "Japan"], "Data", "%Y-%m-%d", "B", 2, "%Y-%m-%d"),
}


def expected_next(path: Path, time_col: str, fmt: str, freq: str, k: int) -> list[str]:
    """The k timestamps after the file's last one, from the raw CSV (not lstmcast's loader)."""
    raw = pd.read_csv(path, dtype=str)
    last = pd.to_datetime(raw[time_col], format=fmt).max()
    return list(pd.date_range(last, periods=k + 1, freq=freq)[1:])


def parse_forecast_csv(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


@pytest.mark.parametrize("name", list(SLICES))
def test_slice_trains_and_predicts_next_timestamps(name, runner, fast, data_dir, in_tmp):
    file, flags, time_col, fmt, freq, k, out_fmt = SLICES[name]
    path = data_dir / file
    train = runner.invoke(app, ["train", str(path), *flags, *fast, "--horizon", str(k),
                                "--out", "m.lstmcast"])
    assert train.exit_code == 0, train.stderr
    assert train.stdout == ""
    assert (in_tmp / "m.lstmcast").is_file() and (in_tmp / "m.metrics.json").is_file()

    result = runner.invoke(app, ["predict", "--model", "m.lstmcast", "--horizon", str(k)])
    assert result.exit_code == 0, result.stderr
    header, rows = parse_forecast_csv(result.stdout)
    assert header == [time_col, "forecast", "lo_80", "hi_80", "lo_95", "hi_95"]
    assert len(rows) == k
    expected = expected_next(path, time_col, fmt, freq, k)
    assert [r[0] for r in rows] == [t.strftime(out_fmt) for t in expected]
    assert all(len(r) == 6 and all(math.isfinite(float(v)) for v in r[1:]) for r in rows)
    assert all(float(r[4]) <= float(r[2]) <= float(r[1]) <= float(r[3]) <= float(r[5])
               for r in rows)  # lo_95 <= lo_80 <= forecast <= hi_80 <= hi_95


def test_business_days_skip_the_weekend(runner, fast, data_dir, in_tmp):
    # sp500_head300 ends on Monday 2001-03-12; with a Friday origin the next row is a Monday.
    path = data_dir / "sp500_head300.csv"
    assert runner.invoke(app, ["train", str(path), *fast, "--horizon", "3", "--no-refit",
                               "--quiet"]).exit_code == 0
    result = runner.invoke(app, ["predict", "--as-of", "2001-03-09"])
    assert result.exit_code == 0, result.stderr
    _, rows = parse_forecast_csv(result.stdout)
    assert [r[0] for r in rows] == ["2001-03-12", "2001-03-13", "2001-03-14"]


# ------------------------------------------------------------------- full files (optional)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} not present")
FULL = os.environ.get("LSTMCAST_FULL_DATA") == "1"

# file: (load kwargs, train flags, time column, freq, rows after cleaning, last timestamp)
FULL_FILES = {
    "btc_usd_daily_coindesk.csv": ({}, [], "Date", "D", 2787, "2021-05-18"),
    "sp500_daily_ohlcv.csv": ({}, [], "Date", "B", 4697, "2018-08-31"),
    "vix_daily_ohlc.csv": ({}, [], "DATE", "B", 9235, "2026-07-23"),
    # 12,240 weekdays, 471 of them empty: holidays absent, 1971's closed market (11 weekdays in
    # a row, more than a holiday) a gap, filled
    "fx_daily_usd_wide.csv": ({"target": "Japan"}, ["--target", "Japan"], "Data", "B", 11780,
                              "2017-12-01"),
    # 3,650 rows in the file, 1984-12-31 and 1988-12-31 missing: inserted and filled.
    "melbourne_daily_min_temperatures.csv": ({}, [], "Date", "D", 3652, "1990-12-31"),
    "zurich_monthly_sunspots.csv": ({}, [], "Month", "MS", 2820, "1983-12-01"),
    "ETTh1.csv": ({"target": "OT"}, ["--target", "OT"], "date", "h", 17420,
                  "2018-06-26 19:00:00"),
}
# Trained by default (small, fast); the others only with LSTMCAST_FULL_DATA=1.
TRAINED_BY_DEFAULT = ("btc_usd_daily_coindesk.csv", "zurich_monthly_sunspots.csv")


@needs_shared
@pytest.mark.parametrize("file", list(FULL_FILES))
def test_full_file_loads(file):
    kwargs, _, time_col, freq, rows, last = FULL_FILES[file]
    series = load_series(SHARED / file, **kwargs)
    assert (series.time_col, series.freq, len(series.time)) == (time_col, freq, rows)
    assert series.time[-1] == pd.Timestamp(last)


@needs_shared
@pytest.mark.parametrize("file", [
    f if f in TRAINED_BY_DEFAULT or FULL else pytest.param(
        f, marks=pytest.mark.skip(reason="set LSTMCAST_FULL_DATA=1 to train on every full file"))
    for f in FULL_FILES
])
def test_full_file_trains_and_predicts(file, runner, in_tmp):
    _, flags, time_col, freq, _, last = FULL_FILES[file]
    train = runner.invoke(app, ["train", str(SHARED / file), *flags, "--hidden", "4",
                                "--epochs", "1", "--no-refit", "--quiet"])
    assert train.exit_code == 0, train.stderr
    result = runner.invoke(app, ["predict"])
    assert result.exit_code == 0, result.stderr
    header, rows = parse_forecast_csv(result.stdout)
    expected = pd.date_range(pd.Timestamp(last), periods=2, freq=freq)[1]
    out_fmt = {"h": "%Y-%m-%d %H:%M:%S", "MS": "%Y-%m"}.get(freq, "%Y-%m-%d")  # as written
    assert header == [time_col, "forecast", "lo_80", "hi_80", "lo_95", "hi_95"]
    assert [r[0] for r in rows] == [expected.strftime(out_fmt)]
    assert math.isfinite(float(rows[0][1]))
