"""The model object as a whole: it learns a real series, it is reproducible to the bit, it
compiles each kernel once (and loads it from the cache in a fresh process), and it checks its
inputs."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lstmcast.engine import LSTMForecaster

ROOT = Path(__file__).parent.parent
SERIES = {
    # Real series where the last value is a weak forecast, so beating it means learning:
    # daily minimum temperatures revert towards a seasonal level, sunspots follow a cycle.
    "melbourne": (Path(__file__).parent / "data" / "melbourne_tail750.csv", "Temp"),
    "sunspots": (ROOT / "sample_data" / "sunspots_monthly.csv", "Sunspots"),
}


# --------------------------------------------------------------------------- it learns


def one_step_windows(series, T):
    x = np.stack([series[i : i + T] for i in range(len(series) - T)])  # (N, T)
    return x, series[T:]  # target: the value after each window


@pytest.mark.parametrize("name", sorted(SERIES))
def test_learns_to_beat_persistence(name):
    path, column = SERIES[name]
    series = pd.read_csv(path)[column].to_numpy(dtype=np.float64)
    assert np.isfinite(series).all() and len(series) >= 600
    T = 20
    x, y = one_step_windows(series, T)
    n_train = int(0.8 * len(x))  # chronological: the last 20% of windows are validation
    seen = series[: n_train + T]  # every value a training window or target touches
    mean, std = seen.mean(), seen.std()
    x, y = (x - mean) / std, (y - mean) / std
    x_train, y_train, x_val, y_val = x[:n_train], y[:n_train], x[n_train:], y[n_train:]

    model = LSTMForecaster(input_size=1, hidden_size=16, dtype="float32", seed=0, lr=1e-2)

    def val_mse():
        return float(np.mean((model.predict(x_val[:, :, None])[:, 0] - y_val) ** 2))

    persistence_mse = float(np.mean((x_val[:, -1] - y_val) ** 2))  # same points, same units
    untrained_mse = val_mse()
    rng = np.random.default_rng(0)
    first_epoch_loss = None
    for _ in range(15):
        order = rng.permutation(n_train)
        losses = [model.step(x_train[b, :, None], y_train[b, None])
                  for b in np.array_split(order, int(np.ceil(n_train / 32)))]
        first_epoch_loss = first_epoch_loss or float(np.mean(losses))
    last_epoch_loss = float(np.mean(losses))
    model_mse = val_mse()

    assert untrained_mse > persistence_mse  # the start is no good: what follows is learning
    assert last_epoch_loss < 0.8 * first_epoch_loss
    assert model_mse < 0.9 * persistence_mse, (
        f"{name}: validation MSE {model_mse:.4f}, persistence {persistence_mse:.4f} "
        f"(untrained {untrained_mse:.4f})"
    )


# --------------------------------------------------------------------------- reproducible


def train_a_bit(seed, dtype="float64", steps=12):
    rng = np.random.default_rng(123)  # the data is the same for every run
    x, y = rng.normal(size=(24, 9, 3)), rng.normal(size=(24, 2))
    model = LSTMForecaster(input_size=3, hidden_size=6, num_layers=2, output_size=2,
                           dropout=0.3, dtype=dtype, seed=seed, lr=1e-2, weight_decay=0.01)
    losses = [model.step(x[i % 3 :: 3], y[i % 3 :: 3]) for i in range(steps)]
    return model, losses


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_same_seed_same_bits(dtype):
    a, losses_a = train_a_bit(seed=5, dtype=dtype)
    b, losses_b = train_a_bit(seed=5, dtype=dtype)
    assert np.array_equal(a.theta, b.theta)
    assert losses_a == losses_b
    assert np.array_equal(a.optimizer.m, b.optimizer.m)
    c, _ = train_a_bit(seed=6, dtype=dtype)
    assert not np.array_equal(a.theta, c.theta)


def test_dropout_stream_is_seeded_and_used():
    """Training passes draw masks from the seeded stream (so they differ call to call), and
    init(seed) restarts that stream; inference passes have no dropout."""
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(6, 5, 2)), rng.normal(size=(6, 1))
    model = LSTMForecaster(2, 4, num_layers=2, dropout=0.5, dtype="float64", seed=3)
    first = [model.loss_and_grad(x, y, train=True)[0] for _ in range(3)]
    assert len(set(first)) == 3
    eval_loss = model.loss_and_grad(x, y)[0]
    assert eval_loss == model.loss_and_grad(x, y)[0] not in first
    np.testing.assert_array_equal(model.predict(x), model.forward(x).y_hat)
    model.init(3)
    assert [model.loss_and_grad(x, y, train=True)[0] for _ in range(3)] == first


# The same short training in a fresh interpreter; prints a digest of the final bytes.
_TRAIN = textwrap.dedent("""
    import hashlib
    import numpy as np
    from lstmcast.engine import LSTMForecaster
    from lstmcast.engine.model import batch_chunks

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(150, 12, 2)), rng.normal(size=(150, 3))
    digest = hashlib.sha256()
    for dtype in ("float32", "float64"):
        model = LSTMForecaster(2, 9, num_layers=2, output_size=3, dropout=0.2, dtype=dtype,
                               seed=4, lr=1e-2)
        # 150, 70, 37, 20, 1 rows: 4, 2, 2, 1 and 1 chunks (uneven ones too)
        for rows in (150, 70, 37, 20, 1, 150):
            loss = model.step(x[:rows], y[:rows])
            digest.update(np.float64(loss).tobytes())
        digest.update(model.theta.tobytes())
        digest.update(model.predict(x).tobytes())
    print(digest.hexdigest(), [batch_chunks(b) for b in (150, 70, 37, 20, 1)])
