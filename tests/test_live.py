"""Live accuracy: a model trained on a file cut short, then run by cron on the full file, scores
the forecasts it would have made from each newer row; each is what 'predict --as-of' gives."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lstmcast.cli import app

FLAGS = ["--horizon", "5", "--hidden", "8", "--epochs", "2", "--patience", "1", "--seed", "1"]
NEW_ROWS = 40


@pytest.fixture(scope="module")
def trained_short(tmp_path_factory, sample_dir_module):
    from typer.testing import CliRunner

    work = tmp_path_factory.mktemp("live")
    full = pd.read_csv(sample_dir_module / "btc_usd_daily.csv")
    full.to_csv(work / "full.csv", index=False)
    full.iloc[:-NEW_ROWS].to_csv(work / "short.csv", index=False)
    runner = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"})
    done = runner.invoke(app, ["train", str(work / "short.csv"), "--out", str(work / "m"),
                               "-q", *FLAGS])
    assert done.exit_code == 0, done.stderr
    return work, full


@pytest.fixture(scope="module")
def sample_dir_module():
    from pathlib import Path

    return Path(__file__).resolve().parents[1] / "sample_data"


def test_live_mae_is_the_mean_error_of_predict_as_of_at_each_origin(runner, trained_short):
    work, full = trained_short
    done = runner.invoke(app, ["predict", str(work / "full.csv"), "--model", str(work / "m"),
                               "--metrics-out", str(work / "live.json")])
    assert done.exit_code == 0, done.stderr
    live = json.loads((work / "live.json").read_text())["live"]
    line = next(t for t in done.stderr.splitlines() if t.startswith("live: "))
    assert f"over {NEW_ROWS} forecasts since" in line
    assert live["origins"] == NEW_ROWS

    actual = dict(zip(full["Date"], full["Closing Price (USD)"], strict=True))
    origins = list(full["Date"].iloc[-NEW_ROWS - 1 : -1])  # the last trained row, then new ones
    errors, naive_errors = [], []
    for origin in origins:
        out = runner.invoke(app, ["predict", str(work / "full.csv"), "--model", str(work / "m"),
                                  "--as-of", origin, "--level", "0", "--decimals", "15"])
        assert out.exit_code == 0, out.stderr
        fc = pd.read_csv(io.StringIO(out.stdout))
        for t, value in zip(fc["Date"], fc["forecast"], strict=True):
            if t in actual:
                errors.append(abs(actual[t] - value))
                naive_errors.append(abs(actual[t] - actual[origin]))
    assert live["points"] == len(errors)
    assert live["mae"] == pytest.approx(np.mean(errors), rel=1e-9)
    assert live["naive_mae"] == pytest.approx(np.mean(naive_errors), rel=1e-12)
    assert set(live["coverage"]) == {"80", "95"}
    assert f"MAE {live['mae']:.4g} vs naive {live['naive_mae']:.4g}" in line


def test_no_live_line_without_new_rows_and_with_as_of_the_cut_file_s(runner, trained_short,
                                                                        tmp_path):
    """--as-of scores the rows up to it, as the file cut there is scored: it scored nothing,
    in silence, and wrote {"live": null} (a user round); before the model's last row, nothing."""
    work, full = trained_short
    same = runner.invoke(app, ["predict", str(work / "short.csv"), "--model", str(work / "m")])
    assert same.exit_code == 0 and "live:" not in same.stderr
    full.iloc[:-2].to_csv(tmp_path / "cut.csv", index=False)
    cut = runner.invoke(app, ["predict", str(tmp_path / "cut.csv"), "--model", str(work / "m")])
    as_of = runner.invoke(app, ["predict", str(work / "full.csv"), "--model", str(work / "m"),
                                "--as-of", str(full["Date"].iloc[-3])])
    assert as_of.exit_code == 0 and cut.exit_code == 0
    line = next(t for t in cut.stderr.splitlines() if t.startswith("live: "))
    assert f"over {NEW_ROWS - 2} forecasts since" in line and line in as_of.stderr.splitlines()
    early = runner.invoke(app, ["predict", str(work / "full.csv"), "--model", str(work / "m"),
                                "--as-of", str(full["Date"].iloc[-NEW_ROWS - 5])])
    assert early.exit_code == 0 and "live:" not in early.stderr


