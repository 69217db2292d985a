"""The training pipeline as a library: no look-ahead into the test period, bit-for-bit
reproducibility, metrics on exactly the test points, clear refusals of short series."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import load_series, state_of, train_series, with_values

from lstmcast.config import DataSpec, Settings
from lstmcast.errors import InputError
from lstmcast.jobs import train_file
from lstmcast.persist import load_model

DATA = Path(__file__).resolve().parent / "data"
BTC = DATA / "btc_head200.csv"
BTC_CLOSE, BTC_HIGH = "Closing Price (USD)", "24h High (USD)"
TINY = dict(hidden=8, epochs=3, patience=2)


def btc_series(features=()):
    return load_series(BTC, features=features)


def train(series, spec=None, **settings):
    model, manifest, metrics, _ = train_series(series, spec, **{**TINY, **settings})
    return model, manifest, metrics


# ----------------------------------------------------------------------------- leakage


def test_test_period_values_do_not_leak_into_states_windows_or_weights():
    spec = DataSpec(features=(BTC_HIGH,))
    series = btc_series(features=(BTC_HIGH,))
    settings = dict(refit=False, test_size=20, val_size=20, lookback=10, horizon=2)
    changed = series.values.copy()
    changed[-20:, :] *= 3.0  # target and feature, every row of the test period
    changed[-7, 0] = 1e-3  # and a crash: any look-ahead would move the states or weights
    other = with_values(series, changed)

    model_a, manifest_a, metrics_a = train(series, spec, **settings)
    model_b, manifest_b, metrics_b = train(other, spec, **settings)

    assert state_of(manifest_b) == state_of(manifest_a)
    assert model_b.theta.tobytes() == model_a.theta.tobytes()
    assert manifest_b["training"] == manifest_a["training"]
    # ...while the test scores do see the change (so the series really differed).
    assert metrics_b["methods"]["naive"] != metrics_a["methods"]["naive"]


def test_series_base_is_chosen_before_the_test_period():
    series = btc_series()
    settings = dict(refit=False, test_size=20, val_size=20, lookback=14, season=7)
    changed = series.values.copy()
    changed[-20:, 0] = 1000 + 500 * np.sin(np.arange(20) * 2 * np.pi / 7)  # weekly cycles
    _, manifest_a, _ = train(series, **settings)
    _, manifest_b, _ = train(with_values(series, changed), **settings)
    assert state_of(manifest_a) == state_of(manifest_b)
    assert state_of(manifest_a)["mode"] == "log"  # bitcoin is positive
    assert state_of(manifest_a)["base"] == "last"  # a random walk: naive beats seasonal naive


def test_a_series_touching_zero_anywhere_is_modelled_additively():
    # Log ratios need every level > 0, in training and in every later window.
    series = btc_series()
    changed = series.values.copy()
    changed[-5, 0] = 0.0
    _, manifest, _ = train(with_values(series, changed), refit=False, lookback=10)
    assert state_of(manifest)["mode"] == "additive"


# ----------------------------------------------------------------------- reproducibility


def test_same_data_config_and_seed_give_identical_weights_and_manifest():
    series = btc_series()
    model_a, manifest_a, _ = train(series, seed=3)  # with the refit on all rows
    model_b, manifest_b, _ = train(series, seed=3)
    assert model_a.theta.tobytes() == model_b.theta.tobytes()
    assert manifest_a == manifest_b
    model_c, _, _ = train(series, seed=4)
    assert model_c.theta.tobytes() != model_a.theta.tobytes()


# ------------------------------------------------------------------------------ metrics


def test_metrics_score_baselines_on_exactly_the_test_points():
    K, test, val = 2, 20, 20
    _, manifest, metrics = train(btc_series(), refit=False, horizon=K, test_size=test,
                                 val_size=val, lookback=10, season=1)
    levels = pd.read_csv(BTC)[BTC_CLOSE].to_numpy()  # the raw column; btc has no gaps
    n = len(levels)
    assert n == 200
    # Rolling origins: every row whose next K rows all lie in the test period [n - test, n).
    origins = np.arange(n - test - 1, n - K)
    steps = np.arange(1, K + 1)
    actual = levels[origins[:, None] + steps]
    naive = np.repeat(levels[origins][:, None], K, axis=1)
    drift = levels[origins][:, None] + steps * ((levels[origins] - levels[0]) / origins)[:, None]

    assert len(origins) == test - K + 1 == 19
    assert metrics["points"] == len(origins) * K == 38
    period = metrics["test_period"]
    assert (period["origins"], period["horizon"]) == (len(origins), K)
    assert period["first_origin"] == "2014-03-29"  # row 179 = 2013-10-01 + 179 days
    assert period["last_origin"] == "2014-04-16"  # row 197: its 2 steps are the last rows

    assert set(metrics["methods"]) == {"model", "naive", "drift", "naive2"}  # season 1
    for method in metrics["methods"].values():
        assert [s["step"] for s in method["per_step"]] == [1, 2]
    naive_m = metrics["methods"]["naive"]
    assert naive_m["overall"]["mae"] == pytest.approx(np.abs(actual - naive).mean(), rel=1e-12)
    assert naive_m["overall"]["rmse"] == pytest.approx(
        np.sqrt(((actual - naive) ** 2).mean()), rel=1e-12)
    for k in range(K):
        assert naive_m["per_step"][k]["mae"] == pytest.approx(
            np.abs(actual[:, k] - naive[:, k]).mean(), rel=1e-12)
    assert metrics["methods"]["drift"]["overall"]["mae"] == pytest.approx(
        np.abs(actual - drift).mean(), rel=1e-12)
    model_mae = metrics["methods"]["model"]["overall"]["mae"]
    assert metrics["skill"]["model"] == pytest.approx(
        1 - model_mae / naive_m["overall"]["mae"], rel=1e-12)
    # Beating naive takes more than a positive skill: the DM test's verdict on the origins.
    assert metrics["verdict"]["naive"]["origins"] == len(origins)
    assert metrics["beats_naive"] is (metrics["verdict"]["naive"]["verdict"] == "better")
    assert not metrics["beats_naive"] or metrics["skill"]["model"] > 0
    assert metrics["test_period"]["few_origins"] is True  # 19 origins
    assert manifest["metrics"]["methods"] == metrics["methods"]


def test_season_adds_the_seasonal_naive_baseline():
    K, m = 3, 7
    _, _, metrics = train(btc_series(), refit=False, horizon=K, season=m, test_size=20,
                          val_size=20, lookback=10)
    levels = pd.read_csv(BTC)[BTC_CLOSE].to_numpy()
    origins = np.arange(200 - 20 - 1, 200 - K)
    steps = np.arange(1, K + 1)
    actual = levels[origins[:, None] + steps]
    seasonal = levels[origins[:, None] + steps - m]  # K <= m: one season back
    assert set(metrics["methods"]) == {"model", "naive", "seasonal_naive", "drift", "naive2"}
    assert len(metrics["methods"]["seasonal_naive"]["per_step"]) == K
    assert metrics["methods"]["seasonal_naive"]["overall"]["mae"] == pytest.approx(
        np.abs(actual - seasonal).mean(), rel=1e-12)


# ------------------------------------------------------------------------ short series


def test_series_one_row_too_short_is_refused_with_the_number_needed():
    # lookback 4, horizon 1, 2 val + 2 test rows: 4 + 1 + 7 more windows (8 training
    # windows) + 2 + 2 = 16 rows.
    series = btc_series()
    settings = dict(lookback=4, test_size=2, val_size=2, refit=False)

    def head(n):
        return series.head(n)

    _, manifest, _ = train(head(16), **settings)
    assert manifest["data"]["rows"] == 16
    with pytest.raises(InputError) as err:
        train(head(15), **settings)
    message = str(err.value)
    assert "series too short: 15 rows" in message
    assert int(re.search(r"needs at least (\d+)", message).group(1)) == 16


def test_eight_row_file_is_forecast_by_its_base_alone():
    # Four training windows of eight rows are too few to learn from: no network is trained.
    series = load_series(DATA / "sp500_head8.csv")
    _, manifest, _, _ = train_series(series, **TINY)
    training = manifest["training"]
    assert training["base_alone"] and training["members"] == 1
    assert training["epochs_run"] == [0] and training["windows"] == 4


def test_no_validation_period_trains_the_epochs_asked_for():
    _, manifest, metrics = train(btc_series().head(300), val_size=0, epochs=2)
    assert manifest["settings"]["eval"]["val_size"] == 0
    assert manifest["training"]["epochs_run"] == manifest["training"]["best_epoch"] == [2] * 3
    # said apart from base_alone (too few rows to train): the networks forecast
    assert manifest["training"]["networks_kept"] and not manifest["training"]["base_alone"]
    assert metrics["intervals"]["calibration_origins"] == 0  # the test period calibrates alone


# --------------------------------------------------------------------- a short monthly file


def test_150_month_series_trains_with_default_settings(tmp_path):
    lines = (DATA / "sunspots_tail240.csv").read_bytes().split(b"\r\n")
    path = tmp_path / "sunspots150.csv"
    path.write_bytes(b"\r\n".join(lines[:151]))  # header + 150 months, 1964-01 .. 1976-06
    out, metrics_out = tmp_path / "m.lstmcast", tmp_path / "m.metrics.json"
    result = train_file(str(path), Settings.build(hidden=8, epochs=3, out=str(out),
                                                  metrics_out=str(metrics_out)))
    data, settings = result.manifest["data"], result.manifest["settings"]
    assert (data["rows"], data["freq"], data["last_timestamp"]) == (150, "MS", "1976-06-01")
    # Monthly default: three years of lookback, season 12; 10% test and validation.
    assert (settings["model"]["lookback"], settings["eval"]["season"],
            settings["eval"]["test_size"], settings["eval"]["val_size"]) == (36, 12, 15, 15)
    assert result.manifest["training"]["refit_on_all_data"] is True
    assert result.metrics["test_period"]["origins"] == 15
    _, saved = load_model(out)
    assert saved == result.manifest
    written = json.loads(metrics_out.read_text())
    assert written.pop("execution") == {"engine": "local", "scheduler": None, "workers": []}
    assert written == json.loads(json.dumps(result.manifest["metrics"]))


def test_a_noisy_season_of_one_series_is_based_on_the_mean_of_its_seasons(tmp_path):
    """A monthly cycle under heavy noise: the mean of the last seasons forecast the
    training rows better than seasonal naive, so a single series' network learns on it. With a
    learning rate too small to move the weights, the test period's forecasts are that base's,
    on the same points, and beat seasonal naive."""
    from lstmcast.bases import BASES, base_forecasts

    rng = np.random.default_rng(3)
    months = np.arange(240)
    values = 50 + 10 * np.sin(months * 2 * np.pi / 12) + rng.normal(0, 4, len(months))
    path = tmp_path / "monthly.csv"
    pd.DataFrame({"month": pd.date_range("2000-01-01", periods=240, freq="MS").strftime("%Y-%m"),
                  "value": values.round(3)}).to_csv(path, index=False)
    series = load_series(path)
    _, manifest, metrics = train(series, lr=1e-9, refit=False, test_size=24, val_size=24,
                                 lookback=36, horizon=6, season=12)
    assert state_of(manifest)["base"] == "seasonal_mean"
    y = series.target
    origins = np.arange(240 - 24 - 1, 240 - 6)  # the origins whose horizon is in the test rows
    every = np.ones(len(origins), bool)
    base = base_forecasts(y, origins, 0 * origins, BASES.index("seasonal_mean") * every, every,
                          12, 6)
    actual = np.stack([y[o + 1 : o + 7] for o in origins])
    mae = {name: m["overall"]["mae"] for name, m in metrics["methods"].items()}
    assert mae["model"] == pytest.approx(np.abs(base - actual).mean(), rel=1e-5)
    assert mae["model"] < mae["seasonal_naive"]


def test_a_short_series_shows_its_season_with_its_validation_rows(tmp_path):
    """96 hours of a daily cycle, horizon 24: the training rows hold two days, too few to
    compare seasonal naive with the last value; with the validation day the season shows."""
    hours = np.arange(96)
    values = 100 + 30 * np.sin(hours * 2 * np.pi / 24) + np.random.default_rng(6).normal(0, 3, 96)
    path = tmp_path / "hourly.csv"
    pd.DataFrame({"time": pd.date_range("2024-01-01", periods=96, freq="h"),
                  "value": values.round(3)}).to_csv(path, index=False)
    _, manifest, metrics = train(load_series(path), horizon=24, refit=False, ensemble=1)
    assert manifest["settings"]["eval"]["val_size"] == 24
    assert state_of(manifest)["base"] == "seasonal_mean"
    mae = {name: m["overall"]["mae"] for name, m in metrics["methods"].items()}
    assert mae["model"] < 0.5 * mae["naive"]


def test_an_item_sold_on_one_day_in_ten_is_forecast_by_the_median_of_its_days(tmp_path, runner):
    """Daily sales of a slow item (0 on nine days in ten, 1 to 5 units on the tenth) and no
    network learns: the last value and seasonal naive repeat the odd sale; the base kept is
    the median of each weekday's rows, 0, and predict forecasts it from the model file."""
    from lstmcast.cli import app

    rng = np.random.default_rng(7)
    days = pd.date_range("2023-01-02", periods=400, freq="D")
    units = rng.poisson(0.1, 400) * rng.integers(1, 6, 400)
    units[-3] = 4  # a sale just before the end: what the last value and a week back repeat
    path = tmp_path / "item.csv"
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "units": units}).to_csv(path, index=False)
    model = tmp_path / "m.lstmcast"
    done = runner.invoke(app, ["train", str(path), "--horizon", "7", "--out", str(model),
                               "--hidden", "8", "--epochs", "2", "--lr", "1e-9"])
    assert done.exit_code == 0, done.stderr
    assert "median of each phase" in done.stderr
    _, manifest = load_model(model)
    assert manifest["series"][0]["base"] == "median"
    out = runner.invoke(app, ["predict", str(path), "--model", str(model)])
    assert out.exit_code == 0, out.stderr
    forecast = pd.read_csv(io.StringIO(out.stdout))
    assert len(forecast) == 7 and (forecast["forecast"] == 0).all()
    assert (forecast["lo_95"] <= 0).all() and (forecast["hi_95"] > 0).all()


