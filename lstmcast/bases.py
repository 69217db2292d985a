"""The base forecasts a network corrects, and their in-sample errors (``baselines`` holds the
reference methods the metrics compare against).

A window ending at row o of a series with season m is based on one of BASES:

    "last"            the last value (naive)
    "seasonal"        seasonal naive: step h repeats y[o - m + 1 + (h-1) % m]
    "seasonal_mean"   the mean of the m rows up to o plus that phase's mean deviation from its
                      season's local trend over the series' last J seasons (J up to 10; in log
                      mode, of logs): seasonal naive with the noise of one season averaged out.
                      A season's local trend is the line through its mean, of slope that from
                      the mean of the season before it to that of the season after it (from or
                      to its own mean at the ends): a season's deviations are its shape, not
                      the rise it was part of (a classical decomposition detrends so, by a
                      centred moving average). The deviations of the season j seasons back weigh
                      shape_memory ** j, as exponential smoothing weighs the past (1: all
                      seasons alike; less: a season's shape that changes, as a growing
                      amplitude does)
    "seasonal_trend"  the same, continued along the trend of those J seasons' means: for a
                      growing seasonal series
    "seasonal_last"   the last value less its phase's deviation, plus each step's (the
                      deviations of "seasonal_mean"): Naive2 with that profile, for a trending
                      series whose level the seasons' means lag

and, where the season is a day of sub-daily steps, the same four at a week of them (WEEK
seasons): "weekly", "weekly_mean", "weekly_trend", "weekly_last" (departures per hour on a
schedule that differs on weekends, calls to an office closed on Sundays).

and, for a yearly series whose base forecasts alone:

    "theta"           the Theta method (Assimakopoulos & Nikolopoulos, 2000, as Hyndman & Billah
                      2003 restate it): the series' level smoothed exponentially from its first
                      row (in log mode, of logs, after its last value <= 0), plus half the slope
                      of a straight line fitted to all those rows up to o, or to the last
                      RECENT_ROWS (``theta_base``) where gentler (none where they differ in sign),
                      the level's memory (1 - alpha) the series' shape_memory slot; or the
                      variant of ``theta`` that erred less from the origins before

and, for a seasonal series of a panel of many whose bases forecast alone:

    "seasonal_blend"  the mean of "seasonal_mean", "seasonal_trend" and "seasonal_last" (of
                      their logs in log mode): a combination, where each series' choice among
                      them by its in-sample error erred more than any one of them for all

and, for an intermittent series (many of its rows 0) whose base forecasts alone:

    "median"          step h the median of the rows at its phase over the last (up to J)
                      seasons up to o (m = 1: of the last J rows): the forecast least in
                      absolute error when most rows are 0, where the last value and seasonal
                      naive repeat a sale that is rarely repeated

A window with fewer than m rows of its series up to o (7m for a weekly base) is based on the
last value. The bases read the series' rows before the window too.
"""

from __future__ import annotations

import warnings

import numpy as np

from .baselines import is_seasonal
from .theta_base import theta_forecasts

BASES = ("last", "seasonal", "seasonal_mean", "seasonal_trend",  # each kind's, by its index
         "seasonal_last", "weekly", "weekly_mean", "weekly_trend", "weekly_last", "theta",
         "median", "seasonal_blend")
THETA, MEDIAN, BLEND = (BASES.index(b) for b in ("theta", "median", "seasonal_blend"))
WEEK = 7  # seasons (days) in a week
WEEKLY = 4  # a weekly kind is the seasonal kind this many places before it, at WEEK seasons
# At most, by the averaged bases: alone on 16 seasonal series their MAE / seasonal naive was
# 0.853 with 10 seasons, 0.885 with 3; the model's on 12 unseen M4 Hourly series 0.525, 0.556.
SEASONS_AVERAGED = 10
_GATHERED = 1 << 21  # values a mean-of-seasons gather holds at once
MAX_INSAMPLE_ORIGINS = 20_000  # origins compared in-sample, evenly spread
# ... by ``base_errors``, which compares 11 bases at each, three times over a panel's series:
# all ~2,700 origins of a daily series took 68 % of a 4,227-series panel's training; of 29 long
# shared series (FX, indices, temperatures, sunspots, hourly load), 1,000 of them chose the
# same base for 28, and for the sunspots one 0.09 % worse on every origin
BASE_ORIGINS = 1_000
TREND_GAIN = 0.05  # in-sample error the seasons' trend must save to be continued
CLEAR_GAIN = 0.2  # in-sample error a seasonal base must save to win without the test's say
SHAPE_MEMORIES = (1.0, 0.8, 0.5)  # a mean of the seasons' shape memories, 1 first (as before)
# (index in BASES, shape memory) of every base ``base_errors`` compares, in order
CANDIDATES = ((0, 1.0), (1, 1.0), (2, 1.0), (3, 1.0),
              *((k, w) for k in (2, 3) for w in SHAPE_MEMORIES[1:]),
              *((4, w) for w in SHAPE_MEMORIES))


