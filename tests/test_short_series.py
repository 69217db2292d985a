"""Short yearly and quarterly business series are forecast, not declined: a bare-year file
without a header name, a year+quarter file, and a file whose last row is half written."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest

from lstmcast.cli import app

FAST = ["--epochs", "3", "--patience", "2"]


def invoke(runner, *args):
    return runner.invoke(app, [str(a) for a in args], prog_name="lstmcast")


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def yearly(in_tmp):
    """40 yearly values, 1980..2019, under a time column without a name."""
    y = 100 * np.exp(np.cumsum(np.random.default_rng(1).normal(0.02, 0.05, 40)))
    path = in_tmp / "yearly.csv"
    path.write_text(",value\n" + "".join(f"{1980 + i},{v:.2f}\n" for i, v in enumerate(y)))
    return path


def test_forty_years_without_a_header_name_train_and_forecast(runner, yearly, in_tmp):
    result = invoke(runner, "train", yearly, "--horizon", "6", *FAST)
    assert result.exit_code == 0, result.stderr
    assert "consecutive years" in result.stderr
    manifest = json.loads(invoke(runner, "info", "--json").stdout)
    assert manifest["data"]["freq"] == "YS-JAN"
    assert manifest["settings"]["model"]["hidden"] == 16  # a short series: a small network
    assert manifest["training"]["members"] == 5  # and the median of five seeds
    fc = invoke(runner, "predict", yearly)
    assert fc.exit_code == 0, fc.stderr
    rows = rows_of(fc.stdout)
    assert [r[0] for r in rows[1:]] == [str(y) for y in range(2020, 2026)]  # bare years
    assert all(float(r[1]) > 0 for r in rows[1:])


def test_year_and_quarter_columns_make_one_quarterly_time(runner, in_tmp):
    q = 50 + np.arange(60) * 0.8 + 10 * np.tile([1, -1, 2, -2], 15)
    q += np.random.default_rng(2).normal(0, 1, 60)
    path = in_tmp / "quarterly.csv"
    path.write_text("Year,Quarter,Sales\n" + "".join(
        f"{2000 + i // 4},Q{i % 4 + 1},{v:.2f}\n" for i, v in enumerate(q)))
    result = invoke(runner, "train", path, "--horizon", "8", *FAST)
    assert result.exit_code == 0, result.stderr
    assert "years in 'Year' and quarters in 'Quarter'" in result.stderr
    rows = rows_of(invoke(runner, "predict", path).stdout)
    assert rows[0] == ["Year+Quarter", "forecast", "lo_80", "hi_80", "lo_95", "hi_95"]
    assert [r[0] for r in rows[1:3]] == ["2015Q1", "2015Q2"]  # written as the data counts them
    metrics = json.loads((in_tmp / "model.metrics.json").read_text())
    assert "seasonal_naive" in metrics["methods"]  # quarterly: season 4


def test_too_few_rows_for_any_window_is_refused_with_the_minimum(runner, in_tmp):
    path = in_tmp / "tiny.csv"
    path.write_text(",value\n" + "".join(f"{1990 + i},{10 + i}\n" for i in range(7)))
    result = invoke(runner, "train", path, "--horizon", "6")
    assert result.exit_code == 2
    assert "series too short for --horizon 6: 7 rows are forecast at most 5 steps ahead" in \
        result.stderr


def test_half_written_last_row_is_never_the_origin(runner, yearly, in_tmp):
    assert invoke(runner, "train", yearly, "--horizon", "2", *FAST).exit_code == 0
    complete = rows_of(invoke(runner, "predict", yearly).stdout)
    yearly.write_text(yearly.read_text() + "2020,\n")  # the next row, still being written
    result = invoke(runner, "predict", yearly)
    assert result.exit_code == 0, result.stderr
    assert "dropped 1 trailing row(s) without a value in 'value' (from 2020" in result.stderr
    assert rows_of(result.stdout) == complete  # the same origin as before the half row


def test_three_years_of_months_are_based_on_their_season_and_predict_needs_one(runner, in_tmp):
    """36 months of a yearly cycle: the window is shorter than a season, yet the series is
    based on its seasons; training windows start a season in (each one's base reads a
    season), and predict refuses a file holding less than a season, saying how much it needs."""
    months = np.arange(36)
    y = 50 + 20 * np.sin(months * 2 * np.pi / 12) + np.random.default_rng(4).normal(0, 1, 36)
    path = in_tmp / "monthly.csv"
    path.write_text("month,value\n" + "".join(
        f"{2000 + i // 12}-{i % 12 + 1:02d},{v:.3f}\n" for i, v in enumerate(y)))
    assert invoke(runner, "train", path, "--horizon", "6", *FAST).exit_code == 0
    manifest = json.loads(invoke(runner, "info", "--json").stdout)
    lookback, train_rows = manifest["settings"]["model"]["lookback"], 36 - 6 - 6
    assert lookback < 12 and manifest["series"][0]["base"] == "seasonal_mean"
    assert manifest["training"]["windows"] == train_rows - 6 - 12 + 1
    short = in_tmp / "short.csv"
    short.write_text("month,value\n" + "".join(path.read_text().splitlines(True)[-11:]))
    refused = invoke(runner, "predict", short)
    assert refused.exit_code == 2
    assert f"11 rows up to the forecast origin, but the model needs 12 (lookback {lookback}, " \
           "season 12)" in refused.stderr
    assert len(rows_of(invoke(runner, "predict", path).stdout)) == 1 + 6


def test_one_training_window_is_one_window(runner, in_tmp):
    """91 weeks, 13 ahead, a yearly season: one training window ('1 training windows')."""
    weeks = pd.date_range("2016-01-10", periods=91, freq="W-SUN")
    y = 60 + 15 * np.sin(2 * np.pi * np.arange(91) / 52) + np.random.default_rng(0).normal(
        0, 2, 91)
    path = in_tmp / "weekly.csv"
    pd.DataFrame({"week": weeks.strftime("%Y-%m-%d"), "humidity": y.round(2)}).to_csv(
        path, index=False)
    result = invoke(runner, "train", path, "--horizon", "13")
    assert result.exit_code == 0, result.stderr
    assert "validation; 1 training window\n" in result.stderr
    assert "too few rows to train a network (1 training window, 8 needed)" in result.stderr


def test_too_few_rows_for_a_network_are_forecast_by_the_base_chosen_on_every_row(runner,
                                                                                  in_tmp):
    # 29 months for a 12-month horizon: 12 test and 12 validation rows leave no training
    # window. The test period is forecast with the base chosen before it (17 rows, five months
    # after the first season, cannot show a season: the last value); the saved base is chosen
    # on all 29 rows, where the season shows, and continues it, with intervals from its own
    # errors at the held-out origins (the last value's, a season's swing: 16 to 82 wide).
    season = 100 + 20 * np.sin(2 * np.pi * np.arange(12) / 12)
    y = season[np.arange(29) % 12] + np.random.default_rng(4).normal(0, 0.3, 29)
    path = in_tmp / "monthly.csv"
    path.write_text("month,sales\n" + "".join(
        f"{2000 + i // 12}-{i % 12 + 1:02d}-01,{v:.6f}\n" for i, v in enumerate(y)))
    result = invoke(runner, "train", path, "--horizon", "12")
    assert result.exit_code == 0, result.stderr
    assert "too few rows to train a network (0 training windows, 8 needed)" in result.stderr
    assert "saved base, chosen on all rows" in result.stderr
    metrics = json.loads((in_tmp / "model.metrics.json").read_text())
    methods = metrics["methods"]
    assert methods["model"]["overall"]["mae"] == methods["naive"]["overall"]["mae"]
    manifest = json.loads(invoke(runner, "info", "--json").stdout)
    assert manifest["training"]["base_alone"] and manifest["training"]["members"] == 1
    # info says so too, beside a test table of another base (a helper's set: it looked
    # contradictory), and names the base the table scored
    info = invoke(runner, "info").stdout
    assert "saved base, chosen on all rows: " in info
    assert "(the test period's figures are the base it tested: transform: log ratios to the " \
        "last value" in " ".join(info.split())
    assert manifest["training"]["networks_kept"] is False
    fc = invoke(runner, "predict", path)
    assert fc.exit_code == 0, fc.stderr
    forecast = np.array([[float(v) for v in r[1:]] for r in rows_of(fc.stdout)[1:]])
    np.testing.assert_allclose(forecast[:, 0], season[(29 + np.arange(12)) % 12], atol=1.0)
    width = forecast[:, 2] - forecast[:, 1]  # hi_80 - lo_80
    assert np.all(width > 0) and np.all(width < 4), width


def test_thirteen_years_for_six_ahead_drop_the_validation_period(runner, in_tmp):
    # M4's shortest yearly series: 13 rows to train on for a 6-year horizon hold a test period
    # but not a validation period too. Nothing is trained; the intervals come from the test
    # period's errors alone, and the report does not claim a coverage it cannot measure.
    y = 100 * np.exp(np.cumsum(np.random.default_rng(3).normal(0.05, 0.02, 13)))
    path = in_tmp / "yearly.csv"
    path.write_text(",value\n" + "".join(f"{2000 + i},{v:.2f}\n" for i, v in enumerate(y)))
    result = invoke(runner, "train", path, "--horizon", "6")
    assert result.exit_code == 0, result.stderr
    assert "last 6 rows test, 0 validation" in result.stderr
    assert "80 % interval: n/a" in result.stderr
    metrics = json.loads((in_tmp / "model.metrics.json").read_text())
    assert metrics["intervals"]["calibration_origins"] == 0
    assert set(metrics["intervals"]["coverage"].values()) == {None}  # NaN is written as null
    rows = rows_of(invoke(runner, "predict", path).stdout)
    assert [r[0] for r in rows[1:]] == [str(y) for y in range(2013, 2019)]
    forecast, lo, hi = (np.array([float(r[i]) for r in rows[1:]]) for i in (1, 2, 3))
    # no season, no network: Theta's smoothed level, rising by half the 13 years' trend (it
    # forecast the test period better than the last value, which the test period scored)
    assert "to Theta (smoothed level, half the trend) (alpha" in invoke(runner, "info").stdout
    assert np.all(np.diff(forecast) > 0) and abs(forecast[0] / y[-1] - 1) < 0.05
    assert np.all(lo < forecast) and np.all(forecast < hi)


def test_a_year_column_is_read_and_written_as_bare_years(runner, in_tmp):
    y = 50 + np.cumsum(np.random.default_rng(4).normal(0.5, 2, 30))
    path = in_tmp / "annual.csv"
    path.write_text("Year,Output\n" + "".join(f"{1990 + i},{v:.2f}\n" for i, v in enumerate(y)))
    result = invoke(runner, "train", path, "--horizon", "3", *FAST)
    assert result.exit_code == 0, result.stderr
    assert "time column: 'Year' (format %Y)" in result.stderr
    rows = rows_of(invoke(runner, "predict", path).stdout)
    assert [r[0] for r in rows[1:]] == ["2020", "2021", "2022"]
    info = invoke(runner, "info").stdout.splitlines()  # its span as years too
    assert any(line.startswith("data: ") and line.endswith(", 1990 .. 2019)") for line in info)


def test_a_panel_of_series_too_short_for_a_network_is_forecast_by_their_bases(runner, in_tmp):
    # M3's yearly firms: 14 (and, as M4's shortest, 13) years each, 6 ahead. Each alone is
    # forecast by its base; together they were refused ("every series is too short ... 20 are
    # needed"): a network's window would need a horizon more. Every series is forecast.
    rng = np.random.default_rng(5)
    for rows in (14, 13):
        lines = ["firm,year,sales"]
        for k in range(5):
            y = 100 * np.exp(np.cumsum(rng.normal(0.04, 0.05, rows)))
            lines += [f"F{k},{1975 + i},{v:.2f}" for i, v in enumerate(y)]
        path = in_tmp / f"firms{rows}.csv"
        path.write_text("\n".join(lines) + "\n")
        result = invoke(runner, "train", path, "--horizon", "6")
        assert result.exit_code == 0, result.stderr
        assert "too few rows to train a network (0 training windows" in result.stderr
        assert f"last 6 rows test, {6 if rows == 14 else 0} validation" in result.stderr
        fc = rows_of(invoke(runner, "predict", path).stdout)
        assert [r[:2] for r in fc[1:]] == [[f"F{k}", str(1975 + rows + i)]
                                          for k in range(5) for i in range(6)]
    tiny = in_tmp / "tiny.csv"  # 7 years each: fewer than a window and a test period
    tiny.write_text("firm,year,sales\n" + "".join(f"F{k},{1990 + i},{10 + i + k}\n"
                                                   for k in range(2) for i in range(7)))
    refused = invoke(runner, "train", tiny, "--horizon", "6")
    assert refused.exit_code == 2
    assert "every series is too short: the longest has 7 rows, 8 are needed" in refused.stderr
