"""The "theta" base: equal to its definition, one origin at a time."""

from __future__ import annotations

import numpy as np
import pytest

from lstmcast.bases import THETA, base_forecasts
from lstmcast.theta_base import gentle_theta, theta_alpha, theta_forecasts


def _theta_twin(y, start, origin, alpha, K, log):
    """Theta at one origin, row by row: the level smoothed from the series' first row (in log
    mode, the first after its last value <= 0), the slope of a least-squares line through all
    those rows or through the last 10 where that is gentler (none where they disagree), half
    of it added."""
    if log:
        start = max([start, *(t + 1 for t in range(start, origin) if y[t] <= 0)])
    z = np.log(y[start : origin + 1]) if log else y[start : origin + 1]
    level = z[0]
    for value in z[1:]:
        level = alpha * value + (1 - alpha) * level
    n = len(z)
    whole = np.polyfit(np.arange(n), z, 1)[0] if n >= 3 else 0.0
    recent = np.polyfit(np.arange(min(n, 10)), z[-10:], 1)[0] if n >= 3 else 0.0
    slope = min(whole, recent, key=abs) if whole * recent > 0 else 0.0
    f = [level + slope / 2 * (h + (1 - (1 - alpha) ** n) / alpha) for h in range(K)]
    return np.exp(f) if log else np.array(f)


@pytest.mark.parametrize("log", [True, False])
def test_theta_forecasts_equal_their_definition(log):
    """Two series in one array, each at origins from its first rows to its last, with two
    smoothing constants, the second with a value <= 0 (left out before it in log mode);
    through ``base_forecasts`` the same, by the state's memory."""
    rng = np.random.default_rng(5)
    first, second = rng.uniform(1, 5, 30), 10 + np.cumsum(rng.uniform(0, 1, 25))
    second[3] = -1.0
    y = np.concatenate([first, second])
    starts = np.array([0, 0, 0, 0, 30, 30, 30])
    origins = starts + np.array([0, 1, 2, 29, 4, 24, 10])
    alpha = np.array([0.3, 0.3, 1.0, 0.3, 0.05, 0.05, 0.6])
    logs = np.full(len(origins), log)
    got = gentle_theta(y, origins, starts, alpha, logs, 4)
    for b in range(len(origins)):
        twin = _theta_twin(y, starts[b], origins[b], alpha[b], 4, log)
        np.testing.assert_allclose(got[b], twin, rtol=1e-10)
    kind = np.full(len(origins), THETA)
    chosen = theta_forecasts(y, origins, starts, alpha, logs, 4)
    for m in (1, 4):  # the season does not matter to it
        np.testing.assert_allclose(base_forecasts(y, origins, starts, kind, logs, m, 4,
                                                  1 - alpha), chosen, rtol=1e-12)


def test_the_theta_base_is_the_theta_that_erred_less_from_the_origins_before():
    """Per origin, the gentle Theta or ``theta.theta_at``'s variant, whichever erred less (the
    sum of absolute errors on the rows up to the origin) from the 3 origins before it; the
    gentle one on a tie (no such row: a series' first rows). Series of years growing along a
    line (one from 5, then thousands, as M1's YAB3) and bending, in one array."""
    from lstmcast.theta import RECENT_ORIGINS, theta_at

    rng = np.random.default_rng(8)
    line = np.r_[5.0, 8000 + 9000 * np.arange(1, 22) + rng.normal(0, 3000, 21)]
    bend = 100 * np.exp(np.cumsum(np.where(np.arange(40) < 25, 0.05, -0.01)))
    y = np.concatenate([line, bend + rng.normal(0, 1, 40)])
    starts = np.array([0] * 5 + [22] * 5)
    origins = starts + np.array([0, 2, 10, 15, 21, 1, 3, 20, 30, 39])
    alpha, logs = np.full(10, 0.5), np.ones(10, bool)
    got = theta_forecasts(y, origins, starts, alpha, logs, 3)
    picked = set()
    for b, (o, s) in enumerate(zip(origins, starts, strict=True)):
        def erred(f, o=o, s=s):
            total = 0.0
            for back in range(o - RECENT_ORIGINS, o):
                if back >= s:
                    fc = f(np.array([back]))[0]
                    total += sum(abs(fc[h] - y[back + 1 + h]) for h in range(3)
                                 if back + 1 + h <= o)
            return total
        def gentle(at, b=b):
            return gentle_theta(y, at, starts[[b]], alpha[[b]], logs[[b]], 3)

        def chosen(at, b=b):
            return theta_at(y, at, starts[[b]], logs[[b]], 1, 3)

        better = erred(chosen) < erred(gentle) * (1 - 1e-9)
        picked.add(better)
        np.testing.assert_allclose(got[b], (chosen if better else gentle)(np.array([o]))[0],
                                   rtol=1e-12)
    assert picked == {True, False}  # both are chosen somewhere


def test_theta_continues_no_trend_that_its_last_rows_turned_from():
    """Japan's population: growing for decades, falling since; the slope of all its years
    forecast a rise (2.5 times naive's error). A trend the last 10 rows do not share is none:
    the level alone; one they share at a gentler pace is theirs."""
    years = np.arange(57)
    japan = 1e8 * np.exp(np.where(years < 45, 0.008 * years, 0.36 - 0.002 * (years - 45)))
    flat = gentle_theta(japan, np.array([56]), np.array([0]), np.array([1.0]),
                        np.array([True]), 6)[0]
    np.testing.assert_allclose(flat, japan[-1], rtol=1e-12)  # alpha 1: the last value
    slowed = 1e8 * np.exp(np.where(years < 47, 0.01 * years, 0.47 + 0.002 * (years - 47)))
    after = gentle_theta(slowed, np.array([56]), np.array([0]), np.array([1.0]),
                         np.array([True]), 2)[0]
    np.testing.assert_allclose(np.log(after / slowed[-1]), [0.001, 0.002], rtol=1e-9)


def test_theta_alpha_is_the_smoothing_that_forecast_the_next_row_best():
    """A random walk's best level is its last value (alpha 1); noise about a constant mean
    smooths heavily; each the least one-step squared error of the grid, row by row."""
    rng = np.random.default_rng(2)
    walk = 50 + np.cumsum(rng.normal(0, 1, 200))
    noise = 50 + rng.normal(0, 1, 200)
    assert theta_alpha(walk, False) >= 0.9 and theta_alpha(noise, False) <= 0.15

    def sse(z, a):
        level, total = z[0], 0.0
        for value in z[1:]:
            total += (value - level) ** 2
            level = a * value + (1 - a) * level
        return total

    for y in (walk, noise):
        chosen = theta_alpha(y, True)
        assert all(sse(np.log(y), chosen) <= sse(np.log(y), a) + 1e-12
                   for a in np.linspace(0.05, 1, 20))
