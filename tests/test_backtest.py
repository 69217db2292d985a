"""Backtest: cutoffs, no look-ahead, and each fold equal to train on the cut file + predict."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.backtest import backtest_metrics, backtest_panel, fold_cutoffs
from lstmcast.cli import app
from lstmcast.config import Settings
from lstmcast.errors import InputError

TINY = dict(hidden=8, epochs=2, patience=1, seed=3)


def test_cutoffs_end_one_horizon_before_the_data_and_step_back(sample_dir):
    panel = load_series(sample_dir / "btc_usd_daily.csv")
    times = panel.time
    cuts = fold_cutoffs(panel, folds=3, step=5, horizon=7)
    assert cuts[-1] == times[-1 - 7]
    assert [times.get_loc(c) for c in cuts] == [len(times) - 8 - 10, len(times) - 8 - 5,
                                               len(times) - 8]
    with pytest.raises(InputError, match="too few"):
        fold_cutoffs(panel.head(20), folds=5, step=5, horizon=7)
    with pytest.raises(InputError, match="^--step must be at least 1, got 0$"):
        backtest_panel(panel, Settings.build(horizon=3), folds=2, step=0)
    with pytest.raises(InputError, match="^--folds must be at least 1, got 0$"):
        fold_cutoffs(panel, folds=0, step=5, horizon=7)  # the step given, or not, is no matter


def test_interpolating_gaps_is_refused_it_would_see_past_the_cutoff(sample_dir):
    panel = load_series(sample_dir / "btc_usd_daily.csv")
    with pytest.raises(InputError, match="interpolate"):
        backtest_panel(panel, Settings.build(horizon=3, fill="interpolate"), folds=2)


def test_a_fold_never_sees_rows_after_its_cutoff(sample_dir):
    """Rows after the first cutoff changed wildly: the first fold's forecast is unchanged."""
    panel = load_series(sample_dir / "btc_usd_daily.csv")
    settings = Settings.build(horizon=5, **TINY)
    first = backtest_panel(panel, settings, folds=2, step=5)
    cutoff = first.folds[0].cutoff
    later = panel.time > cutoff
    target = panel.target.copy()
    target[later] *= 3.0
    from dataclasses import replace

    changed = backtest_panel(replace(panel, target=target), settings, folds=2, step=5)
    np.testing.assert_array_equal(changed.folds[0].forecast.values, first.folds[0].forecast.values)
    np.testing.assert_array_equal(changed.folds[0].forecast.upper, first.folds[0].forecast.upper)
    assert not np.array_equal(changed.folds[1].forecast.values, first.folds[1].forecast.values)


def test_metrics_score_model_and_baselines_on_the_same_points(sample_dir):
    panel = load_series(sample_dir / "btc_usd_daily.csv")
    result = backtest_panel(panel, Settings.build(horizon=4, **TINY), folds=3, step=4)
    t = result.table
    assert len(t) == 12 and result.metrics["points"] == 12 and result.metrics["origins"] == 3
    overall = result.metrics["overall"]
    assert overall["naive"]["mae"] == pytest.approx((t["naive"] - t["actual"]).abs().mean())
    assert overall["model"]["mae"] == pytest.approx((t["forecast"] - t["actual"]).abs().mean())
    steps = result.metrics["per_step"]["model"]
    assert [s["step"] for s in steps] == [1, 2, 3, 4]
    t["step"] = t.groupby("cutoff").cumcount() + 1
    for s, (_, g) in zip(steps, t.groupby("step"), strict=True):  # labelled, as train's
        assert set(s) == {"step", "mae", "smape", "mase"}
        assert s["mae"] == pytest.approx((g["forecast"] - g["actual"]).abs().mean())
    assert "series" not in result.metrics  # one series: its figures are the overall ones
    assert set(result.metrics["intervals"]["coverage"]) == {"80", "95"}
    # Naive from each cutoff repeats the last value up to it.
    for cutoff, g in t.groupby("cutoff"):
        assert (g["naive"] == panel.target[panel.time.get_loc(cutoff)]).all()
    assert (t["lo_95"] <= t["lo_80"]).all() and (t["lo_80"] <= t["forecast"]).all()
    assert (t["forecast"] <= t["hi_80"]).all() and (t["hi_80"] <= t["hi_95"]).all()


