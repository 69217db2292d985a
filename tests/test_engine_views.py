"""views.view: the kernels' unchecked reshape equals NumPy's reshape of the same elements and
shares their memory."""

import numpy as np
import pytest
from numba import njit

from lstmcast.engine.views import view


@njit
def _view_2d(a, start, rows, cols):
    return view(a, start, (rows, cols))


@njit
def _view_3d_and_write(a, start, shape, value):
    v = view(a, start, shape)
    v[shape[0] - 1, shape[1] - 1, shape[2] - 1] = value
    return v


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_view_is_numpys_reshape_of_the_same_elements(dtype):
    flat = np.arange(60, dtype=dtype)
    for start, rows, cols in ((0, 3, 4), (7, 5, 2), (59, 1, 1), (10, 0, 4)):
        got = _view_2d(flat, start, rows, cols)
        np.testing.assert_array_equal(got, flat[start : start + rows * cols].reshape(rows, cols))
        assert got.flags.c_contiguous


def test_view_of_a_multidimensional_array_counts_flat_elements_and_shares_memory():
    a = np.zeros((4, 5, 3))
    v = _view_3d_and_write(a, 6, (2, 3, 4), 9.0)
    assert v.shape == (2, 3, 4)
    assert np.shares_memory(v, a)
    assert a.ravel()[6 + 2 * 3 * 4 - 1] == 9.0 and a.sum() == 9.0
