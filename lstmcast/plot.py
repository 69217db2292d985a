"""Forecasts and backtests drawn to PNG from frames shaped like the tool's CSVs; a panel as a
two-column grid of its first ``max_series`` series (``figure`` frames them).

matplotlib is imported only inside the functions that draw, so importing this module (or anything
``predict`` imports) never pays for it."""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .calendar import data_stamp
from .errors import InputError
from .figure import finish, new_figure, png_size, save
from .fsio import check_png

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_backtest", "plot_forecast", "png_size"]

HORIZONS_OF_HISTORY, MIN_HISTORY_POINTS = 5, 100  # history shown: max(5 * horizon, 100) rows
WIDEST = 4  # widened to the test period, the history shown holds at most 4 times as many
MIN_BACKTEST_CONTEXT = 20  # history rows before the first cutoff: as many as the folds span
MAX_TEST_PATHS = 40  # more test-period paths than this blur into a smear: draw every k-th
MAX_LABELLED_FOLDS = 8  # beyond this the legend names the first and the last fold only
MARKERS_UP_TO, FOLD_MARKERS_UP_TO = 30, 12  # points on a path drawn with markers (folds crowd)

HISTORY_COLOUR, FORECAST_COLOUR, TEST_COLOUR = "tab:blue", "tab:orange", "tab:green"
ACTUAL_COLOUR, ORIGIN_COLOUR, CONTEXT_COLOUR = "black", "0.35", "0.6"  # context: not the subject
BAND_ALPHAS = (0.15, 0.3, 0.45, 0.55, 0.6)  # the widest band lightest, each narrower darker

SERIES = "__series__"  # column added to every frame: the series key, as text
LEVEL = re.compile(r"[0-9]+(\.[0-9]+)?")  # lo_80, hi_99.5


def plot_forecast(history: pd.DataFrame, forecast: pd.DataFrame, out: str, *,
                  test: pd.DataFrame | None = None, id_col: str | None = None,
                  time_col: str = "time", target: str = "value", title: str | None = None,
                  max_series: int = 6, history_points: int | None = None,
                  steps: bool = False, order: list | None = None) -> dict:
    """Draw the history's last part (``history_points`` rows up to the forecast origin; by default
    ``max(5 * horizon, 100)``, widened to the test period), the forecast with its ``lo_<L>``/
    ``hi_<L>`` bands and the test forecasts. ``steps``: the times are numbered steps (integers,
    or step n as n ns after 1970, as ``calendar`` holds them), drawn on a numbered axis;
    ``order``: the ids in the order to draw them (``--id``'s; else the forecast's). Returns
    ``{"path", "width", "height", "series"}``: pixels and the ids drawn ([] without ``id_col``).
    Raises ``InputError``."""
    _check_out(out)
    plan = _plan_forecast(history, forecast, test, id_col, time_col, target, title, max_series,
                          history_points, steps, order)
    return save(_draw_forecast(plan), out, plan.ids)


def plot_backtest(frame: pd.DataFrame, out: str, *, id_col: str | None = None,
                  time_col: str = "time", history: pd.DataFrame | None = None,
                  target: str = "value", title: str | None = None, max_series: int = 6,
                  steps: bool = False, written: str | None = None) -> dict:
    """Draw each fold's forecast (and bands, naive, seasonal naive) against the actuals, after
    some ``history`` as context when given, its cutoffs named as the data writes its times
    (``written``: its date format, '1980-12' for months). ``steps`` and the result as in
    ``plot_forecast``."""
    _check_out(out)
    plan = replace(_plan_backtest(frame, id_col, time_col, history, target, title, max_series,
                                  steps), written=written)
    return save(_draw_backtest(plan), out, plan.ids)


@dataclass(frozen=True)
class _Plan:  # checked frames and what to draw of them; _plan_* make one, _draw_* draw it
    frame: pd.DataFrame  # the forecast, or the backtest
    history: pd.DataFrame | None
    keys: list[str]  # the series drawn, as text (ids are matched as text across frames)
    ids: list  # the same series as the caller's ids (Python scalars); [] without id_col
    levels: list[tuple[str, float]]  # interval levels and their bands' alpha, widest first
    time_col: str
    target: str
    title: str
    keyed: bool
    test: pd.DataFrame | None = None
    history_points: int | None = None
    steps: bool = False  # times are step numbers (ints), not datetimes
    written: str | None = None  # the data's date format, for the cutoffs' names

    def moment(self, value: Any) -> Any:
        """A time as a key that hashes alike however it came (numpy or pandas scalar)."""
        return int(value) if self.steps else pd.Timestamp(value)

    def stamp(self, value: Any) -> str:
        """A time for a legend: the step number, or the time as the data writes it."""
        if self.steps:
            return str(int(value))
        return data_stamp(value, self.written)  # as the backtest's rows write it


