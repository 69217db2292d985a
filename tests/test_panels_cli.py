"""Many series through the command line: one global model for a long or a wide file, every
series' own next timestamps, unseen and too-short series, per-series metrics."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_data_panels import long_file

from lstmcast.cli import app

FAST = ["--hidden", "8", "--epochs", "2", "--patience", "1"]


def invoke(runner, *args):
    return runner.invoke(app, [str(a) for a in args], prog_name="lstmcast")


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def long_model(runner, in_tmp):
    path = long_file(in_tmp)
    result = invoke(runner, "train", path, *FAST, "--horizon", "3")
    assert result.exit_code == 0, result.stderr
    return path


def test_long_file_one_model_every_symbol_its_next_timestamps(runner, long_model, in_tmp):
    result = invoke(runner, "predict", long_model)
    assert result.exit_code == 0, result.stderr
    rows = rows_of(result.stdout)
    assert rows[0] == ["symbol", "date", "forecast", "lo_80", "hi_80", "lo_95", "hi_95"]
    body = rows[1:]
    assert [r[0] for r in body] == ["AAPL"] * 3 + ["MSFT"] * 3 + ["ZZZ"] * 3
    # ZZZ ends on Monday 2020-11-30; the others on Thursday 2020-12-31 (business days).
    assert ("1 series ends before the data's latest row (2020-12-31): 'ZZZ' (2020-11-30)"
            in result.stderr)
    assert [r[1] for r in body[6:]] == ["2020-12-01", "2020-12-02", "2020-12-03"]
    assert [r[1] for r in body[:3]] == ["2021-01-01", "2021-01-04", "2021-01-05"]
    assert all(float(r[2]) > 0 for r in body)
    only = invoke(runner, "predict", long_model, "--id", "ZZZ,AAPL")
    assert [r[0] for r in rows_of(only.stdout)[1:]] == ["AAPL"] * 3 + ["ZZZ"] * 3
    missing = invoke(runner, "predict", long_model, "--id", "NOPE")
    assert missing.exit_code == 2 and "no series 'NOPE'" in missing.stderr
    empty = invoke(runner, "predict", long_model, "--id", "")  # an unset variable in a script
    assert empty.exit_code == 2 and "--id '' names no series" in empty.stderr
    shown = invoke(runner, "info").stdout.splitlines()
    assert "columns: time 'date', target 'close', id 'symbol', features []" in shown
    doc = json.loads(invoke(runner, "predict", long_model, "--format", "json").stdout)
    assert doc["as_of"] == "2020-12-31"  # the latest; each series' own origin beside it
    assert doc["origins"] == {"AAPL": "2020-12-31", "MSFT": "2020-12-31", "ZZZ": "2020-11-30"}


def test_panel_metrics_hold_aggregates_and_each_series(runner, long_model, in_tmp):
    metrics = json.loads((in_tmp / "model.metrics.json").read_text())
    assert metrics["series_count"] == 3 and set(metrics["series"]) == {"AAPL", "MSFT", "ZZZ"}
    assert {"model", "naive", "naive2"} <= set(metrics["methods"])
    for name in ("smape", "mase"):
        values = [s[name] for s in metrics["series"].values()]
        assert metrics["methods"]["model"][name] == pytest.approx(np.mean(values))
    assert metrics["owa"] > 0 and metrics["worst"][0] in metrics["series"]


def test_a_trained_series_missing_from_fresh_data_is_said(runner, long_model, in_tmp):
    frame = pd.read_csv(long_model)
    frame[frame.symbol != "MSFT"].to_csv(in_tmp / "feed.csv", index=False)
    result = invoke(runner, "predict", in_tmp / "feed.csv")
    assert result.exit_code == 0, result.stderr
    assert [r[0] for r in rows_of(result.stdout)[1:]] == ["AAPL"] * 3 + ["ZZZ"] * 3
    assert "1 series of the model ('MSFT') has no rows in" in result.stderr
    only = invoke(runner, "predict", in_tmp / "feed.csv", "--id", "AAPL")  # asked for one
    assert only.exit_code == 0 and "no rows in" not in only.stderr
    # asked for the lost one too: said, the other forecast (the run failed, advising a typo)
    both = invoke(runner, "predict", in_tmp / "feed.csv", "--id", "AAPL,MSFT")
    assert both.exit_code == 0 and [r[0] for r in rows_of(both.stdout)[1:]] == ["AAPL"] * 3
    assert "1 series of the model ('MSFT') has no rows in" in both.stderr
    lost = invoke(runner, "predict", in_tmp / "feed.csv", "--id", "MSFT")
    assert lost.exit_code == 2 and "no rows of the model's series 'MSFT'" in lost.stderr


def test_a_wide_file_that_lost_a_listed_column_forecasts_the_others(runner, in_tmp):
    """A model of --target A,B,C: a fresh export without C (a currency discontinued) failed
    every run ('no column C, which the model uses as its target'), --id A,B too."""
    days = pd.bdate_range("2020-01-01", periods=300)
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), **{
        c: np.round(100 + np.cumsum(rng.normal(size=300)), 2) for c in ("A", "B", "C")}})
    frame.to_csv(in_tmp / "wide.csv", index=False)
    done = invoke(runner, "train", in_tmp / "wide.csv", *FAST, "--target", "A,B,C")
    assert done.exit_code == 0, done.stderr
    frame.drop(columns="C").to_csv(in_tmp / "fresh.csv", index=False)
    result = invoke(runner, "predict", in_tmp / "fresh.csv")
    assert result.exit_code == 0, result.stderr
    assert [r[0] for r in rows_of(result.stdout)[1:]] == ["A", "B"]
    assert "1 series of the model ('C') has no rows in" in result.stderr
    picked = invoke(runner, "predict", in_tmp / "fresh.csv", "--id", "B")
    assert picked.exit_code == 0 and [r[0] for r in rows_of(picked.stdout)[1:]] == ["B"]
    # the columns named in another case, as training matches them: the same
    assert invoke(runner, "train", in_tmp / "wide.csv", *FAST, "--target", "a,b,c", "-o",
                  in_tmp / "lower.lstmcast").exit_code == 0
    lower = invoke(runner, "predict", in_tmp / "fresh.csv", "-m", in_tmp / "lower.lstmcast")
    assert lower.exit_code == 0 and [r[0] for r in rows_of(lower.stdout)[1:]] == ["A", "B"]
    gone = frame.drop(columns=["A", "B", "C"]).assign(D=1.0)
    gone.to_csv(in_tmp / "none.csv", index=False)  # no series of the model at all: refused
    assert invoke(runner, "predict", in_tmp / "none.csv").exit_code == 2


def test_a_column_a_wide_model_did_not_train_on_is_forecast_when_named(runner, in_tmp):
    """A model of --target A,B: predict --id C forecasts C as a long model forecasts a series
    not in training, and says so (it was refused: 'no series C'); a column the file lacks
    still is."""
    days = pd.bdate_range("2020-01-01", periods=300)
    rng = np.random.default_rng(4)
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), **{
        c: np.round(100 + np.cumsum(rng.normal(size=300)), 2) for c in ("A", "B", "C")}}
    ).to_csv(in_tmp / "wide.csv", index=False)
    assert invoke(runner, "train", in_tmp / "wide.csv", *FAST, "--target", "A,B").exit_code == 0
    named = invoke(runner, "predict", in_tmp / "wide.csv", "--id", "C,A")
    assert named.exit_code == 0, named.stderr
    assert [r[0] for r in rows_of(named.stdout)[1:]] == ["A", "C"]
    assert "series 'C' was not in training" in named.stderr
    absent = invoke(runner, "predict", in_tmp / "wide.csv", "--id", "D")
    assert absent.exit_code == 2 and "no series 'D'" in absent.stderr, absent.stderr
    # a model of --target all reads every column of numbers, a later export's new one too
    pd.read_csv(in_tmp / "wide.csv").drop(columns="C").to_csv(in_tmp / "two.csv", index=False)
    assert invoke(runner, "train", in_tmp / "two.csv", *FAST, "--target", "all", "-o",
                  in_tmp / "all.lstmcast").exit_code == 0
    grown = invoke(runner, "predict", in_tmp / "wide.csv", "-m", in_tmp / "all.lstmcast")
    assert grown.exit_code == 0 and "series 'C' was not in training" in grown.stderr
    assert [r[0] for r in rows_of(grown.stdout)[1:]] == ["A", "B", "C"]


def test_a_wide_file_s_series_come_in_the_file_s_order_whatever_target_s(runner, in_tmp):
    """--target C,A: forecasts of C then A, but A then C once B was gone from the fresh file
    (a user round): the file's column order, every time."""
    days = pd.bdate_range("2020-01-01", periods=200)
    rng = np.random.default_rng(6)
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), **{
        c: np.round(100 + np.cumsum(rng.normal(size=200)), 2) for c in ("A", "B", "C")}})
    frame.to_csv(in_tmp / "wide.csv", index=False)
    assert invoke(runner, "train", in_tmp / "wide.csv", *FAST, "--target", "C,A").exit_code == 0
    whole = invoke(runner, "predict", in_tmp / "wide.csv", "--level", "0")
    frame.drop(columns="B").to_csv(in_tmp / "fresh.csv", index=False)
    lost = invoke(runner, "predict", in_tmp / "fresh.csv", "--level", "0")
    assert [r[0] for r in rows_of(whole.stdout)[1:]] == ["A", "C"] == [
        r[0] for r in rows_of(lost.stdout)[1:]]


