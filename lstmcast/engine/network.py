"""The whole network's forward and backward pass over one chunk of the batch.

The recurrences run in the compiled layer kernels (``kernels.py``); what lies between them, the
copies into time-major order, dropout between layers, the linear head and the skip, is a handful
of NumPy operations per chunk. That split is for the first run: compiling a fused kernel of the
whole network took more than twice as long as compiling the layers alone (see ``kernels.py``),
while the NumPy glue costs a few microseconds a chunk.

Shapes as in ``kernels.py``; L layers, P parameters in the flat buffer (``params.py``).
The network's arrays, for a batch of B rows:

    net      theta (P,), thetaT (P,) (every weight block transposed), offsets (4L+3,), or
             (4L+4,) with the skip W_skip (K, T*D) after the head (``params.param_offsets``)
    x (B, T, D), h0 and c0 (L, B, H), keep (B, L-1, T, H) inverted-dropout factors or empty
    Forward  y_hat (B, K), outputs (B, T, H), h_n and c_n (L, B, H)
    Gradients theta (P,) (each chunk its own), x (B, T, D), h0 and c0 (L, B, H)

Every result depends only on the chunk's rows: no sum runs across chunks here.
"""

import math

import numpy as np

from . import kernels


def scratch_shapes(L, T, Bc, D, H):
    """Name -> shape of the scratch one chunk of Bc rows needs; the forward pass leaves the
    states the backward pass reads."""
    G = 4 * H
    return {
        "xs0": (T, Bc, D),  # layer 0's input, time-major
        "gates": (L, T, Bc, G),
        "cs": (L, T + 1, Bc, H),  # cs[k, 0], hs[k, 0] the initial state
        "hs": (L, T + 1, Bc, H),
        "tanh_cs": (L, T, Bc, H),
        "xs_up": (max(L - 1, 0), T, Bc, H),  # the inputs of layers 1..L-1
        "dzs": (T, Bc, G),
        "dhs": (T, Bc, H),
        "dxs": (T * Bc * max(D, H),),  # dloss/d(layer input), viewed per layer
    }


def workspace_size(L, T, Bc, D, H):
    """Elements of scratch one chunk of Bc rows needs."""
    return sum(math.prod(shape) for shape in scratch_shapes(L, T, Bc, D, H).values())


def carve(work, L, T, Bc, D, H):
    """The chunk's scratch as views of the flat buffer ``work``."""
    views, o = {}, 0
    for name, shape in scratch_shapes(L, T, Bc, D, H).items():
        n = math.prod(shape)
        views[name] = work[o : o + n].reshape(shape)
        o += n
    return views


def _time_major(a):
    """(Bc, T, ·) -> (T, Bc, ·) view."""
    return a.transpose(1, 0, 2)


def forward_chunk(b0, b1, net, x, h0, c0, keep, fwd, scratch):
    """Forward of rows b0:b1: writes fwd's arrays for those rows and leaves the states in
    ``scratch`` (from ``carve``)."""
    theta, thetaT, offsets = net
    L, _, H = h0.shape
    _, T, D = x.shape
    K = fwd.y_hat.shape[1]
    G = 4 * H
    gates, cs, hs, tanh_cs = scratch["gates"], scratch["cs"], scratch["hs"], scratch["tanh_cs"]
    xs = scratch["xs0"]
    np.copyto(xs, _time_major(x[b0:b1]))
    for k in range(L):
        Dk = D if k == 0 else H
        o_ih, o_hh, o_bi, o_bh = (int(o) for o in offsets[4 * k : 4 * k + 4])
        if k > 0:
            xs = scratch["xs_up"][k - 1]
            np.copyto(xs, hs[k - 1, 1:])
            if keep.size:
                xs *= _time_major(keep[b0:b1, k - 1])
        cs[k, 0] = c0[k, b0:b1]
        hs[k, 0] = h0[k, b0:b1]
        kernels.lstm_layer_forward(
            gates[k], cs[k], hs[k], tanh_cs[k], xs,
            thetaT[o_ih : o_ih + Dk * G].reshape(Dk, G), thetaT[o_hh : o_hh + H * G].reshape(H, G),
            theta[o_bi : o_bi + G] + theta[o_bh : o_bh + G],
        )
    y_hat = fwd.y_hat[b0:b1]
    np.dot(hs[L - 1, T], _head(theta, offsets, L, H, K).T, out=y_hat)
    y_hat += theta[offsets[4 * L + 1] : offsets[4 * L + 1] + K]
    if len(offsets) == 4 * L + 4:
        y_hat += x[b0:b1].reshape(b1 - b0, T * D) @ _skip(theta, offsets, L, K).T
    fwd.outputs[b0:b1] = _time_major(hs[L - 1, 1:])
    fwd.h_n[:, b0:b1] = hs[:, T]
    fwd.c_n[:, b0:b1] = cs[:, T]


