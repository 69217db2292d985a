"""Sliding windows (exact contents on np.arange) and the leak-free chronological split."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmcast.errors import InputError
from lstmcast.windows import sliding_windows, split_by_origin

SETTINGS = settings(max_examples=80, deadline=None)


def test_windows_by_hand_on_arange():
    inputs = np.arange(20).reshape(10, 2)  # row r is [2r, 2r+1]
    targets = np.arange(100, 110)  # row r is 100 + r
    x, y, origins = sliding_windows(inputs, targets, lookback=3, horizon=2)
    # N = 10 - 3 - 2 + 1 = 6
    assert x.shape == (6, 3, 2)
    assert y.shape == (6, 2)
    np.testing.assert_array_equal(origins, [2, 3, 4, 5, 6, 7])
    assert origins.dtype == np.int64
    np.testing.assert_array_equal(x[0], [[0, 1], [2, 3], [4, 5]])  # rows 0..2
    np.testing.assert_array_equal(x[5], [[10, 11], [12, 13], [14, 15]])  # rows 5..7
    np.testing.assert_array_equal(y[0], [103, 104])  # rows 3, 4
    np.testing.assert_array_equal(y[5], [108, 109])  # rows 8, 9


def test_windows_are_contiguous_floats_in_the_input_dtype():
    x, y, _ = sliding_windows(np.arange(10), np.arange(10), 2, 1)
    assert x.dtype == np.float64 and y.dtype == np.float64
    assert x.shape == (8, 2, 1)  # 1-D inputs are one column
    x32, y32, _ = sliding_windows(
        np.ones((10, 3), np.float32), np.ones(10, np.float32), lookback=4, horizon=2
    )
    assert x32.dtype == np.float32 and y32.dtype == np.float32
    assert x32.flags.c_contiguous and y32.flags.c_contiguous


@pytest.mark.parametrize("lookback, horizon", [(1, 1), (2, 1), (1, 3), (3, 2)])
def test_windows_are_writable_copies_not_views(lookback, horizon):
    inputs, targets = np.zeros((6, 1)), np.zeros(6)
    x, y, _ = sliding_windows(inputs, targets, lookback, horizon)
    assert x.flags.c_contiguous and y.flags.c_contiguous
    x[0, 0, 0] = 1.0
    y[0, 0] = 1.0
    assert inputs[0, 0] == 0.0 and targets[lookback] == 0.0


def test_exactly_one_window():
    x, y, origins = sliding_windows(np.arange(5.0), np.arange(5.0), 3, 2)
    assert x.shape == (1, 3, 1)
    np.testing.assert_array_equal(y, [[3.0, 4.0]])
    np.testing.assert_array_equal(origins, [2])


def test_too_short_is_an_input_error_saying_how_many_rows():
    with pytest.raises(InputError) as err:
        sliding_windows(np.zeros((40, 2)), np.zeros(40), lookback=60, horizon=5)
    message = str(err.value)
    assert "needs at least 65 rows" in message
    assert "only 40 rows" in message
    assert "--lookback" in err.value.describe({"--lookback", "--horizon"})
    assert "--lookback" not in message and "\n" not in message


@pytest.mark.parametrize("lookback, horizon", [(0, 1), (1, 0), (-2, 3), (2.5, 1)])
def test_bad_lookback_or_horizon_is_an_input_error(lookback, horizon):
    with pytest.raises(InputError, match="must be a whole number >= 1"):
        sliding_windows(np.zeros(10), np.zeros(10), lookback, horizon)


def test_mismatched_lengths_are_rejected():
    with pytest.raises(ValueError, match="same n"):
        sliding_windows(np.zeros((10, 2)), np.zeros(9), 2, 1)


@SETTINGS
@given(
    n=st.integers(2, 60),
    d=st.integers(1, 3),
    lookback=st.integers(1, 20),
    horizon=st.integers(1, 10),
)
def test_window_indexing_property(n, d, lookback, horizon):
    inputs = np.arange(n * d, dtype=np.float64).reshape(n, d)
    targets = 1000.0 + np.arange(n)
    if n < lookback + horizon:
        with pytest.raises(InputError):
            sliding_windows(inputs, targets, lookback, horizon)
        return
    x, y, origins = sliding_windows(inputs, targets, lookback, horizon)
    count = n - lookback - horizon + 1
    assert x.shape == (count, lookback, d) and y.shape == (count, horizon)
    rows = origins[:, None] - lookback + 1 + np.arange(lookback)  # X[i, j] is row o - T + 1 + j
    np.testing.assert_array_equal(x, inputs[rows])
    np.testing.assert_array_equal(y, targets[origins[:, None] + 1 + np.arange(horizon)])


# --- split_by_origin ---------------------------------------------------------------------------


def test_split_by_hand():
    origins = np.arange(2, 18)  # n = 20, T = 3, K = 2 -> origins 2..17
    train, val, test = split_by_origin(origins, train_end=10, val_end=15, horizon=2)
    # train: origin + 2 < 10 -> origins 2..7; val: origin >= 9 and origin + 2 < 15 -> 9..12;
    # test: origin >= 14 -> 14..17; origins 8 and 13 straddle a boundary and are dropped.
    np.testing.assert_array_equal(origins[train], [2, 3, 4, 5, 6, 7])
    np.testing.assert_array_equal(origins[val], [9, 10, 11, 12])
    np.testing.assert_array_equal(origins[test], [14, 15, 16, 17])
    assert train.dtype == val.dtype == test.dtype == np.int64


def test_split_with_an_empty_validation_part():
    origins = np.arange(0, 10)
    train, val, test = split_by_origin(origins, train_end=6, val_end=6, horizon=1)
    np.testing.assert_array_equal(origins[train], [0, 1, 2, 3, 4])
    assert val.size == 0
    np.testing.assert_array_equal(origins[test], [5, 6, 7, 8, 9])


def test_split_rejects_inverted_boundaries():
    with pytest.raises(InputError, match="train end <= validation end"):
        split_by_origin(np.arange(5), train_end=4, val_end=3, horizon=1)


@SETTINGS
@given(
    n=st.integers(4, 80),
    lookback=st.integers(1, 10),
    horizon=st.integers(1, 8),
    cuts=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_split_never_leaks(n, lookback, horizon, cuts):
    if n < lookback + horizon:
        return
    _, _, origins = sliding_windows(np.zeros(n), np.zeros(n), lookback, horizon)
    train_end, val_end = sorted(int(c * n) for c in cuts)
    train, val, test = split_by_origin(origins, train_end, val_end, horizon)
    targets = origins[:, None] + 1 + np.arange(horizon)  # (N, K) target row indexes
    assert np.all(targets[train] < train_end)
    assert np.all((targets[val] >= train_end) & (targets[val] < val_end))
    assert np.all(targets[test] >= val_end)
    # Disjoint, sorted, and exactly the windows lying wholly inside one part.
    parts = np.concatenate([train, val, test])
    assert len(np.unique(parts)) == len(parts)
    for idx in (train, val, test):
        assert np.all(np.diff(idx) > 0)
    inside = (
        np.all(targets < train_end, axis=1)
        | np.all((targets >= train_end) & (targets < val_end), axis=1)
        | np.all(targets >= val_end, axis=1)
    )
    np.testing.assert_array_equal(np.sort(parts), np.flatnonzero(inside))