def test_a_point_without_seasonal_naive_is_scored_for_no_method(sample_dir):
    # A short series of a panel has no season before its cutoff: its base alone forecasts it,
    # but the model's figures must not count points the seasonal naive's leave out.
    panel = load_series(sample_dir / "btc_usd_daily.csv")
    result = backtest_panel(panel, Settings.build(horizon=4, **TINY), folds=2, step=4)
    table = result.table.copy()
    table.loc[table.index[:4], "seasonal_naive"] = np.nan  # the first fold's points
    metrics = backtest_metrics(panel, table, result.folds[-1].season)
    assert metrics["points"] == 4 and metrics["origins"] == 1
    kept = table.iloc[4:]
    for column, name in (("forecast", "model"), ("naive", "naive"),
                         ("seasonal_naive", "seasonal_naive")):
        assert metrics["overall"][name]["mae"] == pytest.approx(
            (kept[column] - kept["actual"]).abs().mean())


def test_each_fold_is_train_on_the_cut_file_then_predict(runner, sample_dir, tmp_path):
    """The acceptance check: cut the CSV at each cutoff, train and predict with the same flags
    and seed, and get the fold's forecasts and intervals."""
    source = sample_dir / "btc_usd_daily.csv"
    flags = ["--horizon", "5", "--hidden", "8", "--epochs", "2", "--patience", "1",
             "--seed", "3"]
    done = runner.invoke(app, ["backtest", str(source), "--folds", "2", "-q", *flags])
    assert done.exit_code == 0, done.stderr
    folds = pd.read_csv(io.StringIO(done.stdout))
    assert list(folds.columns) == ["cutoff", "Date", "actual", "forecast", "naive",
                                   "seasonal_naive", "lo_80", "hi_80", "lo_95", "hi_95"]
    raw = pd.read_csv(source)
    for cutoff, rows in folds.groupby("cutoff"):
        cut = tmp_path / f"cut-{cutoff}.csv"
        raw[pd.to_datetime(raw["Date"]) <= pd.Timestamp(cutoff)].to_csv(cut, index=False)
        model = tmp_path / f"m-{cutoff}.lstmcast"
        trained = runner.invoke(app, ["train", str(cut), "--out", str(model), "-q", *flags])
        assert trained.exit_code == 0, trained.stderr
        predicted = runner.invoke(app, ["predict", str(cut), "--model", str(model)])
        assert predicted.exit_code == 0, predicted.stderr
        fc = pd.read_csv(io.StringIO(predicted.stdout))
        assert list(fc["Date"]) == list(rows["Date"])
        for col in ("forecast", "lo_80", "hi_80", "lo_95", "hi_95"):
            np.testing.assert_allclose(fc[col], rows[col], rtol=1e-12, err_msg=col)


def test_backtest_shares_train_flags_and_rejects_too_many_folds(runner, sample_dir):
    help_text = runner.invoke(app, ["backtest", "--help"]).stdout
    for flag in ("--folds", "--step", "--level", "--lookback", "--seed", "--no-refit",
                 "--metrics-out", "--plot"):
        assert flag in help_text
    assert "--on-interrupt" not in help_text
    done = runner.invoke(app, ["backtest", str(sample_dir / "btc_usd_daily.csv"), "--folds",
                               "5000", "-q"])
    assert done.exit_code == 2 and done.stderr.startswith("error: ")
    assert len(done.stderr.strip().splitlines()) == 1


