"""The linear skip from the flattened input window to the head: gradients by centred finite
differences (weights and inputs), the NumPy forward pass equal to the kernels, a zero start."""

import numpy as np
import pytest

from lstmcast.engine import LSTMForecaster


def problem(L, H, T, K, D, B, seed=0, dtype="float64"):
    rng = np.random.default_rng(seed)
    model = LSTMForecaster(D, H, L, K, dtype=dtype, loss="mse", seed=seed, skip_steps=T)
    model.theta[:] = rng.uniform(-0.5, 0.5, model.num_params)
    return model, rng.normal(size=(B, T, D)), rng.normal(size=(B, K))


@pytest.mark.parametrize("L, H, T, K, D, B", [(1, 3, 4, 2, 2, 3), (2, 4, 3, 3, 1, 5)])
def test_skip_gradients_match_finite_differences(L, H, T, K, D, B):
    model, x, y = problem(L, H, T, K, D, B)
    _, grads = model.loss_and_grad(x, y)
    step = 1e-5

    def loss_at(theta=None, xx=None):
        saved = model.theta.copy()
        if theta is not None:
            model.set_params(theta)
        loss, _ = model.loss_and_grad(x if xx is None else xx, y)
        model.set_params(saved)
        return loss

    skip = model.views()["W_skip"]
    assert skip.shape == (K, T * D)
    start = model.num_params - skip.size
    for i in range(start, model.num_params):  # every W_skip entry
        up, down = model.theta.copy(), model.theta.copy()
        up[i] += step
        down[i] -= step
        numeric = (loss_at(up) - loss_at(down)) / (2 * step)
        assert grads.theta[i] == pytest.approx(numeric, rel=1e-6, abs=1e-9)
    for idx in np.ndindex(x.shape):  # the inputs: through the LSTM and the skip
        up, down = x.copy(), x.copy()
        up[idx] += step
        down[idx] -= step
        numeric = (loss_at(xx=up) - loss_at(xx=down)) / (2 * step)
        assert grads.x[idx] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_skip_numpy_forward_equals_kernels_and_starts_at_zero():
    model, x, _ = problem(1, 8, 6, 4, 3, 17, dtype="float32")
    np.testing.assert_allclose(model.predict(x, compiled=False), model.predict(x), rtol=1e-5,
                               atol=1e-6)
    fresh = LSTMForecaster(3, 8, 1, 4, skip_steps=6, zero_head=True)
    assert not fresh.views()["W_skip"].any()
    assert not fresh.predict(x).any() and not fresh.predict(x, compiled=False).any()
    plain = LSTMForecaster(3, 8, 1, 4)  # the skip changes no other starting weight
    for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
        np.testing.assert_array_equal(fresh.views()[name], plain.views()[name])
    with pytest.raises(ValueError, match="6 steps"):
        fresh.predict(x[:, :5])


def test_skip_learns_a_linear_map():
    rng = np.random.default_rng(1)
    model = LSTMForecaster(1, 4, 1, 1, skip_steps=5, zero_head=True, loss="mse", lr=1e-2)
    x = rng.normal(size=(256, 5, 1)).astype(np.float32)
    y = (x[:, :, 0] @ np.array([0.5, -1, 0, 2, 1], dtype=np.float32))[:, None]
    first = model.step(x, y)
    for _ in range(300):
        last = model.step(x, y)
    assert last < 0.05 * first
