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


def seasonal_indices(y: np.ndarray, m: int) -> np.ndarray:
    """(m,) multiplicative seasonal indices of classical decomposition, position 0 being the
    series' first row: ratios to the centred moving average, averaged per position, scaled to
    mean 1."""
    y = np.asarray(y, dtype=np.float64)
    if m % 2:
        trend = np.convolve(y, np.ones(m) / m, mode="valid")
        offset = m // 2
    else:  # a 2 x m moving average centres an even season
        weights = np.r_[0.5, np.ones(m - 1), 0.5] / m
        trend = np.convolve(y, weights, mode="valid")
        offset = m // 2
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
