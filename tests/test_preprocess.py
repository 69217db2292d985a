"""Window normalisation: inputs and targets from the same rows on the train and predict sides,
exact inverses back to the target's units, the base forecasts, the patch layout."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lstmcast.panel import Panel
from lstmcast.preprocess import (
    SEASONS_AVERAGED,
    Recipe,
    SeriesState,
    averaged_base,
    base_errors,
    base_forecasts,
    choose_state,
    panel_rows,
    seasonal_beats_naive,
    to_levels,
    windows,
)


def panel_of(*targets, features=None) -> Panel:
    parts = []
    for i, y in enumerate(targets):
        y = np.asarray(y, dtype=np.float64)
        f = np.empty((len(y), 0)) if features is None else features[i]
        parts.append((f"s{i}", pd.date_range("2021-01-01", periods=len(y), freq="h"), y, f))
    names = () if features is None else tuple(f"f{j}" for j in range(features[0].shape[1]))
    return Panel.concat(parts, freq="h", freq_label="hourly", time_col="t", target_col="y",
                        feature_cols=names, date_format=None, path="p.csv", fingerprint=None)


def naive_loop(x, y, m, log, seasonal):
    """The slow, obvious twin of windows() for one window (levels x (L,), future y (K,))."""
    level = np.mean(x[-m:])
    K = len(y)
    base = np.array([x[len(x) - m + (h % m)] if seasonal else x[-1] for h in range(K)])
    if log:
        return np.log(x / level), np.log(y / base), base, None
    scale = np.mean(np.abs(x - level))
    return (x - level) / scale, (y - base) / scale, base, scale


@pytest.mark.parametrize("log, seasonal", [(True, True), (True, False), (False, True),
                                           (False, False)])
def test_windows_match_the_slow_twin_and_invert_exactly(log, seasonal):
    rng = np.random.default_rng(0)
    y = 50 + 10 * np.sin(np.arange(200) * 2 * np.pi / 24) + rng.normal(0, 1, 200)
    if not log:
        y = y - 50  # crosses zero
    panel = panel_of(y)
    state = SeriesState("log" if log else "additive", "seasonal" if seasonal else "last")
    recipe = Recipe(lookback=48, horizon=30, season=24, patch=24)
    rows = panel_rows(panel, [state])
    origins = np.array([47, 100, 169])
    x, t, base, scale = windows(rows, origins, recipe)
    assert x.shape == (3, 2, 24) and t.shape == (3, 30)
    for i, o in enumerate(origins):
        inputs, target, b, sc = naive_loop(y[o - 47 : o + 1], y[o + 1 : o + 31], 24, log,
                                           seasonal)
        np.testing.assert_allclose(x[i].reshape(-1), inputs, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(t[i], target, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(base[i], b, rtol=0, atol=0)
        if not log:
            assert scale[i] == pytest.approx(sc, rel=1e-12)
    # The targets turn back into the future levels exactly (up to rounding).
    back = to_levels(t, base, scale, rows.log_mode[rows.series_of[origins]])
    np.testing.assert_allclose(back, y[origins[:, None] + np.arange(1, 31)], rtol=1e-12)
    # A zero output is the base forecast itself: an untrained model forecasts the base.
    np.testing.assert_array_equal(to_levels(np.zeros_like(t), base, scale,
                                            rows.log_mode[rows.series_of[origins]]), base)


def test_features_enter_as_their_own_patches():
    y = np.arange(1.0, 49.0)
    f = np.stack([np.arange(48.0) + 100, -np.arange(48.0)], axis=1)  # positive, and not
    panel = panel_of(y, features=[f])
    rows = panel_rows(panel, [SeriesState("log", "last")])
    x, _, _, _ = windows(rows, np.array([23]), Recipe(24, 1, 12, 12), with_targets=False)
    assert x.shape == (1, 2, 36)  # 2 steps of 12 rows x (target, feature 1, feature 2)
    window = f[:24, 0]
    np.testing.assert_allclose(x[0, :, 12:24].reshape(-1), np.log(window / window[-12:].mean()))
    minus = f[:24, 1]
    spread = np.abs(minus - minus[-12:].mean()).mean()
    np.testing.assert_allclose(x[0, :, 24:].reshape(-1), (minus - minus[-12:].mean()) / spread)


def test_windows_of_two_series_never_mix_rows():
    a, b = np.arange(1.0, 31.0), 1000 + np.arange(30.0)
    panel = panel_of(a, b)
    rows = panel_rows(panel, [SeriesState("log", "last")] * 2)
    x, t, base, _ = windows(rows, np.array([9, 30 + 9]), Recipe(10, 2, 1, 1))
    assert base[0, 0] == 10.0 and base[1, 0] == 1009.0
    np.testing.assert_allclose(np.exp(t[1]) * base[1], [1010.0, 1011.0])


def test_choose_state_mode_and_base():
    hours = np.arange(24 * 30)
    daily = 100 + 30 * np.sin(hours * 2 * np.pi / 24)
    walk = 100 * np.exp(np.cumsum(np.random.default_rng(0).normal(0, 0.01, 24 * 30)))
    assert choose_state(daily, "auto", 24, 48, True) == SeriesState("log", "seasonal")
    assert choose_state(walk, "auto", 24, 48, True).base == "last"  # a trend, no season
    assert choose_state(daily - 100, "auto", 24, 48, False).mode == "additive"
    assert choose_state(daily, "additive", 24, 48, True).mode == "additive"
    assert choose_state(daily, "auto", 1, 48, True).base == "last"
    assert seasonal_beats_naive(daily, 24, 48) and not seasonal_beats_naive(walk, 24, 48)


def test_a_season_is_based_on_the_mean_of_the_seasons_unless_its_shape_moves():
    """Seasonal naive repeats one season's noise; the mean of the seasons averages it out.
    Where the season's shape moves from day to day, the last season is the better guess."""
    hours = np.arange(24 * 60)
    daily = 100 + 30 * np.sin(hours * 2 * np.pi / 24)
    noisy = daily + np.random.default_rng(1).normal(0, 5, len(hours))
    errors = base_errors(noisy, 24, 24, 24 * 7, True)
    assert errors[2] < 0.9 * errors[1] < errors[0]
    state = choose_state(noisy, "auto", 24, 24, True)
    assert state.base == "seasonal"
    assert averaged_base(state, noisy, 24, 24, 24 * 7).base == "seasonal_mean"
    moving = 100 + 30 * np.sin(hours * 2 * np.pi / 24 + 0.2 * (hours // 24))
    errors = base_errors(moving, 24, 24, 24 * 7, True)
    assert errors[1] < 0.5 * errors[2]
    moved = choose_state(moving, "auto", 24, 24, True)
    assert moved.base == "seasonal"
    assert averaged_base(moved, moving, 24, 24, 24 * 7) == moved
    # the mean reads the seasons before a window of one season too
    assert averaged_base(state, noisy, 24, 24, 24).base == "seasonal_mean"
    assert base_errors(noisy[: 24 * 2 + 23], 24, 24, 24, True) == []  # under two seasons
    walk = choose_state(np.cumsum(np.ones(200)), "auto", 24, 24, True)
    assert averaged_base(walk, np.cumsum(np.ones(200)), 24, 24, 48) == walk  # no season


def test_a_growing_season_is_continued_along_its_trend():
    """Monthly sales growing 1 % a month with a yearly season: the mean of the seasons lags the
    growth; continued along the seasons' trend it forecasts the training rows clearly better,
    and that base is chosen. A flat season keeps the plain mean."""
    months = np.arange(120)
    season = 1 + 0.2 * np.sin(months * 2 * np.pi / 12)
    noise = np.exp(np.random.default_rng(2).normal(0, 0.03, len(months)))
    growing = 100 * 1.01**months * season * noise
    errors = base_errors(growing, 12, 12, 36, True)
    assert errors[3] < 0.5 * errors[2]
    state = choose_state(growing, "auto", 12, 12, True)
    assert averaged_base(state, growing, 12, 12, 36).base == "seasonal_trend"
    flat = 100 * season * noise
    assert averaged_base(choose_state(flat, "auto", 12, 12, True), flat, 12, 12,
                         36).base == "seasonal_mean"


def _base_twin(y, start, origin, kind, m, K, log):
    """One origin, step by step, as the module docstring defines the bases."""
    f = np.log if log else (lambda v: v)
    seasons = []  # season j: the m rows ending j seasons before the origin, while usable
    for j in range(SEASONS_AVERAGED):
        first = origin - (j + 1) * m + 1
        if first < start or (log and min(y[first : first + m]) <= 0):
            break
        seasons.append(f(y[first : first + m]))
    out = np.empty(K)
    for h in range(K):
        if kind == 0 or m < 2:
            out[h] = y[origin]
        elif kind == 1:
            out[h] = y[origin - m + 1 + h % m]
        else:  # the mean of the seasons, with their trend for kind 3
            slope = 0.0
            if kind == 3 and len(seasons) > 1:
                slope = (np.mean(seasons[0]) - np.mean(seasons[-1])) / (m * (len(seasons) - 1))
            centre = (m - 1) / 2  # the place of a season's mean within it
            deviation = np.mean([season[h % m] - np.mean(season) - slope * (h % m - centre)
                                 for season in seasons])
            value = np.mean(seasons[0]) + slope * (centre + h + 1) + deviation
            out[h] = np.exp(value) if log else value
    return out


@pytest.mark.parametrize("averaged", [2, 3])
@pytest.mark.parametrize("m,K", [(4, 6), (7, 3), (5, 11), (1, 3), (2, 5), (12, 30)])
def test_base_forecasts_equal_their_definition(m, K, averaged):
    """Two series in one array; origins near a series' start (fewer seasons than averaged),
    far from it (more), and after a value <= 0 in a log-mode series (the seasons before it are
    not averaged)."""
    rng = np.random.default_rng(m + K)
    first, second = rng.uniform(1, 5, 15 * m + 8), rng.uniform(1, 5, 13 * m + 8)
    second[2 * m + 1] = -1.0
    y = np.concatenate([first, second])
    n = len(first)
    starts = np.array([0, 0, 0, n, n, n, 0, n])
    origins = starts + np.array([m - 1, 2 * m, n - 1, len(second) - 1, 12 * m + 3, 5 * m,
                                 11 * m + 2, 4 * m])
    kind = np.array([averaged] * 6 + [1, 0])
    log = np.array([True, False, True, True, False, True, True, False])
    got = base_forecasts(y, origins, starts, kind, log, m, K)
    for b in range(len(origins)):
        twin = _base_twin(y, starts[b], origins[b], kind[b], m, K, log[b])
        np.testing.assert_allclose(got[b], twin, rtol=1e-12)


def test_a_series_of_two_seasons_gets_a_seasonal_base_only_when_it_clearly_helps():
    """The seasonality test needs three seasons; with two, seasonal naive must beat the last
    value by 20 % in-sample."""
    months = np.arange(30)  # 2.5 years of a monthly series
    cycle = 20 + 8 * np.sin(months * 2 * np.pi / 12)
    noisy = cycle + np.random.default_rng(2).normal(0, 0.5, 30)
    walk = 20 + np.cumsum(np.random.default_rng(2).normal(0, 1, 30))
    assert seasonal_beats_naive(noisy, 12, 6)
    assert choose_state(noisy, "auto", 12, 6, True).base == "seasonal"
    assert not seasonal_beats_naive(walk, 12, 6)
    assert not seasonal_beats_naive(noisy[:20], 12, 6)  # fewer than two seasons


def test_the_mean_of_the_seasons_of_large_additive_values_warns_of_nothing():
    y = np.concatenate([5000 * np.sin(np.arange(36) * 2 * np.pi / 12) + shift
                        for shift in (0.0, -3.0)])
    with np.errstate(all="raise"):
        got = base_forecasts(y, np.array([35, 71]), np.array([0, 36]), np.array([2, 2]),
                             np.array([False, False]), 12, 6)
    np.testing.assert_allclose(got, [y[24:30], y[60:66]], atol=1e-9)


def test_windows_keep_the_mean_of_seasons_bases_they_computed_once():
    """A ``fit.Windows`` of mean-of-seasons series computes their bases once; its batches are
    what ``windows`` builds from scratch."""
    from lstmcast.fit import Windows

    rng = np.random.default_rng(5)
    y = [60 + 10 * np.sin(np.arange(n) * 2 * np.pi / 24) + rng.normal(0, 2, n) for n in (300, 200)]
    rows = panel_rows(panel_of(*y), [SeriesState("log", "seasonal_mean"),
                                     SeriesState("additive", "seasonal")])
    recipe = Recipe(lookback=12, horizon=30, season=24, patch=1)
    origins = np.array([23, 40, 299, 300 + 23, 300 + 150])
    every = Windows(rows, origins, recipe)
    assert every.bases is not None
    idx = np.array([4, 0, 2])
    x, target = every.batch(idx)
    x_new, target_new, _, _ = windows(rows, origins[idx], recipe)
    np.testing.assert_array_equal(x, x_new)
    np.testing.assert_array_equal(target, target_new)
