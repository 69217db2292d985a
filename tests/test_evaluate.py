"""evaluate: the forecasts the test period, predict and the live score share."""

from __future__ import annotations

import numpy as np
from test_preprocess import panel_of

from lstmcast.engine import LSTMForecaster
from lstmcast.evaluate import forecast_levels
from lstmcast.preprocess import Recipe, SeriesState, panel_rows


def test_a_window_of_one_value_is_forecast_by_its_base_alone():
    """A pegged rate (200 rows of 5.0; of 7.8 written with a float's last digit off) and a
    counter stuck at 0 beside a moving series: a network whose head outputs something for any
    window moved them off their value (5.00088, 0.000175 in a global model of 3,457 series)
    inside zero-width intervals; now they are that value exactly, while the moving series
    keeps the network's correction; so does a base that reads rows before the window (the mean
    of the seasons: not the stuck value), and a flat target with a feature that moves."""
    rng = np.random.default_rng(0)
    moving = 50 * np.exp(np.cumsum(rng.normal(0, 0.02, 200)))
    noisy = np.full(200, 7.8)
    noisy[::3] = 7.800000000000001
    panel = panel_of(np.full(200, 5.0), np.zeros(200), moving, noisy)
    rows = panel_rows(panel, [SeriesState("log", "last"), SeriesState("additive", "last"),
                              SeriesState("log", "last"), SeriesState("log", "seasonal")])
    recipe = Recipe(lookback=24, horizon=4, season=24, patch=24)
    model = LSTMForecaster(input_size=24, hidden_size=8, output_size=4, seed=1)
    model.set_params(model.theta + rng.normal(0, 0.3, model.theta.shape))  # a head that speaks
    origins = np.array([199, 399, 599, 799])
    fc = forecast_levels([model], rows, origins, recipe, compiled=False)
    assert (fc[0] == 5.0).all() and (fc[1] == 0.0).all() and np.allclose(fc[3], 7.8, 0, 1e-12)
    assert not np.allclose(fc[2], moving[-1])
    stuck = np.r_[rng.normal(60, 10, 176), np.full(24, 60.0)]
    averaged = panel_rows(panel_of(stuck), [SeriesState("log", "seasonal_mean")])
    assert not np.allclose(forecast_levels([model], averaged, np.array([199]), recipe),
                           forecast_levels([LSTMForecaster(24, 8, output_size=4, seed=1,
                                                           zero_head=True)], averaged,
                                           np.array([199]), recipe))
    promoted = np.zeros((200, 1))
    promoted[-3:] = 1.0
    featured = panel_of(np.full(200, 5.0), features=[promoted])
    rows = panel_rows(featured, [SeriesState("log", "last")])
    model = LSTMForecaster(input_size=48, hidden_size=8, output_size=4, seed=1)
    model.set_params(model.theta + rng.normal(0, 0.3, model.theta.shape))
    assert not (forecast_levels([model], rows, np.array([199]), recipe) == 5.0).all()