def test_backtest_rows_as_json_are_the_csv_rows(runner, sample_dir, in_tmp):
    """'-o bt.json' wrote CSV into it (a user round: a program running jq on it failed); then
    it was refused. Now it asks for JSON, as predict's does: the CSV's rows, values as numbers
    (a user round asked for 'backtest --format json' beside predict's)."""
    flags = [str(sample_dir / "btc_usd_daily.csv"), "--horizon", "3", "--folds", "2",
             "--hidden", "4", "--epochs", "1", "--seed", "1", "-q"]
    as_csv = runner.invoke(app, ["backtest", *flags])
    as_json = runner.invoke(app, ["backtest", *flags, "-o", "bt.JSON"])
    assert as_csv.exit_code == 0 and as_json.exit_code == 0, as_json.stderr
    doc = json.loads((in_tmp / "bt.JSON").read_text())
    assert (doc["target"], doc["time_col"]) == ("Closing Price (USD)", "Date")
    assert "id_col" not in doc
    rows = pd.DataFrame(doc["forecasts"])
    expected = pd.read_csv(io.StringIO(as_csv.stdout))
    assert list(rows.columns) == list(expected.columns) and len(rows) == 6
    pd.testing.assert_frame_equal(rows, expected, check_exact=True)
    forced = runner.invoke(app, ["backtest", *flags, "-o", "bt.csv", "--format", "json"])
    assert json.loads((in_tmp / "bt.csv").read_text()) == doc, forced.stderr


def test_a_fold_too_short_to_train_is_named_with_the_advice_that_fits(runner, sample_dir):
    """The file is long enough; its first fold's rows are not: the error says which fold."""
    done = runner.invoke(app, ["backtest", str(sample_dir / "btc_usd_daily.csv"), "--horizon",
                               "300", "--folds", "2", "--step", "600", "-q"])
    assert done.exit_code == 2
    line = done.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"error: .*series too short for --horizon 300: 100 rows are forecast "
                        r"at most 98 steps ahead .* \(in the fold of the rows up to "
                        r"2018-11-30\); use fewer --folds or a smaller --step", line), line

def test_a_filled_gap_is_no_actual_in_the_backtest(runner, in_tmp):
    """Ten missing days forward-filled: naive would score perfectly against its own fill.
    They are written without an actual and scored nowhere."""
    days = pd.date_range("2021-01-01", periods=150, freq="D")
    y = 100 * np.exp(np.cumsum(np.random.default_rng(2).normal(0, 0.02, 150)))
    keep = np.ones(150, dtype=bool)
    keep[135:145] = False
    pd.DataFrame({"date": days[keep].strftime("%Y-%m-%d"), "value": y[keep].round(3)}).to_csv(
        in_tmp / "gap.csv", index=False)
    done = runner.invoke(app, ["backtest", str(in_tmp / "gap.csv"), "--horizon", "5",
                               "--folds", "4", "--step", "5", "--epochs", "1", "--hidden", "4",
                               "--metrics-out", str(in_tmp / "bt.json")])
    assert done.exit_code == 0, done.stderr
    table = pd.read_csv(io.StringIO(done.stdout), parse_dates=["date", "cutoff"])
    gap = table["date"].isin(days[~keep])
    assert gap.any() and table.loc[gap, "actual"].isna().all()
    assert table.loc[~gap, "actual"].notna().all()
    assert json.loads((in_tmp / "bt.json").read_text())["points"] == int((~gap).sum())
    as_json = runner.invoke(app, ["backtest", str(in_tmp / "gap.csv"), "--horizon", "5",
                                  "--folds", "4", "--step", "5", "--epochs", "1", "--hidden",
                                  "4", "--format", "json", "-q"])
    assert as_json.exit_code == 0, as_json.stderr
    rows = pd.DataFrame(json.loads(as_json.stdout)["forecasts"])  # JSON's null: no actual
    assert rows["actual"].isna().tolist() == gap.tolist()
    assert f"metrics: {in_tmp / 'bt.json'}" in done.stderr  # where it went, as train says
    # A cutoff is a row of data, never a filled one (a fold is the file cut there); it was
    # counted among the filled days (2021-05-25, 2021-05-20 within the gap, each fold's
    # forecast against no actual). The fold of the day before the gap forecasts only it.
    cutoffs = sorted(set(table["cutoff"]))
    assert cutoffs == list(days[[119, 124, 129, 134]]) and not set(cutoffs) & set(days[~keep])
    assert "fold 2021-05-15: not scored: no step it forecasts has a row of data" in done.stderr



