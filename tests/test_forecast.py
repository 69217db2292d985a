"""Prediction is training run backwards: save -> load predicts exactly what the in-memory
model predicts, the output renders as valid CSV/JSON, --as-of picks its window."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import load_series, state_of

from lstmcast.bundle import load_bundle, save_bundle
from lstmcast.cli import app
from lstmcast.config import Settings
from lstmcast.errors import InputError
from lstmcast.forecast import Forecast
from lstmcast.forecast import forecast as forecast_bundle
from lstmcast.origin import read_stamp
from lstmcast.preprocess import Recipe, SeriesState, panel_rows, to_levels, windows
from lstmcast.render import render
from lstmcast.train import train_panel

DATA = Path(__file__).resolve().parent / "data"
SP500 = DATA / "sp500_head300.csv"  # business days, DD-MM-YY, ends Monday 2001-03-12
K = 3


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A horizon-3 model of sp500_head300 (refit on all rows), in memory and saved."""
    series = load_series(SP500)
    result = train_panel(series, Settings.build(hidden=8, epochs=3, patience=2, horizon=K,
                                                ensemble=1))
    model, manifest = result.model, result.manifest
    path = tmp_path_factory.mktemp("model") / "sp.lstmcast"
    save_bundle(path, [model], manifest, result.calibration)
    return series, model, manifest, str(path)


def in_memory_forecast(series, model, manifest, end):
    """What the trained (not reloaded) model predicts from the window ending at row ``end``,
    through the compiled kernels that training used."""
    recipe = Recipe(**manifest["recipe"])
    rows = panel_rows(series, [SeriesState.from_dict(state_of(manifest))])
    x, _, base, scale = windows(rows, np.array([end]), recipe, with_targets=False)
    return to_levels(model.predict(x), base, scale, rows.log_mode[:1])[0]


def load_forecaster(path):
    return load_bundle(path), path


def forecast(loaded, *args, **kwargs):
    bundle, path = loaded
    return forecast_bundle(bundle, path, *args, **kwargs)


def test_saved_model_has_the_trained_weights_and_predicts_the_same(trained):
    series, model, manifest, path = trained
    loaded = load_forecaster(path)
    assert loaded[0].model.theta.tobytes() == model.theta.tobytes()
    assert loaded[0].manifest == manifest
    fc = forecast(loaded)
    # predict runs a NumPy forward pass (no Numba start-up): equal up to float32 rounding.
    expected = in_memory_forecast(series, model, manifest, len(series.time) - 1)
    np.testing.assert_allclose(fc.values, expected, rtol=1e-6, atol=0)
    assert fc.values.dtype == np.float64 and fc.values.shape == (K,)
    assert fc.as_of == pd.Timestamp("2001-03-12")
    assert list(fc.times) == list(pd.bdate_range("2001-03-13", periods=K))
    assert fc.warnings == []
    again = forecast(load_forecaster(path))
    assert again.values.tobytes() == fc.values.tobytes()


def test_as_of_forecasts_from_the_window_ending_there(trained):
    series, model, manifest, path = trained
    end = int(np.flatnonzero(series.time == pd.Timestamp("2001-02-23"))[0])  # a Friday
    fc = forecast(load_forecaster(path), as_of="2001-02-23")
    assert fc.as_of == pd.Timestamp("2001-02-23")
    np.testing.assert_allclose(fc.values, in_memory_forecast(series, model, manifest, end),
                               rtol=1e-6, atol=0)
    # ...and not from a neighbouring window.
    for other in (end - 1, end + 1):
        assert not np.allclose(fc.values, in_memory_forecast(series, model, manifest, other),
                               rtol=1e-6, atol=0)
    assert [t.strftime("%Y-%m-%d") for t in fc.times] == ["2001-02-26", "2001-02-27",
                                                          "2001-02-28"]


def test_forecast_equals_the_trained_model_to_float32_rounding(trained):
    # forecast() runs the NumPy forward pass (no Numba start-up in a cron job); it rounds
    # differently from the compiled float32 kernels by about one ulp of the scaled output.
    series, model, manifest, path = trained
    loaded = load_forecaster(path)
    n = len(series.time)
    for end in range(n - 20, n):
        fc = forecast(loaded, as_of=series.time[end].strftime("%Y-%m-%d"))
        np.testing.assert_allclose(fc.values, in_memory_forecast(series, model, manifest, end),
                                   rtol=1e-7, atol=0)


