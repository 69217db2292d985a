"""Live accuracy for a cron job: how the saved model has done on the rows that arrived after it
was trained.

Every row from the model's last training timestamp on is a forecast origin the model could have
used unchanged; its forecasts are scored against the actuals that have arrived since (a
horizon cut short by the end of the data counts the steps it has), beside naive on the same
points, so a model that has stopped working says so instead of forecasting on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .bundle import Bundle
from .calendar import data_stamp, format_stamp, stamp_of
from .calibrate import interval_bands
from .data.columns import show_list
from .evaluate import forecast_levels
from .holidays import closed_days
from .intervals import coverage
from .metrics import naive_scale
from .origin import trained_until
from .panel import Panel
from .preprocess import panel_rows
from .zones import skipped_by_clocks

MAX_ORIGINS = 500  # per series: the most recent, so a stale model is still scored quickly
DRIFT_RATIO = 1.5  # live scaled error this many times the test period's: warn, if ...
LOST_GROUND = 1.1  # ... its error relative to naive's is this many times the test period's
CALM_RATIO = 3.0  # naive's grown as much: the data is wilder, the model no worse, unless this
DRIFT_ORIGINS = 5  # origin times scored before the warning: one day's error is mostly noise


def live_origins(bundle: Bundle, panel: Panel, states: list, trained: list) -> np.ndarray:
    """(N,) row indices of the live origins: from each series' last training row on (its
    ``trained`` time), every row with at least one actual after it; series the model was not
    trained on are left out (it has no test figure for them: its ``states`` entry is None)."""
    L = bundle.recipe.lookback
    origins = []
    for s, state in enumerate(states):
        if state is None:
            continue
        lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
        first = max(int(panel.time[lo:hi].searchsorted(trained[s], side="left")), L - 1)
        origins.append(lo + np.arange(max(first, hi - lo - 1 - MAX_ORIGINS), hi - lo - 1))
    return np.concatenate(origins).astype(np.int64) if origins else np.empty(0, np.int64)


def _states(bundle: Bundle, panel: Panel) -> list:
    """Each series' state in the model (None for a series it was not trained on)."""
    if bundle.data.get("layout", "single") == "single":
        return [bundle.states[0]] * len(panel)
    known = dict(zip(bundle.series_ids, bundle.states, strict=True))
    return [known.get(sid) for sid in panel.ids]


