"""Where windows end: the forecast origins of a panel, series by series, for one period.

Shapes: S series, N windows, L lookback, K horizon. A window's origin is the row of its last
input; its targets are the K rows after it. Training keeps only these (N,) row indices and
builds the windows of one batch at a time (``preprocess.windows``), so memory does not grow
with N * L.
"""

from __future__ import annotations

import numpy as np


def panel_origins(indptr: np.ndarray, lookback: int, horizon: int, first: np.ndarray,
                  end: np.ndarray, stride: int = 1) -> np.ndarray:
    """(N,) int64 origins, series by series, of the windows whose targets lie in rows
    [first[s], end[s]) of series s (row numbers within the series) and whose inputs start at or
    after the series' first row; within a series every ``stride``-th origin counting back from
    the newest, returned in ascending order."""
    parts = []
    for s in range(len(indptr) - 1):
        lo = max(int(first[s]) - 1, lookback - 1)  # first origin: targets from first[s] on
        hi = int(end[s]) - horizon - 1  # last origin: targets up to end[s] - 1
        if hi >= lo:
            parts.append(indptr[s] + np.arange(hi, lo - 1, -stride, dtype=np.int64)[::-1])
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
