"""Numba kernels of the LSTM: cell, layer, stack, head and losses, forward and backward.

Dimensions used in every shape comment:

    B  batch (windows)          T  steps (lookback)       D  input features
    H  hidden units per layer   G  = 4H gate rows         K  outputs (horizon)
    L  stacked layers           Bc rows of one batch chunk (one thread's share of B)
    P  number of parameters (the flat buffer ``theta``)

Parameters follow PyTorch's ``nn.LSTM`` + ``nn.Linear``: for layer k, ``weight_ih`` (G, D_k),
``weight_hh`` (G, H), ``bias_ih`` (G,), ``bias_hh`` (G,) with the gate blocks in the order
i, f, g, o; then the head ``W_out`` (K, H) and ``b_out`` (K,). ``D_0 = D`` and ``D_k = H`` above.

Inside a chunk the sequences are time-major, (T, Bc, ·), so that every step's matrix product reads
and writes contiguous rows. Matrix products go through ``np.dot`` (scipy's BLAS, kept to one
thread by the caller); the batch is split into chunks, one per Numba thread, and the chunks'
gradients are summed in a fixed order, so a result depends only on the data and the thread count.

The private kernels only compute; shapes and dtypes are checked once in ``model.py``.
"""

import numpy as np
from numba import njit, prange, types
from numba.extending import overload

from .params import param_offsets  # noqa: F401  (re-exported: the layout the kernels read)

# No 'nnan'/'ninf': a diverging run must see its NaN and inf values. Every kernel uses
# error_model="numpy": Python's ZeroDivisionError check on each float division is a branch that
# stops LLVM from vectorising the activation loops (measured 3x slower).
FASTMATH = {"contract", "reassoc", "nsz", "arcp"}

LOSS_NONE, LOSS_MSE, LOSS_HUBER = 0, 1, 2

# tanh(x) ~ x * P(x^2) / Q(x^2) on |x| <= 9, fitted for float32 (max abs error 3.4e-7, checked in
# tests against np.tanh). float32 np.tanh is a scalar libm call inside Numba; this form is plain
# multiply-add-divide, which LLVM vectorises.
_TANH_CLAMP = np.float32(9.0)
_TP0, _TP1, _TP2, _TP3, _TP4 = (
    np.float32(9.99999923e-01),
    np.float32(1.33847699e-01),
    np.float32(3.50027121e-03),
    np.float32(2.06950499e-05),
    np.float32(1.34898458e-08),
)
_TQ1, _TQ2, _TQ3, _TQ4 = (
    np.float32(4.67180729e-01),
    np.float32(2.58941974e-02),
    np.float32(3.29368303e-04),
    np.float32(7.82852044e-07),
)
_ONE32 = np.float32(1.0)
_HALF32 = np.float32(0.5)


def tanh_act(x):
    """tanh as used by the kernels: rational approximation in float32, exact in float64."""
    return np.tanh(x)


def sigmoid_act(x):
    """The logistic function as used by the kernels."""
    return 1.0 / (1.0 + np.exp(-x))


@overload(tanh_act, inline="always", jit_options={"fastmath": FASTMATH})
def _tanh_act_overload(x):
    if x == types.float32:

        def tanh32(x):
            a = min(max(x, -_TANH_CLAMP), _TANH_CLAMP)
            u = a * a
            p = (((_TP4 * u + _TP3) * u + _TP2) * u + _TP1) * u + _TP0
            q = (((_TQ4 * u + _TQ3) * u + _TQ2) * u + _TQ1) * u + _ONE32
            return min(max(a * p / q, -_ONE32), _ONE32)

        return tanh32

    def tanh64(x):
        return np.tanh(x)

    return tanh64


@overload(sigmoid_act, inline="always", jit_options={"fastmath": FASTMATH})
def _sigmoid_act_overload(x):
    if x == types.float32:

        def sigmoid32(x):
            return _HALF32 + _HALF32 * tanh_act(_HALF32 * x)

        return sigmoid32

    def sigmoid64(x):
        return 1.0 / (1.0 + np.exp(-x))

    return sigmoid64


# --------------------------------------------------------------------------- parameter layout


