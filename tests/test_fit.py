"""fit.py: which windows an epoch trains on (a stride draws its offset anew each epoch)."""

from __future__ import annotations

import numpy as np
from test_preprocess import panel_of

from lstmcast.fit import Windows
from lstmcast.preprocess import Recipe, SeriesState, panel_rows
from lstmcast.windows import panel_origins

RECIPE = Recipe(lookback=6, horizon=3, season=12, patch=1)


def windows_of(lengths, stride):
    rng = np.random.default_rng(0)
    panel = panel_of(*[50 + rng.random(n) for n in lengths])
    rows = panel_rows(panel, [SeriesState("log", "last")] * len(lengths))
    origins = panel_origins(panel.indptr, 6, 3, np.zeros(len(lengths), int), panel.lengths)
    return Windows(rows, origins, RECIPE, stride), rows


def slow_epoch(windows: Windows, rows, offsets):
    """The positions an epoch with these per-series offsets takes, series by series."""
    chosen = []
    for s in range(len(offsets)):
        mine = np.flatnonzero(rows.series_of[windows.origins] == s)
        newest = windows.origins[mine].max()
        chosen += [int(p) for p in mine
                   if (newest - windows.origins[p]) % windows.stride == offsets[s]]
    return sorted(chosen)


def test_without_a_stride_an_epoch_is_every_window_shuffled():
    every, _ = windows_of([40, 25], stride=1)
    rng, twin = np.random.default_rng(3), np.random.default_rng(3)
    np.testing.assert_array_equal(every.epoch(rng), twin.permutation(len(every)))
    assert every.per_epoch == len(every)


def test_a_stride_takes_every_kth_window_of_each_series_from_a_drawn_offset():
    strided, rows = windows_of([40, 25, 31], stride=4)
    rng, twin = np.random.default_rng(7), np.random.default_rng(7)
    seen = np.zeros(len(strided), dtype=int)
    for _ in range(30):
        got = strided.epoch(rng)
        offsets = twin.integers(0, [4, 4, 4])
        twin.permutation(len(got))  # the twin's stream follows the epoch's draws
        assert len(set(got.tolist())) == len(got)
        assert sorted(got.tolist()) == slow_epoch(strided, rows, offsets)
        assert abs(len(got) - strided.per_epoch) <= 3  # one window more or less a series
        seen[got] += 1
    assert seen.min() > 0  # over the epochs every window, at every phase, is trained on


def test_a_series_of_fewer_windows_than_the_stride_still_trains_each_epoch():
    """Every series gives at least one window to each epoch, whatever the stride (a stride of
    200 on series of 20-odd windows left whole epochs empty)."""
    strided, rows = windows_of([30, 28], stride=200)
    rng = np.random.default_rng(1)
    for _ in range(10):
        got = strided.epoch(rng)
        assert sorted(set(rows.series_of[strided.origins[got]].tolist())) == [0, 1]
        assert len(got) == 2


class ConstantModel:
    """A stand-in network whose forecast is its one weight, for every step of every window."""

    def set_params(self, theta):
        self.theta = theta

    def predict(self, x):
        return np.full((len(x), RECIPE.horizon), self.theta[0])


def test_too_few_validation_forecasts_trust_a_single_series_network_not_a_panel_s():
    from lstmcast.fit import clearly_better

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
    its correction; on the last value (its only trend) all of it; with evidence, all of it."""
    from lstmcast.fit import evidence, hedges

    for base, origins, hedge in (("seasonal", 3, True), ("last", 3, False),
                                 ("seasonal", 12, False)):
        panel = panel_of(50 + np.random.default_rng(0).random(60))
        rows = panel_rows(panel, [SeriesState("log", base)])
        val = Windows(rows, np.arange(40, 40 + origins), RECIPE)
        assert evidence(val) == max(1.0, origins / RECIPE.horizon)
        assert hedges(val) is hedge, (base, origins)


def test_a_hedged_network_forecasts_half_its_correction():
    from lstmcast.config import FitSpec, ModelSpec
    from lstmcast.fit import HEDGE, halved_correction, new_model

    model = new_model(ModelSpec(hidden=5, horizon=3), FitSpec(), 2, 4, 1e-3, seed=0)
    rng = np.random.default_rng(1)
    model.set_params(rng.standard_normal(model.num_params).astype(model.theta.dtype))
    x = rng.standard_normal((6, 4, 2)).astype(model.theta.dtype)
    full = model.predict(x)
    model.set_params(halved_correction(model, model.theta))
    np.testing.assert_allclose(model.predict(x), HEDGE * full, rtol=1e-5, atol=1e-6)
    assert np.abs(full).min() > 1e-3  # a correction to halve
