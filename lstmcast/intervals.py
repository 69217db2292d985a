"""Conformal prediction intervals: out-of-sample errors, scaled per series, pooled per step.

Shapes: N forecast origins, K steps, n calibration origins, V levels (e.g. 80 and 95 %).

A forecast's error is measured where the series' model works: ``log(actual / forecast)`` for a
series in log mode (errors proportional to the price), ``actual - forecast`` otherwise. It is
divided by the series' *local scale*: the mean absolute seasonal difference over the rows just
before the origin, in the same space (floored by the same over a longer stretch). Scaled
absolute errors of many origins (and, in a panel, many series) are exchangeable enough to pool,
so each step's interval half-width is a finite-sample conformal quantile of them times the
series' local scale at the origin:

    log mode:  [f * exp(-q_h * s), f * exp(q_h * s)]     additive: [f - q_h * s, f + q_h * s]

so intervals never cross the forecast, follow the series' recent volatility, and widen with the
horizon as the errors do (the half-widths are made non-decreasing in h by isotonic regression).
With few origins a step has too few errors for its own 95 % quantile; then the steps share the
shape of one pooled distribution, scaled by each step's mean error, and no narrower than normal
errors of that mean need (``normal_shape``): a few paths show too little of the tails.
"""

from __future__ import annotations

import math

import numpy as np

from .errors import InputError

DEFAULT_LEVELS = (80, 95)
LONG_SCALE = 4  # the local scale is floored by the same measure over this many times the rows
PER_STEP_MIN = 200  # calibration origins from which each step gets its own quantile
MSIS_LEVEL = 95  # M4's mean scaled interval score is defined at 95 %


def check_levels(levels) -> tuple[float, ...]:
    """Interval levels in percent, sorted, without repeats; ``[0]`` (or nothing) means none."""
    try:  # ("80,95" from a library call, as --level 80 --level 95)
        chosen = sorted({float(v) for v in (levels.split(",") if isinstance(levels, str)
                                            else levels or ())})
    except (TypeError, ValueError):
        raise InputError(f"--level must be a number (a percentage such as 80 or 95), got "
                         f"{levels!r}") from None
    if chosen == [0.0]:
        return ()
    for v in chosen:
        if not 0 < v < 100:
            raise InputError(f"--level must be between 0 and 100 (a percentage such as 80 or "
                             f"95), or 0 alone for no intervals; got {v:g}")
        if v < 1:  # an interval of 0.8 % is the forecast itself, to a hair
            raise InputError(f"--level {v:g} is a fraction, but levels are percentages: give "
                             + (f"{100 * v:g} for {100 * v:g} %" if v >= 0.01 else "e.g. 80"))
    return tuple(chosen)


def floored_scale(values: np.ndarray, origins: np.ndarray, starts: np.ndarray, lag: int,
                  window: int, filled: np.ndarray | None = None) -> np.ndarray:
    """The local scale over ``window`` rows, floored by the scale over ``LONG_SCALE`` times as
    many: a quiet spell before an origin does not make its interval narrower than the series'
    longer history supports (measured on M4 Hourly: MSIS 9.5 to 8.8 at the same coverage)."""
    return np.fmax(local_scale(values, origins, starts, lag, window, filled),
                   local_scale(values, origins, starts, lag, LONG_SCALE * window, filled))


def isotonic(y: np.ndarray) -> np.ndarray:
    """The non-decreasing sequence closest to ``y`` in least squares (pool adjacent violators):
    per-step quantiles made monotone without the upward bias of a running maximum."""
    blocks: list[list[float]] = []  # [mean, count] of each pooled block
    for value in np.asarray(y, dtype=np.float64):
        blocks.append([value, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, count = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * count) / (blocks[-1][1] + count),
                          blocks[-1][1] + count]
    return np.concatenate([np.full(int(count), mean) for mean, count in blocks])


def scale_window(lookback: int, season: int) -> int:
    """Rows before an origin that its local scale is measured on: the model's window, at least
    a few seasons, so one quiet week does not make every interval narrow."""
    return max(lookback, 4 * season, 20)


def rows_scaled(lookback: int, season: int) -> int:
    """Rows up to an origin that its interval's scale reads: the floor's longer span of
    changes, each over a season (or a step) from the row it starts at."""
    return LONG_SCALE * scale_window(lookback, season) + season


