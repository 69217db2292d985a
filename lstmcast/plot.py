"""Forecasts and backtests drawn to PNG from frames shaped like the tool's CSVs; a panel as a
two-column grid of its first ``max_series`` series.

matplotlib is imported only inside the functions that draw, so importing this module (or anything
``predict`` imports) never pays for it. Figures use the object API (``Figure``, Agg), not pyplot:
nothing enters pyplot's list of open figures, so memory does not grow over calls, no display is
needed and a caller's backend (a notebook's) is left alone."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import InputError
from .fsio import atomic_write_bytes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_backtest", "plot_forecast"]

DPI, SINGLE_SIZE = 100, (12.0, 6.75)  # inches: 1200 x 675 px
GRID_WIDTH, GRID_COLUMNS = 14.0, 2
GRID_ROW_HEIGHT, GRID_EXTRA_HEIGHT = 3.6, 1.2  # inches per row, plus title, labels and legend

HORIZONS_OF_HISTORY, MIN_HISTORY_POINTS = 5, 100  # history shown: max(5 * horizon, 100) rows
MIN_BACKTEST_CONTEXT = 20  # history rows before the first cutoff: as many as the folds span
MAX_TEST_PATHS = 40  # more test-period paths than this blur into a smear: draw every k-th
MAX_LABELLED_FOLDS = 8  # beyond this the legend names the first and the last fold only
MARKERS_UP_TO, FOLD_MARKERS_UP_TO = 30, 12  # points on a path drawn with markers (folds crowd)

HISTORY_COLOUR, FORECAST_COLOUR, TEST_COLOUR = "tab:blue", "tab:orange", "tab:green"
ACTUAL_COLOUR, ORIGIN_COLOUR, CONTEXT_COLOUR = "black", "0.35", "0.6"  # context: not the subject
BAND_ALPHAS = (0.15, 0.3, 0.45, 0.55, 0.6)  # the widest band lightest, each narrower darker

SERIES = "__series__"  # column added to every frame: the series key, as text
LEVEL = re.compile(r"[0-9]+(\.[0-9]+)?")  # lo_80, hi_99.5
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"  # and the IHDR chunk, with width and height, comes first


def plot_forecast(history: pd.DataFrame, forecast: pd.DataFrame, out: str, *,
                  test: pd.DataFrame | None = None, id_col: str | None = None,
                  time_col: str = "time", target: str = "value", title: str | None = None,
                  max_series: int = 6, history_points: int | None = None) -> dict:
    """Draw the history's last part (``history_points`` rows up to the forecast origin; by default
    ``max(5 * horizon, 100)``, widened to the test period), the forecast with its ``lo_<L>``/
    ``hi_<L>`` bands and the test forecasts. Returns ``{"path", "width", "height", "series"}``:
    pixels and the ids drawn ([] without ``id_col``). Raises ``InputError``."""
    _check_out(out)
    plan = _plan_forecast(history, forecast, test, id_col, time_col, target, title, max_series,
                          history_points)
    return _save(_draw_forecast(plan), out, plan.ids)


def plot_backtest(frame: pd.DataFrame, out: str, *, id_col: str | None = None,
                  time_col: str = "time", history: pd.DataFrame | None = None,
                  target: str = "value", title: str | None = None, max_series: int = 6) -> dict:
    """Draw each fold's forecast (and bands, naive, seasonal naive) against the actuals, after
    some ``history`` as context when given. Returns what ``plot_forecast`` returns."""
    _check_out(out)
    plan = _plan_backtest(frame, id_col, time_col, history, target, title, max_series)
    return _save(_draw_backtest(plan), out, plan.ids)


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


def _check_out(out: str) -> None:
    """Refuse a bad output path before spending time on drawing."""
    target = os.fspath(out)
    if not target.lower().endswith(".png"):
        raise InputError(f"cannot write {target}: plots are PNG images; give a name ending in .png")
    folder = os.path.dirname(target) or os.curdir
    if not os.path.isdir(folder):
        raise InputError(f"cannot write {target}: directory {folder} does not exist; create it "
                         "first or choose another output path")


def _plan_forecast(history: pd.DataFrame, forecast: pd.DataFrame,
                   test: pd.DataFrame | None = None, id_col: str | None = None,
                   time_col: str = "time", target: str = "value", title: str | None = None,
                   max_series: int = 6, history_points: int | None = None) -> _Plan:
    if history_points is not None and history_points < 1:
        raise InputError(f"the history points to show must be at least 1, got {history_points}")
    forecast = _clean(forecast, "forecast", id_col, [time_col], ["forecast"])
    history = _clean(history, "history", id_col, [time_col], [target])
    if test is not None:
        test = _clean(test, "test-period forecasts", id_col, ["origin", time_col],
                      ["actual", "forecast"])
    keys, ids, suffix = _select(forecast, id_col, max_series)
    default = f"{target}: forecast" + (" and test-period forecasts" if test is not None else "")
    return _Plan(forecast, history, keys, ids, _band_levels(forecast), time_col, target,
                 (title or default) + suffix, id_col is not None, test, history_points)


def _plan_backtest(frame: pd.DataFrame, id_col: str | None = None, time_col: str = "time",
                   history: pd.DataFrame | None = None, target: str = "value",
                   title: str | None = None, max_series: int = 6) -> _Plan:
    frame = _clean(frame, "backtest", id_col, ["cutoff", time_col], ["actual", "forecast", "naive"])
    if history is not None:
        history = _clean(history, "history", id_col, [time_col], [target])
    keys, ids, suffix = _select(frame, id_col, max_series)
    folds = frame[frame[SERIES].isin(keys)]["cutoff"].nunique()
    default = f"{target}: backtest, {folds} fold" + ("s" if folds != 1 else "")
    return _Plan(frame, history, keys, ids, _band_levels(frame), time_col, target,
                 (title or default) + suffix, id_col is not None)


def _clean(frame: pd.DataFrame | None, what: str, id_col: str | None, time_cols: list[str],
           number_cols: list[str]) -> pd.DataFrame:
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
        clean[col] = _as_times(clean[col], what, col)
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


def _band_levels(frame: pd.DataFrame) -> list[tuple[str, float]]:
    """(L, alpha) of the levels with both ``lo_<L>`` and ``hi_<L>``, widest (largest L) first."""
    columns = {str(c) for c in frame.columns}
    levels = [c[3:] for c in columns if c.startswith("lo_") and f"hi_{c[3:]}" in columns]
    levels = sorted((lv for lv in levels if LEVEL.fullmatch(lv)), key=float, reverse=True)
    return [(lv, BAND_ALPHAS[min(rank, len(BAND_ALPHAS) - 1)]) for rank, lv in enumerate(levels)]


def _select(frame: pd.DataFrame, id_col: str | None, max_series: int) -> tuple[list, list, str]:
    """(keys, ids, title suffix) of the first ``max_series`` series in order of appearance."""
    if max_series < 1:
        raise InputError(f"the number of series to plot must be at least 1, got {max_series}")
    if id_col is None:
        return [""], [], ""
    firsts = frame.drop_duplicates(SERIES)
    kept = firsts.head(max_series)
    ids = [v.item() if hasattr(v, "item") else v for v in kept[id_col]]
    shown, total = len(kept), len(firsts)
    suffix = (f" (first {shown} of {total} series)" if shown < total
              else f" ({shown} series)" if shown > 1 else "")
    return list(kept[SERIES]), ids, suffix


def _rows_of(frame: pd.DataFrame | None, key: str, time_col: str) -> pd.DataFrame | None:
    return None if frame is None else frame[frame[SERIES] == key].sort_values(time_col)


def _draw_forecast(plan: _Plan) -> Figure:
    figure, axes = _new_figure(plan)
    for ax, key in zip(axes, plan.keys, strict=True):
        _draw_forecast_series(ax, plan, key)
    _finish(figure, axes, plan)
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
                lw=1.3, label="history", gid="history")
    if test is not None:
        if plan.history_points is not None and len(shown):
            # An explicit window is honoured: test forecasts from before it are left out.
            test = test[test["origin"] >= shown[t].iloc[0]]
        _draw_test_paths(ax, test, t)
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
        # By default the window widens so the test period is in view as a whole.
        shown = upto[upto[t] >= min(shown[t].iloc[0], test["origin"].min())]
    return pd.concat([shown, after])


def _draw_test_paths(ax: Axes, test: pd.DataFrame, t: str) -> None:
    """Each test origin's path as a thin line (every k-th of many); the actuals as dots."""
    if not len(test):
        return
    origins = sorted(pd.Timestamp(o) for o in test["origin"].unique())
    step = math.ceil(len(origins) / MAX_TEST_PATHS)
    drawn = set(origins[::-1][::step])  # from the last origin back: the one nearest the forecast
    label = (f"test forecasts ({len(origins)} origins)" if step == 1
             else f"test forecasts ({len(drawn)} of {len(origins)} origins)")
    for origin, path in test.groupby("origin", sort=True):
        if pd.Timestamp(origin) in drawn:
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
    cutoffs = sorted(pd.Timestamp(c) for c in drawn["cutoff"].unique())
    # One colour per fold, the same in every panel: tab10 while it suffices, else viridis.
    n = len(cutoffs)
    ramp = colormaps["tab10"] if n <= 10 else colormaps["viridis"].resampled(n)
    colours = {cutoff: ramp(i) for i, cutoff in enumerate(cutoffs)}
    figure, axes = _new_figure(plan)
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
    _finish(figure, axes, plan, extra=styles)
    return figure


