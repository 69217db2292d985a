"""Rolling-origin backtest: at each cutoff, exactly the ``train`` pipeline on the rows up to it
(its own validation split, scaling, early stopping and refit), then its forecast of the next
horizon, scored with the baselines on the same points.

    result = backtest_panel(panel, settings, folds=3, step=7)

A fold sees no row after its cutoff: its panel is cut before anything is fitted, and its
forecast is what ``lstmcast train`` on the file cut there, then ``lstmcast predict``, give.
Folds are independent tasks for an executor (``parallel.Executor``: in-process or Dask).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .bundle import bundle_arrays, bundle_from
from .calendar import MIXED_WEEKS, data_stamp, future_timestamps
from .config import Settings
from .data.columns import show_list
from .engine import compile_kernels
from .errors import InputError
from .forecast import Forecast, forecast_panel
from .intervals import MSIS_LEVEL, coverage, interval_score
from .metrics import baseline_forecasts, naive_scale, smape
from .panel import Panel
from .parallel import IN_PROCESS
from .per_series import train_per_series
from .period_closes import stamped_on_trading_days
from .sizing import season_from_values
from .train import train_panel
from .zones import data_writer


@dataclass
class FoldTask:
    """What one fold needs, as plain data an executor can send to a worker."""

    panel: Panel  # the rows up to the cutoff only
    settings: Settings
    cutoff: pd.Timestamp
    levels: tuple[float, ...]
    scored: tuple[str, ...] | None = None  # the series forecast (None: all): not those ended


@dataclass
class FoldResult:
    cutoff: pd.Timestamp
    forecast: Forecast
    season: int  # the season the fold's model used: the seasonal naive baseline's
    warnings: list[str]  # what train and predict would have warned about, on this fold


@dataclass
class BacktestResult:
    table: pd.DataFrame  # [id,] cutoff, time, actual, forecast, naive[, seasonal_naive], bands
    metrics: dict
    folds: list[FoldResult]
    warnings: tuple[str, ...] = ()

    def all_warnings(self, date_format: str | None = None) -> list[str]:
        """The folds' warnings, each once: prefixed with the cutoffs of the folds it was
        said in unless every fold said it (a series too short to train on in the first
        fold only), then the backtest's own."""
        said: dict[str, list] = {}
        for fold in self.folds:
            for warning in dict.fromkeys(fold.warnings):
                said.setdefault(warning, []).append(fold.cutoff)
        told = [w if len(cutoffs) == len(self.folds) else
                f"fold{'s' if len(cutoffs) > 1 else ''} "
                f"{', '.join(data_stamp(c, date_format) for c in cutoffs)}: {w}"
                for w, cutoffs in said.items()]
        return [*told, *self.warnings]


def fold_cutoffs(panel: Panel, folds: int, step: int, horizon: int) -> list[pd.Timestamp]:
    """The cutoffs, oldest first: the last is ``horizon`` periods before the data's end, each
    earlier one ``step`` periods before the next (periods: the panel's distinct timestamps
    with a row of data, not a gap filled, so that a fold is the file cut at its cutoff; of
    weeks that end on several weekdays, MIXED_WEEKS, the weeks counted back from the last
    stamp, each cut at its last stamp)."""
    if folds < 1 or step < 1:
        raise InputError(f"--folds must be at least 1, got {folds}" if folds < 1 else
                         f"--step must be at least 1, got {step}")
    times = np.unique(panel.time.asi8 if panel.filled is None else
                      panel.time.asi8[~panel.filled])
    if panel.freq == MIXED_WEEKS:
        week = (times[-1] - times) // pd.Timedelta(days=7).value  # 0: the last week
        times = times[np.r_[np.flatnonzero(np.diff(week)), len(times) - 1]]
    back = horizon + step * (folds - 1)
    if back >= len(times):
        raise InputError(f"{panel.path}: {len(times)} timestamps are too few for {folds} folds "
                         f"{step} apart with horizon {horizon}",
                         advice=[(("--folds", "--step"), "lower --folds or --step")],
                         fallback="use fewer folds")
    last = len(times) - 1 - horizon
    return [pd.Timestamp(times[last - step * (folds - 1 - f)]) for f in range(folds)]


