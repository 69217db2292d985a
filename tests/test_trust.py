"""trust.py: a network's validation gain tested against noise, trusted or hedged where there
is too little evidence to test it."""

from __future__ import annotations

from dataclasses import replace

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
    its correction; on the last value (its only trend) all of it, of hours or of years; with
    evidence, all of it; learned from HEDGED_BELOW training windows or more, all of it."""
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
    for base, hedge in (("last", False), ("seasonal", True)):  # (set 23: halving a last
        # value's networks of days to months cost 1.115 of their MAE over 10 origins)
        rows = panel_rows(yearly(panel.target), [SeriesState("log", base)])
        val = Windows(rows, np.arange(HEDGED_BELOW + 40, HEDGED_BELOW + 43), RECIPE)
        assert hedges(val, Windows(rows, np.arange(20, 50), RECIPE)) is hedge, base


def test_a_hedged_network_is_said_to_keep_half_its_correction_of_any_base():
    from lstmcast.fit import FitResult, trust_notes

    rows = panel_rows(panel_of(50 + np.arange(80.0)), [SeriesState("log", "last")])
    val = Windows(rows, np.arange(60, 63), RECIPE)
    hedged = [FitResult(None, "completed", 9, 3, 0.1, 1e-3, hedged=True)]
    assert ("1 network(s) beat the base on too few validation forecasts (1) to test: each keeps "
            "half its correction of the base") in trust_notes(hedged, val)


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


def _random_walk_twin(y, significance=0.05):
    """``random_walk`` as its docstring defines it, step by step, with scipy's chi-squared."""
    from scipy.stats import chi2

    d = [b - a for a, b in zip(y[:-1], y[1:], strict=True)]
    n = len(d)
    mean = sum(d) / n
    sd = (sum((v - mean) ** 2 for v in d) / (n - 1)) ** 0.5
    if n < 20 or sd == 0 or abs(mean) > 1.96 * sd / n**0.5:
        return False
    lags = min(10, n // 5)
    c = [v - mean for v in d]
    total = sum(v * v for v in c)
    acf = [sum(c[t] * c[t + k] for t in range(n - k)) / total for k in range(lags + 1)]
    first = 1 if 0 < acf[1] <= 0.4 else 0  # the averages of a walk: lag 1 left out
    q = n * (n + 2) * sum(acf[k] ** 2 / (n - k) for k in range(first + 1, lags + 1))
    return bool(q < chi2.ppf(1 - significance, lags - first))


def test_a_random_walk_is_told_from_a_trend_and_a_cycle():
    """A walk's changes are white noise; a trend's have a mean, a cycle's an autocorrelation;
    under 20 changes nothing is called a walk."""
    from lstmcast.trust import random_walk

    rng = np.random.default_rng(3)
    walks = [np.cumsum(rng.normal(size=n)) for n in (21, 60, 300) for _ in range(20)]
    trends = [np.cumsum(rng.normal(1.0, 1.0, size=60)) for _ in range(20)]
    cycles = [np.sin(np.arange(80) * 2 * np.pi / 10) + 0.1 * rng.normal(size=80)
              for _ in range(20)]
    # monthly means of a daily walk: lag 1 about 0.25, none after; noise around a level
    averaged = [np.cumsum(rng.normal(size=21 * 240)).reshape(240, 21).mean(axis=1)
                for _ in range(20)]
    levels = [np.cumsum(rng.normal(0, 0.3, size=200)) + rng.normal(size=200) for _ in range(20)]
    for y in walks + trends + cycles + averaged + levels + [np.cumsum(rng.normal(size=19)),
                                                            np.ones(50)]:
        assert random_walk(y) is _random_walk_twin(list(y))
        assert random_walk(y, significance=0.01) is _random_walk_twin(list(y), 0.01)
    assert np.mean([random_walk(y) for y in walks + averaged]) > 0.8  # 5 % per test: ~90 %
    assert not any(random_walk(y) for y in trends + cycles + levels)


def test_a_price_is_told_from_a_walk_at_1_percent():
    """Weekly changes of a close with a mild reversal (lag 1 -0.17, UnitedHealth's 2013-22 after
    2020's crash and rebound) pass as a walk's more often at 1 % than at 5 %: the price check
    (``walks_as_prices_do``) takes such a series for the price it is."""
    from lstmcast.trust import random_walk

    judged = {0.05: 0, 0.01: 0}
    for seed in range(100):
        shocks = np.random.default_rng(seed).normal(0, 0.03, 396)
        close = np.cumsum(0.004 + shocks[1:] - 0.17 * shocks[:-1])
        for level in judged:
            judged[level] += random_walk(close, True, level)
    assert judged[0.01] >= judged[0.05] + 15
    # the price check itself tests at 1 %: a weekly close that passes there, not at 5 %
    from lstmcast.trust import walks_as_prices_do

    for seed in range(100):
        shocks = np.random.default_rng(seed).normal(0, 0.03, 396)
        close = 100 * np.exp(np.cumsum(0.004 + shocks[1:] - 0.17 * shocks[:-1]))
        seen = np.log(close[:151])  # the rows up to the first validation origin
        if random_walk(seen, True, 0.01) and not random_walk(seen, True, 0.05):
            break
    rows = panel_rows(replace(panel_of(close), freq="W-FRI"), [SeriesState("log", "last")])
    assert walks_as_prices_do(Windows(rows, np.arange(150, 190), RECIPE))


def test_an_untested_network_on_a_random_walk_is_noise():
    """A single series' network trusted on too few validation forecasts to test: judged noise
    on the last value of a random walk, trusted on a trend or on a seasonal base."""
    from lstmcast.fit import FitResult, trust_notes
    from lstmcast.trust import clearly_better

    rng = np.random.default_rng(5)
    walk = 100 * np.exp(0.01 * np.cumsum(rng.normal(size=80)))
    trend = 100 * np.exp(0.01 * np.arange(80) + 0.001 * rng.normal(size=80))
    x, y = np.zeros((3, 1)), np.zeros((3, RECIPE.horizon))
    for series, base, trusted in ((walk, "last", False), (trend, "last", True),
                                  (walk, "seasonal", True)):
        rows = panel_rows(yearly(series), [SeriesState("log", base)])
        val = Windows(rows, np.arange(60, 63), RECIPE)  # one forecast: untested
        better = clearly_better(ConstantModel(), np.array([0.1]), np.array([1.0]), val, x, y,
                                "l1")
        assert better is trusted, (base, trusted)
        noise = [FitResult(None, "completed", 9, 0, 0.1, 1e-3, gain_was_noise=not better)] * 2
        walked = "2 network(s) beat the last value on too few validation forecasts (1)"
        assert any(t.startswith(walked) for t in trust_notes(noise, val)) is (not trusted)


def yearly(series: np.ndarray):
    """A panel of ``series`` in years: a frequency no price is quoted at."""
    return replace(panel_of(series), freq="YS-JAN", freq_label="yearly")


def test_a_network_on_a_walk_of_days_weeks_or_months_is_noise_drift_or_not():
    """The NASDAQ's monthly close, a walk with a drift: its networks passed validation and the
    test period, carried the 2010s' rise into 2022's fall (1.67 of naive's MAE). A walk with
    or without a drift forecasts its last value at months or shorter steps, however many
    validation forecasts its network beat it on; not in years (an economy's growth), nor a
    trend of autocorrelated changes, nor on a seasonal base."""
    from lstmcast.fit import FitResult, trust_notes
    from lstmcast.trust import clearly_better, walks_as_prices_do

    rng = np.random.default_rng(3)
    drifting = 100 * np.exp(np.cumsum(0.01 + 0.03 * rng.normal(size=200)))
    momentum = np.zeros(200)
    for t in range(1, 200):  # changes of an AR(1): a trend a network forecasts
        momentum[t] = 0.9 * momentum[t - 1] + 0.01 * rng.normal()
    smooth = 100 * np.exp(np.cumsum(0.01 + momentum))
    origins = np.arange(150, 190)  # 40 validation forecasts, 13 independent: tested
    x, y = np.zeros((len(origins), 1)), np.zeros((len(origins), RECIPE.horizon))
    for panel, base, trusted in ((panel_of(drifting), "last", False),  # hours
                                 (replace(panel_of(drifting), freq="MS"), "last", False),
                                 (yearly(drifting), "last", True),
                                 (panel_of(smooth), "last", True),
                                 (panel_of(drifting), "seasonal", True)):
        rows = panel_rows(panel, [SeriesState("log", base)])
        val = Windows(rows, origins, RECIPE)
        assert walks_as_prices_do(val) is not trusted
        better = clearly_better(ConstantModel(), np.array([0.1]), np.array([1.0]), val, x, y,
                                "l1")  # a gain on every window: clearly better but on a walk
        assert better is trusted, (base, panel.freq, trusted)
        noise = [FitResult(None, "completed", 9, 0, 0.1, 1e-3, gain_was_noise=not better)] * 2
        # (not 'as in prices' of weekly CD sales, a helper's unseen set)
        said = ("2 network(s) beat the last value, but the series moves as a random walk (its "
                "changes show no autocorrelation a forecast could use): ")
        assert any(t.startswith(said) for t in trust_notes(noise, val)) is (not trusted)


def test_the_frequencies_prices_are_quoted_at():
    from lstmcast.sizing import at_price_frequency

    for freq in ("D", "B", "W-FRI", "MS", "ME", "BMS", "h", "5min", "1min",
                 "5min@09:30-15:55/B", "WD-SAT-SUN"):
        assert at_price_frequency(freq), freq
    for freq in ("QS-JAN", "QE-DEC", "YS-JAN", "YE-DEC", "3MS", "6MS", "ns"):
        assert not at_price_frequency(freq), freq