@njit(cache=True, error_model="numpy")
def _transpose_weights(theta, offsets, L, D, H, thetaT):
    """Write every LSTM weight matrix transposed, (D_k, G) and (H, G), at its own offset.

    The forward products x @ W.T then read C-contiguous operands (BLAS is ~2x slower here on a
    transposed view).
    """
    G = 4 * H
    for k in range(L):
        Dk = D if k == 0 else H
        o_ih, o_hh = offsets[4 * k], offsets[4 * k + 1]
        w_ih = theta[o_ih : o_ih + G * Dk].reshape(G, Dk)
        w_hh = theta[o_hh : o_hh + G * H].reshape(G, H)
        thetaT[o_ih : o_ih + G * Dk].reshape(Dk, G)[:, :] = w_ih.T
        thetaT[o_hh : o_hh + G * H].reshape(H, G)[:, :] = w_hh.T


# --------------------------------------------------------------------------- cell


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def lstm_cell_forward(gates, zh, bias, gate_scale, c_prev, c, h, tanh_c):
    """One step of one layer for a chunk of rows.

    gates      (Bc, G) in: x_t @ W_ih.T, out: activated gates i, f, g, o
    zh         (Bc, G) h_{t-1} @ W_hh.T
    bias       (G,)    bias_ih + bias_hh
    gate_scale (G,)    1 for the sigmoid gates i, f, o and 2 for the tanh candidate g
    c_prev     (Bc, H); c, h, tanh_c (Bc, H) out (tanh_c kept for the backward pass)
    """
    Bc, H = c.shape
    G = 4 * H
    one = c.dtype.type(1.0)
    # One long loop over all four gates using tanh(z) = 2 sigmoid(2z) - 1: a uniform body over
    # contiguous memory is what LLVM vectorises (four interleaved blocks were measured 5x slower).
    for b in range(Bc):
        for j in range(G):
            s = gate_scale[j]
            gates[b, j] = s * sigmoid_act(s * (gates[b, j] + zh[b, j] + bias[j])) + (one - s)
    for b in range(Bc):
        for j in range(H):
            c_new = gates[b, H + j] * c_prev[b, j] + gates[b, j] * gates[b, 2 * H + j]
            tc = tanh_act(c_new)
            c[b, j] = c_new
            tanh_c[b, j] = tc
            h[b, j] = gates[b, 3 * H + j] * tc


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def lstm_cell_backward(dz, gates, c_prev, tanh_c, dh_above, dh, dc):
    """Backward of one step: gradient of the gate pre-activations, and dc carried to t-1.

    dz       (Bc, G) out: dloss/d(pre-activation) of i, f, g, o
    gates    (Bc, G) activated gates of this step
    c_prev, tanh_c (Bc, H) c_{t-1} and tanh(c_t)
    dh_above (Bc, H) dloss/dh_t through the layer above (or the head)
    dh       (Bc, H) dloss/dh_t through step t+1
    dc       (Bc, H) in: dloss/dc_t from step t+1, out: dloss/dc_{t-1}
    """
    Bc, H = dh.shape
    one = dh.dtype.type(1.0)
    for b in range(Bc):
        for j in range(H):
            i = gates[b, j]
            f = gates[b, H + j]
            g = gates[b, 2 * H + j]
            o = gates[b, 3 * H + j]
            tc = tanh_c[b, j]
            dht = dh_above[b, j] + dh[b, j]
            dct = dc[b, j] + dht * o * (one - tc * tc)
            dz[b, j] = dct * g * i * (one - i)
            dz[b, H + j] = dct * c_prev[b, j] * f * (one - f)
            dz[b, 2 * H + j] = dct * i * (one - g * g)
            dz[b, 3 * H + j] = dht * tc * o * (one - o)
            dc[b, j] = dct * f


# --------------------------------------------------------------------------- layer


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def project_inputs(zx, xs, w_T):
    """zx (N, G) = xs (N, D_k) @ w_T (D_k, G).

    A gemm whose inner dimension is a handful of features runs at a tenth of BLAS speed
    (measured: 87 us for N=3840, D_k=1, G=128), so narrow inputs take a plain loop.
    """
    N, Dk = xs.shape
    if Dk >= 16:
        np.dot(xs, w_T, zx)
        return
    G = zx.shape[1]
    for r in range(N):
        a = xs[r, 0]
        for j in range(G):
            zx[r, j] = a * w_T[0, j]
        for k in range(1, Dk):
            a = xs[r, k]
            for j in range(G):
                zx[r, j] += a * w_T[k, j]


