"""``Panel``: the data type that flows from loading to writing.

One or many series side by side in flat arrays: series ``i`` owns the rows
``indptr[i]:indptr[i + 1]`` of ``time``, ``target`` and ``features``. A file with one series is
a panel of one. Everything a later stage needs from the file is here, so nothing re-reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd


def unnamed(column: str) -> bool:
    """A header cell left empty (pandas names it 'Unnamed: N'), or a time joined from such
    cells ('Unnamed: 0+Unnamed: 1': Destatis's year and month)."""
    return all(not part.strip() or re.fullmatch(r"Unnamed: \d+", part)
               for part in column.split("+"))


def output_label(column: str, instead: str = "id") -> str:
    """A column's name in outputs: its own, or ``instead`` for a header cell left empty (no
    name for a spreadsheet)."""
    return instead if unnamed(column) else column


def by_series(series: np.ndarray):
    """(s, the positions where ``series`` is s, ascending) for each distinct s, ascending: as
    ``np.flatnonzero(series == s)`` for each s of ``np.unique(series)``, without comparing
    every position for each series (48,000 series' test origins: minutes)."""
    order = np.argsort(series, kind="stable")
    for part in np.split(order, np.flatnonzero(np.diff(series[order])) + 1) if len(order) else ():
        yield int(series[part[0]]), part


@dataclass(frozen=True)
class Series:
    """One series of a panel: views into the panel's arrays."""

    id: str
    time: pd.DatetimeIndex  # (n,) sorted, unique, regular
    target: np.ndarray  # (n,) float64, finite
    features: np.ndarray  # (n, F) float64, finite


@dataclass(frozen=True)
class Panel:
    ids: tuple[str, ...]  # (S,) series ids, in input order (training's panel: sorted, by_id)
    indptr: np.ndarray  # (S + 1,) int64 row offsets of each series
    time: pd.DatetimeIndex  # (n,) [ns], sorted and regular within each series
    target: np.ndarray  # (n,) float64
    features: np.ndarray  # (n, F) float64
    freq: str  # pandas alias that continues every series ("D", "B", "h", "MS", ...)
    freq_label: str  # for people: "daily", "business days", ...
    time_col: str  # column names as in the file header
    target_col: str
    feature_cols: tuple[str, ...]
    date_format: str | None  # format that parsed the time column, to reuse on a later file
    path: str  # where the data came from
    fingerprint: str | None  # "sha256:<hex>" of exactly the bytes parsed; None for a pipe
    notes: tuple[str, ...] = field(default=())  # what the loader decided, for stderr
    id_col: str | None = None  # column naming the series (long file), "series" (wide), or None
    layout: str = "single"  # "single" | "long" (an id column) | "wide" (a column per series)
    warnings: tuple[str, ...] = field(default=())  # notes a cron job must see: rows dropped, fills
    # (id, warning) of each series' own, as the summary in ``warnings`` lists them (of every
    # series read, whichever ``select`` keeps)
    series_warnings: tuple[tuple[str, str], ...] = field(default=())
    decimals: int | None = None  # decimals the target is written with in the file
    series_decimals: dict | None = None  # id -> its own decimals, for a panel of several
    thousands_dots: tuple[str, ...] = ()  # columns read with dots grouping thousands ('1.038')
    # (n,) True where the loader filled a gap in the target (None: nothing filled): no actual
    # a forecast is scored against
    filled: np.ndarray | None = None
    # (n,) True where a filled row is the series' own row with an empty cell on a day it
    # traded (``data.clean.absent_when_empty``): held all the same, for the holidays' sake
    traded: np.ndarray | None = None
    zone: str | None = None  # the zone of times written with offsets that change (``zones``)
    # of wall-clock times without offsets, the zones whose autumn hour the loader found repeated
    clock_zones: tuple[str, ...] = ()
    # of periods stamped with a trading day (a month's last business day), the stamps a holiday
    # shut, whose rows the loader moved onto them from a weekday before (after): ``period_closes``
    shut_stamps: tuple[pd.Timestamp, ...] = ()
    # the format the file's times were read with, where ``date_format`` is a model's, which
    # forecasts are written in (a fresh export re-dated '%d/%m/%Y' after '%m/%d/%Y')
    read_as: str | None = None
    # the DataSpec ``load_panel`` read the file with, which the model records (None: built
    # otherwise): how predict reads fresh rows, whatever settings trained on the panel
    spec: object = None

    def __post_init__(self):
        S = len(self.ids)
        if self.indptr.shape != (S + 1,) or self.indptr[0] != 0:
            raise ValueError(f"indptr must have shape ({S + 1},) and start at 0")
        n = int(self.indptr[-1])
        if len(self.time) != n or self.target.shape != (n,) or self.features.shape[0] != n:
            raise ValueError("time, target and features must have indptr[-1] rows")
        if self.features.shape[1] != len(self.feature_cols):
            raise ValueError("features must have one column per feature name")
        if any(m is not None and m.shape != (n,) for m in (self.filled, self.traded)):
            raise ValueError("filled and traded must have indptr[-1] rows")

    @classmethod
    def concat(cls, parts: list[tuple[str, pd.DatetimeIndex, np.ndarray, np.ndarray]],
               **info) -> Panel:
        """A panel of the series ``(id, time, target (n,), features (n, F))``, in this order."""
        lengths = [len(t) for _, t, _, _ in parts]
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        time = pd.DatetimeIndex(np.concatenate([t.as_unit("ns").asi8 for _, t, _, _ in parts])
                                .view("datetime64[ns]"))
        return cls(ids=tuple(sid for sid, _, _, _ in parts), indptr=indptr, time=time,
                   target=np.concatenate([y for _, _, y, _ in parts]).astype(np.float64),
                   features=np.concatenate([f for _, _, _, f in parts]).astype(np.float64),
                   **info)

    @classmethod
    def single(cls, time: pd.DatetimeIndex, target: np.ndarray, features: np.ndarray | None = None,
               series_id: str = "", **info) -> Panel:
        """A panel of one series."""
        target = np.ascontiguousarray(target, dtype=np.float64)
        n = target.shape[0]
        feats = np.empty((n, 0)) if features is None else np.asarray(features, dtype=np.float64)
        info.setdefault("feature_cols", tuple(f"f{i}" for i in range(feats.shape[1])))
        return cls(ids=(series_id,), indptr=np.array([0, n], dtype=np.int64),
                   time=pd.DatetimeIndex(time, freq=None).as_unit("ns"), target=target,
                   features=np.ascontiguousarray(feats.reshape(n, -1)), **info)

    @property
    def output_id_col(self) -> str | None:
        """The id column of outputs (forecasts, backtests, plots): None for a file of one
        series, the file's id column for a long file ("id" where its header cell is empty),
        "series" for a wide one."""
        return None if self.layout == "single" else output_label(self.id_col or "series")

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def values(self) -> np.ndarray:
        """(n, 1 + F): the target, then the features."""
        return np.column_stack([self.target, self.features])

    @property
    def lengths(self) -> np.ndarray:
        """(S,) rows per series."""
        return np.diff(self.indptr)

    @property
    def held_times(self) -> pd.DatetimeIndex:
        """The times of the rows that hold the file's values, not gaps the loader filled (but
        an empty cell of a day traded, ``traded``): what holidays are learned from (a halted
        stock's filled weeks trade on no holiday)."""
        if self.filled is None:
            return self.time
        return self.time[~self.filled if self.traded is None else ~self.filled | self.traded]

    def actuals(self, rows: np.ndarray) -> np.ndarray:
        """``target[rows]``, NaN where the loader filled a gap: what forecasts are scored
        against (a forward fill would score naive perfectly)."""
        values = self.target[rows]
        return values if self.filled is None else np.where(self.filled[rows], np.nan, values)

    def series(self, i: int) -> Series:
        lo, hi = int(self.indptr[i]), int(self.indptr[i + 1])
        return Series(self.ids[i], pd.DatetimeIndex(self.time[lo:hi]), self.target[lo:hi],
                      self.features[lo:hi])

    def until(self, cutoff) -> Panel:
        """The rows at or before ``cutoff`` of every series (series left empty are dropped), and
        the holidays' stamps no later (a backtest's fold learns no Memorial Day from after it)."""
        return self._take([part for part in self._parts_until(cutoff) if part[2] > part[1]],
                          cutoff)

    def up_to(self, stamp) -> Panel:
        """The rows at or before ``stamp`` (None: all) of every series, each kept if left empty:
        series s is still the panel's s."""
        return self if stamp is None else self._take(self._parts_until(stamp), stamp)

    def _parts_until(self, cutoff) -> list[tuple[int, int, int]]:
        stamp = pd.Timestamp(cutoff)
        return [(i, lo, lo + int(self.time[lo:hi].searchsorted(stamp, side="right")))
                for i, (lo, hi) in enumerate(zip(self.indptr[:-1].tolist(),
                                                 self.indptr[1:].tolist(), strict=True))]

    def head(self, rows: int) -> Panel:
        """The first ``rows`` rows of every series."""
        return self._take([(i, int(self.indptr[i]), int(min(self.indptr[i] + rows,
                                                              self.indptr[i + 1])))
                           for i in range(len(self)) if rows > 0])

    def select(self, ids) -> Panel:
        """The series with these ids, in the panel's order."""
        wanted = set(ids)
        return self._take([(i, int(self.indptr[i]), int(self.indptr[i + 1]))
                           for i, sid in enumerate(self.ids) if sid in wanted])

    def by_id(self) -> Panel:
        """The series sorted by id: the order training reads them in, so that a file listing
        them in another order trains the same model."""
        order = sorted(range(len(self.ids)), key=self.ids.__getitem__)
        if order == list(range(len(self.ids))):
            return self
        return self._take([(i, int(self.indptr[i]), int(self.indptr[i + 1])) for i in order])

    @property
    def value_label(self) -> str:
        """The target's name for people: a wide file's columns are its series, and share none
        ('--target all' names no quantity)."""
        return "value" if self.layout == "wide" else self.target_col

    def frame(self, id_name: str = "series") -> pd.DataFrame:
        """The rows as a long DataFrame: id (for a panel of several series), time, and the
        target under ``value_label``."""
        frame = pd.DataFrame({self.time_col: self.time, self.value_label: self.target})
        if self.layout != "single":
            frame.insert(0, id_name, np.repeat(np.asarray(self.ids, dtype=object), self.lengths))
        return frame

    def starting_at(self, first: np.ndarray) -> Panel:
        """Each series ``s`` from the row ``first[s]`` (of the panel's rows) on."""
        return self._take([(s, int(first[s]), int(self.indptr[s + 1]))
                           for s in range(len(self))])

    def without_rows(self, drop: np.ndarray) -> Panel:
        """The panel without the rows ``drop`` (n,) marks (a series' first row kept)."""
        keep = ~drop
        keep[self.indptr[:-1][self.lengths > 0]] = True
        kept = np.concatenate([[0], np.cumsum(keep)])  # rows kept before each offset
        return replace(self, indptr=kept[self.indptr].astype(np.int64),
                       time=self.time[keep], target=self.target[keep],
                       features=self.features[keep],
                       filled=None if self.filled is None else self.filled[keep],
                       traded=None if self.traded is None else self.traded[keep])

    def _take(self, parts: list[tuple[int, int, int]], until=None) -> Panel:
        rows = (np.concatenate([np.arange(lo, hi) for _, lo, hi in parts]) if parts
                else np.empty(0, dtype=np.int64))
        indptr = np.concatenate([[0], np.cumsum([hi - lo for _, lo, hi in parts])])
        shut = self.shut_stamps if until is None else tuple(
            t for t in self.shut_stamps if t <= pd.Timestamp(until))
        return replace(self, ids=tuple(self.ids[i] for i, _, _ in parts),
                       indptr=indptr.astype(np.int64), time=self.time[rows],
                       target=self.target[rows], features=self.features[rows],
                       filled=None if self.filled is None else self.filled[rows],
                       traded=None if self.traded is None else self.traded[rows],
                       shut_stamps=shut)
