"""The season of numbered steps, found in the values.

Times numbered 1, 2, 3 (M4's and Nixtla's long files, R's ``time()`` of a ts of frequency 7 or
336) name no calendar, so no frequency says what a season is. A classical decomposition says
how much of the series a season of ``m`` rows explains: the strength of the season
(Hyndman & Athanasopoulos, *Forecasting: principles and practice*, 3rd ed., "STL features"),
here from a centred moving average and the mean of each phase, in logs where every value is
positive.
Noise alone gives a strength of about m / n (a phase's mean of n / m draws), so a season must
pass CHANCE times that as well as MIN_STRENGTH, and a longer season that a shorter one divides
gives way to it where the shorter one explains nearly as much (a week of hours is also a day).

Chosen on R's classic series (datasets, forecast, fpp2), the shared files and 19 M4 Hourly
series with 7 of their daily sums, so these figures flatter it: of 52 series with a season
among CANDIDATES, 44 get it and 8 none (a weekly series whose year drifts, 4 to 6 weeks of
days, a quarterly one barely seasonal, an hourly one without a day's cycle); none gets a wrong
one, and none of 21 without a season (prices, rates, yearly counts, daily temperatures) gets
one; of random walks and white noise of 40 to 3,000 rows, at most 6 in 100 get one (and a
season's base is chosen only where it forecasts better). Script: benchmarks/season_finding.py.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from .panel import Panel

CANDIDATES = (4, 5, 7, 12, 24, 48, 52, 96, 168)  # quarters, weekdays, days, months, hours, ...
MIN_STRENGTH = 0.25
CHANCE = 3.0
DIVISOR_SHARE = 0.8  # of the longer season's strength the shorter one must have
MIN_SEASONS = 3  # seasons of rows a series needs for a season to be looked for
MAX_SERIES = 200  # series of a panel looked at, evenly spread


def seasonal_strength(y: np.ndarray, m: int) -> float:
    """1 - var(remainder) / var(detrended): the share of the series, less its trend (a centred
    moving average of ``m``, 2 x m for an even m), that the mean of each of ``m`` phases
    explains; 0 where it explains nothing, NaN where fewer than MIN_SEASONS seasons."""
    n = len(y)
    if n < MIN_SEASONS * m:
        return float("nan")
    weights = np.r_[0.5, np.ones(m - 1), 0.5] / m if m % 2 == 0 else np.ones(m) / m
    trend = np.convolve(y, weights, mode="valid")
    half = (len(weights) - 1) // 2
    detrended = y[half:half + len(trend)] - trend
    phase = (np.arange(len(detrended)) + half) % m
    means = np.bincount(phase, detrended, minlength=m) / np.bincount(phase, minlength=m)
    remainder = detrended - (means - means.mean())[phase]
    spread = detrended.var()
    return 0.0 if spread == 0 else max(0.0, 1.0 - remainder.var() / spread)


def season_of(y: np.ndarray) -> int:
    """The season of one series' values, or 1 where none is clear."""
    y = np.asarray(y, dtype=np.float64)
    if not np.isfinite(y).all():
        y = y[np.isfinite(y)]
    if len(y) and (y > 0).all():
        y = np.log(y)  # a season that scales with the level
    passed = {m: s for m in CANDIDATES
              if (s := seasonal_strength(y, m)) >= max(MIN_STRENGTH, CHANCE * m / len(y))}
    if not passed:
        return 1
    best = max(passed, key=passed.get)
    return next(d for d in sorted(passed)
                if best % d == 0 and passed[d] >= DIVISOR_SHARE * passed[best])


def found_season(panel: Panel, held: int | None, horizon: int) -> tuple[int, int, int]:
    """(season, series that show it, series looked at): the season most of up to MAX_SERIES
    series show (1, none, where most show none), in their rows before the test period (``held``
    rows, or as ``sizing`` holds them out by default: a tenth of the rows, at least a horizon),
    so that the test period judges the choice."""
    picks = np.unique(np.linspace(0, len(panel) - 1, min(len(panel), MAX_SERIES)).astype(int))
    starts, ends = panel.indptr[picks], panel.indptr[picks + 1]
    cuts = ends - (held or np.maximum(horizon, np.round(0.1 * (ends - starts)).astype(int)))
    seasons = Counter(season_of(panel.target[a:b]) for a, b in zip(starts, cuts, strict=True))
    season, count = max(seasons.items(), key=lambda kv: (kv[1], -kv[0]))
    return season, count, len(picks)