""")


def test_same_bits_on_one_and_two_threads():
    """The batch split depends on B alone and chunk gradients are summed in chunk order, so the
    thread count does not change a single bit (fastmath 'reassoc' would show any difference)."""
    digests = {}
    for threads in ("1", "2"):
        env = dict(os.environ, NUMBA_NUM_THREADS=threads)
        env.pop("NUMBA_DISABLE_JIT", None)
        done = subprocess.run([sys.executable, "-c", _TRAIN], env=env, capture_output=True,
                              text=True, timeout=600, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        digests[threads] = done.stdout.strip().splitlines()[-1]
    assert digests["1"] == digests["2"]
    assert digests["1"].endswith("[4, 2, 2, 1, 1]")


def test_batch_split_depends_on_batch_size_only():
    from lstmcast.engine.model import CHUNK_ROWS, MAX_CHUNKS, MIN_ROWS, batch_chunks

    assert [batch_chunks(b) for b in (1, 2 * MIN_ROWS - 1)] == [1, 1]
    assert batch_chunks(2 * MIN_ROWS) == 2  # both cores of a small machine work
    assert batch_chunks(MAX_CHUNKS * CHUNK_ROWS) == MAX_CHUNKS
    assert batch_chunks(10**6) == MAX_CHUNKS
    assert all(1 <= batch_chunks(b) <= min(b, MAX_CHUNKS) for b in range(1, 600))
    model = LSTMForecaster(1, 3)
    x = np.zeros((130, 5, 1), np.float32)
    model.step(x, np.zeros((130, 1), np.float32))
    # Scratch for each of the 4 chunks of up to 33 rows, whatever the thread count.
    from lstmcast.engine import network

    assert model._work.shape == (4, network.workspace_size(1, 5, 33, 1, 3))


def test_non_finite_loss_leaves_parameters_unchanged():
    model, _ = train_a_bit(seed=1, steps=2)
    before, m_before = model.theta.copy(), model.optimizer.m.copy()
    x = np.zeros((4, 9, 3))
    y = np.array([[np.nan, 0.0]] * 4)
    assert np.isnan(model.step(x, y))
    np.testing.assert_array_equal(model.theta, before)
    np.testing.assert_array_equal(model.optimizer.m, m_before)


# --------------------------------------------------------------------------- compiles once

# Run in a fresh interpreter with its own NUMBA_CACHE_DIR: train and predict in both dtypes
# (1 and 2 layers, dropout, every loss, batch of 1 and more), then report, for every Numba
# dispatcher of the engine, its signatures and cache hits/misses.
_PROBE = textwrap.dedent("""
    import json
    import numpy as np
    from numba.core.registry import CPUDispatcher
    from lstmcast.engine import LSTMForecaster, kernels, optim

    rng = np.random.default_rng(0)
    for dtype in ("float32", "float64"):
        for layers, dropout, loss in ((1, 0.0, "mse"), (2, 0.2, "huber"), (1, 0.0, "l1")):
            model = LSTMForecaster(2, 5, num_layers=layers, output_size=3, dropout=dropout,
                                   dtype=dtype, loss=loss, seed=1)
            for batch in (7, 1, 4):
                x = rng.normal(size=(batch, 6, 2))
                model.step(x, rng.normal(size=(batch, 3)))
                model.predict(x.astype(np.float32))
                model.predict(x[:, :3])
    report = {}
    for module in (kernels, optim):
        for name, obj in vars(module).items():
            if isinstance(obj, CPUDispatcher) and obj.py_func.__module__ == module.__name__:
                report[f"{module.__name__}.{name}"] = {
                    "signatures": [str(s) for s in obj.signatures],
                    "hits": sum(obj.stats.cache_hits.values()),
                    "misses": sum(obj.stats.cache_misses.values()),
                    "cache_path": obj.stats.cache_path,
                }
    print(json.dumps(report))
