"""The Theta method at many origins, the forecast a model may be averaged with (``combine``):
of three variants, the one that erred least from the RECENT_ORIGINS origins before each.

From each origin, of the series' last THETA_SEASONS seasons up to it (THETA_ROWS rows at
least; in log mode, the logs of its values > 0 after its last one that is not): where the
autocorrelation at the season's lag passes M4's 90 % test, the phases' mean deviations from a
centred moving average of a season (classical decomposition) are taken out, and the rest is
forecast by one of VARIANTS; the deviations are put back.

- "standard", M4's benchmark: simple exponential smoothing's level, its constant the one of
  ALPHAS whose one-step errors are least, plus half the least-squares slope (Hyndman &
  Billah's form, ``theta_base.gentle_theta``); in logs in log mode.
- "optimised in levels" and "optimised in logs": the optimised Theta of Fiorucci et al.
  (2016), as their R package forecTheta writes it: a share w of the least-squares line taken
  out, the rest smoothed, the line's share put back; w (of WEIGHTS, 1 - 1/theta) and the
  constant those of least one-step error. A series of years that grows along a line is
  forecast so (M1's yearly series, held out, each variant alone: OWA 0.760 and 0.712 against
  the standard's 0.803 and 0.783), one that grows by a rate in logs (countries' GDP: 0.645,
  the standard's 0.711); an early value far under the rest (5, then 8,536) tilts the line in
  logs.

A variant's errors are those of its forecasts from the RECENT_ORIGINS origins before the
origin, on the rows up to it. Each origin reads only its own rows before it, so train,
backtest and predict compute the same forecast for the same rows. Vectorised over origins: a
column of the rows at a time."""

from __future__ import annotations

import numpy as np

THETA_SEASONS = 10  # seasons up to an origin that its forecast reads
THETA_ROWS = 120  # rows at least (a yearly series' whole history, as a rule)
ALPHAS = np.linspace(0.05, 1.0, 20)  # SES's smoothing constants to choose from
WEIGHTS = np.array([0.0, 0.5, 0.75, 1.0])  # the line's shares (theta 1, 2, 4, infinite) an
# optimised variant chooses from (a finer grid, 0, 0.25, 0.5, 0.6, ..., 0.9, 1, did as well:
# M1 yearly 0.707 and 0.691 against these four's 0.713 and 0.688, Theta alone, offline)
VARIANTS = ("standard", "optimised in levels", "optimised in logs")
RECENT_ORIGINS = 3  # origins before each whose errors choose its variant (6: M1 yearly 0.717
# and 0.723, GDP 0.626, against 0.707, 0.691 and 0.613 with 3; Theta alone, offline)
STANDARD, CHOSEN = 1, 2  # Recipe.theta_mean's Theta: M4's standard (a version-13 model file's),
# or the variant that erred least from the origins before
SEASONAL_Z = 1.645  # M4's test: one-sided 90 %, on the autocorrelation's Bartlett error
_CELLS = 1 << 22  # origins x rows x alphas held at once