def _check_out(out: str) -> None:
    """Refuse a bad output path before spending time on drawing."""
    target = os.fspath(out)
    check_png(target)
    folder = os.path.dirname(target) or os.curdir
    if not os.path.isdir(folder):
        raise InputError(f"cannot write {target}: directory {folder} does not exist; create it "
                         "first or choose another output path")


def _plan_forecast(history: pd.DataFrame, forecast: pd.DataFrame,
                   test: pd.DataFrame | None = None, id_col: str | None = None,
                   time_col: str = "time", target: str = "value", title: str | None = None,
                   max_series: int = 6, history_points: int | None = None,
                   steps: bool = False, order: list | None = None) -> _Plan:
    if history_points is not None and history_points < 1:
        raise InputError(f"the history points to show must be at least 1, got {history_points}")
    forecast = _clean(forecast, "forecast", id_col, [time_col], ["forecast"], steps)
    history = _clean(history, "history", id_col, [time_col], [target], steps)
    if test is not None and len(test):  # (none: a series that ended before training's end)
        test = _clean(test, "test-period forecasts", id_col, ["origin", time_col],
                      ["actual", "forecast"], steps)
    else:
        test = None
    keys, ids, suffix = _select(forecast, id_col, max_series, order)
    default = f"{target}: forecast" + (" and test-period forecasts" if test is not None else "")
    return _Plan(forecast, history, keys, ids, _band_levels(forecast), time_col, target,
                 (title or default) + suffix, id_col is not None, test, history_points, steps)


def _plan_backtest(frame: pd.DataFrame, id_col: str | None = None, time_col: str = "time",
                   history: pd.DataFrame | None = None, target: str = "value",
                   title: str | None = None, max_series: int = 6, steps: bool = False) -> _Plan:
    frame = _clean(frame, "backtest", id_col, ["cutoff", time_col],
                   ["actual", "forecast", "naive"], steps)
    if history is not None:
        history = _clean(history, "history", id_col, [time_col], [target], steps)
    keys, ids, suffix = _select(frame, id_col, max_series)
    folds = frame[frame[SERIES].isin(keys)]["cutoff"].nunique()
    default = f"{target}: backtest, {folds} fold" + ("s" if folds != 1 else "")
    return _Plan(frame, history, keys, ids, _band_levels(frame), time_col, target,
                 (title or default) + suffix, id_col is not None, steps=steps)


def _clean(frame: pd.DataFrame | None, what: str, id_col: str | None, time_cols: list[str],
           number_cols: list[str], steps: bool = False) -> pd.DataFrame:
    """A copy with times parsed, numbers as floats and the series key in ``SERIES``."""
    if frame is None or len(frame) == 0:
        raise InputError(f"nothing to plot: the {what} has no rows")
    needed = [*([id_col] if id_col is not None else []), *time_cols, *number_cols]
    missing = ", ".join(repr(c) for c in needed if c not in frame.columns)
    if missing:
        have = ", ".join(str(c) for c in frame.columns)
        raise InputError(f"the {what} has no column {missing}; its columns are: {have}")
    clean = frame.copy()
    for col in time_cols:
        clean[col] = _as_steps(clean[col], what, col) if steps else _as_times(clean[col], what, col)
    optional = [f"{side}_{level}" for level, _ in _band_levels(clean) for side in ("lo", "hi")]
    optional += [col for col in ("seasonal_naive",) if col in clean.columns]
    for col in [*number_cols, *optional]:
        try:
            clean[col] = pd.to_numeric(clean[col]).astype(float)
        except (ValueError, TypeError):
            message = f"the {what} column {col!r} holds values that are not numbers"
            raise InputError(message) from None
    # Ids are matched as text: "7" in one file is the series 7 in another read with other dtypes.
    clean[SERIES] = clean[id_col].astype(str) if id_col is not None else ""
    return clean


