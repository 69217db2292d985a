"""When and how the kernels are compiled: whether Numba's cache already holds them, and the
cold-start compile that splits the work over two processes.

Compiling is single-threaded and takes seconds, once per machine and version; a first run waits
for it. The kernels fall into two halves of about equal compile time (the layer's forward pass;
its backward pass with the loss and the optimiser), so a cold start compiles one half in a
second process while this one compiles the other, and loads the second half from the cache that
process filled.
"""

import numpy as np

from .model import DTYPES


def _entry_points():
    from . import kernels, optim

    return (kernels.lstm_layer_forward, kernels.lstm_layer_backward, kernels.loss_and_dy,
            optim.clip_grad_norm, optim.adamw_update)


def kernels_cached(dtype="float32") -> bool:
    """True when training and inference in ``dtype`` will load the compiled kernels from Numba's
    cache, False when the first step will compile them (seconds; once per machine and version).

    Reads the cache's index files (in NUMBA_CACHE_DIR if set, else beside the package) and
    compiles nothing; imports Numba (~0.3 s). An entry counts only if Numba would use it: same
    source file stamp, bytecode, Numba version and CPU. Any doubt answers False.
    """
    name = np.dtype(DTYPES.get(dtype, dtype)).name
    try:
        for dispatcher in _entry_points():
            cache, codegen = dispatcher._cache, dispatcher.targetctx.codegen()
            index = cache._cache_file._load_index()  # {} when missing or stale
            if not any(f"Array({name}," in str(key[0]) and key == cache._index_key(key[0], codegen)
                       for key in index):
                return False
        return True
    except Exception:  # Numba's cache internals changed, JIT disabled, unreadable files, ...
        return False


def compile_kernels(dtype="float32") -> None:
    """Compile (or load from Numba's cache) every kernel training and prediction in ``dtype``
    use. Called before the first step of a training run, and once in the parent before work fans
    out to workers, so they load the cache instead of each compiling the same code.

    On a cold cache the backward half is compiled in a second process while this one compiles
    the forward half, then loaded from the cache that process filled: compiling is
    single-threaded, and this halves a first run's wait on two cores. If that process fails, or
    the cache cannot be written, this process compiles them itself.
    """
    if kernels_cached(dtype):
        return
    import subprocess
    import sys

    name = np.dtype(DTYPES.get(dtype, dtype)).name
    code = f"from {__name__} import compile_part; compile_part('backward', {name!r})"
    try:
        helper = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:  # no interpreter to start (a frozen app, a process limit): all of it here
        helper = None
    try:
        compile_part("forward", name)
        if helper is not None:
            helper.wait(timeout=600)
    except subprocess.TimeoutExpired:
        pass  # the helper is stopped below; its half is compiled here
    finally:
        if helper is not None and helper.poll() is None:
            helper.kill()
            helper.wait()
    compile_part("backward", name)  # loaded from the cache the helper filled, if it did


def compile_part(part: str, dtype="float32") -> None:
    """Compile (or load) one half of the kernels in ``dtype``: "forward" (the layer's forward
    pass) or "backward" (the layer's backward pass, the loss and the optimiser: halves of about
    equal compile time), by calling them on small arrays of the types a real run passes
    (C-contiguous, ``dtype``, Python int and float scalars)."""
    from . import kernels, optim

    dt = np.dtype(DTYPES.get(dtype, dtype))
    T, Bc, Dk, H, K = 2, 2, 1, 1, 1
    G = 4 * H

    def a(*shape):
        return np.zeros(shape, dt)

    if part == "forward":
        kernels.lstm_layer_forward(a(T, Bc, G), a(T + 1, Bc, H), a(T + 1, Bc, H), a(T, Bc, H),
                                   a(T, Bc, Dk), a(Dk, G), a(H, G), a(G))
    else:
        kernels.lstm_layer_backward(a(G, Dk), a(G, H), a(G), a(T, Bc, Dk), a(T, Bc, G),
                                    a(Bc, H), a(Bc, H), a(T, Bc, H), a(T, Bc, G),
                                    a(T + 1, Bc, H), a(T + 1, Bc, H), a(T, Bc, H), a(T, Bc, Dk),
                                    a(G, Dk), a(G, H))
        kernels.loss_and_dy(a(Bc, K), a(Bc, K), a(Bc, K), kernels.LOSS_MSE, 1.0, 1.0)
        optim.clip_grad_norm(a(G), 1.0)
        optim.AdamW(G, dt).update(a(G), a(G))