def test_the_actuals_are_written_as_the_file_writes_them(runner, in_tmp):
    """Whole numbers, then one of four decimals after the cutoff: the actual is that value,
    not rounded to the forecasts' decimals (508.123 for 508.1234; a user round)."""
    months = pd.date_range("2010-01-01", periods=60, freq="MS")
    cells = [str(100 + i % 12 * 3 + i) for i in range(60)]
    cells[57] = "508.1234"
    pd.DataFrame({"month": months.strftime("%Y-%m"), "value": cells}).to_csv(
        in_tmp / "m.csv", index=False)
    done = runner.invoke(app, ["backtest", str(in_tmp / "m.csv"), "--horizon", "6",
                               "--folds", "1", "--epochs", "1", "--hidden", "4", "-q"])
    assert done.exit_code == 0, done.stderr
    rows = dict(line.split(",")[1:3] for line in done.stdout.splitlines()[1:])
    assert rows["2014-10"] == "508.1234" and rows["2014-09"] == "180.0"


def test_a_holiday_inside_the_data_keeps_its_forecast_row_without_an_actual(runner, in_tmp):
    """Trading days without Veterans Day: a fold forecasts the day (the model was not told of
    it); its row stays, empty, so that every cutoff lists horizon rows."""
    days = pd.bdate_range("2021-01-04", periods=160)
    holiday = days[150]
    y = 100 * np.exp(np.cumsum(np.random.default_rng(3).normal(0, 0.01, 160)))
    keep = days != holiday
    pd.DataFrame({"date": days[keep].strftime("%Y-%m-%d"), "close": y[keep].round(3)}).to_csv(
        in_tmp / "fx.csv", index=False)
    done = runner.invoke(app, ["backtest", str(in_tmp / "fx.csv"), "--horizon", "5",
                               "--folds", "3", "--step", "3", "--epochs", "1", "--hidden", "4"])
    assert done.exit_code == 0, done.stderr
    table = pd.read_csv(io.StringIO(done.stdout), parse_dates=["date", "cutoff"])
    assert table.groupby("cutoff").size().tolist() == [5, 5, 5]
    off = table["date"] == holiday
    assert off.any() and table.loc[off, "actual"].isna().all()
    assert table.loc[~off, "actual"].notna().all()

@pytest.mark.parametrize("rows, said", [
    (slice(None, 110), "1 series ('X') end before a cutoff's forecast could be scored"),
    # its first row just after the last cutoff, running to the end: it did not end
    (slice(-3, None), "1 series ('X') have too little history before every cutoff to be "
                      "forecast: not in the backtest"),
])
def test_a_series_no_cutoff_scores_is_named_with_why(runner, in_tmp, rows, said):
    days = pd.date_range("2021-01-01", periods=120, freq="D")
    rng = np.random.default_rng(4)
    frame = pd.concat([pd.DataFrame({"id": sid, "date": days[span].strftime("%Y-%m-%d"),
                                     "v": np.round(50 + rng.normal(0, 1, 120)[span].cumsum(),
                                                   3)})
                       for sid, span in (("A", slice(None)), ("X", rows), ("C", slice(None)))])
    frame.to_csv(in_tmp / "p.csv", index=False)
    done = runner.invoke(app, ["backtest", str(in_tmp / "p.csv"), "--horizon", "3", "--folds",
                               "2", "--step", "5", "--epochs", "1", "--hidden", "4", "-q"])
    assert done.exit_code == 0, done.stderr
    assert set(pd.read_csv(io.StringIO(done.stdout))["id"]) == {"A", "C"}
    assert said in done.stderr and done.stderr.count("not in the backtest") == 1


