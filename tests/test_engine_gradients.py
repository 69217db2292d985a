"""Gradients proven two ways besides the PyTorch fixtures (see test_engine_oracle.py).

1. Centred finite differences in float64 on small random networks, for every entry of the
   parameter buffer and of x, h0, c0, with every loss (MSE, Huber on both branches, L1 away from
   its kink).
2. Running a sequence one step at a time through ``vjp`` (h, c carried forward; dh, dc carried
   backward) equals one batched ``loss_and_grad``.

The numeric gradient is the fourth-order centred difference

    n = (-f(v + 2s) + 8 f(v + s) - 8 f(v - s) + f(v - 2s)) / (12 s),   s = STEP = 1e-3,

whose truncation (~ s^4) and rounding errors are both ~ 1e-13 here; the plain two-point
difference cannot get below ~ 1e-11 absolute at any step, too coarse for the small-gradient
entries deep in a 3-layer stack. Error measure, per entry, a = analytic:

    rel = |a - n| / max(|a| + |n|, FLOOR),   FLOOR = 1e-6 * max(1, |loss|)

a true relative error for every entry larger than FLOOR / 2, and an absolute error below
1e-12 * max(1, |loss|) for entries closer to zero (some are exactly zero): that is ~5x the
rounding noise of the difference quotient, ~ eps * |loss| / STEP, which no step can beat.
Every entry must have rel < REL_TOL = 1e-6.
"""

import numpy as np
import pytest
import reference
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmcast.engine import LSTMForecaster

STEP = 1e-3
REL_TOL = 1e-6
HUBER_DELTA = 0.3


def relative_error(analytic, numeric, loss):
    floor = 1e-6 * max(1.0, abs(loss))
    analytic, numeric = np.asarray(analytic).ravel(), np.asarray(numeric).ravel()
    return np.abs(analytic - numeric) / np.maximum(np.abs(analytic) + np.abs(numeric), floor)


def make_problem(L, H, T, K, D, B, loss, seed):
    """A float64 model with random (not initialised) weights, random inputs and states, and
    targets; for Huber, targets put about half the errors on each side of the kink."""
    rng = np.random.default_rng(seed)
    model = LSTMForecaster(input_size=D, hidden_size=H, num_layers=L, output_size=K,
                           dtype="float64", loss=loss, huber_delta=HUBER_DELTA, seed=seed)
    model.theta[:] = rng.uniform(-0.7, 0.7, model.num_params)
    x = rng.normal(size=(B, T, D))
    h0 = rng.normal(0.0, 0.5, size=(L, B, H))
    c0 = rng.normal(0.0, 0.5, size=(L, B, H))
    y_hat = model.forward(x, h0, c0).y_hat
    if loss == "huber":
        # |error| in [0.05, 0.2] (quadratic branch) or [0.5, 1.5] (linear branch), alternating,
        # so no error is within 0.1 of the kink at 0.3 and a 1e-5 step never crosses it.
        size = rng.uniform(0.05, 0.2, size=(B, K))
        size.flat[::2] = rng.uniform(0.5, 1.5, size=size.size)[::2]
        y = y_hat - size * rng.choice([-1.0, 1.0], size=(B, K))
        err = np.abs(y_hat - y)
        assert (err < HUBER_DELTA - 0.09).any() or B * K == 1
        assert (err > HUBER_DELTA + 0.1).any()
    elif loss == "l1":
        # |error| in [0.05, 1.5], both signs: a 2e-3 step never reaches the kink at 0.
        size = rng.uniform(0.05, 1.5, size=(B, K))
        y = y_hat - size * rng.choice([-1.0, 1.0], size=(B, K))
    else:
        y = rng.normal(size=(B, K))
    return model, x, y, h0, c0


def numeric_gradient(f, array):
    """Fourth-order centred differences of the scalar f() with respect to every entry of
    ``array`` (perturbed in place and restored)."""
    grad = np.empty(array.size)
    flat = array.reshape(-1)
    assert np.shares_memory(flat, array)
    for i in range(flat.size):
        keep = flat[i]
        values = []
        for shift in (2.0, 1.0, -1.0, -2.0):
            flat[i] = keep + shift * STEP
            values.append(f())
        flat[i] = keep
        grad[i] = (-values[0] + 8.0 * values[1] - 8.0 * values[2] + values[3]) / (12.0 * STEP)
    return grad.reshape(array.shape)


