"""Sliding windows over the rows and the chronological train/validation/test split.

Shapes: n rows, N windows, T lookback, D inputs, K horizon. A window's origin is the index of
its last input row; its targets are the K rows after the origin.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from lstmcast.errors import InputError


def sliding_windows(
    inputs: np.ndarray,  # (n, D), or (n,) for a single input column
    targets: np.ndarray,  # (n,)
    lookback: int,
    horizon: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut every full window: X (N, T, D), Y (N, K), origins (N,) int64, N = n - T - K + 1.

    Window i: X = inputs[i : i+T], Y = targets[i+T : i+T+K], origin = i+T-1. X and Y are
    contiguous copies in the input's float dtype (integer input becomes float64).
    """
    inputs = _as_float(inputs)
    targets = _as_float(targets)
    if inputs.ndim == 1:
        inputs = inputs[:, np.newaxis]
    if inputs.ndim != 2 or targets.ndim != 1 or inputs.shape[0] != targets.shape[0]:
        raise ValueError(
            f"inputs must be (n, D) and targets (n,) with the same n, "
            f"got {inputs.shape} and {targets.shape}"
        )
    _check_positive_int(lookback, "--lookback")
    _check_positive_int(horizon, "--horizon")
    n = inputs.shape[0]
    count = n - lookback - horizon + 1
    if count <= 0:
        raise InputError(
            f"lookback {lookback} + horizon {horizon} needs at least {lookback + horizon} rows "
            f"for one window (plus more for validation and test), but only {n} rows are "
            f"available; use a smaller --lookback or --horizon, or supply more data"
        )
    # sliding_window_view puts the window axis last: (n-T+1, D, T) -> (N, T, D).
    x = sliding_window_view(inputs, lookback, axis=0)[:count].transpose(0, 2, 1)
    y = sliding_window_view(targets[lookback:], horizon)[:count]
    origins = np.arange(lookback - 1, lookback - 1 + count, dtype=np.int64)
    # np.array copies: with T == 1 or K == 1 the views are already contiguous but read-only.
    return np.array(x, order="C"), np.array(y, order="C"), origins


def split_by_origin(
    origins: np.ndarray,  # (N,) int
    train_end: int,
    val_end: int,
    horizon: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chronological split of windows by their target rows; returns int64 indexes into origins.

    Rows [0, train_end) are training, [train_end, val_end) validation, [val_end, n) test. A
    window belongs to a part only when all its targets (origin+1 .. origin+K) fall inside it;
    windows straddling a boundary are dropped. Inputs may reach back into earlier parts.
    """
    origins = np.asarray(origins)
    if origins.ndim != 1 or not np.issubdtype(origins.dtype, np.integer):
        raise ValueError(
            f"origins must be a 1-D integer array, got {origins.dtype} {origins.shape}"
        )
    _check_positive_int(horizon, "--horizon")
    if not 0 <= train_end <= val_end:
        raise InputError(
            f"the split needs 0 <= train end <= validation end, got {train_end} and {val_end}; "
            f"check the validation and test sizes"
        )
    last_target = origins + horizon
    train = last_target < train_end
    val = (origins >= train_end - 1) & (last_target < val_end)
    test = origins >= val_end - 1
    return (
        np.flatnonzero(train).astype(np.int64),
        np.flatnonzero(val).astype(np.int64),
        np.flatnonzero(test).astype(np.int64),
    )


def _as_float(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    if not np.issubdtype(a.dtype, np.floating):
        a = a.astype(np.float64)
    return a


def _check_positive_int(value: int, flag: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InputError(f"{flag} must be a whole number >= 1, got {value!r}")
