"""Slow, obvious NumPy (float64) twins of the engine's kernels.

Every function here is written for reading, not speed: plain loops over steps and layers,
the equations of ``tests/oracle/README.md`` one line each, no buffers reused, no tricks.
The kernel tests compare each Numba kernel with its twin; the twins themselves are checked
against the PyTorch fixtures in ``tests/oracle``.

Shapes: B batch, T steps, D inputs, H hidden, G = 4H gate rows (blocks i, f, g, o), K outputs,
L layers.
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


def tanh(z):
    return np.tanh(np.asarray(z, dtype=np.float64))


# --------------------------------------------------------------------------- cell


def lstm_cell_step(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    """One LSTM step for a batch, exactly as in the oracle README.

    x_t (B, D_k), h_prev, c_prev (B, H), w_ih (G, D_k), w_hh (G, H), b_ih, b_hh (G,).
    Returns h (B, H), c (B, H) and the activated gates (B, G) in the order i, f, g, o.
    """
    H = h_prev.shape[1]
    z = x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh
    i = sigmoid(z[:, 0 * H : 1 * H])
    f = sigmoid(z[:, 1 * H : 2 * H])
    g = tanh(z[:, 2 * H : 3 * H])
    o = sigmoid(z[:, 3 * H : 4 * H])
    c = f * c_prev + i * g
    h = o * tanh(c)
    return h, c, np.concatenate([i, f, g, o], axis=1)


def lstm_cell_step_backward(gates, c_prev, c, dh, dc):
    """Backward of one step from the activated gates.

    gates (B, G) i, f, g, o after activation; c_prev, c (B, H); dh, dc (B, H) the total
    gradients of the loss with respect to h_t and c_t (c_t's own path only, before adding the
    path through h_t). Returns dz (B, G), the gradient of the gate pre-activations, and
    dc_prev (B, H).
    """
    H = c.shape[1]
    i = gates[:, 0 * H : 1 * H]
    f = gates[:, 1 * H : 2 * H]
    g = gates[:, 2 * H : 3 * H]
    o = gates[:, 3 * H : 4 * H]
    tc = np.tanh(c)
    # h = o * tanh(c)
    d_o = dh * tc
    dc_total = dc + dh * o * (1.0 - tc**2)
    # c = f * c_prev + i * g
    d_i = dc_total * g
    d_f = dc_total * c_prev
    d_g = dc_total * i
    dc_prev = dc_total * f
    # through the activations
    dz = np.concatenate(
        [d_i * i * (1.0 - i), d_f * f * (1.0 - f), d_g * (1.0 - g**2), d_o * o * (1.0 - o)],
        axis=1,
    )
    return dz, dc_prev


# --------------------------------------------------------------------------- network


def num_layers_of(params):
    return sum(1 for name in params if name.startswith("weight_ih_l"))


def lstm_forward_reference(params, x, h0, c0):
    """Forward pass of the stacked LSTM and the head on the last step.

    params: dict name -> array in PyTorch's shapes (``weight_ih_l{k}``, ``weight_hh_l{k}``,
    ``bias_ih_l{k}``, ``bias_hh_l{k}``, ``W_out``, ``b_out``); x (B, T, D); h0, c0 (L, B, H).
    Returns outputs (B, T, H), h_n (L, B, H), c_n (L, B, H), y_hat (B, K).
    """
    out, h_n, c_n, y_hat, _ = _forward_with_cache(params, x, h0, c0)
    return out, h_n, c_n, y_hat


def _forward_with_cache(params, x, h0, c0):
    p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    x = np.asarray(x, dtype=np.float64)
    h0 = np.asarray(h0, dtype=np.float64)
    c0 = np.asarray(c0, dtype=np.float64)
    L = num_layers_of(p)
    T = x.shape[1]
    layer_input = x
    h_n, c_n, cache = [], [], []
    for k in range(L):
        w_ih, w_hh = p[f"weight_ih_l{k}"], p[f"weight_hh_l{k}"]
        b_ih, b_hh = p[f"bias_ih_l{k}"], p[f"bias_hh_l{k}"]
        h, c = h0[k], c0[k]
        hs, cs, gates = [h], [c], []
        for t in range(T):
            h, c, gt = lstm_cell_step(layer_input[:, t, :], h, c, w_ih, w_hh, b_ih, b_hh)
            hs.append(h)
            cs.append(c)
            gates.append(gt)
        cache.append((layer_input, hs, cs, gates))
        h_n.append(h)
        c_n.append(c)
        layer_input = np.stack(hs[1:], axis=1)
    out = layer_input
    y_hat = out[:, -1, :] @ p["W_out"].T + p["b_out"]
    return out, np.stack(h_n), np.stack(c_n), y_hat, cache


def lstm_backward_reference(params, x, h0, c0, d_y_hat, d_outputs=None, dh_n=None, dc_n=None):
    """Backpropagation through time, step by step, layer by layer.

    d_y_hat (B, K) the loss gradient at the head output; d_outputs (B, T, H), dh_n, dc_n
    (L, B, H) optional extra upstream gradients. Returns a dict with ``grad_<name>`` for every
    parameter and ``grad_x``, ``grad_h0``, ``grad_c0``.
    """
    p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    out, _, _, _, cache = _forward_with_cache(p, x, h0, c0)
    L = num_layers_of(p)
    B, T, H = out.shape
    grads = {f"grad_{name}": np.zeros_like(value) for name, value in p.items()}
    grads["grad_W_out"] = d_y_hat.T @ out[:, -1, :]
    grads["grad_b_out"] = d_y_hat.sum(axis=0)
    d_layer_out = np.zeros((B, T, H)) if d_outputs is None else np.array(d_outputs, float)
    d_layer_out[:, -1, :] += d_y_hat @ p["W_out"]
    grad_h0, grad_c0 = np.zeros((L, B, H)), np.zeros((L, B, H))
    for k in reversed(range(L)):
        layer_input, hs, cs, gates = cache[k]
        w_ih, w_hh = p[f"weight_ih_l{k}"], p[f"weight_hh_l{k}"]
        dh = np.zeros((B, H)) if dh_n is None else np.array(dh_n[k], float)
        dc = np.zeros((B, H)) if dc_n is None else np.array(dc_n[k], float)
        d_input = np.zeros_like(layer_input)
        for t in reversed(range(T)):
            dh_total = dh + d_layer_out[:, t, :]
            dz, dc = lstm_cell_step_backward(gates[t], cs[t], cs[t + 1], dh_total, dc)
            grads[f"grad_weight_ih_l{k}"] += dz.T @ layer_input[:, t, :]
            grads[f"grad_weight_hh_l{k}"] += dz.T @ hs[t]
            grads[f"grad_bias_ih_l{k}"] += dz.sum(axis=0)
            grads[f"grad_bias_hh_l{k}"] += dz.sum(axis=0)
            d_input[:, t, :] = dz @ w_ih
            dh = dz @ w_hh
        grad_h0[k], grad_c0[k] = dh, dc
        d_layer_out = d_input
    grads["grad_x"] = d_layer_out
    grads["grad_h0"] = grad_h0
    grads["grad_c0"] = grad_c0
    return grads


# --------------------------------------------------------------------------- losses


def mse(y_hat, y):
    """Mean over all B*K elements of the squared error."""
    return float(np.mean((np.asarray(y_hat, float) - np.asarray(y, float)) ** 2))


def mse_grad(y_hat, y):
    e = np.asarray(y_hat, float) - np.asarray(y, float)
    return 2.0 * e / e.size


def huber(y_hat, y, delta):
    """PyTorch's HuberLoss(delta), mean reduction."""
    e = np.abs(np.asarray(y_hat, float) - np.asarray(y, float))
    per = np.where(e <= delta, 0.5 * e**2, delta * (e - 0.5 * delta))
    return float(per.mean())


