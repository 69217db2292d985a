"""Forecast origins of a panel: targets inside their period, inputs inside their series, the
newest window always kept, the stride counted back from it."""

from __future__ import annotations

import numpy as np

from lstmcast.windows import panel_origins


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