def live_accuracy(bundle: Bundle, panel: Panel, levels=()) -> dict | None:
    """The saved model's forecasts from every live origin against the actuals and naive; None
    when no row has arrived since training."""
    if bundle.parts is not None:
        present = set(panel.ids)
        return _merged([live_accuracy(part, panel.select([part.series_ids[0]]), levels)
                        for part in bundle.parts if part.series_ids[0] in present])
    states, trained = _states(bundle, panel), trained_until(bundle, panel)
    origins = live_origins(bundle, panel, states, trained)
    recipe, K = bundle.recipe, bundle.recipe.horizon
    origins = origins[_readable(panel, origins, states, recipe)]
    skipped = _skipped_by_clocks(panel)
    origins = origins[~skipped[origins]]  # no time: no forecast was ever made from it
    invented = _on_filled_rows(panel, origins, recipe.lookback, skipped)
    origins = origins[~invented]
    # nothing to score, most of it from filled windows: said (a feed that slowed or stalled);
    # a day missing among a few new ones is no news
    nothing = ({"origins": 0, "left_out": int(invented.sum())}
               if invented.sum() >= max(2, len(invented) / 2) else None)
    if len(origins) == 0:
        return nothing
    series = np.searchsorted(panel.indptr, origins, side="right") - 1
    rows = panel_rows(panel, [state or bundle.states[0] for state in states])
    forecasts = forecast_levels(bundle.models, rows, origins, recipe, compiled=False)
    ends = panel.indptr[series + 1]
    ahead = origins[:, None] + np.arange(1, K + 1)
    in_data = ahead < ends[:, None]
    actual = np.where(in_data, panel.actuals(np.minimum(ahead, len(panel.target) - 1)), np.nan)
    arrived = np.isfinite(actual)  # a gap the loader filled is no actual to score against
    if not arrived.any():
        return nothing
    naive = np.repeat(panel.target[origins][:, None], K, axis=1)
    scale = {}
    stored = {entry["id"]: entry.get("scale") for entry in bundle.manifest.get("series", ())}
    for s in np.unique(series):  # MASE as the test period's: the season, on the training rows
        lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
        seen = int(panel.time[lo:hi].searchsorted(trained[s], side="right"))
        kept = stored.get(panel.ids[s] if len(stored) > 1 else next(iter(stored), None))
        scale[s] = kept if isinstance(kept, float) else naive_scale(  # (older model files)
            panel.target[lo : lo + seen], recipe.season)
    per_origin_scale = np.array([scale[s] for s in series])
    error, naive_error = np.abs(forecasts - actual), np.abs(naive - actual)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_scale = 1 / np.where(per_origin_scale > 0, per_origin_scale, np.nan)[:, None]
    scaled, naive_scaled = error * per_scale, naive_error * per_scale
    when = panel.time[origins]
    result = {
        "origins": int(len(origins)), "times": int(len(when.unique())),  # days, say
        "series": int(len(np.unique(series))),
        "points": int(arrived.sum()), "since": format_stamp(when.min()),
        "mae": float(np.nanmean(error)), "naive_mae": float(np.nanmean(naive_error)),
        "mase": _mean(scaled), "naive_mase": _mean(naive_scaled),
        "left_out": int(invented.sum()),
    }
    if levels and bundle.calibration is not None and len(bundle.calibration):
        lower, upper = interval_bands(rows, origins, panel.indptr[series], recipe, forecasts,
                                      bundle.calibration, levels)
        result["coverage"] = {f"{v:g}": coverage(actual, lower[i], upper[i])
                              for i, v in enumerate(levels)}
    return result


def _mean(values: np.ndarray) -> float:
    return float(np.nanmean(values)) if np.isfinite(values).any() else float("nan")


FILLED_SHARE = 0.1  # of a window's rows filled: its forecast rests on values the file lacked


def _skipped_by_clocks(panel: Panel) -> np.ndarray:
    """(n,) the filled rows that are times a spring clock change skips (``zones``): the data's
    own, not values it lacks."""
    skipped = np.zeros(len(panel.time), dtype=bool)
    if panel.filled is not None:
        for lo, hi in zip(panel.indptr[:-1], panel.indptr[1:], strict=True):
            skipped[lo:hi] = skipped_by_clocks(panel.time[lo:hi], panel.filled[lo:hi], panel.zone)
    return skipped


def _on_filled_rows(panel: Panel, origins: np.ndarray, lookback: int,
                    skipped: np.ndarray) -> np.ndarray:
    """(N,) whether each origin is a row the loader filled or its window holds more than
    FILLED_SHARE of them (a sensor's outage), times a clock change ``skipped`` aside: a
    forecast from values the file did not have would blame the model for them (a 6-hour outage
    of 5-minute readings: 3.8 times the test period's error, and a call to retrain, from a
    model that fit)."""
    lacked, count, rows = _filled_in_windows(panel, origins, lookback, skipped)
    return lacked[origins] | (count > FILLED_SHARE * rows)


def _filled_in_windows(panel: Panel, origins: np.ndarray, lookback: int, skipped: np.ndarray):
    """(the rows the file lacked (n,): filled, a clock change's ``skipped`` aside; of each
    origin's window of ``lookback`` rows up to it, how many of them, and how many rows)."""
    lacked = np.zeros(len(panel.time), dtype=bool) if panel.filled is None else \
        panel.filled & ~skipped
    series = np.searchsorted(panel.indptr, origins, side="right") - 1
    filled = np.concatenate([[0], np.cumsum(lacked)])
    start = np.maximum(origins + 1 - lookback, panel.indptr[series])
    return lacked, filled[origins + 1] - filled[start], origins + 1 - start