def _as_times(values: pd.Series, what: str, col: str) -> pd.Series:
    """Datetimes from datetimes, ISO strings or bare years (yearly stamps read back as ints)."""
    times = values
    if pd.api.types.is_integer_dtype(values) and values.between(1000, 2999).all():
        times = pd.to_datetime(values.astype(str), format="%Y")
    elif not pd.api.types.is_datetime64_any_dtype(values):
        try:  # the tool's own stamps are ISO; anything else gets the slower guessing
            times = pd.to_datetime(values, format="ISO8601")
        except (ValueError, TypeError, OverflowError):
            times = pd.to_datetime(values, format="mixed", errors="coerce")
    if not pd.api.types.is_datetime64_any_dtype(times) or times.isna().any():
        raise InputError(f"the {what} column {col!r} holds missing or unreadable times")
    # The tool writes wall-clock stamps without an offset; compare like with like.
    return times.dt.tz_localize(None) if times.dt.tz is not None else times


def _as_steps(values: pd.Series, what: str, col: str) -> pd.Series:
    """Step numbers from integers or from datetimes holding step n as n ns after 1970."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype("int64")
    steps = pd.to_numeric(values, errors="coerce")
    if steps.isna().any() or not (steps == steps.round()).all():
        raise InputError(f"the {what} column {col!r} holds values that are not step numbers")
    return steps.astype("int64")


def _band_levels(frame: pd.DataFrame) -> list[tuple[str, float]]:
    """(L, alpha) of the levels with both ``lo_<L>`` and ``hi_<L>``, widest (largest L) first;
    a band alone as dark as the narrower of two (in the palest tint it was barely seen: a user
    round's --level 50)."""
    columns = {str(c) for c in frame.columns}
    levels = [c[3:] for c in columns if c.startswith("lo_") and f"hi_{c[3:]}" in columns]
    levels = sorted((lv for lv in levels if LEVEL.fullmatch(lv)), key=float, reverse=True)
    alone = len(levels) == 1
    return [(lv, BAND_ALPHAS[min(rank + alone, len(BAND_ALPHAS) - 1)])
            for rank, lv in enumerate(levels)]


def _select(frame: pd.DataFrame, id_col: str | None, max_series: int,
            order: list | None = None) -> tuple[list, list, str]:
    """(keys, ids, title suffix) of the first ``max_series`` series in order of appearance, or
    of ``order``, drawn in order of appearance (``--id 'Norway,Canada,Japan' --max-series 2``:
    Norway and Canada, not the two of them the file lists first), matched as the panel's ids
    are (in any capitals)."""
    if max_series < 1:
        raise InputError(f"the number of series to plot must be at least 1, got {max_series}")
    if id_col is None:
        return [""], [], ""
    firsts = frame.drop_duplicates(SERIES)
    if order:
        rank = {_spelt(i): r for r, i in reversed(list(enumerate(order)))}
        ranks = np.array([rank.get(_spelt(i), len(rank)) for i in firsts[id_col]])
        first_named = np.sort(np.argsort(ranks, kind="stable")[:max_series])
        kept = firsts.iloc[first_named]
    else:
        kept = firsts.head(max_series)
    ids = [v.item() if hasattr(v, "item") else v for v in kept[id_col]]
    shown, total = len(kept), len(firsts)
    suffix = (f" (first {shown} of {total} series)" if shown < total
              else f" ({shown} series)" if shown > 1 else "")
    return list(kept[SERIES]), ids, suffix


def _spelt(sid) -> str:
    return unicodedata.normalize("NFC", str(sid)).casefold()


def _rows_of(frame: pd.DataFrame | None, key: str, time_col: str) -> pd.DataFrame | None:
    return None if frame is None else frame[frame[SERIES] == key].sort_values(time_col)


def _draw_forecast(plan: _Plan) -> Figure:
    figure, axes = new_figure(plan.keys if plan.keyed else None, len(plan.keys))
    for ax, key in zip(axes, plan.keys, strict=True):
        _draw_forecast_series(ax, plan, key)
    finish(figure, axes, x_label=plan.time_col, y_label=plan.target, title=plan.title,
           steps=plan.steps)
    return figure


def _draw_forecast_series(ax: Axes, plan: _Plan, key: str) -> None:
    t = plan.time_col
    forecast, history = _rows_of(plan.frame, key, t), _rows_of(plan.history, key, t)
    test = _rows_of(plan.test, key, t)
    before = history[t][history[t] < forecast[t].iloc[0]]
    origin = before.iloc[-1] if len(before) else None  # the last observed time
    shown = _history_window(history, forecast, test, plan)
    if len(shown):
        ax.plot(shown[t].to_numpy(), shown[plan.target].to_numpy(), color=HISTORY_COLOUR,
                lw=1.3, label="history", gid="history",  # a new listing's one row: a dot
                marker="o" if len(shown) == 1 else None, ms=3.5)
    if test is not None:
        if len(shown):  # test forecasts from before the window (an explicit one, or a test
            test = test[test["origin"] >= shown[t].iloc[0]]  # period wider than WIDEST): out
        _draw_test_paths(ax, test, plan)
    _draw_bands(ax, forecast, plan.levels, t, FORECAST_COLOUR, label=True)
    ax.plot(forecast[t].to_numpy(), forecast["forecast"].to_numpy(), color=FORECAST_COLOUR,
            lw=2, marker="o" if len(forecast) <= MARKERS_UP_TO else None, ms=3.5,
            label="forecast", gid="forecast")
    if origin is not None:
        ax.axvline(origin, color=ORIGIN_COLOUR, ls="--", lw=1, label="forecast origin",
                   gid="origin")


def _history_window(history: pd.DataFrame, forecast: pd.DataFrame, test: pd.DataFrame | None,
                    plan: _Plan) -> pd.DataFrame:
    """The history rows to show: a number of rows up to the origin, plus any rows after it that
    fall inside the forecast (actuals to compare against when forecasting from an earlier date)."""
    t = plan.time_col
    upto = history[history[t] < forecast[t].iloc[0]]
    after = history[history[t].between(forecast[t].iloc[0], forecast[t].iloc[-1])]
    count = plan.history_points or max(HORIZONS_OF_HISTORY * len(forecast), MIN_HISTORY_POINTS)
    shown = upto.tail(count)
    if plan.history_points is None and test is not None and len(test) and len(shown):
        # By default the window widens so the test period is in view as a whole, up to
        # WIDEST times its rows: a year of hours' test period would leave the forecast a line
        widest = upto[t].iloc[max(len(upto) - WIDEST * count, 0)]
        shown = upto[upto[t] >= max(min(shown[t].iloc[0], test["origin"].min()), widest)]
    return pd.concat([shown, after])


def _draw_test_paths(ax: Axes, test: pd.DataFrame, plan: _Plan) -> None:
    """Each test origin's path as a thin line (every k-th of many); the actuals as dots."""
    t = plan.time_col
    if not len(test):
        return
    origins = sorted(plan.moment(o) for o in test["origin"].unique())
    step = math.ceil(len(origins) / MAX_TEST_PATHS)
    drawn = set(origins[::-1][::step])  # from the last origin back: the one nearest the forecast
    label = (f"test forecasts ({len(origins)} origin{'s' * (len(origins) > 1)})" if step == 1
             else f"test forecasts ({len(drawn)} of {len(origins)} origins)")
    for origin, path in test.groupby("origin", sort=True):
        if plan.moment(origin) in drawn:
            ax.plot(path[t].to_numpy(), path["forecast"].to_numpy(), color=TEST_COLOUR, lw=0.9,
                    alpha=0.6, marker="." if len(path) == 1 else None, label=label,
                    gid="test_path")
            label = "_nolegend_"  # one legend entry for all the paths
    actual = test.drop_duplicates(t).sort_values(t)
    ax.plot(actual[t].to_numpy(), actual["actual"].to_numpy(), ls="none", marker="o", ms=2.5,
            color=ACTUAL_COLOUR, label="actual (test period)", gid="test_actual", zorder=3)


def _draw_bands(ax: Axes, rows: pd.DataFrame, levels: list[tuple[str, float]], t: str,
                colour: Any, *, label: bool) -> None:
    """Interval bands, widest first so the narrower, darker ones sit on top."""
    times = rows[t].to_numpy()
    for level, alpha in levels:
        lo, hi = rows[f"lo_{level}"].to_numpy(), rows[f"hi_{level}"].to_numpy()
        style = {"color": colour, "alpha": alpha, "gid": f"band_{level}",
                 "label": f"{level}% interval" if label else "_nolegend_"}
        if len(rows) == 1:  # a band over one time has no width: a thick bar instead
            ax.vlines(times, lo, hi, lw=8, **style)
        else:
            ax.fill_between(times, lo, hi, lw=0, **style)


def _draw_backtest(plan: _Plan) -> Figure:
    from matplotlib import colormaps
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    drawn = plan.frame[plan.frame[SERIES].isin(plan.keys)]
    cutoffs = sorted(plan.moment(c) for c in drawn["cutoff"].unique())
    # One colour per fold, the same in every panel: tab10 while it suffices, else viridis.
    n = len(cutoffs)
    ramp = colormaps["tab10"] if n <= 10 else colormaps["viridis"].resampled(n)
    colours = {cutoff: ramp(i) for i, cutoff in enumerate(cutoffs)}
    figure, axes = new_figure(plan.keys if plan.keyed else None, len(plan.keys))
    for ax, key in zip(axes, plan.keys, strict=True):
        _draw_backtest_series(ax, plan, key, cutoffs, colours)
    # Lines and bands take their fold's colour; the legend explains the styles in grey.
    styles = [Line2D([], [], color="0.3", ls="--", lw=1, label="naive")]
    if "seasonal_naive" in plan.frame.columns:
        styles.append(Line2D([], [], color="0.3", ls="-.", lw=1, label="seasonal naive"))
    styles += [Patch(color="0.3", alpha=alpha, lw=0, label=f"{level}% interval")
               for level, alpha in plan.levels]
    # A vertical tick, so the dotted cutoff lines are not mistaken for a forecast's line style.
    styles.append(Line2D([], [], color="0.3", ls="none", marker="|", ms=12, label="cutoff"))
    finish(figure, axes, x_label=plan.time_col, y_label=plan.target, title=plan.title,
           steps=plan.steps, extra=styles)
    return figure


def _draw_backtest_series(ax: Axes, plan: _Plan, key: str, cutoffs: list,
                          colours: dict) -> None:
    t = plan.time_col
    rows, history = _rows_of(plan.frame, key, t), _rows_of(plan.history, key, t)
    if history is not None and len(history):
        first_cutoff, span = rows["cutoff"].min(), rows[t].nunique()
        # The folds are the subject: the context before them gets about as much width.
        before = history[history[t] <= first_cutoff].tail(max(span, MIN_BACKTEST_CONTEXT))
        during = history[(history[t] > first_cutoff) & (history[t] <= rows[t].max())]
        context = pd.concat([before, during])
        ax.plot(context[t].to_numpy(), context[plan.target].to_numpy(), color=CONTEXT_COLOUR,
                lw=1.1, label="history", gid="history")
    actual = rows.drop_duplicates(t)
    ax.plot(actual[t].to_numpy(), actual["actual"].to_numpy(), color=ACTUAL_COLOUR, lw=1.3,
            marker="o" if len(actual) <= 2 * MARKERS_UP_TO else None, ms=2.5, label="actual",
            gid="actual", zorder=3)
    for cutoff, fold in rows.groupby("cutoff", sort=True):
        _draw_fold(ax, fold, plan.moment(cutoff), plan, cutoffs, colours)


def _draw_fold(ax: Axes, fold: pd.DataFrame, cutoff: Any, plan: _Plan,
               cutoffs: list, colours: dict) -> None:
    t, colour, times = plan.time_col, colours[cutoff], fold[plan.time_col].to_numpy()
    _draw_bands(ax, fold, plan.levels, t, colour, label=False)
    # The legend names every fold, or the first and the last of many.
    named = len(cutoffs) <= MAX_LABELLED_FOLDS or cutoff in (cutoffs[0], cutoffs[-1])
    ax.plot(times, fold["forecast"].to_numpy(), color=colour, lw=1.8, ms=3,
            marker="o" if len(fold) <= FOLD_MARKERS_UP_TO else None,
            label=f"forecast from {plan.stamp(cutoff)}" if named else "_nolegend_",
            gid="fold_forecast")
    ax.plot(times, fold["naive"].to_numpy(), color=colour, ls="--", lw=1, alpha=0.8,
            label="_nolegend_", gid="fold_naive")
    if "seasonal_naive" in fold.columns:
        ax.plot(times, fold["seasonal_naive"].to_numpy(), color=colour, ls="-.", lw=1,
                alpha=0.8, label="_nolegend_", gid="fold_seasonal_naive")
    ax.axvline(cutoff, color=colour, ls=":", lw=1, alpha=0.7, gid="cutoff")
