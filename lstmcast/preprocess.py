"""From a series' rows to the network's inputs and back, the same for training and prediction.

Every window is normalised by itself, so one global model can learn from series of any scale:

    x      the window's L levels (and each feature's), ending at the forecast origin (row o)
    level  mean of the window's last season (its last m values; all L when m > L)
    base   the baseline the network corrects, one of ``bases.BASES`` chosen per series: the
           last value, seasonal naive, the mean of the seasons, ... (``bases``, ``states``)
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
import pandas as pd

from .bases import BASES, SEASONS_AVERAGED, WEEK, base_forecasts
from .calendar import format_stamp
from .day_effects import effects_at
from .day_effects import valid as valid_effects
from .errors import InputError
from .panel import Panel, by_series
from .theta import theta_rows

MODES = ("log", "additive")
MAX_ABS_VALUE = 1e100  # larger values overflow the statistics (their squares, summed)
_TINY = 1e-12


@dataclass(frozen=True)
class Recipe:
    """How a window is cut and fed to the network; fixed at training, stored in the model."""

    lookback: int  # L rows of history per window
    horizon: int  # K steps forecast at once
    season: int  # m >= 1 rows per season
    patch: int  # P rows per network step: the network sees L / P steps of P values per column
    # the forecast the mean of the networks' and Theta's (``combine``): 2, Theta's variant chosen
    # from the origins before; 1, M4's standard Theta (a version-13 model file's); 0: the networks'
    theta_mean: int = 0

    @property
    def steps(self) -> int:
        return self.lookback // self.patch

    @property
    def window_season(self) -> int:
        """The season a window can show: 1 when one season is longer than the window."""
        return self.season if self.season <= self.lookback else 1

    def input_size(self, n_features: int) -> int:
        return self.patch * (1 + n_features)

    def base_season(self, base: str) -> int:
        """Rows a base of this kind reads up to an origin: a season (a weekly one a week of
        them); 1 for the last value and Theta's (which reads every row it has)."""
        if base in ("last", "theta"):
            return 1
        return self.season * (WEEK if base.startswith("weekly") else 1)

    def rows_read(self, base: str) -> int:
        """Rows up to an origin that its window and a base of this kind read, longer than the
        window or not."""
        return max(self.lookback, self.base_season(base))

    def rows_reached(self, base: str, window: bool = True) -> int | None:
        """Rows up to an origin whose values a forecast from it depends on: the window's (not
        where no network reads it: ``window`` False), and the SEASONS_AVERAGED seasons an
        averaged base reads; None for Theta's, which reads every row. Fewer rows forecast
        otherwise than the whole history would."""
        if base == "theta":
            return None
        averaged = base not in ("last", "seasonal", "weekly")
        return max(self.lookback if window else 1,
                   self.base_season(base) * (SEASONS_AVERAGED if averaged else 1),
                   theta_rows(self.season) if self.theta_mean else 0)


@dataclass(frozen=True)
class SeriesState:
    """What one series' windows need beyond their rows: chosen on its training rows."""

    mode: str  # "log" | "additive"
    base: str  # one of BASES
    reason: str = field(default="", compare=False)  # why, for the notes
    # A mean of the seasons weighs the deviations of the season j back by shape_memory ** j
    # (``bases``): 1, all seasons alike, unless the newer ones' shape forecast better; a
    # "theta" base's level weighs the value j rows back by it too (1 - its alpha).
    shape_memory: float = 1.0
    day_effects: tuple = ()  # ((key, log effect), ...) of a daily series (``day_effects``)

    def to_dict(self) -> dict:
        """The memory and the day effects only where there are: a panel of 20,000 series
        states few."""
        memory = {"shape_memory": self.shape_memory} if self.shape_memory != 1.0 else {}
        days = {"day_effects": [[list(k), v] for k, v in self.day_effects]} \
            if self.day_effects else {}
        return {"mode": self.mode, "base": self.base, **memory, **days}

    @classmethod
    def from_dict(cls, d: dict) -> SeriesState:
        """Inverse of ``to_dict``; a state of format 3 or 4 has no memory (the default), one
        before format 9 no day effects."""
        if not isinstance(d, dict):
            raise ValueError(f"unknown series state {d!r}")
        memory = d.get("shape_memory", 1.0)
        days = tuple((tuple(k), v) for k, v in d.get("day_effects", ()))
        if d.get("mode") not in MODES or d.get("base") not in BASES or not (
                type(memory) in (int, float) and 0 <= memory <= 1) or not valid_effects(days) \
                or (d["base"] == "theta" and not memory < 1) \
                or (days and d["mode"] != "log"):  # a day effect is a ratio
            raise ValueError(f"unknown series state {d!r}")
        return cls(d["mode"], d["base"], shape_memory=float(memory), day_effects=days)


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
    # a daily series' day effects, its target divided by them (``day_effects``): the effects
    # of each series (S,) and the time of each row, for the days its forecasts fall on
    day_effects: tuple = ()
    time: np.ndarray | None = None
    freq: str = ""  # the panel's frequency (``trust.walks_as_prices_do``)
    filled: np.ndarray | None = None  # (n,) the panel's: rows the loader filled (no change)


