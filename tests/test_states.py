"""Each series' mode and base, chosen on its training rows (``lstmcast.states``): seasonal
naive where it beats the last value, the mean of the seasons, their trend or newer shape where
those forecast the training rows better, the last value deseasonalised for a base alone."""

from __future__ import annotations

import numpy as np

from lstmcast.baselines import is_seasonal
from lstmcast.bases import CANDIDATES, base_errors, seasonal_beats_naive
from lstmcast.preprocess import SeriesState
from lstmcast.state_words import additive_why, describe_states
from lstmcast.states import averaged_base, choose_state


def errors_of(*args) -> dict:
    """``base_errors`` by (kind, shape memory)."""
    return dict(zip(CANDIDATES, base_errors(*args), strict=True))


def test_choose_state_mode_and_base():
    hours = np.arange(24 * 30)
    daily = 100 + 30 * np.sin(hours * 2 * np.pi / 24)
    walk = 100 * np.exp(np.cumsum(np.random.default_rng(0).normal(0, 0.01, 24 * 30)))
    assert choose_state(daily, "auto", 24, 48, True) == SeriesState("log", "seasonal")
    assert choose_state(walk, "auto", 24, 48, True).base == "last"  # a trend, no season
    assert choose_state(daily - 100, "auto", 24, 48, False).mode == "additive"
    assert choose_state(daily, "additive", 24, 48, True).mode == "additive"
    assert choose_state(daily, "auto", 1, 48, True).base == "last"
    assert seasonal_beats_naive(daily, 24, 48) and not seasonal_beats_naive(walk, 24, 48)


