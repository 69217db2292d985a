"""Per-series preprocessing shared by train and predict: the transform and scaling state, the
model's inputs built from it, the last window, and the way back to the target's units.

Train fits a ``SeriesState`` on the training rows only; predict rebuilds it from the model file.
Both then call the same ``model_inputs``, so the same rows give the same inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .calendar import format_stamp
from .errors import InputError
from .panel import Series
from .transforms import Scaler, apply_transform, invert_transform, resolve_transform

MAX_ABS_VALUE = 1e100  # larger values overflow the scaling statistics (their squares, summed)


@dataclass(frozen=True)
class SeriesState:
    """What turns one series' rows into model inputs, and forecasts back into levels."""

    kind: str  # target transform: none | diff | log-diff
    target_scaler: Scaler
    feature_scaler: Scaler | None
    reason: str = "as at training"  # why this transform (for the notes)

    @property
    def rows_used(self) -> int:
        """Rows at the start that a transform uses up (a difference needs a previous row)."""
        return rows_used(self.kind)

    def to_dict(self) -> dict:
        return {"transform": {"kind": self.kind},
                "scaler": {"target": self.target_scaler.to_dict(),
                           "features": (self.feature_scaler.to_dict()
                                        if self.feature_scaler else None)}}

    @classmethod
    def from_dict(cls, d: dict) -> SeriesState:
        scalers = d["scaler"]
        features = Scaler.from_dict(scalers["features"]) if scalers.get("features") else None
        return cls(d["transform"]["kind"], Scaler.from_dict(scalers["target"]), features)


def rows_used(kind: str) -> int:
    return 0 if kind == "none" else 1


def fit_state(series: Series, transform: str, until: int, names: tuple[str, ...],
              path: str, kind: str | None = None) -> SeriesState:
    """Choose the transform (unless ``kind`` is given) and fit the scalers on rows [0, until).

    ``names`` are the target's and the features' column names, for messages.
    """
    check_values(series, names, path)
    if "log-diff" in (kind, transform):
        require_positive(series, names[0], path)
    reason = "as at training"
    if kind is None:
        kind, reason = resolve_transform(transform, series.target[:until], names[0])
        if kind == "log-diff":
            require_positive(series, names[0], path)
    start = rows_used(kind)
    z = apply_transform(kind, series.target)
    features = series.features if series.features.shape[1] else None
    return SeriesState(kind, Scaler.fit(z[start:until]),
                       Scaler.fit(features[:until]) if features is not None else None, reason)


def model_inputs(state: SeriesState, target: np.ndarray,
                 features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-row inputs (n, D) and scaled targets (n,): the scaled transformed target, then the
    scaled features. The first ``rows_used`` rows are NaN."""
    z = state.target_scaler.transform(apply_transform(state.kind, target))
    columns = [z[:, None]]
    if state.feature_scaler is not None:
        columns.append(state.feature_scaler.transform(features))
    return np.hstack(columns), z


def last_window(state: SeriesState, series: Series, end: int, lookback: int) -> np.ndarray:
    """(1, T, D) inputs of the window whose last row is ``end``: only the rows it needs."""
    lo = end + 1 - lookback - state.rows_used
    inputs, _ = model_inputs(state, series.target[lo:end + 1], series.features[lo:end + 1])
    return inputs[-lookback:][None, :, :]


def to_levels(state: SeriesState, last_levels: np.ndarray, scaled: np.ndarray) -> np.ndarray:
    """(N, K) scaled model outputs -> (N, K) forecasts in the target's own units, given the
    level (N,) at each forecast origin."""
    scaled = np.asarray(scaled, dtype=np.float64)
    steps = state.target_scaler.inverse(scaled.reshape(-1)).reshape(scaled.shape)
    return invert_transform(state.kind, last_levels, steps)


def check_values(series: Series, names: tuple[str, ...], path: str) -> None:
    values = series.values
    too_big = np.abs(values) > MAX_ABS_VALUE
    if too_big.any():
        row, col = (int(i[0]) for i in np.nonzero(too_big))
        raise InputError(
            f"{path}: column {names[col]!r} has {values[row, col]:g} at "
            f"{format_stamp(series.time[row])}, too large to model (limit {MAX_ABS_VALUE:g}); "
            "rescale the column, e.g. divide it by a power of 10")


def require_positive(series: Series, name: str, path: str) -> None:
    """The log-diff transform needs every level > 0."""
    levels = series.target
    bad = np.flatnonzero(~(levels > 0))
    if bad.size:
        raise InputError(
            f"{path}: the log-diff transform needs values > 0, but column {name!r} has "
            f"{levels[bad[0]]:g} at {format_stamp(series.time[bad[0]])} ({bad.size} "
            f"value{'s' if bad.size > 1 else ''} <= 0)",
            advice=[(("--transform",), "use --transform diff or none")],
            fallback="retrain with the transform diff or none")
