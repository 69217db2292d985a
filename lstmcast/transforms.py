"""Target transforms (differencing, log-returns) and standard scaling, each with an exact inverse.

Shapes: n rows, D columns, K forecast steps. Everything here is float64: transforms are
applied to the raw levels before anything is cast down for the engine, so that inverting a
forecast gives back levels up to float rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import TRANSFORMS
from .errors import InputError, ModelFileError

# "auto" calls a series persistent (a level series, worth differencing) above this lag-1
# autocorrelation of its levels.
PERSISTENCE_THRESHOLD = 0.95


def resolve_transform(kind: str, levels: np.ndarray, name: str = "target") -> tuple[str, str]:
    """Turn "auto" or one of TRANSFORMS into a concrete transform, with the reason for it.

    "auto" picks "log-diff" for a strictly positive, persistent series (prices: model
    log-returns), "diff" for a persistent series that touches zero or below, else "none".
    Explicit kinds are validated against the data (log-diff needs values > 0).
    """
    levels = _as_levels(levels)
    if kind == "auto":
        return _auto_transform(levels, name)
    if kind not in TRANSFORMS:
        raise InputError(f"unknown transform {kind!r}; use one of auto, {', '.join(TRANSFORMS)}")
    if kind == "log-diff":
        _check_positive(levels, name)
        return kind, "requested: log-returns"
    if kind == "diff":
        return kind, "requested: first differences"
    return kind, "requested: raw levels"


def apply_transform(kind: str, levels: np.ndarray) -> np.ndarray:
    """levels (n,) -> transformed (n,); element 0 is NaN for diff and log-diff.

    diff: z_t = y_t - y_{t-1};  log-diff: z_t = log y_t - log y_{t-1};  none: a float64 copy.
    """
    levels = _as_levels(levels)
    _check_kind(kind)
    if kind == "none":
        return levels.copy()
    if kind == "log-diff":
        _check_positive(levels, "target")
        base = np.log(levels)
    else:
        base = levels
    out = np.empty_like(base)
    out[0:1] = np.nan
    np.subtract(base[1:], base[:-1], out=out[1:])
    return out


def invert_transform(kind: str, last_level, steps: np.ndarray) -> np.ndarray:
    """Transformed steps (..., K) after the level last_level (...) -> levels (..., K).

    steps[..., k] is the transformed value of step t+k+1 when y_t = last_level; leading axes
    broadcast. none: steps; diff: last + cumsum(steps); log-diff: last * exp(cumsum(steps)).
    """
    _check_kind(kind)
    steps = np.asarray(steps, dtype=np.float64)
    if steps.ndim == 0:
        raise ValueError("steps must have a last axis of forecast steps, shape (..., K)")
    if kind == "none":
        return steps.copy()
    last = np.asarray(last_level, dtype=np.float64)[..., np.newaxis]  # (..., 1)
    total = np.cumsum(steps, axis=-1)
    if kind == "diff":
        return last + total
    return last * np.exp(total)


@dataclass(frozen=True, eq=False)
class Scaler:
    """Standard scaling per column, fitted on the training rows only.

    A constant column gets std 1 (it maps to 0), so there is never a division by zero. A scaler
    fitted on a 1-D series holds arrays of shape (1,) and works on 1-D input.
    """

    mean: np.ndarray  # (D,)
    std: np.ndarray  # (D,) always > 0

    def __post_init__(self) -> None:
        mean = np.array(self.mean, dtype=np.float64).reshape(-1)
        std = np.array(self.std, dtype=np.float64).reshape(-1)
        if mean.shape != std.shape:
            raise ValueError(f"Scaler mean {mean.shape} and std {std.shape} differ in shape")
        if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(std)) and np.all(std > 0)):
            raise ValueError("Scaler needs finite means and finite, positive stds")
        mean.setflags(write=False)
        std.setflags(write=False)
        object.__setattr__(self, "mean", mean)
        object.__setattr__(self, "std", std)

    @classmethod
    def fit(cls, x: np.ndarray) -> Scaler:
        """x (n, D) or (n,): column means and population stds over the rows without NaN."""
        x2 = _as_2d(x)
        rows = x2[~np.isnan(x2).any(axis=1)]
        if rows.shape[0] == 0:
            raise InputError(
                "cannot fit the scaling: no training row is free of missing values; "
                "check the input columns or use more training data"
            )
        mean = rows.mean(axis=0)
        std = rows.std(axis=0)
        # A constant column: its std is 0 up to the rounding of the mean.
        constant = ~(std > 1e-12 * np.maximum(np.abs(mean), np.finfo(np.float64).tiny))
        std = np.where(constant, 1.0, std)
        return cls(mean=mean, std=std)

    def transform(self, x: np.ndarray) -> np.ndarray:
        """x (n, D) or (n,) -> (x - mean) / std, same shape, float64."""
        x = self._check(x)
        return (x - self.mean) / self.std

    def inverse(self, z: np.ndarray) -> np.ndarray:
        """z (n, D) or (n,) -> z * std + mean, same shape, float64."""
        z = self._check(z)
        return z * self.std + self.mean

    def to_dict(self) -> dict:
        """JSON-able form: {"mean": [float, ...], "std": [float, ...]}."""
        return {"mean": [float(v) for v in self.mean], "std": [float(v) for v in self.std]}

    @classmethod
    def from_dict(cls, d: dict) -> Scaler:
        """Inverse of to_dict; a malformed entry means a damaged model file."""
        try:
            return cls(mean=np.asarray(d["mean"], float), std=np.asarray(d["std"], float))
        except (KeyError, TypeError, ValueError) as err:
            raise ModelFileError(
                f"the model file's scaler is malformed ({err}); retrain to write a new model file"
            ) from err

    def _check(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        columns = 1 if x.ndim == 1 else x.shape[-1]
        if x.ndim not in (1, 2) or columns != self.mean.shape[0]:
            raise ValueError(
                f"Scaler fitted on {self.mean.shape[0]} column(s) got an array of shape {x.shape}"
            )
        return x


def _auto_transform(levels: np.ndarray, name: str) -> tuple[str, str]:
    finite = levels[np.isfinite(levels)]
    rho = _lag1_autocorrelation(levels)
    if np.isnan(rho):
        why = "constant" if finite.size >= 3 else "too short to judge"
        return "none", f"{name!r} is {why}: raw levels"
    if rho > PERSISTENCE_THRESHOLD:
        if finite.size and np.all(finite > 0):
            return (
                "log-diff",
                f"strictly positive and trending (lag-1 autocorr {rho:.3f}): log-returns",
            )
        return "diff", f"trending but not strictly positive (lag-1 autocorr {rho:.3f}): differences"
    return "none", f"not strongly persistent (lag-1 autocorr {rho:.3f}): raw levels"


def _lag1_autocorrelation(levels: np.ndarray) -> float:
    """Sample lag-1 autocorrelation over pairs of finite neighbours; NaN if short or constant."""
    a, b = levels[:-1], levels[1:]
    ok = np.isfinite(a) & np.isfinite(b)
    finite = levels[np.isfinite(levels)]
    if ok.sum() < 2:
        return float("nan")
    mu = finite.mean()
    centred = finite - mu
    denom = float(np.dot(centred, centred))
    # Constant up to the rounding of the mean: the variance vanishes next to the mean square.
    if not denom > 1e-24 * float(np.dot(finite, finite)):
        return float("nan")
    return float(np.dot(a[ok] - mu, b[ok] - mu) / denom)


def _check_positive(levels: np.ndarray, name: str) -> None:
    bad = np.flatnonzero(levels <= 0)
    if bad.size:
        values = "value" if bad.size == 1 else "values"
        raise InputError(
            f"log-diff needs strictly positive values, but {name!r} has {bad.size} {values} "
            f"<= 0 (first at row {bad[0]})", advice=[(("--transform",),
                                                      "use --transform diff or none")],
            fallback="use the transform diff or none")


def _check_kind(kind: str) -> None:
    if kind not in TRANSFORMS:
        raise InputError(f"unknown transform {kind!r}; use one of {', '.join(TRANSFORMS)}")


def _as_levels(levels: np.ndarray) -> np.ndarray:
    levels = np.asarray(levels, dtype=np.float64)
    if levels.ndim != 1 or levels.shape[0] == 0:
        raise ValueError(f"levels must be a non-empty 1-D array, got shape {levels.shape}")
    return levels


def _as_2d(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        return x[:, np.newaxis]
    if x.ndim != 2:
        raise ValueError(f"expected an array of shape (n, D) or (n,), got {x.shape}")
    return x
