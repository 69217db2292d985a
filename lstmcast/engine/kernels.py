"""Numba kernels of the LSTM: cell and layer, forward and backward, and the losses.

Dimensions used in every shape comment:

    B  batch (windows)          T  steps (lookback)       D  input features
    H  hidden units per layer   G  = 4H gate rows         K  outputs (horizon)
    Bc rows of one batch chunk

Parameters follow PyTorch's ``nn.LSTM``: for each layer, ``weight_ih`` (G, D_k), ``weight_hh``
(G, H), ``bias_ih`` (G,), ``bias_hh`` (G,) with the gate blocks in the order i, f, g, o.

The sequences are time-major, (T, Bc, ·), so that every step's matrix product reads and writes
contiguous rows. Matrix products go through ``np.dot`` (scipy's BLAS, kept to one thread by the
caller). ``network.py`` runs the layers of a chunk of the batch in turn and does the copies
between them and the linear head with NumPy; ``model.py`` runs the chunks on its threads: the
entry points here release the GIL.

Compile time is part of the design, because a first run waits for it. Only the recurrences are
compiled (the two layer passes and the loss, plus ``optim``'s two), each only for the dtype it is
called with, and on a cold start the forward and backward halves at once in two processes
(``compile.compile_kernels``). The cell kernels are inlined into their one caller at Numba's level
(``inline="always"``), so they are compiled once, not once alone and again inside the caller;
buffers are carved with ``views.view``, not ``reshape``; nothing is ``parallel=True``. A fused
kernel for the whole network took ~16 s of CPU to compile cold; these take ~5.5 s (2.6 s the
forward half, 2.8 s the backward half), ~3.2 s of wall time in two processes (measured with
``benchmarks/compile_time.py``).

The kernels only compute; shapes and dtypes are checked once in ``model.py``.
"""

import numpy as np
from numba import njit

from .activations import FASTMATH, sigmoid_act, tanh_act  # noqa: F401  (tests use them here)
from .views import view

LOSS_MSE, LOSS_HUBER, LOSS_L1 = 1, 2, 3


# --------------------------------------------------------------------------- cell


@njit(cache=True, fastmath=FASTMATH, error_model="numpy", inline="always")
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


@njit(cache=True, fastmath=FASTMATH, error_model="numpy", inline="always")
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


@njit(cache=True, fastmath=FASTMATH, error_model="numpy", inline="always")
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


@njit(cache=True, nogil=True, error_model="numpy")
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
    gate_scale = np.empty(G, dtype=gates.dtype)  # filled by loops: np.ones is one more compile
    for j in range(G):
        gate_scale[j] = 1.0
    for j in range(2 * H, 3 * H):
        gate_scale[j] = 2.0
    project_inputs(view(gates, 0, (T * Bc, G)), view(xs, 0, (T * Bc, Dk)), w_ihT)
    zh = np.empty((Bc, G), dtype=gates.dtype)
    for t in range(T):
        np.dot(hs[t], w_hhT, zh)
        lstm_cell_forward(gates[t], zh, bias, gate_scale, cs[t], cs[t + 1], hs[t + 1], tanh_cs[t])


@njit(cache=True, nogil=True, error_model="numpy")
def lstm_layer_backward(dw_ih, dw_hh, db, dxs, dzs, dh, dc, dhs, gates, cs, hs, tanh_cs, xs,
                        w_ih, w_hh):
    """Backpropagation through time for one layer.

    dw_ih (G, D_k), dw_hh (G, H), db (G,) out: the weight gradients
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
    # The weight gradients of all steps at once: two large products instead of T small ones,
    # written into place (``np.dot`` with ``out``: the form the other products here use, so no
    # further variant of it is compiled).
    dz2 = view(dzs, 0, (T * Bc, G))
    np.dot(dz2.T, view(xs, 0, (T * Bc, Dk)), dw_ih)
    np.dot(dz2.T, view(hs, 0, (T * Bc, H)), dw_hh)
    for j in range(G):
        db[j] = 0.0
    for r in range(T * Bc):
        for j in range(G):
            db[j] += dz2[r, j]
    np.dot(dz2, w_ih, view(dxs, 0, (T * Bc, Dk)))


# --------------------------------------------------------------------------- loss


@njit(cache=True, nogil=True, fastmath=FASTMATH, error_model="numpy")
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
