"""From a series' rows to the network's inputs and back, the same for training and prediction.

Every window is normalised by itself, so one global model can learn from series of any scale:

    x      the window's L levels (and each feature's), ending at the forecast origin (row o)
    level  mean of the window's last season (its last m values; all L when m > L)
    base   the baseline the network corrects, one of ``bases.BASES`` chosen per series: the
           last value, seasonal naive, or the mean of the seasons (see ``averaged_base``)
    log mode (a series > 0):   input = log(x / level),       target = log(y / base),
                               forecast = base * exp(output)
    additive mode (otherwise): input = (x - level) / scale,  target = (y - base) / scale,
                               forecast = base + scale * output,  scale = mean |x - level| (> 0)

The network's output layer starts at zero, so an untrained model forecasts exactly the base.
A series' mode and base are chosen once, on its training rows, and stored in the model file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .baselines import is_seasonal
from .bases import (
    BASES,
    CANDIDATES,
    SEASONS_AVERAGED,
    SHAPE_MEMORIES,
    TREND_GAIN,
    base_errors,
    base_forecasts,
    seasonal_beats_naive,
)
from .calendar import format_stamp
from .errors import InputError
from .panel import Panel

MODES = ("log", "additive")
MAX_ABS_VALUE = 1e100  # larger values overflow the statistics (their squares, summed)
_TINY = 1e-12
FEW_SERIES = 50  # a panel under this many series learns on ``averaged_base`` (M4 Hourly: 414)


@dataclass(frozen=True)
class Recipe:
    """How a window is cut and fed to the network; fixed at training, stored in the model."""

    lookback: int  # L rows of history per window
    horizon: int  # K steps forecast at once
    season: int  # m >= 1 rows per season
    patch: int  # P rows per network step: the network sees L / P steps of P values per column

    @property
    def steps(self) -> int:
        return self.lookback // self.patch

    @property
    def window_season(self) -> int:
        """The season a window can show: 1 when one season is longer than the window."""
        return self.season if self.season <= self.lookback else 1

    def input_size(self, n_features: int) -> int:
        return self.patch * (1 + n_features)

    def rows_read(self, base: str) -> int:
        """Rows up to an origin that its window and a base of this kind read: a seasonal base
        reads a season, longer than the window or not."""
        return self.lookback if base == "last" else max(self.lookback, self.season)


@dataclass(frozen=True)
class SeriesState:
    """What one series' windows need beyond their rows: chosen on its training rows."""

    mode: str  # "log" | "additive"
    base: str  # one of BASES
    reason: str = field(default="", compare=False)  # why, for the notes
    # A mean of the seasons weighs the deviations of the season j back by shape_memory ** j
    # (``bases``): 1, all seasons alike, unless the newer ones' shape forecast better.
    shape_memory: float = 1.0

    def to_dict(self) -> dict:
        """The memory only where it is not the default: a panel of 20,000 series states few."""
        memory = {"shape_memory": self.shape_memory} if self.shape_memory != 1.0 else {}
        return {"mode": self.mode, "base": self.base, **memory}

    @classmethod
    def from_dict(cls, d: dict) -> SeriesState:
        """Inverse of ``to_dict``; a state of format 3 or 4 has no memory (the default)."""
        if not isinstance(d, dict):
            raise ValueError(f"unknown series state {d!r}")
        memory = d.get("shape_memory", 1.0)
        if d.get("mode") not in MODES or d.get("base") not in BASES or not (
                type(memory) in (int, float) and 0 <= memory <= 1):
            raise ValueError(f"unknown series state {d!r}")
        return cls(d["mode"], d["base"], shape_memory=float(memory))


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
    return SeriesState(mode, base, _reason(mode, base, season))


def averaged_base(state: SeriesState, y: np.ndarray, season: int, horizon: int,
                  lookback: int, alone: bool = False) -> SeriesState:
    """``state`` with the mean of the seasons as its base, unless seasonal naive forecast the
    training rows ``y`` clearly better (by 1 %, and more than rounding) from every origin of a
    window of ``lookback`` rows (a season whose shape moves); for a series based on seasonal
    naive only. On 16 seasonal series, 4 held-out origins each, the mean of 10 seasons beat
    seasonal naive on every one; requiring it to win in-sample first made it 0.860 of seasonal
    naive's MAE, not 0.853, as in-sample errors overlap and a short series has few of them.

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

    ``alone``: the base forecasts alone (no network learned on it), so a series based on the
    last value may take the last value deseasonalised instead (``deseasonalised_last``).
    """
    if alone and state.base == "last":
        return deseasonalised_last(state, y, season, horizon, lookback)
    if state.base != "seasonal":
        return state
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