@njit(cache=True, error_model="numpy")
def lstm_layer_forward(gates, cs, hs, tanh_cs, xs, w_ihT, w_hhT, bias):
    """Run one layer over all steps.

    gates   (T, Bc, G) out: activated gates
    cs, hs  (T+1, Bc, H) in: cs[0], hs[0] the initial state; out: the state after every step
    tanh_cs (T, Bc, H) out: tanh(c_t)
    xs      (T, Bc, D_k) layer input
    w_ihT   (D_k, G), w_hhT (H, G), bias (G,)
    """
    T, Bc, Dk = xs.shape
    G = gates.shape[2]
    H = G // 4
    gate_scale = np.ones(G, dtype=gates.dtype)
    gate_scale[2 * H : 3 * H] = 2.0
    project_inputs(gates.reshape(T * Bc, G), xs.reshape(T * Bc, Dk), w_ihT)
    zh = np.empty((Bc, G), dtype=gates.dtype)
    for t in range(T):
        np.dot(hs[t], w_hhT, zh)
        lstm_cell_forward(gates[t], zh, bias, gate_scale, cs[t], cs[t + 1], hs[t + 1], tanh_cs[t])


@njit(cache=True, error_model="numpy")
def lstm_layer_backward(dw_ih, dw_hh, db, dxs, dzs, dh, dc, dhs, gates, cs, hs, tanh_cs, xs,
                        w_ih, w_hh):
    """Backpropagation through time for one layer; weight gradients are accumulated (+=).

    dw_ih (G, D_k), dw_hh (G, H), db (G,)  accumulated
    dxs   (T, Bc, D_k) out: dloss/d(layer input)
    dzs   (T, Bc, G) scratch: dloss/d(gate pre-activations)
    dh, dc (Bc, H) in: dloss/dh_{T-1}, dloss/dc_{T-1} from outside; out: dloss/dh0, dloss/dc0
    dhs   (T, Bc, H) dloss/d(layer output) at every step, from the layer above or the head
    gates (T, Bc, G); cs, hs (T+1, Bc, H); tanh_cs (T, Bc, H); xs (T, Bc, D_k) as left by
          the forward pass
    w_ih  (G, D_k), w_hh (G, H)
    """
    T, Bc, Dk = xs.shape
    G = gates.shape[2]
    H = hs.shape[2]
    for t in range(T - 1, -1, -1):
        lstm_cell_backward(dzs[t], gates[t], cs[t], tanh_cs[t], dhs[t], dh, dc)
        np.dot(dzs[t], w_hh, dh)
    # The weight gradients of all steps at once: two large products instead of T small ones.
    dz2 = dzs.reshape(T * Bc, G)
    dw_ih += np.dot(dz2.T, xs.reshape(T * Bc, Dk))
    dw_hh += np.dot(dz2.T, hs[:T].reshape(T * Bc, H))
    db += dz2.sum(axis=0)
    np.dot(dz2, w_ih, dxs.reshape(T * Bc, Dk))


# --------------------------------------------------------------------------- head and losses


@njit(cache=True, error_model="numpy")
def head_forward(y_hat, h_last, w_out, b_out):
    """y_hat (Bc, K) out = h_last (Bc, H) @ w_out.T (H, K) + b_out (K,)."""
    np.dot(h_last, w_out.T, y_hat)
    y_hat += b_out


@njit(cache=True, error_model="numpy")
def head_backward(dw_out, db_out, dh_last, dy, h_last, w_out):
    """Accumulate dw_out (K, H), db_out (K,); write dh_last (Bc, H) from dy (Bc, K)."""
    dw_out += np.dot(dy.T, h_last)
    db_out += dy.sum(axis=0)
    np.dot(dy, w_out, dh_last)


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def loss_and_dy(dy, y_hat, y, kind, delta, scale):
    """Sum of the per-element losses times ``scale``, and its gradient into dy (Bc, K).

    kind LOSS_MSE: (y_hat - y)^2; LOSS_HUBER: 0.5 e^2 where |e| <= delta, else
    delta (|e| - 0.5 delta) (PyTorch's HuberLoss). ``scale`` is 1 / (B K) for the mean over the
    whole batch. Accumulated in float64 so the loss of a float32 batch is not rounded per row.
    """
    total = 0.0
    Bc, K = y.shape
    for b in range(Bc):
        for k in range(K):
            e = y_hat[b, k] - y[b, k]
            if kind == LOSS_HUBER and abs(e) > delta:
                total += delta * (abs(e) - 0.5 * delta)
                dy[b, k] = scale * delta * (1.0 if e > 0 else -1.0)
            else:
                total += 0.5 * e * e if kind == LOSS_HUBER else e * e
                dy[b, k] = scale * (e if kind == LOSS_HUBER else 2.0 * e)
    return total * scale