def run_fold(task: FoldTask) -> FoldResult:
    """Train on the fold's rows exactly as ``train`` does (one global model, or one per series
    with ``per_series``), then forecast like ``predict``; an error names the fold, whose rows
    are fewer than the file's."""
    try:
        return _run_fold(task)
    except InputError as err:
        cut = data_stamp(task.cutoff, task.panel.date_format)
        short = "too short" in err.message or "too few" in err.message
        raise InputError(f"{err.message} (in the fold of the rows up to {cut})",
                         advice=[*([(("--folds", "--step"), "use fewer --folds or a smaller "
                                     "--step")] if short else []), *err.advice],
                         fallback=err.fallback) from None


def _run_fold(task: FoldTask) -> FoldResult:
    warnings: list[str] = []
    if task.settings.fit.per_series and len(task.panel) > 1:
        result = train_per_series(task.panel, task.settings)
        warnings += result.warnings
        bundle = bundle_from(result.manifest, result.arrays)
    else:
        result = train_panel(task.panel, task.settings, on_warning=warnings.append)
        if result.interrupted:  # Ctrl-C: a fold's half-trained model scores no fold
            raise KeyboardInterrupt
        bundle = bundle_from(result.manifest, bundle_arrays(result.models, result.calibration))
    fc = forecast_panel(bundle, "backtest", task.panel, task.panel.path, levels=task.levels,
                        ids=None if task.scored is None else list(task.scored), say_behind=False,
                        instants=False)
    return FoldResult(task.cutoff, fc, bundle.recipe.season, warnings + fc.warnings)


def backtest_panel(panel: Panel, settings: Settings, folds: int = 3, step: int | None = None,
                   levels=(80.0, 95.0), executor=None, on_note=None) -> BacktestResult:
    """Every fold of ``panel`` through the ``train`` pipeline, forecasts against actuals."""
    horizon = settings.model.horizon
    if "interpolate" in (settings.data.fill, getattr(panel.spec, "fill", None)):  # (either)
        raise InputError("backtest cannot --fill interpolate: a gap just before a cutoff would "
                         "be filled from rows after it", advice=[(("--fill",), "use --fill "
                         "ffill or --fill none")], fallback="fill gaps forward or not at all")
    cutoffs = fold_cutoffs(panel, folds, horizon if step is None else step, horizon)
    # Numbered steps' season, found once in the rows every fold sees: the same for each fold
    settings = season_from_values(settings, panel.until(cutoffs[0]), on_note or (lambda _: None),
                                  " up to the first cutoff")
    # said before the folds train (minutes on a large panel), not only after: a series that
    # ends by the first cutoff has no row any fold's forecast reaches, and is trained on only
    ended = [sid for s, sid in enumerate(panel.ids)
             if panel.time[panel.indptr[s + 1] - 1] <= cutoffs[0]]
    gone, tasks = set(ended), []
    for c in cutoffs:
        cut = panel.until(c)
        scored = tuple(sid for sid in cut.ids if sid not in gone) if gone else None
        tasks.append(FoldTask(cut, settings, c, tuple(levels), scored))
    if on_note is not None:
        shown = ", ".join(data_stamp(c, panel.date_format) for c in cutoffs)
        on_note(f"backtest: {folds} fold{'s' * (folds != 1)}, cutoffs {shown}, "
                f"each forecasting {horizon} step(s)" + (
                    f"; {len(ended)} of {len(panel)} series end by the first cutoff and cannot "
                    "be scored (the cutoffs are the panel's latest rows'; --id chooses series)"
                    if ended else ""))
    if executor is None or executor.engine == "local":
        results = []
        for k, task in enumerate(tasks, 1):  # a fold trains as train does: say which is on
            if on_note is not None:
                on_note(f"fold {k}/{len(tasks)}: training on the rows up to "
                        f"{data_stamp(task.cutoff, panel.date_format)}")
            results.append(run_fold(task))
    else:
        dtype = settings.model.dtype
        results = executor.map(run_fold, tasks, name="fold", warm=lambda: compile_kernels(dtype),
                               on_done=None if on_note is None else lambda n: on_note(
                                   f"folds: {n} of {len(tasks)} done"))
    # The baselines' season is the data's, as the fold that saw the most rows chose it: an early
    # fold too short for a season still gets its seasonal naive where a season lies before it.
    season = results[-1].season
    parts = [_fold_rows(panel, r, season) for r in results]
    table = pd.concat(parts, ignore_index=True)[list(parts[-1].columns)]
    # A series without a row at a cutoff (a holiday of its own exchange, the others trading)
    # is forecast from the row the fold before was: the same forecast, scored once.
    again = table.duplicated(["series", "origin", "step"])
    repeated = table[again].groupby("cutoff", sort=False)["series"].unique()
    table = table[~again].drop(columns="origin")
    # each series' folds together, in the panel's order, as predict lists its rows
    order = table["series"].map({sid: s for s, sid in enumerate(panel.ids)})
    table = table.assign(_order=order).sort_values(["_order", "cutoff", "time"], kind="stable")
    table = table.drop(columns="_order").reset_index(drop=True)
    metrics = backtest_metrics(panel, table, season)
    metrics["execution"] = IN_PROCESS if executor is None else executor.info()
    said = []
    scored = set(table["series"])
    unscored = [sid for sid in panel.ids if sid not in scored]
    ends = dict(zip(panel.ids, panel.time[panel.indptr[1:] - 1], strict=True))
    last_cutoff = max(r.cutoff for r in results)
    for ended, why in ((True, "end before a cutoff's forecast could be scored"),
                       (False, "have too little history before every cutoff to be forecast")):
        if ids := [sid for sid in unscored if (ends[sid] <= last_cutoff) is ended]:
            said.append(f"{len(ids)} series ({show_list(ids, 8)}) {why}: not in the backtest")
    for fold in results:  # a series that ended, or whose rows pause across a cutoff
        if len(ids := list(repeated.get(fold.cutoff, []))):
            said.append(f"fold {data_stamp(fold.cutoff, panel.date_format)}: {len(ids)} series "
                        f"({show_list(ids, 8)}) not scored again: no row at the cutoff, so "
                        "the fold before's forecast, from the same last row")
        scored = set(table.loc[table["cutoff"] == fold.cutoff, "series"]) | set(unscored)
        scored |= set(repeated.get(fold.cutoff, []))
        for paused, why in ((True, "their rows pause across the cutoff"), (False, "they ended")):
            ids = [sid for sid in dict.fromkeys(fold.forecast.ids)
                   if sid not in scored and (ends[sid] > fold.cutoff) is paused]
            if ids:
                said.append(f"fold {data_stamp(fold.cutoff, panel.date_format)}: {len(ids)} "
                            f"series ({show_list(ids, 8)}) not scored: {why}, no row in the "
                            "steps forecast")
    for cutoff, actuals in table.groupby("cutoff", sort=True)["actual"]:
        if actuals.isna().all():  # (a gap in the data, filled, after the cutoff)
            said.append(f"fold {data_stamp(cutoff, panel.date_format)}: not scored: no step "
                        "it forecasts has a row of data")
    left_out = int(table["actual"].notna().sum()) - metrics["points"]
    if left_out:
        said.append(f"{left_out} of the forecasts' points are not scored: their series had "
                    f"less than a season ({season} rows) before the cutoff, so no seasonal "
                    "naive to compare with on the same points")
    return BacktestResult(table, metrics, results, tuple(said))