def test_an_hourly_timetable_is_based_on_the_weeks_and_predicted_on_them(tmp_path, runner):
    """Departures per hour, fewer at weekends, and no network learns (a learning rate too
    small to move the weights): the base forecasting alone is a week back (or the mean of the
    weeks), the model file keeps it, and predict reads a week of rows for it: its first
    forecast day, a Saturday, keeps the weekend's level."""
    from lstmcast.cli import app

    hours = pd.date_range("2024-01-01", periods=24 * 7 * 10, freq="h")  # from a Monday
    day = np.maximum(0.0, 10 * np.sin((hours.hour.to_numpy() - 6) * np.pi / 16))
    weekend = hours.day_of_week.to_numpy() >= 5
    values = np.where(weekend, 0.3 * day, day) + np.random.default_rng(3).normal(0, 0.3, len(day))
    path = tmp_path / "departures.csv"
    end = len(hours) - 2 * 24  # the data ends on a Friday night
    pd.DataFrame({"time": hours.strftime("%Y-%m-%d %H:%M")[:end],
                  "value": values[:end].round(2)}).to_csv(path, index=False)
    model = tmp_path / "m.lstmcast"
    done = runner.invoke(app, ["train", str(path), "--horizon", "24", "--out", str(model),
                               "--hidden", "8", "--epochs", "2", "--lr", "1e-9"])
    assert done.exit_code == 0, done.stderr
    assert "a week back" in done.stderr or "weeks (season 168" in done.stderr
    _, manifest = load_model(model)
    assert manifest["series"][0]["base"].startswith("weekly")
    out = runner.invoke(app, ["predict", str(path), "--model", str(model), "--level", "0"])
    assert out.exit_code == 0, out.stderr
    forecast = pd.read_csv(io.StringIO(out.stdout))
    assert forecast["time"].iloc[0] == "2024-03-09 00:00"  # Saturday, as the data writes it
    noon = forecast["forecast"].iloc[12]
    assert abs(noon - 0.3 * 10 * np.sin(6 * np.pi / 16)) < 1.0  # a weekend noon, not a weekday's


