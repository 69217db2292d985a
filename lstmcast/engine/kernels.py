"""Numba kernels of the LSTM: cell, layer, stack, head and losses, forward and backward.

Dimensions used in every shape comment:

    B  batch (windows)          T  steps (lookback)       D  input features
    H  hidden units per layer   G  = 4H gate rows         K  outputs (horizon)
    L  stacked layers           Bc rows of one batch chunk
    P  number of parameters (the flat buffer ``theta``)

Parameters follow PyTorch's ``nn.LSTM`` + ``nn.Linear``: for layer k, ``weight_ih`` (G, D_k),
``weight_hh`` (G, H), ``bias_ih`` (G,), ``bias_hh`` (G,) with the gate blocks in the order
i, f, g, o; then the head ``W_out`` (K, H) and ``b_out`` (K,). ``D_0 = D`` and ``D_k = H`` above.

Inside a chunk the sequences are time-major, (T, Bc, ·), so that every step's matrix product reads
and writes contiguous rows. Matrix products go through ``np.dot`` (scipy's BLAS, kept to one
thread by the caller). The batch is split into chunks whose bounds depend only on B (see
``model.batch_chunks``); ``network_pass`` computes one chunk without holding the GIL, the caller
runs the chunks on its threads and sums their gradients in chunk order, so a result depends only
on the data, never on the thread count.

Compile time is part of the design: ``network_pass`` is the one entry point of a training or
inference pass (plus ``optim``'s two), it is compiled only for the dtype it is called with, and
it is not ``parallel=True``: the parfor machinery and the extra copies of the whole pass it
links in cost more than half of a cold start (measured with ``benchmarks/compile_time.py``).

The kernels only compute; shapes and dtypes are checked once in ``model.py``.
"""

import numpy as np
from numba import njit

from .activations import FASTMATH, sigmoid_act, tanh_act  # noqa: F401  (tests use them here)
from .params import param_offsets  # noqa: F401  (re-exported: the layout the kernels read)

LOSS_NONE, LOSS_MSE, LOSS_HUBER, LOSS_L1 = 0, 1, 2, 3


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
    for j in range(2 * H, 3 * H):
        gate_scale[j] = 2.0
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
    # Accumulated by loops, not ``+=`` and ``sum(axis=0)``: the same arithmetic, but those array
    # expressions cost seconds of a cold start to compile.
    dz2 = dzs.reshape(T * Bc, G)
    dw = np.dot(dz2.T, xs.reshape(T * Bc, Dk))
    for j in range(G):
        for i in range(Dk):
            dw_ih[j, i] += dw[j, i]
    dw = np.dot(dz2.T, hs[:T].reshape(T * Bc, H))
    for j in range(G):
        for i in range(H):
            dw_hh[j, i] += dw[j, i]
    for r in range(T * Bc):
        for j in range(G):
            db[j] += dz2[r, j]
    np.dot(dz2, w_ih, dxs.reshape(T * Bc, Dk))


# --------------------------------------------------------------------------- head and losses


# The head is K x H, a few thousand multiply-adds: plain loops, which also spare the compiler two
# more variants of np.dot (transposed operands) and an axis-sum.


@njit(cache=True, error_model="numpy")
def head_forward(y_hat, h_last, w_out, b_out):
    """y_hat (Bc, K) out = h_last (Bc, H) @ w_out.T (H, K) + b_out (K,)."""
    Bc, H = h_last.shape
    K = y_hat.shape[1]
    for b in range(Bc):
        for k in range(K):
            s = h_last[b, 0] * w_out[k, 0]
            for j in range(1, H):
                s += h_last[b, j] * w_out[k, j]
            y_hat[b, k] = s + b_out[k]


@njit(cache=True, error_model="numpy")
def skip_forward(y_hat, x_flat, w_skip):
    """y_hat (Bc, K) += x_flat (Bc, T*D) @ w_skip.T (T*D, K): the linear skip."""
    Bc, K = y_hat.shape
    for b in range(Bc):
        for k in range(K):
            acc = y_hat[b, k]
            for i in range(x_flat.shape[1]):
                acc += w_skip[k, i] * x_flat[b, i]
            y_hat[b, k] = acc


@njit(cache=True, error_model="numpy")
def skip_backward(dw_skip, dy, x_flat):
    """Accumulate dw_skip (K, T*D) from dy (Bc, K) and x_flat (Bc, T*D)."""
    Bc, K = dy.shape
    for b in range(Bc):
        for k in range(K):
            a = dy[b, k]
            for i in range(x_flat.shape[1]):
                dw_skip[k, i] += a * x_flat[b, i]


