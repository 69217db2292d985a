"""Plots: valid PNGs of the promised size, the drawn elements really present, bad paths and frames
refused without leaving files, and matplotlib kept out of every import but the drawing itself."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import weakref
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PolyCollection

from lstmcast import plot
from lstmcast.errors import InputError
from lstmcast.plot import plot_backtest, plot_forecast, png_size

REPO = Path(__file__).resolve().parents[1]
HORIZON = 14
HISTORY_ROWS = 300


# ------------------------------------------------------------------------------------------------
# Frames built by hand


def seasonal_history(rows: int = HISTORY_ROWS, start: str = "2022-01-01") -> pd.DataFrame:
    """Daily values with a weekly cycle and a slow trend."""
    t = np.arange(rows)
    return pd.DataFrame({"time": pd.date_range(start, periods=rows, freq="D"),
                         "value": 10 + 3 * np.sin(2 * np.pi * t / 7) + 0.01 * t})


def forecast_after(history: pd.DataFrame, horizon: int = HORIZON) -> pd.DataFrame:
    """The next ``horizon`` days with widening 80% and 95% bands; times as ISO strings, as in the
    tool's CSV output."""
    last_time, last_value = history["time"].iloc[-1], history["value"].iloc[-1]
    times = pd.date_range(last_time + pd.Timedelta(days=1), periods=horizon, freq="D")
    steps = np.arange(1, horizon + 1)
    mean = last_value + 3 * np.sin(2 * np.pi * (len(history) + steps) / 7)
    spread = 0.5 * np.sqrt(steps)
    return pd.DataFrame({"time": times.strftime("%Y-%m-%d"), "forecast": mean,
                         "lo_80": mean - 1.28 * spread, "hi_80": mean + 1.28 * spread,
                         "lo_95": mean - 1.96 * spread, "hi_95": mean + 1.96 * spread})


def period_forecasts(history: pd.DataFrame, origins: list[int],
                   horizon: int = HORIZON) -> pd.DataFrame:
    """Test-period forecasts from the rows ``origins``: the actual plus a small offset."""
    rows = []
    for o in origins:
        for h in range(1, horizon + 1):
            actual = history["value"].iloc[o + h]
            rows.append({"origin": history["time"].iloc[o], "time": history["time"].iloc[o + h],
                         "actual": actual, "forecast": actual + 0.3})
    return pd.DataFrame(rows)


def panel(ids=("north", "east", "south")) -> tuple[pd.DataFrame, pd.DataFrame]:
    """History and forecast of several series, ids in a deliberately unsorted order."""
    histories, forecasts = [], []
    for k, sid in enumerate(ids):
        history = seasonal_history(120)
        history["value"] += 10 * k
        histories.append(history.assign(store=sid))
        forecasts.append(forecast_after(history).assign(store=sid))
    return pd.concat(histories), pd.concat(forecasts)


def backtest_frame(history: pd.DataFrame, cutoffs=(240, 260, 280), horizon: int = 7):
    """The backtest CSV's shape: three folds with an 80% band and both naive baselines."""
    rows = []
    for cut in cutoffs:
        for h in range(1, horizon + 1):
            actual = history["value"].iloc[cut + h]
            rows.append({"cutoff": history["time"].iloc[cut].strftime("%Y-%m-%d"),
                         "time": history["time"].iloc[cut + h].strftime("%Y-%m-%d"),
                         "actual": actual, "forecast": actual + 0.5,
                         "naive": history["value"].iloc[cut],
                         "seasonal_naive": history["value"].iloc[cut + h - 7],
                         "lo_80": actual - 1.0, "hi_80": actual + 2.0})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------------
# Looking into figures and files


def draw_forecast(history, forecast, **options):
    """The figure plot_forecast would save, to look into."""
    return plot._draw_forecast(plot._plan_forecast(history, forecast, **options))


def draw_backtest(frame, **options):
    """The figure plot_backtest would save, to look into."""
    return plot._draw_backtest(plot._plan_backtest(frame, **options))