def test_as_of_a_timestamp_without_a_row_is_refused(trained):
    with pytest.raises(InputError, match=r"--as-of 2001-02-24: no row at that time") as info:
        forecast(load_forecaster(trained[3]), as_of="2001-02-24")  # a Saturday
    assert "00:00:00" not in str(info.value)  # the span in days, as the data writes them
    assert "e.g. 2001-02-23, the last before it" in str(info.value)
    for month in ("2001-02", "2001"):  # which day of it? not silently its first
        with pytest.raises(InputError, match=f"--as-of {month} names a month or a year"):
            forecast(load_forecaster(trained[3]), as_of=month)


def train_on_a_gap(runner, *flags):
    """A model of 120 days whose 101st is missing (2020-04-10), filled as ``flags`` say."""
    days = pd.date_range("2020-01-01", periods=120, freq="D")
    values = 100 + np.sin(np.arange(120) / 3.0) * 5
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "value": values})
    frame.loc[100, "value"] = np.nan
    frame.to_csv("gap.csv", index=False)
    done = runner.invoke(app, ["train", "gap.csv", *flags, "--horizon", "3", "--hidden", "4",
                               "--epochs", "1", "--out", "m", "-q"])
    assert done.exit_code == 0, done.stderr


def test_as_of_a_gap_filled_by_interpolation_is_refused(runner, in_tmp):
    # An interpolated row was read from the row after the gap: from there it sees the future.
    train_on_a_gap(runner, "--fill", "interpolate")
    refused = runner.invoke(app, ["predict", "gap.csv", "--model", "m", "--as-of", "2020-04-10"])
    assert refused.exit_code == 2
    assert "that row was a gap filled by interpolation" in refused.stderr
    kept = runner.invoke(app, ["predict", "gap.csv", "--model", "m", "--as-of", "2020-04-11"])
    assert kept.exit_code == 0, kept.stderr  # the row after the gap is in the file


def test_as_of_a_gap_filled_forward_is_forecast_and_said(runner, in_tmp):
    train_on_a_gap(runner)
    told = runner.invoke(app, ["predict", "gap.csv", "--model", "m", "--as-of", "2020-04-10"])
    assert told.exit_code == 0, told.stderr
    assert "--as-of 2020-04-10: the file has no value there; the forecast starts from the one " \
           "--fill ffill put there" in told.stderr
    kept = runner.invoke(app, ["predict", "gap.csv", "--model", "m", "--as-of", "2020-04-11"])
    assert "the file has no value there" not in kept.stderr


def test_shorter_horizon_is_a_prefix_of_the_full_forecast(trained):
    loaded = load_forecaster(trained[3])
    full, first = forecast(loaded), forecast(loaded, horizon=1)
    assert first.values.tobytes() == full.values[:1].tobytes()
    assert list(first.times) == list(full.times[:1])


def test_horizon_beyond_the_model_is_refused(trained, runner, tmp_path):
    with pytest.raises(InputError, match=r"^--horizon must be between 1 and 3 "):
        forecast(load_forecaster(trained[3]), horizon=4)
    # by predict before it reads the data (8 s of a panel of 3,457 series, then refused):
    # a file not there yet is not what it says
    done = runner.invoke(app, ["predict", str(tmp_path / "not_yet.csv"), "--model", trained[3],
                               "--horizon", "4"])
    assert done.exit_code == 2 and "--horizon must be between 1 and 3" in done.stderr


# ------------------------------------------------------------------------------- render


def test_render_csv_parses_to_the_forecast(trained):
    fc = forecast(load_forecaster(trained[3]))
    rows = list(csv.reader(io.StringIO(render(fc, "csv"))))
    assert rows[0] == ["Date", "forecast", "lo_80", "hi_80", "lo_95", "hi_95"]
    assert [r[0] for r in rows[1:]] == ["2001-03-13", "2001-03-14", "2001-03-15"]
    assert np.array([float(r[1]) for r in rows[1:]]).tobytes() == fc.values.tobytes()