def test_a_base_chosen_on_every_row_is_saved_only_where_it_forecast_the_test_period_no_worse():
    """Where no network learned, the base is chosen again on every row for the saved model;
    a series keeps the base its test period scored where the new one forecast that period
    worse (San Diego's daily temperatures: the last value was saved over the tested mean of
    the weeks, 1.00 of naive's MAE ahead against 0.78), each series by its own errors."""
    from lstmcast.engine import LSTMForecaster
    from lstmcast.evaluate import no_worse_on_test
    from lstmcast.panel import Panel
    from lstmcast.preprocess import Recipe, SeriesState
    from lstmcast.windows import panel_origins

    months = pd.date_range("2010-01-01", periods=60, freq="MS")
    cycle = 10 * np.sin(2 * np.pi * np.arange(60) / 12)
    ended = 100 + np.where(np.arange(60) < 48, cycle, 0.0)  # its season gone in the last year
    kept = 100 + cycle  # its season goes on
    panel = Panel.concat([("ended", months, ended, np.empty((60, 0))),
                          ("kept", months, kept, np.empty((60, 0)))], freq="MS",
                         freq_label="monthly", time_col="t", target_col="y", feature_cols=(),
                         date_format=None, path="p.csv", fingerprint=None)
    recipe = Recipe(12, 6, 12, 1)
    base_only = LSTMForecaster(1, 4, 1, 6, seed=0, zero_head=True)
    test = panel_origins(panel.indptr, 12, 6, np.array([48, 48]), np.array([60, 60]))
    last, seasonal = SeriesState("additive", "last"), SeriesState("additive", "seasonal")
    chosen = no_worse_on_test([base_only], panel, [seasonal, seasonal], [last, last], test,
                              recipe)
    assert chosen == [last, seasonal]
    assert no_worse_on_test([base_only], panel, [seasonal] * 2, [last] * 2,
                            np.empty(0, dtype=np.int64), recipe) == [seasonal] * 2