""")

# Kernels a training run must have used (the probe checks every one that was used).
_ENTRY_POINTS = {
    "lstmcast.engine.kernels.lstm_layer_forward", "lstmcast.engine.kernels.lstm_layer_backward",
    "lstmcast.engine.kernels.loss_and_dy", "lstmcast.engine.optim.clip_grad_norm",
    "lstmcast.engine.optim.adamw_update",
}


def _run_probe(cache_dir):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache_dir))
    env.pop("NUMBA_DISABLE_JIT", None)
    done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                          text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _float_dtypes(signature):
    return tuple(sorted({d for d in ("float32", "float64") if d in signature}))


def test_compiles_once_and_second_process_loads_from_cache(tmp_path):
    cache_dir = tmp_path / "numba_cache"
    cold = _run_probe(cache_dir)
    used = {name: r for name, r in cold.items() if r["signatures"]}
    assert _ENTRY_POINTS <= set(used), f"not used: {_ENTRY_POINTS - set(used)}"
    assert sum(r["misses"] for r in cold.values()) > 0, "the first process was not cold"
    for name, r in used.items():
        # One signature per float dtype the kernel sees: no recompilation from unstable types
        # (a Python int where a float was passed before, a non-contiguous array, ...).
        keys = [_float_dtypes(s) for s in r["signatures"]]
        assert len(keys) == len(set(keys)) and len(keys) <= 2, f"{name}: {r['signatures']}"

    warm = _run_probe(cache_dir)
    used_warm = {name: r for name, r in warm.items() if r["signatures"]}
    # Kernels called only from other kernels come inside their caller's cached code, so a warm
    # process may never touch their dispatchers; the ones called from Python must be there.
    assert _ENTRY_POINTS <= set(used_warm)
    for name, r in used_warm.items():
        assert r["misses"] == 0, f"{name} compiled again in a second process: {r}"
        assert r["hits"] >= 1, f"{name} was not loaded from the cache: {r}"
        assert str(cache_dir) in r["cache_path"]
        assert len(r["signatures"]) <= len(cold[name]["signatures"])


_CACHED = textwrap.dedent("""
    import sys
    import numpy as np
    from lstmcast.engine import LSTMForecaster, compile_kernels, kernels, kernels_cached

    print(kernels_cached(), kernels_cached("float64"),
          len(kernels.lstm_layer_forward.signatures))
    if sys.argv[1] == "compile":
        compile_kernels()
        print(kernels_cached())
    if sys.argv[1] == "train":
        model = LSTMForecaster(1, 4, output_size=2)
        x = np.zeros((5, 6, 1), np.float32)
        model.step(x, np.zeros((5, 2), np.float32))
        model.predict(x)