def panel_rows(panel: Panel, states: list[SeriesState]) -> Rows:
    series_of = np.repeat(np.arange(len(panel), dtype=np.int32), panel.lengths)
    target, effects = panel.target, tuple(s.day_effects for s in states)
    if any(effects):  # log mode only: a day effect is a ratio
        target = target.copy()
        for s, table in enumerate(effects):
            lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
            target[lo:hi] = target[lo:hi] / np.exp(effects_at(panel.time[lo:hi], table))
    return Rows(target, panel.features, np.array([s.mode == "log" for s in states]),
                np.array([BASES.index(s.base) for s in states], dtype=np.int64),
                np.array([s.shape_memory for s in states], dtype=np.float64), series_of,
                panel.indptr[:-1], effects if any(effects) else (),
                np.asarray(panel.time) if any(effects) else None, panel.freq, panel.filled)


def in_target_units(values: np.ndarray, rows: Rows, origins: np.ndarray,
                    season: int = 1) -> np.ndarray:
    """(B, K) levels forecast from ``origins`` as the series' own values: times the day
    effects divided out of their rows (``with_day_effects``), ``floored`` at 0 where the
    series never went below it, and 0 at the steps of a ``season`` it was shut at
    (``closed_steps``). What a network's forecast and a base alone's both go through."""
    values = floored(with_day_effects(values, rows, origins), rows, origins)
    return np.where(closed_steps(rows, origins, season, values.shape[-1]), 0.0, values)


CLOSED_SEASONS = 8  # seasons in a row a step of the season was 0 in: shut (a shop's Sunday)
BY_CHANCE = 1e-3  # at most, the chance of so many zeros in a row at the series' other steps


def closed_steps(rows: Rows, origins: np.ndarray, season: int, horizon: int) -> np.ndarray:
    """(B, K) whether the step k of the forecast from each of ``origins`` falls where its
    series was 0 in each of the last CLOSED_SEASONS seasons (values read, not filled), where
    its other steps of those seasons are 0 too rarely for that to be chance (BY_CHANCE): a
    store shut every Sunday, a shop at night, solar power after dark; not a slow seller's
    random days (a review: 15 % of days sold, 29 % of steps read as shut). 44 of 49 stores'
    Sundays were forecast up to 709 sales, their 95 % bound 4,200 (sMAPE 26.1; 0 there: 8.9)."""
    closed = np.zeros((len(origins), horizon), dtype=bool)
    if season <= 1 or not len(origins):
        return closed
    # rows origin - j - season * i of the last CLOSED_SEASONS seasons: (B, seasons, phase j)
    at = origins[:, None] - np.arange(season * CLOSED_SEASONS)[None]
    inside = at >= rows.starts[rows.series_of[origins]][:, None]
    seen = np.where(inside, at, 0)
    zero = (rows.target[seen] == 0) & inside
    if rows.filled is not None:
        zero &= ~rows.filled[seen]
    zero, inside = (a.reshape(len(origins), CLOSED_SEASONS, season) for a in (zero, inside))
    shut = zero.all(axis=1)  # (B, season): of the phase j rows before each origin
    other = inside & ~shut[:, None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = (zero & other).sum(axis=(1, 2)) / other.sum(axis=(1, 2))
    plain = rate ** CLOSED_SEASONS < BY_CHANCE  # (NaN, no other step: False)
    steps = np.arange(1, horizon + 1)
    closed = shut[:, (-steps) % season]  # step k: the phase (-k) mod season rows back
    return closed & (plain & never_below_zero(rows, origins))[:, None]


def with_day_effects(values: np.ndarray, rows: Rows, origins: np.ndarray) -> np.ndarray:
    """(B, K) forecasts from ``origins`` (of rows whose target is divided by its series' day
    effects) times the effects of the days they forecast: each origin's day plus 1..K days."""
    if not rows.day_effects or not len(origins):
        return values
    series = rows.series_of[origins]
    out = np.array(values, dtype=np.float64, copy=True)
    steps = np.arange(1, out.shape[1] + 1).astype("timedelta64[D]")
    for s, mine in by_series(series):
        if rows.day_effects[s]:
            days = (rows.time[origins[mine]][:, None] + steps).ravel()
            out[mine] *= np.exp(effects_at(pd.DatetimeIndex(days), rows.day_effects[s])
                                ).reshape(len(mine), -1)
    return out


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
    """A series in log mode needs every level > 0 in its window. The error names the first
    row of the run of values <= 0 the window's first is in (a window of the last 7 of 27
    zeros named the 21st: a user round), and rows dated after today (a template's)."""
    levels = panel.target[rows]
    bad = np.flatnonzero(~(levels > 0))
    if bad.size:
        where = f" of series {sid!r}" if sid else ""
        first = rows.start + int(bad[0])
        series_start = int(panel.indptr[np.searchsorted(panel.indptr, rows.start, "right") - 1])
        while first > series_start and not panel.target[first - 1] > 0:
            first -= 1
        run = int(np.argmax(np.r_[panel.target[first:rows.stop], 1.0] > 0))
        times = panel.time[first:first + run]
        ahead = times[times >= pd.Timestamp.now(tz=times.tz).normalize() + pd.Timedelta(days=1)]
        raise InputError(
            f"{path}: log ratios (the log or log-diff transform) of column "
            f"{panel.target_col!r}{where} need values > 0, but it has {panel.target[first]:g} "
            f"at {format_stamp(times[0])}" + (f" and in the {run - 1} row(s) after it"
                                              if run > 1 else "")
            + (f" (from {format_stamp(ahead[0])} dated after today: a template's rows for days "
               "to come?)" if len(ahead) else ""),
            advice=[(("--transform",), "fix that row if it is an error (a bad tick), or "
                     "retrain with --transform additive")],
            fallback="fix that row if it is an error (a bad tick), or retrain with the additive "
            "transform")