def test_seasonal_naive_is_saved_where_the_test_period_found_the_base_clearly_worse():
    """Bases alone (the last value chosen in-sample over a regime the series has left; the
    seasons along their trend; a panel's blends) are saved as seasonal naive where the test
    period found them worse than seasonal naive on enough origins; not on a shaky verdict, nor
    where there is no season."""
    from lstmcast.evaluate import seasonal_if_better
    from lstmcast.preprocess import SeriesState

    last = SeriesState("log", "last")
    worse = {"verdict": {"seasonal_naive": {"verdict": "worse", "origins": 75}}}
    saved = seasonal_if_better([last], worse, 24)
    assert [s.base for s in saved] == ["seasonal"] and "season 24" in saved[0].reason
    assert saved[0].mode == "log"
    shaky = {"verdict": {"seasonal_naive": {"verdict": "worse", "origins": 12}}}
    even = {"verdict": {"seasonal_naive": {"verdict": "no clear difference", "origins": 75}}}
    for states, metrics, season in (([last], shaky, 24), ([last], even, 24), ([last], {}, 24),
                                    ([last], worse, 1)):
        assert seasonal_if_better(states, metrics, season) == states
    trend, blend = SeriesState("log", "seasonal_trend"), SeriesState("additive", "seasonal_blend")
    assert seasonal_if_better([trend], worse, 12)[0].base == "seasonal"  # a single series'
    # a panel's verdict across series, then each series' own test errors: a random walk
    # beside seasonal series keeps its last value (a review: seasonal naive erred 2.3 x)
    seasonal = SeriesState("log", "seasonal", reason="kept")
    ids = ["trend", "blend", "seasonal", "walk"]
    panel = {**worse, "series": {"trend": {"mae": 3.0, "seasonal_naive_mae": 2.0},
                                 "blend": {"mae": 3.0, "seasonal_naive_mae": 1.0},
                                 "seasonal": {"mae": 1.0, "seasonal_naive_mae": 1.0},
                                 "walk": {"mae": 1.4, "seasonal_naive_mae": 3.7}}}
    saved = seasonal_if_better([trend, blend, seasonal, last], panel, 12, ids)
    assert [(s.base, s.mode) for s in saved] == [("seasonal", "log"), ("seasonal", "additive"),
                                                 ("seasonal", "log"), ("last", "log")]
    assert saved[2] is seasonal and saved[3] is last  # (as they were)
    assert seasonal_if_better([trend, last], worse, 12, ids[:2]) == [trend, last]  # unscored