def test_a_series_whose_feed_turned_weekly_is_skipped_the_others_forecast(runner, in_tmp):
    """After training, MSFT's rows come a week apart (5 business days), the others' daily:
    MSFT's window would be four fifths filled; it is skipped and named, the others forecast."""
    frame = pd.read_csv(long_file(in_tmp))
    cut = "2020-10-30"
    frame[frame.date <= cut].to_csv(in_tmp / "train.csv", index=False)
    done = invoke(runner, "train", in_tmp / "train.csv", *FAST, "--horizon", "3", "--out", "m")
    assert done.exit_code == 0, done.stderr
    later = frame[frame.date > cut]
    weekly = later[later.symbol == "MSFT"].iloc[4::5]
    assert len(weekly) >= 4
    feed = pd.concat([frame[frame.date <= cut], later[later.symbol != "MSFT"], weekly])
    feed.to_csv(in_tmp / "feed.csv", index=False)
    result = invoke(runner, "predict", in_tmp / "feed.csv", "--model", "m")
    assert result.exit_code == 0, result.stderr
    assert ("series 'MSFT' skipped: its rows since the model's last (2020-10-30) are 5 steps "
            "apart, its training rows 1 (the model's steps: business days)") in result.stderr
    assert [r[0] for r in rows_of(result.stdout)[1:]] == ["AAPL"] * 3 + ["ZZZ"] * 3
    assert "'MSFT' (" not in result.stderr  # not said to end early, to be forecast from there
    every = pd.concat([frame[frame.date <= cut], later.groupby("symbol").nth(list(range(4, 60,
                                                                                       5)))])
    every.to_csv(in_tmp / "every.csv", index=False)  # all three turned weekly: the reason
    refused = invoke(runner, "predict", in_tmp / "every.csv", "--model", "m")
    assert refused.exit_code == 2
    assert refused.stderr.strip().endswith("steps apart, its training rows 1 (the model's steps: "
                                           "business days) (and 2 more series so); use data at "
                                           "the model's frequency or retrain")


def test_an_id_with_a_comma_is_named_in_quotes(runner, long_model, in_tmp):
    frame = pd.read_csv(long_model)
    frame.assign(symbol=frame.symbol.replace("MSFT", "Micro, Soft")).to_csv(
        in_tmp / "comma.csv", index=False)
    result = invoke(runner, "predict", in_tmp / "comma.csv", "--id", '"Micro, Soft", AAPL')
    assert result.exit_code == 0, result.stderr
    assert [r[0] for r in rows_of(result.stdout)[1:]] == ["AAPL"] * 3 + ["Micro, Soft"] * 3


def test_unseen_series_is_forecast_and_said(runner, long_model, in_tmp):
    frame = pd.read_csv(long_model)
    extra = frame[frame.symbol == "AAPL"].assign(symbol="NEW", close=lambda f: f.close * 2)
    pd.concat([frame, extra]).to_csv(in_tmp / "more.csv", index=False)
    result = invoke(runner, "predict", in_tmp / "more.csv")
    assert result.exit_code == 0, result.stderr
    assert "series 'NEW' was not in training" in result.stderr
    assert [r[0] for r in rows_of(result.stdout)[1:]].count("NEW") == 3
    # Many such series are said in one line, not one each (a big file's log stays readable).
    extras = [extra.assign(symbol=f"NEW{i}") for i in range(12)]
    pd.concat([frame, *extras]).to_csv(in_tmp / "many.csv", index=False)
    result = invoke(runner, "predict", in_tmp / "many.csv")
    assert result.exit_code == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "not in training" in line]
    assert said == ["warning: 12 series ('NEW0', 'NEW1', 'NEW2', 'NEW3', 'NEW4', 'NEW5', "
                    "'NEW6', 'NEW7' and 4 more) were not in training: forecast by a base "
                    "alone (the model kept no network) from their own history"]  # (a walk's)


def test_an_unseen_series_of_a_model_without_networks_is_said_forecast_by_a_base(runner,
                                                                                  in_tmp):
    """Three random walks whose networks learned nothing beyond the last value: a series not
    in training is forecast by its base alone, not 'by the global model' (a panel round)."""
    rng = np.random.default_rng(0)
    days = pd.date_range("2020-01-01", periods=300, freq="D").strftime("%Y-%m-%d")
    frame = pd.DataFrame([(f"S{k}", t, 100 + v) for k in range(3)
                          for t, v in zip(days, np.cumsum(rng.normal(size=300)), strict=True)],
                         columns=["symbol", "date", "close"])
    frame.to_csv(in_tmp / "walks.csv", index=False)
    trained = invoke(runner, "train", in_tmp / "walks.csv", *FAST)
    assert trained.exit_code == 0, trained.stderr
    assert "none beat the base forecast, which forecasts alone" in trained.stderr
    new = frame[frame.symbol == "S0"].assign(symbol="NEW")
    pd.concat([frame, new]).to_csv(in_tmp / "more.csv", index=False)
    result = invoke(runner, "predict", in_tmp / "more.csv")
    assert result.exit_code == 0, result.stderr
    assert ("series 'NEW' was not in training: forecast by a base alone (the model kept no "
            "network) from its own history") in result.stderr
    ids = [r[0] for r in rows_of(result.stdout)[1:]]
    assert ids.count("NEW") == ids.count("S0") >= 1


def train_on_cycles(runner, in_tmp, seed: int):
    """Two noisy monthly cycles of 240 months, ids A and B, and a model trained on them
    (horizon 6, season 12) at in_tmp / "m": the frame, the exact cycle and the train result."""
    rng = np.random.default_rng(seed)
    months = pd.date_range("2000-01-01", periods=240, freq="MS").strftime("%Y-%m")
    cycle = 50 + 10 * np.sin(np.arange(240) * 2 * np.pi / 12)
    frame = pd.concat([pd.DataFrame({"id": sid, "month": months,
                                     "value": (cycle + rng.normal(0, 4, 240)).round(3)})
                       for sid in ("A", "B")])
    frame.to_csv(in_tmp / "cycles.csv", index=False)
    trained = invoke(runner, "train", in_tmp / "cycles.csv", *FAST, "--horizon", "6",
                     "--season", "12", "--out", in_tmp / "m")
    assert trained.exit_code == 0, trained.stderr
    return frame, cycle, trained