""")


def test_kernels_cached_tells_a_cold_cache_from_a_warm_one(tmp_path):
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "numba_cache"))
    env.pop("NUMBA_DISABLE_JIT", None)

    def run(mode):
        done = subprocess.run([sys.executable, "-c", _CACHED, mode], env=env,
                              capture_output=True, text=True, timeout=600, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    # Cold: nothing cached, and asking compiled nothing.
    assert run("train") == ["False", "False", "0"]
    # A float32 run cached the float32 kernels only.
    assert run("ask") == ["True", "False", "0"]


def test_compile_kernels_fills_the_cache_from_two_processes(tmp_path):
    """The cold-start compile: the backward half in a second process, the forward half here;
    afterwards every entry point loads from the cache."""
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "numba_cache"))
    env.pop("NUMBA_DISABLE_JIT", None)
    done = subprocess.run([sys.executable, "-c", _CACHED, "compile"], env=env,
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "0", "True"]
    assert (sorted(p.name.split("-")[0] for p in (tmp_path / "numba_cache").rglob("*.nbi"))
            == sorted(name.split("engine.")[1] for name in _ENTRY_POINTS))


# --------------------------------------------------------------------------- inputs


@pytest.fixture(scope="module")
def small():
    return LSTMForecaster(input_size=3, hidden_size=4, num_layers=2, output_size=2,
                          dtype="float32", seed=0)


@pytest.mark.parametrize("shape", [(5, 7, 2), (5, 7), (5,), (5, 7, 3, 1), (0, 7, 3), (5, 0, 3)])
def test_wrong_x_shape_is_explained(small, shape):
    with pytest.raises(ValueError, match=r"x must have shape \(batch, steps, 3\), got"):
        small.forward(np.zeros(shape))
    with pytest.raises(ValueError, match=r"x must have shape"):
        small.loss_and_grad(np.zeros(shape), np.zeros((5, 2)))


def test_wrong_target_and_state_shapes_are_explained(small):
    x = np.zeros((5, 7, 3))
    with pytest.raises(ValueError, match=r"y must have shape \(5, 2\), got \(5,\)"):
        small.loss_and_grad(x, np.zeros(5))
    with pytest.raises(ValueError, match=r"h0 must have shape \(2, 5, 4\), got \(1, 5, 4\)"):
        small.forward(x, h0=np.zeros((1, 5, 4)))
    with pytest.raises(ValueError, match=r"c0 must have shape \(2, 5, 4\)"):
        small.forward(x, c0=np.zeros((2, 4, 4)))
    with pytest.raises(ValueError, match=r"d_y_hat must have shape \(5, 2\)"):
        small.vjp(x, d_y_hat=np.zeros((5, 3)))


@pytest.mark.parametrize("kwargs, message", [
    (dict(hidden_size=0), "hidden_size must be a positive integer"),
    (dict(num_layers=1.5), "num_layers must be a positive integer"),
    (dict(dropout=1.0), r"dropout must be in \[0, 1\)"),
    (dict(loss="mae"), "loss must be one of"),
    (dict(dtype="float16"), "dtype must be float32 or float64"),
])
def test_bad_settings_are_explained(kwargs, message):
    settings = dict(input_size=1, hidden_size=4) | kwargs
    with pytest.raises(ValueError, match=message):
        LSTMForecaster(**settings)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_output_dtypes_follow_the_model(dtype):
    model = LSTMForecaster(input_size=1, hidden_size=3, num_layers=2, output_size=2,
                           dtype=dtype, seed=0)
    x = np.random.default_rng(0).normal(size=(4, 6))  # float64, 2-D: one feature
    fwd = model.forward(x)
    loss, grads = model.loss_and_grad(x, np.zeros((4, 2)))
    _, vjp_grads = model.vjp(x.astype(np.float32), d_y_hat=np.ones((4, 2)))
    arrays = [fwd.y_hat, fwd.outputs, fwd.h_n, fwd.c_n, model.predict(x), model.theta,
              *vars(grads).values(), *vars(vjp_grads).values()]
    assert all(a.dtype == np.dtype(dtype) for a in arrays), [a.dtype for a in arrays]
    assert isinstance(loss, float) and isinstance(model.step(x, np.zeros((4, 2))), float)
    assert fwd.y_hat.shape == (4, 2) and fwd.outputs.shape == (4, 6, 3)
    assert fwd.h_n.shape == fwd.c_n.shape == (2, 4, 3)
    assert grads.x.shape == (4, 6, 1)


def test_blas_runs_on_one_thread_once_the_batch_is_split():
    """Two thread pools on two cores are ~30x slower here: after a parallel step every BLAS
    library (including SciPy's, which Numba's np.dot calls) must be limited to one thread."""
    import numba
    from threadpoolctl import threadpool_info

    if numba.get_num_threads() < 2:
        pytest.skip("one Numba thread: the batch is not split")
    model = LSTMForecaster(1, 4)
    model.step(np.zeros((4, 3, 1), np.float32), np.zeros((4, 1), np.float32))
    blas = [(lib["filepath"], lib["num_threads"]) for lib in threadpool_info()
            if lib["user_api"] == "blas"]
    assert blas and all(threads == 1 for _, threads in blas), blas


def test_compile_kernels_compiles_everything_here_when_no_helper_can_start(tmp_path):
    code = textwrap.dedent("""
        import sys
        sys.executable = "/nonexistent/python"  # the helper process cannot be started
        from lstmcast.engine import compile_kernels, kernels_cached
        compile_kernels()
        print(kernels_cached())
    """)
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "numba_cache"))
    env.pop("NUMBA_DISABLE_JIT", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]


def test_an_interrupted_pass_waits_for_its_other_threads(monkeypatch):
    """Ctrl-C in the main thread's chunk: the pass re-raises only once the other threads' chunks
    are done, so nothing still writes the model's scratch when the caller goes on."""
    import threading
    import time

    import numba

    from lstmcast.engine import network

    if numba.get_num_threads() < 2:
        pytest.skip("needs two Numba threads")
    real, finished = network.forward_chunk, []

    def forward_chunk(b0, *args):
        if threading.current_thread() is threading.main_thread():
            raise KeyboardInterrupt
        time.sleep(0.3)
        real(b0, *args)
        finished.append(b0)

    monkeypatch.setattr(network, "forward_chunk", forward_chunk)
    model = LSTMForecaster(1, 3)
    with pytest.raises(KeyboardInterrupt):
        model.forward(np.zeros((64, 5, 1), np.float32))
    assert finished == [32]


