"""theta.py against its slow, obvious twin: one origin at a time, in plain loops."""

import numpy as np
import pytest

from lstmcast.baselines import is_seasonal
from lstmcast.theta import ALPHAS, RECENT_ORIGINS, WEIGHTS, _theta, _window, theta_at


def slow_theta(y: np.ndarray, origin: int, start: int, log: bool, m: int, K: int,
               optimised: bool = False) -> np.ndarray:
    """Theta from one origin: the run of usable rows up to it within _window(m), classical
    decomposition if M4's test says seasonal, SES by grid, half the slope; optimised: for each
    (alpha, w), SES of the rows less w times the slope's line, the pair of least one-step
    error, forecast along w times the slope."""
    first = max(start, origin - _window(m) + 1)
    rows = list(range(first, origin + 1))
    if log:  # only the run of values > 0 up to the origin
        while any(y[r] <= 0 for r in rows):
            rows = rows[[y[r] <= 0 for r in rows].index(True) + 1:]
    z = np.array([np.log(y[r]) if log else y[r] for r in rows])
    n = len(z)
    if n < 3:
        return np.full(K, y[origin])
    profile = np.zeros(max(m, 1))
    if m >= 2 and is_seasonal(z, m):
        half = m // 2
        weights = [1.0 / m] * m if m % 2 else [0.5 / m] + [1.0 / m] * (m - 1) + [0.5 / m]
        sums, counts = np.zeros(m), np.zeros(m)
        for i in range(half, n - half):
            trend = sum(w * z[i - half + j] for j, w in enumerate(weights))
            phase = (rows[i] - origin - 1) % m
            sums[phase] += z[i] - trend
            counts[phase] += 1
        if all(counts > 0):
            profile = sums / counts
            profile -= profile.mean()
    d = np.array([z[i] - profile[(rows[i] - origin - 1) % m] for i in range(n)])
    t = np.arange(n)
    slope = np.sum((t - t.mean()) * (d - d.mean())) / np.sum((t - t.mean()) ** 2)
    shares = WEIGHTS if optimised else [None]
    best = None
    for a in ALPHAS:
        for w in shares:  # (optimised: smoothed less w times the line, origin at 0)
            u = d if w is None else [d[i] - w * slope * (rows[i] - origin) for i in range(n)]
            level, sse = _smoothed(u, a)
            if best is None or sse < best[0]:
                best = (sse, a, w, level)
    _, a, w, level = best
    if optimised:
        f = np.array([level + w * slope * (h + 1) + profile[h % m] for h in range(K)])
    else:
        f = np.array([level + slope / 2 * (h + (1 - (1 - a) ** n) / a) + profile[h % m]
                      for h in range(K)])
    return np.exp(f) if log else f


def _smoothed(values, a):
    """Simple exponential smoothing with constant ``a`` from the first value: the last level
    and the sum of squared one-step errors."""
    level, sse = values[0], 0.0
    for v in values[1:]:
        sse += (v - level) ** 2
        level += a * (v - level)
    return level, sse


VARIANTS = ((True, False), (False, True), (True, True))  # (in logs if log mode, optimised)


def slow_chosen(y: np.ndarray, origin: int, start: int, log: bool, m: int, K: int):
    """The variant (of VARIANTS: standard, optimised in levels, optimised in logs) whose
    forecasts from the RECENT_ORIGINS origins before ``origin`` erred least, in the sum of
    absolute errors on the rows up to it (ties: the first); its forecast from ``origin``, and
    its index."""
    errors = []
    for in_logs, optimised in VARIANTS:
        total = 0.0
        for back in range(origin - RECENT_ORIGINS, origin):
            if back < start:
                continue
            f = slow_theta(y, back, start, log and in_logs, m, K, optimised)
            total += sum(abs(f[h] - y[back + 1 + h]) for h in range(K)
                         if back + 1 + h <= origin and np.isfinite(y[back + 1 + h]))
        errors.append(total)
    k = errors.index(min(errors))
    return slow_theta(y, origin, start, log and VARIANTS[k][0], m, K, VARIANTS[k][1]), k


def _panel(m):
    rng = np.random.default_rng(m)
    a = 50 + np.cumsum(rng.normal(0.1, 1.0, 150)) + 5 * np.sin(2 * np.pi * np.arange(150) / m)
    b = 30 + 0.2 * np.arange(90) + rng.normal(0, 2.0, 90)  # a line, and noise
    return np.concatenate([a, b]), np.array([1, 2, 5, 40, 100, 149, 152, 170, 239])


@pytest.mark.parametrize("m", [1, 4, 7, 12])
@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("optimised", [False, True])
def test_each_variant_matches_its_slow_twin(m, log, optimised):
    target, origins = _panel(m)
    starts = np.where(origins < 150, 0, 150)
    got, = _theta(target, origins, starts, np.full(len(origins), log), m, 9, _window(m),
                  (optimised,))
    for row, (o, s) in enumerate(zip(origins, starts, strict=True)):
        np.testing.assert_allclose(got[row], slow_theta(target, o, s, log, m, 9, optimised),
                                   rtol=1e-9)


def test_theta_is_the_variant_that_erred_least_on_the_origins_before():
    chosen = set()
    for m in (1, 4, 7, 12):
        target, origins = _panel(m)
        starts = np.where(origins < 150, 0, 150)
        for log in (False, True):
            got = theta_at(target, origins, starts, np.full(len(origins), log), m, 9)
            for row, (o, s) in enumerate(zip(origins, starts, strict=True)):
                want, k = slow_chosen(target, o, s, log, m, 9)
                np.testing.assert_allclose(got[row], want, rtol=1e-9)
                chosen.add(k)
    assert chosen == {0, 1, 2}  # each variant is chosen somewhere


def test_theta_in_log_mode_starts_after_the_last_value_not_above_zero():
    rng = np.random.default_rng(3)
    y = np.exp(rng.normal(0, 0.1, 60)) * 10
    y[20] = 0.0
    for optimised in (False, True):
        got, = _theta(y, np.array([59]), np.array([0]), np.array([True]), 1, 3, _window(1),
                      (optimised,))
        np.testing.assert_allclose(got[0], slow_theta(y, 59, 0, True, 1, 3, optimised),
                                   rtol=1e-9)
        assert np.all(got > 0)
    got = theta_at(y, np.array([59]), np.array([0]), np.array([True]), 1, 3)
    np.testing.assert_allclose(got[0], slow_chosen(y, 59, 0, True, 1, 3)[0], rtol=1e-9)


def test_theta_of_a_seasonal_series_keeps_its_season_and_reads_no_row_after_its_origin():
    m = 12
    t = np.arange(240)
    y = 100 + 0.5 * t + 20 * np.sin(2 * np.pi * t / m)
    got = theta_at(y, np.array([200]), np.array([0]), np.array([False]), m, m)[0]
    np.testing.assert_allclose(got, y[201:213], atol=3.0)  # season and trend, both kept
    later = y.copy()
    later[201:] = -1e6
    np.testing.assert_array_equal(
        theta_at(later, np.array([200]), np.array([0]), np.array([False]), m, m)[0], got)


def test_theta_from_a_one_row_target_is_its_value():
    """predict of a one-row file with a model whose lookback is 1: the origins before the
    first row are unscored, and none is read (an IndexError before)."""
    for kind in (1, 2):
        for log in (False, True):
            got = theta_at(np.array([5.0]), np.array([0]), np.array([0]), np.array([log]), 1,
                           3, kind)
            np.testing.assert_array_equal(got, [[5.0, 5.0, 5.0]])
