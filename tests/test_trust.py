"""trust.py: a network's validation gain tested against noise, trusted or hedged where there
is too little evidence to test it."""

from __future__ import annotations

import numpy as np
from test_preprocess import panel_of
from test_windows import RECIPE, windows_of

from lstmcast.preprocess import SeriesState, panel_rows
from lstmcast.windows import Windows


class ConstantModel:
    """A stand-in network whose forecast is its one weight, for every step of every window."""

    def set_params(self, theta):
        self.theta = theta

    def predict(self, x):
        return np.full((len(x), RECIPE.horizon), self.theta[0])


def test_too_few_validation_forecasts_trust_a_single_series_network_not_a_panel_s():
    from lstmcast.trust import clearly_better

    y = np.zeros((4, RECIPE.horizon))
    x = np.zeros((4, 1))
    better, base = np.array([0.1]), np.array([1.0])  # the trained weights err less
    for lengths, trusted in (([20], True), ([20, 20], False)):
        windows, rows = windows_of(lengths, 1)
        mine = [np.flatnonzero(rows.series_of[windows.origins] == s)[:4 // len(lengths)]
                for s in range(len(lengths))]
        val = Windows(rows, windows.origins[np.concatenate(mine)], RECIPE)
        # at most a horizon of origins per series: one independent forecast each, < 4 in all
        assert clearly_better(ConstantModel(), better, base, val, x, y, "l1") is trusted


def test_a_single_series_network_on_a_seasonal_base_trusted_on_little_evidence_is_hedged():
    """One or two validation forecasts cannot test a network: on a seasonal base it keeps half
    its correction; on the last value (its only trend) all of it; with evidence, all of it;
    learned from HEDGED_BELOW training windows or more, all of it."""
    from lstmcast.trust import HEDGED_BELOW, evidence, hedges

    for base, origins, trained, hedge in (("seasonal", 3, 30, True), ("last", 3, 30, False),
                                          ("seasonal", 12, 30, False),
                                          ("seasonal", 3, HEDGED_BELOW - 1, True),
                                          ("seasonal", 3, HEDGED_BELOW, False)):
        panel = panel_of(50 + np.random.default_rng(0).random(HEDGED_BELOW + 60))
        rows = panel_rows(panel, [SeriesState("log", base)])
        val = Windows(rows, np.arange(HEDGED_BELOW + 40, HEDGED_BELOW + 40 + origins), RECIPE)
        train = Windows(rows, np.arange(20, 20 + trained), RECIPE)
        assert evidence(val) == max(1.0, origins / RECIPE.horizon)
        assert hedges(val, train) is hedge, (base, origins, trained)


def test_a_hedged_network_forecasts_half_its_correction():
    from lstmcast.config import FitSpec, ModelSpec
    from lstmcast.fit import new_model
    from lstmcast.trust import HEDGE, halved_correction

    model = new_model(ModelSpec(hidden=5, horizon=3), FitSpec(), 2, 4, 1e-3, seed=0)
    rng = np.random.default_rng(1)
    model.set_params(rng.standard_normal(model.num_params).astype(model.theta.dtype))
    x = rng.standard_normal((6, 4, 2)).astype(model.theta.dtype)
    full = model.predict(x)
    model.set_params(halved_correction(model, model.theta))
    np.testing.assert_allclose(model.predict(x), HEDGE * full, rtol=1e-5, atol=1e-6)
    assert np.abs(full).min() > 1e-3  # a correction to halve
