"""combine.py: a model's forecasts averaged with Theta's where validation and the test period
found the mean better; train, predict and the model file follow the choice."""

from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
import pandas as pd
from test_fit import fitted
from test_preprocess import panel_of

from lstmcast.combine import THETA_GAIN, mean_chosen, with_theta_if_better
from lstmcast.evaluate import forecast_levels
from lstmcast.preprocess import Recipe, SeriesState, panel_rows
from lstmcast.theta import CHOSEN, RECENT_ORIGINS, STANDARD, theta_at, theta_rows

RECIPE = Recipe(lookback=6, horizon=3, season=1, patch=1)


def _trend(n: int = 80, slope: float = 1.0, seed: int = 0) -> np.ndarray:
    return 100 + slope * np.arange(n) + np.random.default_rng(seed).normal(0, 0.5, n)


def _choose(targets, model_correction, val, test, mode="additive"):
    """with_theta_if_better on a panel of ``targets`` (each as long), its validation and test
    origins the rows ``val`` and ``test`` of each series."""
    panel = panel_of(*targets)
    rows = panel_rows(panel, [SeriesState(mode, "last")] * len(targets))
    at = [(panel.indptr[:-1, None] + np.asarray(o, dtype=np.int64)).ravel() for o in (val, test)]
    said = []
    recipe, _ = with_theta_if_better([fitted(model_correction).model], panel, rows, *at,
                                     RECIPE, said.append)
    return recipe, said, rows


def _trends(count=10, n=80, **kw):
    return [_trend(n, seed=s, **kw) for s in range(count)]


def test_a_trend_the_last_value_misses_is_forecast_with_theta():
    """On the last value (a network that learned nothing), steady rises: Theta's half slope
    forecast validation and the test period better, so the mean is the forecast."""
    recipe, said, rows = _choose(_trends(), np.zeros(3), np.arange(60, 68), np.arange(70, 77))
    assert recipe.theta_mean == CHOSEN
    assert len(said) == 1 and said[0].startswith("forecasts: the mean of the model's and the "
                                                 "Theta method's, which erred 0.")
    origins = np.array([76, 156])
    alone = forecast_levels([fitted(np.zeros(3)).model], rows, origins, RECIPE)
    np.testing.assert_array_equal(
        forecast_levels([fitted(np.zeros(3)).model], rows, origins, recipe),
        (alone + theta_at(rows.target, origins, rows.starts[[0, 1]], np.zeros(2, bool), 1, 3)) / 2)


def test_a_version_13_model_file_keeps_m4_s_standard_theta():
    """A model file of format 13 (theta_mean 1) was tested with M4's standard Theta: it
    forecasts with it still; a new one (2) with the variant chosen from the origins before."""
    targets = [np.r_[np.full(30, 100.0), 100 + 3.0 * np.arange(1, 51)] for _ in range(2)]
    panel = panel_of(*targets)
    rows = panel_rows(panel, [SeriesState("additive", "last")] * 2)
    origins, models = np.array([79, 159]), [fitted(np.zeros(3)).model]
    alone = forecast_levels(models, rows, origins, RECIPE)
    for kind in (STANDARD, CHOSEN):
        theta = theta_at(rows.target, origins, rows.starts, np.zeros(2, bool), 1, 3, kind)
        np.testing.assert_array_equal(
            forecast_levels(models, rows, origins, replace(RECIPE, theta_mean=kind)),
            (alone + theta) / 2)
    standard, chosen = (theta_at(rows.target, origins, rows.starts, np.zeros(2, bool), 1, 3, k)
                        for k in (STANDARD, CHOSEN))
    line = 250 + 3.0 * np.arange(1, 4)  # (rising along a line since row 30)
    assert np.all(np.abs(chosen - line) < np.abs(standard - line))


def test_a_single_series_has_too_few_validation_forecasts_to_choose_by():
    recipe, said, _ = _choose(_trends(1), np.zeros(3), np.arange(60, 68), np.arange(70, 77))
    assert recipe.theta_mean == 0 and said == []
    recipe, _, _ = _choose(_trends(1, 400), np.zeros(3), np.arange(300, 370), np.arange(380, 397))
    assert recipe.theta_mean == CHOSEN  # (23 independent forecasts: enough)


def test_a_model_that_forecasts_well_alone_keeps_its_forecasts():
    """Growth that quickened to 1 % a step in log mode, which the network forecasts exactly:
    the mean with Theta (a line through slower growth too) errs more, and the model forecasts
    alone."""
    y = 100 * np.exp(np.cumsum(np.where(np.arange(80) < 40, 0.002, np.log(1.01))))
    growth = np.log(1.01) * np.arange(1, 4)
    recipe, said, _ = _choose([y] * 10, growth, np.arange(60, 68), np.arange(70, 77), "log")
    assert recipe.theta_mean == 0 and said == []