def test_a_series_whose_swings_gave_way_to_a_daily_cycle_is_saved_on_seasonal_naive(tmp_path):
    """An hourly flow that wandered in large steps for weeks, then followed its day: in-sample
    over every row the last value wins, the test period finds it clearly worse than seasonal
    naive, and seasonal naive is what is saved (the last value was, and said so), and what the
    figures describe."""
    rng = np.random.default_rng(4)
    hours = pd.date_range("2022-03-01", periods=1300, freq="h")
    wander = 100 + np.cumsum(rng.normal(0, 3.0, 900))
    day = wander[-1] + 2 * np.sin(2 * np.pi * np.arange(400) / 24) + rng.normal(0, 0.1, 400)
    path = tmp_path / "flow.csv"
    pd.DataFrame({"time": hours, "flow": np.r_[wander, day]}).to_csv(path, index=False)
    result = train_file(path, Settings.build(horizon=24, epochs=2, lr=1e-9, seed=0,
                                              out=str(tmp_path / "flow.lstmcast")))
    assert result.manifest["series"][0]["base"] == "seasonal"
    assert any(n.startswith("saved base: transform: log ratios to seasonal naive (season 24), "
                            "which the test period found clearly better than the bases it tested")
               for n in result.notes)
    # The figures are the saved model's (seasonal naive's), not the last value's it replaced:
    # they had said "does not beat naive" of a model that does, and predict warned so each run.
    mae = {k: v["overall"]["mae"] for k, v in result.metrics["methods"].items()}
    assert mae["model"] == mae["seasonal_naive"] < mae["naive"]
    assert result.metrics["beats_naive"] and result.manifest["metrics"]["beats_naive"]
    assert result.metrics["verdict"]["seasonal_naive"]["verdict"] == "no clear difference"