def by_gid(items, gid: str) -> list:
    return [item for item in items if item.get_gid() == gid]


def lines(ax, gid: str) -> list:
    return by_gid(ax.get_lines(), gid)


def legend_texts(figure) -> list[str]:
    return [text.get_text() for legend in figure.legends for text in legend.get_texts()]


def x_days(artist) -> np.ndarray:
    """The x positions of a line in matplotlib's date numbers (days since the epoch)."""
    return artist.get_xydata()[:, 0]


def days(times) -> np.ndarray:
    return mdates.date2num(pd.to_datetime(pd.Series(times)).to_numpy())


def check_png(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = png_size(data)
    assert width >= 800 and height >= 450
    return width, height


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# ------------------------------------------------------------------------------------------------
# plot_forecast


def test_forecast_writes_a_png_of_at_least_800_by_450(tmp_path):
    history = seasonal_history()
    out = tmp_path / "forecast.png"
    result = plot_forecast(history, forecast_after(history), str(out))
    width, height = check_png(out)
    assert result == {"path": str(out), "width": width, "height": height, "series": [],
                      "warnings": []}
    assert (width, height) == (1200, 675)
    assert temp_files(tmp_path) == []


def test_a_series_without_test_period_forecasts_is_drawn_without_them(tmp_path):
    """A user round: a panel's series whose rows end before training's (a currency that stopped
    updating), drawn alone with --id, had no test-period forecasts: 'nothing to plot'."""
    history = seasonal_history()
    empty = pd.DataFrame(columns=["origin", "time", "actual", "forecast"])
    out = tmp_path / "forecast.png"
    plot_forecast(history, forecast_after(history), str(out), test=empty)
    check_png(out)
    from lstmcast.plot import _plan_forecast

    plan = _plan_forecast(history, forecast_after(history), empty)
    assert plan.test is None and plan.title == "value: forecast"  # no test-period words


def test_forecast_figure_draws_history_forecast_bands_and_origin():
    history = seasonal_history()
    forecast = forecast_after(history)
    figure = draw_forecast(history, forecast)
    [ax] = figure.axes

    [shown] = lines(ax, "history")
    tail = history.tail(100)  # max(5 * 14, 100) rows by default
    np.testing.assert_allclose(shown.get_ydata(), tail["value"])
    np.testing.assert_allclose(x_days(shown), days(tail["time"]))

    [drawn] = lines(ax, "forecast")
    np.testing.assert_allclose(drawn.get_ydata(), forecast["forecast"])
    np.testing.assert_allclose(x_days(drawn), days(forecast["time"]))

    band_80 = by_gid(ax.collections, "band_80")
    band_95 = by_gid(ax.collections, "band_95")
    assert len(band_80) == len(band_95) == 1
    assert isinstance(band_80[0], PolyCollection) and isinstance(band_95[0], PolyCollection)
    assert band_95[0].get_alpha() < band_80[0].get_alpha()  # the wider band is lighter
    ahead = forecast_after(history)
    alone = draw_forecast(history, ahead.drop(columns=["lo_80", "hi_80"]))  # (--level 95)
    [band] = by_gid(alone.axes[0].collections, "band_95")
    assert band.get_alpha() == band_80[0].get_alpha()  # not the palest: a user round saw none

    low, high = ax.get_ylim()
    assert low <= forecast["lo_95"].min() and high >= forecast["hi_95"].max()
    assert low <= history["value"].tail(100).min()

    [origin] = lines(ax, "origin")
    np.testing.assert_allclose(x_days(origin), days([history["time"].iloc[-1]] * 2))

    assert ax.get_xlabel() == "time" and ax.get_ylabel() == "value"
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    assert {"history", "forecast", "80% interval", "95% interval", "forecast origin"} <= set(
        legend_texts(figure))
    assert figure.get_suptitle() == "value: forecast"


def test_history_shown_follows_history_points_or_the_horizon():
    history = seasonal_history()
    few = draw_forecast(history, forecast_after(history), history_points=30)
    assert len(lines(few.axes[0], "history")[0].get_ydata()) == 30
    long_horizon = draw_forecast(history, forecast_after(history, horizon=40))
    assert len(lines(long_horizon.axes[0], "history")[0].get_ydata()) == 200  # 5 * 40


def test_test_period_paths_and_actuals_are_drawn_and_widen_the_window():
    history = seasonal_history()
    origins = [150, 200, 250, 280]
    test = period_forecasts(history, origins)
    figure = draw_forecast(history, forecast_after(history), test=test, title="Shop sales")
    ax = figure.axes[0]

    paths = lines(ax, "test_path")
    assert len(paths) == len(origins)
    assert all(len(path.get_ydata()) == HORIZON for path in paths)
    [actual] = lines(ax, "test_actual")
    assert len(actual.get_ydata()) == test["time"].nunique()
    # The window starts at the first test origin although that is before the last 100 rows.
    [shown] = lines(ax, "history")
    assert x_days(shown)[0] == days([history["time"].iloc[150]])[0]
    assert figure.get_suptitle() == "Shop sales"
    assert "test forecasts (4 origins)" in legend_texts(figure)

    # An explicit window is kept, and test paths from before it are left out.
    narrow = draw_forecast(history, forecast_after(history), test=test, history_points=30)
    assert len(lines(narrow.axes[0], "history")[0].get_ydata()) == 30
    assert len(lines(narrow.axes[0], "test_path")) == 1


def test_a_test_period_far_longer_than_the_forecast_widens_the_window_only_so_far():
    """A long hourly series' test period is a tenth of it, a year of hours beside a day's
    forecast, which became a line one pixel wide. The window widens to WIDEST times the rows it
    shows by default, and holds the test forecasts inside it."""
    history = seasonal_history(3000)
    test = period_forecasts(history, [300, 1000, 2950, 2980])
    figure = draw_forecast(history, forecast_after(history), test=test)
    [shown] = lines(figure.axes[0], "history")
    assert len(shown.get_ydata()) == plot.WIDEST * 100  # 4 * max(5 * 14, 100) rows
    assert len(lines(figure.axes[0], "test_path")) == 2


def test_many_test_origins_are_thinned_to_keep_the_paths_readable():
    history = seasonal_history()
    test = period_forecasts(history, list(range(100, 280, 2)), horizon=5)  # 90 origins
    figure = draw_forecast(history, forecast_after(history), test=test)
    assert len(lines(figure.axes[0], "test_path")) <= plot.MAX_TEST_PATHS
    assert "test forecasts (30 of 90 origins)" in legend_texts(figure)


def test_panel_draws_the_first_series_in_order_and_says_it_truncated(tmp_path):
    history, forecast = panel()
    out = tmp_path / "panel.png"
    result = plot_forecast(history, forecast, str(out), id_col="store", max_series=2)
    assert result["series"] == ["north", "east"]
    assert (result["width"], result["height"]) == check_png(out)

    figure = draw_forecast(history, forecast, id_col="store", max_series=2)
    assert [ax.get_title() for ax in figure.axes] == ["north", "east"]
    assert "first 2 of 3 series" in figure.get_suptitle()
    for ax, shift in zip(figure.axes, (0, 10), strict=True):
        assert lines(ax, "history")[0].get_ydata()[-1] == pytest.approx(
            seasonal_history(120)["value"].iloc[-1] + shift)
        assert len(by_gid(ax.collections, "band_95")) == 1


def test_panel_draws_the_first_series_named(tmp_path):
    """--id 'Norge; NOK,"Canada, CAD",日本 (JPY)' --max-series 2 drew JPY and Canada, the
    file's first two of those (a user round): the first named are drawn (in the file's
    order, as every panel's), matched as the panel's ids are."""
    history, forecast = panel()
    result = plot_forecast(history, forecast, str(tmp_path / "p.png"), id_col="store",
                           max_series=2, order=["South", "north", "east"])
    assert result["series"] == ["north", "south"]


def test_panel_of_three_in_a_grid_leaves_no_empty_axes(tmp_path):
    history, forecast = panel()
    figure = draw_forecast(history, forecast, id_col="store")
    assert len(figure.axes) == 3
    assert "(3 series)" in figure.get_suptitle()
    width, height = figure.get_size_inches() * figure.dpi
    assert width >= 800 and height >= 450


def test_panel_ids_match_across_frames_read_with_different_types():
    history, forecast = panel(ids=(7, 3))
    history["store"] = history["store"].astype(str)  # one file read the ids as text
    result_ids = plot._plan_forecast(history, forecast, id_col="store").ids
    assert result_ids == [7, 3] and all(type(i) is int for i in result_ids)
    figure = draw_forecast(history, forecast, id_col="store")
    assert all(len(lines(ax, "history")) == 1 for ax in figure.axes)


def test_times_may_be_strings_datetimes_or_bare_years():
    history = seasonal_history()
    as_text = history.assign(time=history["time"].dt.strftime("%Y-%m-%d"))
    a = lines(draw_forecast(history, forecast_after(history)).axes[0], "history")[0]
    b = lines(draw_forecast(as_text, forecast_after(history)).axes[0], "history")[0]
    np.testing.assert_array_equal(a.get_xydata(), b.get_xydata())

    years = pd.DataFrame({"year": range(1990, 2020), "value": np.arange(30.0)})
    ahead = pd.DataFrame({"year": [2020, 2021], "forecast": [30.0, 31.0]})
    figure = draw_forecast(years, ahead, time_col="year")
    [drawn] = lines(figure.axes[0], "forecast")
    np.testing.assert_allclose(x_days(drawn), days(["2020-01-01", "2021-01-01"]))


def test_numbered_steps_are_drawn_on_a_numbered_axis():
    history = pd.DataFrame({"t": np.arange(1, 201), "value": np.sin(np.arange(200) / 5)})
    ahead = pd.DataFrame({"t": [201, 202, 203], "forecast": [0.1, 0.2, 0.3]})
    # as read back from the CSV (integers) and as the tool holds them (step n = n ns after 1970)
    held = history.assign(t=pd.to_datetime(history["t"], unit="ns"))
    for frame in (history, held):
        figure = draw_forecast(frame, ahead, time_col="t", steps=True)
        [drawn] = lines(figure.axes[0], "forecast")
        np.testing.assert_array_equal(drawn.get_xdata(), [201, 202, 203])
        [past] = lines(figure.axes[0], "history")
        assert past.get_xdata()[-1] == 200
        figure.canvas.draw()
        ticks = [label.get_text() for label in figure.axes[0].get_xticklabels()]
        assert ticks and all(text.lstrip("\u2212-").isdigit() for text in ticks if text)
    folds = pd.DataFrame({"cutoff": [190, 190, 195, 195], "t": [191, 192, 196, 197],
                          "actual": 1.0, "forecast": 1.1, "naive": 0.9})
    figure = draw_backtest(folds, time_col="t", steps=True)
    labels = [line.get_label() for line in lines(figure.axes[0], "fold_forecast")]
    assert labels == ["forecast from 190", "forecast from 195"]
    with pytest.raises(InputError, match="not step numbers"):
        draw_forecast(history.assign(t=history["t"] + 0.5), ahead, time_col="t", steps=True)


def test_a_one_step_forecast_still_shows_its_band(tmp_path):
    history = seasonal_history()
    figure = draw_forecast(history, forecast_after(history, horizon=1))
    [band] = by_gid(figure.axes[0].collections, "band_95")
    assert isinstance(band, LineCollection)  # a bar: a filled band over one time has no width
    check_png(Path(plot_forecast(history, forecast_after(history, horizon=1),
                                 str(tmp_path / "one.png"))["path"]))


def test_a_history_of_one_row_is_a_dot_a_longer_one_a_line():
    history = seasonal_history()
    one = history.tail(1)  # a new listing: a line through one point draws nothing
    [drawn] = lines(draw_forecast(one, forecast_after(one)).axes[0], "history")
    assert drawn.get_marker() == "o" and len(drawn.get_xydata()) == 1
    [drawn] = lines(draw_forecast(history, forecast_after(history)).axes[0], "history")
    assert drawn.get_marker() in (None, "None", "")


# ------------------------------------------------------------------------------------------------
# plot_backtest


def test_backtest_writes_a_png_and_draws_every_fold(tmp_path):
    history = seasonal_history()
    frame = backtest_frame(history)
    out = tmp_path / "backtest.png"
    result = plot_backtest(frame, str(out), history=history)
    width, height = check_png(out)
    assert result == {"path": str(out), "width": width, "height": height, "series": [],
                      "warnings": []}

    figure = draw_backtest(frame, history=history)
    [ax] = figure.axes
    forecasts = lines(ax, "fold_forecast")
    assert len(forecasts) == 3
    assert len({tuple(line.get_color()) for line in forecasts}) == 3  # one colour per fold
    for line, (_, fold) in zip(forecasts, frame.groupby("cutoff", sort=True), strict=True):
        np.testing.assert_allclose(line.get_ydata(), fold["forecast"])
    naive = lines(ax, "fold_naive")
    assert len(naive) == 3 and all(line.get_linestyle() == "--" for line in naive)
    assert len(lines(ax, "fold_seasonal_naive")) == 3
    assert len(lines(ax, "cutoff")) == 3
    bands = by_gid(ax.collections, "band_80")
    assert len(bands) == 3 and all(isinstance(b, PolyCollection) for b in bands)
    assert ax.get_ylim()[1] >= frame["hi_80"].max()

    [actual] = lines(ax, "actual")
    assert len(actual.get_ydata()) == frame["time"].nunique()
    [context] = lines(ax, "history")
    assert x_days(context)[0] < days([frame["cutoff"].min()])[0]
    assert x_days(context)[-1] == days([frame["time"].max()])[0]

    assert figure.get_suptitle() == "value: backtest, 3 folds"
    texts = legend_texts(figure)
    assert {"actual", "naive", "seasonal naive", "80% interval", "cutoff"} <= set(texts)
    assert f"forecast from {frame['cutoff'].iloc[0]}" in texts


def test_backtest_panel_without_history_or_bands(tmp_path):
    history = seasonal_history()
    frames = [backtest_frame(history).assign(store=sid) for sid in ("b", "a", "c")]
    frame = pd.concat(frames).drop(columns=["lo_80", "hi_80", "seasonal_naive"])
    result = plot_backtest(frame, str(tmp_path / "bt.png"), id_col="store", max_series=2,
                           title="Backtest")
    assert result["series"] == ["b", "a"]
    check_png(tmp_path / "bt.png")
    figure = draw_backtest(frame, id_col="store", max_series=2, title="Backtest")
    assert figure.get_suptitle() == "Backtest (first 2 of 3 series)"
    assert all(not ax.collections and not lines(ax, "history") for ax in figure.axes)


def test_many_folds_get_distinct_colours_and_a_short_legend():
    history = seasonal_history()
    frame = backtest_frame(history, cutoffs=tuple(range(200, 290, 7)), horizon=5)  # 13 folds
    figure = draw_backtest(frame)
    forecasts = lines(figure.axes[0], "fold_forecast")
    assert len(forecasts) == 13
    assert len({tuple(line.get_color()) for line in forecasts}) == 13
    named = [text for text in legend_texts(figure) if text.startswith("forecast from")]
    first, last = frame["cutoff"].min(), frame["cutoff"].max()
    assert named == [f"forecast from {first}", f"forecast from {last}"]


# ------------------------------------------------------------------------------------------------
# Refusals leave no file


@pytest.mark.parametrize("name", ["plot.jpg", "plot", "missing/plot.png", "folder.png"])
def test_a_bad_output_path_is_refused_and_leaves_no_file(tmp_path, name):
    (tmp_path / "folder.png").mkdir()
    before = sorted(os.listdir(tmp_path))
    history = seasonal_history()
    with pytest.raises(InputError) as err:
        plot_forecast(history, forecast_after(history), str(tmp_path / name))
    assert "\n" not in str(err.value)
    with pytest.raises(InputError):
        plot_backtest(backtest_frame(history), str(tmp_path / name))
    assert sorted(os.listdir(tmp_path)) == before


def bad_inputs():
    history = seasonal_history()
    forecast = forecast_after(history)
    return {
        "empty forecast": (history, forecast.iloc[:0], {}),
        "empty history": (history.iloc[:0], forecast, {}),
        "no forecast column": (history, forecast.drop(columns="forecast"), {}),
        "no target column": (history, forecast, {"target": "sales"}),
        "no id column": (history, forecast, {"id_col": "store"}),
        "times that are not": (history, forecast.assign(time="soon"), {}),
        "values that are not": (history, forecast.assign(forecast="many"), {}),
        "test without origin": (history, forecast,
                                {"test": period_forecasts(history, [250]).drop(columns="origin")}),
        "no series": (history, forecast, {"max_series": 0}),
    }


@pytest.mark.parametrize("case", list(bad_inputs()))
def test_bad_forecast_frames_are_refused_with_one_line(tmp_path, case):
    history, forecast, options = bad_inputs()[case]
    out = tmp_path / "plot.png"
    with pytest.raises(InputError) as err:
        plot_forecast(history, forecast, str(out), **options)
    assert "\n" not in str(err.value)
    assert not out.exists() and os.listdir(tmp_path) == []


@pytest.mark.parametrize("drop", ["cutoff", "actual", "naive"])
def test_bad_backtest_frames_are_refused(tmp_path, drop):
    out = tmp_path / "bt.png"
    with pytest.raises(InputError, match=drop):
        plot_backtest(backtest_frame(seasonal_history()).drop(columns=drop), str(out))
    with pytest.raises(InputError, match="no rows"):
        plot_backtest(backtest_frame(seasonal_history()).iloc[:0], str(out))
    assert os.listdir(tmp_path) == []


def test_an_existing_file_is_replaced_whole(tmp_path):
    out = tmp_path / "forecast.png"
    out.write_bytes(b"old picture")
    history = seasonal_history()
    plot_forecast(history, forecast_after(history), str(out))
    check_png(out)
    assert sorted(os.listdir(tmp_path)) == ["forecast.png"]


# ------------------------------------------------------------------------------------------------
# Memory and imports


def test_figures_are_freed_after_saving(tmp_path, monkeypatch):
    made = []
    draw = plot._draw_forecast

    def remember(plan):
        figure = draw(plan)
        made.append(weakref.ref(figure))
        return figure

    monkeypatch.setattr(plot, "_draw_forecast", remember)
    history = seasonal_history()
    for _ in range(2):
        plot_forecast(history, forecast_after(history), str(tmp_path / "f.png"))
    gc.collect()
    assert [ref() for ref in made] == [None, None]


def python(code: str) -> str:
    """stdout of ``code`` run by a fresh interpreter in the repository."""
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout.strip()


def test_the_predict_path_does_not_import_matplotlib():
    code = ("import sys, lstmcast.forecast, lstmcast.render, lstmcast.cli; "
            "print('matplotlib' in sys.modules)")
    assert python(code) == "False"


def test_importing_the_plot_module_does_not_import_matplotlib():
    assert python("import sys, lstmcast.plot; print('matplotlib' in sys.modules)") == "False"


def test_drawing_imports_matplotlib_but_not_pyplot(tmp_path):
    """Positive control for the two tests above, and no pyplot: no global figure list to leak
    into and no backend switch imposed on the caller."""
    out = tmp_path / "f.png"
    code = (
        "import sys, pandas as pd; from lstmcast.plot import plot_forecast; "
        "t = pd.date_range('2024-01-01', periods=53); "
        "h = pd.DataFrame({'time': t[:50], 'value': range(50)}); "
        "f = pd.DataFrame({'time': t[50:], 'forecast': [1, 2, 3]}); "
        f"plot_forecast(h, f, {str(out)!r}); "
        "print('matplotlib' in sys.modules, 'matplotlib.pyplot' in sys.modules)"
    )
    assert python(code) == "True False"
    check_png(out)


def test_characters_the_font_lacks_are_said_once_not_warned_by_matplotlib(tmp_path):
    """Ids in CJK or emoji: the default font draws boxes for them, and matplotlib warned of
    each glyph on stderr in its own words, even under -q. Saving says it once, naming them."""
    import warnings

    from lstmcast.figure import save

    history = seasonal_history()
    figure = draw_forecast(history, forecast_after(history), title="\u6771\u4eac sales")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning may escape
        drawn = save(figure, str(tmp_path / "f.png"), [])
    if drawn["warnings"]:  # a machine with a CJK font draws them: nothing to say
        assert drawn["warnings"] == [f"{tmp_path / 'f.png'}: the plot's font has no glyph for "
                                     "'\u4eac\u6771' (in the names or ids): drawn as boxes"]
    plain = save(draw_forecast(history, forecast_after(history)), str(tmp_path / "g.png"), [])
    assert plain["warnings"] == []


def test_backtest_cutoffs_are_named_as_the_backtest_rows_write_them():
    """Months as '1980-11' and hours with their seconds, as the CSV, JSON and terminal write
    them (the legend said '1980-11-01' and '2020-01-15 15:00')."""
    from dataclasses import replace

    months = pd.DataFrame({"time": pd.date_range("1975-01-01", periods=80, freq="MS"),
                           "value": np.arange(80.0)})
    frame = backtest_frame(months, cutoffs=(70,), horizon=3)
    frame["cutoff"] = pd.to_datetime(frame["cutoff"]).dt.strftime("%Y-%m")
    plan = replace(plot._plan_backtest(frame), written="%Y-%m")
    assert "forecast from 1980-11" in legend_texts(plot._draw_backtest(plan))
    hours = pd.DataFrame({"time": pd.date_range("2020-01-01", periods=400, freq="h"),
                          "value": np.arange(400.0)})
    frame = backtest_frame(hours, cutoffs=(351,), horizon=3)
    frame["cutoff"] = hours["time"].iloc[351].strftime("%Y-%m-%d %H:%M:%S")
    frame["time"] = [t.strftime("%Y-%m-%d %H:%M:%S") for t in hours["time"].iloc[352:355]]
    assert "forecast from 2020-01-15 15:00:00" in legend_texts(draw_backtest(frame))


def test_a_day_s_tick_names_its_month():
    """'08, 15, 22, Oct' over '2024-Oct' read as October's days of September (a user round)."""
    import matplotlib.pyplot as plt

    from lstmcast.figure import finish

    figure, ax = plt.subplots()
    times = pd.date_range("2024-09-05", "2024-10-03", freq="D")
    ax.plot(times, np.arange(len(times)))
    finish(figure, [ax], x_label="date", y_label="y", title="t")
    figure.canvas.draw()  # (tick labels are made when drawn)
    dates = [label.get_text() for label in ax.get_xticklabels()]
    days_shown = [d for d in dates if d[:1].isdigit()]
    assert len(days_shown) >= 3 and all(re.fullmatch(r"\d\d Sep", d) for d in days_shown), dates
    assert ax.xaxis.get_offset_text().get_text() == "2024"
    plt.close(figure)