@njit(cache=True, error_model="numpy")
def skip_input_grad(dx_flat, dy, w_skip):
    """Add the skip's share, dy (Bc, K) @ w_skip (K, T*D), to dx_flat (Bc, T*D)."""
    Bc, K = dy.shape
    for b in range(Bc):
        for k in range(K):
            a = dy[b, k]
            for i in range(dx_flat.shape[1]):
                dx_flat[b, i] += a * w_skip[k, i]


@njit(cache=True, error_model="numpy")
def head_backward(dw_out, db_out, dh_last, dy, h_last, w_out):
    """Accumulate dw_out (K, H), db_out (K,); write dh_last (Bc, H) from dy (Bc, K)."""
    Bc, H = h_last.shape
    K = dy.shape[1]
    for b in range(Bc):
        for k in range(K):
            a = dy[b, k]
            db_out[k] += a
            for j in range(H):
                dw_out[k, j] += a * h_last[b, j]
    for b in range(Bc):
        for j in range(H):
            dh_last[b, j] = dy[b, 0] * w_out[0, j]
        for k in range(1, K):
            a = dy[b, k]
            for j in range(H):
                dh_last[b, j] += a * w_out[k, j]


@njit(cache=True, fastmath=FASTMATH, error_model="numpy")
def loss_and_dy(dy, y_hat, y, kind, delta, scale):
    """Sum of the per-element losses times ``scale``, and its gradient into dy (Bc, K).

    kind LOSS_MSE: (y_hat - y)^2; LOSS_HUBER: 0.5 e^2 where |e| <= delta, else
    delta (|e| - 0.5 delta) (PyTorch's HuberLoss); LOSS_L1: |e| (the pinball loss at the 0.5
    quantile), with the subgradient sign(e), 0 where e = 0. ``scale`` is 1 / (B K) for the mean
    over the whole batch. Accumulated in float64 so the loss of a float32 batch is not rounded
    per row.
    """
    total = 0.0
    Bc, K = y.shape
    for b in range(Bc):
        for k in range(K):
            e = y_hat[b, k] - y[b, k]
            if kind == LOSS_L1:
                total += abs(e)
                dy[b, k] = scale * (1.0 if e > 0 else (-1.0 if e < 0 else 0.0))
            elif kind == LOSS_HUBER and abs(e) > delta:
                total += delta * (abs(e) - 0.5 * delta)
                dy[b, k] = scale * delta * (1.0 if e > 0 else -1.0)
            else:
                total += 0.5 * e * e if kind == LOSS_HUBER else e * e
                dy[b, k] = scale * (e if kind == LOSS_HUBER else 2.0 * e)
    return total * scale


# --------------------------------------------------------------------------- stack, one chunk


def workspace_size(L, T, Bc, D, H):
    """Elements of scratch one chunk of Bc rows needs (see the carving in ``network_pass``).

    The scratch lives as long as the model: fresh multi-megabyte buffers every step cost more in
    page faults than the step's arithmetic on small shapes. Plain Python (the one function here
    that is not compiled): it is arithmetic on a few integers, not worth a compiled entry point.
    """
    G = 4 * H
    return T * Bc * (D + L * G + L * H + max(L - 1, 0) * H + G + H + max(D, H)) + 2 * L * (
        T + 1
    ) * Bc * H