def test_an_unseen_series_gets_the_base_a_seen_one_with_its_history_got(runner, in_tmp):
    """Noisy monthly cycles: in a panel this small each seen series is based on the mean of its
    seasons; a series not in training with the same history as one that was gets the same
    base by the same rule, so the same forecast."""
    frame, _, trained = train_on_cycles(runner, in_tmp, seed=4)
    assert "mean of the seasons for 2" in trained.stderr
    copy = frame[frame.id == "A"].assign(id="COPY")
    pd.concat([frame, copy]).to_csv(in_tmp / "more.csv", index=False)
    result = invoke(runner, "predict", in_tmp / "more.csv", "--model", in_tmp / "m")
    assert result.exit_code == 0, result.stderr
    assert "series 'COPY' was not in training" in result.stderr
    rows = rows_of(result.stdout)[1:]
    assert [r[1:] for r in rows if r[0] == "COPY"] == [r[1:] for r in rows if r[0] == "A"]


def test_too_short_series_is_skipped_in_training_and_forecast_by_its_base(runner, in_tmp):
    path = long_file(in_tmp)
    frame = pd.read_csv(path)
    tiny = pd.DataFrame({"date": ["2020-12-29", "2020-12-30", "2020-12-31"],
                         "symbol": "TINY", "close": [1.0, 2.0, 3.0]})
    pd.concat([frame, tiny]).to_csv(in_tmp / "with_tiny.csv", index=False)
    result = invoke(runner, "train", in_tmp / "with_tiny.csv", *FAST, "--horizon", "3")
    assert result.exit_code == 0, result.stderr
    assert "trained without 1 series shorter than" in result.stderr and "'TINY'" in result.stderr
    # A series of a panel needs one training window (lookback + horizon) and its validation
    # and test periods: its windows add to the other series'. Each period is a horizon, or
    # more in a panel of a few series (100 forecast origins in all, 34 rows of the 3 series
    # kept) up to a tenth of their median rows (219): 22, as without the series skipped.
    lookback = int(re.search(r"lookback (\d+)", result.stderr).group(1))
    assert "last 22 rows test, 22 validation" in result.stderr
    assert f"shorter than {lookback + 3 + 22 + 22} rows" in result.stderr
    # Three rows are fewer than the global model's window: the series still gets a forecast,
    # its base (the last value), and the warning says so.
    result = invoke(runner, "predict", in_tmp / "with_tiny.csv")
    assert result.exit_code == 0, result.stderr
    assert "series 'TINY': 3 rows up to its forecast origin" in result.stderr
    assert "forecast by its base alone" in result.stderr
    rows = [r for r in rows_of(result.stdout)[1:] if r[0] == "TINY"]
    assert [r[1] for r in rows] == ["2021-01-01", "2021-01-04", "2021-01-05"]
    assert [float(r[2]) for r in rows] == [3.0, 3.0, 3.0]
    assert all(float(r[3]) < 3.0 < float(r[4]) for r in rows)  # scaled by its own changes
    alone = invoke(runner, "predict", in_tmp / "with_tiny.csv", "--id", "TINY")  # asked alone
    assert alone.exit_code == 0 and rows_of(alone.stdout)[1:] == rows
    # Every series cut to its last 10 rows: a feed of the latest rows, not a panel to forecast.
    tail = pd.read_csv(in_tmp / "with_tiny.csv").groupby("symbol").tail(10)
    tail.to_csv(in_tmp / "tail.csv", index=False)
    cut = invoke(runner, "predict", in_tmp / "tail.csv")
    assert cut.exit_code == 2 and "no series has enough history to forecast" in cut.stderr


def test_a_value_the_forecast_cannot_read_skips_only_its_series(runner, long_model, in_tmp):
    frame = pd.read_csv(long_model)
    below = frame.index[frame.symbol == "MSFT"][-2]  # inside MSFT's last window: log ratios
    frame.loc[below, "close"] = -1.0  # (a lone 0 between two prices is read as a gap, filled)
    early = frame.index[frame.symbol == "ZZZ"][0]
    short = pd.concat([frame[frame.symbol != "ZZZ"],
                       frame[frame.symbol == "ZZZ"].tail(4).assign(symbol="NEW")])
    short.loc[short.index[short.symbol == "NEW"][0], "close"] = 0.0  # read by no base
    assert early not in short.index
    short.to_csv(in_tmp / "zero.csv", index=False)
    result = invoke(runner, "predict", in_tmp / "zero.csv")
    assert result.exit_code == 0, result.stderr
    assert "series 'MSFT' skipped" in result.stderr and "need values > 0" in result.stderr
    assert "fix that row if it is an error (a bad tick)" in result.stderr
    assert "series 'NEW': 4 rows up to its forecast origin" in result.stderr
    assert [r[0] for r in rows_of(result.stdout)[1:]] == ["AAPL"] * 3 + ["NEW"] * 3


def test_wide_file_all_columns(runner, in_tmp):
    days = pd.bdate_range("2020-01-01", periods=300)
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"Date": days.strftime("%Y-%m-%d"),
                          **{c: 50 * np.exp(np.cumsum(rng.normal(0, 0.01, 300)))
                             for c in ("EUR", "JPY")}})
    frame.to_csv(in_tmp / "wide.csv", index=False)
    assert invoke(runner, "train", in_tmp / "wide.csv", "--target", "all", *FAST).exit_code == 0
    result = invoke(runner, "predict", in_tmp / "wide.csv")
    assert rows_of(result.stdout)[0] == ["series", "Date", "forecast", "lo_80", "hi_80",
                                         "lo_95", "hi_95"]
    assert [r[0] for r in rows_of(result.stdout)[1:]] == ["EUR", "JPY"]
    doc = json.loads(invoke(runner, "predict", in_tmp / "wide.csv", "-f", "json").stdout)
    assert (doc["target"], doc["id_col"]) == ("value", "series")  # not the flag's 'all'
    # the same data exported long: no column of the model's (was: retrain with duplicates
    # 'last', which would merge the two currencies into one series)
    frame.melt(id_vars="Date", var_name="series").to_csv(in_tmp / "long.csv", index=False)
    long = invoke(runner, "predict", in_tmp / "long.csv")
    assert long.exit_code == 2 and "no column of the model's series ('EUR', 'JPY')" in \
        long.stderr
    frame.drop(columns="JPY").to_csv(in_tmp / "eur.csv", index=False)
    fewer = invoke(runner, "predict", in_tmp / "eur.csv")  # 'all': the columns there are
    assert fewer.exit_code == 0 and "1 series of the model ('JPY') has no rows" in fewer.stderr
    assert invoke(runner, "train", in_tmp / "wide.csv", "--target", "EUR,JPY", *FAST, "-o",
                  "named.lstmcast").exit_code == 0
    missing = invoke(runner, "predict", in_tmp / "eur.csv", "-m", "named.lstmcast")
    assert missing.exit_code == 0  # named ones too: a column the export lost, said
    assert "1 series of the model ('JPY') has no rows" in missing.stderr


def test_same_data_flags_and_seed_give_the_same_panel_forecast(runner, long_model, in_tmp):
    first = invoke(runner, "predict", long_model).stdout
    assert invoke(runner, "train", long_model, *FAST, "--horizon", "3", "-o",
                  "again.lstmcast").exit_code == 0
    assert invoke(runner, "predict", long_model, "--model", "again.lstmcast").stdout == first


