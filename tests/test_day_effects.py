"""Days of the year a daily series keeps apart from its week: learned from its past years,
taken out of its rows, put back into its forecasts."""

from __future__ import annotations

import datetime as dt
import io
import json

import numpy as np
import pandas as pd
import pytest
from dateutil.easter import easter

from lstmcast.day_effects import (
    code_of,
    codes_of,
    describe,
    effects_at,
    key_of,
    learn,
    valid,
)

CHRISTMAS, THANKSGIVING, JULY_4 = ("date", 12, 25), ("weekday", 11, 3, 4), ("date", 7, 4)


def slow_keys(day: pd.Timestamp) -> set:
    """The keys of one day, written out."""
    keys = {("date", day.month, day.day),
            ("weekday", day.month, day.day_of_week, (day.day - 1) // 7 + 1)}
    if (day + dt.timedelta(days=7)).month != day.month:
        keys.add(("weekday", day.month, day.day_of_week, -1))
    after = (day.date() - easter(day.year)).days
    if -3 <= after <= 60:
        keys.add(("easter", after))
    return keys


def test_each_day_s_keys_are_its_slow_twin_s_and_round_trip():
    days = pd.date_range("2015-12-20", "2017-06-30", freq="D")
    codes = codes_of(days)
    for day, row in zip(days, codes, strict=True):
        assert {key_of(int(c)) for c in row if c >= 0} == slow_keys(day)
    for key in (CHRISTMAS, THANKSGIVING, ("weekday", 5, 0, -1), ("easter", -3), ("easter", 60)):
        assert key_of(code_of(key)) == key


def daily(years=4, effects=None, noise=0.03, seed=0, end="2019-12-10"):
    """A daily series with a weekly shape, a slow trend, noise and the day ``effects``."""
    days = pd.date_range(end=end, periods=365 * years, freq="D")
    rng = np.random.default_rng(seed)
    z = (np.log(1000) + 0.15 * (days.day_of_week >= 5) * -1 + np.arange(len(days)) * 1e-4
         + rng.normal(0, noise, len(days)))
    z += effects_at(days, tuple((effects or {}).items()))
    return days, np.exp(z)


def test_christmas_thanksgiving_and_july_4_are_learned_and_nothing_else():
    truth = {CHRISTMAS: np.log(0.6), THANKSGIVING: np.log(0.7), JULY_4: np.log(0.8)}
    days, values = daily(effects=truth)
    found = dict(learn(days, values))
    assert set(found) == set(truth)
    for key, value in truth.items():
        assert abs(found[key] - value) < 0.03, (key, found[key])
    assert describe(CHRISTMAS, found[CHRISTMAS]).startswith("25 December -4")
    assert describe(THANKSGIVING, np.log(0.7)) == "the fourth Thursday of November -30 %"


def test_christmas_and_new_year_a_week_apart_are_each_learned_whole():
    """Each is a neighbour of the other: the days found are left out of the neighbours on the
    second pass (subtracted, they made Christmas -35 % and New Year's Day -23 %)."""
    truth = {CHRISTMAS: np.log(0.6), ("date", 1, 1): np.log(0.7)}
    found = dict(learn(*daily(effects=truth, noise=0.01)))
    assert set(found) == set(truth)
    for key, value in truth.items():
        assert abs(found[key] - value) < 0.015, (key, found[key])


@pytest.mark.parametrize("seed", range(5))
def test_noise_has_no_day_apart_from_its_week(seed):
    days, values = daily(seed=seed)
    assert learn(days, values) == ()
    rng = np.random.default_rng(seed)  # nor do heavy tails, mostly (Student-t, 3 degrees)
    heavy = np.exp(np.log(values) + 0.03 * rng.standard_t(3, len(values)))
    assert len(learn(days, heavy)) <= 1


def weather(years=4, seed=0, spell=None):
    """A daily temperature (kelvin): a year's cycle, noise that lasts for days (AR(1)), no
    week; ``spell``: degrees colder over 17-25 December of each year."""
    days = pd.date_range(end="2019-12-31", periods=365 * years, freq="D")
    rng = np.random.default_rng(seed)
    noise = np.zeros(len(days))
    for t in range(1, len(days)):
        noise[t] = 0.8 * noise[t - 1] + rng.normal(0, 1.5)
    kelvin = 288 - 10 * np.cos(2 * np.pi * (days.day_of_year - 15) / 365.25) + noise
    if spell:
        kelvin -= spell * ((days.month == 12) & (days.day >= 17) & (days.day <= 25))
    return days, kelvin


def test_a_spell_of_weather_about_the_same_dates_each_year_is_no_day_apart():
    """Delhi's Decembers cold over 17-25 December in two years: weather keeps no week, so no
    days apart from it (before, '22 December -25 %', 1.44 of naive's MAE held out); the same
    series kept by people (a weekly shape) learns its Christmas."""
    from lstmcast.day_effects import weekly_rhythm

    days, kelvin = weather(spell=12)
    assert not weekly_rhythm(days, np.log(kelvin))
    assert learn(days, kelvin) == ()
    kept = np.exp(np.log(kelvin) - 0.05 * (days.day_of_week >= 5)
                  + effects_at(days, ((CHRISTMAS, np.log(0.6)),)))
    assert weekly_rhythm(days, np.log(kept))
    assert CHRISTMAS in dict(learn(days, kept))
    for seed in range(5):  # noise with a week
        days, values = daily(seed=seed)
        assert weekly_rhythm(days, np.log(values))
    # weather's noise lasts for days, which the test takes for independent: 1 in 20 passes
    assert sum(weekly_rhythm(days, np.log(kelvin)) for days, kelvin in
               (weather(seed=seed) for seed in range(20))) <= 2


def test_too_short_or_not_positive_learns_nothing():
    days, values = daily(years=1, effects={CHRISTMAS: -0.5})
    assert learn(days[:399], values[:399]) == ()
    days, values = daily(effects={CHRISTMAS: -0.5})
    values[10] = 0.0
    assert learn(days, values) == ()


def test_the_largest_effect_of_a_day_s_keys_is_its_own():
    days = pd.DatetimeIndex(["2019-11-28", "2019-12-25", "2019-12-26"])  # a Thursday each
    effects = ((THANKSGIVING, -0.3), (CHRISTMAS, -0.5), (("weekday", 12, 2, 4), 0.1))
    np.testing.assert_allclose(effects_at(days, effects), [-0.3, -0.5, 0.0])


def test_effects_read_from_a_model_file_are_checked():
    effects = ((CHRISTMAS, -0.5), (("easter", 1), 0.2))
    stored = json.loads(json.dumps([[list(k), v] for k, v in effects]))
    assert valid(tuple((tuple(k), v) for k, v in stored))
    assert not valid(((("date", 12), -0.5),))
    assert not valid(((("noon", 12, 25), -0.5),))
    assert not valid((((("date", 12, 25)), "-0.5"),))
    for key in (("weekday", 50, 0, 1), ("easter", 200), ("date", 13, 1), ("weekday", 1, 7, 1),
                ("weekday", 1, 0, 0)):  # no day falls on these
        assert not valid(((key, -0.5),)), key
    assert not valid(((CHRISTMAS, float("nan")),))


def test_a_daily_series_forecasts_christmas_below_its_week(runner, in_tmp):
    """Four years of days with Christmas 40 % down: training says so, the model file keeps it,
    and the forecast from 15 December puts the 25th that far below the Wednesday before it."""
    from lstmcast.cli import app

    days, values = daily(effects={CHRISTMAS: np.log(0.6)}, noise=0.01, end="2019-12-15")
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "visits": values.round(2)}).to_csv(
        "visits.csv", index=False)
    trained = runner.invoke(app, ["train", "visits.csv", "--horizon", "14", "--epochs", "2",
                                  "--hidden", "4", "--ensemble", "1"])
    assert trained.exit_code == 0, trained.stderr
    assert "1 day(s) of the year apart from their week: 25 December -4" in trained.stderr
    info = json.loads(runner.invoke(app, ["info", "--json"]).stdout)
    assert [k for k, _ in info["series"][0]["day_effects"]] == [list(CHRISTMAS)]
    assert "; days apart from their week: 25 December -4" in runner.invoke(app, ["info"]).stdout
    result = runner.invoke(app, ["predict", "visits.csv", "--level", "0"])
    assert result.exit_code == 0, result.stderr
    fc = pd.read_csv(io.StringIO(result.stdout), index_col=0)["forecast"]
    assert 0.55 < fc["2019-12-25"] / fc["2019-12-18"] < 0.65
    assert 0.95 < fc["2019-12-26"] / fc["2019-12-19"] < 1.05