def filled_windows_warning(panel: Panel, origins: np.ndarray, lookback: int,
                           single: bool, trained=(), rules=()) -> list[str]:
    """A warning of the forecasts from ``origins`` whose window of ``lookback`` rows holds more
    than FILLED_SHARE of values the file lacks: they rest on what the loader filled in (an
    export that lost 17 days within the model's own data was forecast from 56 rows, 17 of them
    made up, and said nothing: its gaps lay before the training data's last row); ``single``:
    the file's one series, unnamed. And of business days, the weekdays a window skips after
    its series' last training row (``trained``, each series') that none of its holiday
    ``rules`` closes: read as closed, as training reads them."""
    lacked, count, rows = _filled_in_windows(panel, origins, lookback,
                                             _skipped_by_clocks(panel))
    if not (odd := np.flatnonzero(count > FILLED_SHARE * rows)).size:
        return _absent_weekdays(panel, origins, lookback, trained, rules)
    if single:
        o, n = int(origins[odd[0]]), int(rows[odd[0]])
        window = slice(o + 1 - n, o + 1)
        return [f"the forecast's window (the {n} rows up to its origin) holds "
                f"{count[odd[0]]} value(s) the file lacks, filled (first at "
                f"{data_stamp(panel.time[window][lacked[window]][0], panel.date_format)}): "
                "the forecast rests on them"]
    named = [panel.ids[s] for s in np.searchsorted(panel.indptr, origins[odd], side="right") - 1]
    return [f"series {show_list(named, 8)}: more than a tenth of the rows each forecast reads "
            "are values the file lacks, filled: the forecasts rest on them"]


def _absent_weekdays(panel: Panel, origins: np.ndarray, lookback: int, trained,
                     rules) -> list[str]:
    """The warning of business days that ``filled_windows_warning`` gives, or none: a fresh
    export that lost four weekdays read a week's change as a day's, and said nothing. Only
    after the training rows: a day training lacked too (an exchange's day of mourning) is the
    model's own, not told at every run."""
    if panel.freq != "B" or not len(trained):
        return []
    absent: set = set()
    for o in origins:
        s = int(np.searchsorted(panel.indptr, o, side="right") - 1)
        window = panel.time[max(o + 1 - lookback, panel.indptr[s]) : o + 1]
        window = window[window >= trained[s]]  # (from the last training row: a gap just after)
        if len(window) < 2:
            continue
        days = pd.bdate_range(window[0], window[-1]).normalize()
        days = days[~days.isin(window.normalize())]
        absent |= {d.date() for d in days} - closed_days(tuple(map(tuple, rules[s])),
                                                           window[0], window[-1])
    if not absent:
        return []
    absent = sorted(absent)
    shown = ", ".join(str(d) for d in absent[:3]) + (", ..." if len(absent) > 3 else "")
    return [f"the rows the forecast reads skip {len(absent)} weekday(s) the file lacks that "
            f"are no holidays the model learned ({shown}): read as days without trading, each "
            "window's change over them as a day's"]


def _readable(panel: Panel, origins: np.ndarray, states: list, recipe) -> np.ndarray:
    """(N,) whether each origin's window and base rows (``Recipe.rows_read``) lie in
    its series and, for a series in log mode, are all > 0, as ``predict`` requires."""
    series = np.searchsorted(panel.indptr, origins, side="right") - 1
    need = np.array([recipe.rows_read(states[s].base) for s in series], dtype=np.int64)
    log = np.array([states[s].mode == "log" for s in series], dtype=bool)
    bad = np.concatenate([[0], np.cumsum(~(panel.target > 0))])  # non-positive rows so far
    start = origins + 1 - need
    inside = start >= panel.indptr[series]
    start = np.maximum(start, 0)
    return inside & (~log | (bad[origins + 1] - bad[start] == 0))