def test_an_interrupt_that_leaves_a_futures_lock_unheld_is_still_an_interrupt(monkeypatch):
    """Before, the lock's RuntimeError reached the caller in the interrupt's place: a backtest
    stopped by Ctrl-C exited 1 with 'internal error' rather than 130 'interrupted'."""
    from concurrent.futures import Future

    import numba
    from helpers import lock_left_unheld_by_an_interrupt

    if numba.get_num_threads() < 2:
        pytest.skip("needs two Numba threads")
    real = Future.result

    def result(self, timeout=None):
        real(self, timeout)
        lock_left_unheld_by_an_interrupt()

    monkeypatch.setattr(Future, "result", result)
    with pytest.raises(KeyboardInterrupt):
        LSTMForecaster(1, 3).forward(np.zeros((64, 5, 1), np.float32))


def test_an_interrupt_while_a_pool_thread_starts_leaves_no_thread_behind(monkeypatch):
    """Ctrl-C inside ``submit``, as ``Thread.start`` waits for the new thread: the pool never
    registered that worker, which interpreter exit then waited on forever ('error:
    interrupted', and the process never ended), after it ran a chunk no one waited for."""
    import threading

    import numba

    from lstmcast.engine import model as engine

    if numba.get_num_threads() < 2:
        pytest.skip("needs two Numba threads")
    engine.shutdown_threads()  # a pool of this test's own, started below
    real = threading.Thread.start

    def start(self):
        real(self)
        if self.name.startswith("lstmcast_"):
            raise KeyboardInterrupt

    monkeypatch.setattr(threading.Thread, "start", start)
    with pytest.raises(KeyboardInterrupt):
        LSTMForecaster(1, 3).forward(np.zeros((64, 5, 1), np.float32))
    assert not [t for t in threading.enumerate() if t.name.startswith("lstmcast_")]