# --------------------------------------------------------------------------- stack, one chunk


@njit(cache=True, error_model="numpy")
def workspace_size(L, T, Bc, D, H):
    """Elements of scratch one chunk of Bc rows needs (see the carving in ``_chunk_pass``).

    The scratch lives as long as the model: fresh multi-megabyte buffers every step cost more in
    page faults than the step's arithmetic on small shapes.
    """
    G = 4 * H
    return T * Bc * (D + L * G + L * H + max(L - 1, 0) * H + G + H + max(D, H)) + 2 * L * (
        T + 1
    ) * Bc * H


@njit(cache=True, error_model="numpy")
def _chunk_pass(b0, b1, net, inputs, upstream, outputs, grads, loss_cfg, work, backward):
    """Forward (and backward) of the whole network for batch rows b0:b1.

    net      (theta (P,), thetaT (P,), offsets (4L+3,))
    inputs   (x (B, T, D), h0 (L, B, H), c0 (L, B, H), y (B, K), keep (B, L-1, T, H) or empty)
             keep holds the inverted-dropout factors applied to the input of layers 1..L-1
    upstream (d_y_hat (B, K), d_out (B, T, H), dh_n (L, B, H), dc_n (L, B, H)) gradients from
             outside, used as given when loss_cfg's kind is LOSS_NONE (d_y_hat) and added always
             (the others)
    outputs  (y_hat (B, K), out (B, T, H), h_n (L, B, H), c_n (L, B, H)) written for rows b0:b1
    grads    (dtheta (P,) this chunk's own, zeroed here; dx (B, T, D); dh0, dc0 (L, B, H))
    loss_cfg (kind, delta, scale)
    work     (>= workspace_size(L, T, b1 - b0, D, H),) scratch
    Returns this chunk's share of the loss.
    """
    theta, thetaT, offsets = net
    x, h0, c0, y, keep = inputs
    d_y_hat_in, d_out_in, dh_n_in, dc_n_in = upstream
    y_hat, out, h_n, c_n = outputs
    dtheta, dx, dh0, dc0 = grads
    kind, delta, scale = loss_cfg
    dtype = theta.dtype
    Bc = b1 - b0
    L, _, H = h0.shape
    _, T, D = x.shape
    K = y_hat.shape[1]
    G = 4 * H
    Lu = max(L - 1, 0)
    dropout = keep.size > 0

    o = 0
    xs0 = work[o : o + T * Bc * D].reshape((T, Bc, D))
    o += T * Bc * D
    gates = work[o : o + L * T * Bc * G].reshape((L, T, Bc, G))
    o += L * T * Bc * G
    cs = work[o : o + L * (T + 1) * Bc * H].reshape((L, T + 1, Bc, H))
    o += L * (T + 1) * Bc * H
    hs = work[o : o + L * (T + 1) * Bc * H].reshape((L, T + 1, Bc, H))
    o += L * (T + 1) * Bc * H
    tanh_cs = work[o : o + L * T * Bc * H].reshape((L, T, Bc, H))
    o += L * T * Bc * H
    xs_up = work[o : o + Lu * T * Bc * H].reshape((Lu, T, Bc, H))  # inputs of layers 1..L-1
    o += Lu * T * Bc * H
    dzs = work[o : o + T * Bc * G].reshape((T, Bc, G))
    o += T * Bc * G
    dhs = work[o : o + T * Bc * H].reshape((T, Bc, H))
    o += T * Bc * H
    dxs_buf = work[o : o + T * Bc * max(D, H)]

    for t in range(T):
        xs0[t] = x[b0:b1, t, :]
    for k in range(L):
        Dk = D if k == 0 else H
        o_ih, o_hh, o_bi, o_bh = offsets[4 * k : 4 * k + 4]
        if k > 0:
            xs_up[k - 1] = hs[k - 1, 1:]
            if dropout:
                for t in range(T):
                    for b in range(Bc):
                        xs_up[k - 1, t, b] *= keep[b0 + b, k - 1, t]
        xs = xs0 if k == 0 else xs_up[k - 1]
        cs[k, 0] = c0[k, b0:b1]
        hs[k, 0] = h0[k, b0:b1]
        bias = theta[o_bi : o_bi + G] + theta[o_bh : o_bh + G]
        lstm_layer_forward(
            gates[k], cs[k], hs[k], tanh_cs[k], xs,
            thetaT[o_ih : o_ih + G * Dk].reshape(Dk, G),
            thetaT[o_hh : o_hh + G * H].reshape(H, G),
            bias,
        )

    o_w, o_b = offsets[4 * L], offsets[4 * L + 1]
    w_out = theta[o_w : o_w + K * H].reshape(K, H)
    b_out = theta[o_b : o_b + K]
    h_last = hs[L - 1, T]
    y_hat_c = np.empty((Bc, K), dtype=dtype)
    head_forward(y_hat_c, h_last, w_out, b_out)
    y_hat[b0:b1] = y_hat_c
    for t in range(T):
        out[b0:b1, t, :] = hs[L - 1, t + 1]
    h_n[:, b0:b1] = hs[:, T]
    c_n[:, b0:b1] = cs[:, T]

    dy = np.empty((Bc, K), dtype=dtype)
    loss = 0.0
    if kind == LOSS_NONE:
        dy[:, :] = d_y_hat_in[b0:b1]
    else:
        loss = loss_and_dy(dy, y_hat_c, np.ascontiguousarray(y[b0:b1]), kind, delta, scale)
    if not backward:
        return loss

    dtheta[:] = 0.0
    for t in range(T):
        dhs[t] = d_out_in[b0:b1, t, :]
    dh_last = np.empty((Bc, H), dtype=dtype)
    head_backward(
        dtheta[o_w : o_w + K * H].reshape(K, H), dtheta[o_b : o_b + K], dh_last, dy, h_last, w_out
    )
    dhs[T - 1] += dh_last

    dh = np.empty((Bc, H), dtype=dtype)
    dc = np.empty((Bc, H), dtype=dtype)
    for k in range(L - 1, -1, -1):
        Dk = D if k == 0 else H
        o_ih, o_hh, o_bi, o_bh = offsets[4 * k : 4 * k + 4]
        xs = xs0 if k == 0 else xs_up[k - 1]
        dxs = dxs_buf[: T * Bc * Dk].reshape((T, Bc, Dk))
        dh[:, :] = dh_n_in[k, b0:b1]
        dc[:, :] = dc_n_in[k, b0:b1]
        db = dtheta[o_bi : o_bi + G]
        lstm_layer_backward(
            dtheta[o_ih : o_ih + G * Dk].reshape(G, Dk),
            dtheta[o_hh : o_hh + G * H].reshape(G, H),
            db, dxs, dzs, dh, dc, dhs, gates[k], cs[k], hs[k], tanh_cs[k], xs,
            theta[o_ih : o_ih + G * Dk].reshape(G, Dk),
            theta[o_hh : o_hh + G * H].reshape(G, H),
        )
        dtheta[o_bh : o_bh + G] = db  # the two biases enter as a sum
        dh0[k, b0:b1] = dh
        dc0[k, b0:b1] = dc
        if k > 0:
            if dropout:
                for t in range(T):
                    for b in range(Bc):
                        dxs[t, b] *= keep[b0 + b, k - 1, t]
            dhs[:, :, :] = dxs  # gradient of the layer below's output
        else:
            for t in range(T):
                dx[b0:b1, t, :] = dxs[t]
    return loss