def _merged(parts: list[dict | None]) -> dict | None:
    """The live figures of several series' own models as one: means weighted by points."""
    left_out = sum(p.get("left_out", 0) for p in parts if p is not None)
    parts = [p for p in parts if p is not None and p["origins"]]
    if not parts:
        return {"origins": 0, "left_out": left_out} if left_out else None
    points = np.array([p["points"] for p in parts], dtype=float)

    def mean(values) -> float:
        v = np.array(values, dtype=float)
        ok = np.isfinite(v) & (points > 0)
        return float(np.average(v[ok], weights=points[ok])) if ok.any() else float("nan")

    merged = {"origins": sum(p["origins"] for p in parts), "times": max(p["times"] for p in parts),
              "series": sum(p["series"] for p in parts), "points": int(points.sum()),
              "since": min(p["since"] for p in parts), "left_out": left_out,
              **{key: mean([p[key] for p in parts])
                 for key in ("mae", "naive_mae", "mase", "naive_mase")}}
    if all("coverage" in p for p in parts):
        merged["coverage"] = {v: mean([p["coverage"][v] for p in parts])
                              for v in parts[0]["coverage"]}
    return merged


def test_mase(metrics: dict, method: str = "model") -> float | None:
    """A method's MASE on the test period, from a model file's metrics (single or panel)."""
    model = metrics.get("methods", {}).get(method, {})
    value = model.get("overall", model).get("mase")
    return float(value) if isinstance(value, (int, float)) and np.isfinite(value) else None


def live_line(live: dict, metrics: dict, date_format: str | None = None
              ) -> tuple[str, str | None]:
    """The stderr line for people (times as the data writes them, ``date_format``), and a
    warning when the model has drifted."""
    # Series of other scales: the mean scaled error (as the test period's), where one series'
    # big numbers would outweigh the others' in a mean of absolute errors
    if not live["origins"]:
        return (f"live: no forecast since training scored ({live['left_out']} from windows "
                "with filled gaps left out)", "the forecasts since training start from windows "
                "more than a tenth filled, or have no actual yet: has the data's step changed, "
                "or its feed stalled?")
    key, what = ("mase", "MASE") if live.get("series", 1) > 1 else ("mae", "MAE")
    since = data_stamp(stamp_of(live["since"]), date_format)
    line = (f"live: {what} {live[key]:.4g} vs naive {live['naive_' + key]:.4g} over "
            f"{live['origins']} forecast{'s' if live['origins'] != 1 else ''} since {since}"
            + (f" ({live['left_out']} from windows with filled gaps left out)"
               if live.get("left_out") else ""))
    return line, _drift(live, test_mase(metrics), test_mase(metrics, "naive"))


def _drift(live: dict, reference: float | None, naive: float | None) -> str | None:
    """A warning where the live scaled error is DRIFT_RATIO times the test period's
    (``reference``) and the model lost ground to naive on the same points (its error LOST_GROUND
    times naive's more than in the test period, where naive's was ``naive``): a period that is
    only harder (a solar maximum, a week of a volatile market: naive's error grown as much)
    calls for no retraining every day it lasts; but errors CALM_RATIO times the test's are said
    all the same, the intervals resting on calmer data."""
    mase = live["mase"]
    if not reference or live["times"] < DRIFT_ORIGINS or not np.isfinite(mase) or \
            mase <= DRIFT_RATIO * reference:
        return None
    said = (f"live scaled error (MASE {mase:.3g}) is {mase / reference:.1f}x the test "
            f"period's ({reference:.3g})")
    lost = not naive or not live["naive_mase"] > 0 or \
        mase / live["naive_mase"] > LOST_GROUND * reference / naive
    if lost:
        return f"{said}; the model may no longer fit the data: retrain"
    if mase > CALM_RATIO * reference:
        return (f"{said}, naive's as much: the data moves far more than it did, and the "
                "intervals rest on calmer rows; retrain once it settles")
    return None