def _draw_backtest_series(ax: Axes, plan: _Plan, key: str, cutoffs: list[pd.Timestamp],
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
        _draw_fold(ax, fold, pd.Timestamp(cutoff), plan, cutoffs, colours)


def _draw_fold(ax: Axes, fold: pd.DataFrame, cutoff: pd.Timestamp, plan: _Plan,
               cutoffs: list[pd.Timestamp], colours: dict) -> None:
    t, colour, times = plan.time_col, colours[cutoff], fold[plan.time_col].to_numpy()
    _draw_bands(ax, fold, plan.levels, t, colour, label=False)
    # The legend names every fold, or the first and the last of many.
    named = len(cutoffs) <= MAX_LABELLED_FOLDS or cutoff in (cutoffs[0], cutoffs[-1])
    stamp = cutoff.strftime("%Y-%m-%d" if cutoff == cutoff.normalize() else "%Y-%m-%d %H:%M")
    ax.plot(times, fold["forecast"].to_numpy(), color=colour, lw=1.8, ms=3,
            marker="o" if len(fold) <= FOLD_MARKERS_UP_TO else None,
            label=f"forecast from {stamp}" if named else "_nolegend_", gid="fold_forecast")
    ax.plot(times, fold["naive"].to_numpy(), color=colour, ls="--", lw=1, alpha=0.8,
            label="_nolegend_", gid="fold_naive")
    if "seasonal_naive" in fold.columns:
        ax.plot(times, fold["seasonal_naive"].to_numpy(), color=colour, ls="-.", lw=1,
                alpha=0.8, label="_nolegend_", gid="fold_seasonal_naive")
    ax.axvline(cutoff, color=colour, ls=":", lw=1, alpha=0.7, gid="cutoff")


def _new_figure(plan: _Plan) -> tuple[Figure, list[Axes]]:
    """One wide axes, or a two-column grid without empty cells; panels titled by series."""
    from matplotlib.figure import Figure

    panels = len(plan.keys)
    rows = math.ceil(panels / GRID_COLUMNS)
    size = SINGLE_SIZE if panels == 1 else (
        GRID_WIDTH, max(SINGLE_SIZE[1], GRID_EXTRA_HEIGHT + GRID_ROW_HEIGHT * rows))
    figure = Figure(figsize=size, dpi=DPI, layout="constrained")
    grid = figure.subplots(rows, 1 if panels == 1 else GRID_COLUMNS, squeeze=False).ravel()
    for spare in grid[panels:]:
        spare.remove()
    if plan.keyed:
        for ax, key in zip(grid, plan.keys, strict=False):
            ax.set_title(key, fontsize="medium")
    return figure, list(grid[:panels])


def _finish(figure: Figure, axes: list[Axes], plan: _Plan, *, extra: list = ()) -> None:
    """Date ticks, labels, title and one legend for the whole figure, below the plots."""
    import matplotlib.dates as mdates

    for ax in axes:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=9 if len(axes) == 1 else 6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(True, alpha=0.3, lw=0.6)
    (axes[0].set_ylabel if len(axes) == 1 else figure.supylabel)(plan.target)
    # The lowest panel of each column gets the time label (a figure-wide one hits the legend).
    for ax in axes[-GRID_COLUMNS:]:
        ax.set_xlabel(plan.time_col)
    figure.suptitle(plan.title)
    # Each label once: every panel draws the same kinds of things.
    entries = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    entries.update((artist.get_label(), artist) for artist in extra)
    if entries:  # outside the axes: a legend never hides the data it explains
        figure.legend(list(entries.values()), list(entries), loc="outside lower center",
                      ncols=min(len(entries), 6), frameon=False, fontsize="small")


def _save(figure: Figure, out: str, ids: list) -> dict:
    """Render to PNG in memory, then replace ``out`` atomically (complete or absent)."""
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    atomic_write_bytes(out, buffer.getvalue())
    width, height = png_size(buffer.getvalue())
    return {"path": out, "width": width, "height": height, "series": ids}


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels of a PNG image."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
