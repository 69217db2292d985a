"""Each engine kernel against its NumPy twin in ``reference.py``, on random, real and edge
inputs (T=1, H=1, one row, a constant series, large |x|), in float64 and float32."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import reference
from numba import njit

from lstmcast.engine import LSTMForecaster, kernels, optim, params

DATA = Path(__file__).parent / "data"
DTYPES = [np.float64, np.float32]
# Agreement with the float64 twins: float64 kernels to rounding, float32 to its precision.
TOL = {np.float64: dict(rtol=1e-12, atol=1e-13), np.float32: dict(rtol=2e-5, atol=2e-6)}


@njit(cache=True)
def _apply_tanh(x, out):
    for i in range(x.size):
        out[i] = kernels.tanh_act(x[i])


@njit(cache=True)
def _apply_sigmoid(x, out):
    for i in range(x.size):
        out[i] = kernels.sigmoid_act(x[i])


def apply(fn, x):
    out = np.empty_like(x)
    fn(x, out)
    return out


def melbourne_series():
    """750 real daily minimum temperatures, standardised."""
    temp = pd.read_csv(DATA / "melbourne_tail750.csv")["Temp"].to_numpy(dtype=np.float64)
    return (temp - temp.mean()) / temp.std()


def random_layer(rng, Dk, H, scale=0.6):
    G = 4 * H
    return (rng.uniform(-scale, scale, (G, Dk)), rng.uniform(-scale, scale, (G, H)),
            rng.uniform(-scale, scale, G), rng.uniform(-scale, scale, G))


# --------------------------------------------------------------------------- activations


def test_tanh_float32_approximation_error():
    grid = np.linspace(-20.0, 20.0, 400_001).astype(np.float32)
    got = apply(_apply_tanh, grid)
    assert got.dtype == np.float32
    err = np.abs(got.astype(np.float64) - np.tanh(grid.astype(np.float64)))
    assert err.max() < 5e-7, f"max abs error {err.max():.3e} at x = {grid[np.argmax(err)]}"
    assert np.abs(got).max() <= 1.0
    np.testing.assert_array_equal(got, -apply(_apply_tanh, -grid))  # odd
    assert got[grid == 0.0][0] == 0.0


def test_sigmoid_float32_approximation_error():
    grid = np.linspace(-20.0, 20.0, 400_001).astype(np.float32)
    got = apply(_apply_sigmoid, grid)
    assert got.dtype == np.float32
    err = np.abs(got.astype(np.float64) - reference.sigmoid(grid.astype(np.float64)))
    assert err.max() < 5e-7, f"max abs error {err.max():.3e} at x = {grid[np.argmax(err)]}"
    assert got.min() >= 0.0 and got.max() <= 1.0


@pytest.mark.filterwarnings("ignore:overflow encountered in exp")
def test_activations_float64_exact():
    grid = np.concatenate([np.linspace(-20.0, 20.0, 200_001), [-800.0, -40.0, 40.0, 800.0]])
    # The libm inside Numba and NumPy's own loops may round the last bit differently.
    np.testing.assert_array_max_ulp(apply(_apply_tanh, grid), np.tanh(grid), maxulp=2)
    np.testing.assert_array_max_ulp(apply(_apply_sigmoid, grid), reference.sigmoid(grid),
                                    maxulp=2)


@pytest.mark.parametrize("dtype", DTYPES)
def test_activations_propagate_nan_and_saturate_at_inf(dtype):
    x = np.array([np.nan, np.inf, -np.inf], dtype=dtype)
    t, s = apply(_apply_tanh, x), apply(_apply_sigmoid, x)
    assert np.isnan(t[0]) and np.isnan(s[0])
    np.testing.assert_array_equal(t[1:], [1.0, -1.0])
    np.testing.assert_array_equal(s[1:], [1.0, 0.0])


# --------------------------------------------------------------------------- cell


def cell_inputs(rng, B, Dk, H, dtype, x_scale=1.0):
    w_ih, w_hh, b_ih, b_hh = random_layer(rng, Dk, H)
    x_t = rng.normal(0.0, x_scale, (B, Dk))
    h_prev, c_prev = rng.normal(0, 0.5, (B, H)), rng.normal(0, 0.5, (B, H))
    # Round everything to the kernel's dtype first so both sides see the same numbers.
    return [a.astype(dtype).astype(np.float64) for a in (x_t, h_prev, c_prev, w_ih, w_hh,
                                                         b_ih, b_hh)]


def kernel_cell_forward(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh, dtype):
    B, H = h_prev.shape
    G = 4 * H
    gates = np.ascontiguousarray(x_t @ w_ih.T, dtype=dtype)
    zh = np.ascontiguousarray(h_prev @ w_hh.T, dtype=dtype)
    bias = (b_ih + b_hh).astype(dtype)
    gate_scale = np.ones(G, dtype=dtype)
    gate_scale[2 * H : 3 * H] = 2.0
    c, h, tanh_c = (np.empty((B, H), dtype=dtype) for _ in range(3))
    kernels.lstm_cell_forward(gates, zh, bias, gate_scale, c_prev.astype(dtype), c, h, tanh_c)
    return gates, c, h, tanh_c


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("B,Dk,H,x_scale", [(3, 2, 5, 1.0), (1, 1, 1, 1.0), (4, 3, 8, 30.0),
                                             (2, 16, 4, 1.0)])
def test_cell_forward_and_backward(dtype, B, Dk, H, x_scale):
    rng = np.random.default_rng(B * 100 + H)
    x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh = cell_inputs(rng, B, Dk, H, dtype, x_scale)
    h_ref, c_ref, gates_ref = reference.lstm_cell_step(x_t, h_prev, c_prev, w_ih, w_hh, b_ih,
                                                        b_hh)
    gates, c, h, tanh_c = kernel_cell_forward(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh, dtype)
    for got in (gates, c, h, tanh_c):
        assert got.dtype == dtype
    np.testing.assert_allclose(gates, gates_ref, **TOL[dtype])
    np.testing.assert_allclose(c, c_ref, **TOL[dtype])
    np.testing.assert_allclose(h, h_ref, **TOL[dtype])
    np.testing.assert_allclose(tanh_c, np.tanh(c_ref), **TOL[dtype])

    # Backward from the kernel's own forward values, so only the backward is under test.
    dh_above, dh_next = rng.normal(size=(B, H)), rng.normal(size=(B, H))
    dc_next = rng.normal(size=(B, H))
    g64, c64 = gates.astype(np.float64), c.astype(np.float64)
    dz_ref, dc_prev_ref = reference.lstm_cell_step_backward(g64, c_prev, c64, dh_above + dh_next,
                                                            dc_next)
    dz = np.empty((B, 4 * H), dtype=dtype)
    dc = dc_next.astype(dtype)
    kernels.lstm_cell_backward(dz, gates, c_prev.astype(dtype), np.tanh(c64).astype(dtype),
                               dh_above.astype(dtype), dh_next.astype(dtype), dc)
    scale = np.abs(dz_ref).max()
    np.testing.assert_allclose(dz, dz_ref, rtol=TOL[dtype]["rtol"], atol=TOL[dtype]["atol"] * scale)
    np.testing.assert_allclose(dc, dc_prev_ref, **TOL[dtype])


@pytest.mark.filterwarnings("ignore:overflow encountered in exp")
def test_cell_saturated_gates_float64():
    """Pre-activations of +-1000: gates exactly 0 or 1, no overflow warnings or NaN."""
    H, B = 3, 2
    x_t = np.full((B, 1), 1000.0)
    w_ih = np.tile(np.array([[1.0], [-1.0], [1.0], [1.0]]), (1, 1)).repeat(H, axis=0)
    w_hh, b = np.zeros((4 * H, H)), np.zeros(4 * H)
    h_prev, c_prev = np.zeros((B, H)), np.full((B, H), 0.25)
    gates, c, h, _ = kernel_cell_forward(x_t, h_prev, c_prev, w_ih, w_hh, b, b, np.float64)
    h_ref, c_ref, gates_ref = reference.lstm_cell_step(x_t, h_prev, c_prev, w_ih, w_hh, b, b)
    np.testing.assert_array_equal(gates, gates_ref)
    np.testing.assert_allclose(c, c_ref, rtol=1e-15)
    np.testing.assert_allclose(h, h_ref, rtol=1e-15)
    np.testing.assert_array_equal(c, 1.0)  # f = 0 forgets c_prev, i * g = 1


# --------------------------------------------------------------------------- layer


def kernel_layer(x_bt, h0, c0, w_ih, w_hh, b_ih, b_hh, dhs_bt, dh_n, dc_n, dtype):
    """Run lstm_layer_forward and lstm_layer_backward on batch-first inputs; return the
    forward states and the gradients (batch-first)."""
    B, T, Dk = x_bt.shape
    H = h0.shape[1]
    G = 4 * H
    xs = np.ascontiguousarray(x_bt.transpose(1, 0, 2), dtype=dtype)
    gates = np.empty((T, B, G), dtype=dtype)
    cs, hs = np.empty((T + 1, B, H), dtype=dtype), np.empty((T + 1, B, H), dtype=dtype)
    cs[0], hs[0] = c0, h0
    tanh_cs = np.empty((T, B, H), dtype=dtype)
    w_ih_d, w_hh_d = w_ih.astype(dtype), w_hh.astype(dtype)
    kernels.lstm_layer_forward(gates, cs, hs, tanh_cs, xs, np.ascontiguousarray(w_ih_d.T),
                               np.ascontiguousarray(w_hh_d.T), (b_ih + b_hh).astype(dtype))
    # The gradients are written, not accumulated: start from garbage.
    dw_ih = np.full((G, Dk), np.nan, dtype=dtype)
    dw_hh = np.full((G, H), np.nan, dtype=dtype)
    db = np.full(G, np.nan, dtype=dtype)
    dxs = np.empty((T, B, Dk), dtype=dtype)
    dzs = np.empty((T, B, G), dtype=dtype)
    dh, dc = dh_n.astype(dtype), dc_n.astype(dtype)
    dhs = np.ascontiguousarray(dhs_bt.transpose(1, 0, 2), dtype=dtype)
    kernels.lstm_layer_backward(dw_ih, dw_hh, db, dxs, dzs, dh, dc, dhs, gates, cs, hs, tanh_cs,
                                xs, w_ih_d, w_hh_d)
    return {
        "output": hs[1:].transpose(1, 0, 2), "h_n": hs[T], "c_n": cs[T],
        "grad_weight_ih_l0": dw_ih, "grad_weight_hh_l0": dw_hh, "grad_bias_ih_l0": db,
        "grad_x": dxs.transpose(1, 0, 2),
        "grad_h0": dh, "grad_c0": dc,
    }


def layer_cases():
    rng = np.random.default_rng(5)
    real = melbourne_series()
    windows = np.stack([real[i : i + 30] for i in range(0, 300, 100)])[:, :, None]  # (3, 30, 1)
    yield "random", rng.normal(size=(3, 7, 2)), 5
    yield "T1_H1_B1", rng.normal(size=(1, 1, 1)), 1
    yield "constant", np.full((2, 12, 1), 0.7), 4
    yield "large_x", rng.normal(0.0, 50.0, size=(2, 6, 3)), 3
    yield "melbourne", windows, 6
    yield "wide_input", rng.normal(size=(2, 4, 17)), 2


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", list(layer_cases()), ids=lambda c: c[0])
def test_layer_forward_and_backward(case, dtype):
    _, x, H = case
    B, T, Dk = x.shape
    rng = np.random.default_rng(T * 10 + H)
    w_ih, w_hh, b_ih, b_hh = (a.astype(dtype).astype(np.float64)
                              for a in random_layer(rng, Dk, H))
    x = x.astype(dtype).astype(np.float64)
    h0 = rng.normal(0, 0.5, (B, H)).astype(dtype).astype(np.float64)
    c0 = rng.normal(0, 0.5, (B, H)).astype(dtype).astype(np.float64)
    d_out = rng.normal(size=(B, T, H))
    dh_n, dc_n = rng.normal(size=(B, H)), rng.normal(size=(B, H))
    p = {"weight_ih_l0": w_ih, "weight_hh_l0": w_hh, "bias_ih_l0": b_ih, "bias_hh_l0": b_hh,
         "W_out": np.zeros((1, H)), "b_out": np.zeros(1)}
    out, h_n, c_n, _ = reference.lstm_forward_reference(p, x, h0[None], c0[None])
    ref = reference.lstm_backward_reference(p, x, h0[None], c0[None], np.zeros((B, 1)), d_out,
                                            dh_n[None], dc_n[None])
    ref.update(output=out, h_n=h_n[0], c_n=c_n[0], grad_h0=ref["grad_h0"][0],
               grad_c0=ref["grad_c0"][0])
    got = kernel_layer(x, h0, c0, w_ih, w_hh, b_ih, b_hh, d_out, dh_n, dc_n, dtype)
    for key, value in got.items():
        assert value.dtype == dtype, key
        scale = np.abs(ref[key]).max()
        if dtype == np.float32:
            # float32 activations are approximations with an absolute error bound (5e-7), and a
            # saturated gate rounds to exactly 0 or 1: judge absolute error against O(1), not
            # against a scale that saturation made tiny (the large_x case). Gradients summed
            # over T steps get a little more than one cell's tolerance.
            scale = max(scale, 1.0)
        rtol = TOL[dtype]["rtol"] * (1 if dtype == np.float64 else 5)
        np.testing.assert_allclose(value, ref[key], rtol=rtol, atol=rtol * scale,
                                   err_msg=key)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("Dk", [1, 3, 15, 16, 40])
def test_project_inputs(Dk, dtype):
    rng = np.random.default_rng(Dk)
    xs = rng.normal(size=(11, Dk)).astype(dtype)
    w_T = rng.normal(size=(Dk, 12)).astype(dtype)
    zx = np.full((11, 12), np.nan, dtype=dtype)
    kernels.project_inputs(zx, xs, w_T)
    ref = xs.astype(np.float64) @ w_T.astype(np.float64)
    np.testing.assert_allclose(zx, ref, rtol=TOL[dtype]["rtol"],
                               atol=TOL[dtype]["atol"] * np.abs(ref).max())


# --------------------------------------------------------------------------- losses


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", ["mse", "huber", "l1"])
def test_loss_and_dy(kind, dtype):
    rng = np.random.default_rng(3)
    B, K, delta = 5, 3, 0.4
    y = rng.normal(size=(B, K)).astype(dtype)
    y_hat = (y + rng.choice([-1, 1], (B, K)) * rng.uniform(0.0, 1.0, (B, K))).astype(dtype)
    y_hat[0, 0] = y[0, 0]  # zero error
    e = np.abs(y_hat.astype(float) - y.astype(float))
    assert (e < delta).any() and (e > delta).any()  # both Huber branches
    dy = np.empty((B, K), dtype=dtype)
    code = {"mse": kernels.LOSS_MSE, "huber": kernels.LOSS_HUBER, "l1": kernels.LOSS_L1}[kind]
    loss = kernels.loss_and_dy(dy, y_hat, y, code, delta, 1.0 / (B * K))
    if kind == "mse":
        ref, ref_dy = reference.mse(y_hat, y), reference.mse_grad(y_hat, y)
    elif kind == "l1":
        ref, ref_dy = reference.l1(y_hat, y), reference.l1_grad(y_hat, y)
        assert dy[0, 0] == 0.0  # the subgradient at zero error
        assert set(np.unique(np.sign(dy))) == {-1.0, 0.0, 1.0}
    else:
        ref, ref_dy = reference.huber(y_hat, y, delta), reference.huber_grad(y_hat, y, delta)
    assert isinstance(loss, float)
    assert loss == pytest.approx(ref, rel=1e-12 if dtype == np.float64 else 1e-6)
    np.testing.assert_allclose(dy, ref_dy, **TOL[dtype])
    assert dy.dtype == dtype


def test_huber_equals_half_mse_inside_delta():
    rng = np.random.default_rng(4)
    y_hat, y = rng.uniform(-0.1, 0.1, (3, 2)), np.zeros((3, 2))
    dy = np.empty((3, 2))
    huber = kernels.loss_and_dy(dy, y_hat, y, kernels.LOSS_HUBER, 1.0, 1.0 / 6)
    assert huber == pytest.approx(0.5 * reference.mse(y_hat, y), rel=1e-14)


@pytest.mark.parametrize("dtype", DTYPES)
def test_l1_is_mean_absolute_error_with_sign_gradient(dtype):
    y = np.array([[0.0, 1.0], [2.0, -3.0]], dtype=dtype)
    y_hat = np.array([[0.5, 1.0], [1.0, -1.0]], dtype=dtype)  # errors 0.5, 0, -1, 2
    dy = np.empty((2, 2), dtype=dtype)
    loss = kernels.loss_and_dy(dy, y_hat, y, kernels.LOSS_L1, 0.0, 0.25)
    assert loss == pytest.approx((0.5 + 0.0 + 1.0 + 2.0) / 4, rel=1e-15)
    np.testing.assert_array_equal(dy, np.array([[0.25, 0.0], [-0.25, 0.25]], dtype=dtype))


# --------------------------------------------------------------------------- optimiser


@pytest.mark.parametrize("dtype", DTYPES)
def test_clip_grad_norm_scales_above_threshold(dtype):
    rng = np.random.default_rng(0)
    grad = rng.normal(size=101).astype(dtype)
    expected, expected_norm = reference.clip_grad_norm(grad, 0.5)
    norm = optim.clip_grad_norm(grad, 0.5)
    assert isinstance(norm, float)
    assert norm == pytest.approx(expected_norm, rel=1e-12)  # summed in float64 for both
    np.testing.assert_allclose(grad, expected, **TOL[dtype])
    assert np.linalg.norm(grad.astype(np.float64)) == pytest.approx(0.5, rel=1e-5)
    assert grad.dtype == dtype


@pytest.mark.parametrize("dtype", DTYPES)
def test_clip_grad_norm_noop_below_threshold_or_disabled(dtype):
    grad = np.array([3.0, -4.0], dtype=dtype)
    for max_norm in (5.0, 10.0, 0.0, -1.0):
        before = grad.copy()
        assert optim.clip_grad_norm(grad, max_norm) == pytest.approx(5.0, rel=1e-12)
        np.testing.assert_array_equal(grad, before)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_clip_grad_norm_non_finite_left_unchanged(bad, dtype):
    grad = np.array([1e3, bad, 2.0], dtype=dtype)
    before = grad.copy()
    norm = optim.clip_grad_norm(grad, 1.0)
    assert np.isnan(norm) if np.isnan(bad) else norm == np.inf
    np.testing.assert_array_equal(grad, before)


def test_clip_grad_norm_float32_no_overflow_or_underflow():
    """A finite float32 gradient has a finite norm and gets clipped: squares are summed in
    float64 (a float32 square overflows from |g| ~ 1.8e19, which would reject the step)."""
    grad = np.full(4, 1e30, dtype=np.float32)
    norm = optim.clip_grad_norm(grad, 1.0)
    assert norm == pytest.approx(2e30, rel=1e-6)
    np.testing.assert_allclose(grad, 0.5, rtol=1e-6)
    tiny = np.full(2, 1e-30, dtype=np.float32)
    assert optim.clip_grad_norm(tiny, 1.0) == pytest.approx(np.sqrt(2) * 1e-30, rel=1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
def test_adamw_update_matches_pytorch_formula(weight_decay, dtype):
    rng = np.random.default_rng(1)
    P, lr, b1, b2, eps = 37, 1e-2, 0.9, 0.999, 1e-8
    theta = rng.normal(size=P).astype(dtype)
    m, v = np.zeros(P, dtype=dtype), np.zeros(P, dtype=dtype)
    t_ref, m_ref, v_ref = theta.astype(float), np.zeros(P), np.zeros(P)
    for step in range(1, 6):
        grad = rng.normal(size=P).astype(dtype)
        grad[0] = 0.0  # zero gradient: only the decay and the old moments move it
        optim.adamw_update(theta, grad, m, v, step, lr, b1, b2, eps, weight_decay)
        t_ref, m_ref, v_ref = reference.adamw(t_ref, grad.astype(float), m_ref, v_ref, step, lr,
                                              b1, b2, eps, weight_decay)
        tol = dict(rtol=1e-13, atol=1e-15) if dtype == np.float64 else dict(rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(theta, t_ref, **tol)
        np.testing.assert_allclose(m, m_ref, **tol)
        np.testing.assert_allclose(v, v_ref, **tol)
    assert theta.dtype == m.dtype == v.dtype == dtype


def test_adamw_class_counts_steps():
    opt = optim.AdamW(3, np.float64, lr=0.1, weight_decay=0.0)
    theta = np.zeros(3)
    grad = np.array([1.0, -2.0, 0.0])
    opt.update(theta, grad)
    # First Adam step moves every parameter with a nonzero gradient by lr against its sign.
    np.testing.assert_allclose(theta, [-0.1, 0.1, 0.0], rtol=1e-6)
    opt.update(theta, grad)
    assert opt.step_count == 2


# --------------------------------------------------------------------------- parameters


def expected_shapes(L, D, H, K):
    shapes = {}
    for k in range(L):
        shapes[f"weight_ih_l{k}"] = (4 * H, D if k == 0 else H)
        shapes[f"weight_hh_l{k}"] = (4 * H, H)
        shapes[f"bias_ih_l{k}"] = (4 * H,)
        shapes[f"bias_hh_l{k}"] = (4 * H,)
    shapes["W_out"] = (K, H)
    shapes["b_out"] = (K,)
    return shapes


@pytest.mark.parametrize("L,D,H,K", [(1, 1, 1, 1), (2, 3, 5, 2), (4, 2, 3, 7)])
def test_param_offsets_and_views(L, D, H, K):
    shapes = expected_shapes(L, D, H, K)
    sizes = [int(np.prod(s)) for s in shapes.values()]
    offsets = params.param_offsets(L, D, H, K)
    np.testing.assert_array_equal(offsets, np.concatenate([[0], np.cumsum(sizes)]))
    assert offsets.dtype == np.int64

    model = LSTMForecaster(D, H, L, K, dtype="float64")
    assert model.num_params == sum(sizes) == model.theta.size
    views = model.views()
    assert list(views) == list(shapes) == params.param_names(L)
    for (name, view), start in zip(views.items(), offsets[:-1], strict=True):
        assert view.shape == shapes[name]
        assert np.shares_memory(view, model.theta)
        np.testing.assert_array_equal(view.ravel(), model.theta[start : start + view.size])
    # Writing into a view writes the buffer, in order.
    for i, view in enumerate(views.values()):
        view[...] = i
    np.testing.assert_array_equal(model.theta, np.repeat(np.arange(len(sizes)), sizes))
    other = np.arange(model.num_params, dtype=np.float64)
    assert np.shares_memory(model.views(other)["b_out"], other)
    with pytest.raises(ValueError, match="buffer has shape"):
        model.views(np.zeros(model.num_params + 1))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_init_seeded(dtype):
    a = LSTMForecaster(3, 6, 2, 2, dtype=dtype, seed=7)
    b = LSTMForecaster(3, 6, 2, 2, dtype=dtype, seed=7)
    c = LSTMForecaster(3, 6, 2, 2, dtype=dtype, seed=8)
    assert a.theta.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(a.theta, b.theta)
    assert not np.array_equal(a.theta, c.theta)
    c.init(7)
    np.testing.assert_array_equal(a.theta, c.theta)
    wide = LSTMForecaster(3, 6, 2, 2, dtype="float64", seed=7)
    np.testing.assert_array_equal(a.theta, wide.theta.astype(dtype))


@pytest.mark.parametrize("L,D,H,K", [(1, 1, 1, 1), (3, 4, 8, 3), (2, 2, 33, 5)])
def test_init_structure(L, D, H, K):
    model = LSTMForecaster(D, H, L, K, dtype="float64", seed=3)
    v = model.views()
    G = 4 * H
    for k in range(L):
        D_k = D if k == 0 else H
        expected_bias = np.zeros(G)
        expected_bias[H : 2 * H] = 1.0  # forget gate block
        np.testing.assert_array_equal(v[f"bias_ih_l{k}"], expected_bias)
        np.testing.assert_array_equal(v[f"bias_hh_l{k}"], 0.0)
        limit = np.sqrt(6.0 / (G + D_k))
        w_ih = v[f"weight_ih_l{k}"]
        assert np.abs(w_ih).max() <= limit
        assert np.abs(w_ih).max() > 0.5 * limit or w_ih.size < 8  # spread over the range
        for gate in range(4):
            block = v[f"weight_hh_l{k}"][gate * H : (gate + 1) * H]
            np.testing.assert_allclose(block @ block.T, np.eye(H), atol=1e-12)
    limit = np.sqrt(6.0 / (K + H))
    assert np.abs(v["W_out"]).max() <= limit
    np.testing.assert_array_equal(v["b_out"], 0.0)
    # The gate blocks are drawn independently, not one matrix repeated.
    if H > 1:
        w_hh = v["weight_hh_l0"]
        assert not np.allclose(w_hh[:H], w_hh[H : 2 * H])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_init_defaults_unchanged_by_the_new_options(dtype):
    """forget_bias=1.0 and zero_head=False are today's initialisation, to the bit."""
    plain = LSTMForecaster(3, 6, 2, 2, dtype=dtype, seed=7)
    explicit = LSTMForecaster(3, 6, 2, 2, dtype=dtype, seed=7, forget_bias=1.0, zero_head=False)
    np.testing.assert_array_equal(plain.theta, explicit.theta)
    np.testing.assert_array_equal(plain.views()["bias_ih_l1"][6:12], 1.0)


