"""The bases a network corrects: each equal to its definition, one origin at a time."""

from __future__ import annotations

import numpy as np
import pytest

from lstmcast.bases import (
    BASES,
    CANDIDATES,
    MEDIAN,
    SEASONS_AVERAGED,
    base_error,
    base_errors,
    base_forecasts,
    median_forecasts,
    seasonal_beats_naive,
)
from lstmcast.states import choose_state


def _base_twin(y, start, origin, kind, m, K, log, shape_memory=1.0):
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
            shapes = [shape_memory**j for j in range(len(seasons))]
            means = [np.mean(s) for s in seasons]
            local = []  # each season's trend: from the season before it to the one after it
            for j in range(len(seasons)):
                newer, older = means[max(j - 1, 0)], means[min(j + 1, len(seasons) - 1)]
                apart = (j > 0) + (j + 1 < len(seasons))
                local.append((newer - older) / (m * apart) if apart else 0.0)
            # each phase's weighted mean deviation from its season's local trend
            deviation = [np.dot(shapes, [s[p] - np.mean(s) - local[j] * (p - centre)
                                         for j, s in enumerate(seasons)]) / sum(shapes)
                         for p in range(m)]
            if kind == 4:  # the last value less its phase's deviation, plus step h's
                value = f(y[origin]) - deviation[m - 1] + deviation[h % m]
            else:
                value = np.mean(seasons[0]) + slope * (centre + h + 1) + deviation[h % m]
            out[h] = np.exp(value) if log else value
    return out


@pytest.mark.parametrize("averaged, memory", [(2, 1.0), (3, 1.0), (2, 0.5), (3, 0.8), (4, 1.0),
                                              (4, 0.5)])
@pytest.mark.parametrize("m,K", [(4, 6), (7, 3), (5, 11), (1, 3), (2, 5), (12, 30)])
def test_base_forecasts_equal_their_definition(m, K, averaged, memory):
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
    got = base_forecasts(y, origins, starts, kind, log, m, K, np.full(len(origins), memory))
    for b in range(len(origins)):
        twin = _base_twin(y, starts[b], origins[b], kind[b], m, K, log[b], memory)
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
    # under two seasons: the clear margin over the steps inside the rows, down to half a season
    assert seasonal_beats_naive(noisy[:20], 12, 6)
    assert not seasonal_beats_naive(walk[:20], 12, 6)
    assert seasonal_beats_naive(noisy[:18], 12, 6)
    assert not seasonal_beats_naive(noisy[:17], 12, 6)  # 5 rows after the first season


