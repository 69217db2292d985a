"""disown.py: networks set aside for their base, on the test period or on validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_fit import fitted
from test_preprocess import panel_of
from test_windows import RECIPE

from lstmcast.preprocess import SeriesState, panel_rows
from lstmcast.windows import Windows


def test_networks_worse_than_their_base_on_the_test_period_are_reset():
    """A series growing 1 % a step, based on its last value: networks that learned the growth
    keep it; networks that learned a fall forecast the base; a panel's as a single series',
    on a seasonal base as on the last value."""
    from lstmcast.disown import disown_if_worse_on_test
    from lstmcast.fit import trust_notes

    growth = np.log(1.01) * np.arange(1, RECIPE.horizon + 1)
    for n_series in (1, 2):
        panel = panel_of(*[100 * 1.01 ** np.arange(60)] * n_series)
        rows = panel_rows(panel, [SeriesState("log", "last")] * n_series)
        for correction, kept in ((growth, True), (-growth, False), (0.5 * growth, True)):
            val = Windows(rows, np.arange(40, 43), RECIPE)
            # two independent forecasts of the horizon (6 windows of 3 steps; a panel's two
            # series, 3 each): a check that may overrule validation
            test = Windows(rows, (np.arange(48, 54) if n_series == 1 else
                                  np.array([51, 52, 53, 111, 112, 113])), RECIPE)
            fits = [fitted(correction), fitted(correction), fitted(0 * growth, best_epoch=0)]
            x = test.batch(np.arange(len(test)))[0]
            assert disown_if_worse_on_test(fits, val, test) is not kept
            outputs = [np.abs(f.model.predict(x)).max() for f in fits]
            assert outputs == [*([pytest.approx(np.abs(correction).max())] * 2 if kept else
                                 [0.0, 0.0]), 0.0]  # the third never learned: the base
            assert [f.worse_on_test for f in fits] == [not kept, not kept, False]
            assert [f.best_epoch for f in fits] == ([5, 5, 0] if kept else [0, 0, 0])
            assert any("erred more than it on the test period" in t
                       for t in trust_notes(fits, val)) is not kept
            seasonal = panel_rows(panel, [SeriesState("log", "seasonal")] * n_series)
            # seasonal naive lags the growth by a season: a network that learned it is kept
            # there too, one that learned a fall is not
            season_growth = np.full(RECIPE.horizon, np.log(1.01) * RECIPE.season)
            for on_season, kept in ((season_growth, True), (-growth, False)):
                fits = [fitted(on_season)]
                assert disown_if_worse_on_test(fits, Windows(seasonal, val.origins, RECIPE),
                                               Windows(seasonal, test.origins, RECIPE)
                                               ) is not kept
            nothing = Windows(rows, test.origins[:0], RECIPE)
            fits = [fitted(-growth)]  # no validation (the epochs asked for), or no test: kept
            assert not disown_if_worse_on_test(fits, nothing, test)
            assert not disown_if_worse_on_test(fits, val, nothing)
            one = Windows(rows, test.origins[:3], RECIPE)  # one forecast is no check
            assert not disown_if_worse_on_test(fits, val, one)


def test_the_test_period_weighs_each_series_alike():
    """A network that errs less in all (on a volatile series) but more on two of three series
    is worse: the geometric mean of the series' relative errors, as a panel's relative MAE."""
    from lstmcast.disown import relative_error

    panel = panel_of(*[100 * 1.01 ** np.arange(30)] * 3)
    rows = panel_rows(panel, [SeriesState("log", "last")] * 3)
    test = Windows(rows, np.array([20, 21, 50, 51, 80, 81]), RECIPE)
    test = test.rows.series_of[test.origins]
    base = np.array([[1.0], [1.0], [1.0], [1.0], [10.0], [10.0]])
    mine = np.array([[1.2], [1.2], [1.2], [1.2], [5.0], [5.0]])
    assert mine.sum() < base.sum()
    assert relative_error(mine, base, test) == pytest.approx((1.2 * 1.2 * 0.5) ** (1 / 3))
    assert relative_error(mine, 0 * base, test) == 1.0  # no base error to compare with
    # a series forecast without error (a pegged rate) is left out, not a mean of 0
    exact = mine.copy()
    exact[:2] = 0.0
    assert relative_error(exact, base, test) == pytest.approx((1.2 * 0.5) ** (1 / 2))


def test_the_test_period_scores_no_cell_the_loader_filled():
    """A gap forward-filled at the end of a growing series: there the last value (the base)
    is exact and a network that learned the growth errs; scored, those cells would reset it,
    as the metrics do not score them, neither does the check, nor count them as evidence."""
    from lstmcast.disown import disown_if_worse_on_test

    y = 100 * 1.01 ** np.arange(70)
    y[50:] = y[49]  # rows 50.. filled from row 49
    filled = np.arange(70) >= 50
    rows = panel_rows(panel_of(y), [SeriesState("log", "last")])
    val = Windows(rows, np.arange(40, 43), RECIPE)
    # 5 windows (44..48) with a target before the gap: 5/3 independent forecasts
    test = Windows(rows, np.arange(44, 60), RECIPE)
    growth = np.log(1.01) * np.arange(1, RECIPE.horizon + 1)
    assert disown_if_worse_on_test([fitted(growth)], val, test)
    assert not disown_if_worse_on_test([fitted(growth)], val, test, filled)
    assert disown_if_worse_on_test([fitted(-growth)], val, test, filled)
    later = Windows(rows, np.arange(47, 60), RECIPE)  # 2 windows (47, 48) before it: too few
    assert not disown_if_worse_on_test([fitted(-growth)], val, later, filled)


def test_a_weekly_base_that_beats_the_networks_on_validation_forecasts_alone(monkeypatch):
    """Departures per hour on a weekend timetable: networks that learned nothing beyond the
    daily base (a zero correction, best epoch 3) lose on validation to the base a week of
    days long, and are reset for it to forecast alone; where the weekdays are alike no weekly
    base is chosen, a panel of several series keeps its networks, and so do networks the
    weekly base does not beat by the margin asked."""
    import lstmcast.disown
    from lstmcast.config import FitSpec, ModelSpec
    from lstmcast.disown import disown_for_the_weeks
    from lstmcast.fit import FitResult, new_model
    from lstmcast.preprocess import Recipe
    from lstmcast.states import series_states

    recipe = Recipe(lookback=168, horizon=24, season=24, patch=24)
    hours = np.arange(24 * 7 * 8)
    day = 1 + np.maximum(0.0, 10 * np.sin((hours % 24 - 6) * np.pi / 16))
    noise = 1 + 0.01 * np.random.default_rng(3).normal(size=len(hours))
    timetable = np.where((hours // 24) % 7 >= 5, 0.3 * day, day) * noise

    def networks():
        model = new_model(ModelSpec(hidden=4, horizon=24), FitSpec(), 24, 7, 1e-3, seed=0)
        return [FitResult(model, "completed", 3, 3, 0.1, 1e-3)]

    for series, reset in (([timetable], True), ([day * noise], False),
                          ([timetable, timetable], False)):
        panel = panel_of(*series)
        seen = panel.lengths - 2 * 48
        states = series_states(panel, seen, "auto", recipe, True)
        rows = panel_rows(panel, states)
        ahead = np.arange(seen[0] - 1, seen[0] + 23)  # origins whose horizon is validation's
        val = Windows(rows, (panel.indptr[:-1][:, None] + ahead).reshape(-1), recipe)
        fits = networks()
        assert disown_for_the_weeks(fits, val, panel, states, seen) is reset
        assert fits[0].best_epoch == (0 if reset else 3) and fits[0].beaten_by_bases is reset
        if reset:  # a margin no base meets: kept
            monkeypatch.setattr(lstmcast.disown, "WEEK_OVER_NETWORKS", 0.999)
            fits = networks()
            assert not disown_for_the_weeks(fits, val, panel, states, seen)
            assert fits[0].best_epoch == 3
            monkeypatch.undo()


def test_a_panel_s_averaged_bases_that_beat_its_networks_on_validation_forecast_alone(
        monkeypatch):
    """183 monthly tourism series: networks on seasonal naive kept (OWA 0.756), the bases alone
    better on validation and on the held-out months (0.718). 50 noisy monthly series whose
    networks learned nothing beyond seasonal naive (a zero correction, best epoch 3): the
    blend of their seasons beats it on validation, and forecasts alone; not under 50 series,
    nor of hourly data (M4 Hourly's networks, whose averaged bases came within 2 %)."""
    import lstmcast.disown
    from lstmcast.config import FitSpec, ModelSpec
    from lstmcast.disown import disown_for_the_averages
    from lstmcast.fit import FitResult, new_model
    from lstmcast.panel import Panel
    from lstmcast.preprocess import Recipe
    from lstmcast.states import averaged_bases, series_states

    recipe = Recipe(lookback=24, horizon=6, season=12, patch=1)
    rng = np.random.default_rng(4)
    shape = np.sin(np.arange(120) * np.pi / 6)
    series = [np.exp(3 + 0.5 * shape + rng.normal(0, 0.15, 120)) for _ in range(50)]

    def panel_at(freq, n):
        times = pd.date_range("2010-01-01", periods=120, freq=freq)
        return Panel.concat([(f"s{i}", times, y, np.empty((120, 0)))
                             for i, y in enumerate(series[:n])], freq=freq, freq_label=freq,
                            time_col="t", target_col="y", feature_cols=(), date_format=None,
                            path="p.csv", fingerprint=None)

    for freq, n, reset in (("MS", 50, True), ("MS", 49, False), ("h", 50, False)):
        panel = panel_at(freq, n)
        seen = panel.lengths - 12
        states = series_states(panel, seen, "auto", recipe, False)
        assert {s.base for s in states} == {"seasonal"}
        rows = panel_rows(panel, states)
        ahead = np.arange(seen[0] - 6, seen[0])  # origins whose horizon is validation's
        val = Windows(rows, (panel.indptr[:-1][:, None] + ahead).reshape(-1), recipe)
        model = new_model(ModelSpec(hidden=4, horizon=6), FitSpec(), val.batch([0])[0].shape[-1],
                          recipe.steps, 1e-3, seed=0)
        fits = [FitResult(model, "completed", 3, 3, 0.1, 1e-3)]
        assert disown_for_the_averages(fits, val, panel, states, seen) is reset
        assert fits[0].best_epoch == (0 if reset else 3)
        assert fits[0].beaten_by_bases is reset  # (the summary says why none is kept)
        if reset:  # judged on a few of them, spread over the panel: the same verdict
            monkeypatch.setattr(lstmcast.disown, "JUDGED_SERIES", 7)
            judged = []

            def spied(*args, judged=judged):
                judged.append(args[-1])
                return averaged_bases(*args)

            monkeypatch.setattr(lstmcast.disown, "averaged_bases", spied)
            fits = [FitResult(model, "completed", 3, 3, 0.1, 1e-3)]
            assert disown_for_the_averages(fits, val, panel, states, seen)
            assert judged[0].tolist() == [0, 8, 16, 24, 33, 41, 49]
            monkeypatch.undo()


def test_networks_outvoted_by_members_left_at_the_base_are_set_aside():
    """Best epochs 22, 0, 0 (US apparel-store employment): the median of the three is the base
    in every window, so the ensemble is a base that forecasts alone and is saved as one; the
    network that learned is reset and flagged, not refit for nothing. Two members of four, or
    one of two, move the median: kept."""
    from lstmcast.disown import disown_if_outvoted

    step = np.full(RECIPE.horizon, 0.3)
    for epochs, outvoted in (((22, 0, 0), 1), ((1, 0, 1, 0, 0), 2), ((21, 0), 0),
                             ((3, 0, 3, 0), 0), ((5, 5, 0), 0), ((0, 0, 0), 0)):
        fits = [fitted(step if e else 0 * step, e) for e in epochs]
        for f in fits:
            f.hedged = bool(f.best_epoch)  # (set aside: no half of it kept, as said before)
        assert disown_if_outvoted(fits) == outvoted
        assert [f.hedged for f in fits] == [bool(e) and not outvoted for e in epochs]
        assert [f.best_epoch for f in fits] == ([0] * len(epochs) if outvoted else list(epochs))
        assert [f.outvoted for f in fits] == [bool(e) and bool(outvoted) for e in epochs]
        if outvoted:
            assert all((f.model.views(f.model.theta)["b_out"] == 0).all() for f in fits)