def test_filled_gaps_in_the_new_rows_are_no_actuals(runner, trained_short, tmp_path):
    """Fresh data whose last 30 days are missing: the loader fills them (forward), and naive
    would score perfectly against its own fill. Only the days that arrived are scored."""
    work, full = trained_short
    gappy = full.drop(full.index[-NEW_ROWS + 5 : -5])  # 5 new days, 30 missing, 5 new days
    gappy.to_csv(tmp_path / "gappy.csv", index=False)
    done = runner.invoke(app, ["predict", str(tmp_path / "gappy.csv"), "--model",
                               str(work / "m"), "--metrics-out", str(tmp_path / "live.json")])
    assert done.exit_code == 0, done.stderr
    assert "filled 30 missing value(s)" in done.stderr
    live = json.loads((tmp_path / "live.json").read_text())["live"]
    # each of the 10 arrived days is scored by the origins up to 5 days before it, but for
    # origins filled in or with more than a tenth of their window filled
    lookback = json.loads(runner.invoke(app, ["info", str(work / "m"), "--json"]).stdout)[
        "settings"]["model"]["lookback"]
    actual = pd.to_datetime(full["Date"])
    arrived = set(actual.iloc[-NEW_ROWS : -NEW_ROWS + 5]) | set(actual.iloc[-5:])
    every_day = pd.date_range(actual.iloc[0], actual.iloc[-1], freq="D")
    filled = ~every_day.isin(pd.to_datetime(gappy["Date"]))
    first = len(every_day) - NEW_ROWS - 1
    origins = [o for o in range(first, len(every_day) - 1)
               if not filled[o] and filled[o + 1 - lookback : o + 1].mean() <= 0.1]
    points = sum(t in arrived for o in origins for t in every_day[o + 1 : o + 6])
    assert live["points"] == points and live["left_out"] == NEW_ROWS - len(origins)


def test_a_drifted_model_is_warned_about(runner, trained_short, tmp_path):
    """New rows that jump about far more than the history: live error far above the test's,
    naive's as much (the model forecasts its base): said, the intervals resting on calmer
    rows."""
    work, full = trained_short
    wild = full.copy()
    rng = np.random.default_rng(0)
    tail = wild.index[-NEW_ROWS:]
    wild.loc[tail, "Closing Price (USD)"] *= np.exp(rng.normal(0, 0.5, size=NEW_ROWS))
    wild.to_csv(tmp_path / "wild.csv", index=False)
    done = runner.invoke(app, ["predict", str(tmp_path / "wild.csv"), "--model", str(work / "m")])
    assert done.exit_code == 0, done.stderr
    assert "naive's as much: the data moves far more than it did" in done.stderr
    # One wild new row is one forecast: too little to call the model stale.
    one = full.iloc[: len(full) - NEW_ROWS + 1].copy()
    one.iloc[-1, one.columns.get_loc("Closing Price (USD)")] *= 3
    one.to_csv(tmp_path / "one.csv", index=False)
    done = runner.invoke(app, ["predict", str(tmp_path / "one.csv"), "--model", str(work / "m")])
    assert done.exit_code == 0 and "over 1 forecast since" in done.stderr
    assert "no longer fit" not in done.stderr


@pytest.mark.parametrize("per_series", [False, True])
def test_each_series_is_live_from_its_own_last_training_row(runner, tmp_path, per_series):
    """A panel whose series end on different days: every new row of every series is an origin,
    for a global model and for one model per series."""
    btc = pd.read_csv(Path(__file__).resolve().parents[1] / "sample_data" / "btc_usd_daily.csv")
    ends = {"EARLY": 40, "LATE": 10}  # rows cut from each series' end for training
    full, short = [], []
    for k, (sid, cut) in enumerate(ends.items()):
        part = pd.DataFrame({"date": btc["Date"].iloc[-300:], "symbol": sid,
                             "close": btc["Closing Price (USD)"].iloc[-300:] * (k + 1)})
        full.append(part)
        short.append(part.iloc[:-cut])
    pd.concat(full).to_csv(tmp_path / "full.csv", index=False)
    pd.concat(short).to_csv(tmp_path / "short.csv", index=False)
    flags = FLAGS + (["--per-series"] if per_series else [])
    done = runner.invoke(app, ["train", str(tmp_path / "short.csv"), "--out",
                               str(tmp_path / "m"), "-q", *flags])
    assert done.exit_code == 0, done.stderr
    done = runner.invoke(app, ["predict", str(tmp_path / "full.csv"), "--model",
                               str(tmp_path / "m"), "--metrics-out", str(tmp_path / "l.json")])
    assert done.exit_code == 0, done.stderr
    live = json.loads((tmp_path / "l.json").read_text())["live"]
    assert live["origins"] == sum(ends.values())  # each series' last trained row + new rows
    assert live["series"] == 2 and live["naive_mase"] > 0
    assert live["left_out"] == 0  # the same keys whatever the model (per series: had none)
    # series of other scales: the line gives the scaled error, as the test period's
    assert f"live: MASE {live['mase']:.4g} vs naive {live['naive_mase']:.4g} over " in done.stderr
    assert "the data ends at" not in done.stderr  # no series is older than its own training