def _margin_twin(y, m, horizon):
    """seasonal_beats_naive's clear margin under two seasons, pair by pair."""
    naive, seasonal = [], []
    for origin in range(m - 1, len(y) - 1):
        for step in range(1, horizon + 1):
            if origin + step < len(y):
                naive.append(abs(y[origin + step] - y[origin]))
                seasonal.append(abs(y[origin + step] - y[origin + step - m * -(-step // m)]))
    return np.mean(seasonal) < 0.8 * np.mean(naive)


@pytest.mark.parametrize("rows, horizon", [(r, h) for r in (18, 20, 23, 24)
                                            for h in (1, 6, 12, 15) if r < max(24, 13 + h)])
def test_the_clear_margin_under_two_seasons_is_its_pairwise_twin(rows, horizon):
    rng = np.random.default_rng(rows * horizon)
    months = np.arange(rows)
    for amplitude in (0.0, 0.5, 1.0, 2.0, 4.0):  # from no season to one that dominates
        y = 10 + amplitude * np.sin(months * 2 * np.pi / 12) + rng.normal(0, 1, rows)
        assert seasonal_beats_naive(y, 12, horizon) == _margin_twin(y, 12, horizon)
    assert seasonal_beats_naive(np.array([1.0, 10, 1, 10]), 2, 1)  # two seasons: as before


def test_the_mean_of_the_seasons_of_large_additive_values_warns_of_nothing():
    y = np.concatenate([5000 * np.sin(np.arange(36) * 2 * np.pi / 12) + shift
                        for shift in (0.0, -3.0)])
    with np.errstate(all="raise"):
        got = base_forecasts(y, np.array([35, 71]), np.array([0, 36]), np.array([2, 2]),
                             np.array([False, False]), 12, 6)
    np.testing.assert_allclose(got, [y[24:30], y[60:66]], atol=1e-9)


@pytest.mark.parametrize("log", [True, False])
def test_base_errors_are_each_candidates_mean_error_over_the_windows(log):
    """base_errors gathers the seasons once for all candidates, in parts of a long series,
    at an even spread of BASE_ORIGINS origins at most: the same figures as each candidate's
    forecasts from base_forecasts at those origins."""
    from lstmcast.bases import BASE_ORIGINS, _stride

    rng = np.random.default_rng(5)
    n, m, horizon, lookback = 4032, 336, 12, 672  # 837 origins x 10 seasons x 336: two parts
    y = 50 + 10 * np.sin(np.arange(n) * 2 * np.pi / m) + np.cumsum(rng.normal(0, 0.3, n))
    origins = np.arange(lookback - 1, n - horizon)
    origins = origins[:: _stride(len(origins), BASE_ORIGINS)]
    assert len(origins) * 10 * m > 1 << 21 and len(origins) <= BASE_ORIGINS
    actual = y[origins[:, None] + np.arange(1, horizon + 1)]
    b, start = len(origins), np.zeros(len(origins), dtype=np.int64)
    expected = [np.abs(base_forecasts(y, origins, start, np.full(b, k), np.full(b, log), m,
                                      horizon, np.full(b, w)) - actual).mean()
                for k, w in CANDIDATES]
    np.testing.assert_allclose(base_errors(y, m, horizon, lookback, log), expected, rtol=1e-12)


@pytest.mark.parametrize("kind", [1, 2, 3, 4])
def test_a_weekly_base_is_its_daily_kind_at_a_week_of_seasons(kind):
    """"weekly" ... "weekly_last" (BASES 5 to 8) are seasonal naive ... the deseasonalised last
    value at WEEK seasons of m rows; a window with fewer than a week of rows is based on its
    last value."""
    from lstmcast.bases import BASES, WEEK, WEEKLY

    m, K = 4, 9
    y = np.random.default_rng(kind).uniform(1, 5, 12 * WEEK * m)
    starts = np.zeros(3, dtype=np.int64)
    origins = np.array([WEEK * m - 2, WEEK * m - 1, len(y) - 1])
    log = np.array([True, False, True])
    weekly = np.full(3, kind + WEEKLY)
    assert BASES[kind + WEEKLY] == BASES[kind].replace("seasonal", "weekly")
    got = base_forecasts(y, origins, starts, weekly, log, m, K, np.full(3, 0.8))
    for b in range(3):
        twin = (_base_twin(y, 0, origins[b], kind, WEEK * m, K, log[b], 0.8) if b else
                np.full(K, y[origins[b]]))  # six days and a bit: no week yet
        np.testing.assert_allclose(got[b], twin, rtol=1e-12)


@pytest.mark.parametrize("m,K", [(1, 3), (7, 3), (7, 10), (4, 4)])
def test_median_forecasts_equal_their_definition(m, K):
    """Two series in one array, at origins from their first rows (a phase with no row yet
    takes the last value) to their last: step h the median of that phase's rows over the last
    SEASONS_AVERAGED seasons of its own series; through ``base_forecasts`` the same."""
    rng = np.random.default_rng(3)
    first = rng.poisson(0.3, 90) * rng.integers(1, 9, 90)
    second = rng.poisson(2.0, 40).astype(float)
    y = np.concatenate([first, second]).astype(float)
    starts = np.array([0, 0, 0, 0, 90, 90, 90])
    origins = starts + np.array([0, 2, 30, 89, 1, 12, 39])
    got = median_forecasts(y, origins, starts, m, K)
    for b, (o, start) in enumerate(zip(origins, starts, strict=True)):
        for h in range(1, K + 1):
            rows = [o - m + 1 + (h - 1) % m - j * m for j in range(SEASONS_AVERAGED)]
            rows = [r for r in rows if r >= start]
            twin = float(np.median(y[rows])) if rows else y[o]
            assert got[b, h - 1] == twin, (b, h)
    kind = np.full(len(origins), MEDIAN)
    np.testing.assert_array_equal(
        base_forecasts(y, origins, starts, kind, np.zeros(len(origins), bool), m, K), got)


def test_base_error_is_the_mean_error_over_each_windows_horizon():
    """One base's in-sample error, as its twin computes it window by window."""
    rng = np.random.default_rng(4)
    y = rng.poisson(0.5, 80).astype(float)
    for base, kind in (("median", MEDIAN), ("seasonal", 1), ("last", 0)):
        errors = [np.abs(base_forecasts(y, np.array([o]), np.array([0]), np.array([kind]),
                                        np.array([False]), 7, 3)[0] - y[o + 1 : o + 4]).mean()
                  for o in range(13, 77)]
        assert base_error(y, base, 1.0, 7, 3, 14, False) == pytest.approx(np.mean(errors))
    assert np.isnan(base_error(y[:10], "median", 1.0, 7, 3, 14, False))


@pytest.mark.parametrize("log", [True, False])
def test_the_blend_is_the_mean_of_the_three_bases_of_the_seasons(log):
    """"seasonal_blend": the mean of the seasons' mean, trend and deseasonalised last value, of
    their logs in log mode, each as base_forecasts gives it (two series, a shape memory)."""
    rng = np.random.default_rng(9)
    y = np.concatenate([np.exp(np.linspace(0, 1, 48) + 0.2 * np.sin(np.arange(48) * np.pi / 2)
                               + rng.normal(0, 0.02, 48)), rng.uniform(5, 9, 30)])
    origins, starts = np.array([47, 40, 77]), np.array([0, 0, 48])
    logs, memory = np.full(3, log), np.array([1.0, 0.8, 0.5])
    three = [base_forecasts(y, origins, starts, np.full(3, k), logs, 4, 6, memory)
             for k in (2, 3, 4)]
    got = base_forecasts(y, origins, starts, np.full(3, BASES.index("seasonal_blend")), logs, 4,
                         6, memory)
    want = np.exp(np.mean(np.log(three), axis=0)) if log else np.mean(three, axis=0)
    np.testing.assert_allclose(got, want, rtol=1e-12)
