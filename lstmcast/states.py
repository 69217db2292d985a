"""Each series' state: its mode (log ratios or scaled differences) and the base its windows
correct (``bases.BASES``), chosen once on its training rows by comparing the bases' in-sample
errors, and stored in the model file."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .baselines import is_seasonal
from .bases import (
    BASES,
    CANDIDATES,
    CLEAR_GAIN,
    SHAPE_MEMORIES,
    TREND_GAIN,
    WEEK,
    WEEKLY,
    base_error,
    base_errors,
    seasonal_beats_naive,
)
from .clocks import sub_daily
from .day_effects import learn as learn_day_effects
from .panel import Panel
from .preprocess import Recipe, SeriesState, require_positive
from .sizing import has_weeks, is_yearly
from .state_words import reason_of
from .theta_base import theta_alpha
from .trust import random_walk

# A panel under this many series learns on ``averaged_base`` (M4 Hourly: 414), and its daily
# series' day effects (``day_effects``): in 87 series of births and train boardings a day, under
# one global network, they cost OWA 0.714 -> 0.722, and learning them costs 20 ms a series.
FEW_SERIES = 50
WEEK_GAIN = 0.4  # in-sample error a weekly base must save over the daily one (``weekly_instead``)


def choose_state(y: np.ndarray, transform: str, season: int, horizon: int,
                 positive: bool) -> SeriesState:
    """The mode and base of a series from its training rows ``y``.

    transform: "auto" (log when ``positive``: every value of the series, in any period, is
    > 0, as every window of a log-ratio model must be), "log" or "additive". The base is
    seasonal naive when, over the training rows, it forecast the next ``horizon`` steps better
    than the last value did (a trending random walk passes a seasonality test, yet is no
    seasonal series). ``averaged_base`` may then average the seasons.
    """
    if transform == "log" and not positive:
        raise ValueError("log mode needs values > 0")
    mode = "log" if transform == "log" or (transform == "auto" and positive) else "additive"
    base = "seasonal" if season > 1 and seasonal_beats_naive(y, season, horizon) else "last"
    return SeriesState(mode, base, reason_of(mode, base, season))


def averaged_base(state: SeriesState, y: np.ndarray, season: int, horizon: int,
                  lookback: int, alone: bool = False, freq: str = "",
                  n_series: int = 1) -> SeriesState:
    """``daily_averaged_base`` (a base ``alone`` in a panel of ``n_series``, FEW_SERIES or
    more, of daily or coarser data: the blend of the seasons' bases; sub-daily data's may take
    a week's), then, for a base ``alone``, ``weekly_instead``
    where the season is a day of sub-daily steps (of frequency ``freq``),
    ``theta_instead_of_last`` where the series is yearly, and ``median_instead`` where it is
    intermittent."""
    chosen = daily_averaged_base(state, y, season, horizon, lookback, alone,
                                 alone and n_series >= FEW_SERIES and not sub_daily(freq))
    if alone and has_weeks(freq, season):
        chosen = weekly_instead(chosen, y, season, horizon, lookback)
    elif alone and is_yearly(freq):
        chosen = theta_instead_of_last(chosen, y)
    return median_instead(chosen, y, season, horizon, lookback) if alone else chosen


INTERMITTENT = 0.25  # share of a series' rows that are 0 before its median is tried as a base


def median_instead(state: SeriesState, y: np.ndarray, season: int, horizon: int,
                   lookback: int) -> SeriesState:
    """``state``, or for an intermittent series (INTERMITTENT of its rows ``y`` 0 or more)
    the median of each phase over its last seasons (``bases``: "median") where that forecast
    the training rows at least CLEAR_GAIN better: the least absolute error where most rows are
    0, which the last value and seasonal naive miss by repeating the odd sale."""
    if state.mode == "log" or np.mean(y == 0) < INTERMITTENT:
        return state
    own = base_error(y, state.base, state.shape_memory, season, horizon, lookback, False)
    median = base_error(y, "median", 1.0, season, horizon, lookback, False)
    if not median < (1 - CLEAR_GAIN) * own:  # nan: too short to compare
        return state
    return SeriesState(state.mode, "median", reason_of(state.mode, "median", season))


THETA_ROWS = 10  # rows a yearly series needs before its level and trend are smoothed


def theta_instead_of_last(state: SeriesState, y: np.ndarray) -> SeriesState:
    """``state``, or for a yearly series based on the last value that does not move as a random
    walk (``trust.random_walk``), of THETA_ROWS rows ``y`` or more, the Theta method
    (``bases``: a smoothed level plus half the trend), the classical method that forecast M4's
    yearly series best, where no network learned anything from its few dozen rows.

    16 yearly series (R's data sets and the two held-out benchmark sets), 6 years ahead at 2
    origins each, through the CLI: MAE / the last value's 0.857 -> 0.763 in geometric mean
    (airmiles 1.00 -> 0.14, Australian tourists 1.00 -> 0.39; livestock, turning down after
    its last rows, 1.00 -> 2.71). Offline, on random walks with and without drift, the test
    keeps most of them on the last value (a price must not lose to it). 11 other yearly series
    (temperatures, discoveries, six prices since 1800, short investment series): 0.958 ->
    0.944, no price worse. As the base a network corrects it cost a panel of 40 yearly GDP
    series OWA 0.503 -> 0.707, and single series whose networks had learned their cycle or
    trend on the last value (Mauna Loa's CO2 0.105 -> 0.349 of naive's MAE), so only a base
    alone takes it."""
    if state.base != "last" or len(y) < THETA_ROWS:
        return state
    log = state.mode == "log"
    if random_walk(np.log(y) if log else y):
        return state
    memory = 1.0 - theta_alpha(y, log)
    return SeriesState(state.mode, "theta", reason_of(state.mode, "theta", 1, memory), memory)


def weekly_instead(state: SeriesState, y: np.ndarray, season: int, horizon: int,
                   lookback: int) -> SeriesState:
    """``state``, or the base of the same kinds a week of seasons long (``bases``: seasonal
    naive a week back, the mean of the weeks, their trend, the last value deseasonalised by
    them) that forecast the training rows ``y`` at least WEEK_GAIN better than ``state``'s
    base, from origins spread alike: a day whose shape depends on the weekday (departures per
    hour from New York on a weekend timetable, 0.48 of the daily base's error in-sample: 1.00
    -> 0.25 of seasonal naive's MAE out of sample; of 12 M4 Hourly series, 2 origins, bases
    alone, 2 chose it, with 0.33 to 0.47 in-sample, and went 1.06 -> 0.51, 0.76 -> 0.25, 1.49
    -> 0.69 and 0.85 -> 0.24 of seasonal naive's MAE). A week holds a
    seventh as many seasons to average and breaks at a holiday, hence the margin: half-hourly
    demand at Christmas had 0.78 of the daily base's error in-sample and 4 to 10 times its
    error out of sample.

    Only for a base that forecasts alone (``averaged_bases``; a single series' networks give
    way to it where it forecast validation clearly better, ``disown.disown_for_the_weeks``): a
    network on the daily base reads a week of rows and may learn the weekdays itself. Under
    every network, half-hourly demand (taylor, 3 origins) went 0.227 -> 0.253 of seasonal
    naive's MAE (its networks learned nothing on the weekly base, and on the daily one beat it
    at 2 origins of 3), and as the base of M4 Hourly's global model (seasonal naive a week back
    where it won so) OWA 0.432 -> 0.461."""
    if BASES.index(state.base) > WEEKLY:  # chosen before: kept, as the other averaged bases
        return state
    log = state.mode == "log"
    reach = max(lookback, WEEK * season)  # both compared from the origins a week can serve
    weekly = base_errors(y, WEEK * season, horizon, reach, log)
    if not weekly:
        return state
    daily = base_errors(y, season, horizon, reach, log)
    own = daily[CANDIDATES.index((BASES.index(state.base), state.shape_memory))]
    best = min(range(1, len(CANDIDATES)), key=weekly.__getitem__)  # (the last value: daily)
    if weekly[best] >= (1 - WEEK_GAIN) * own:
        return state
    return _candidate_state(state.mode, best, season, weekly=True)


def daily_averaged_base(state: SeriesState, y: np.ndarray, season: int, horizon: int,
                        lookback: int, alone: bool = False, blend: bool = False) -> SeriesState:
    """``state`` with the mean of the seasons as its base, unless seasonal naive forecast the
    training rows ``y`` clearly better (by 1 %, and more than rounding) from every origin of a
    window of ``lookback`` rows (a season whose shape moves), for a series based on seasonal
    naive; a series based on the last value may take such a base too
    (``seasonal_instead_of_last``). On 16 seasonal series, 4 held-out origins each, the mean
    of 10 seasons beat seasonal naive on every one; requiring it to win in-sample first made
    it 0.860 of seasonal naive's MAE, not 0.853, as in-sample errors overlap and a short
    series has few of them.

    That mean weighs its seasons' shapes alike, unless one that weighs the newer seasons more
    (a shape memory, ``bases``; a growing amplitude) forecast the training rows at least
    TREND_GAIN better than the mean, or its trend, chosen before it. The single-series
    benchmark's geometric mean MAE / seasonal naive, before and after the shape memory: 0.698 /
    0.696 on its 17 series, 0.716 / 0.706 on 14 classic ones, 0.538 / 0.508 on 12 M4 Hourly
    ones. A level smoothed over the seasons (their means weighed alike) helped two of the 17
    series but cost a panel of 20 quarterly tourism series 25 % (OWA 0.888 -> 1.109): the
    level shifted after the training rows. It was dropped. Last, the last value deseasonalised
    by that profile ("seasonal_last": Naive2 on it, for a trending series whose level the
    seasons' means lag) where it beat the choice before by as much: 14 classic series 0.706 ->
    0.675, 12 M4 Hourly 0.508 -> 0.526, 17 series unchanged; a panel of 40 monthly employment
    series OWA 1.328 -> 1.153.

    Used where it was measured to help: for the base a network corrects when the panel has few
    series (a single series' network learns from few windows), and for forecasts made by the
    base alone (every network kept its untrained, zero-output weights). Not as the base of a
    network trained on many series: on M4 Hourly it made OWA 0.460 against 0.432 (0.450 when
    it averaged 3 seasons), the last season being what such a network builds on.

    ``alone``: the base forecasts alone (no network learned on it). ``blend``: a series of
    a panel of many based on seasonal naive takes the blend of the mean, the trend and the
    deseasonalised last value of its seasons (``bases``: "seasonal_blend"), not the one of
    them that forecast its training rows best: 86 quarterly series of the 2010 tourism
    competition, whose networks learned nothing, OWA 0.970 -> 0.858 (each of the three alone
    0.941, 0.941 and 0.868; AutoETS 0.894); its 183 monthly series' 0.713 -> 0.718 (their
    networks not kept). Single series, whose networks build on the base, lost with it (sets 17
    and 18, MAE / seasonal naive 0.651 -> 0.680 and 0.802 -> 0.808), as the real panels' of
    fewer than 50 series: the choice stays theirs.
    """
    if state.base == "last":
        return seasonal_instead_of_last(state, y, season, horizon, lookback, alone)
    if state.base != "seasonal":
        return state
    if blend and len(y) >= 2 * season + horizon:  # (as ``base_errors`` compares them)
        return SeriesState(state.mode, "seasonal_blend",
                           reason_of(state.mode, "seasonal_blend", season))
    errors = base_errors(y, season, horizon, lookback, state.mode == "log")
    chosen = CANDIDATES.index((2, 1.0))  # too short to compare: the plain mean
    if errors:
        for better in ([(3, 1.0)], [(k, w) for k in (2, 3) for w in SHAPE_MEMORIES[1:]],
                       [(4, w) for w in SHAPE_MEMORIES]):
            best = min((CANDIDATES.index(c) for c in better), key=errors.__getitem__)
            if errors[best] < (1 - TREND_GAIN) * errors[chosen]:
                chosen = best  # the seasons' trend, then the newer seasons' shape
        if errors[chosen] - errors[1] > 0.01 * errors[chosen] + 1e-9 * np.abs(y).mean():
            return state
    return _candidate_state(state.mode, chosen, season)


def seasonal_instead_of_last(state: SeriesState, y: np.ndarray, season: int, horizon: int,
                             lookback: int, alone: bool) -> SeriesState:
    """``state`` (based on the last value), or a mean-of-seasons base in its stead that
    forecast the training rows ``y`` better than the last value, by either rule:

    - clearly: the best of them all (plain, along the seasons' trend, or the last value
      deseasonalised) by CLEAR_GAIN, the margin by which seasonal naive also wins on a series
      that fails the seasonality test, where the season shows in the series' changes (of logs
      in log mode). Seasonal naive repeats a growing series' season a year low and can lose to
      the last value (monthly cafe spending: 1.00 of its error in-sample, its seasons' trend
      0.61; Johnson & Johnson's quarters 1.09 and 0.49). The test is on the changes: a random
      walk's drift keeps the autocorrelation of its levels high at every lag, passing the test,
      and the seasons' trend beats the last value in-sample by following the drift (1 in 5
      monthly walks of 1 % a month switched, to a 13 % larger error out of sample; 1 in 300 on
      the changes).
    - ``alone`` (no network learned on the base): by TREND_GAIN, the better in-sample of
      - the last value deseasonalised, on a series that passes M4's seasonality test: a level
        that wanders more in a season than the season swings, which seasonal naive repeats a
        season late, as Naive2 does not (40 monthly employment series, whose networks learned
        nothing: OWA 1.153 -> 1.074). Under a trained network it cost the single-series
        benchmark's files (MAE / seasonal naive 0.696 -> 0.706, the daily temperatures and the
        hourly oil temperature), whose networks had learned on the last value;
      - the mean of the seasons (by its best shape memory, with no trend), for a level the last
        value's noise hides: daily maximum temperatures, whose week of a season no network
        learned on (Clemson's, 8 held-out origins: MAE / seasonal naive 1.032 -> 0.867; a
        transformer's daily mean oil temperature 0.855 -> 0.889; the 21 fresh series 0.656 ->
        0.642, 20 quarterly visitor nights OWA 0.887 -> 0.871, the other benchmarks unchanged).
      A temperature's level wanders with the year, so it passes the test too; the deseasonalised
      last value came first then, and took Melbourne's daily maximum (0.94 of the last value's
      error in-sample, the mean of the weeks 0.87) to 1.34 of seasonal naive's MAE at one
      origin of two (0.75 on the mean). A random walk's mean of the seasons lags it: it keeps
      the last value.
    """
    log = state.mode == "log"
    # the tests first: the bases' errors cost more, for each of thousands of series
    clearly = season > 1 and is_seasonal(np.diff(np.log(y) if log else y), season, True)
    seasons_alone = alone and season > 1
    wanders = seasons_alone and is_seasonal(y, season)
    errors = base_errors(y, season, horizon, lookback, log) if clearly or seasons_alone else []
    if not errors:
        return state
    last = errors[CANDIDATES.index((0, 1.0))]
    best = min(range(2, len(CANDIDATES)), key=errors.__getitem__)
    if clearly and errors[best] < (1 - CLEAR_GAIN) * last:
        return _candidate_state(state.mode, best, season)
    kinds = (4, 2) if wanders else (2,)
    best = min((CANDIDATES.index((k, w)) for k in kinds for w in SHAPE_MEMORIES),
               key=errors.__getitem__)
    if seasons_alone and errors[best] < (1 - TREND_GAIN) * last:
        return _candidate_state(state.mode, best, season)
    return state


def _candidate_state(mode: str, candidate: int, season: int, weekly: bool = False) -> SeriesState:
    """The state of a series based on ``CANDIDATES[candidate]`` (its kind at a week of seasons
    where ``weekly``), in ``mode``."""
    kind, shape = CANDIDATES[candidate]
    base = BASES[kind + WEEKLY if weekly else kind]
    return SeriesState(mode, base, reason_of(mode, base, season, shape), shape)


def averages_seasons(n_series: int, learned: bool) -> bool:
    """Whether a model of ``n_series`` series, whose networks ``learned`` (a best validation
    epoch > 0) or not, bases its seasonal series on ``averaged_base``: the rule training
    applies to the series it sees, and prediction to a series it did not see."""
    return n_series < FEW_SERIES or not learned


def base_rows(train_end: np.ndarray, test_start: np.ndarray, recipe: Recipe) -> np.ndarray:
    """The rows of each series its base is chosen on: its training rows, or also its validation
    rows when the training rows are too few to compare the bases (two seasons and a horizon).
    96 hours with a 24-hour horizon show their daily season only so (12 short M4 Hourly series:
    MAE / seasonal naive 4.43 -> 0.89); on 12 long ones, choosing on the validation rows as well
    flipped two bases and cost 4 %, so a series with enough training rows keeps them clean."""
    enough = train_end >= 2 * recipe.season + recipe.horizon
    return np.where(enough, train_end, test_start)


def series_states(panel: Panel, rows: np.ndarray, transform: str, recipe: Recipe,
                  averaged: bool, alone: bool = False) -> list[SeriesState]:
    """``series_state`` of every series from its first ``rows`` rows, with ``averaged_base``
    where ``averaged`` (``alone``: the bases forecast alone)."""
    states = [series_state(panel, s, int(rows[s]), transform, recipe) for s in range(len(panel))]
    states = averaged_bases(panel, states, rows, recipe, alone) if averaged else states
    return [with_day_effects_of(st, panel, int(panel.indptr[s]), int(rows[s]), len(panel))
            for s, st in enumerate(states)]


def with_day_effects_of(state: SeriesState, panel: Panel, first: int, rows: int,
                        n_series: int) -> SeriesState:
    """``state`` with the day effects (``day_effects``) of its series' ``rows`` rows from row
    ``first``, in log mode, where the panel (of ``n_series`` in training) is one of a few series
    of days."""
    if panel.freq != "D" or n_series >= FEW_SERIES or state.mode != "log":
        return state
    return replace(state, day_effects=learn_day_effects(panel.time[first : first + rows],
                                                        panel.target[first : first + rows]))


def averaged_bases(panel: Panel, states: list[SeriesState], train_end: np.ndarray,
                   recipe: Recipe, alone: bool = False,
                   only: np.ndarray | None = None) -> list[SeriesState]:
    """``averaged_base`` of every series of the panel (``only`` these, the others' ``states``
    as they are), from its first ``train_end`` rows; a base that forecasts ``alone`` may be a
    weekly one (``weekly_instead``), Theta's (``theta_instead_of_last``) or the median of the
    phases (``median_instead``)."""
    lo, averaged = panel.indptr[:-1], list(states)
    for s in range(len(states)) if only is None else only:
        averaged[s] = replace(averaged_base(states[s], panel.target[lo[s] : lo[s] + train_end[s]],
                                            recipe.season, recipe.horizon, recipe.lookback,
                                            alone, panel.freq, len(panel)),
                              day_effects=states[s].day_effects)  # learned on the rows
    return averaged


def series_state(panel: Panel, s: int, train_end: int, transform: str,
                 recipe: Recipe) -> SeriesState:
    """Series ``s``'s state from its first ``train_end`` rows; log mode only for a series > 0
    in every row, as each of its windows must be."""
    lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
    if transform == "log":
        require_positive(panel, slice(lo, hi), panel.ids[s], panel.path)
    season = recipe.season
    positive = bool(np.all(panel.target[lo:hi] > 0))
    return choose_state(panel.target[lo : lo + train_end], transform, season, recipe.horizon,
                        positive)
