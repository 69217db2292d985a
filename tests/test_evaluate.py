"""evaluate: the forecasts the test period, predict and the live score share."""

from __future__ import annotations

import numpy as np

from lstmcast.engine import LSTMForecaster
from lstmcast.evaluate import forecast_levels
from lstmcast.preprocess import Recipe, SeriesState, panel_rows
from test_preprocess import panel_of


def test_a_window_of_one_value_is_forecast_by_its_base_alone():
    """A pegged rate (200 rows of 5.0) and a counter stuck at 0 beside a moving series: a
    network whose head outputs something for any window moved them off their value (5.00088,
    0.000175 in a global model of 3,457 series) inside zero-width intervals; now they are
    their base exactly, while the moving series keeps the network's correction, and a flat
    target with a feature that moves is not flat."""
    rng = np.random.default_rng(0)
    moving = 50 * np.exp(np.cumsum(rng.normal(0, 0.02, 200)))
    panel = panel_of(np.full(200, 5.0), np.zeros(200), moving)
    rows = panel_rows(panel, [SeriesState("log", "last"), SeriesState("additive", "last"),
                              SeriesState("log", "last")])
    recipe = Recipe(lookback=24, horizon=4, season=24, patch=24)
    model = LSTMForecaster(input_size=24, hidden_size=8, output_size=4, seed=1)
    model.set_params(model.theta + rng.normal(0, 0.3, model.theta.shape))  # a head that speaks
    origins = np.array([199, 399, 599])
    fc = forecast_levels([model], rows, origins, recipe, compiled=False)
    assert (fc[0] == 5.0).all() and (fc[1] == 0.0).all()
    assert not np.allclose(fc[2], moving[-1])
    promoted = np.zeros((200, 1))
    promoted[-3:] = 1.0
    featured = panel_of(np.full(200, 5.0), features=[promoted])
    rows = panel_rows(featured, [SeriesState("log", "last")])
    model = LSTMForecaster(input_size=48, hidden_size=8, output_size=4, seed=1)
    model.set_params(model.theta + rng.normal(0, 0.3, model.theta.shape))
    assert not (forecast_levels([model], rows, np.array([199]), recipe) == 5.0).all()
