"""The M4 competition's Theta benchmark at many origins, the forecast a model may be averaged
with (``combine``).

From each origin, of the series' last THETA_SEASONS seasons up to it (THETA_ROWS rows at
least; in log mode, the logs of its values > 0 after its last one that is not): where the
autocorrelation at the season's lag passes M4's 90 % test, the phases' mean deviations from a
centred moving average of a season (classical decomposition) are taken out; simple
exponential smoothing's level of the rest, its constant the one of ALPHAS whose one-step
errors there are least, plus half the least-squares slope through it (Hyndman & Billah's
form, ``bases.theta_forecasts``), forecasts it; the deviations are put back. Each origin
reads only its own rows before it, so train, backtest and predict compute the same forecast
for the same rows. Vectorised over origins: a column of the rows at a time."""

from __future__ import annotations

import numpy as np

THETA_SEASONS = 10  # seasons up to an origin that its forecast reads
THETA_ROWS = 120  # rows at least (a yearly series' whole history, as a rule)
ALPHAS = np.linspace(0.05, 1.0, 20)  # SES's smoothing constants to choose from
SEASONAL_Z = 1.645  # M4's test: one-sided 90 %, on the autocorrelation's Bartlett error
_CELLS = 1 << 22  # origins x rows x alphas held at once


def theta_rows(season: int) -> int:
    """Rows up to an origin that its Theta forecast reads: whole seasons, THETA_ROWS at least."""
    m = max(season, 1)
    return m * max(THETA_SEASONS, -(-THETA_ROWS // m))


def theta_at(target: np.ndarray, origins: np.ndarray, starts: np.ndarray, log: np.ndarray,
             season: int, horizon: int) -> np.ndarray:
    """(B, K) Theta's forecasts from the rows ``origins`` (B,) of ``target``; ``starts`` (B,):
    the first row of each one's series, ``log`` (B,): whether it is forecast in logs."""
    out = np.empty((len(origins), horizon))
    W = theta_rows(season)
    per_part = max(1, _CELLS // (W * len(ALPHAS)))
    for part in np.array_split(np.arange(len(origins)), -(-len(origins) // per_part) or 1):
        out[part] = _theta(target, origins[part], starts[part], log[part], season, horizon, W)
    return out


def _theta(target, origins, starts, log, m, horizon, W):
    at = origins[:, None] - W + 1 + np.arange(W)  # (b, W): the origin's row last
    values = target[np.maximum(at, 0)]
    lg = log[:, None]
    usable = (at >= starts[:, None]) & np.isfinite(values) & (~lg | (values > 0))
    # the rows after the last one not usable: a run up to the origin
    rows = np.flip(np.cumprod(np.flip(usable, axis=1), axis=1), axis=1).astype(bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(rows, np.where(lg, np.log(np.where(rows & lg, values, 1.0)), values), 0.0)
    n = rows.sum(axis=1)
    profile = _seasonal_profile(z, rows, n, m)  # (b, m), 0 where not seasonal
    phase = np.arange(W) % m  # (W a whole number of seasons: step h's phase is (h - 1) % m)
    z = np.where(rows, z - profile[:, phase], 0.0)
    level, alpha = _smoothed(z, rows)
    slope = _slope(z, rows, n)
    reach = (1.0 - (1.0 - alpha) ** n) / alpha
    f = (level[:, None] + slope[:, None] / 2 * (np.arange(horizon) + reach[:, None])
         + profile[:, np.arange(horizon) % m])
    f = np.where(lg, np.exp(np.where(lg, f, 0.0)), f)
    last = target[origins]  # too few rows to smooth: the last value
    return np.where((n >= 3)[:, None], f, last[:, None])


def _seasonal_profile(z, rows, n, m):
    """(b, m) each phase's mean deviation from a centred moving average of a season, centred
    on 0; 0 for a window that fails M4's test (or has fewer than three seasons)."""
    b, W = z.shape
    profile = np.zeros((b, max(m, 1)))
    if m < 2:
        return profile
    judged = n >= 3 * m
    if not judged.any():
        return profile
    mean = np.where(rows, z, 0.0).sum(axis=1) / np.maximum(n, 1)
    d = np.where(rows, z - mean[:, None], 0.0)
    var = (d * d).sum(axis=1)
    acf = np.stack([(d[:, k:] * d[:, :-k]).sum(axis=1) for k in range(1, m + 1)], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        acf = acf / var[:, None]
        limit = SEASONAL_Z * np.sqrt((1 + 2 * (acf[:, :-1] ** 2).sum(axis=1)) / n)
    seasonal = judged & (var > 0) & (np.abs(acf[:, -1]) > limit)
    if not seasonal.any():
        return profile
    weights = np.ones(m) / m if m % 2 else np.r_[0.5, np.ones(m - 1), 0.5] / m
    span = len(weights)
    # the moving average centred on column c reads columns c - span // 2 .. c + span // 2
    windows = np.lib.stride_tricks.sliding_window_view(z, span, axis=1)  # (b, W - span + 1, span)
    whole = np.lib.stride_tricks.sliding_window_view(rows, span, axis=1).all(axis=2)
    trend = windows @ weights
    centre = np.arange(span // 2, W - span // 2)
    deviation = np.where(whole, z[:, centre] - trend, 0.0)
    sums = np.zeros((b, m))
    counts = np.zeros((b, m))
    np.add.at(sums.T, centre % m, deviation.T)
    np.add.at(counts.T, centre % m, whole.T.astype(np.float64))
    seasonal &= (counts > 0).all(axis=1)
    means = sums / np.maximum(counts, 1)
    return np.where(seasonal[:, None], means - means.mean(axis=1, keepdims=True), 0.0)


def _smoothed(z, rows):
    """Each window's SES level at its origin and its constant (of ALPHAS, least squared
    one-step error over its rows), the level started at the window's first row."""
    b, W = z.shape
    first = np.argmax(rows, axis=1)
    level = np.repeat(z[np.arange(b), first][None], len(ALPHAS), axis=0)  # (A, b)
    sse = np.zeros_like(level)
    alphas = ALPHAS[:, None]
    for c in range(W):
        on = (rows[:, c] & (c > first))[None]
        error = z[:, c][None] - level
        sse += np.where(on, error * error, 0.0)
        level = np.where(on, level + alphas * error, level)
    best = np.argmin(sse, axis=0)
    return level[best, np.arange(b)], ALPHAS[best]


def _slope(z, rows, n):
    """The least-squares slope of each window's rows on their times (0 below 3 rows)."""
    t = np.arange(z.shape[1], dtype=np.float64)[None]
    n_ = np.maximum(n, 1).astype(np.float64)
    mean_t = np.where(rows, t, 0.0).sum(axis=1) / n_
    mean_z = z.sum(axis=1) / n_  # (z is 0 off its rows)
    dt = np.where(rows, t - mean_t[:, None], 0.0)
    spread = (dt * dt).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = (dt * (z - mean_z[:, None])).sum(axis=1) / spread
    return np.where((n >= 3) & (spread > 0), slope, 0.0)
