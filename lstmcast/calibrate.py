"""Prediction intervals for a trained ensemble: its out-of-sample errors → the model's calibration,
and the bands around any forecast made with it.

Training forecasts the validation and the test windows with the members fitted before the refit,
none of which learnt from those windows' targets. The saved calibration is the scaled errors of
both; the test period's coverage and MSIS are measured with a calibration from the validation
windows alone, so that the report is out of sample too.
"""

from __future__ import annotations

import numpy as np

from .bases import BASES
from .intervals import (
    DEFAULT_LEVELS,
    MSIS_LEVEL,
    bands,
    calibrate,
    coverage,
    floored_scale,
    interval_score,
    scale_window,
    scaled_errors,
    transformed,
)
from .metrics import naive_scale
from .panel import Panel, by_series
from .preprocess import Recipe, Rows, closed_steps, never_below_zero
from .windows import panel_origins

# A scale below this share of the level, over rows that mostly did not move, is a flat spell
# (a peg, a halted stock, a fund's 1.0000): its errors, a move after it divided by almost
# nothing, are left out of the calibration, where one such series of five widened every
# series' 95 % interval (the panel's MSIS 5.1 -> 30.3). Rows that move every step by less are
# no spell (EUR/USD a minute, 5e-5 of its level: every error left out, its bands had no width).
FLAT_SCALE = 1e-4
STILL = 0.5  # share of a window's changes that are 0 in a flat spell
FEWEST_RANGE = 8  # rows whose range may cap an interval: a few moves, not one
METHOD = ("conformal: absolute errors of out-of-sample forecasts divided by each series' "
          "recent mean absolute seasonal difference (floored by a longer one), pooled per "
          "horizon step")


def measured(rows: Rows) -> np.ndarray:
    """(n,) every row in the space its series' errors are measured in (log in log mode)."""
    return transformed(rows.target, rows.log_mode[rows.series_of])


def origin_scales(z: np.ndarray, origins: np.ndarray, starts: np.ndarray,
                  recipe: Recipe, filled: np.ndarray | None = None) -> np.ndarray:
    """(N,) each origin's local scale, from its own series' rows up to the origin, of the rows
    ``z`` as ``measured``, the rows the loader ``filled`` left out (where others are left)."""
    lag, window = recipe.window_season, scale_window(recipe.lookback, recipe.season)
    scale = floored_scale(z, origins, starts, lag, window, filled)
    short = ~np.isfinite(scale)
    if lag > 1 and short.any():  # a season or less before the origin: step-to-step changes
        scale[short] = floored_scale(z, origins[short], starts[short], 1, window, filled)
    if filled is not None and (short := ~np.isfinite(scale)).any():  # every row filled
        scale[short] = origin_scales(z, origins[short], starts[short], recipe)
    return scale