def test_render_json_parses_with_the_documented_keys(trained):
    fc = forecast(load_forecaster(trained[3]), levels=[0])
    doc = json.loads(render(fc, "json"))
    assert doc == {
        "target": "Close",
        "time_col": "Date",
        "as_of": "2001-03-12",
        "forecasts": [{"Date": t, "forecast": float(v)} for t, v in
                      zip(["2001-03-13", "2001-03-14", "2001-03-15"], fc.values, strict=True)],
    }


def test_render_hourly_keeps_the_time_of_day():
    fc = Forecast("date", "OT", pd.date_range("2016-07-09 08:00", periods=2, freq="h"),
                  np.array([1.5, 2.25]), pd.Timestamp("2016-07-09 07:00"))
    assert render(fc, "csv") == "date,forecast\n2016-07-09 08:00:00,1.5\n2016-07-09 09:00:00,2.25\n"
    assert json.loads(render(fc, "json"))["as_of"] == "2016-07-09 07:00:00"


def test_render_writes_plain_digits_and_exactly_the_decimals_asked_for():
    """'4.03028e-05' and '4.0302799792839304e+16' were written as repr wrote them, which a
    spreadsheet in some locales reads as text; --decimals 12 wrote 4.03028e-05 too."""
    times = pd.date_range("2021-02-08", periods=2, freq="D")
    tiny = Forecast("Date", "Close", times, np.array([4.03028e-05, 0.5]),
                    pd.Timestamp("2021-02-07"))
    huge = Forecast("Date", "Close", times, np.array([4.0302799792839304e16, 1e17]),
                    pd.Timestamp("2021-02-07"))
    assert render(tiny, "csv").splitlines()[1:] == ["2021-02-08,0.0000403028", "2021-02-09,0.5"]
    assert render(tiny, "csv", decimals=12).splitlines()[1] == "2021-02-08,0.000040302800"
    assert render(huge, "csv").splitlines()[1:] == ["2021-02-08,40302799792839304.0",
                                                   "2021-02-09,100000000000000000.0"]
    assert render(huge, "csv", decimals=2).splitlines()[2] == "2021-02-09,100000000000000000.00"

def test_render_unknown_format_is_refused():
    fc = Forecast("Date", "Close", pd.DatetimeIndex(["2001-03-13"]), np.array([1.0]),
                  pd.Timestamp("2001-03-12"))
    with pytest.raises(InputError, match="--format must be one of csv, json, got 'xml'"):
        render(fc, "xml")


# ----------------------------------------------------------------------- through the CLI


def test_predict_twice_gives_the_same_bytes(trained, runner):
    first = runner.invoke(app, ["predict", "--model", trained[3]])
    second = runner.invoke(app, ["predict", "--model", trained[3]])
    assert first.exit_code == second.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stdout == render(forecast(load_forecaster(trained[3])), "csv")