def test_a_series_shorter_than_the_window_is_forecast_by_its_seasonal_base(runner, in_tmp):
    """A panel's monthly model reads 36 months; a new series of 30 exact cycles has too few
    rows for the network, but enough to show its season: the base alone continues it."""
    frame, cycle, trained = train_on_cycles(runner, in_tmp, seed=5)
    assert "lookback 36" in trained.stderr
    short = pd.DataFrame({"id": "SHORT", "month": frame.month.iloc[-30:],
                          "value": cycle[-30:].round(6)})
    pd.concat([frame, short]).to_csv(in_tmp / "more.csv", index=False)
    result = invoke(runner, "predict", in_tmp / "more.csv", "--model", in_tmp / "m")
    assert result.exit_code == 0, result.stderr
    assert "series 'SHORT': 30 rows up to its forecast origin, fewer than the model reads " \
           "(36: lookback 36); forecast by its base alone" in result.stderr
    forecast = [float(r[2]) for r in rows_of(result.stdout)[1:] if r[0] == "SHORT"]
    np.testing.assert_allclose(forecast, cycle[:6], rtol=1e-5)  # 240 is a whole number of years


def test_series_named_by_two_columns(runner, in_tmp):
    """store + item: the duplicates error names them (its --duplicates would merge four
    series into one); --id-col store,item forecasts each, and predict reads them again."""
    days = pd.date_range("2022-01-01", periods=60, freq="D")
    rng = np.random.default_rng(3)
    frame = pd.concat([pd.DataFrame({"store": s, "item": i, "date": days.strftime("%Y-%m-%d"),
                                     "sales": np.round(rng.uniform(10, 50) + rng.normal(
                                         0, 1, len(days)), 2)})
                       for s in ("S1", "S2") for i in ("A", "B")])
    frame.to_csv(in_tmp / "sales.csv", index=False)
    refused = invoke(runner, "train", in_tmp / "sales.csv", *FAST)
    assert refused.exit_code == 2
    assert "'store', 'item' may name several series; pass --id-col store,item" in \
        refused.stderr.splitlines()[-1]
    half = invoke(runner, "train", in_tmp / "sales.csv", "--id-col", "store", *FAST)
    assert half.exit_code == 2 and "pass --id-col store,item" in half.stderr
    result = invoke(runner, "train", in_tmp / "sales.csv", "--id-col", "store, item", *FAST,
                    "--horizon", "2")  # spaces after the comma, as people type them
    assert result.exit_code == 0, result.stderr
    assert "id column: 'store+item' (the series are named by 2 columns)" in result.stderr
    rows = rows_of(invoke(runner, "predict", in_tmp / "sales.csv").stdout)
    assert rows[0][:3] == ["store+item", "date", "forecast"]
    assert [r[0] for r in rows[1:]] == ["S1/A", "S1/A", "S1/B", "S1/B", "S2/A", "S2/A",
                                        "S2/B", "S2/B"]
    one = rows_of(invoke(runner, "predict", in_tmp / "sales.csv", "--id", "S2/B").stdout)
    assert one[1:] == rows[7:9]


def test_a_panel_whose_drift_is_exact_scores_it_as_undefined(runner, in_tmp):
    # Two straight lines: drift forecasts them without error, and skill against it has no
    # value (it raised ZeroDivisionError).
    times = pd.date_range("2020-01-01", periods=300, freq="h")
    frame = pd.concat([pd.DataFrame({"time": times, "site": site, "v": np.arange(300.0) + 50 * k})
                       for k, site in enumerate("AB")])
    frame.to_csv(in_tmp / "lines.csv", index=False)
    result = invoke(runner, "train", in_tmp / "lines.csv", *FAST)
    assert result.exit_code == 0, result.stderr
    metrics = json.loads((in_tmp / "model.metrics.json").read_text())
    assert metrics["series_count"] == 2 and metrics["skill"]["drift"] is None
    assert math.isfinite(metrics["skill"]["naive"])


def test_the_order_of_the_series_in_the_file_trains_the_same_model(runner, in_tmp):
    # Series that swing back each day, whose network learns over its base (its best epoch >
    # 0, on validation enough to judge it, and better on the test period): the rows listed
    # series by series, and reversed, train one model.
    rng = np.random.default_rng(0)
    days = pd.date_range("2020-01-01", periods=300, freq="D").strftime("%Y-%m-%d")
    parts = []
    for k, sid in enumerate("ABC"):
        x = np.zeros(300)
        for t in range(1, 300):
            x[t] = -0.8 * x[t - 1] + rng.normal()
        parts.append(pd.DataFrame({"date": days, "id": sid, "v": 100 + 10 * k + 5 * x}))
    pd.concat(parts).to_csv(in_tmp / "ar.csv", index=False)
    pd.concat(parts).iloc[::-1].to_csv(in_tmp / "reversed.csv", index=False)
    forecasts = []
    for name in ("ar.csv", "reversed.csv"):
        done = invoke(runner, "train", in_tmp / name, "--hidden", "8", "--epochs", "3",
                      "--patience", "2", "--horizon", "3", "--val-size", "30", "--test-size",
                      "30", "--out", in_tmp / "m")
        assert done.exit_code == 0 and "best validation epoch 3" in done.stderr
        result = invoke(runner, "predict", in_tmp / name, "--model", in_tmp / "m")
        forecasts.append(sorted(row[:3] for row in rows_of(result.stdout)[1:]))
    assert forecasts[0] == forecasts[1]


@pytest.mark.parametrize("per_series", [[], ["--per-series"]])
def test_a_series_of_the_model_missing_from_the_data_is_named(runner, in_tmp, per_series):
    path = long_file(in_tmp)
    assert invoke(runner, "train", path, *FAST, "--horizon", "3", *per_series).exit_code == 0
    frame = pd.read_csv(path)
    frame[frame.symbol != "AAPL"].to_csv(in_tmp / "no_aapl.csv", index=False)
    result = invoke(runner, "predict", in_tmp / "no_aapl.csv")
    assert result.exit_code == 0, result.stderr
    assert "1 series of the model ('AAPL') has no rows in" in result.stderr


def test_as_of_errors_of_a_panel_say_why(runner, long_model, in_tmp):
    """After the data's end, or on no row's time (a Saturday of business days): said so."""
    late = invoke(runner, "predict", long_model, "--as-of", "2021-06-01")
    assert late.exit_code == 2
    assert "--as-of 2021-06-01 is after the data's last row (2020-12-31)" in late.stderr
    saturday = invoke(runner, "predict", long_model, "--as-of", "2020-12-05")
    assert saturday.exit_code == 2
    assert "no row is at --as-of 2020-12-05 (the data is business days)" in saturday.stderr
    assert "give the time of a row, e.g. 2020-12-04, the last before it" in saturday.stderr


def test_as_of_forecasts_a_series_that_ended_before_from_its_last_row(runner, long_model):
    """ZZZ ends on 2020-11-30: --as-of 2020-12-15 forecasts the others from that day and ZZZ
    from its last row, as a forecast without --as-of does, and says so."""
    result = invoke(runner, "predict", long_model, "--as-of", "2020-12-15")
    assert result.exit_code == 0, result.stderr
    firsts = {r[0]: r[1] for r in reversed(rows_of(result.stdout)[1:])}
    assert firsts == {"AAPL": "2020-12-16", "MSFT": "2020-12-16", "ZZZ": "2020-12-01"}
    assert "1 series ended before --as-of 2020-12-15, each forecast from its last row: " \
        "'ZZZ'" in result.stderr
    assert "in-sample" in result.stderr  # the model was refit on rows up to 2020-12-31
    alone = invoke(runner, "predict", long_model, "--as-of", "2020-12-15", "--id", "ZZZ")
    assert alone.exit_code == 0, alone.stderr  # named alone by --id: the same, not an error
    assert rows_of(alone.stdout)[1][:2] == ["ZZZ", "2020-12-01"]
    early = invoke(runner, "predict", long_model, "--as-of", "2019-01-02", "--id", "ZZZ")
    assert "--as-of 2019-01-02 is before the first row (" in early.stderr
    last = invoke(runner, "predict", long_model, "--as-of", "2020-12-31")
    assert last.exit_code == 0 and "in-sample" not in last.stderr  # a forecast from the end


