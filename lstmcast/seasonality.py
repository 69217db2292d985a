"""The season of numbered steps, found in the values.

Times numbered 1, 2, 3 (M4's and Nixtla's long files, R's ``time()`` of a ts of frequency 7 or
336) name no calendar, so no frequency says what a season is. A classical decomposition says
how much of the series a season of ``m`` rows explains: the strength of the season
(Hyndman & Athanasopoulos, *Forecasting: principles and practice*, 3rd ed., "STL features"),
here from a centred moving average and the mean of each phase, in logs where every value is
positive.
A random walk's strength is about m / n (a phase's mean of n / m draws), at most 3.5 m / n in
99 of 100 walks of 60 or 100 rows, so a season must pass CHANCE times that as well as
MIN_STRENGTH; a longer season that a shorter one divides gives way to it where the shorter one
explains nearly as much (a week of hours is also a day). M4's seasonality test (an
autocorrelation at lag m, ``baselines.is_seasonal``) says whether, not how much: it passes at
every multiple of a season and on any trend, so it cannot choose among candidates.

Chosen on R's classic series (datasets, forecast, fpp2), the shared files and 19 M4 Hourly
series with 7 of their daily sums, so these figures flatter it: of 52 series with a season
among CANDIDATES, 42 get it and 10 none (a weekly series whose year drifts, 4 to 6 weeks of
days, a quarterly one barely seasonal, an hourly one without a day's cycle); none gets a wrong
one, and none of 21 without a season (prices, rates, yearly counts, daily temperatures) gets
one; of random walks and white noise of 40 to 3,000 rows, at most 1 in 300 gets one.
Years numbered so (before 1678: ``periods.years_out_of_range``) are looked at too, and show
none but where a cycle of 4 to 168 years is strong. Script: benchmarks/season_finding.py.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from .baselines import centred_moving_average
from .panel import Panel

CANDIDATES = (4, 5, 7, 12, 24, 48, 52, 96, 168)  # quarters, weekdays, days, months, hours, ...
MIN_STRENGTH = 0.25
CHANCE = 5.0
DIVISOR_SHARE = 0.8  # of the longer season's strength the shorter one must have
MIN_SEASONS = 3  # seasons of rows a series needs for a season to be looked for
MIN_ROWS = MIN_SEASONS * min(CANDIDATES)  # rows a series needs to show any season
MAX_SERIES = 200  # series of a panel looked at, evenly spread


def seasonal_strength(y: np.ndarray, m: int) -> float:
    """1 - var(remainder) / var(detrended): the share of the series, less its trend (a centred
    moving average of ``m``), that the mean of each of ``m`` phases explains; 0 where it
    explains nothing, NaN where fewer than MIN_SEASONS seasons."""
    if len(y) < MIN_SEASONS * m:
        return float("nan")
    trend, offset = centred_moving_average(y, m)
    detrended = y[offset:offset + len(trend)] - trend
    phase = np.arange(len(detrended)) % m  # (counted from the first detrended row)
    means = np.bincount(phase, detrended, minlength=m) / np.bincount(phase, minlength=m)
    spread = detrended.var()
    return 0.0 if spread == 0 else max(0.0, 1.0 - (detrended - means[phase]).var() / spread)


def season_of(y: np.ndarray) -> int:
    """The season of one series' values, or 1 where none is clear (or fewer than MIN_ROWS)."""
    y = np.asarray(y, dtype=np.float64)
    known = np.isfinite(y)
    if known.sum() < MIN_ROWS:
        return 1
    if not known.all():  # a gap keeps its place, so the phases after it stay theirs
        y = np.interp(np.arange(len(y)), np.flatnonzero(known), y[known])
    if (y > 0).all():
        y = np.log(y)  # a season that scales with the level
    passed = {m: s for m in CANDIDATES
              if (s := seasonal_strength(y, m)) >= max(MIN_STRENGTH, CHANCE * m / len(y))}
    if not passed:
        return 1
    best = max(passed, key=passed.get)
    return next(d for d in sorted(passed)
                if best % d == 0 and passed[d] >= DIVISOR_SHARE * passed[best])


def found_season(panel: Panel, held: int | None, horizon: int) -> tuple[int, Counter]:
    """(season, how many series show each season): the season at least half of up to
    MAX_SERIES series show (the shorter of two as common), else 1; each series looked at in
    its rows before the test period (``held`` rows, or as many as ``sizing`` may hold out: a
    tenth of the series' rows or of the median series', at least a horizon), so that the test
    period judges the choice. A series with fewer than MIN_ROWS rows before it is not looked
    at."""
    lengths = panel.lengths
    picks = np.unique(np.linspace(0, len(panel) - 1, min(len(panel), MAX_SERIES)).astype(int))
    if held is None:
        tenth = np.round(0.1 * np.maximum(lengths[picks], np.median(lengths))).astype(int)
        held = np.maximum(horizon, tenth)
    kept = lengths[picks] - held >= MIN_ROWS
    starts = panel.indptr[picks][kept]
    cuts = (panel.indptr[picks + 1] - held)[kept]
    shown = Counter(season_of(panel.target[a:b]) for a, b in zip(starts, cuts, strict=True))
    count, season = max(((n, -m) for m, n in shown.items() if m > 1), default=(0, -1))
    return (-season if 2 * count >= shown.total() > 0 else 1), shown
