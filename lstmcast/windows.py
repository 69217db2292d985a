"""Windows over the rows, as indices, and the chronological train/validation/test split.

Shapes: n rows, N windows, B batch, T lookback, D inputs, K horizon. A window's origin is the
index of its last input row; its targets are the K rows after the origin. Training keeps only
the origins (N,) and gathers the windows of one batch at a time, so memory does not grow with
N * T * D.
"""

from __future__ import annotations

import numpy as np

from lstmcast.errors import InputError


def window_origins(n_rows: int, start: int, lookback: int, horizon: int) -> np.ndarray:
    """(N,) int64 origins of every full window over rows [start, n_rows): the first window's
    inputs begin at ``start``, the last one's targets end at row n_rows - 1."""
    _check_positive_int(lookback, "--lookback")
    _check_positive_int(horizon, "--horizon")
    count = n_rows - start - lookback - horizon + 1
    if count <= 0:
        raise InputError(
            f"lookback {lookback} + horizon {horizon} needs at least {lookback + horizon} rows "
            f"for one window (plus more for validation and test), but only {n_rows - start} "
            "rows are available",
            advice=[(("--lookback", "--horizon"), "use a smaller --lookback or --horizon, or "
                     "supply more data")], fallback="use a shorter window or supply more data")
    first = start + lookback - 1
    return np.arange(first, first + count, dtype=np.int64)


def panel_origins(indptr: np.ndarray, lookback: int, horizon: int, first: np.ndarray,
                  end: np.ndarray, stride: int = 1) -> np.ndarray:
    """(N,) int64 origins, series by series, of the windows whose targets lie in rows
    [first[s], end[s]) of series s (row numbers within the series) and whose inputs start at or
    after the series' first row. Within a series the newest window comes first in time order
    of the stride: origins end[s]-K-1, end[s]-K-1-stride, ...; returned in ascending order."""
    parts = []
    for s in range(len(indptr) - 1):
        lo = max(int(first[s]) - 1, lookback - 1)  # first origin: targets from first[s] on
        hi = int(end[s]) - horizon - 1  # last origin: targets up to end[s] - 1
        if hi >= lo:
            parts.append(indptr[s] + np.arange(hi, lo - 1, -stride, dtype=np.int64)[::-1])
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


def gather_inputs(inputs: np.ndarray, origins: np.ndarray, lookback: int) -> np.ndarray:
    """inputs (n, D), origins (B,) -> (B, T, D): the rows origin-T+1 .. origin of each window."""
    return inputs[origins[:, None] + np.arange(1 - lookback, 1)]


def gather_targets(targets: np.ndarray, origins: np.ndarray, horizon: int) -> np.ndarray:
    """targets (n,), origins (B,) -> (B, K): the rows origin+1 .. origin+K of each window."""
    return targets[origins[:, None] + np.arange(1, horizon + 1)]


def sliding_windows(
    inputs: np.ndarray,  # (n, D), or (n,) for a single input column
    targets: np.ndarray,  # (n,)
    lookback: int,
    horizon: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every full window at once: X (N, T, D), Y (N, K), origins (N,) int64, N = n - T - K + 1.

    Window i: X = inputs[i : i+T], Y = targets[i+T : i+T+K], origin = i+T-1; copies in the
    input's float dtype (integer input becomes float64). For a few windows (evaluation); training
    gathers per batch.
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
    origins = window_origins(inputs.shape[0], 0, lookback, horizon)
    return (gather_inputs(inputs, origins, lookback), gather_targets(targets, origins, horizon),
            origins)


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