def test_a_series_new_to_a_small_panel_learns_its_day_effects_in_predict(runner, in_tmp):
    """Predict's unseen series has its own days learned from its history, as training's had:
    a copy of a trained series is forecast as that series."""
    from lstmcast.cli import app

    frames = []
    for k, sid in enumerate(["A", "B"]):
        days, values = daily(effects={CHRISTMAS: np.log(0.6)}, noise=0.01, seed=k,
                             end="2019-12-15")
        frames.append(pd.DataFrame({"store": sid, "date": days.strftime("%Y-%m-%d"),
                                    "visits": (values * (1 + k)).round(2)}))
    pd.concat(frames).to_csv("stores.csv", index=False)
    pd.concat([*frames, frames[0].assign(store="C")]).to_csv("more.csv", index=False)
    trained = runner.invoke(app, ["train", "stores.csv", "--horizon", "14", "--epochs", "2",
                                  "--hidden", "4"])
    assert trained.exit_code == 0, trained.stderr
    result = runner.invoke(app, ["predict", "more.csv", "--level", "0"])
    assert result.exit_code == 0, result.stderr
    fc = pd.read_csv(io.StringIO(result.stdout)).set_index(["store", "date"])["forecast"]
    np.testing.assert_allclose(fc["C"].to_numpy(), fc["A"].to_numpy())
    assert 0.55 < fc["C", "2019-12-25"] / fc["C", "2019-12-18"] < 0.65