def test_a_car_park_open_every_day_is_based_on_its_week(tmp_path):
    """Half-hours from 08:00 to 16:30 every day, full on weekdays and quiet at weekends (unseen
    set 14's car park): the session's week is a cycle of its own, as an hourly series' is. On
    the daily base a Saturday's origin had carried the weekend into Monday (0.84 of naive's
    MAE; 0.22 on the week's)."""
    rng = np.random.default_rng(5)
    days = pd.date_range("2016-10-03", periods=70, freq="D")
    stamps = (days.values[:, None] + pd.to_timedelta(np.arange(18) * 30 + 480, unit="min")
              .values).ravel()
    hour = np.tile(np.arange(18), len(days))
    weekday = np.repeat(days.day_of_week < 5, 18)
    shape = 1 + np.sin(np.pi * hour / 17)
    occupancy = np.where(weekday, 300, 80) * shape * np.exp(rng.normal(0, 0.05, len(hour)))
    path = tmp_path / "park.csv"
    pd.DataFrame({"time": stamps, "occupancy": occupancy.round(1)}).to_csv(path, index=False)
    result = train_file(path, Settings.build(horizon=48, epochs=2, lr=1e-9, seed=0,
                                              out=str(tmp_path / "park.lstmcast")))
    assert result.manifest["data"]["freq"] == "30min@08:00-16:30/D"
    assert result.manifest["series"][0]["base"].startswith("weekly")