def seasonal_beats_naive(y: np.ndarray, m: int, horizon: int) -> bool:
    """Whether seasonal naive's in-sample error over steps 1..horizon is below naive's, on a
    series that passes the seasonality test, or clearly below it (by 20 %) on any series of
    two seasons or more. The test needs three seasons, and on a short smooth cycle it fails
    (42 months of temperatures: the lags under the season inflate its standard error); a short
    monthly business series is often no longer, and its season is what its forecast most needs.

    Shorter than two seasons and a horizon (down to ``fewest_seasonal_pairs`` rows after the
    first season), the clear margin alone decides, over the steps that fall inside the rows:
    20 months of souvenir sales, whose December is eight times their January, were forecast by
    the last value, a December for every month (seasonal naive's error there: half naive's).
    """
    y = np.asarray(y, dtype=np.float64)
    n = len(y)
    whole = n >= max(2 * m, m + horizon + 1)  # every origin with all its steps
    if not whole and n - m < fewest_seasonal_pairs(m):
        return False
    steps = np.arange(1, horizon + 1)
    origins = np.arange(m - 1, n - horizon if whole else n - 1)
    origins = origins[:: _stride(len(origins))]
    at = origins[:, None] + steps
    inside = at < n
    actual = y[np.minimum(at, n - 1)]
    naive = np.abs(actual - y[origins][:, None])[inside].mean()
    back = steps - m * ((steps + m - 1) // m)
    seasonal = np.abs(actual - y[origins[:, None] + back])[inside].mean()
    return bool(seasonal < (1 - CLEAR_GAIN) * naive
                or (whole and seasonal < naive and is_seasonal(y, m)))


def fewest_seasonal_pairs(m: int) -> int:
    """Rows after the first season a series needs before seasonal naive is compared with naive
    on it: half a season, and at least 3."""
    return max(3, m // 2)


def base_errors(y: np.ndarray, m: int, horizon: int, lookback: int, log: bool) -> list[float]:
    """Mean absolute error of each base of CANDIDATES (in that order) over the next ``horizon`` rows
    from the origin of every window of ``lookback`` rows of ``y`` (an even spread of them on a
    long series); [] when ``y`` is shorter than two seasons and a horizon, or no window has a
    full horizon after it."""
    y = np.asarray(y, dtype=np.float64)
    origins = np.arange(max(lookback, m) - 1, len(y) - horizon)
    if m < 2 or len(y) < 2 * m + horizon or not len(origins):
        return []
    origins = origins[:: _stride(len(origins), BASE_ORIGINS)]
    actual = y[origins[:, None] + np.arange(1, horizon + 1)]
    phase = np.arange(horizon) % m
    total = np.zeros(len(CANDIDATES))
    # One gather of the seasons serves every mean-of-seasons candidate (9 of the 11).
    for part in np.array_split(np.arange(len(origins)),
                               -(-len(origins) * SEASONS_AVERAGED * m // _GATHERED)):
        o, b = origins[part], len(part)
        start, logs = np.zeros(b, dtype=np.int64), np.full(b, log)  # one series, from row 0
        seasons, flat = _seasons(y, o, start, logs, m), {}
        for c, (k, shape) in enumerate(CANDIDATES):
            if k < 2:
                forecast = base_forecasts(y, o, start, np.full(b, k), logs, m, horizon)
            else:  # the kinds of the mean of the seasons share a memory's profile
                if shape not in flat:
                    flat[shape] = _profile(*seasons[:3], np.full(b, shape))
                forecast = _from_seasons(*seasons, logs, phase, np.full(b, k), np.full(b, shape),
                                         flat[shape])
            total[c] += np.abs(forecast - actual[part]).sum()
    return [float(t) for t in total / actual.size]


def _stride(origins: int, most: int = MAX_INSAMPLE_ORIGINS) -> int:
    """Every how many origins an in-sample comparison reads: all of them up to ``most``, so
    that a series of millions of rows costs no more."""
    return -(-origins // most) if origins > most else 1


def base_forecasts(target: np.ndarray, origins: np.ndarray, starts: np.ndarray,
                   kind: np.ndarray, log: np.ndarray, m: int, horizon: int,
                   shape_memory: np.ndarray | None = None) -> np.ndarray:
    """(B, K) forecasts of the base of the windows ending at the rows ``origins`` (B,) of
    ``target``; ``starts`` (B,) is the first row of each one's series, ``kind`` (B,) indexes
    BASES, ``log`` (B,) says the window is in log mode (the values its base reads > 0). ``m``
    is the season (1: every base but Theta's is the last value; a weekly kind's is WEEK * m);
    it may be longer than the window, as the bases read the series' rows before it, but a
    window with fewer rows of its series up to the origin than its base's season is based on
    the last value. ``shape_memory`` (B,) weighs the older seasons' deviations in a mean of
    the seasons (None: 1, all alike), and is a "theta" base's level's memory (1 - alpha)."""
    base = np.repeat(target[origins][:, None], horizon, axis=1)
    if (theta := kind == THETA).any():
        base[theta] = theta_forecasts(target, origins[theta], starts[theta],
                                      1 - shape_memory[theta], log[theta], horizon)
        kind = np.where(theta, -1, kind)  # done, as the weekly kinds below
    if (median := kind == MEDIAN).any():
        base[median] = median_forecasts(target, origins[median], starts[median], m, horizon)
        kind = np.where(median, -1, kind)
    if (blend := kind == BLEND).any():
        parts = [base_forecasts(target, origins[blend], starts[blend], np.full(blend.sum(), k),
                                log[blend], m, horizon,
                                None if shape_memory is None else shape_memory[blend])
                 for k in (2, 3, 4)]
        logs = log[blend][:, None]
        with np.errstate(divide="ignore"):  # (log mode's bases are > 0)
            mean_log = np.mean([np.log(np.where(logs, p, 1.0)) for p in parts], axis=0)
        base[blend] = np.where(logs, np.exp(mean_log), np.mean(parts, axis=0))
        kind = np.where(blend, -1, kind)
    if m < 2:
        return base
    if (weekly := kind > WEEKLY).any():
        base[weekly] = base_forecasts(target, origins[weekly], starts[weekly],
                                      kind[weekly] - WEEKLY, log[weekly], WEEK * m, horizon,
                                      None if shape_memory is None else shape_memory[weekly])
        kind = np.where(weekly, -1, kind)  # done: the kinds below leave these rows alone
    kind = np.where(origins - starts + 1 >= m, kind, np.minimum(kind, 0))  # no season yet: last
    phase = np.arange(horizon) % m  # step h repeats the last season's value at this phase
    seasonal = kind == 1
    base[seasonal] = target[origins[seasonal, None] - m + 1 + phase]
    averaged = np.flatnonzero(kind >= 2)
    parts = -(-len(averaged) * SEASONS_AVERAGED * m // _GATHERED)
    for part in np.array_split(averaged, parts) if parts else ():
        shape = np.ones(len(part)) if shape_memory is None else shape_memory[part]
        base[part] = _mean_of_seasons(target, origins[part], starts[part], log[part], m, phase,
                                      kind[part], shape)
    return base


def _mean_of_seasons(target, origins, starts, log, m, phase, kind, shape_memory):
    """The base of kind ``kind`` (2, 3 or 4 in BASES: "seasonal_mean", "seasonal_trend",
    "seasonal_last") of the windows ending at ``origins``: season j = 0 is the m rows up to the
    origin, j = 1 the m before them, and so on, up to SEASONS_AVERAGED of them, while the
    series has them (in log mode: while they are > 0).
    The trend is the slope from the oldest season's mean to the newest's; the forecast
    continues it from the newest season's centre. Each phase deviates about its season's local
    trend (``_profile``); season j's deviations weigh ``shape_memory ** j``."""
    return _from_seasons(*_seasons(target, origins, starts, log, m), log, phase, kind,
                         shape_memory)


def _seasons(target, origins, starts, log, m):
    """The seasons up to each origin that ``_mean_of_seasons`` reads: their values (b, J, m),
    logs in log mode; which of them count (b, J); their means (b, J); how many count (b,)."""
    J = SEASONS_AVERAGED
    at = origins[:, None, None] - m * np.arange(J)[:, None] + np.arange(1 - m, 1)  # (b, J, m)
    inside = at >= starts[:, None, None]
    v = target[np.where(inside, at, origins[:, None, None])]
    lg = log[:, None, None]
    usable = inside & (~lg | (v > 0))
    seasons = np.cumprod(usable.all(axis=2), axis=1).astype(bool)  # (b, J): no gap after
    seasons[:, 0] = True  # the m rows up to the origin: in log mode > 0, as checked before
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(lg, np.log(np.where(lg & usable, v, 1.0)), v)
    return v, seasons, v.mean(axis=2), seasons.sum(axis=1)


def _from_seasons(v, seasons, means, count, log, phase, kind, shape_memory, profile=None):
    """``_mean_of_seasons`` from the ``_seasons`` it reads (and their ``_profile`` where known:
    the three kinds share one of each shape memory)."""
    m = v.shape[2]
    oldest = means[np.arange(len(means)), count - 1]
    slope = np.where((kind == 3) & (count > 1),
                     (means[:, 0] - oldest) / (m * np.maximum(count - 1, 1)), 0.0)
    if profile is None:
        profile = _profile(v, seasons, means, shape_memory)
    ahead = (m - 1) / 2 + np.arange(1, len(phase) + 1)  # steps from the newest season's centre
    mean = means[:, :1] + slope[:, None] * ahead + profile[:, phase]  # (b, K)
    # "seasonal_last": the last value, its phase's deviation taken out (Naive2 on this profile)
    last = (v[:, 0, -1] - profile[:, -1])[:, None] + profile[:, phase]
    mean = np.where((kind == 4)[:, None], last, mean)
    return np.where(log[:, None], np.exp(np.where(log[:, None], mean, 0.0)), mean)


def _profile(v, seasons, means, shape_memory):
    """(b, m) each phase's deviation from its season's local trend (``_local_slopes``), season
    j's weighing ``shape_memory ** j``. About the season's mean alone, a rise was taken for
    the season: construction's unemployed rising through 2008's last months made February a
    seasonal peak, and the deseasonalised last value of February 2009 fell by a third (that
    base alone: 0.839 of seasonal naive's MAE; 0.625 detrended)."""
    J, m = v.shape[1:]
    slopes = _local_slopes(means, seasons.sum(axis=1), m)  # (b, J)
    deviation = v - means[:, :, None] - slopes[:, :, None] * (np.arange(m) - (m - 1) / 2)
    shape = np.where(seasons, shape_memory[:, None] ** np.arange(J), 0.0)  # (b, J)
    profile = np.where(seasons[:, :, None], shape[:, :, None] * deviation, 0.0).sum(axis=1)
    return profile / shape.sum(axis=1)[:, None]


def _local_slopes(means, count, m):
    """(b, J) the slope a step of each season's local trend: from the mean of the season
    before it (j + 1) to that of the one after it (j - 1), over their 2m steps; the newest
    season's from the season before it to its own mean, the oldest counted one's from its own
    mean to the season after it (a single season: 0)."""
    j = np.arange(means.shape[1])
    newer = np.where(j >= 1, np.roll(means, 1, axis=1), means)  # (the newest: its own)
    older_counted = (j + 1)[None, :] < count[:, None]
    older = np.where(older_counted, np.roll(means, -1, axis=1), means)
    spans = (j >= 1).astype(np.int64) + older_counted  # (b, J) seasons apart: 0, 1 or 2
    return (newer - older) / (m * np.maximum(spans, 1))


def median_forecasts(target: np.ndarray, origins: np.ndarray, starts: np.ndarray, m: int,
                     horizon: int) -> np.ndarray:
    """(B, K) the "median" base of the windows ending at ``origins`` (B,): step h the median of
    the rows at its phase, y[o - m + 1 + (h - 1) % m - j m] for j < SEASONS_AVERAGED, of those
    at or after its series' first row ``starts`` (a phase with none: the last value)."""
    m = max(m, 1)
    phase = np.arange(min(m, horizon))
    back = m * np.arange(SEASONS_AVERAGED)[:, None]
    out = np.empty((len(origins), len(phase)))
    for part in np.array_split(np.arange(len(origins)),
                               -(-len(origins) * back.size * len(phase) // _GATHERED) or 1):
        o, first = origins[part, None, None], starts[part, None, None]
        at = o - m + 1 + phase - back  # (b, J, phases)
        values = np.where(at >= first, target[np.maximum(at, 0)], np.nan)
        with warnings.catch_warnings(action="ignore", category=RuntimeWarning):  # no rows yet
            med = np.nanmedian(values, axis=1)
        out[part] = np.where(np.isnan(med), target[origins[part]][:, None], med)
    return out[:, np.arange(horizon) % len(phase)]


def base_error(y: np.ndarray, base: str, shape_memory: float, m: int, horizon: int,
               lookback: int, log: bool) -> float:
    """Mean absolute error of the base ``base`` (with its shape memory) over the next
    ``horizon`` rows from the origin of every window of ``lookback`` rows of ``y`` (an even
    spread of at most 2,000 of them); nan when no window has a horizon after it."""
    y = np.asarray(y, dtype=np.float64)
    origins = np.arange(max(lookback, m) - 1, len(y) - horizon)
    if not len(origins):
        return float("nan")
    origins = origins[:: _stride(len(origins), 2_000)]
    b = len(origins)
    forecast = base_forecasts(y, origins, np.zeros(b, dtype=np.int64),
                              np.full(b, BASES.index(base)), np.full(b, log), m, horizon,
                              np.full(b, shape_memory))
    return float(np.abs(forecast - y[origins[:, None] + np.arange(1, horizon + 1)]).mean())