def transformed(values: np.ndarray, log: np.ndarray) -> np.ndarray:
    """``values`` where ``log`` is False, their logarithm where it is True (same shape)."""
    values = np.asarray(values, dtype=np.float64)
    out = values.copy()
    np.log(values, out=out, where=np.asarray(log, dtype=bool) & (values > 0))
    return out


def local_scale(values: np.ndarray, origins: np.ndarray, starts: np.ndarray, lag: int,
                window: int, filled: np.ndarray | None = None) -> np.ndarray:
    """(N,) mean |z_t - z_{t-lag}| over the last ``window`` pairs up to each origin (t in
    (origin - window, origin] where no row is filled) with t - lag at or after the series'
    first row ``starts``, neither of them a row the loader ``filled`` (n,); NaN when there is
    no such pair.

    ``values`` (rows of all series, already transformed) only up to each origin are used, so
    the scale at an origin is known when its forecast is made. A gap filled forward is no
    change: counted, its flat rows made a random walk's 80 % interval 23 % narrower after 17
    days an export lacked, the forecast with less data the surer; and the changes before the
    gap stand for its rows (a feed back from 240 days' outage had 3 rows after it, whose 2
    changes alone made bitcoin's 80 % interval +-0.15 %, its usual +-3 %).
    """
    z = np.asarray(values, dtype=np.float64)
    pairs = np.zeros(len(z) + 1)  # pairs[t + 1]: whether |z_t - z_{t-lag}| counts
    pairs[lag + 1:] = 1.0 if filled is None else ~(filled[lag:] | filled[:-lag])
    gaps = np.zeros(len(z) + 1)
    gaps[lag + 1:] = np.abs(z[lag:] - z[:-lag]) * pairs[lag + 1:]  # gaps[t + 1]: of z_t
    cumulative, counted = np.cumsum(gaps), np.cumsum(pairs)
    origins = np.asarray(origins, dtype=np.int64)
    # the first row of the last ``window`` pairs that count, reaching back over filled rows
    back = np.searchsorted(counted, counted[origins + 1] - window, side="right") - 1
    first = np.maximum(np.minimum(origins - window + 1, back),
                       np.asarray(starts, dtype=np.int64) + lag)
    since = np.minimum(first, origins + 1)
    count = counted[origins + 1] - counted[since]
    total = cumulative[origins + 1] - cumulative[since]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def scaled_errors(actual: np.ndarray, forecast: np.ndarray, scale: np.ndarray,
                  log: np.ndarray) -> np.ndarray:
    """(N, K) |error| / scale, the error in each origin's space (log ratio or difference);
    NaN where it is undefined (scale 0 or NaN, a non-positive value in log mode)."""
    log = np.asarray(log, dtype=bool)[:, None]
    a, f = np.asarray(actual, dtype=np.float64), np.asarray(forecast, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(log & (a > 0) & (f > 0), np.log(np.abs(a) / np.abs(f)), np.nan)
        error = np.where(log, ratio, a - f)
        s = np.asarray(scale, dtype=np.float64)[:, None]
        return np.where(s > 0, np.abs(error) / s, np.nan)


def conformal_quantile(scores: np.ndarray, level: float) -> float:
    """The finite-sample conformal quantile of finite ``scores`` at ``level`` percent: the
    ceil((n + 1) * level / 100)-th smallest; NaN without scores.

    When n is too small for that rank (under 4 scores for 80 %, 19 for 95 %), no score is
    far enough out: the worst one, which stands for level n / (n + 1), is stretched as far as
    normal errors' quantiles stretch from that level to ``level``. The worst of 6 alone made
    the 80 % and 95 % intervals one."""
    s = np.sort(scores[np.isfinite(scores)])
    if s.size == 0:
        return float("nan")
    rank = math.ceil((s.size + 1) * level / 100.0)
    if rank <= s.size:
        return float(s[rank - 1])
    from statistics import NormalDist  # here: predict's start-up does without it

    z = NormalDist().inv_cdf  # |error| <= q with probability p where q = z(1/2 + p/2)
    return float(s[-1] * z(0.5 + level / 200.0) / z(0.5 + s.size / (s.size + 1) / 2.0))


def normal_shape(level: float) -> float:
    """The ``level`` percent quantile of |e| over its mean for normal errors e: 1.606 at 80 %,
    2.456 at 95 %. Real panels' pooled errors are heavier-tailed still (3.0 at 95 % in M4
    Hourly's, M1's and the real panels'), so a floor, not a shape."""
    from statistics import NormalDist  # here: predict's start-up does without it

    return NormalDist().inv_cdf(0.5 + level / 200.0) / math.sqrt(2.0 / math.pi)


def calibrate(errors: np.ndarray, levels) -> np.ndarray:
    """(V, K) half-widths in scale units from (n, K) scaled absolute errors: per step when
    every step has ``PER_STEP_MIN`` errors, else a pooled shape times each step's mean error,
    at least ``normal_shape`` times it; non-decreasing in the step and in the level.

    The floor: a single series' errors come from a few overlapping paths (one validation
    path of 12 months: its 12 ratios to their own running maximum, none above 1, made the 95 %
    band 1.1 times the 80 % one). 52 single series at 3 origins each held 0.765 / 0.915 of
    the actuals without it, 0.796 / 0.930 with it, for a mean scaled interval score 0.8 %
    higher (5.946 -> 5.994); Laplace's floor (3.0 at 95 %) held 0.796 / 0.952 for 6 % more."""
    errors = np.asarray(errors, dtype=np.float64)
    levels = sorted(float(v) for v in levels)
    K = errors.shape[1]
    counts = np.isfinite(errors).sum(axis=0)
    q = np.full((len(levels), K), np.nan)
    if counts.size and counts.min() >= PER_STEP_MIN:
        for v, level in enumerate(levels):
            q[v] = isotonic([conformal_quantile(errors[:, h], level) for h in range(K)])
    elif counts.sum() > 0:
        step_mean = np.array([np.nanmean(errors[:, h]) if counts[h] else np.nan
                              for h in range(K)])
        step_mean = np.fmax.accumulate(np.where(np.isfinite(step_mean), step_mean, 0.0))
        with np.errstate(invalid="ignore", divide="ignore"):
            ratios = np.where(step_mean > 0, errors / step_mean, np.nan)
        for v, level in enumerate(levels):
            shape = max(conformal_quantile(ratios.reshape(-1), level), normal_shape(level))
            q[v] = shape * step_mean
    return np.fmax.accumulate(q, axis=0)  # a 95 % interval contains the 80 % one


def bands(forecast: np.ndarray, scale: np.ndarray, log: np.ndarray,
          half_widths: np.ndarray, widest: np.ndarray | None = None
          ) -> tuple[np.ndarray, np.ndarray]:
    """(V, N, K) lower and upper bounds around (N, K) forecasts from (V, K) half-widths;
    ``widest`` (N,) caps each origin's half-width (in the space of its errors)."""
    f = np.asarray(forecast, dtype=np.float64)[None]
    width = half_widths[:, None, :] * np.asarray(scale, dtype=np.float64)[None, :, None]
    width = np.where(np.isfinite(width), width, 0.0)  # no scale: a point forecast only
    if widest is not None:
        width = np.minimum(width, np.where(np.isfinite(widest), widest, np.inf)[None, :, None])
    log = np.asarray(log, dtype=bool)[None, :, None]
    log_width = np.where(log, width, 0.0)  # exp of log-mode widths only: additive ones, 1e12
    lo = np.where(log, f * np.exp(-log_width), f - width)
    hi = np.where(log, f * np.exp(log_width), f + width)
    return lo, hi


def coverage(actual: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> float:
    """Share of finite actuals inside [lo, hi] (any equal shapes); NaN without points."""
    a = np.asarray(actual, dtype=np.float64)
    ok = np.isfinite(a) & np.isfinite(lo) & np.isfinite(hi)
    if not ok.any():
        return float("nan")
    return float(np.mean((a[ok] >= lo[ok]) & (a[ok] <= hi[ok])))


def interval_score(actual: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                   level: float = MSIS_LEVEL) -> np.ndarray:
    """Pointwise interval score (Gneiting and Raftery): width plus 2 / alpha times the
    distance of a miss; divided by the MASE scale and averaged, it is M4's MSIS."""
    alpha = 1.0 - level / 100.0
    a = np.asarray(actual, dtype=np.float64)
    below, above = np.maximum(lo - a, 0.0), np.maximum(a - hi, 0.0)
    return (hi - lo) + (2.0 / alpha) * (below + above)
