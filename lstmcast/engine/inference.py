"""The forward pass in plain NumPy, for forecasts from a few windows.

The same equations as the kernels (PyTorch's LSTM, gate order i, f, g, o), batched over windows
and looped over steps. It exists for start-up time, not speed: a cron job's forecast is a few
thousand multiply-adds, while loading Numba and SciPy's BLAS takes ~0.35 s. Tests hold it equal
to the compiled kernels.
"""

import numpy as np


def _sigmoid(z):
    return 0.5 + 0.5 * np.tanh(0.5 * z)  # no overflow warning for large |z|, unlike 1/(1+e^-z)


CHUNK = 1024  # windows at a time: the gates of a chunk, (CHUNK, T, 4H), stay a few MB


def forward_numpy(theta, offsets, x, num_layers, hidden, outputs):
    """theta (P,), offsets from ``param_offsets``, x (B, T, D) -> y_hat (B, K).

    Zero initial state, no dropout; computed in theta's dtype, CHUNK windows at a time. Each
    row's forecast is the same bits whichever windows come with it and however many threads
    run (``_times``).
    """
    parts = [_forward(theta, offsets, x[first : first + CHUNK], num_layers, hidden, outputs)
             for first in range(0, len(x), CHUNK)]
    return np.concatenate(parts) if parts else np.empty((0, outputs), dtype=theta.dtype)


def _times(a, w):
    """``a @ w.T`` for a (..., k), w (g, k), summed by NumPy's own loops, not BLAS. BLAS picks
    its kernels by the number of rows and of threads, and they round differently: OpenBLAS's
    Haswell sgemm gave rows 6 to 8 of 16 other last bits than the same row alone, and two
    threads others again, so a series asked for alone (predict --id) got other last digits
    than in its panel. einsum sums every row alike, on one thread: at predict's few windows
    about BLAS's speed, on thousands of windows (``live``) a few times slower."""
    return np.einsum("...k,gk->...g", a, w, optimize=False)


def _forward(theta, offsets, x, num_layers, hidden, outputs):
    B, T, _ = x.shape
    H, G = hidden, 4 * hidden
    seq = x
    for k in range(num_layers):
        d_k = seq.shape[2]
        o_ih, o_hh, o_bi, o_bh, end = offsets[4 * k : 4 * k + 5]
        w_ih = theta[o_ih:o_hh].reshape(G, d_k)
        w_hh = theta[o_hh:o_bi].reshape(G, H)
        bias = theta[o_bi:o_bh] + theta[o_bh:end]
        z_in = _times(seq, w_ih) + bias  # (B, T, G): the input part of every step at once
        h = np.zeros((B, H), dtype=theta.dtype)
        c = np.zeros((B, H), dtype=theta.dtype)
        hs = np.empty((B, T, H), dtype=theta.dtype)
        for t in range(T):
            z = z_in[:, t] + _times(h, w_hh)
            i, f, o = _sigmoid(z[:, :H]), _sigmoid(z[:, H : 2 * H]), _sigmoid(z[:, 3 * H :])
            c = f * c + i * np.tanh(z[:, 2 * H : 3 * H])
            h = o * np.tanh(c)
            hs[:, t] = h
        seq = hs
    o_w, o_b = offsets[4 * num_layers], offsets[4 * num_layers + 1]
    w_out = theta[o_w:o_b].reshape(outputs, H)
    y_hat = _times(seq[:, -1], w_out) + theta[o_b : o_b + outputs]
    if len(offsets) == 4 * num_layers + 4:  # the linear skip from the flattened window
        o_s = offsets[4 * num_layers + 2]
        y_hat = y_hat + _times(x.reshape(B, -1), theta[o_s : offsets[-1]].reshape(outputs, -1))
    return y_hat