def _window(season: int) -> int:
    """Rows up to an origin that one Theta forecast reads: whole seasons, THETA_ROWS at least."""
    m = max(season, 1)
    return m * max(THETA_SEASONS, -(-THETA_ROWS // m))


def theta_rows(season: int) -> int:
    """Rows up to an origin that its Theta forecast reads, with the origins before it that
    choose its variant."""
    return _window(season) + RECENT_ORIGINS


def theta_at(target: np.ndarray, origins: np.ndarray, starts: np.ndarray, log: np.ndarray,
             season: int, horizon: int, kind: int = CHOSEN) -> np.ndarray:
    """(B, K) Theta's forecasts from the rows ``origins`` (B,) of ``target``; ``starts`` (B,):
    the first row of each one's series, ``log`` (B,): whether it is forecast in logs; ``kind``:
    CHOSEN or STANDARD."""
    if kind != STANDARD:
        return chosen_recent(target, origins, starts, log, season, horizon, 0)[:, 0]
    out = np.empty((len(origins), horizon))
    W = _window(season)
    for part in _parts(len(origins), W, 1):
        out[part] = _theta(target, origins[part], starts[part], log[part], season, horizon, W,
                           (False,))[0]
    return out


def chosen_recent(target: np.ndarray, origins: np.ndarray, starts: np.ndarray,
                  log: np.ndarray, season: int, horizon: int,
                  depth: int = RECENT_ORIGINS) -> np.ndarray:
    """(B, depth + 1, K) the chosen variant's forecasts (``theta_at``) from each of ``origins``
    and the ``depth`` before it, in ``recent_origins``' order: every variant computed once from
    the origins all of them read."""
    out = np.empty((len(origins), depth + 1, horizon))
    W = _window(season)
    for part in _parts(len(origins), W, depth + RECENT_ORIGINS + 1):
        out[part] = _chosen(target, origins[part], starts[part], log[part], season, horizon, W,
                            depth)
    return out


def _parts(b: int, W: int, per_origin: int) -> list[np.ndarray]:
    """Origins a part at a time, so that each part holds up to _CELLS windows' rows x alphas."""
    per_part = max(1, _CELLS // (W * len(ALPHAS) * per_origin))
    return np.array_split(np.arange(b), -(-b // per_part) or 1)


def _chosen(target, origins, starts, log, m, K, W, depth):
    """(b, depth + 1, K) from each origin and the ``depth`` before it, the forecasts of the
    variant whose in-sample forecasts erred least (``recent_errors``); the standard's where
    none has such a row."""
    b, R = len(origins), RECENT_ORIGINS
    first, flat = recent_origins(origins, starts, depth + R)
    logs = np.repeat(log, depth + R + 1)
    with np.errstate(over="ignore", invalid="ignore"):  # (a line in logs may run off)
        standard, optimised = _theta(target, flat, first, logs, m, K, W, (False, True))
        levels = _theta(target, flat, first, np.zeros_like(logs), m, K, W, (True,))[0]
    forecasts = np.stack([standard, levels, optimised]).reshape(3, b, depth + R + 1, K)
    out = np.empty((b, depth + 1, K))
    for j in range(depth + 1):  # the origin j rows back, and the R before it
        mine = forecasts[:, :, j : j + R + 1]
        errors = recent_errors(target, np.maximum(origins - j, starts), starts, mine)
        out[:, j] = mine[np.argmin(errors, axis=0), np.arange(b), 0]  # (ties: the first variant)
    return out


def recent_origins(origins: np.ndarray, starts: np.ndarray,
                   back: int = RECENT_ORIGINS) -> tuple[np.ndarray, np.ndarray]:
    """(B * (back + 1),) each origin and the ``back`` before it, in turn, and the first row of
    its series; one before that first row is the first row (unscored)."""
    first = np.repeat(starts, back + 1)
    at = (origins[:, None] - np.arange(back + 1)).ravel()
    return first, np.maximum(at, first)


def recent_errors(target: np.ndarray, origins: np.ndarray, starts: np.ndarray,
                  forecasts: np.ndarray) -> np.ndarray:
    """(V, B) of V methods' forecasts (V, B, R + 1, K) from ``recent_origins``, the sum of the
    absolute errors of those from the R before each origin, on the rows up to it of its series
    (from ``starts``); inf for a forecast not finite."""
    at = origins[:, None] - np.arange(1, RECENT_ORIGINS + 1)  # (B, R)
    steps = at[:, :, None] + np.arange(1, forecasts.shape[-1] + 1)  # (B, R, K): rows forecast
    # (clipped into the origin's own series up to it: a row before an origin in a series'
    # first RECENT_ORIGINS rows is unscored, and no index wraps round)
    actual = target[np.clip(steps, starts[:, None, None], origins[:, None, None])]
    known = ((steps <= origins[:, None, None]) & (at[:, :, None] >= starts[:, None, None])
             & np.isfinite(actual))
    with np.errstate(over="ignore", invalid="ignore"):
        errors = np.abs(forecasts[:, :, 1:] - np.where(known, actual, 0.0))
    return np.where(known, np.nan_to_num(errors, nan=np.inf), 0.0).sum(axis=(2, 3))


def _theta(target, origins, starts, log, m, horizon, W, variants):
    """Each of ``variants`` (True: optimised) from the windows up to ``origins``, deseasonalised
    (and in logs where ``log``) once for all."""
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
    slope = _slope(z, rows, n)
    last = target[origins]  # too few rows to smooth: the last value
    out = []
    for optimised in variants:
        if optimised:
            level, weight = _optimised(z, rows, slope)
            f = level[:, None] + (weight * slope)[:, None] * np.arange(1, horizon + 1)
        else:
            level, alpha = _smoothed(z, rows)
            reach = (1.0 - (1.0 - alpha) ** n) / alpha
            f = level[:, None] + slope[:, None] / 2 * (np.arange(horizon) + reach[:, None])
        f = f + profile[:, np.arange(horizon) % m]
        f = np.where(lg, np.exp(np.where(lg, f, 0.0)), f)
        out.append(np.where((n >= 3)[:, None], f, last[:, None]))
    return out


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


def _optimised(z, rows, slope):
    """Each window's optimised Theta: for each share w of WEIGHTS, u = z - w * slope * t (t
    the rows' offsets from the origin) smoothed from its first row with each of ALPHAS; of the
    pair whose one-step errors are least (alpha-major: the lesser alpha on a tie), u's level at
    the origin and w (the forecast h steps ahead: level + w * slope * h)."""
    from .theta_kernel import optimised_levels  # (Numba: not loaded where no Theta is made)

    return optimised_levels(z, np.argmax(rows, axis=1), slope,
                            np.repeat(ALPHAS, len(WEIGHTS)), np.tile(WEIGHTS, len(ALPHAS)))


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