def deseasonalised_last(state: SeriesState, y: np.ndarray, season: int, horizon: int,
                        lookback: int) -> SeriesState:
    """``state`` (based on the last value) based on the last value deseasonalised instead,
    for a series that passes M4's seasonality test and where that forecast the training rows
    ``y`` TREND_GAIN better: a level that wanders more in a season than the season swings,
    which seasonal naive repeats a season late, as Naive2 does not. Where no network learned
    only: under a trained network it cost the single-series benchmark's files (MAE / seasonal
    naive 0.696 -> 0.706, the daily temperatures and the hourly oil temperature) whose networks
    had learned on the last value. As the base alone: 40 monthly employment series, whose
    networks learned nothing, OWA 1.153 -> 1.074."""
    if season < 2 or not is_seasonal(y, season):
        return state
    errors = base_errors(y, season, horizon, lookback, state.mode == "log")
    if not errors:
        return state
    best = min((CANDIDATES.index((4, w)) for w in SHAPE_MEMORIES), key=errors.__getitem__)
    if errors[best] >= (1 - TREND_GAIN) * errors[CANDIDATES.index((0, 1.0))]:
        return state
    return _candidate_state(state.mode, best, season)


def _candidate_state(mode: str, candidate: int, season: int) -> SeriesState:
    """The state of a series based on ``CANDIDATES[candidate]``, in ``mode``."""
    kind, shape = CANDIDATES[candidate]
    return SeriesState(mode, BASES[kind], _reason(mode, BASES[kind], season, shape), shape)


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
    return averaged_bases(panel, states, rows, recipe, alone) if averaged else states


def averaged_bases(panel: Panel, states: list[SeriesState], train_end: np.ndarray,
                   recipe: Recipe, alone: bool = False) -> list[SeriesState]:
    """``averaged_base`` of every series of the panel, from its first ``train_end`` rows."""
    return [averaged_base(st, panel.target[panel.indptr[s] : panel.indptr[s] + train_end[s]],
                          recipe.season, recipe.horizon, recipe.lookback, alone)
            for s, st in enumerate(states)]


def _reason(mode: str, base: str, season: int, shape: float = 1.0) -> str:
    weighed = f"; the newer ones' shape weighing more (memory {shape:g})" if shape < 1 else ""
    kind = {"seasonal": f"seasonal naive (season {season})",
            "seasonal_mean": f"the mean of the last (up to {SEASONS_AVERAGED}) seasons "
                             f"(season {season}{weighed})",
            "seasonal_trend": f"the mean and trend of the last (up to {SEASONS_AVERAGED}) "
                              f"seasons (season {season}{weighed})",
            "seasonal_last": f"the last value, deseasonalised by the last (up to "
                             f"{SEASONS_AVERAGED}) seasons (season {season}{weighed})"}
    return (f"{'log ratios' if mode == 'log' else 'scaled differences'} to "
            f"{kind.get(base, 'the last value')}")


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


def describe_states(states: list[SeriesState]) -> str:
    """One line for people: how the series' windows are normalised and based."""
    if len(states) == 1:
        return f"transform: {states[0].reason}"
    log = sum(s.mode == "log" for s in states)
    counts = {b: sum(s.base == b for s in states) for b in BASES}
    return (f"transform: log ratios for {log} series, scaled differences for "
            f"{len(states) - log}; base: seasonal naive for {counts['seasonal']}, mean of the "
            f"seasons for {counts['seasonal_mean']}, with their trend for "
            f"{counts['seasonal_trend']}, deseasonalised last value for "
            f"{counts['seasonal_last']}, last value for {counts['last']}")


@dataclass(frozen=True)
class Rows:
    """A panel's rows as the windows read them, and each row's series state."""

    target: np.ndarray  # (n,) float64
    features: np.ndarray  # (n, F) float64
    log_mode: np.ndarray  # (S,) bool, per series
    base_kind: np.ndarray  # (S,) int, per series: its base's index in BASES
    shape_memory: np.ndarray  # (S,) float, per series: SeriesState.shape_memory
    series_of: np.ndarray  # (n,) int32: the series of each row
    starts: np.ndarray  # (S,) int: the first row of each series


def panel_rows(panel: Panel, states: list[SeriesState]) -> Rows:
    series_of = np.repeat(np.arange(len(panel), dtype=np.int32), panel.lengths)
    return Rows(panel.target, panel.features, np.array([s.mode == "log" for s in states]),
                np.array([BASES.index(s.base) for s in states], dtype=np.int64),
                np.array([s.shape_memory for s in states], dtype=np.float64), series_of,
                panel.indptr[:-1])


def never_below_zero(rows: Rows, origins: np.ndarray) -> np.ndarray:
    """(B,) whether the series of each origin has no value below 0 up to that origin."""
    below = np.append(np.flatnonzero(rows.target < 0), len(rows.target))  # and a sentinel
    first_below = below[np.searchsorted(below, rows.starts[rows.series_of[origins]])]
    return origins < first_below  # the first row below 0 from each series' start on


