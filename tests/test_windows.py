"""Forecast origins of a panel: targets inside their period, inputs inside their series, the
newest window always kept, the stride counted back from it; the windows an epoch trains on (a
stride draws its offset anew each epoch)."""

from __future__ import annotations

import numpy as np
from test_preprocess import panel_of

from lstmcast.preprocess import Recipe, SeriesState, panel_rows
from lstmcast.windows import Windows, panel_origins


def slow_origins(lengths, L, K, first, end, stride):
    """The obvious twin: every row of every series, kept when its window fits."""
    out, offset = [], 0
    for s, n in enumerate(lengths):
        mine = [o for o in range(n) if o - L + 1 >= 0 and o + 1 >= first[s] and o + K < end[s]]
        mine = mine[::-1][::stride][::-1]
        out += [offset + o for o in mine]
        offset += n
    return np.array(out, dtype=np.int64)


def test_origins_match_the_slow_twin_for_many_shapes():
    rng = np.random.default_rng(0)
    for _ in range(200):
        lengths = rng.integers(1, 40, size=rng.integers(1, 5))
        L, K, stride = int(rng.integers(1, 8)), int(rng.integers(1, 5)), int(rng.integers(1, 4))
        end = np.array([rng.integers(0, n + 1) for n in lengths])
        first = np.array([rng.integers(0, e + 1) for e in end])
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        got = panel_origins(indptr, L, K, first, end, stride)
        np.testing.assert_array_equal(got, slow_origins(lengths, L, K, first, end, stride))
        assert got.dtype == np.int64


def test_periods_never_see_past_their_end():
    # One series of 100 rows: train targets end before row 80, test targets are rows 90..99.
    indptr, L, K = np.array([0, 100]), 10, 3
    train = panel_origins(indptr, L, K, np.array([0]), np.array([80]))
    test = panel_origins(indptr, L, K, np.array([90]), np.array([100]))
    assert train.max() + K < 80 and train.min() == L - 1
    assert test.min() + 1 == 90 and test.max() + K == 99


def test_stride_keeps_the_newest_window():
    got = panel_origins(np.array([0, 50]), 5, 2, np.array([0]), np.array([50]), stride=4)
    assert got[-1] == 47 and np.all(np.diff(got) == 4)


RECIPE = Recipe(lookback=6, horizon=3, season=12, patch=1)


def windows_of(lengths, stride):
    rng = np.random.default_rng(0)
    panel = panel_of(*[50 + rng.random(n) for n in lengths])
    rows = panel_rows(panel, [SeriesState("log", "last")] * len(lengths))
    origins = panel_origins(panel.indptr, 6, 3, np.zeros(len(lengths), int), panel.lengths)
    return Windows(rows, origins, RECIPE, stride), rows


def slow_epoch(windows: Windows, rows, offsets):
    """The positions an epoch with these per-series offsets takes, series by series."""
    chosen = []
    for s in range(len(offsets)):
        mine = np.flatnonzero(rows.series_of[windows.origins] == s)
        newest = windows.origins[mine].max()
        chosen += [int(p) for p in mine
                   if (newest - windows.origins[p]) % windows.stride == offsets[s]]
    return sorted(chosen)


def test_without_a_stride_an_epoch_is_every_window_shuffled():
    every, _ = windows_of([40, 25], stride=1)
    rng, twin = np.random.default_rng(3), np.random.default_rng(3)
    np.testing.assert_array_equal(every.epoch(rng), twin.permutation(len(every)))
    assert every.per_epoch == len(every)


def test_a_stride_takes_every_kth_window_of_each_series_from_a_drawn_offset():
    strided, rows = windows_of([40, 25, 31], stride=4)
    rng, twin = np.random.default_rng(7), np.random.default_rng(7)
    seen = np.zeros(len(strided), dtype=int)
    for _ in range(30):
        got = strided.epoch(rng)
        offsets = twin.integers(0, [4, 4, 4])
        twin.permutation(len(got))  # the twin's stream follows the epoch's draws
        assert len(set(got.tolist())) == len(got)
        assert sorted(got.tolist()) == slow_epoch(strided, rows, offsets)
        assert abs(len(got) - strided.per_epoch) <= 3  # one window more or less a series
        seen[got] += 1
    assert seen.min() > 0  # over the epochs every window, at every phase, is trained on


def test_a_series_of_fewer_windows_than_the_stride_still_trains_each_epoch():
    """Every series gives at least one window to each epoch, whatever the stride (a stride of
    200 on series of 20-odd windows left whole epochs empty)."""
    strided, rows = windows_of([30, 28], stride=200)
    rng = np.random.default_rng(1)
    for _ in range(10):
        got = strided.epoch(rng)
        assert sorted(set(rows.series_of[strided.origins[got]].tolist())) == [0, 1]
        assert len(got) == 2