def ending_on_their_days(path, rows: dict[str, int]) -> None:
    """A long file of random walks of days from 2021-01-01, each series its number of rows."""
    days = pd.date_range("2021-01-01", periods=max(rows.values()), freq="D")
    rng = np.random.default_rng(4)
    pd.concat([pd.DataFrame({"id": sid, "date": days[:n].strftime("%Y-%m-%d"),
                             "v": np.round(50 + rng.normal(0, 1, n).cumsum(), 3)})
               for sid, n in rows.items()]).to_csv(path, index=False)


def test_series_that_end_by_the_first_cutoff_are_said_before_the_folds_train(runner, in_tmp):
    """A panel whose series end on different days: those that end by the first cutoff can be in
    no fold, which was said only after every fold had trained (8 minutes on 3,457 series, one
    scored)."""
    ending_on_their_days(in_tmp / "p.csv", {"A": 120, "X": 100, "Y": 110})
    done = runner.invoke(app, ["backtest", str(in_tmp / "p.csv"), "--horizon", "3", "--folds",
                               "2", "--step", "5", "--epochs", "1", "--hidden", "4"])
    assert done.exit_code == 0, done.stderr
    said = " ".join(done.stderr.split())
    note = "; 2 of 3 series end by the first cutoff and cannot be scored"
    assert note in said and said.index(note) < said.index("fold 1/2: training")


def test_series_that_end_by_the_first_cutoff_are_trained_on_not_forecast(runner, in_tmp):
    """Of 2,000 series, 1,997 ended before the first cutoff: each fold forecast them all, and
    warned of them (a short one 'forecast by its base alone'), though no fold scores them."""
    ending_on_their_days(in_tmp / "p.csv", {"A": 120, "B": 118, "short": 12})
    done = runner.invoke(app, ["backtest", "p.csv", "--horizon", "3", "--folds", "2",
                               "--step", "5", "--epochs", "1", "--hidden", "4"])
    assert done.exit_code == 0, done.stderr
    said = " ".join(done.stderr.split())
    assert "'short'" in said and "forecast by its base alone" not in said
    assert "1 series ('short') end before a cutoff's forecast could be scored" in said
    table = pd.read_csv(io.StringIO(done.stdout))
    assert set(table["id"]) == {"A", "B"}  # (B to its last row)


def test_a_series_whose_rows_pause_across_a_cutoff_is_named_for_that_fold(runner, in_tmp):
    """Business days: B's absent weekdays are no rows (not gaps filled), none in the steps
    after its last row before the cutoff days[111] (the other is days[116])."""
    days = pd.bdate_range("2021-01-01", periods=120)
    rng = np.random.default_rng(4)
    frame = pd.concat([pd.DataFrame({"id": sid, "date": days.strftime("%Y-%m-%d"),
                                     "v": np.round(50 + rng.normal(0, 1, 120).cumsum(), 3)})
                       for sid in ("A", "B")])
    # (8 weekdays: holidays; more than 10 in a row are a gap, filled)
    pause = (frame["id"] == "B") & frame["date"].between(f"{days[104]:%Y-%m-%d}",
                                                         f"{days[111]:%Y-%m-%d}")
    frame[~pause].to_csv(in_tmp / "p.csv", index=False)
    done = runner.invoke(app, ["backtest", str(in_tmp / "p.csv"), "--horizon", "3", "--folds",
                               "2", "--step", "5", "--epochs", "1", "--hidden", "4", "-q"])
    assert done.exit_code == 0, done.stderr
    table = pd.read_csv(io.StringIO(done.stdout))
    cutoff = f"{days[111]:%Y-%m-%d}"
    assert set(table.loc[table["cutoff"] == cutoff, "id"]) == {"A"}
    assert f"fold {cutoff}: 1 series ('B') not scored: their rows pause across the cutoff" \
        in done.stderr