def test_a_season_is_based_on_the_mean_of_the_seasons_unless_its_shape_moves():
    """Seasonal naive repeats one season's noise; the mean of the seasons averages it out.
    Where the season's shape moves from day to day, the last season is the better guess."""
    hours = np.arange(24 * 60)
    daily = 100 + 30 * np.sin(hours * 2 * np.pi / 24)
    noisy = daily + np.random.default_rng(1).normal(0, 5, len(hours))
    errors = errors_of(noisy, 24, 24, 24 * 7, True)
    assert errors[2, 1] < 0.9 * errors[1, 1] < errors[0, 1]
    state = choose_state(noisy, "auto", 24, 24, True)
    assert state.base == "seasonal"
    assert averaged_base(state, noisy, 24, 24, 24 * 7).base == "seasonal_mean"
    moving = 100 + 30 * np.sin(hours * 2 * np.pi / 24 + 0.2 * (hours // 24))
    errors = errors_of(moving, 24, 24, 24 * 7, True)
    assert errors[1, 1] < 0.5 * errors[2, 1]
    moved = choose_state(moving, "auto", 24, 24, True)
    assert moved.base == "seasonal"
    assert averaged_base(moved, moving, 24, 24, 24 * 7) == moved
    # the mean reads the seasons before a window of one season too
    assert averaged_base(state, noisy, 24, 24, 24).base == "seasonal_mean"
    assert base_errors(noisy[: 24 * 2 + 23], 24, 24, 24, True) == []  # under two seasons
    walk = choose_state(np.cumsum(np.ones(200)), "auto", 24, 24, True)
    assert averaged_base(walk, np.cumsum(np.ones(200)), 24, 24, 48) == walk  # no season


def test_a_growing_season_is_continued_along_its_trend():
    """Monthly sales growing 1 % a month with a yearly season: the mean of the seasons lags the
    growth; continued along the seasons' trend it forecasts the training rows clearly better,
    and that base is chosen. A flat season keeps the plain mean."""
    months = np.arange(120)
    season = 1 + 0.2 * np.sin(months * 2 * np.pi / 12)
    noise = np.exp(np.random.default_rng(2).normal(0, 0.03, len(months)))
    growing = 100 * 1.01**months * season * noise
    errors = errors_of(growing, 12, 12, 36, True)
    assert errors[3, 1] < 0.5 * errors[2, 1]
    state = choose_state(growing, "auto", 12, 12, True)
    assert averaged_base(state, growing, 12, 12, 36).base == "seasonal_trend"
    flat = 100 * season * noise
    assert averaged_base(choose_state(flat, "auto", 12, 12, True), flat, 12, 12,
                         36).base == "seasonal_mean"


def test_a_growing_amplitude_weighs_the_newer_seasons_more():
    """A monthly season whose amplitude grows 10 % a year (in logs too), under noise: the mean
    of ten seasons' shape lags it; weighing the newer seasons more forecasts the training rows
    clearly better, and is chosen. A season of steady shape keeps them alike."""
    months = np.arange(120)
    rng = np.random.default_rng(4)
    growing = np.exp(0.3 * 1.1 ** (months / 12) * np.sin(months * 2 * np.pi / 12)
                     + rng.normal(0, 0.1, len(months)))
    chosen = averaged_base(choose_state(growing, "auto", 12, 12, True), growing, 12, 12, 36)
    assert chosen.base in ("seasonal_mean", "seasonal_trend") and chosen.shape_memory < 1
    errors = errors_of(growing, 12, 12, 36, True)
    kind = 2 if chosen.base == "seasonal_mean" else 3
    assert errors[kind, chosen.shape_memory] < 0.95 * errors[kind, 1]
    steady = np.exp(0.3 * np.sin(months * 2 * np.pi / 12) + rng.normal(0, 0.1, len(months)))
    kept = averaged_base(choose_state(steady, "auto", 12, 12, True), steady, 12, 12, 36)
    assert (kept.base, kept.shape_memory) == ("seasonal_mean", 1)


def test_a_wandering_level_is_deseasonalised_only_when_the_base_is_alone():
    """Monthly employment whose level wanders more in a year than its season swings: the last
    value beats seasonal naive (a year's wander behind), yet the season is there. With no
    network on the base, the last value deseasonalised forecasts it; a network that learned on
    the last value keeps it, and so does a random walk."""
    months = np.arange(180)
    rng = np.random.default_rng(0)
    y = 1000 * np.exp(0.03 * np.sin(months * 2 * np.pi / 12)
                      + np.cumsum(rng.normal(0, 0.012, 180)))
    state = choose_state(y, "auto", 12, 18, True)
    assert state.base == "last"
    errors = dict(zip(CANDIDATES, base_errors(y, 12, 18, 36, True), strict=True))
    assert errors[(4, 1.0)] < 0.95 * errors[(0, 1.0)]
    assert averaged_base(state, y, 12, 18, 36) == state  # under a network
    alone = averaged_base(state, y, 12, 18, 36, alone=True)
    assert (alone.base, alone.mode, alone.shape_memory) == ("seasonal_last", "log", 1.0)
    walk = 100 * np.exp(np.cumsum(rng.normal(0.01, 0.03, 180)))
    walked = choose_state(walk, "auto", 12, 18, True)
    assert averaged_base(walked, walk, 12, 18, 36, alone=True) == walked


def test_a_growing_season_that_seasonal_naive_misses_is_based_on_its_trend():
    """Quarters growing 4 % a quarter with a season that swings about as much as a year's
    growth: seasonal naive (a year behind) loses to the last value in-sample, yet the seasons'
    trend clearly beats both; the series is based on it, under a network or not. A random walk
    with a faint season, where no seasonal base wins clearly, keeps the last value."""
    quarters = np.arange(80)
    rng = np.random.default_rng(3)
    y = 10 * 1.04**quarters * (1 + 0.15 * np.cos(quarters * np.pi / 2)) * np.exp(
        rng.normal(0, 0.02, 80))
    state = choose_state(y, "auto", 4, 8, True)
    errors = errors_of(y, 4, 8, 16, True)
    assert state.base == "last" and errors[1, 1] > errors[0, 1]
    assert min(errors[3, w] for w in (1.0, 0.8, 0.5)) < 0.8 * errors[0, 1]
    for alone in (False, True):
        assert averaged_base(state, y, 4, 8, 16, alone).base == "seasonal_trend"
    walk = 100 * np.exp(np.cumsum(rng.normal(0, 0.03, 200))
                        + 0.01 * np.cos(np.arange(200) * np.pi / 2))
    walked = choose_state(walk, "auto", 4, 8, True)
    assert averaged_base(walked, walk, 4, 8, 16) == walked


def test_a_noisy_level_alone_is_based_on_the_mean_of_its_seasons():
    """Daily readings scattered about a level that moves slowly, with no weekly season: the
    mean of the week forecasts them better than the last day, and the base alone takes it; a
    network that learned on the last value keeps it, and a random walk keeps it alone too."""
    rng = np.random.default_rng(4)
    level = 20 + np.cumsum(rng.normal(0, 0.3, 600))
    y = level + rng.normal(0, 3, 600)
    state = choose_state(y, "additive", 7, 14, False)
    assert state.base == "last"
    errors = errors_of(y, 7, 14, 56, False)
    assert errors[2, 1.0] < 0.95 * errors[0, 1.0]
    assert averaged_base(state, y, 7, 14, 56) == state
    alone = averaged_base(state, y, 7, 14, 56, alone=True)
    assert (alone.base, alone.mode) == ("seasonal_mean", "additive")
    walk = 100 + np.cumsum(rng.normal(0, 1, 600))
    walked = choose_state(walk, "additive", 7, 14, False)
    assert averaged_base(walked, walk, 7, 14, 56, alone=True) == walked


def test_a_wandering_noisy_level_alone_takes_the_base_that_forecast_it_better():
    """Daily maximum temperatures: a yearly cycle under much day-to-day noise, no weekly
    season. The level wanders with the year (M4's test passes at lag 7) and the last value
    deseasonalised beats the last value in-sample, but the mean of the weeks, which averages
    the noise away, beats both: the base alone takes the mean."""
    days = np.arange(1500)
    rng = np.random.default_rng(0)
    y = 20 + 6 * np.sin(2 * np.pi * days / 365.25) + rng.normal(0, 3, 1500)
    state = choose_state(y, "additive", 7, 14, False)
    errors = errors_of(y, 7, 14, 56, False)
    deseasonalised = min(errors[4, w] for w in (1.0, 0.8, 0.5))
    assert state.base == "last" and is_seasonal(y, 7)
    assert deseasonalised < errors[0, 1.0]
    assert min(errors[2, w] for w in (1.0, 0.8, 0.5)) < deseasonalised
    assert averaged_base(state, y, 7, 14, 56, alone=True).base == "seasonal_mean"


def test_describe_states_names_the_kinds_a_panel_has():
    states = [SeriesState("log", "last", "a"), SeriesState("log", "seasonal_trend", "b"),
              SeriesState("additive", "last", "c")]
    assert describe_states(states) == (
        "transform: log ratios for 2 series, scaled differences for 1 series; base: the "
        "seasons along their trend for 1, last value for 2")
    assert describe_states(states[:1]) == "transform: a"


def test_a_series_of_positive_values_but_a_few_zeros_is_told_why_it_is_not_in_log_ratios():
    from test_preprocess import panel_of

    sales = np.array([5.0, 0.0, 7.0, 6.0, 0.0, 8.0])
    profit = np.array([-1.0, 2.0, -3.0, -1.0])  # mostly <= 0: differences, as expected
    panel = panel_of(sales, profit, np.arange(1.0, 5.0))
    states = [SeriesState("additive", "last"), SeriesState("additive", "last"),
              SeriesState("log", "last")]
    assert additive_why(panel, states) == (
        "scaled differences, not log ratios, for 1 series of values mostly > 0 (log ratios "
        "need every value > 0): 's0': 2 of 6 values <= 0")
    assert additive_why(panel_of(sales), states[:1]) == (
        "scaled differences, not log ratios (which need every value > 0): 2 of 6 values <= 0")
    assert additive_why(panel_of(profit), states[1:2]) is None


def test_a_day_whose_shape_depends_on_the_weekday_is_based_on_the_weeks():
    """Departures per hour on a timetable that differs at weekends: every daily base repeats
    the wrong day's shape the day after a change of timetable, a weekly one does not. Where the
    weekdays are alike the daily base stays; frequencies whose season is no day of steps have
    no weekly bases."""
    from lstmcast.sizing import has_weeks

    hours = np.arange(24 * 7 * 8)
    day = np.maximum(0.0, 10 * np.sin((hours % 24 - 6) * np.pi / 16))
    weekend = (hours // 24) % 7 >= 5
    noise = np.random.default_rng(3).normal(0, 0.3, len(hours))
    timetable = np.where(weekend, 0.3 * day, day) + noise
    state = averaged_base(choose_state(timetable, "auto", 24, 48, False), timetable, 24, 48,
                          168, True, "h")
    assert state.base.startswith("weekly") and "(season 168" in state.reason
    alike = day + noise
    daily = averaged_base(choose_state(alike, "auto", 24, 48, False), alike, 24, 48, 168,
                          True, "h")
    assert not daily.base.startswith("weekly")
    assert daily == averaged_base(choose_state(alike, "auto", 24, 48, False), alike, 24, 48,
                                  168, True)
    assert averaged_base(state, timetable, 24, 48, 168, True, "h") == state  # kept as chosen
    under = averaged_base(choose_state(timetable, "auto", 24, 48, False), timetable, 24, 48,
                          168, False, "h")
    assert not under.base.startswith("weekly")  # a network reads the week itself
    assert has_weeks("h", 24) and has_weeks("30min", 48) and has_weeks("12h", 2)
    assert not has_weeks("h", 12) and not has_weeks("D", 7) and not has_weeks("MS", 12)
    # a session held every day has its week (a car park's half-hours 08:00-16:30); trading
    # days', weekly sessions' and a shop's closed on Sundays have no week of 7 sessions
    assert has_weeks("30min@08:00-16:30/D", 18)
    assert not any(has_weeks(freq, m) for freq, m in [
        ("30min@08:00-16:30/B", 18), ("5min@09:30-15:55/B", 78),
        ("h@SUN22:00-FRI21:00/W", 120), ("30min@08:00-16:30/WD-SUN", 18)])


def test_a_yearly_series_alone_is_based_on_theta_unless_it_walks():
    """A yearly series with a trend and noise about it, whose base forecasts alone, takes the
    Theta method (its level smoothed, half its trend); under a network, at another frequency,
    shorter than THETA_ROWS, or moving as a random walk, it keeps the last value."""
    from lstmcast.states import THETA_ROWS

    rng = np.random.default_rng(1)
    years = np.arange(60)
    trend = 100 * np.exp(0.02 * years + rng.normal(0, 0.03, 60))
    state = choose_state(trend, "auto", 1, 6, True)
    assert state.base == "last"
    alone = averaged_base(state, trend, 1, 6, 12, True, "YS-JAN")
    assert (alone.base, alone.mode) == ("theta", "log") and 0 <= alone.shape_memory < 1
    assert "Theta" in alone.reason and "Theta" in describe_states([alone, alone])
    assert averaged_base(state, trend, 1, 6, 12, False, "YS-JAN") == state  # under a network
    assert averaged_base(state, trend, 1, 6, 12, True, "MS") == state
    short = trend[: THETA_ROWS - 1]
    assert averaged_base(choose_state(short, "auto", 1, 6, True), short, 1, 6, 4, True,
                         "YS-JAN").base == "last"
    walk = 100 * np.exp(np.cumsum(rng.normal(0, 0.05, 60)))
    walked = choose_state(walk, "auto", 1, 6, True)
    assert averaged_base(walked, walk, 1, 6, 12, True, "YE-DEC") == walked


def test_an_intermittent_series_alone_is_based_on_the_median_of_its_phases():
    """Sales on one day in ten, of 1 to 5 units: the last value and seasonal naive repeat the
    odd sale, the median of each weekday's rows forecasts the 0 that is nearly always right.
    Under a network, or for a series with few zeros, the base stays."""
    rng = np.random.default_rng(2)
    lumpy = (rng.poisson(0.1, 400) * rng.integers(1, 6, 400)).astype(float)
    state = choose_state(lumpy, "auto", 7, 7, False)
    alone = averaged_base(state, lumpy, 7, 7, 28, True, "D")
    assert alone.base == "median" and alone.mode == "additive"
    assert "median" in alone.reason and "median" in describe_states([alone, alone])
    assert averaged_base(state, lumpy, 7, 7, 28, False, "D") == averaged_base(
        state, lumpy, 7, 7, 28, False, "D") != alone  # under a network: not the median
    busy = rng.poisson(20, 400).astype(float)
    busy[::9] = 0.0  # a shop closed one day in nine: 11 % zeros, not intermittent
    kept = choose_state(busy, "auto", 7, 7, False)
    assert averaged_base(kept, busy, 7, 7, 28, True, "D").base != "median"


def test_a_seasonal_series_of_a_panel_of_many_whose_bases_forecast_alone_takes_the_blend():
    """86 quarterly tourism series whose networks learned nothing: each one's choice among the
    seasons' bases by in-sample error made OWA 0.970, their blend 0.858. A panel of fewer
    series, a single series, bases under a network, and sub-daily data (whose bases may be a
    week's) keep the choice."""
    from lstmcast.states import FEW_SERIES

    t = np.arange(60)
    y = np.exp(0.01 * t + 0.3 * np.sin(t * np.pi / 2))
    seasonal = choose_state(y, "auto", 4, 8, True)
    assert seasonal.base == "seasonal"
    blend = averaged_base(seasonal, y, 4, 8, 16, True, "QS-JAN", FEW_SERIES)
    assert blend.base == "seasonal_blend" and "averaged" in blend.reason
    for alone, n, freq in ((True, FEW_SERIES - 1, "QS-JAN"), (False, FEW_SERIES, "QS-JAN"),
                           (True, 1, "QS-JAN"), (True, FEW_SERIES, "6h")):  # (a week's, a review)
        assert averaged_base(seasonal, y, 4, 8, 16, alone, freq, n).base != "seasonal_blend"
    short = averaged_base(seasonal, y[:15], 4, 8, 16, True, "QS-JAN", FEW_SERIES)
    assert short.base != "seasonal_blend"  # (under two seasons and a horizon)