# --------------------------------------------------------------------------- whole batch


@njit(cache=True, parallel=True, error_model="numpy")
def network_pass(net, inputs, upstream, outputs, grads, loss_cfg, dtheta_chunks, work, backward):
    """Forward (and backward) over the batch in chunks, one per thread.

    dtheta_chunks (n_chunks, P) scratch: each chunk's parameter gradient, summed into
    grads[0] in chunk order so the result does not depend on thread timing.
    work (n_chunks, >= workspace_size for the largest chunk) scratch.
    Returns the loss.
    """
    n_chunks = dtheta_chunks.shape[0]
    B = inputs[0].shape[0]
    losses = np.zeros(n_chunks, dtype=np.float64)
    dx, dh0, dc0 = grads[1], grads[2], grads[3]
    for c in prange(n_chunks):
        b0 = c * B // n_chunks
        b1 = (c + 1) * B // n_chunks
        losses[c] = _chunk_pass(
            b0, b1, net, inputs, upstream, outputs, (dtheta_chunks[c], dx, dh0, dc0),
            loss_cfg, work[c], backward,
        )
    dtheta = grads[0]
    if backward:
        dtheta[:] = dtheta_chunks[0]
        for c in range(1, n_chunks):
            dtheta += dtheta_chunks[c]
    return losses.sum()
