"""The NumPy forward pass used for one-window forecasts equals the compiled kernels."""

import numpy as np
import pytest

from lstmcast.engine import LSTMForecaster


@pytest.mark.parametrize("L,D,H,K,T,B", [(1, 1, 8, 1, 12, 3), (2, 3, 5, 4, 7, 2),
                                          (3, 2, 4, 2, 1, 1), (1, 1, 1, 1, 5, 4)])
@pytest.mark.parametrize("dtype,tol", [("float64", 1e-12), ("float32", 2e-5)])
def test_numpy_forward_equals_kernel(L, D, H, K, T, B, dtype, tol):
    rng = np.random.default_rng(L * 100 + D * 10 + H)
    model = LSTMForecaster(D, H, L, K, dtype=dtype, seed=3)
    # Larger weights than the initialisation, so the gates saturate and the tails are tested.
    model.set_params(rng.normal(0.0, 0.8, model.num_params))
    x = rng.normal(0.0, 2.0, (B, T, D))
    compiled = model.predict(x)
    plain = model.predict(x, compiled=False)
    assert plain.dtype == compiled.dtype == np.dtype(dtype)
    np.testing.assert_allclose(plain, compiled, rtol=tol, atol=tol)


def test_numpy_forward_does_not_import_numba():
    import subprocess
    import sys

    code = ("import sys, numpy as np; from lstmcast.engine import LSTMForecaster;"
            "m = LSTMForecaster(1, 4); m.predict(np.zeros((1, 3, 1)), compiled=False);"
            "print('numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_window_alone_gets_the_same_bits_as_in_a_batch(dtype):
    """BLAS multiplies one row as a vector, and rows of a batch by kernels that round by their
    place in it (OpenBLAS's Haswell sgemm: rows 6 to 8 of 16): a series asked for alone
    (predict --id) once got other last digits than in its panel."""
    rng = np.random.default_rng(7)
    model = LSTMForecaster(24, 128, 1, 48, dtype=dtype, seed=3, skip_steps=7)
    model.set_params(rng.normal(0.0, 0.1, model.num_params))
    x = rng.normal(0.0, 1.0, (40, 7, 24))
    batch = model.predict(x, compiled=False)
    for b in range(40):
        np.testing.assert_array_equal(model.predict(x[b : b + 1], compiled=False), batch[b:b + 1])
    np.testing.assert_array_equal(model.predict(x[3:5], compiled=False), batch[3:5])
