"""The flat parameter buffer: PyTorch's layout and names, and a seeded initialisation."""

import numpy as np

# The output layer and the skip: the network's output is linear in them, 0 where they are 0
HEAD = ("W_out", "b_out", "W_skip")


def param_offsets(L: int, D: int, H: int, K: int, skip_steps: int = 0) -> np.ndarray:
    """Start of every tensor in the flat buffer, then the total size.

    Returns (4L + 3,) int64: for layer k the entries 4k..4k+3 are weight_ih, weight_hh, bias_ih,
    bias_hh; then W_out, b_out, and the number of parameters P. With ``skip_steps`` T > 0 a
    linear skip from the flattened input window, W_skip (K, T * D), follows b_out and the array
    has 4L + 4 entries. The kernels receive this array.
    """
    G = 4 * H
    sizes = []
    for k in range(L):
        d_k = D if k == 0 else H
        sizes += [G * d_k, G * H, G, G]
    sizes += [K * H, K] + ([K * skip_steps * D] if skip_steps else [])
    return np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)


def param_names(num_layers: int, skip: bool = False) -> list[str]:
    """Tensor names in buffer order, as in ``torch.nn.LSTM`` / ``nn.Linear`` state dicts."""
    names = []
    for k in range(num_layers):
        names += [f"weight_ih_l{k}", f"weight_hh_l{k}", f"bias_ih_l{k}", f"bias_hh_l{k}"]
    return names + list(HEAD[: 3 if skip else 2])


def param_shapes(num_layers: int, input_size: int, hidden: int, outputs: int,
                 skip_steps: int = 0) -> dict:
    """Name -> shape of every tensor in the buffer."""
    G = 4 * hidden
    shapes = {}
    for k in range(num_layers):
        d_k = input_size if k == 0 else hidden
        shapes[f"weight_ih_l{k}"] = (G, d_k)
        shapes[f"weight_hh_l{k}"] = (G, hidden)
        shapes[f"bias_ih_l{k}"] = (G,)
        shapes[f"bias_hh_l{k}"] = (G,)
    shapes["W_out"] = (outputs, hidden)
    shapes["b_out"] = (outputs,)
    if skip_steps:
        shapes["W_skip"] = (outputs, skip_steps * input_size)
    return shapes


def named_views(flat: np.ndarray, num_layers: int, input_size: int, hidden: int, outputs: int,
                skip_steps: int = 0):
    """Name -> view into ``flat`` (writing to a view writes the buffer)."""
    offsets = param_offsets(num_layers, input_size, hidden, outputs, skip_steps)
    shapes = param_shapes(num_layers, input_size, hidden, outputs, skip_steps)
    if flat.shape != (offsets[-1],):
        raise ValueError(f"buffer has shape {flat.shape}, the network needs ({offsets[-1]},)")
    views = {}
    for start, (name, shape) in zip(offsets[:-1], shapes.items(), strict=True):
        views[name] = flat[start : start + int(np.prod(shape))].reshape(shape)
    return views


def _orthogonal(rng: np.random.Generator, n: int) -> np.ndarray:
    """A random (n, n) orthogonal matrix, uniformly distributed (QR with the sign fix)."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))


def init_params(num_layers, input_size, hidden, outputs, seed, dtype=np.float32,
                forget_bias=1.0, zero_head=False, skip_steps=0) -> np.ndarray:
    """A new buffer: Glorot-uniform input and head weights, orthogonal recurrent weights per
    gate, zero biases except the forget-gate block of ``bias_ih``, ``forget_bias`` (1 by default,
    so early training remembers). ``zero_head``: W_out and b_out start at 0, so the untrained
    model forecasts exactly 0 (the last value, for differenced or level-relative targets).

    Everything is drawn in float64 from one generator and then cast, so float32 and float64
    models from the same seed start at the same point; W_out is drawn even when zeroed, so the
    LSTM weights do not depend on ``zero_head``. W_skip (with ``skip_steps``) starts at 0.
    """
    rng = np.random.default_rng(seed)
    flat = np.zeros(int(param_offsets(num_layers, input_size, hidden, outputs, skip_steps)[-1]))
    views = named_views(flat, num_layers, input_size, hidden, outputs, skip_steps)
    H = hidden
    for k in range(num_layers):
        w_ih = views[f"weight_ih_l{k}"]
        limit = np.sqrt(6.0 / (w_ih.shape[0] + w_ih.shape[1]))
        w_ih[:] = rng.uniform(-limit, limit, w_ih.shape)
        w_hh = views[f"weight_hh_l{k}"]
        for gate in range(4):
            w_hh[gate * H : (gate + 1) * H] = _orthogonal(rng, H)
        views[f"bias_ih_l{k}"][H : 2 * H] = forget_bias
    limit = np.sqrt(6.0 / (outputs + hidden))
    views["W_out"][:] = rng.uniform(-limit, limit, (outputs, hidden))
    if zero_head:
        views["W_out"][:] = 0.0
    return flat.astype(dtype)


def transpose_weights(theta, offsets, L, D, H, thetaT):
    """Write every LSTM weight matrix of ``theta`` transposed, (D_k, G) and (H, G), at its own
    offset in ``thetaT`` (P,); the rest of ``thetaT`` is left as it is.

    The kernels' forward products x @ W.T then read C-contiguous operands (BLAS is ~2x slower
    there on a transposed view). Plain NumPy: a copy per matrix, not worth a compiled kernel.
    """
    G = 4 * H
    for k in range(L):
        Dk = D if k == 0 else H
        for start, rows, cols in ((offsets[4 * k], G, Dk), (offsets[4 * k + 1], G, H)):
            n = rows * cols
            thetaT[start : start + n].reshape(cols, rows)[:] = (
                theta[start : start + n].reshape(rows, cols).T
            )