def test_a_series_without_a_row_at_a_cutoff_is_not_scored_twice(runner, in_tmp):
    """London shut on its summer bank holiday (the last Monday of August), New York open: at
    the cutoff that Monday, the London series' forecast is the Friday fold's again, and its
    point was scored twice; it is kept once and said."""
    days = pd.bdate_range("2020-09-01", "2023-08-31")
    rng = np.random.default_rng(8)
    shut = (days.month == 8) & (days.day_of_week == 0) & (days.day > 24)  # last Mondays of August
    frame = pd.concat([pd.DataFrame({"id": sid, "date": days[keep].strftime("%Y-%m-%d"),
                                     "v": np.round(50 * np.exp(rng.normal(0, 0.01, len(days))
                                                               .cumsum())[keep], 3)})
                       for sid, keep in (("NY", days == days), ("LDN", ~shut))])
    frame.to_csv(in_tmp / "p.csv", index=False)
    done = runner.invoke(app, ["backtest", str(in_tmp / "p.csv"), "--horizon", "1", "--folds",
                               "4", "--step", "1", "--epochs", "1", "--hidden", "4", "-q"])
    assert done.exit_code == 0, done.stderr
    table = pd.read_csv(io.StringIO(done.stdout))
    assert sorted(table["cutoff"].unique()) == ["2023-08-25", "2023-08-28", "2023-08-29",
                                                "2023-08-30"]
    london = table[table["id"] == "LDN"]
    assert london["date"].is_unique and "2023-08-28" not in set(london["cutoff"])
    assert len(table[table["id"] == "NY"]) == 4
    assert ("fold 2023-08-28: 1 series ('LDN') not scored again: no row at the cutoff"
            in done.stderr)


def short_monthly(path, rows=40):
    """Monthly sales with a yearly season: an early fold has too few rows for one."""
    months = pd.date_range("2020-01-01", periods=rows, freq="MS")
    t = np.arange(rows)
    y = 100 + t + 15 * np.sin(2 * np.pi * t / 12) + np.random.default_rng(5).normal(0, 1, rows)
    pd.DataFrame({"month": months.strftime("%Y-%m"), "sales": y.round(2)}).to_csv(path,
                                                                                 index=False)
    return path


def test_every_fold_gets_the_data_s_seasonal_naive_and_keeps_the_column_order(in_tmp):
    panel = load_series(short_monthly(in_tmp / "sales.csv"))
    result = backtest_panel(panel, Settings.build(horizon=3, **TINY), folds=8, step=3)
    assert [f.season for f in result.folds][0] == 1 and result.folds[-1].season == 12
    table = result.table
    assert list(table.columns[:7]) == ["series", "cutoff", "time", "actual", "forecast",
                                       "naive", "seasonal_naive"]
    assert table["seasonal_naive"].notna().all()  # 16 months or more before every cutoff
    metrics = result.metrics
    assert len(metrics["folds"]) == 8 and metrics["points"] == 24 and not result.warnings


def test_a_fold_s_mase_does_not_depend_on_the_other_folds(in_tmp):
    panel = load_series(short_monthly(in_tmp / "sales.csv"))
    settings = Settings.build(horizon=3, **TINY)
    few, many = (backtest_panel(panel, settings, folds=n, step=3) for n in (3, 6))
    last = {f["cutoff"]: f["model"]["mase"] for f in few.metrics["folds"]}
    again = {f["cutoff"]: f["model"]["mase"] for f in many.metrics["folds"]}
    assert len(last) == 3 and all(again[c] == pytest.approx(v) for c, v in last.items())
    # each fold scaled by the series' rows up to its cutoff (seasonal differences)
    table = many.table
    cutoff = table["cutoff"].iloc[0]
    rows = panel.target[: panel.time.get_loc(cutoff) + 1]
    scale = np.abs(rows[12:] - rows[:-12]).mean()
    fold = table[table["cutoff"] == cutoff]
    expected = (fold["forecast"] - fold["actual"]).abs().mean() / scale
    assert many.metrics["folds"][0]["model"]["mase"] == pytest.approx(expected)