def test_forget_bias_sets_the_forget_block_only():
    base = LSTMForecaster(2, 5, 2, 3, dtype="float64", seed=1)
    model = LSTMForecaster(2, 5, 2, 3, dtype="float64", seed=1, forget_bias=-0.5)
    diff = np.flatnonzero(model.theta != base.theta)
    v = model.views()
    for k in range(2):
        np.testing.assert_array_equal(v[f"bias_ih_l{k}"][5:10], -0.5)
        np.testing.assert_array_equal(np.delete(v[f"bias_ih_l{k}"], np.s_[5:10]), 0.0)
        np.testing.assert_array_equal(v[f"bias_hh_l{k}"], 0.0)
    assert diff.size == 2 * 5  # nothing else moved
    with pytest.raises(ValueError, match="forget_bias must be a finite number"):
        LSTMForecaster(1, 2, forget_bias=float("nan"))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_zero_head_forecasts_exactly_zero_and_still_learns(dtype):
    base = LSTMForecaster(2, 4, 2, 3, dtype=dtype, seed=2)
    model = LSTMForecaster(2, 4, 2, 3, dtype=dtype, seed=2, zero_head=True)
    v, vb = model.views(), base.views()
    np.testing.assert_array_equal(v["W_out"], 0.0)
    np.testing.assert_array_equal(v["b_out"], 0.0)
    for name in vb:
        if name not in ("W_out", "b_out"):  # the LSTM starts where it would have anyway
            np.testing.assert_array_equal(v[name], vb[name])
    x = np.random.default_rng(0).normal(size=(5, 6, 2))
    assert not model.predict(x).any() and not model.predict(x, compiled=False).any()
    _, grads = model.loss_and_grad(x, np.ones((5, 3)))
    assert model.views(grads.theta)["W_out"].any()  # the head gets a gradient
