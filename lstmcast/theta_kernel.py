"""The optimised Theta's grid search (``theta._optimised``), compiled by Numba: a small pure
kernel, in a module of its own so that a forecast that makes no Theta loads no Numba (predict
starts in a fraction of a second). Its slow twin is ``tests/test_theta.py``'s ``slow_theta``."""

import numpy as np
from numba import njit


@njit(cache=True)
def optimised_levels(z, first, slope, alpha, share):
    """Of windows ``z`` (b, W) whose rows run from ``first`` to their last column, the optimised
    Theta's level at the last column and share (``theta._optimised``): over the grid's pairs
    (``alpha``, ``share``) side by side, each smoothing its own u = z - share * slope * t (t
    the columns' offsets from the last), the pair of least one-step squared error (the first
    of the grid on a tie)."""
    b, W = z.shape
    G = len(alpha)
    levels, shares = np.empty(b), np.empty(b)
    level, sse, tilt = np.empty(G), np.empty(G), np.empty(G)
    for i in range(b):
        for g in range(G):
            tilt[g] = share[g] * slope[i]
            level[g] = z[i, first[i]] - tilt[g] * (first[i] - (W - 1))
            sse[g] = 0.0
        for c in range(first[i] + 1, W):
            for g in range(G):
                error = z[i, c] - tilt[g] * (c - (W - 1)) - level[g]
                sse[g] += error * error
                level[g] += alpha[g] * error
        best = np.argmin(sse)
        levels[i], shares[i] = level[best], share[best]
    return levels, shares