def test_years_are_told_as_years(in_tmp):
    years = np.arange(1950, 2021)
    values = 100 + np.cumsum(np.random.default_rng(7).normal(1, 2, len(years)))
    pd.DataFrame({"year": years, "value": values.round(2)}).to_csv(in_tmp / "y.csv", index=False)
    panel = load_series(in_tmp / "y.csv")
    notes = []
    result = backtest_panel(panel, Settings.build(horizon=2, **TINY), folds=2, step=3,
                            on_note=notes.append)
    assert notes[0].startswith("backtest: 2 folds, cutoffs 2015, 2018,")
    # progress: each fold said as it starts training
    assert notes[1:] == ["fold 1/2: training on the rows up to 2015",
                         "fold 2/2: training on the rows up to 2018"]
    assert [f["cutoff"] for f in result.metrics["folds"]] == ["2015", "2018"]


def test_warnings_name_the_folds_that_said_them():
    from lstmcast.backtest import BacktestResult, FoldResult

    cutoffs = [pd.Timestamp("2022-01-03"), pd.Timestamp("2022-02-01")]
    folds = [FoldResult(cutoffs[0], None, 1, ["short 'NEWCO'", "filled 3 values"]),
             FoldResult(cutoffs[1], None, 1, ["filled 3 values", "filled 3 values"])]
    result = BacktestResult(pd.DataFrame(), {}, folds, ("1 series end early",))
    assert result.all_warnings() == ["fold 2022-01-03: short 'NEWCO'", "filled 3 values",
                                     "1 series end early"]
    assert result.all_warnings("%Y-%m")[0] == "fold 2022-01: short 'NEWCO'"


def test_a_panel_s_backtest_lists_each_series_folds_together(in_tmp):
    days = pd.date_range("2021-01-01", periods=120, freq="D")
    rng = np.random.default_rng(9)
    pd.concat([pd.DataFrame({"id": sid, "date": days.strftime("%Y-%m-%d"),
                             "v": np.round(50 + rng.normal(0, 1, 120).cumsum(), 3)})
               for sid in ("B", "A")]).to_csv(in_tmp / "p.csv", index=False)
    panel = load_series(in_tmp / "p.csv")
    result = backtest_panel(panel, Settings.build(horizon=2, **TINY), folds=2, step=3)
    table = result.table
    series = list(dict.fromkeys(table["series"]))
    assert series == list(panel.ids)
    for sid, figures in result.metrics["series"].items():  # each series' own, labelled
        mine = table[table["series"] == sid]
        assert figures["model"]["mae"] == pytest.approx((mine["forecast"] -
                                                         mine["actual"]).abs().mean())
    for _, rows in table.groupby("series", sort=False):
        assert rows.index.is_monotonic_increasing and rows["cutoff"].is_monotonic_increasing
        assert len(rows) == 4 and rows.index[-1] - rows.index[0] == 3  # together


def test_a_plot_that_is_no_png_is_refused_before_the_folds(runner, in_tmp, sample_dir):
    """Before, every fold trained first, then the refusal came with the metrics written and
    the backtest's rows not."""
    done = runner.invoke(app, ["backtest", str(sample_dir / "btc_usd_daily.csv"), "--folds",
                               "2", "-q", "--plot", "bt.jpg", "--metrics-out", "bt.json",
                               "-o", "bt.csv"])
    assert done.exit_code == 2 and done.stderr == (
        "error: cannot write bt.jpg: plots are PNG images; give a name ending in .png\n")
    assert not list(in_tmp.iterdir())