def huber_grad(y_hat, y, delta):
    e = np.asarray(y_hat, float) - np.asarray(y, float)
    per = np.where(np.abs(e) <= delta, e, delta * np.sign(e))
    return per / e.size


def l1(y_hat, y):
    """Mean over all B*K elements of the absolute error (the pinball loss at the 0.5 quantile)."""
    return float(np.mean(np.abs(np.asarray(y_hat, float) - np.asarray(y, float))))


def l1_grad(y_hat, y):
    """The subgradient sign(e) / (B K), 0 where the error is exactly 0."""
    e = np.asarray(y_hat, float) - np.asarray(y, float)
    return np.sign(e) / e.size


# --------------------------------------------------------------------------- optimiser


def clip_grad_norm(grad, max_norm):
    """PyTorch's clip_grad_norm_ on one flat gradient: returns (clipped copy, norm)."""
    g = np.array(grad, dtype=np.float64)
    norm = float(np.sqrt(np.sum(g * g)))
    if max_norm > 0 and np.isfinite(norm) and norm > max_norm:
        g = g * (max_norm / (norm + 1e-6))
    return g, norm


def adamw(theta, grad, m, v, step, lr, beta1, beta2, eps, weight_decay):
    """torch.optim.AdamW, one step, written as in its documentation. Returns new copies."""
    theta = np.array(theta, dtype=np.float64)
    theta = theta - lr * weight_decay * theta
    m = beta1 * np.asarray(m, float) + (1.0 - beta1) * grad
    v = beta2 * np.asarray(v, float) + (1.0 - beta2) * grad * grad
    m_hat = m / (1.0 - beta1**step)
    v_hat = v / (1.0 - beta2**step)
    theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
    return theta, m, v