def test_predict_as_of_starts_the_step_after(trained, runner):
    result = runner.invoke(app, ["predict", "--model", trained[3], "--as-of", "2001-02-23",
                                 "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["as_of"] == "2001-02-23"
    assert [f["Date"] for f in doc["forecasts"]] == ["2001-02-26", "2001-02-27", "2001-02-28"]


def test_as_of_a_time_of_day_on_daily_data_is_its_day(trained, runner):
    # Days stamped 16:00 in a file are read as their dates; so is an --as-of written so.
    result = runner.invoke(app, ["predict", "--model", trained[3], "--as-of",
                                 "2001-02-23 16:00", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["as_of"] == "2001-02-23"


def test_id_on_a_single_series_says_it_has_none(trained, runner):
    result = runner.invoke(app, ["predict", "--model", trained[3], "--id", "X"])
    assert result.exit_code == 2 and "holds one series, without ids" in result.stderr


def test_predict_as_of_does_not_claim_the_data_ends_there(trained, runner):
    result = runner.invoke(app, ["predict", "--model", trained[3], "--as-of", "2001-02-23"])
    assert result.exit_code == 0
    assert "the data ends at" not in result.stderr


def test_predict_horizon_beyond_the_model_exits_2(trained, runner):
    result = runner.invoke(app, ["predict", "--model", trained[3], "--horizon", "4"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("error: --horizon must be between 1 and 3 (the model forecasts 3 "
                             "steps at once), got 4\n")


@pytest.mark.parametrize("text, date_format, read", [
    ("2020-04-05", "%Y-%m-%d", pd.Timestamp("2020-04-05")),
    ("05/04/2020", "%d/%m/%Y", pd.Timestamp("2020-04-05")),  # the data's own format decides
    ("13/04/2020", None, pd.Timestamp("2020-04-13")),  # only one reading
    ("05/04/2020 10:00", "%d/%m/%Y", pd.Timestamp("2020-04-05 10:00")),  # a Date+Time model
    ("2021-06-01", "%Y-%m-%d %H:%M", pd.Timestamp("2021-06-01")),  # a date, times of day written
    ("04/05/2020", "%Y-%m-%d", None),  # April or May: refused, not read month-first
    ("4.5.2020", None, None),
    ("", "%Y-%m-%d", "not a timestamp"), ("NaT", None, "not a timestamp"),  # $DAY unset
    # the offset kept: ``as_of_stamp`` puts the instant on the data's clock
    ("2021-03-05T00:00:00Z", None, pd.Timestamp("2021-03-05", tz="UTC")),
    # a file of quarters: as it writes them or as outputs do, or a date
    ("Q3 2005", "quarters", pd.Timestamp("2005-07-01")), ("2005Q3", "quarters",
                                                           pd.Timestamp("2005-07-01")),
    ("2005-07-01", "quarters", pd.Timestamp("2005-07-01")),
    ("2020-W02", "iso weeks", pd.Timestamp("2020-01-06")),
    # epoch seconds or milliseconds, Excel's serial days: as the file writes them, or ISO
    ("1621123200", "unix", pd.Timestamp("2021-05-16")),
    ("1530032400000", "unix_ms", pd.Timestamp("2018-06-26 17:00")),
    ("2021-05-16", "unix", pd.Timestamp("2021-05-16")),
    ("33236", "excel", pd.Timestamp("1990-12-29")),
    ("1585872000000", "unix", "not a timestamp"),  # milliseconds to a model of seconds
    ("20200403", "unix", pd.Timestamp("2020-04-03")),  # a compact date, not 1970's seconds
    # a time shorter than the data's (Dukascopy's milliseconds)
    ("07.04.2023 20:00", "%d.%m.%Y %H:%M:%S.%f", pd.Timestamp("2023-04-07 20:00")),
    ("07.04.2023 20:00:01", "%d.%m.%Y %H:%M:%S.%f", pd.Timestamp("2023-04-07 20:00:01")),
])
def test_as_of_stamps_are_read_by_the_data_format_or_refused_when_ambiguous(text, date_format,
                                                                             read):
    if read is None or isinstance(read, str):
        with pytest.raises(InputError, match=read or "could be day-month or month-day"):
            read_stamp(text, date_format)
    else:
        assert read_stamp(text, date_format) == read


def test_a_count_with_zeros_is_never_forecast_below_zero(runner, in_tmp):
    """Units sold, mostly 0 or 1 (additive, not log): forecasts and interval bounds are never
    below 0, in predict and in the backtest's scored forecasts alike."""
    rng = np.random.default_rng(7)
    days = pd.date_range("2021-01-01", periods=150, freq="D")
    (in_tmp / "units.csv").write_text("date,units_sold\n" + "".join(
        f"{d:%Y-%m-%d},{n}\n" for d, n in zip(days, rng.poisson(0.4, len(days)), strict=True)))
    flags = ["--horizon", "7", "--hidden", "8", "--epochs", "3", "--quiet"]
    assert runner.invoke(app, ["train", "units.csv", *flags]).exit_code == 0
    result = runner.invoke(app, ["predict", "units.csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7 and all(float(v) >= 0 for r in rows for k, v in r.items()
                                  if k != "date")
    result = runner.invoke(app, ["backtest", "units.csv", *flags, "--folds", "2"])
    assert result.exit_code == 0, result.stderr
    scored = list(csv.DictReader(io.StringIO(result.stdout)))
    assert all(float(r[k]) >= 0 for r in scored for k in ("forecast", "lo_95", "lo_80"))


def test_fresh_data_is_read_on_the_models_calendar(runner, in_tmp):
    """A shop closed on Sundays: a fresh file with one Sunday opening drops it (a warning);
    a fresh file of three weeks is still six-day, too short for the window rather than read
    as days (of a model whose networks forecast: one that keeps none reads no window)."""
    rng = np.random.default_rng(1)
    days = [d for d in pd.date_range("2022-01-03", periods=250, freq="D") if d.day_of_week != 6]
    text = "date,sales\n" + "".join(f"{d:%Y-%m-%d},{50 + rng.integers(0, 9)}\n" for d in days)
    (in_tmp / "shop.csv").write_text(text)
    trained = runner.invoke(app, ["train", "shop.csv", "--horizon", "3", "--hidden", "8",
                                  "--epochs", "2", "--val-size", "0", "--quiet"])
    assert trained.exit_code == 0, trained.stderr
    sunday = text + "2022-09-11,70\n2022-09-12,55\n"
    (in_tmp / "sunday.csv").write_text(sunday)
    result = runner.invoke(app, ["predict", "sunday.csv"])
    assert result.exit_code == 0, result.stderr
    assert "dropped 1 row(s) off the six-day calendar (2022-09-11)" in result.stderr
    (in_tmp / "tail.csv").write_text("date,sales\n" + "".join(
        text.splitlines(keepends=True)[-18:]))
    result = runner.invoke(app, ["predict", "tail.csv"])
    assert result.exit_code == 2 and "18 rows up to the forecast origin" in result.stderr



def test_errors_at_filled_steps_stay_out_of_the_intervals_not_every_error_of_their_origin(
        tmp_path):
    """A count with a row only on days something happened, filled forward: nearly every
    origin's horizon meets a filled step, whose error is not measured. The model file keeps
    each origin's measured steps (before, only origins measured at every step: none here, and
    intervals without width)."""
    rng = np.random.default_rng(7)
    days = pd.date_range("2013-01-01", periods=360, freq="D")
    happened = rng.random(360) < 0.55
    counts = rng.poisson(6.0, 360) + 1
    pd.DataFrame({"date": days[happened].strftime("%Y-%m-%d"),
                  "delayed": counts[happened]}).to_csv(tmp_path / "delays.csv", index=False)
    series = load_series(tmp_path / "delays.csv")
    result = train_panel(series, Settings.build(hidden=8, epochs=2, patience=1, horizon=14,
                                                ensemble=1))
    assert not np.isfinite(result.calibration).all(axis=1).any()  # every origin meets a fill
    assert result.metrics["intervals"]["calibration_origins"] > 0  # counted as kept
    path = str(tmp_path / "delays.lstmcast")
    save_bundle(path, [result.model], result.manifest, result.calibration)
    bundle = load_bundle(path)
    measured = np.isfinite(result.calibration).any(axis=1)
    np.testing.assert_array_equal(bundle.calibration, result.calibration[measured])
    fc = forecast_bundle(bundle, path, str(tmp_path / "delays.csv"))
    assert (fc.upper > fc.lower).all() and not any("no width" in w for w in fc.warnings)


def test_a_file_cut_shorter_than_the_forecast_reads_says_so(runner, in_tmp, sample_dir):
    """A cron job that passes only its last rows: where the base and the intervals' scale read
    further back than the cut, the forecast differs from the whole history's, and is said with
    the rows it needs; given those rows, it is the whole history's forecast, unsaid."""
    lines = (sample_dir / "sunspots_monthly.csv").read_text().splitlines(keepends=True)
    assert runner.invoke(app, ["train", str(sample_dir / "sunspots_monthly.csv"), "--epochs",
                               "2", "--hidden", "8", "-q"]).exit_code == 0
    whole = runner.invoke(app, ["predict", str(sample_dir / "sunspots_monthly.csv")])
    (in_tmp / "cut.csv").write_text("".join(lines[:1] + lines[-60:]))
    cut = runner.invoke(app, ["predict", "cut.csv"])
    assert cut.exit_code == 0, cut.stderr
    said = re.search(r"the file starts after the training data did, .* they differ from the "
                     r"whole history's; give at least (\d+) rows up to the forecast origin",
                     cut.stderr)
    assert said and cut.stdout != whole.stdout
    (in_tmp / "enough.csv").write_text("".join(lines[:1] + lines[-int(said[1]):]))
    enough = runner.invoke(app, ["predict", "enough.csv"])
    assert enough.exit_code == 0 and "training data did" not in enough.stderr
    assert enough.stdout == whole.stdout  # the intervals too (one row fewer: they differ)
    (in_tmp / "short.csv").write_text("".join(lines[:1] + lines[-int(said[1]) + 1:]))
    assert runner.invoke(app, ["predict", "short.csv"]).stdout != whole.stdout


def test_a_rolling_window_as_long_as_training_s_is_no_cut_history(runner, in_tmp,
                                                                   sample_dir):
    """Google Trends' 'past 5 years': next week's download drops its oldest week. It was
    told on every run to give more rows (884) than the source ever had."""
    lines = (sample_dir / "sunspots_monthly.csv").read_text().splitlines(keepends=True)
    (in_tmp / "window.csv").write_text("".join(lines[:1] + lines[-101:-1]))  # 100 months
    assert runner.invoke(app, ["train", "window.csv", "--epochs", "2", "--hidden", "8",
                               "-q"]).exit_code == 0
    (in_tmp / "rolled.csv").write_text("".join(lines[:1] + lines[-100:]))  # one on, one off
    rolled = runner.invoke(app, ["predict", "rolled.csv"])
    assert rolled.exit_code == 0, rolled.stderr
    assert "training data did" not in rolled.stderr


@pytest.mark.parametrize("last_seen, origin, freq, stale", [
    ("2017-11-04 06:00", "2017-11-05 19:00", "h", False),  # 37 hours: no staleness
    ("2017-11-04 06:00", "2017-11-19 07:00", "h", True),  # two weeks and more
    ("2020-01-01", "2021-01-01", "MS", False),  # a year of a monthly model: 12 periods
    ("2020-01-01", "2021-02-01", "MS", True),  # 13 months (it said nothing for 30)
    ("2016-12-07", "2017-01-19", "B", False),  # 28 trading days, 31 weekdays
    ("2016-12-07", "2017-01-25", "B", True),
    ("1970-01-01 00:00:00.000000199", "1970-01-01 00:00:00.000000399", "ns", True),  # steps
])
def test_staleness_is_of_the_model_s_own_calendar_and_a_span_of_time(last_seen, origin, freq,
                                                                     stale):
    """'consider retraining' came 31 hours after an hourly model's training, 30 months after a
    monthly one's, and three trading days early over London's Christmas (its holidays counted
    as periods)."""
    from lstmcast.forecast import _staleness

    london = (("date", 12, 25, "monday"), ("date", 12, 26, "nearest"), ("date", 1, 1, "monday"))
    said = _staleness(pd.Timestamp(origin), pd.Timestamp(last_seen), freq, False, london)
    assert bool(said) == stale and all("consider retraining" in w for w in said)


def test_a_trading_sessions_holidays_are_no_periods_of_staleness():
    """Hong Kong's hourly bars over Christmas: 60 trading periods, not 72 (its two closed
    days' 12 bars counted)."""
    from lstmcast.forecast import _staleness

    christmas = (("date", 12, 25, "monday"), ("date", 12, 26, "nearest"))
    said = _staleness(pd.Timestamp("2025-01-07 15:00"), pd.Timestamp("2024-12-20 15:00"),
                      "h@09:30-11:30+13:00-15:00/B", False, christmas)
    assert said == ["the data runs 60 periods past what the model was trained on (up to "
                    "2024-12-20 15:00:00); consider retraining"]
    # months written '1982-03' are named so, not '1982-03-01' (a user round)
    said = _staleness(pd.Timestamp("1984-01-01"), pd.Timestamp("1982-03-01"), "MS", False, (),
                      "%Y-%m")
    assert said == ["the data runs 22 periods past what the model was trained on (up to "
                    "1982-03); consider retraining"]


def test_as_of_reads_the_calendar_of_the_rows_up_to_it_alone(runner, in_tmp):
    """--as-of forecasts as the file cut there does (a user round: the Friday closed for the
    Saturday Christmas of 2021, which the file shows only after the origin, was left out)."""
    days = pd.bdate_range("2015-01-01", "2022-03-31")
    christmas = [pd.Timestamp(f"{y}-12-25") for y in range(2015, 2022)]
    observed = [d - pd.Timedelta(days=1) if d.weekday() == 5 else
                d + pd.Timedelta(days=1) if d.weekday() == 6 else d for d in christmas]
    days = days.difference(pd.DatetimeIndex(observed))
    close = 100 + np.cumsum(np.random.default_rng(3).normal(0, 1, len(days)))
    rows = pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Close": close.round(2)})
    rows.to_csv("all.csv", index=False)
    rows[rows.Date <= "2017-06-30"].to_csv("train.csv", index=False)
    rows[rows.Date <= "2021-12-23"].to_csv("cut.csv", index=False)
    done = runner.invoke(app, ["train", "train.csv", "--horizon", "2", "--epochs", "1",
                               "--out", "m.lstmcast", "-q"])
    assert done.exit_code == 0, done.stderr
    as_of, cut = (runner.invoke(app, ["predict", *data, "--model", "m.lstmcast", "--level", "0",
                                      "-q"]) for data in (["all.csv", "--as-of", "2021-12-23"],
                                                          ["cut.csv"]))
    assert as_of.exit_code == cut.exit_code == 0, as_of.stderr + cut.stderr
    assert as_of.stdout == cut.stdout
    assert [r.split(",")[0] for r in cut.stdout.splitlines()[1:]] == ["2021-12-24", "2021-12-27"]


def test_as_of_knows_no_clock_change_the_rows_after_it_show(runner, in_tmp):
    """Berlin's wall-clock hours (no offsets) whose training rows hold no clock change: forecast
    --as-of the evening before the spring change as from the file cut there (the rows after
    it, which skip 02:00, taught the zone to --as-of alone; a user round). Trained across the
    autumn change, the model knows the zone, and leaves the spring's 02:00 out (it forecast
    that hour, which Berlin's clocks skip)."""
    real = pd.date_range("2016-09-01", "2017-03-31 23:00", freq="h", tz="Europe/Berlin")
    wall = real.tz_localize(None)  # 02:00 of 2016-10-30 twice, of 2017-03-26 never
    temp = 10 + 5 * np.sin(np.arange(len(real)) * 2 * np.pi / 24)
    temp += np.random.default_rng(4).normal(0, 0.3, len(real))
    rows = pd.DataFrame({"time": wall.strftime("%Y-%m-%d %H:%M:%S"), "temp": temp.round(3)})
    rows.to_csv("all.csv", index=False)
    rows[(rows.time >= "2016-11-01") & (rows.time < "2017-03-20")].to_csv("train.csv",
                                                                            index=False)
    rows[rows.time <= "2017-03-25 20:00:00"].to_csv("cut.csv", index=False)
    done = runner.invoke(app, ["train", "train.csv", "--horizon", "24", "--epochs", "1",
                               "--out", "m.lstmcast", "-q"])
    assert done.exit_code == 0, done.stderr
    as_of, cut = (runner.invoke(app, ["predict", *data, "--model", "m.lstmcast", "--level", "0",
                                      "-q"]) for data in
                  (["all.csv", "--as-of", "2017-03-25 20:00:00"], ["cut.csv"]))
    assert as_of.exit_code == cut.exit_code == 0, as_of.stderr + cut.stderr
    assert as_of.stdout == cut.stdout and len(cut.stdout.splitlines()) == 25
    rows[rows.time < "2017-03-20"].to_csv("autumn.csv", index=False)  # 2016-10-30 02:00 twice
    done = runner.invoke(app, ["train", "autumn.csv", "--horizon", "24", "--epochs", "1",
                               "--out", "a.lstmcast", "-q"])
    assert done.exit_code == 0, done.stderr
    known = runner.invoke(app, ["predict", "cut.csv", "--model", "a.lstmcast", "--level", "0"])
    assert known.exit_code == 0, known.stderr
    stamps = [r.split(",")[0] for r in known.stdout.splitlines()[1:]]
    assert len(stamps) == 23 and "2017-03-26 02:00:00" not in stamps
    assert "the clocks of Europe/Berlin skip 2017-03-26 02:00:00" in known.stderr
    for day in ("2017-03-25", "25.03.2017"):  # its midnight, its last hour? not a silent pick
        bare = runner.invoke(app, ["predict", "all.csv", "--model", "m.lstmcast", "--as-of",
                                   day])
        assert bare.exit_code == 2 and f"--as-of {day} names a day, not a row of hourly" in \
            bare.stderr, bare.stderr