def backward_chunk(b0, b1, net, x, dy, upstream, keep, grads, dtheta, scratch):
    """Backward of rows b0:b1 after ``forward_chunk`` left its states in ``scratch``.

    dy (Bc, K) dloss/dy_hat of these rows; upstream (d_outputs (B, T, H), dh_n, dc_n (L, B, H))
    the other gradients from outside; writes ``dtheta`` (this chunk's own, (P,)) and grads' x,
    h0, c0 for the chunk's rows.
    """
    theta, _, offsets = net
    d_out, dh_n, dc_n = upstream
    L, _, H = grads.h0.shape
    _, T, D = x.shape
    K = dy.shape[1]
    G = 4 * H
    Bc = b1 - b0
    gates, cs, hs, tanh_cs = scratch["gates"], scratch["cs"], scratch["hs"], scratch["tanh_cs"]
    dhs, dzs = scratch["dhs"], scratch["dzs"]
    o_w, o_b = int(offsets[4 * L]), int(offsets[4 * L + 1])
    skip = len(offsets) == 4 * L + 4

    np.dot(dy.T, hs[L - 1, T], out=dtheta[o_w : o_w + K * H].reshape(K, H))
    dtheta[o_b : o_b + K] = dy.sum(axis=0)
    np.copyto(dhs, _time_major(d_out[b0:b1]))
    dhs[T - 1] += dy @ _head(theta, offsets, L, H, K)
    if skip:
        o_s = int(offsets[4 * L + 2])
        np.dot(dy.T, x[b0:b1].reshape(Bc, T * D),
               out=dtheta[o_s : o_s + K * T * D].reshape(K, T * D))
    dh = np.empty((Bc, H), dtype=theta.dtype)
    dc = np.empty((Bc, H), dtype=theta.dtype)
    for k in range(L - 1, -1, -1):
        Dk = D if k == 0 else H
        o_ih, o_hh, o_bi, o_bh = (int(o) for o in offsets[4 * k : 4 * k + 4])
        xs = scratch["xs0"] if k == 0 else scratch["xs_up"][k - 1]
        dxs = scratch["dxs"][: T * Bc * Dk].reshape(T, Bc, Dk)
        dh[...] = dh_n[k, b0:b1]
        dc[...] = dc_n[k, b0:b1]
        kernels.lstm_layer_backward(
            dtheta[o_ih : o_ih + G * Dk].reshape(G, Dk), dtheta[o_hh : o_hh + G * H].reshape(G, H),
            dtheta[o_bi : o_bi + G], dxs, dzs, dh, dc, dhs, gates[k], cs[k], hs[k], tanh_cs[k], xs,
            theta[o_ih : o_ih + G * Dk].reshape(G, Dk), theta[o_hh : o_hh + G * H].reshape(G, H),
        )
        dtheta[o_bh : o_bh + G] = dtheta[o_bi : o_bi + G]  # the two biases enter as a sum
        grads.h0[k, b0:b1] = dh
        grads.c0[k, b0:b1] = dc
        if k > 0:  # the gradient of the layer below's output
            np.copyto(dhs, dxs)
            if keep.size:
                dhs *= _time_major(keep[b0:b1, k - 1])
        else:
            grads.x[b0:b1] = _time_major(dxs)
    if skip:  # the skip's share of the input gradient
        grads.x[b0:b1].reshape(Bc, T * D)[...] += dy @ _skip(theta, offsets, L, K)


def _head(theta, offsets, L, H, K):
    o = int(offsets[4 * L])
    return theta[o : o + K * H].reshape(K, H)


def _skip(theta, offsets, L, K):
    o = int(offsets[4 * L + 2])
    return theta[o : int(offsets[-1])].reshape(K, -1)