@njit(cache=True, nogil=True, error_model="numpy")
def network_pass(b0, b1, net, inputs, upstream, outputs, grads, loss_cfg, work, backward):
    """Forward (and backward) of the whole network for batch rows b0:b1 (one chunk).

    Runs without the GIL, so the caller can run several chunks at once on its own threads,
    each with its own ``work`` and ``dtheta``.

    net      (theta (P,), thetaT (P,), offsets (4L+3,), or (4L+4,) with the skip W_skip (K, T*D))
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

    # Copies are written as loops: a slice assignment (``a[...] = b``) compiles a shape check with a
    # formatted error message each, seconds of a cold start in all.
    for t in range(T):
        for b in range(Bc):
            for j in range(D):
                xs0[t, b, j] = x[b0 + b, t, j]
    bias = np.empty(G, dtype=dtype)
    for k in range(L):
        Dk = D if k == 0 else H
        o_ih, o_hh, o_bi, o_bh = offsets[4 * k], offsets[4 * k + 1], offsets[4 * k + 2], offsets[
            4 * k + 3
        ]
        if k > 0:
            for t in range(T):
                for b in range(Bc):
                    for j in range(H):
                        xs_up[k - 1, t, b, j] = hs[k - 1, t + 1, b, j]
                        if dropout:
                            xs_up[k - 1, t, b, j] *= keep[b0 + b, k - 1, t, j]
        xs = xs0 if k == 0 else xs_up[k - 1]
        for b in range(Bc):
            for j in range(H):
                cs[k, 0, b, j] = c0[k, b0 + b, j]
                hs[k, 0, b, j] = h0[k, b0 + b, j]
        for j in range(G):
            bias[j] = theta[o_bi + j] + theta[o_bh + j]
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
    y_hat_c = y_hat[b0:b1]
    head_forward(y_hat_c, h_last, w_out, b_out)
    skip = offsets.shape[0] == 4 * L + 4  # W_skip (K, T * D) after b_out
    TDs = T * D if skip else 0
    w_skip = theta[offsets[4 * L + 2] : offsets[-1]].reshape(K, TDs)
    if skip:
        skip_forward(y_hat_c, x[b0:b1].reshape(Bc, T * D), w_skip)
    for b in range(Bc):
        for t in range(T):
            for j in range(H):
                out[b0 + b, t, j] = hs[L - 1, t + 1, b, j]
    for k in range(L):
        for b in range(Bc):
            for j in range(H):
                h_n[k, b0 + b, j] = hs[k, T, b, j]
                c_n[k, b0 + b, j] = cs[k, T, b, j]

    dy = np.empty((Bc, K), dtype=dtype)
    loss = 0.0
    if kind == LOSS_NONE:
        for b in range(Bc):
            for j in range(K):
                dy[b, j] = d_y_hat_in[b0 + b, j]
    else:
        loss = loss_and_dy(dy, y_hat_c, y[b0:b1], kind, delta, scale)
    if not backward:
        return loss

    for i in range(dtheta.size):
        dtheta[i] = 0.0
    for t in range(T):
        for b in range(Bc):
            for j in range(H):
                dhs[t, b, j] = d_out_in[b0 + b, t, j]
    dh_last = np.empty((Bc, H), dtype=dtype)
    head_backward(
        dtheta[o_w : o_w + K * H].reshape(K, H), dtheta[o_b : o_b + K], dh_last, dy, h_last, w_out
    )
    for b in range(Bc):
        for j in range(H):
            dhs[T - 1, b, j] += dh_last[b, j]
    if skip:
        skip_backward(dtheta[offsets[4 * L + 2] : offsets[-1]].reshape(K, TDs), dy,
                      x[b0:b1].reshape(Bc, T * D))

    dh = np.empty((Bc, H), dtype=dtype)
    dc = np.empty((Bc, H), dtype=dtype)
    for k in range(L - 1, -1, -1):
        Dk = D if k == 0 else H
        o_ih, o_hh, o_bi, o_bh = offsets[4 * k], offsets[4 * k + 1], offsets[4 * k + 2], offsets[
            4 * k + 3
        ]
        xs = xs0 if k == 0 else xs_up[k - 1]
        dxs = dxs_buf[: T * Bc * Dk].reshape((T, Bc, Dk))
        for b in range(Bc):
            for j in range(H):
                dh[b, j] = dh_n_in[k, b0 + b, j]
                dc[b, j] = dc_n_in[k, b0 + b, j]
        lstm_layer_backward(
            dtheta[o_ih : o_ih + G * Dk].reshape(G, Dk),
            dtheta[o_hh : o_hh + G * H].reshape(G, H),
            dtheta[o_bi : o_bi + G], dxs, dzs, dh, dc, dhs, gates[k], cs[k], hs[k], tanh_cs[k],
            xs,
            theta[o_ih : o_ih + G * Dk].reshape(G, Dk),
            theta[o_hh : o_hh + G * H].reshape(G, H),
        )
        for j in range(G):  # the two biases enter as a sum
            dtheta[o_bh + j] = dtheta[o_bi + j]
        for b in range(Bc):
            for j in range(H):
                dh0[k, b0 + b, j] = dh[b, j]
                dc0[k, b0 + b, j] = dc[b, j]
        for t in range(T):
            for b in range(Bc):
                for j in range(Dk):
                    if k > 0:  # the gradient of the layer below's output
                        g = dxs[t, b, j]
                        dhs[t, b, j] = g * keep[b0 + b, k - 1, t, j] if dropout else g
                    else:
                        dx[b0 + b, t, j] = dxs[t, b, j]
    if skip:  # the skip's share of the input gradient
        skip_input_grad(dx[b0:b1].reshape(Bc, T * D), dy, w_skip)
    return loss
