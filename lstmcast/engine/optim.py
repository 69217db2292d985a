"""Adam(W) and clipping by the global gradient norm, each one loop over the flat buffers."""

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy")
def clip_grad_norm(grad, max_norm):
    """Scale ``grad`` in place so its L2 norm is at most ``max_norm`` (<= 0: no clipping).

    Returns the norm before clipping (inf or NaN when the gradient is not finite; then the
    gradient is left as it is for the caller to reject).
    """
    total = 0.0
    for i in range(grad.size):
        g = np.float64(grad[i])  # float32 squares overflow from |g| ~ 1.8e19
        total += g * g
    norm = np.sqrt(total)
    if max_norm > 0.0 and norm > max_norm and np.isfinite(norm):
        factor = grad.dtype.type(max_norm / (norm + 1e-6))
        for i in range(grad.size):
            grad[i] *= factor
    return norm


@njit(cache=True, error_model="numpy")
def adamw_update(theta, grad, m, v, step, lr, beta1, beta2, eps, weight_decay):
    """One AdamW step (PyTorch's formulas: bias correction, decoupled weight decay).

    theta, grad, m, v (P,); step counts from 1. With weight_decay = 0 this is Adam.
    """
    bc1 = 1.0 - beta1**step
    bc2_sqrt = np.sqrt(1.0 - beta2**step)
    step_size = lr / bc1
    decay = 1.0 - lr * weight_decay
    for i in range(theta.size):
        g = grad[i]
        m[i] = beta1 * m[i] + (1.0 - beta1) * g
        v[i] = beta2 * v[i] + (1.0 - beta2) * g * g
        theta[i] = theta[i] * decay - step_size * m[i] / (np.sqrt(v[i]) / bc2_sqrt + eps)


class AdamW:
    """Moment buffers and step count for one flat parameter buffer."""

    def __init__(self, size, dtype, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        # Plain floats: an int here (lr=1) would compile a second signature of the update.
        self.lr, self.eps, self.weight_decay = float(lr), float(eps), float(weight_decay)
        self.betas = (float(betas[0]), float(betas[1]))
        self.m = np.zeros(size, dtype=dtype)
        self.v = np.zeros(size, dtype=dtype)
        self.step_count = 0

    def update(self, theta, grad):
        self.step_count += 1
        adamw_update(
            theta, grad, self.m, self.v, self.step_count, self.lr,
            self.betas[0], self.betas[1], self.eps, self.weight_decay,
        )
