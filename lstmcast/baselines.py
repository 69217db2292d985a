"""M4's reference forecasts beyond naive: the seasonality test and Naive2 (naive on the
seasonally adjusted series, classical multiplicative decomposition), which OWA is relative to."""

from __future__ import annotations

import numpy as np


def is_seasonal(y: np.ndarray, m: int, positive: bool = False) -> bool:
    """M4's seasonality test: the autocorrelation at lag m exceeds 1.645 of its standard errors
    (Bartlett's formula), on a series with at least three seasons; ``positive``: the
    autocorrelation above them, not below."""
    y = np.asarray(y, dtype=np.float64)
    if m < 2 or len(y) < 3 * m:
        return False
    if not np.ptp(y) > 0:
        return False
    acf = autocorrelations(y, m)
    limit = 1.645 * np.sqrt((1 + 2 * np.sum(acf[:-1] ** 2)) / len(y))
    return bool((acf[-1] if positive else abs(acf[-1])) > limit)


def autocorrelations(y: np.ndarray, lags: int) -> np.ndarray:
    """(lags,) the sample autocorrelations of ``y`` (not constant) at lags 1..lags."""
    d = np.asarray(y, dtype=np.float64) - np.mean(y)
    return np.array([float(d[:-k] @ d[k:]) for k in range(1, lags + 1)]) / float(d @ d)


def centred_moving_average(y: np.ndarray, m: int) -> tuple[np.ndarray, int]:
    """(trend, offset): the moving average of a season centred on each row it can be, from row
    ``offset`` (m // 2) on; a 2 x m average centres an even season."""
    weights = np.ones(m) / m if m % 2 else np.r_[0.5, np.ones(m - 1), 0.5] / m
    return np.convolve(y, weights, mode="valid"), m // 2


def seasonal_indices(y: np.ndarray, m: int) -> np.ndarray:
    """(m,) multiplicative seasonal indices of classical decomposition, position 0 being the
    series' first row: ratios to the centred moving average, averaged per position, scaled to
    mean 1."""
    y = np.asarray(y, dtype=np.float64)
    trend, offset = centred_moving_average(y, m)
    ratio = y[offset : offset + len(trend)] / trend
    positions = (np.arange(len(ratio)) + offset) % m
    index = np.array([ratio[positions == p].mean() for p in range(m)])
    return index / index.mean()


def naive2(y: np.ndarray, m: int, horizon: int) -> np.ndarray:
    """(K,) Naive2 forecast after the history ``y``: naive when the series is not seasonal (or
    not positive), else the last seasonally adjusted value times the coming seasonal indices."""
    y = np.asarray(y, dtype=np.float64)
    if m < 2 or not np.all(y > 0) or not is_seasonal(y, m):
        return np.full(horizon, y[-1])
    index = seasonal_indices(y, m)
    n = len(y)
    adjusted_last = y[-1] / index[(n - 1) % m]
    return adjusted_last * index[(n + np.arange(horizon)) % m]


def naive2_at(y: np.ndarray, origins: np.ndarray, m: int, horizon: int) -> np.ndarray:
    """(B, K) ``naive2(y[: o + 1], m, horizon)`` for each origin o of ``origins``, from sums
    over the series' prefixes: the test periods of a long series score thousands of origins,
    and each one's test and decomposition over its whole history made the scoring quadratic
    (100,000 hourly rows: 32 s of a 44 s run)."""
    y = np.asarray(y, dtype=np.float64)
    origins = np.asarray(origins, dtype=np.int64)
    out = np.repeat(y[origins][:, None], horizon, axis=1)
    n = origins + 1
    if m < 2 or not len(origins):
        return out
    positive = np.cumsum(~(y > 0))[origins] == 0
    varies = np.maximum.accumulate(y)[origins] > np.minimum.accumulate(y)[origins]
    tested = np.flatnonzero(positive & varies & (n >= 3 * m))
    if not len(tested):
        return out
    seasonal = _seasonal_at(y, n[tested], m)
    chosen = tested[seasonal]
    if len(chosen):
        index = _indices_at(y, n[chosen], m)  # (b, m)
        rows = np.arange(len(chosen))
        last = y[origins[chosen]] / index[rows, (n[chosen] - 1) % m]
        ahead = (n[chosen][:, None] + np.arange(horizon)) % m
        out[chosen] = last[:, None] * index[rows[:, None], ahead]
    return out


def _seasonal_at(y: np.ndarray, n: np.ndarray, m: int) -> np.ndarray:
    """``is_seasonal(y[:k], m)`` for each length k of ``n`` (each >= 3m, over values that
    vary), from prefix sums of the series less its mean (which keeps large levels exact)."""
    z = y - y.mean()
    a = np.r_[0.0, np.cumsum(z)]  # a[j]: the sum of z[:j]
    q = np.r_[0.0, np.cumsum(z * z)]
    mu = a[n] / n
    denominator = q[n] - n * mu * mu
    acf = np.empty((len(n), m))
    for k in range(1, m + 1):
        p = np.r_[0.0, np.cumsum(z[:-k] * z[k:])]  # p[j]: sum of z[t] z[t+k], t < j
        acf[:, k - 1] = (p[n - k] - mu * (a[n - k] + a[n] - a[k]) + (n - k) * mu * mu) \
            / denominator
    limit = 1.645 * np.sqrt((1 + 2 * np.sum(acf[:, :-1] ** 2, axis=1)) / n)
    return np.abs(acf[:, -1]) > limit


def _indices_at(y: np.ndarray, n: np.ndarray, m: int) -> np.ndarray:
    """(len(n), m) ``seasonal_indices(y[:k], m)`` for each length k of ``n``: the ratios to
    the centred moving average are the same in every prefix that holds them."""
    trend, offset = centred_moving_average(y, m)
    with np.errstate(divide="ignore", invalid="ignore"):  # a 0 after the positive prefixes
        ratio = y[offset : offset + len(trend)] / trend  # read (a cumsum's NaN runs forward)
    held = n - (len(y) - len(trend))  # ratios a prefix of k rows holds: its first k - m (+1 odd)
    index = np.empty((len(n), m))
    for p in range(m):
        first = (p - offset) % m  # the first ratio at position p
        sums = np.r_[0.0, np.cumsum(ratio[first::m])]
        count = np.maximum(-(-(held - first) // m), 0)
        index[:, p] = sums[count] / count
    return index / index.mean(axis=1, keepdims=True)