def test_live_origins_whose_window_holds_a_zero_are_left_out(runner, tmp_path, sample_dir_module):
    """A series in log mode cannot be forecast from a window holding a value <= 0 (predict
    refuses it): live accuracy scores the other origins instead of turning NaN."""
    full = pd.read_csv(sample_dir_module / "btc_usd_daily.csv")
    full.iloc[:-NEW_ROWS].to_csv(tmp_path / "short.csv", index=False)
    done = runner.invoke(app, ["train", str(tmp_path / "short.csv"), "--out",
                               str(tmp_path / "m"), "-q", "--lookback", "7", *FLAGS])
    assert done.exit_code == 0, done.stderr
    broken = full.copy()
    broken.loc[broken.index[-NEW_ROWS + 5], "Closing Price (USD)"] = 0.0  # a bad tick
    broken.to_csv(tmp_path / "broken.csv", index=False)
    out = runner.invoke(app, ["predict", str(tmp_path / "broken.csv"), "--model",
                              str(tmp_path / "m"), "--metrics-out", str(tmp_path / "live.json")])
    assert out.exit_code == 0, out.stderr
    live = json.loads((tmp_path / "live.json").read_text())["live"]
    assert live["origins"] == NEW_ROWS - 7  # the 7 windows (lookback 7) that hold the zero
    assert np.isfinite(live["mae"]) and np.isfinite(live["mase"])


def test_forecasts_from_an_outage_filled_forward_are_left_out(runner, trained_short):
    # Ten new days missing (a feed's outage): their rows are filled forward, and a forecast
    # from a window of them scores the fill, not the model.
    work, full = trained_short
    gappy = full.drop(full.index[-25:-15])
    gappy.to_csv(work / "gappy.csv", index=False)
    done = runner.invoke(app, ["predict", str(work / "gappy.csv"), "--model", str(work / "m"),
                               "--metrics-out", str(work / "gappy.json")])
    assert done.exit_code == 0, done.stderr
    live = json.loads((work / "gappy.json").read_text())["live"]
    assert live["left_out"] >= 10 and live["origins"] + live["left_out"] == NEW_ROWS
    assert f"({live['left_out']} from windows with filled gaps left out)" in done.stderr



def test_a_feed_that_slowed_after_training_is_refused_not_forecast(runner, trained_short):
    """Weekly rows after a daily model's training: the window the model would forecast from is
    6/7 filled days; before, predict forecast from it (with a live warning), now it says why
    it will not, and writes nothing."""
    work, full = trained_short
    new = full.iloc[-NEW_ROWS:]
    slowed = pd.concat([full.iloc[:-NEW_ROWS], new.iloc[6::7]])
    slowed.to_csv(work / "slowed.csv", index=False)
    done = runner.invoke(app, ["predict", str(work / "slowed.csv"), "--model", str(work / "m"),
                               "--output", str(work / "slowed_fc.csv")])
    assert done.exit_code == 2
    last = full["Date"].iloc[-NEW_ROWS - 1]
    assert done.stderr.strip() == (
        f"error: {work / 'slowed.csv'}: its rows since the model's last ({last}) are 7 steps "
        "apart, its training rows 1 (the model's steps: daily); use data at the model's "
        "frequency or retrain")
    assert not (work / "slowed_fc.csv").exists()


def test_an_outage_that_leaves_most_live_windows_filled_is_said(runner, trained_short):
    """Twenty days missing among the forty new ones: the feed's step is still daily (predict
    forecasts), but most forecasts since training start from filled windows: said."""
    work, full = trained_short
    outage = full.drop(full.index[-NEW_ROWS + 5 : -NEW_ROWS + 25])
    outage.to_csv(work / "outage.csv", index=False)
    done = runner.invoke(app, ["predict", str(work / "outage.csv"), "--model", str(work / "m"),
                               "--metrics-out", str(work / "outage.json")])
    assert done.exit_code == 0, done.stderr
    live = json.loads((work / "outage.json").read_text())["live"]
    assert live["left_out"] > live["origins"] > 0
    assert f"({live['left_out']} from windows with filled gaps left out)" in done.stderr


