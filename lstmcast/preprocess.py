"""From a series' rows to the network's inputs and back, the same for training and prediction.

Every window is normalised by itself, so one global model can learn from series of any scale:

    x      the window's L levels (and each feature's), ending at the forecast origin
    level  mean of the window's last season (m values)
    base   the baseline the network corrects: seasonal naive (step h repeats x[L - m + (h-1) % m])
           for a series with a season, else the last value (naive)
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
from .calendar import format_stamp
from .errors import InputError
from .panel import Panel

MODES = ("log", "additive")
BASES = ("seasonal", "last")
MAX_ABS_VALUE = 1e100  # larger values overflow the statistics (their squares, summed)
_TINY = 1e-12


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


@dataclass(frozen=True)
class SeriesState:
    """What one series' windows need beyond their rows: chosen on its training rows."""

    mode: str  # "log" | "additive"
    base: str  # "seasonal" | "last"
    reason: str = field(default="", compare=False)  # why, for the notes

    def to_dict(self) -> dict:
        return {"mode": self.mode, "base": self.base}

    @classmethod
    def from_dict(cls, d: dict) -> SeriesState:
        if d.get("mode") not in MODES or d.get("base") not in BASES:
            raise ValueError(f"unknown series state {d!r}")
        return cls(d["mode"], d["base"])


def choose_state(y: np.ndarray, transform: str, season: int, horizon: int,
                 positive: bool) -> SeriesState:
    """The mode and base of a series from its training rows ``y``.

    transform: "auto" (log when ``positive``: every value of the series, in any period, is
    > 0, as every window of a log-ratio model must be), "log" or "additive". The base is
    seasonal naive when, over the training rows, it forecast the next ``horizon`` steps better
    than the last value did (a trending random walk passes a seasonality test, yet is no
    seasonal series).
    """
    if transform == "log" and not positive:
        raise ValueError("log mode needs values > 0")
    mode = "log" if transform == "log" or (transform == "auto" and positive) else "additive"
    seasonal = season > 1 and seasonal_beats_naive(y, season, horizon)
    why = (f"{'log ratios' if mode == 'log' else 'scaled differences'} to "
           f"{'seasonal naive (season ' + str(season) + ')' if seasonal else 'the last value'}")
    return SeriesState(mode, "seasonal" if seasonal else "last", why)


def series_state(panel: Panel, s: int, train_end: int, transform: str,
                 recipe: Recipe) -> SeriesState:
    """Series ``s``'s state from its first ``train_end`` rows; log mode only for a series > 0
    in every row, as each of its windows must be."""
    lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
    if transform == "log":
        require_positive(panel, slice(lo, hi), panel.ids[s], panel.path)
    season = recipe.window_season
    positive = bool(np.all(panel.target[lo:hi] > 0))
    return choose_state(panel.target[lo : lo + train_end], transform, season, recipe.horizon,
                        positive)


def seasonal_beats_naive(y: np.ndarray, m: int, horizon: int) -> bool:
    """Whether seasonal naive's in-sample error over steps 1..horizon is below naive's."""
    y = np.asarray(y, dtype=np.float64)
    n = len(y)
    if n < m + horizon + 1 or not is_seasonal(y, m):
        return False
    origins = np.arange(m - 1, n - horizon)
    steps = np.arange(1, horizon + 1)
    actual = y[origins[:, None] + steps]
    naive = np.abs(actual - y[origins][:, None]).mean()
    back = steps - m * ((steps + m - 1) // m)
    seasonal = np.abs(actual - y[origins[:, None] + back]).mean()
    return bool(seasonal < naive)


def describe_states(states: list[SeriesState]) -> str:
    """One line for people: how the series' windows are normalised and based."""
    if len(states) == 1:
        return f"transform: {states[0].reason}"
    log = sum(s.mode == "log" for s in states)
    seasonal = sum(s.base == "seasonal" for s in states)
    return (f"transform: log ratios for {log} series, scaled differences for "
            f"{len(states) - log}; seasonal naive base for {seasonal}, last value for "
            f"{len(states) - seasonal}")


@dataclass(frozen=True)
class Rows:
    """A panel's rows as the windows read them, and each row's series state."""

    target: np.ndarray  # (n,) float64
    features: np.ndarray  # (n, F) float64
    log_mode: np.ndarray  # (S,) bool, per series
    seasonal: np.ndarray  # (S,) bool, per series
    series_of: np.ndarray  # (n,) int32: the series of each row


def panel_rows(panel: Panel, states: list[SeriesState]) -> Rows:
    series_of = np.repeat(np.arange(len(panel), dtype=np.int32), panel.lengths)
    return Rows(panel.target, panel.features, np.array([s.mode == "log" for s in states]),
                np.array([s.base == "seasonal" for s in states]), series_of)


def windows(rows: Rows, origins: np.ndarray, recipe: Recipe, with_targets: bool = True):
    """Inputs (B, L/P, P(1+F)), targets (B, K) or None, base (B, K) and scale (B,) of the
    windows ending at the rows ``origins`` (B,)."""
    L, K = recipe.lookback, recipe.horizon
    m = min(recipe.season, L)  # a season longer than the window: its rows are based on the last
    idx = origins[:, None] + np.arange(1 - L, 1)  # (B, L)
    x = rows.target[idx]
    series = rows.series_of[origins]
    log = rows.log_mode[series][:, None]  # (B, 1)
    inputs, level, scale = _normalise(x, log, m)
    seasonal = rows.seasonal[series][:, None]
    back = L - m + (np.arange(K) % m)  # (K,) where seasonal naive reads step h
    base = np.where(seasonal, x[:, back] if m > 1 else x[:, -1:], x[:, -1:])  # (B, K)
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