def test_numbered_steps_continue_as_numbers(runner, in_tmp):
    """An M4-style long file whose series count their steps from 1: forecasts continue each
    series' numbers, in CSV and JSON, and no series is said to end early."""
    rng = np.random.default_rng(0)
    rows = [f"S{k},{t},{100 + k + rng.normal():.3f}" for k, n in enumerate((60, 45))
            for t in range(1, n + 1)]
    Path("steps.csv").write_text("unique_id,ds,y\n" + "\n".join(rows) + "\n")
    trained = invoke(runner, "train", "steps.csv", *FAST, "--horizon", "2")
    assert trained.exit_code == 0, trained.stderr
    assert "frequency: numbered steps" in trained.stderr and "season 1" in trained.stderr
    result = invoke(runner, "predict", "steps.csv")
    assert result.exit_code == 0, result.stderr
    assert [r[:2] for r in rows_of(result.stdout)[1:]] == [["S0", "61"], ["S0", "62"],
                                                           ["S1", "46"], ["S1", "47"]]
    assert "end before" not in result.stderr
    doc = json.loads(invoke(runner, "predict", "steps.csv", "--as-of", "40", "-f",
                            "json").stdout)
    assert doc["as_of"] == "40" and doc["forecasts"][0]["ds"] == "41"


def test_a_series_skipped_as_short_is_said_so_at_predict_not_new(runner, in_tmp):
    """A series of the training file long enough for the model's window but not for it and
    both held-out periods was skipped in training: predict says that, not 'not in training'."""
    frame = pd.read_csv(long_file(in_tmp))
    mid = frame[frame.symbol == "AAPL"].tail(45).assign(symbol="MID")
    pd.concat([frame, mid]).to_csv(in_tmp / "with_mid.csv", index=False)
    result = invoke(runner, "train", in_tmp / "with_mid.csv", *FAST, "--horizon", "3")
    assert result.exit_code == 0, result.stderr
    assert "trained without 1 series shorter than" in result.stderr and "'MID'" in result.stderr
    assert int(re.search(r"lookback (\d+)", result.stderr).group(1)) <= 45
    from lstmcast.bundle import load_bundle

    result = invoke(runner, "predict", in_tmp / "with_mid.csv")
    assert result.exit_code == 0, result.stderr
    learned = any(load_bundle("model.lstmcast").manifest["training"]["best_epoch"])
    assert "series 'MID' was too short to train on when the model was trained: forecast by " + (
        "the global model" if learned else "a base alone (the model kept no network)") + \
        " from its own history" in result.stderr
    assert "not in training" not in result.stderr
    assert [r[0] for r in rows_of(result.stdout)[1:]].count("MID") == 3
    # one that ended before the others, asked for alone: no "the data ends before the model's
    # last timestamp" (a user round: its training end was taken to be the file's)
    frame = pd.concat([frame, frame[frame.symbol == "AAPL"].iloc[-65:-20].assign(symbol="OLD")])
    frame.to_csv(in_tmp / "with_old.csv", index=False)
    assert invoke(runner, "train", in_tmp / "with_old.csv", *FAST, "--horizon", "3",
                  "--out", "old.lstmcast").exit_code == 0
    alone = invoke(runner, "predict", in_tmp / "with_old.csv", "-m", "old.lstmcast", "--id",
                   "OLD")
    assert alone.exit_code == 0 and "before the data's latest row" in alone.stderr
    assert "the data ends at" not in alone.stderr


def test_each_series_of_a_panel_is_rounded_to_its_own_decimals(runner, in_tmp):
    """The file's last series once decided every series' decimals (yen written with 2 printed
    with as many as the series after it); a series asked for alone is written alike."""
    days = pd.bdate_range("2022-01-03", periods=120)
    rng = np.random.default_rng(0)
    walk = np.cumprod(1 + 0.003 * rng.standard_normal(120))
    rows = [(d, sid, fmt.format(level * w))
            for sid, level, fmt in (("JPY", 111.0, "{:.2f}"), ("AUD", 1.3, "{:.5f}"))
            for d, w in zip(days, walk, strict=True)]
    pd.DataFrame(rows, columns=["date", "ccy", "rate"]).to_csv(in_tmp / "fx.csv", index=False)
    assert invoke(runner, "train", in_tmp / "fx.csv", *FAST, "--horizon", "2").exit_code == 0
    result = invoke(runner, "predict", in_tmp / "fx.csv")
    assert result.exit_code == 0, result.stderr
    places = {}
    for r in rows_of(result.stdout)[1:]:  # the most any of its values writes (0s are dropped)
        places[r[0]] = max(places.get(r[0], 0), *(len(v.split(".")[1]) for v in r[2:]))
    assert places == {"JPY": 4, "AUD": 7}  # its own decimals plus two
    alone = invoke(runner, "predict", in_tmp / "fx.csv", "--id", "JPY").stdout
    assert rows_of(alone)[1:] == [r for r in rows_of(result.stdout)[1:] if r[0] == "JPY"]


def test_predict_of_some_series_says_nothing_of_the_others_rows(runner, in_tmp):
    days = pd.bdate_range("2020-01-01", periods=300)
    gap = (days >= "2020-06-01") & (days < "2020-07-15")  # B's six weeks without rows
    frame = pd.concat([pd.DataFrame({"date": days, "sym": "A", "close": 100 + np.arange(300)}),
                       pd.DataFrame({"date": days[~gap], "sym": "B", "close": 50.0})])
    frame.to_csv("two.csv", index=False)
    done = invoke(runner, "train", "two.csv", "--horizon", "2", "--hidden", "4", "--epochs", "1")
    assert "series 'B': no values for" in done.stderr
    alone = invoke(runner, "predict", "two.csv", "--id", "A")
    assert alone.exit_code == 0 and "series 'B'" not in alone.stderr, alone.stderr


def test_predict_id_of_a_series_that_ended_in_training_is_not_stale_data(runner, in_tmp):
    """'Euro' stopped updating before the others: --id Euro on the training file was warned
    that the data ends before the model's last timestamp, as if the file were old."""
    days = pd.bdate_range("2020-01-01", periods=200)
    frame = pd.concat([pd.DataFrame({"date": days, "sym": "JPY", "close": 100 + np.arange(200)}),
                       pd.DataFrame({"date": days[:180], "sym": "EUR",
                                     "close": 1 + np.arange(180) / 100})])
    frame.to_csv("fx.csv", index=False)
    assert invoke(runner, "train", "fx.csv", "--horizon", "2", "--hidden", "4",
                  "--epochs", "1").exit_code == 0
    alone = invoke(runner, "predict", "fx.csv", "--id", "EUR")
    assert alone.exit_code == 0, alone.stderr
    assert "before the last timestamp the model was trained on" not in alone.stderr
    frame[frame.date < days[150]].to_csv("old.csv", index=False)  # an old file: stale
    old = invoke(runner, "predict", "old.csv", "--id", "EUR")
    assert "before the last timestamp the model was trained on" in old.stderr


