"""Where windows end: the forecast origins of a panel, series by series, for one period.

Shapes: S series, N windows, L lookback, K horizon. A window's origin is the row of its last
input; its targets are the K rows after it. Training keeps only these (N,) row indices and
builds the windows of one batch at a time (``preprocess.windows``; ``Windows`` holds a
period's origins and draws an epoch's), so memory does not grow with N * L.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .errors import InputError
from .preprocess import Recipe, Rows, window_bases, windows


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


CACHED_BASES = 4_000_000  # values: the mean-of-seasons bases of all windows, kept up to this


@dataclass(frozen=True)
class Windows:
    """The windows ending at ``origins``, built from ``rows`` batch by batch. With a
    ``stride`` k > 1 an epoch trains on every k-th window of each series, counting back from
    its newest from an offset drawn anew each epoch: an epoch costs 1/k of them, and the
    epochs together see every window at every phase of the season (a fixed k, 12 on months,
    would show a series' network one month of the year only)."""

    rows: Rows
    origins: np.ndarray  # (N,) int64 row indices into the panel, ascending
    recipe: Recipe
    stride: int = 1
    bases: np.ndarray | None = field(default=None, init=False, repr=False)
    _back: tuple | None = field(default=None, init=False, repr=False)  # see __post_init__

    def __post_init__(self):
        # The mean of the seasons gathers J seasons a window: once, not in every epoch.
        averaged = np.any(self.rows.base_kind[self.rows.series_of[self.origins]] >= 2)
        if averaged and len(self.origins) * self.recipe.horizon <= CACHED_BASES:
            object.__setattr__(self, "bases", window_bases(self.rows, self.origins,
                                                           self.recipe))
        if self.stride > 1 and len(self.origins):
            # (series, origins back from the series' newest, the offsets to draw from) of each
            # window: a series of fewer than k windows gets one of them an epoch, as before
            series = self.rows.series_of[self.origins].astype(np.int64)
            newest = np.zeros(int(series.max()) + 1, dtype=np.int64)
            np.maximum.at(newest, series, self.origins)
            choices = np.minimum(np.bincount(series), self.stride)
            object.__setattr__(self, "_back", (series, newest[series] - self.origins,
                                               np.maximum(choices, 1)))

    def __len__(self) -> int:
        return len(self.origins)

    @property
    def per_epoch(self) -> int:
        """About how many windows an epoch trains on."""
        return -(-len(self.origins) // self.stride)

    def epoch(self, rng: np.random.Generator) -> np.ndarray:
        """The positions (in ``origins``) of one epoch's windows, shuffled."""
        if self._back is None:
            return rng.permutation(len(self.origins))
        series, back, choices = self._back
        offset = rng.integers(0, choices)
        return rng.permutation(np.flatnonzero((back - offset[series]) % self.stride == 0))

    def batch(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """x (B, L/P, D), y (B, K) of the windows ``idx`` (positions in ``origins``)."""
        base = None if self.bases is None else self.bases[idx]
        x, y, _, _ = windows(self.rows, self.origins[idx], self.recipe, base=base)
        return x, y


def require_windows(path, val_origins: np.ndarray | None, test_origins: np.ndarray) -> None:
    """Refuse a run without a complete test window, or validation window (``val_origins``
    None: no validation period asked for)."""
    if len(test_origins) == 0 or (val_origins is not None and len(val_origins) == 0):
        raise InputError(f"{path}: no complete validation or test window",
                         advice=[(("--lookback", "--horizon", "--test-size"),
                                  "lower --lookback, --horizon or --test-size")],
                         fallback="use a shorter window or test period")