def scale_medians(level: np.ndarray, scale: np.ndarray, log: np.ndarray) -> tuple[float, float]:
    """(the median scale of the log-mode series: changes of logs, relative, so comparable
    across series; the median of the others' scales relative to their level, |value| at the
    origin ``level``), NaN where no series of that mode has both."""
    own = np.isfinite(scale) & (scale > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        relative = scale / np.abs(level)
    other = ~log & own & np.isfinite(relative)
    return (float(np.median(scale[log & own])) if (log & own).any() else np.nan,
            float(np.median(relative[other])) if other.any() else np.nan)


def typical_scales(level: np.ndarray, scale: np.ndarray, log: np.ndarray,
                   medians=None) -> np.ndarray:
    """(N,) the scale a series that has none of its own (a new listing's first row) borrows:
    in log mode the median of the log-mode series' scales, else their median relative to
    their level times its own level; the training panel's ``medians`` (``scale_medians``,
    kept in the model: the same whichever series --id names), else those of the others forecast
    with it. NaN where no series of its mode has both: a point forecast, as before."""
    here = scale_medians(level, scale, log)
    m_log, m_rel = (here if medians is None else
                    [k if np.isfinite(k) else h for k, h in zip(np.asarray(medians, dtype=float),
                                                                 here, strict=True)])
    typical = np.where(log, m_log, m_rel * np.abs(level))
    return np.where(typical > 0, typical, np.nan)


def history_span(z: np.ndarray, series: np.ndarray, origins: np.ndarray,
                 starts: np.ndarray, fewest: int = 1) -> np.ndarray:
    """(N,) the range each origin's series (``series``) has covered up to it: highest less
    lowest of the rows ``z`` as ``measured`` (logs for a series in log mode); infinite (no
    range yet) where it has fewer than ``fewest`` rows."""
    span = np.full(len(origins), np.nan)
    for _, at in by_series(series):
        first = int(starts[at[0]])
        seen = z[first : int(origins[at].max()) + 1]
        back = origins[at] - first
        span[at] = np.fmax.accumulate(seen)[back] - np.fmin.accumulate(seen)[back]
    span[origins - starts + 1 < fewest] = np.inf
    return span


def borrows_width(rows: Rows, origins: np.ndarray, starts: np.ndarray, recipe: Recipe,
                  scale: np.ndarray | None = None) -> np.ndarray:
    """Which origins have nothing of their own to scale their intervals by (``scale``: their
    ``origin_scales``): one row, or a few without a change (a new listing's three equal
    closes). Their intervals take the typical scale (the training panel's)."""
    if scale is None:
        scale = origin_scales(measured(rows), origins, starts, recipe, rows.filled)
    young = origins - starts + 1 < max(2 * recipe.horizon, FEWEST_RANGE)
    return (origins == starts) | ((scale == 0) & young)


def interval_bands(rows: Rows, origins: np.ndarray, starts: np.ndarray, recipe: Recipe,
                   forecasts: np.ndarray, errors: np.ndarray, levels=DEFAULT_LEVELS,
                   medians=None):
    """(V, N, K) lower and upper bounds at ``levels`` around (N, K) ``forecasts`` made from
    ``origins``, with the model's calibration ``errors`` (n, K). No band reaches further from
    its forecast than the series' whole range up to the origin, nor in log mode than its ratio
    (up to the forecast times highest / lowest, down to the forecast over it). After a level
    shift, errors scaled by the quiet spell before it, times the scale the shift itself
    inflates, made an 80 % interval of 0.9 to 37,772 around a forecast of 184; log ratios of
    a temperature near 0 (a week of 0.6 to 18 degrees, 0.6 to 46 in all) a 95 % interval of
    1.0 to 172.5 around 13.2 (now up to 13.2 + 45.4). A range of fewer rows
    than two horizons (or FEWEST_RANGE) caps nothing: it cannot show how far the series moves
    over one (a new listing's 3 days, 17.5 to 18.5, made its 80 % and 95 % intervals one and
    the same; a region new in a pivot, 40 then 45, a day ahead)."""
    half = calibrate(errors[:, : forecasts.shape[1]], levels)
    log = rows.log_mode[rows.series_of[origins]]
    z = measured(rows)
    scale = origin_scales(z, origins, starts, recipe, rows.filled)
    series, fewest = rows.series_of[origins], max(2 * recipe.horizon, FEWEST_RANGE)
    span = history_span(z, series, origins, starts, fewest)
    reach = history_span(rows.target, series, origins, starts, fewest)  # in levels
    # a few changes no less (a new currency's first four, small by chance, made its band a
    # third of its first day's): at least the typical scale
    young = origins - starts + 1 < fewest
    unmeasured = borrows_width(rows, origins, starts, recipe, scale)
    typical = typical_scales(z[origins], scale, log, medians)
    scale[young] = np.fmax(scale[young], typical[young])
    scale[unmeasured] = typical[unmeasured]
    span[unmeasured & np.isfinite(scale)] = np.inf  # nor a range to cap the borrowed width
    reach[unmeasured] = np.inf
    lo, hi = bands(forecasts, scale, log, half, span)
    reach = reach[None, :, None]
    lo, hi = np.fmax(lo, forecasts[None] - reach), np.fmin(hi, forecasts[None] + reach)
    never = never_below_zero(rows, origins)[None, :, None]  # as ``floored`` the forecasts
    # where the series is shut the forecast is 0 (``in_target_units``), and certain
    shut = closed_steps(rows, origins, recipe.season, forecasts.shape[1])[None]
    return tuple(np.where(shut, 0.0, np.where(never, np.maximum(b, 0.0), b)) for b in (lo, hi))


def errors_at(panel: Panel, rows: Rows, origins: np.ndarray, forecasts: np.ndarray,
              recipe: Recipe) -> np.ndarray:
    """(N, K) scaled absolute errors of ``forecasts`` from ``origins`` against the actuals
    (NaN at a filled gap, and at a step the series is shut at: forecast 0 with no band, its
    error of 0 would narrow the open days')."""
    actual = panel.actuals(origins[:, None] + np.arange(1, recipe.horizon + 1))
    starts, log = panel.indptr[rows.series_of[origins]], rows.log_mode[rows.series_of[origins]]
    z = measured(rows)
    scale = origin_scales(z, origins, starts, recipe, rows.filled)
    with np.errstate(invalid="ignore", divide="ignore"):  # relative to the level: in logs
        flat = np.where(log, scale, scale / np.abs(rows.target[origins])) < FLAT_SCALE
    # the changes of 0 up to each row (a float's last digit is none: '7.800000000000001')
    still = np.r_[0, np.cumsum(np.abs(np.diff(z)) <= 1e-9 * np.fmax(np.abs(z[1:]), 1.0))]
    first = np.maximum(origins - scale_window(recipe.lookback, recipe.season), starts)
    flat &= (still[origins] - still[first]) >= STILL * np.maximum(origins - first, 1)
    errors = scaled_errors(actual, forecasts, np.where(flat, np.nan, scale), log)
    return np.where(closed_steps(rows, origins, recipe.season, recipe.horizon), np.nan, errors)


def calibrate_ensemble(panel: Panel, rows: Rows, recipe: Recipe, val: tuple, test: tuple,
                       train_end: np.ndarray) -> tuple[np.ndarray, dict]:
    """The calibration to save (scaled errors of the validation and test windows) and the test
    period's interval figures; ``val`` and ``test`` are (origins, forecasts) pairs."""
    val_errors = errors_at(panel, rows, *val, recipe)
    test_errors = errors_at(panel, rows, *test, recipe)
    report = test_intervals(panel, rows, recipe, val_errors, *test, train_end)
    last, z = panel.indptr[1:] - 1, measured(rows)  # each series' scale at its end, typically
    report["typical_scales"] = list(scale_medians(z[last], origin_scales(
        z, last, panel.indptr[:-1], recipe, rows.filled), rows.log_mode[rows.series_of[last]]))
    return np.concatenate([val_errors, test_errors]), report


def base_origins(panel: Panel, rows: Rows, recipe: Recipe, held_out: np.ndarray) -> np.ndarray:
    """(N,) the origins whose horizon lies in each series' held-out rows (from its row
    ``held_out``) and that have the rows its base reads (a season of them for a seasonal one):
    where a model whose networks learned nothing, its base alone, is calibrated. Its forecasts
    read only the rows before them, so each is out of sample, and the validation and test
    periods together give more of them than apart: 22 months forecast 6 ahead have one origin
    in each, the first before a season (the last value's errors, a season's swing: intervals 10
    times too wide) and five in all from a season on (one alone held 49 % at 80 %)."""
    reads = np.array([recipe.base_season(base) for base in BASES])[rows.base_kind]
    return panel_origins(panel.indptr, 1, recipe.horizon, np.maximum(held_out, reads),
                         panel.lengths)


def test_intervals(panel: Panel, rows: Rows, recipe: Recipe, val_errors: np.ndarray,
                   origins: np.ndarray, forecasts: np.ndarray, train_end: np.ndarray) -> dict:
    """Coverage of each level and MSIS on the test period, calibrated on validation alone."""
    levels = sorted({*DEFAULT_LEVELS, MSIS_LEVEL})
    if not len(val_errors):  # no validation period: nothing out of sample to calibrate on
        return {"method": METHOD, "calibration_origins": 0,
                "coverage": {str(v): float("nan") for v in levels}, "msis": float("nan")}
    series = rows.series_of[origins]
    lo, hi = interval_bands(rows, origins, panel.indptr[series], recipe, forecasts, val_errors,
                            levels)
    actual = panel.actuals(origins[:, None] + np.arange(1, recipe.horizon + 1))
    at = levels.index(MSIS_LEVEL)
    score = interval_score(actual, lo[at], hi[at])  # NaN at a filled gap
    msis = []
    for s, at in by_series(series):
        start = int(panel.indptr[s])
        scale = naive_scale(panel.target[start : start + int(train_end[s])],
                            recipe.window_season)
        mine = score[at]
        if np.isfinite(scale) and scale > 0 and np.isfinite(mine).any():
            msis.append(float(np.nanmean(mine)) / scale)
    return {
        "method": METHOD,
        "calibration_origins": int(np.isfinite(val_errors).any(axis=1).sum()),
        "coverage": {str(v): coverage(actual, lo[i], hi[i]) for i, v in enumerate(levels)},
        "msis": float(np.mean(msis)) if msis else float("nan"),
    }