def test_a_sparse_feed_read_on_days_that_goes_on_as_sparse_is_forecast(runner, in_tmp):
    """A bond that trades on about a third of days, read on days (--every D, gaps filled
    forward): its new rows are as far apart as its training rows were, no change of step."""
    rng = np.random.default_rng(1)
    days = pd.date_range("2023-01-01", periods=430, freq="D")
    traded = days[rng.random(len(days)) < 0.3]
    prices = np.round(100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(traded)))), 2)
    trades = pd.DataFrame({"date": traded.strftime("%Y-%m-%d"), "price": prices})
    trades[traded < days[400]].to_csv("train.csv", index=False)
    trades.to_csv("fresh.csv", index=False)
    done = runner.invoke(app, ["train", "train.csv", "--every", "D", "--out", "m", "-q",
                               *FLAGS])
    assert done.exit_code == 0, done.stderr
    fresh = runner.invoke(app, ["predict", "fresh.csv", "--model", "m"])
    assert fresh.exit_code == 0, fresh.stderr


def test_two_rows_a_week_apart_are_too_few_to_refuse_but_said(runner, trained_short):
    """Two weekly rows after a daily model's training: too few to tell a slowed feed from a
    late one; forecast, and the live line asks which it is."""
    work, full = trained_short
    two = pd.concat([full.iloc[:-NEW_ROWS], full.iloc[-NEW_ROWS:].iloc[6:14:7]])
    two.to_csv(work / "two.csv", index=False)
    done = runner.invoke(app, ["predict", str(work / "two.csv"), "--model", str(work / "m")])
    assert done.exit_code == 0, done.stderr
    assert "live: no forecast since training scored" in done.stderr
    assert "has the data's step changed, or its feed stalled?" in done.stderr


def test_one_missing_day_among_a_few_new_ones_is_no_stalled_feed(runner, trained_short):
    """A day skipped, then one row: of a one-step model's two live origins one is filled and
    the other's actual is that filled day; no forecast is scored, and the feed is fine."""
    work, full = trained_short
    one_step = [*FLAGS[2:], "--horizon", "1"]
    done = runner.invoke(app, ["train", str(work / "short.csv"), "--out", str(work / "m1"),
                               "-q", *one_step])
    assert done.exit_code == 0, done.stderr
    few = pd.concat([full.iloc[:-NEW_ROWS], full.iloc[[-NEW_ROWS + 1]]])  # a day skipped
    few.to_csv(work / "few.csv", index=False)
    done = runner.invoke(app, ["predict", str(work / "few.csv"), "--model", str(work / "m1")])
    assert done.exit_code == 0, done.stderr
    assert "stalled" not in done.stderr and "no forecast since training" not in done.stderr


def test_the_hour_a_spring_change_skips_leaves_no_live_forecast_out(runner, tmp_path):
    """A model of local-time hours trained before the spring change, run on the file after it
    (23 hours that Sunday, no offsets): the hour the clocks skipped is no time a forecast was
    made from nor a gap in a window, so no live forecast is left out for it."""
    times = pd.date_range("2023-03-01", "2023-03-29 23:00", freq="h", tz="Europe/Berlin")
    load = np.round(70 + 10 * np.sin(2 * np.pi * times.hour / 24)
                    + np.random.default_rng(0).normal(0, 1, len(times)), 2)
    frame = pd.DataFrame({"timestamp": times.tz_localize(None), "load": load})
    frame.iloc[:-5 * 24].to_csv(tmp_path / "short.csv", index=False)
    frame.to_csv(tmp_path / "full.csv", index=False)
    done = runner.invoke(app, ["train", str(tmp_path / "short.csv"), "--out", str(tmp_path / "m"),
                               "-q", "--lookback", "24", *FLAGS])
    assert done.exit_code == 0, done.stderr
    out = runner.invoke(app, ["predict", str(tmp_path / "full.csv"), "--model",
                              str(tmp_path / "m"), "--metrics-out", str(tmp_path / "live.json")])
    assert out.exit_code == 0, out.stderr
    live = json.loads((tmp_path / "live.json").read_text())["live"]
    # the file's rows from the last trained one on, but its last (no actual after it yet)
    assert live["left_out"] == 0 and live["origins"] == 5 * 24
    assert "left out" not in out.stderr and "filled" not in out.stderr