def test_predict_id_hears_its_series_warnings_alone_not_a_summary_of_the_others(runner,
                                                                               in_tmp):
    """A wide file of six series with a gap each and an empty column: the whole file's run
    lists three gaps and sums up the rest; --id E hears E's gap, and nothing of the others
    (before: the summary of the others, E's own inside it, and the skipped empty column)."""
    days = pd.bdate_range("2020-01-01", periods=300)
    wide = pd.DataFrame({"date": days})
    for k, sym in enumerate("ABCDEF"):
        gap = (days >= days[50 + 30 * k]) & (days < days[50 + 30 * k + 8])
        wide[sym] = np.where(gap, np.nan, 100.0 + np.arange(300) + k)
    wide["EMPTY"] = np.nan
    wide.to_csv("six.csv", index=False)
    done = invoke(runner, "train", "six.csv", "--target", "all", "--horizon", "2",
                  "--hidden", "4", "--epochs", "1")
    assert done.exit_code == 0, done.stderr
    whole = invoke(runner, "predict", "six.csv")
    assert "... and 3 more warning(s) like these for 3 series ('D', 'E', 'F')" in whole.stderr
    assert "skipped 1 series whose column has no values: 'EMPTY'" in whole.stderr
    alone = invoke(runner, "predict", "six.csv", "--id", "E")
    assert alone.exit_code == 0, alone.stderr
    told = [line for line in alone.stderr.splitlines() if "series" in line and
            "naive" not in line]
    assert len(told) == 1 and told[0].startswith("warning: series 'E': "), alone.stderr


def test_a_new_listing_s_band_is_the_model_s_typical_one_whoever_is_forecast_with_it(
        runner, in_tmp):
    """One row of a new symbol (or three equal closes): no change of its own to scale its
    interval by, so it takes the training panel's typical scale, kept in the model file."""
    days = pd.bdate_range("2020-01-01", periods=200)
    rng = np.random.default_rng(7)
    frame = pd.concat([pd.DataFrame({"date": days, "sym": sid, "close": np.round(
        p0 * np.exp(np.cumsum(rng.normal(0, 0.01, 200))), 2)}) for sid, p0 in
        (("A", 100.0), ("B", 20.0), ("C", 300.0))])
    frame.to_csv("old.csv", index=False)
    assert invoke(runner, "train", "old.csv", "--horizon", "2", "--hidden", "4",
                  "--epochs", "1").exit_code == 0
    new = pd.DataFrame({"date": days[-3:], "sym": ["NEW"] + ["FLAT"] * 2, "close": 50.0})
    # a few changes, small by chance (0.02 %): no better a scale than none; its band was a
    # fifth of its first day's
    quiet = pd.DataFrame({"date": days[-4:], "sym": "QUIET", "close": [50.0, 50.01, 50.0,
                                                                       50.0]})
    pd.concat([frame, new, quiet]).to_csv("new.csv", index=False)
    bands = {}
    for ids in ("NEW", "NEW,A", "NEW,B", "FLAT", "QUIET"):
        rows = rows_of(invoke(runner, "predict", "new.csv", "--id", ids, "-q").stdout)
        bands[ids] = [r for r in rows[1:] if r[0] == ids.split(",")[0]][0][3:]
    assert bands["NEW"] == bands["NEW,A"] == bands["NEW,B"] and bands["NEW"][0] != "50.0"
    assert bands["FLAT"][0] != "50.0"
    width = {k: float(v[3]) - float(v[2]) for k, v in bands.items()}  # the 95 % band
    assert width["QUIET"] >= 0.99 * width["NEW"]


def test_weekly_series_on_different_weekdays_are_one_panel(runner, in_tmp):
    """Three weekly series whose weeks end on a Sunday, a Monday and a Thursday (M4-style
    start dates): one panel of weeks, a year's season, each series forecast at its own
    weekday a week apart, at train and predict alike."""
    rng = np.random.default_rng(3)
    lines = []
    for sid, start, n in (("north", "2015-01-04", 300), ("south", "2015-10-12", 260),
                          ("east", "2015-05-28", 280)):
        weeks = pd.date_range(start, periods=n, freq="7D")
        level = 100 + 10 * np.sin(np.arange(n) * 2 * np.pi / 52) + rng.normal(0, 1, n)
        lines += [f"{sid},{t:%Y-%m-%d},{v:.2f}\n" for t, v in zip(weeks, level, strict=True)]
    path = in_tmp / "weeks.csv"
    path.write_text("store_id,week,sales\n" + "".join(lines))
    trained = invoke(runner, "train", path, *FAST, "--horizon", "4")
    assert trained.exit_code == 0, trained.stderr
    assert "id column: 'store_id' (named like an id; its series run side by side" in trained.stderr
    assert "frequency: weekly, each series on its own weekday" in trained.stderr
    assert "season 52" in trained.stderr
    result = invoke(runner, "predict", path)
    assert result.exit_code == 0, result.stderr
    got = pd.read_csv(io.StringIO(result.stdout), parse_dates=["week"])
    for sid, start, n in (("north", "2015-01-04", 300), ("south", "2015-10-12", 260),
                          ("east", "2015-05-28", 280)):
        last = pd.Timestamp(start) + pd.Timedelta(weeks=n - 1)
        assert list(got[got.store_id == sid].week) == list(
            pd.date_range(last + pd.Timedelta(weeks=1), periods=4, freq="7D"))
    # the three end in the same week (2020-09-27, 2020-09-28, 2020-10-01): none is behind
    assert "before the data's latest row" not in result.stderr
    one = in_tmp / "north.csv"  # one store's file, a week missing: weeks on one weekday
    one.write_text("store_id,week,sales\n" + "".join(
        line for k, line in enumerate(lines[:300]) if k != 290))
    alone = invoke(runner, "predict", one)
    assert alone.exit_code == 0, alone.stderr
    assert "before the last timestamp the model was trained on" not in alone.stderr
    mid = invoke(runner, "predict", path, "--as-of", "2019-06-03")  # south's Monday: each
    assert mid.exit_code == 0, mid.stderr  # store from its week's last row on or before it
    first = pd.read_csv(io.StringIO(mid.stdout), parse_dates=["week"]).groupby("store_id").week
    assert first.min().to_dict() == {"east": pd.Timestamp("2019-06-06"),
                                     "north": pd.Timestamp("2019-06-09"),
                                     "south": pd.Timestamp("2019-06-10")}
    folds = invoke(runner, "backtest", path, *FAST, "--horizon", "4", "--folds", "2")
    assert folds.exit_code == 0, folds.stderr
    assert "cutoffs 2020-08-06, 2020-09-03" in folds.stderr  # 8 and 4 weeks before the end


def test_an_id_column_without_a_header_name_is_written_as_id(runner, in_tmp):
    # pandas names an empty header cell 'Unnamed: 0', which no output should carry
    frame = pd.read_csv(long_file(in_tmp))
    frame.rename(columns={"symbol": ""}).to_csv("unnamed.csv", index=False)
    assert open("unnamed.csv").readline().startswith("date,,close")
    trained = invoke(runner, "train", "unnamed.csv", *FAST, "--horizon", "2")
    assert trained.exit_code == 0, trained.stderr
    result = invoke(runner, "predict", "unnamed.csv")
    assert rows_of(result.stdout)[0][:3] == ["id", "date", "forecast"]
    doc = json.loads(invoke(runner, "predict", "unnamed.csv", "--format", "json").stdout)
    assert doc["id_col"] == "id" and "id" in doc["forecasts"][0]
    drawn = invoke(runner, "plot", "unnamed.csv", "--out", "unnamed.png")
    assert drawn.exit_code == 0, drawn.stderr
    backtest = invoke(runner, "backtest", "unnamed.csv", *FAST, "--horizon", "2", "--folds",
                      "1", "--plot", "backtest.png")
    assert backtest.exit_code == 0, backtest.stderr
    assert rows_of(backtest.stdout)[0][:3] == ["id", "cutoff", "date"]