def test_a_mean_better_on_validation_but_worse_on_the_test_period_is_not_kept():
    """Rises that turn into falls in the test period: Theta, continuing the rise, helped on
    validation and would have cost the test period."""
    turned = _trends()
    for y in turned:
        y[68:] = y[67] - 3.0 * np.arange(1, 13)
    recipe, said, _ = _choose(turned, np.zeros(3), np.arange(58, 66), np.arange(68, 77))
    assert recipe.theta_mean == 0 and said == []
    recipe, _, _ = _choose(turned, np.zeros(3), np.arange(58, 66), [])
    assert recipe.theta_mean == CHOSEN  # (without a test period, validation's word)


def test_the_two_periods_must_agree_and_together_show_the_gain():
    """Validation flatters the model alone (its epochs were chosen there): a mean barely
    better there and clearly better on the test period is chosen; one worse on either is not,
    however much better on the other."""
    assert mean_chosen(0.995, 0.930) and mean_chosen(0.97, 0.99)
    assert not mean_chosen(0.932, 1.003) and not mean_chosen(1.013, 0.844)
    assert not mean_chosen(0.99, 0.99)  # (within the margin over both)
    assert mean_chosen(1 - 2 * THETA_GAIN) and not mean_chosen(0.99)  # (no test period)


def test_the_gain_needed_is_a_margin_over_noise():
    """Random walks without drift: Theta is the last value give or take, no margin to gain."""
    walks = [100 + np.cumsum(np.random.default_rng(s).normal(0, 1.0, 300)) for s in range(10)]
    recipe, _, _ = _choose(walks, np.zeros(3), np.arange(200, 260), np.arange(270, 297))
    assert recipe.theta_mean == 0
    assert THETA_GAIN > 0


def test_theta_reaches_back_further_than_the_window():
    recipe = Recipe(lookback=24, horizon=12, season=12, patch=1)
    assert recipe.rows_reached("last") == 24
    reached = replace(recipe, theta_mean=CHOSEN).rows_reached("last")
    assert reached == theta_rows(12) == 120 + RECENT_ORIGINS


def test_train_and_predict_forecast_the_mean_the_model_file_keeps(tmp_path, runner):
    """Quarterly series rising with noise, networks that learn nothing (a learning rate too
    small): train chooses the mean with Theta and says so, the model file keeps it, `info`
    says it, and predict forecasts the mean of the base and Theta from the file's last rows."""
    from lstmcast.bundle import load_bundle
    from lstmcast.cli import app
    from lstmcast.persist import load_model

    quarters = pd.date_range("1990-01-01", periods=100, freq="QS").strftime("%Y-%m-%d")
    values = [_trend(100, 2.0, seed=s).round(3) for s in range(25)]
    path = tmp_path / "q.csv"
    pd.DataFrame({"id": np.repeat([f"s{s:02d}" for s in range(25)], 100),
                  "quarter": np.tile(quarters, 25), "value": np.concatenate(values)}).to_csv(
        path, index=False)
    model = tmp_path / "m.lstmcast"
    done = runner.invoke(app, ["train", str(path), "--horizon", "4", "--out", str(model),
                               "--hidden", "8", "--epochs", "2", "--lr", "1e-9", "--seed", "0"])
    assert done.exit_code == 0, done.stderr
    assert "the mean of the model's and the Theta method's" in done.stderr
    _, manifest = load_model(model)
    assert manifest["recipe"]["theta_mean"] == CHOSEN == 2
    info = runner.invoke(app, ["info", str(model)])
    assert "forecasts: the mean of the model's and the Theta method's" in info.stdout
    out = runner.invoke(app, ["predict", str(path), "--model", str(model), "--level", "0"])
    assert out.exit_code == 0, out.stderr
    forecast = pd.read_csv(io.StringIO(out.stdout))["forecast"].to_numpy().reshape(25, 4)
    bundle = load_bundle(str(model))
    rows = panel_rows(panel_of(*values), bundle.states)
    origins = np.arange(1, 26) * 100 - 1
    expected = forecast_levels(bundle.models, rows, origins, bundle.recipe)
    alone = forecast_levels(bundle.models, rows, origins, Recipe(
        bundle.recipe.lookback, 4, bundle.recipe.season, bundle.recipe.patch))
    assert not np.allclose(expected, alone)
    np.testing.assert_allclose(forecast, expected, rtol=1e-6)