@pytest.mark.parametrize("live_mase, live_naive, said", [
    (1.32, 1.45, None),  # a solar maximum: 1.5x the test's, naive's as much (0.91 of it)
    (1.32, 1.00, "the model may no longer fit the data: retrain"),  # lost ground to naive
    (3.00, 3.40, "naive's as much: the data moves far more than it did"),  # 3.5x: said
    (0.60, 0.40, None),  # lost ground, but its error no larger than the test period's
])
def test_retrain_is_advised_where_the_model_lost_ground_not_where_the_data_got_harder(
        live_mase, live_naive, said):
    """The test period: MASE 0.867 (naive 1.008). Sunspots' 1981-82 maximum gave 1.32 live
    (naive 1.45) and a call to retrain each month it lasted; a model equal to naive, one each
    volatile week."""
    from lstmcast.live import live_line

    metrics = {"methods": {"model": {"overall": {"mase": 0.867}},
                           "naive": {"overall": {"mase": 1.008}}}}
    live = {"origins": 11, "times": 11, "series": 1, "since": "1981-06-01", "mae": 30.2,
            "naive_mae": 33.3, "mase": live_mase, "naive_mase": live_naive, "left_out": 0}
    warning = live_line(live, metrics)[1]
    assert (warning is None) if said is None else said in warning


def test_the_live_scaled_error_is_that_of_training_s_scale_however_long_the_file(
        runner, trained_short, tmp_path):
    """A source serving its last N rows: the same forecasts scored 0.38 to 0.82 with the file's
    length (the scale was of the training rows the file still held), and a call to retrain."""
    work, full = trained_short
    figures = []
    for rows in (len(full), NEW_ROWS + 120, NEW_ROWS + 30):
        full.iloc[-rows:].to_csv(tmp_path / "window.csv", index=False)
        done = runner.invoke(app, ["predict", str(tmp_path / "window.csv"), "--model",
                                   str(work / "m"), "--metrics-out", str(tmp_path / "w.json")])
        assert done.exit_code == 0, done.stderr
        live = json.loads((tmp_path / "w.json").read_text())["live"]
        figures.append((live["origins"], live["mase"], live["mae"] / live["mase"]))
    assert figures[0] == figures[1]  # the same forecasts, the same figure
    # fewer origins in 30 rows (a window needs its rows), on the same scale
    assert figures[2][0] < figures[0][0] and figures[2][2] == pytest.approx(figures[0][2])


def test_a_forecast_whose_window_the_file_lacks_is_told_so(runner, in_tmp, sample_dir):
    """An export that lost 17 days inside the model's own training rows was forecast from them,
    filled, with no word (a user round: only gaps after training's last row were counted)."""
    rows = pd.read_csv(sample_dir / "btc_usd_daily.csv")
    rows.iloc[:900].to_csv("train.csv", index=False)
    lost = rows.iloc[:920].drop(index=range(880, 897))  # 17 days within training's rows
    lost.to_csv("lost.csv", index=False)
    done = runner.invoke(app, ["train", "train.csv", "--epochs", "1", "--out", "m.lstmcast",
                               "-q"])
    assert done.exit_code == 0, done.stderr
    told = runner.invoke(app, ["predict", "lost.csv", "--model", "m.lstmcast"])
    assert told.exit_code == 0, told.stderr
    first = rows["Date"].iloc[880]
    assert (f"warning: the forecast's window (the 56 rows up to its origin) holds 17 value(s) "
            f"the file lacks, filled (first at {first}): the forecast rests on them") \
        in told.stderr
    whole = runner.invoke(app, ["predict", "train.csv", "--model", "m.lstmcast"])
    assert "the file lacks" not in whole.stderr
    # ... nor do the 17 flat rows make its interval narrower than with the days the file had
    # (measured so at training's calibration and at predict alike: 23 % narrower before)
    rows.iloc[:920].to_csv("kept.csv", index=False)
    kept = runner.invoke(app, ["predict", "kept.csv", "--model", "m.lstmcast", "-q"])
    width = [float(f.hi_80.iloc[0] - f.lo_80.iloc[0]) for f in
             (pd.read_csv(io.StringIO(r.stdout)) for r in (told, kept))]
    assert width[0] > 0.9 * width[1], width
