"""Window normalisation: inputs and targets from the same rows on the train and predict sides,
exact inverses back to the target's units, the patch layout."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.bases import CANDIDATES, base_errors
from lstmcast.errors import InputError
from lstmcast.panel import Panel
from lstmcast.preprocess import (
    Recipe,
    SeriesState,
    floored,
    panel_rows,
    require_positive,
    to_levels,
    windows,
)


def errors_of(*args) -> dict:
    """``base_errors`` by (kind, shape memory)."""
    return dict(zip(CANDIDATES, base_errors(*args), strict=True))


def panel_of(*targets, features=None) -> Panel:
    parts = []
    for i, y in enumerate(targets):
        y = np.asarray(y, dtype=np.float64)
        f = np.empty((len(y), 0)) if features is None else features[i]
        parts.append((f"s{i}", pd.date_range("2021-01-01", periods=len(y), freq="h"), y, f))
    names = () if features is None else tuple(f"f{j}" for j in range(features[0].shape[1]))
    return Panel.concat(parts, freq="h", freq_label="hourly", time_col="t", target_col="y",
                        feature_cols=names, date_format=None, path="p.csv", fingerprint=None)


def naive_loop(x, y, m, log, seasonal):
    """The slow, obvious twin of windows() for one window (levels x (L,), future y (K,))."""
    level = np.mean(x[-m:])
    K = len(y)
    base = np.array([x[len(x) - m + (h % m)] if seasonal else x[-1] for h in range(K)])
    if log:
        return np.log(x / level), np.log(y / base), base, None
    scale = np.mean(np.abs(x - level))
    return (x - level) / scale, (y - base) / scale, base, scale


@pytest.mark.parametrize("log, seasonal", [(True, True), (True, False), (False, True),
                                           (False, False)])
def test_windows_match_the_slow_twin_and_invert_exactly(log, seasonal):
    rng = np.random.default_rng(0)
    y = 50 + 10 * np.sin(np.arange(200) * 2 * np.pi / 24) + rng.normal(0, 1, 200)
    if not log:
        y = y - 50  # crosses zero
    panel = panel_of(y)
    state = SeriesState("log" if log else "additive", "seasonal" if seasonal else "last")
    recipe = Recipe(lookback=48, horizon=30, season=24, patch=24)
    rows = panel_rows(panel, [state])
    origins = np.array([47, 100, 169])
    x, t, base, scale = windows(rows, origins, recipe)
    assert x.shape == (3, 2, 24) and t.shape == (3, 30)
    for i, o in enumerate(origins):
        inputs, target, b, sc = naive_loop(y[o - 47 : o + 1], y[o + 1 : o + 31], 24, log,
                                           seasonal)
        np.testing.assert_allclose(x[i].reshape(-1), inputs, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(t[i], target, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(base[i], b, rtol=0, atol=0)
        if not log:
            assert scale[i] == pytest.approx(sc, rel=1e-12)
    # The targets turn back into the future levels exactly (up to rounding).
    back = to_levels(t, base, scale, rows.log_mode[rows.series_of[origins]])
    np.testing.assert_allclose(back, y[origins[:, None] + np.arange(1, 31)], rtol=1e-12)
    # A zero output is the base forecast itself: an untrained model forecasts the base.
    np.testing.assert_array_equal(to_levels(np.zeros_like(t), base, scale,
                                            rows.log_mode[rows.series_of[origins]]), base)


def test_features_enter_as_their_own_patches():
    y = np.arange(1.0, 49.0)
    f = np.stack([np.arange(48.0) + 100, -np.arange(48.0)], axis=1)  # positive, and not
    panel = panel_of(y, features=[f])
    rows = panel_rows(panel, [SeriesState("log", "last")])
    x, _, _, _ = windows(rows, np.array([23]), Recipe(24, 1, 12, 12), with_targets=False)
    assert x.shape == (1, 2, 36)  # 2 steps of 12 rows x (target, feature 1, feature 2)
    window = f[:24, 0]
    np.testing.assert_allclose(x[0, :, 12:24].reshape(-1), np.log(window / window[-12:].mean()))
    minus = f[:24, 1]
    spread = np.abs(minus - minus[-12:].mean()).mean()
    np.testing.assert_allclose(x[0, :, 24:].reshape(-1), (minus - minus[-12:].mean()) / spread)


def test_windows_of_two_series_never_mix_rows():
    a, b = np.arange(1.0, 31.0), 1000 + np.arange(30.0)
    panel = panel_of(a, b)
    rows = panel_rows(panel, [SeriesState("log", "last")] * 2)
    x, t, base, _ = windows(rows, np.array([9, 30 + 9]), Recipe(10, 2, 1, 1))
    assert base[0, 0] == 10.0 and base[1, 0] == 1009.0
    np.testing.assert_allclose(np.exp(t[1]) * base[1], [1010.0, 1011.0])


def test_windows_keep_the_mean_of_seasons_bases_they_computed_once():
    """A ``fit.Windows`` of mean-of-seasons series computes their bases once; its batches are
    what ``windows`` builds from scratch."""
    from lstmcast.windows import Windows

    rng = np.random.default_rng(5)
    y = [60 + 10 * np.sin(np.arange(n) * 2 * np.pi / 24) + rng.normal(0, 2, n) for n in (300, 200)]
    rows = panel_rows(panel_of(*y), [SeriesState("log", "seasonal_mean"),
                                     SeriesState("additive", "seasonal")])
    recipe = Recipe(lookback=12, horizon=30, season=24, patch=1)
    origins = np.array([23, 40, 299, 300 + 23, 300 + 150])
    every = Windows(rows, origins, recipe)
    assert every.bases is not None
    idx = np.array([4, 0, 2])
    x, target = every.batch(idx)
    x_new, target_new, _, _ = windows(rows, origins[idx], recipe)
    np.testing.assert_array_equal(x, x_new)
    np.testing.assert_array_equal(target, target_new)


def test_a_series_state_is_stored_and_read_back_and_a_bad_one_refused():
    for state in (SeriesState("log", "seasonal_mean", shape_memory=0.5),
                  SeriesState("additive", "seasonal_trend", shape_memory=0.8),
                  SeriesState("log", "theta", shape_memory=0.65), SeriesState("log", "last")):
        assert SeriesState.from_dict(state.to_dict()) == state
    assert SeriesState("log", "last").to_dict() == {"mode": "log", "base": "last"}
    # a model file of format 3 or 4 has no memory: the seasons weigh as they did
    assert SeriesState.from_dict({"mode": "additive", "base": "seasonal_mean"}).shape_memory == 1
    for bad_state in ("seasonal_mean", None, ["log", "last"]):
        with pytest.raises(ValueError, match="unknown series state"):
            SeriesState.from_dict(bad_state)
    for bad in (1.5, -0.1, "0.5", True, None):
        with pytest.raises(ValueError, match="unknown series state"):
            SeriesState.from_dict({"mode": "log", "base": "seasonal_mean", "shape_memory": bad})
    with pytest.raises(ValueError, match="unknown series state"):  # Theta smooths with alpha > 0
        SeriesState.from_dict({"mode": "log", "base": "theta"})


def test_forecasts_of_series_never_below_zero_are_floored_at_zero():
    """Sales with zeros (additive) against its slow twin: an origin's forecasts and bounds are
    at least 0 when no value of its series up to the origin is below 0, as they are."""
    rng = np.random.default_rng(3)
    sales = rng.poisson(0.7, 60).astype(float)
    temps = np.abs(rng.normal(2, 3, 60)) + 0.5
    temps[40] = -1.5
    profit = np.abs(rng.normal(5, 1, 60))
    profit[-1] = -2.0  # below 0 after every origin tried: floored before it
    panel = panel_of(sales, temps, profit)
    rows = panel_rows(panel, [SeriesState("additive", "last")] * 3)
    origins = np.array([10, 59, 60 + 30, 60 + 45, 120 + 20, 120 + 59])
    values = rng.normal(0, 2, (len(origins), 4))

    def twin(values, origins):
        out = values.copy()
        for i, o in enumerate(origins):
            start = panel.indptr[rows.series_of[o]]
            if panel.target[start : o + 1].min() >= 0:
                out[i] = np.maximum(out[i], 0.0)
        return out

    np.testing.assert_array_equal(floored(values, rows, origins), twin(values, origins))
    assert (floored(values, rows, origins)[[0, 1, 2, 4]] >= 0).all()
    assert (floored(values, rows, origins)[[3, 5]] == values[[3, 5]]).all()
    bands = rng.normal(0, 2, (len(origins), 2, 4))  # (N, V, K), as intervals are floored
    np.testing.assert_array_equal(floored(bands, rows, origins)[:, 1],
                                  twin(bands[:, 1], origins))


def test_steps_a_series_was_shut_at_in_its_last_seasons_are_forecast_zero():
    """Against its slow twin: a step falls where each of the CLOSED_SEASONS seasons before it
    read 0 (a store shut on Sundays; not one that opened some Sunday, nor filled rows), where
    the series' other steps of those seasons are 0 too rarely for chance (not a slow seller's
    days: a review found 29 % of its steps 'shut')."""
    from lstmcast.preprocess import BY_CHANCE, CLOSED_SEASONS, closed_steps, in_target_units

    rng, m, K = np.random.default_rng(5), 7, 10
    store = 100 + rng.poisson(20, 140).astype(float)
    store[np.arange(140) % m == 6] = 0.0  # every Sunday
    opened = store.copy()
    opened[132] = 40.0  # a Sunday it opened, 8 rows before its end
    young = store[:40].copy()  # under CLOSED_SEASONS Sundays up to the early origins
    slow = np.where(rng.random(140) < 0.15, 1.0, 0.0)  # sold on 15 % of days
    panel = panel_of(store, opened, young, slow)
    rows = panel_rows(panel, [SeriesState("additive", "seasonal_mean")] * 4)
    origins = np.array([139, 100, 140 + 139, 140 + 133, 280 + 20, 280 + 39, 320 + 139])

    def twin(o: int) -> np.ndarray:
        start = panel.indptr[rows.series_of[o]]
        window = {j: [o - j - m * i for i in range(CLOSED_SEASONS)] for j in range(m)}
        shut = {j: all(r >= start and panel.target[r] == 0 for r in window[j])
                for j in range(m)}
        other = [r for j in range(m) if not shut[j] for r in window[j] if r >= start]
        rate = np.mean([panel.target[r] == 0 for r in other]) if other else 1.0
        return np.array([shut[(-k) % m] and rate ** CLOSED_SEASONS < BY_CHANCE
                         for k in range(1, K + 1)])

    closed = closed_steps(rows, origins, m, K)
    np.testing.assert_array_equal(closed, np.array([twin(o) for o in origins]))
    days_unsold = [all(slow[139 - j - m * i] == 0 for i in range(CLOSED_SEASONS)) for j in range(m)]
    assert any(days_unsold)  # (by chance: shut but for the gate)
    assert closed[0].tolist() == [k == 7 for k in range(1, K + 1)]  # (next Sunday's step)
    assert closed[1].sum() == 1 and not closed[2:].any()  # (opened; young; the slow seller)
    values = 50 + rng.normal(0, 5, (len(origins), K))
    assert (in_target_units(values, rows, origins, m)[closed] == 0).all()
    assert not closed_steps(rows, origins, 1, K).any()
    from lstmcast.calibrate import errors_at  # their errors (0) calibrate no open day's band

    recipe = Recipe(lookback=14, horizon=K, season=m, patch=7)
    errors = errors_at(panel, rows, origins[:2], values[:2], recipe)
    assert np.isnan(errors[closed[:2]]).all() and np.isfinite(errors[~closed[:2]]).all()
    filled = np.zeros(len(panel.target), dtype=bool)
    filled[132 - 7] = True  # a Sunday's 0 the loader filled is no evidence
    rows = panel_rows(replace(panel, filled=filled), [SeriesState("additive", "last")] * 4)
    assert not closed_steps(rows, origins[:1], m, K)[0, :7].any()


def test_day_effects_leave_the_rows_and_come_back_in_the_forecasts():
    """A daily series' rows are divided by its day effects (the windows see an ordinary week)
    and forecasts of such a day multiplied by them: Christmas from three origins before it."""
    from lstmcast.preprocess import with_day_effects

    days = pd.date_range("2020-12-01", periods=40, freq="D")
    y = np.full(40, 100.0)
    y[24] = 50.0  # 25 December
    panel = Panel.concat([("a", days, y, np.empty((40, 0))), ("b", days, y, np.empty((40, 0)))],
                         freq="D", freq_label="daily", time_col="t", target_col="y",
                         feature_cols=(), date_format=None, path="p.csv", fingerprint=None)
    christmas = ((("date", 12, 25), float(np.log(0.5))),)
    rows = panel_rows(panel, [SeriesState("log", "last", day_effects=christmas),
                              SeriesState("log", "last")])
    np.testing.assert_allclose(rows.target[:40], 100.0)  # the effect taken out
    np.testing.assert_array_equal(rows.target[40:], y)  # a series without effects as it was
    origins = np.array([21, 22, 23, 40 + 21])  # 22, 23, 24 December; the other series' 22nd
    got = with_day_effects(np.full((4, 3), 100.0), rows, origins)
    np.testing.assert_allclose(got, [[100, 100, 50], [100, 50, 100], [50, 100, 100],
                                     [100, 100, 100]])
    state = SeriesState("log", "last", day_effects=christmas)
    assert SeriesState.from_dict(json.loads(json.dumps(state.to_dict()))) == state
    with pytest.raises(ValueError, match="unknown series state"):
        SeriesState.from_dict({**state.to_dict(), "day_effects": [[["date", 12], -0.7]]})
    with pytest.raises(ValueError, match="unknown series state"):  # a ratio: log mode only
        SeriesState.from_dict({**state.to_dict(), "mode": "additive"})


def test_values_not_above_zero_are_named_from_the_first_of_their_run(tmp_path):
    """27 zeros written for days to come (a template): the window's last 7 named the 21st of
    them, and nothing said they lie in the future (a user round)."""
    today = pd.Timestamp.now().normalize()
    days = pd.date_range(end=today + pd.Timedelta(days=24), periods=90, freq="D")  # (63: -2)
    values = [*(100 + i % 7 for i in range(63)), *([0] * 27)]
    path = tmp_path / "orders.csv"
    path.write_text("date,orders\n" + "".join(f"{d:%Y-%m-%d},{v}\n"
                                              for d, v in zip(days, values, strict=True)))
    panel = load_series(path)
    n = len(panel.time)
    with pytest.raises(InputError) as err:
        require_positive(panel, slice(n - 7, n), "", "orders.csv")
    assert (
        f"need values > 0, but it has 0 at {days[63]:%Y-%m-%d} and in the 26 row(s) after it "
        f"(from {days[66]:%Y-%m-%d} dated after today: a template's rows for days to come?)"
    ) in str(err.value)
    with pytest.raises(InputError, match=f"has 0 at {days[63]:%Y-%m-%d} and in the 2 row"):
        require_positive(panel, slice(n - 30, n - 24), "", "orders.csv")  # (its run's start)