def test_train_on_some_series_of_a_file_predict_forecasts_them(runner, in_tmp):
    """A coin traded every day beside stocks traded on weekdays: `train --id` gives each
    frequency a model, and `predict` on the whole file forecasts the model's series, at their
    own next timestamps (the coin's on Saturday), unless its own --id says otherwise."""
    days = pd.date_range("2024-01-01", "2024-06-28")  # a Friday
    rng = np.random.default_rng(0)
    rows = [f"{d:%Y-%m-%d},{sid},{100 + k + rng.normal():.3f}\n"
            for sid, when in (("AAPL", days[days.day_of_week < 5]), ("BTC", days),
                              ("MSFT", days[days.day_of_week < 5])) for k, d in enumerate(when)]
    Path("mix.csv").write_text("date,symbol,close\n" + "".join(rows))
    stocks = invoke(runner, "train", "mix.csv", "--id", "AAPL,MSFT", *FAST, "--out", "s.lstmcast")
    assert stocks.exit_code == 0, stocks.stderr
    coin = invoke(runner, "train", "mix.csv", "--id", "BTC", *FAST, "--out", "c.lstmcast")
    assert coin.exit_code == 0, coin.stderr
    shown = rows_of(invoke(runner, "predict", "mix.csv", "--model", "s.lstmcast").stdout)
    assert [r[:2] for r in shown] == [["symbol", "date"], ["AAPL", "2024-07-01"],
                                      ["MSFT", "2024-07-01"]]
    shown = rows_of(invoke(runner, "predict", "mix.csv", "--model", "c.lstmcast").stdout)
    assert [r[:2] for r in shown[1:]] == [["BTC", "2024-06-29"]]
    one = invoke(runner, "predict", "mix.csv", "--model", "s.lstmcast", "--id", "MSFT")
    assert [r[0] for r in rows_of(one.stdout)[1:]] == ["MSFT"]
    assert "series: 2 (--id AAPL,MSFT of the file's)" in invoke(
        runner, "info", "s.lstmcast").stdout
    wrong = invoke(runner, "train", "mix.csv", "--id", "AAPL,ETH", *FAST, "--out", "x.lstmcast")
    assert wrong.exit_code != 0 and "no series 'ETH'" in wrong.stderr
    assert not Path("x.lstmcast").exists()
    nothing = invoke(runner, "train", "mix.csv", "--id", " , ", *FAST, "--out", "x.lstmcast")
    assert nothing.exit_code == 2 and "names no series" in nothing.stderr
    # predict's own --id: the file's series named, not the model's; a coin is no stock
    typo = invoke(runner, "predict", "mix.csv", "--model", "s.lstmcast", "--id", "MSTF")
    assert "no series 'MSTF' (series: 'AAPL', 'BTC', 'MSFT')" in typo.stderr
    other = invoke(runner, "predict", "mix.csv", "--model", "s.lstmcast", "--id", "BTC")
    assert other.exit_code == 2 and ("series 'BTC': daily, not at the model's frequency "
                                     "(business days): not forecast" in other.stderr)
    # ... one named alone is still behind the others' latest row
    Path("late.csv").write_text("date,symbol,close\n" + "".join(
        row for row in rows if not row.startswith("2024-06-28,MSFT")))
    late = invoke(runner, "predict", "late.csv", "--model", "s.lstmcast", "--id", "MSFT")
    assert "1 series ends before the data's latest row (2024-06-28): 'MSFT'" in late.stderr
    Path("c.toml").write_text('[data]\nids = "AAPL"\n')  # a file shared with train
    shared = invoke(runner, "predict", "mix.csv", "--model", "s.lstmcast", "--config", "c.toml")
    assert "[data] ids = ('AAPL',) (the model's: ('AAPL', 'MSFT')): not used" in shared.stderr


def test_polygon_s_ticker_t_beside_its_time_t_is_predicted(runner, tmp_path):
    """Polygon's grouped daily bars name the ticker 'T' and the time 't' (epoch ms): train
    found both, and predict refused the model's own id column as 'the time column'."""
    days = pd.bdate_range("2023-01-02", periods=120)
    rng = np.random.default_rng(4)
    rows = [f"{sym}," + ",".join([f"{100 * (k + 1) + rng.normal():.2f}"] * 4) +
            f",{int(d.timestamp() * 1000)}"
            for d in days for k, sym in enumerate(("AAPL", "MSFT", "TSLA"))]
    path = tmp_path / "polygon.csv"
    path.write_text("T,o,h,l,c,t\n" + "\n".join(rows) + "\n")
    model = tmp_path / "m.lstmcast"
    trained = invoke(runner, "train", path, "--horizon", 3, "--out", model, *FAST)
    assert trained.exit_code == 0, trained.stderr
    assert "id column: 'T'" in trained.stderr
    result = invoke(runner, "predict", path, "--model", model)
    assert result.exit_code == 0, result.stderr
    assert [r[0] for r in rows_of(result.stdout)[1:]] == ["AAPL"] * 3 + ["MSFT"] * 3 + \
        ["TSLA"] * 3


def two_exchanges(path, end: str) -> None:
    """New York open every weekday, London shut on its summer bank holiday (the last Monday of
    August), three years of it, up to ``end``."""
    days = pd.bdate_range("2020-09-01", end)
    rng = np.random.default_rng(8)
    shut = (days.month == 8) & (days.day_of_week == 0) & (days.day > 24)
    pd.concat([pd.DataFrame({"date": days[keep].strftime("%Y-%m-%d"), "symbol": sid,
                             "close": np.round(50 * np.exp(rng.normal(0, 0.01, len(days))
                                                           .cumsum())[keep], 3)})
               for sid, keep in (("NY", days == days), ("LDN", ~shut))]).to_csv(path, index=False)


def test_a_series_on_its_own_holiday_is_not_behind_nor_skipped_at_that_as_of(runner, in_tmp):
    """A file that ends on London's bank holiday, New York trading: London's last row is the
    Friday, and it was said to 'end before the data's latest row' (every run of a cron job on
    such a day); at --as-of that Monday it was skipped ('no row at --as-of'), where a symbol
    that had ended was forecast from its last row. Each is forecast from the Friday, on its
    next open day, in silence."""
    two_exchanges("bank.csv", "2023-08-28")
    assert invoke(runner, "train", "bank.csv", *FAST, "--horizon", "2").exit_code == 0
    done = invoke(runner, "predict", "bank.csv", "--level", "0")
    assert done.exit_code == 0, done.stderr
    assert [r[:2] for r in rows_of(done.stdout)] == [
        ["symbol", "date"], ["NY", "2023-08-29"], ["NY", "2023-08-30"], ["LDN", "2023-08-29"],
        ["LDN", "2023-08-30"]]
    assert "before the data's latest row" not in done.stderr
    two_exchanges("later.csv", "2023-09-08")
    held = invoke(runner, "predict", "later.csv", "--as-of", "2023-08-28", "--level", "0")
    assert held.exit_code == 0, held.stderr
    assert [r[:2] for r in rows_of(held.stdout)][3:] == [["LDN", "2023-08-29"],
                                                        ["LDN", "2023-08-30"]]
    assert "skipped" not in held.stderr and "ended before --as-of" not in held.stderr


def test_a_new_series_of_another_frequency_leaves_the_model_s_forecast(runner, in_tmp):
    """A cron job's file that gained a coin's closes, weekends too, beside the model's stocks
    was refused ('series follow different frequencies'), --id of a stock or not: the stocks
    are forecast and the coin is named, not forecast."""
    path = long_file(in_tmp)
    assert invoke(runner, "train", path, *FAST, "--horizon", "2", "--out", "m").exit_code == 0
    frame = pd.read_csv(path)
    days = pd.date_range(frame["date"].min(), frame["date"].max(), freq="D")
    coin = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "symbol": "BTC",
                         "close": np.round(np.linspace(100, 200, len(days)), 2)})
    pd.concat([frame, coin]).to_csv(in_tmp / "feed.csv", index=False)
    plain = invoke(runner, "predict", in_tmp / "feed.csv", "--model", "m", "--level", "0")
    assert plain.exit_code == 0, plain.stderr
    assert [r[0] for r in rows_of(plain.stdout)[1:]] == ["AAPL"] * 2 + ["MSFT"] * 2 + ["ZZZ"] * 2
    assert ("series 'BTC': daily, not at the model's frequency (business days): not forecast"
            in plain.stderr)
    one = invoke(runner, "predict", in_tmp / "feed.csv", "--model", "m", "--id", "MSFT")
    assert one.exit_code == 0 and [r[0] for r in rows_of(one.stdout)[1:]] == ["MSFT"] * 2
    assert "BTC" not in one.stderr
    retrain = invoke(runner, "train", in_tmp / "feed.csv", *FAST, "--out", "n")
    assert retrain.exit_code == 2 and "series follow different frequencies" in retrain.stderr