def check_finite_differences(L, H, T, K, D, B, loss, seed):
    model, x, y, h0, c0 = make_problem(L, H, T, K, D, B, loss, seed)
    loss_value, grads = model.loss_and_grad(x, y, h0, c0)
    # The loss itself is the reference formula's.
    y_hat = model.forward(x, h0, c0).y_hat
    expected = {"mse": lambda: reference.mse(y_hat, y),
                "huber": lambda: reference.huber(y_hat, y, HUBER_DELTA),
                "l1": lambda: reference.l1(y_hat, y)}[loss]()
    assert loss_value == pytest.approx(expected, rel=1e-13)

    def f():
        return model.loss_and_grad(x, y, h0, c0)[0]

    theta_before = model.theta.copy()
    names = {}
    for name, view in model.views().items():
        start = view.__array_interface__["data"][0] - model.theta.__array_interface__["data"][0]
        names.update({start // 8 + j: name for j in range(view.size)})
    failures = []
    for what, analytic, array in (
        ("theta", grads.theta, model.theta),
        ("x", grads.x, x),
        ("h0", grads.h0, h0),
        ("c0", grads.c0, c0),
    ):
        numeric = numeric_gradient(f, array)
        rel = relative_error(analytic, numeric, loss_value)
        for i in np.flatnonzero(~(rel < REL_TOL))[:5]:
            where = names[i] if what == "theta" else np.unravel_index(i, array.shape)
            label = f"{what}[{i}] ({where})"
            failures.append(f"{label}: analytic {analytic.ravel()[i]!r}, "
                            f"numeric {numeric.ravel()[i]!r}, rel {rel[i]:.2e}")
    np.testing.assert_array_equal(model.theta, theta_before)
    assert not failures, f"L={L} H={H} T={T} K={K} D={D} B={B} {loss}:\n" + "\n".join(failures)


# (L, H, T, K, D, B, loss, seed): the edges (T=1, H=1, one row) and a spread of the rest.
CONFIGS = [
    (1, 1, 1, 1, 1, 1, "mse", 0),
    (1, 4, 5, 1, 1, 3, "mse", 1),
    (1, 8, 12, 3, 4, 2, "huber", 2),
    (2, 3, 7, 2, 3, 2, "mse", 3),
    (2, 5, 8, 2, 2, 3, "huber", 4),
    (2, 1, 12, 1, 4, 4, "huber", 5),
    (3, 2, 3, 3, 1, 2, "mse", 6),
    (3, 6, 10, 1, 2, 3, "huber", 7),
    (3, 8, 4, 2, 3, 1, "mse", 8),
    (1, 6, 1, 2, 2, 4, "huber", 9),
    (2, 7, 1, 1, 1, 2, "mse", 10),
    (1, 1, 1, 1, 1, 1, "l1", 11),
    (1, 5, 6, 3, 2, 3, "l1", 12),
    (2, 4, 5, 2, 3, 2, "l1", 13),
]


@pytest.mark.parametrize("L,H,T,K,D,B,loss,seed", CONFIGS)
def test_finite_differences(L, H, T, K, D, B, loss, seed):
    check_finite_differences(L, H, T, K, D, B, loss, seed)


@settings(max_examples=6, deadline=None, derandomize=True)
@given(
    L=st.integers(1, 3), H=st.integers(1, 8), T=st.integers(1, 12), K=st.integers(1, 3),
    D=st.integers(1, 4), B=st.integers(1, 4), loss=st.sampled_from(["mse", "huber", "l1"]),
    seed=st.integers(0, 2**31 - 1),
)
def test_finite_differences_hypothesis(L, H, T, K, D, B, loss, seed):
    check_finite_differences(L, H, T, K, D, B, loss, seed)


# --------------------------------------------------------------------------- sequential


@pytest.mark.parametrize("L,B", [(1, 3), (2, 3), (2, 1)])
def test_sequential_equals_batched(L, B):
    D, H, K, T = 2, 5, 2, 9
    model, x, y, h0, c0 = make_problem(L, H, T, K, D, B, "mse", seed=100 + L)
    loss, batched = model.loss_and_grad(x, y, h0, c0)
    full = model.forward(x, h0, c0)

    # Forward one step at a time, carrying (h, c).
    h, c, steps = h0, c0, []
    for t in range(T):
        fwd, _ = model.vjp(x[:, t : t + 1], h, c)
        steps.append((h, c))
        h, c = fwd.h_n, fwd.c_n
    y_hat = fwd.y_hat
    outputs = np.concatenate(
        [model.vjp(x[:, t : t + 1], *steps[t])[0].outputs for t in range(T)], axis=1
    )
    assert loss == pytest.approx(reference.mse(y_hat, y), rel=1e-12)

    # Backward from the last step to the first, carrying (dh, dc); the head's loss gradient
    # enters at the last step only.
    d_y_hat = reference.mse_grad(y_hat, y)
    dh = np.zeros((L, B, H))
    dc = np.zeros((L, B, H))
    d_theta = np.zeros(model.num_params)
    d_x = np.zeros_like(x)
    for t in range(T - 1, -1, -1):
        fwd_t, g = model.vjp(x[:, t : t + 1], *steps[t],
                             d_y_hat=d_y_hat if t == T - 1 else None, dh_n=dh, dc_n=dc)
        d_theta += g.theta
        d_x[:, t : t + 1] = g.x
        dh, dc = g.h0, g.c0

    def close(got, ref):
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12 * np.abs(ref).max())

    close(outputs, full.outputs)
    close(h, full.h_n)
    close(c, full.c_n)
    close(y_hat, full.y_hat)
    close(d_theta, batched.theta)
    close(d_x, batched.x)
    close(dh, batched.h0)
    close(dc, batched.c0)


def test_vjp_with_loss_gradient_equals_loss_and_grad():
    model, x, y, h0, c0 = make_problem(2, 4, 6, 2, 3, 3, "huber", seed=7)
    loss, grads = model.loss_and_grad(x, y, h0, c0)
    fwd = model.forward(x, h0, c0)
    fwd2, grads2 = model.vjp(x, h0, c0, d_y_hat=reference.huber_grad(fwd.y_hat, y, HUBER_DELTA))
    np.testing.assert_array_equal(fwd2.y_hat, fwd.y_hat)
    for got, ref in ((grads2.theta, grads.theta), (grads2.x, grads.x), (grads2.h0, grads.h0),
                     (grads2.c0, grads.c0)):
        np.testing.assert_allclose(got, ref, rtol=1e-13, atol=1e-15)


def test_l1_gradient_is_the_reference_backward_of_its_sign():
    """loss_and_grad with L1 equals the NumPy BPTT fed d_y_hat = sign(e) / (B K)."""
    model, x, y, h0, c0 = make_problem(2, 3, 4, 2, 2, 3, "l1", seed=21)
    loss, g = model.loss_and_grad(x, y, h0, c0)
    y_hat = model.forward(x, h0, c0).y_hat
    assert loss == pytest.approx(reference.l1(y_hat, y), rel=1e-13)
    ref = reference.lstm_backward_reference(model.views(), x, h0, c0,
                                            reference.l1_grad(y_hat, y))
    for name, view in model.views(g.theta).items():
        np.testing.assert_allclose(view, ref[f"grad_{name}"], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(g.x, ref["grad_x"], rtol=1e-12, atol=1e-14)


def test_vjp_matches_reference_with_all_upstream_gradients():
    """d_outputs, dh_n and dc_n enter as extra upstream gradients, as in the NumPy BPTT."""
    L, H, T, K, D, B = 2, 3, 5, 2, 2, 3
    model, x, _, h0, c0 = make_problem(L, H, T, K, D, B, "mse", seed=11)
    rng = np.random.default_rng(12)
    d_y_hat, d_out = rng.normal(size=(B, K)), rng.normal(size=(B, T, H))
    dh_n, dc_n = rng.normal(size=(L, B, H)), rng.normal(size=(L, B, H))
    _, g = model.vjp(x, h0, c0, d_y_hat=d_y_hat, d_outputs=d_out, dh_n=dh_n, dc_n=dc_n)
    ref = reference.lstm_backward_reference(model.views(), x, h0, c0, d_y_hat, d_out, dh_n, dc_n)
    views = model.views(g.theta)
    for name in views:
        np.testing.assert_allclose(views[name], ref[f"grad_{name}"], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(g.x, ref["grad_x"], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(g.h0, ref["grad_h0"], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(g.c0, ref["grad_c0"], rtol=1e-12, atol=1e-14)