def test_a_panel_read_by_the_library_is_recorded_as_it_was_read(tmp_path):
    """``train_panel(load_panel(path, spec), settings)``, as the docstrings show: the model
    recorded the settings' reading (forward fill, every series), not the spec's (zeros for
    gaps, 'B' alone), and predict read fresh rows otherwise (forecasts of 23.5 for 17.1, in
    silence); a backtest let through a panel read with interpolation, which sees the future.
    The library's train_file writes its metrics beside the model, as the CLI does."""
    from lstmcast.backtest import backtest_panel
    from lstmcast.data import load_panel
    from lstmcast.train import train_panel

    days = pd.date_range("2023-01-01", periods=120, freq="D")
    rng = np.random.default_rng(2)
    frame = pd.concat([pd.DataFrame({"date": days, "sym": s, "units": rng.poisson(9, 120)})
                       for s in ("A", "B")])
    frame = frame.drop(frame.index[5:7])  # a gap in each
    path = tmp_path / "units.csv"
    frame.to_csv(path, index=False)
    settings = Settings.build(horizon=2, hidden=4, epochs=1)
    result = train_panel(load_panel(path, DataSpec(fill="zero", ids=("B",))), settings)
    data = result.manifest["data"]
    assert (data["fill"], data["ids"]) == ("zero", ["B"])
    with pytest.raises(InputError, match="interpolate"):
        backtest_panel(load_panel(path, DataSpec(fill="interpolate")), settings, 2, None, ())
    done = train_file(str(path), settings.replace(out=str(tmp_path / "u.lstmcast")))
    assert json.loads((tmp_path / "u.metrics.json").read_text())["points"] > 0
    assert done.manifest["data"]["fill"] == "ffill"



def test_long_work_with_nothing_else_to_say_is_said_as_it_starts(tmp_path, monkeypatch):
    """A 41 MB file read for 40 s, then a minute between the fit and the scores on 20,000
    series, said nothing to a cron job's log (a user round): each is said as it starts, from
    a file of SAID_SIZE bytes and a panel of SAID_SERIES series (here lowered to this one's)."""
    import lstmcast.jobs as jobs
    import lstmcast.train as train

    path = tmp_path / "p.csv"
    days = pd.date_range("2021-01-01", periods=60)
    pd.concat([pd.DataFrame({"id": sid, "date": days.strftime("%Y-%m-%d"),
                             "v": 10.0 + np.arange(60) % 7 + k}) for k, sid in enumerate("AB")]
              ).to_csv(path, index=False)
    monkeypatch.setattr(jobs, "SAID_SIZE", path.stat().st_size)
    monkeypatch.setattr(train, "SAID_SERIES", 2)
    said = []
    train_file(path, Settings.build(horizon=3, hidden=4, epochs=1, out=str(tmp_path / "m"),
                                    ensemble=1), on_note=said.append)
    assert said[0] == f"reading {path} (0 MB)"
    weighing = said.index("weighing the networks against each series' base alone (2 series)")
    assert weighing > said.index(next(s for s in said if s.startswith("windows:")))