def _fold_rows(panel: Panel, fold: FoldResult, season: int) -> pd.DataFrame:
    """One fold's forecasts with the actuals and the baselines (seasonal naive of ``season``)
    from the same origins; steps past the data's end are left out, a step after the cutoff
    without a row inside the data is kept without an actual."""
    fc = fold.forecast
    ids = np.asarray(fc.ids if fc.ids else [panel.ids[0]] * len(fc.times), dtype=object)
    parts, position = [], {sid: s for s, sid in enumerate(panel.ids)}
    for sid in dict.fromkeys(ids):
        mine = ids == sid
        s = position[sid]
        lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
        times, levels = panel.time[lo:hi], panel.target[lo:hi]
        origin = int(times.searchsorted(fold.cutoff, side="right")) - 1
        steps = int(mine.sum())
        base = baseline_forecasts(levels, np.array([origin]), steps,
                                  season if season > 1 else None)
        row = {"series": sid, "cutoff": fold.cutoff, "origin": times[origin],
               "time": fc.times[mine], "actual": np.nan, "forecast": fc.values[mine],
               "naive": base["naive"][0]}
        if season > 1:
            row["seasonal_naive"] = base["seasonal_naive"][0]
        for v, level in enumerate(fc.levels):
            row[f"lo_{level:g}"] = fc.lower[v][mine]
            row[f"hi_{level:g}"] = fc.upper[v][mine]
        frame = pd.DataFrame(row)
        # a month's close a holiday moved (Good Friday's 29 March) is the forecast's day, the
        # data's row on the month's (the 30th): found on the calendar the model steps on
        at = times.get_indexer(future_timestamps(times[origin], panel.freq, steps)
                               if stamped_on_trading_days(panel.freq) else frame["time"])
        frame.loc[at >= 0, "actual"] = panel.actuals(lo + at[at >= 0])  # NaN: a filled gap
        frame["step"] = np.arange(1, steps + 1)
        # a step after the cutoff the data skips inside its rows (a holiday of trading days)
        # stays, unscored; steps of a series whose rows pause across the cutoff do not
        inside = (frame["time"] > fold.cutoff) & (frame["time"] <= times[-1])
        parts.append(frame[(at >= 0) | inside.to_numpy()])
    return pd.concat(parts, ignore_index=True)


