"""The activations the kernels use: a vectorisable rational tanh for float32, the exact
functions in float64, and the logistic function through tanh."""

import numpy as np
from numba import types
from numba.extending import overload

# No 'nnan'/'ninf': a diverging run must see its NaN and inf values. Every kernel uses
# error_model="numpy": Python's ZeroDivisionError check on each float division is a branch that
# stops LLVM from vectorising the activation loops (measured 3x slower).
FASTMATH = {"contract", "reassoc", "nsz", "arcp"}

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