def floored(values: np.ndarray, rows: Rows, origins: np.ndarray) -> np.ndarray:
    """(B, ...) forecasts (or bounds) from ``origins``, at least 0 where the series has no value
    below 0 up to its origin: sales, counts and rainfall with zeros (additive, not log) are
    never forecast below 0, where the network or an interval would carry them."""
    if not len(values):
        return values
    never = never_below_zero(rows, origins).reshape(-1, *([1] * (np.ndim(values) - 1)))
    return np.where(never, np.maximum(values, 0.0), values)


def window_bases(rows: Rows, origins: np.ndarray, recipe: Recipe) -> np.ndarray:
    """(B, K) base forecasts of the windows ending at the rows ``origins`` (B,)."""
    series = rows.series_of[origins]
    return base_forecasts(rows.target, origins, rows.starts[series], rows.base_kind[series],
                          rows.log_mode[series], recipe.season, recipe.horizon,
                          rows.shape_memory[series])


def windows(rows: Rows, origins: np.ndarray, recipe: Recipe, with_targets: bool = True,
            base: np.ndarray | None = None):
    """Inputs (B, L/P, P(1+F)), targets (B, K) or None, base (B, K) and scale (B,) of the
    windows ending at the rows ``origins`` (B,); ``base``: their ``window_bases`` if known."""
    L, K = recipe.lookback, recipe.horizon
    m = min(recipe.season, L)  # the level: of the window's last season, or of all of it
    idx = origins[:, None] + np.arange(1 - L, 1)  # (B, L)
    x = rows.target[idx]
    series = rows.series_of[origins]
    log = rows.log_mode[series][:, None]  # (B, 1)
    inputs, level, scale = _normalise(x, log, m)
    base = window_bases(rows, origins, recipe) if base is None else base  # (B, K)
    columns = [inputs]
    for f in range(rows.features.shape[1]):
        xf = rows.features[idx, f]
        columns.append(_normalise(xf, np.all(xf > 0, axis=1, keepdims=True), m)[0])
    B, T, P = len(origins), recipe.steps, recipe.patch
    net_in = np.stack([c.reshape(B, T, P) for c in columns], axis=2).reshape(B, T, -1)
    targets = None
    if with_targets:
        y = rows.target[origins[:, None] + np.arange(1, K + 1)]
        with np.errstate(divide="ignore", invalid="ignore"):
            targets = np.where(log, np.log(np.where(log, y, 1.0) / base),
                               (y - base) / scale[:, None])
    return net_in, targets, base, scale


def _normalise(x: np.ndarray, log: np.ndarray, m: int):
    """(B, L) levels -> (inputs (B, L), level (B,), scale (B,)), log or additive per row."""
    level = x[:, -m:].mean(axis=1)
    scale = np.abs(x - level[:, None]).mean(axis=1)
    fallback = np.abs(x).mean(axis=1)
    scale = np.where(scale > _TINY, scale, np.where(fallback > _TINY, fallback, 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(np.where(log, x, 1.0) / np.where(log, level[:, None], 1.0))
    return np.where(log, ratio, (x - level[:, None]) / scale[:, None]), level, scale


def to_levels(outputs: np.ndarray, base: np.ndarray, scale: np.ndarray,
              log: np.ndarray) -> np.ndarray:
    """(B, K) network outputs -> forecasts in the target's units; ``log`` (B,) per window."""
    outputs = np.asarray(outputs, dtype=np.float64)
    with np.errstate(over="ignore"):
        return np.where(log[:, None], base * np.exp(outputs), base + scale[:, None] * outputs)


def check_values(panel: Panel) -> None:
    """Values too large to model are an error naming the column and the time."""
    for col, values in ((panel.target_col, panel.target[:, None]),
                        *((name, panel.features[:, [j]])
                          for j, name in enumerate(panel.feature_cols))):
        too_big = np.flatnonzero(np.abs(values[:, 0]) > MAX_ABS_VALUE)
        if too_big.size:
            row = int(too_big[0])
            raise InputError(
                f"{panel.path}: column {col!r} has {values[row, 0]:g} at "
                f"{format_stamp(panel.time[row])}, too large to model (limit "
                f"{MAX_ABS_VALUE:g}); rescale the column, e.g. divide it by a power of 10")


def require_positive(panel: Panel, rows: slice, sid: str, path: str) -> None:
    """A series in log mode needs every level > 0 in its window."""
    levels = panel.target[rows]
    bad = np.flatnonzero(~(levels > 0))
    if bad.size:
        where = f" of series {sid!r}" if sid else ""
        raise InputError(
            f"{path}: log ratios (the log or log-diff transform) of column "
            f"{panel.target_col!r}{where} need values > 0, but it has {levels[bad[0]]:g} at "
            f"{format_stamp(panel.time[rows][bad[0]])}",
            advice=[(("--transform",), "retrain with --transform additive")],
            fallback="retrain with the additive transform")