def test_a_forecast_of_more_windows_than_a_pass_takes_is_made_in_passes(monkeypatch):
    """760,000 validation windows in one pass asked for 28.7 GiB of scratch (an internal error,
    MemoryError); in passes of PREDICT_ROWS the forecasts are each window's own."""
    from lstmcast.engine import model as engine

    x = np.random.default_rng(0).standard_normal((50, 6, 2)).astype(np.float32)
    net = LSTMForecaster(2, 5, output_size=3, seed=1)
    whole = net.predict(x)
    monkeypatch.setattr(engine, "PREDICT_ROWS", 16)
    passes = []
    real = net.forward
    monkeypatch.setattr(net, "forward", lambda b, *a, **k: passes.append(len(b)) or real(b))
    np.testing.assert_allclose(net.predict(x), whole, rtol=1e-6, atol=1e-7)
    assert passes == [16, 16, 16, 2]


@pytest.mark.parametrize("bad", [dict(lr=-0.05), dict(lr=0.0), dict(lr=float("nan")),
                                 dict(clip=-1.0), dict(weight_decay=-5.0),
                                 dict(weight_decay=float("inf"))])
def test_the_optimiser_s_settings_are_checked(bad):
    """A negative lr climbed the loss (0.90 -> 63) and a NaN one made every weight NaN, both
    in silence."""
    name = next(iter(bad))
    with pytest.raises(ValueError, match=f"^{name} must be a finite number"):
        LSTMForecaster(input_size=1, hidden_size=4, output_size=2, **bad)
    LSTMForecaster(input_size=1, hidden_size=4, output_size=2, clip=0.0, weight_decay=0.0)



@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_network_reset_to_its_base_predicts_its_zeros_without_a_pass(dtype):
    """Output layer and skip 0: ``predict`` skips the pass, and gives what the pass gives (its
    slow twin, ``forward``), in either path; one weight of them back and it reads the windows."""
    from lstmcast.trust import base_output

    model = LSTMForecaster(3, 8, 2, 5, dtype=dtype, seed=1, skip_steps=4)
    x = np.random.default_rng(0).normal(size=(9, 4, 3)).astype(dtype)
    model.set_params(base_output(model, model.theta))
    assert not model._reads_its_inputs()
    for compiled in (True, False):
        got = model.predict(x, compiled=compiled)
        assert got.dtype == model.forward(x).y_hat.dtype
        np.testing.assert_array_equal(got, model.forward(x).y_hat)
    model.views()["b_out"][0] = 0.5
    assert model._reads_its_inputs()
    np.testing.assert_array_equal(model.predict(x), model.forward(x).y_hat)