def test_coins_beside_a_model_s_stocks_are_named_however_many(runner, in_tmp):
    """More coins than stocks in a cron job's file: the stocks are forecast and each coin
    named (none said, before); the model's own MSFT, its rows now every day, is named as such,
    not said to have no rows."""
    path = long_file(in_tmp)
    assert invoke(runner, "train", path, *FAST, "--horizon", "2", "--out", "m").exit_code == 0
    frame = pd.read_csv(path)
    days = pd.date_range("2020-06-01", frame["date"].max(), freq="D")

    def coin(sym):
        return pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "symbol": sym,
                             "close": np.round(np.linspace(100, 200, len(days)), 2)})

    pd.concat([frame[frame.symbol != "ZZZ"], *map(coin, ("BTC", "ETH", "SOL"))]).to_csv(
        "coins.csv", index=False)
    done = invoke(runner, "predict", "coins.csv", "--model", "m", "--level", "0")
    assert done.exit_code == 0, done.stderr
    assert [r[0] for r in rows_of(done.stdout)[1:]] == ["AAPL"] * 2 + ["MSFT"] * 2
    for sym in ("BTC", "ETH", "SOL"):
        assert f"series '{sym}': daily, not at the model's frequency" in done.stderr
    pd.concat([frame[frame.symbol != "MSFT"], coin("MSFT")]).to_csv("msft.csv", index=False)
    daily = invoke(runner, "predict", "msft.csv", "--model", "m", "--level", "0")
    assert daily.exit_code == 0, daily.stderr
    assert "series 'MSFT': daily, not at the model's frequency" in daily.stderr
    assert "no rows" not in daily.stderr


def test_a_shop_closed_on_sundays_stays_beside_an_office_of_weekdays(runner, in_tmp):
    """A model of days (two shops open every day, one closed on Sundays): a file that gained an
    office's weekdays forecast the shops open every day alone, the Sunday shop said to have
    no rows. It is forecast too; the office is left out and named."""
    days = pd.date_range("2023-01-01", periods=200, freq="D")
    rng = np.random.default_rng(6)

    def shop(sid, keep):
        return pd.DataFrame({"date": days[keep].strftime("%Y-%m-%d"), "shop": sid,
                             "sales": np.round(100 + rng.normal(0, 5, keep.sum()), 1)})

    every, sundays = np.ones(200, dtype=bool), days.day_of_week != 6
    pd.concat([shop("S1", every), shop("S2", sundays), shop("S3", every)]).to_csv(
        "shops.csv", index=False)
    assert invoke(runner, "train", "shops.csv", *FAST, "--horizon", "2").exit_code == 0
    pd.concat([pd.read_csv("shops.csv"), shop("OFFICE", days.day_of_week < 5)]).to_csv(
        "plus.csv", index=False)
    done = invoke(runner, "predict", "plus.csv", "--level", "0")
    assert done.exit_code == 0, done.stderr
    assert sorted({r[0] for r in rows_of(done.stdout)[1:]}) == ["S1", "S2", "S3"]
    assert "series 'OFFICE': business days, not at the model's frequency (daily)" in done.stderr
    assert "no rows" not in done.stderr


def test_training_s_warnings_of_every_series_are_not_said_again(runner, in_tmp):
    """Five symbols, each with a split: training said three and summarised two ('... and 2
    more warning(s) like these'); predict on newer rows said the fourth and fifth in full,
    every run."""
    days = pd.bdate_range("2023-01-02", periods=160)
    rng = np.random.default_rng(3)
    frames = []
    for k, sym in enumerate("ABCDE"):
        walk = 50 * (k + 1) * np.exp(np.cumsum(rng.normal(0, 0.01, 160)))
        walk[60 + k:] /= 2  # a 2-for-1 split
        frames.append(pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "symbol": sym,
                                    "close": walk.round(3)}))
    frame = pd.concat(frames)
    frame.to_csv("all.csv", index=False)
    frame[frame.date <= f"{days[150]:%Y-%m-%d}"].to_csv("train.csv", index=False)
    trained = invoke(runner, "train", "train.csv", *FAST, "--horizon", "2")
    assert trained.exit_code == 0 and "... and 2 more warning(s) like these" in trained.stderr
    done = invoke(runner, "predict", "all.csv", "--level", "0")
    assert done.exit_code == 0, done.stderr
    assert "stock split" not in done.stderr and "like these" not in done.stderr


def test_a_wide_file_s_old_fills_are_not_said_again(runner, in_tmp):
    """A wide file's series are its columns, none the target's: a gap of 2016 filled in one
    column was said again by every predict on a newer window of rows."""
    days = pd.date_range("2016-01-04", periods=300)  # (every day: an empty cell is a gap)
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"),
                          **{c: np.round(10 * np.exp(np.cumsum(rng.normal(0, 0.01, 300))), 3)
                             for c in ("Open", "Close")}})
    frame.loc[[5, 20], "Close"] = np.nan
    frame.iloc[10:].to_csv("rolling.csv", index=False)  # a cron job's window: one gap left
    frame.iloc[:280].to_csv("train.csv", index=False)
    trained = invoke(runner, "train", "train.csv", "--target", "all", *FAST, "--horizon", "2")
    assert trained.exit_code == 0 and "filled 2 missing value(s)" in trained.stderr
    done = invoke(runner, "predict", "rolling.csv", "--level", "0")
    assert done.exit_code == 0, done.stderr
    assert "filled" not in done.stderr


def test_stores_shut_on_sundays_are_forecast_zero_there_with_no_band(runner, in_tmp, fast):
    """Rossmann's stores sold 0 on each of 132 training Sundays: 59 of 88 held-out Sundays were
    forecast above 0 (up to 709, 95 % bounds to 4,200); one that opens on Sundays is not 0."""
    days = pd.date_range("2023-01-02", periods=280, freq="D")  # from a Monday
    rng = np.random.default_rng(2)
    parts = []
    for store in ("1", "2", "3"):
        sales = 5000 + 800 * np.sin(np.arange(280) / 9) + rng.normal(0, 300, 280)
        shut = (days.day_of_week == 6) & (store != "3")
        parts.append(pd.DataFrame({"Store": store, "Date": days.strftime("%Y-%m-%d"),
                                   "Sales": np.where(shut, 0, sales.round())}))
    pd.concat(parts).to_csv("stores.csv", index=False)
    done = invoke(runner, "train", "stores.csv", "--horizon", "14", *fast)
    assert done.exit_code == 0, done.stderr
    fc = pd.read_csv(io.StringIO(invoke(runner, "predict", "stores.csv").stdout),
                     parse_dates=["Date"])
    sunday = fc["Date"].dt.day_of_week == 6
    shut = sunday & (fc["Store"] != 3)
    assert shut.sum() == 4
    assert (fc.loc[shut, ["forecast", "lo_80", "hi_80", "lo_95", "hi_95"]] == 0).all().all()
    assert (fc.loc[~shut, "forecast"] > 1000).all()