METHODS = ("forecast", "naive", "seasonal_naive")


def backtest_metrics(panel: Panel, table: pd.DataFrame, season: int) -> dict:
    """Model and baselines on the same points: per fold, per series, per horizon step and
    overall (MAE, sMAPE, MASE with the scale of each series and fold from the series' rows up
    to the cutoff, as ``train`` scales its test period: a fold's figures do not depend on the
    other folds), and the intervals' coverage and MSIS. MAE and sMAPE weigh the points alike,
    MASE the series (the mean of each series' mean scaled error, as M4 and a panel's test
    period do: a series with more points in the folds does not count for more)."""
    position = {sid: s for s, sid in enumerate(panel.ids)}
    scale = {}
    for sid, cutoff in table[["series", "cutoff"]].drop_duplicates().itertuples(index=False):
        s = position[sid]
        lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
        n = int(panel.time[lo:hi].searchsorted(cutoff, side="right"))
        scale[sid, cutoff] = naive_scale(panel.target[lo : lo + n], season if season > 1 else 1)
    methods = [m for m in METHODS if m in table]
    # Every method on the same points: a series with less than a season before a cutoff has
    # no seasonal naive there.
    t = table[table[[*methods, "actual"]].notna().all(axis=1)].copy()
    t["scale"] = np.array([scale[key] for key in zip(t["series"], t["cutoff"], strict=True)],
                          dtype=np.float64)
    for m in methods:
        t[f"ae_{m}"] = (t[m] - t["actual"]).abs()
        t[f"se_{m}"] = t[f"ae_{m}"] / t["scale"].where(t["scale"] > 0)

    def summary(rows: pd.DataFrame) -> dict:
        return {_name(m): {"mae": float(rows[f"ae_{m}"].mean()),
                           "smape": smape(rows["actual"].to_numpy(), rows[m].to_numpy()),
                           "mase": float(rows.groupby("series")[f"se_{m}"].mean().mean())}
                for m in methods}

    steps = [(int(k), summary(g)) for k, g in t.groupby("step", sort=True)]
    write = data_writer(panel.zone, panel.date_format, [*t["cutoff"], *t["time"]])  # as the CSV
    result = {
        "folds": [{"cutoff": write(c), **summary(g)} for c, g in t.groupby("cutoff", sort=True)],
        "overall": summary(t),
        # as train's metrics have them: each step's figures, a panel's series' (of the points
        # each was scored on)
        "per_step": {_name(m): [{"step": k, **figures[_name(m)]} for k, figures in steps]
                     for m in methods},
        **({"series": {sid: summary(g) for sid, g in t.groupby("series", sort=False)}}
           if panel.layout != "single" else {}),
        "points": int(len(t)), "origins": int(t.groupby(["series", "cutoff"]).ngroups),
    }
    overall = result["overall"]
    result["skill"] = {b: 1 - overall["model"]["mase"] / overall[b]["mase"]
                       for b in ("naive", "seasonal_naive") if b in overall
                       and overall[b]["mase"] > 0}
    result["intervals"] = _interval_figures(t)
    return result


def _interval_figures(t: pd.DataFrame) -> dict:
    levels = sorted(float(c[3:]) for c in t if c.startswith("lo_"))
    if not levels:
        return {}
    out = {"coverage": {f"{v:g}": coverage(t["actual"].to_numpy(), t[f"lo_{v:g}"].to_numpy(),
                                           t[f"hi_{v:g}"].to_numpy()) for v in levels}}
    if MSIS_LEVEL in levels:
        score = interval_score(t["actual"].to_numpy(), t[f"lo_{MSIS_LEVEL}"].to_numpy(),
                               t[f"hi_{MSIS_LEVEL}"].to_numpy())
        scaled = pd.Series(score / t["scale"].where(t["scale"] > 0).to_numpy())
        out["msis"] = float(scaled.groupby(t["series"].to_numpy()).mean().mean())
    return out


def _name(column: str) -> str:
    return "model" if column == "forecast" else column
