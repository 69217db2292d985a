"""The engine's Python face: an LSTM forecaster over one flat parameter buffer.

    model = LSTMForecaster(input_size=1, hidden_size=32, output_size=5, seed=0)
    loss = model.step(x, y)          # x (B, T, D), y (B, K): forward, backward, clip, AdamW
    y_hat = model.predict(x)         # (B, K)

Shapes and dtypes are checked and converted here, once; the kernels only compute.
"""

import threading
from dataclasses import dataclass

import numpy as np

from .inference import forward_numpy
from .params import HEAD, init_params, named_views, param_offsets, transpose_weights

LOSSES = ("mse", "huber", "l1")

# Numba (and through it SciPy's BLAS) is imported on first use, not with this module: loading
# it costs ~0.35 s, more than a whole one-window forecast with ``predict(x, compiled=False)``.
DTYPES = {"float32": np.float32, "float64": np.float64}

# How the batch is split into chunks: the split depends on B alone, never on the thread count,
# so each chunk's gradient is the same arithmetic whichever thread computes it, and the chunks'
# gradients are summed in chunk order: the same bits on 1 thread or 16. Chunks of CHUNK_ROWS rows,
# at most MAX_CHUNKS of them; but a batch of 2 * MIN_ROWS rows or more always makes two chunks,
# so both cores of a small machine work. Fewer rows per chunk mean more and smaller matrix
# products: on one thread, 4 chunks of 16 rows took up to 1.27x the time of one chunk (H=128)
# and 8 chunks 1.5x, while 2 or 4 chunks of >= 32 rows stayed within ~8%.
CHUNK_ROWS = 32
MIN_ROWS = 16
MAX_CHUNKS = 4


def batch_chunks(B: int) -> int:
    """How many chunks a batch of B rows is split into; chunk c holds rows
    c*B//n to (c+1)*B//n of the n chunks."""
    return max(1, min(2, B // MIN_ROWS), min(MAX_CHUNKS, B // CHUNK_ROWS))


# Windows forecast in one pass at most: a pass's scratch grows with its batch (760,000
# validation windows of a 7.6-million-row series asked for 28.7 GiB)
PREDICT_ROWS = 32768

_blas_limited = False
_pool = None


def _threads(n: int):
    """A pool of at least ``n`` worker threads, kept for the life of the process."""
    global _pool
    if _pool is None or _pool._max_workers < n:
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=n, thread_name_prefix="lstmcast")
    return _pool


def shutdown_threads() -> None:
    """The pool shut down once every one of its threads has ended: a Ctrl-C inside ``submit``
    (in ``Thread.start``, waiting for the new thread) leaves a worker the pool never
    registered, which the interpreter's exit then waited on forever, and maybe a chunk whose
    future was never kept, still writing the scratch. The next pass makes a new pool."""
    global _pool
    pool, _pool = _pool, None
    if pool is None:
        return
    pool.shutdown(wait=False)  # a None on the queue, which each worker takes and passes on
    for thread in threading.enumerate():
        if thread.name.startswith("lstmcast_") and thread is not threading.current_thread():
            thread.join()


def _single_thread_blas():
    """Keep BLAS to one thread: the kernels already run one batch chunk per core, and two
    thread pools on two cores are measured to be hundreds of times slower on small products."""
    global _blas_limited
    if not _blas_limited:
        import scipy.linalg  # noqa: F401  (loads the BLAS that Numba's np.dot calls, so the
        from threadpoolctl import threadpool_limits  # limit below reaches it)

        threadpool_limits(1, user_api="blas")
        _blas_limited = True


@dataclass(frozen=True)
class Forward:
    y_hat: np.ndarray  # (B, K) head output
    outputs: np.ndarray  # (B, T, H) top layer's hidden state at every step
    h_n: np.ndarray  # (L, B, H) final hidden state of every layer
    c_n: np.ndarray  # (L, B, H) final cell state of every layer


@dataclass(frozen=True)
class Gradients:
    theta: np.ndarray  # (P,) in the buffer's layout; ``model.views(grads.theta)`` names them
    x: np.ndarray  # (B, T, D)
    h0: np.ndarray  # (L, B, H)
    c0: np.ndarray  # (L, B, H)


class LSTMForecaster:
    """Stacked LSTM (PyTorch's equations and gate order i, f, g, o) + linear head on the last
    step giving ``output_size`` values at once."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        output_size: int = 1,
        dropout: float = 0.0,
        dtype="float32",
        seed: int = 0,
        lr: float = 1e-3,
        weight_decay: float = 0.0,
        clip: float = 1.0,
        loss: str = "mse",
        huber_delta: float = 1.0,
        forget_bias: float = 1.0,
        zero_head: bool = False,
        skip_steps: int = 0,
    ):
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size),
                            ("num_layers", num_layers), ("output_size", output_size)):
            if int(value) != value or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
        # (a negative lr climbed the loss, a NaN one made every weight NaN, in silence)
        for name, value in (("lr", lr), ("weight_decay", weight_decay), ("clip", clip)):
            if not (np.isfinite(value) and (value > 0 if name == "lr" else value >= 0)):
                raise ValueError(f"{name} must be a finite number {'>' if name == 'lr' else '>='}"
                                 f" 0, got {value!r}")
        self.dtype = np.dtype(DTYPES.get(dtype, dtype))
        if self.dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {dtype!r}")
        self.input_size, self.hidden_size = int(input_size), int(hidden_size)
        self.num_layers, self.output_size = int(num_layers), int(output_size)
        self.dropout, self.clip, self.loss, self.huber_delta = dropout, clip, loss, huber_delta
        self.lr, self.weight_decay = lr, weight_decay
        if not np.isfinite(forget_bias):
            raise ValueError(f"forget_bias must be a finite number, got {forget_bias!r}")
        self.forget_bias, self.zero_head = float(forget_bias), bool(zero_head)
        if int(skip_steps) != skip_steps or skip_steps < 0:
            raise ValueError(f"skip_steps must be a whole number >= 0, got {skip_steps!r}")
        self.skip_steps = int(skip_steps)  # T of the linear skip from the input window; 0: none
        self._offsets = param_offsets(
            self.num_layers, self.input_size, self.hidden_size, self.output_size, self.skip_steps
        )
        self.init(seed)

    # ------------------------------------------------------------------ parameters

    def init(self, seed: int) -> None:
        """Fresh weights, optimiser state and dropout stream, all from ``seed``."""
        self.seed = int(seed)
        self.theta = init_params(
            self.num_layers, self.input_size, self.hidden_size, self.output_size,
            self.seed, self.dtype, forget_bias=self.forget_bias, zero_head=self.zero_head,
            skip_steps=self.skip_steps,
        )
        self._optimizer = None  # made on the first step
        self._dropout_rng = np.random.default_rng([self.seed, 1])

    @property
    def optimizer(self):
        if self._optimizer is None:
            from .optim import AdamW

            self._optimizer = AdamW(self.theta.size, self.dtype, lr=self.lr,
                                    weight_decay=self.weight_decay)
        return self._optimizer

    @property
    def num_params(self) -> int:
        return self.theta.size

    def views(self, flat: np.ndarray | None = None) -> dict:
        """Name -> view of ``flat`` (default: the parameters) in PyTorch's shapes."""
        return named_views(self.theta if flat is None else flat, self.num_layers,
                           self.input_size, self.hidden_size, self.output_size, self.skip_steps)

    def set_params(self, flat: np.ndarray) -> None:
        flat = np.asarray(flat)
        if flat.shape != self.theta.shape:
            raise ValueError(f"expected {self.theta.shape} parameters, got {flat.shape}")
        self.theta[:] = flat

    # ------------------------------------------------------------------ public passes

    def forward(self, x, h0=None, c0=None) -> Forward:
        """Inference pass (no dropout)."""
        x, h0, c0 = self._inputs(x, h0, c0)
        out = self._run(x, h0, c0, y=None, backward=False, train=False)
        return out[1]

    def predict(self, x, compiled: bool = True) -> np.ndarray:
        """(B, T, D) windows -> (B, K) forecasts.

        ``compiled=False`` runs the same equations in NumPy without loading Numba: for a
        handful of windows (a cron job's forecast) that is faster than Numba's start-up.
        """
        if not self._reads_its_inputs():  # no pass over windows whose output is 0 anyway
            return np.zeros((len(self._checked(x)), self.output_size), dtype=self.theta.dtype)
        if not compiled:
            x, _, _ = self._inputs(x, None, None)
            return forward_numpy(self.theta, self._offsets, x, self.num_layers,
                                 self.hidden_size, self.output_size)
        if len(x) <= PREDICT_ROWS:
            return self.forward(x).y_hat
        return np.concatenate([self.forward(x[i:i + PREDICT_ROWS]).y_hat
                               for i in range(0, len(x), PREDICT_ROWS)])

    def _reads_its_inputs(self) -> bool:
        """Whether the output depends on the windows: not where the output layer and the skip
        are 0 (a network reset to forecast its base), whose forecasts are 0 whatever they read
        (24,000 quarterly series' scoring passes: 8 s and 2 GB of scratch for zeros)."""
        return any(view.any() for name, view in self.views().items()
                   if name in HEAD)

    def loss_and_grad(self, x, y, h0=None, c0=None, train: bool = False):
        """Loss of the head output against ``y`` (B, K) and the gradient of everything.

        ``train`` turns dropout on (one fresh mask per call from the model's seeded stream).
        Returns (loss, Gradients).
        """
        x, h0, c0 = self._inputs(x, h0, c0)
        y = self._array(y, "y", (x.shape[0], self.output_size))
        loss, _, grads = self._run(x, h0, c0, y=y, backward=True, train=train)
        return loss, grads

    def vjp(self, x, h0=None, c0=None, d_y_hat=None, d_outputs=None, dh_n=None, dc_n=None):
        """Gradients given upstream gradients of the outputs (any of them may be None = 0).

        Lets a sequence be run in pieces, carrying (h, c) forward and (dh, dc) backward.
        Returns (Forward, Gradients).
        """
        x, h0, c0 = self._inputs(x, h0, c0)
        B, T, _ = x.shape
        L, H, K = self.num_layers, self.hidden_size, self.output_size
        upstream = (
            self._array(d_y_hat, "d_y_hat", (B, K), zeros=True),
            self._array(d_outputs, "d_outputs", (B, T, H), zeros=True),
            self._array(dh_n, "dh_n", (L, B, H), zeros=True),
            self._array(dc_n, "dc_n", (L, B, H), zeros=True),
        )
        _, fwd, grads = self._run(x, h0, c0, y=None, backward=True, train=False,
                                  upstream=upstream)
        return fwd, grads

    def step(self, x, y) -> float:
        """One training step: forward with dropout, backward, clip, AdamW. Returns the loss
        before the update; a non-finite loss or gradient leaves the parameters unchanged."""
        from .optim import clip_grad_norm

        loss, grads = self.loss_and_grad(x, y, train=True)
        norm = clip_grad_norm(grads.theta, float(self.clip))
        if np.isfinite(loss) and np.isfinite(norm):
            self.optimizer.update(self.theta, grads.theta)
        return loss

    # ------------------------------------------------------------------ internals

    def _workspace(self, n_chunks, rows, steps):
        """Scratch for ``n_chunks`` chunks of up to ``rows`` rows, kept between calls: fresh
        multi-megabyte buffers every step cost more in page faults than the step's arithmetic on
        small shapes."""
        from .network import workspace_size

        size = workspace_size(self.num_layers, steps, rows, self.input_size, self.hidden_size)
        work = getattr(self, "_work", None)
        if work is None or work.shape[0] < n_chunks or work.shape[1] < size:
            work = self._work = np.empty((n_chunks, size), dtype=self.dtype)
        return work

    def _array(self, a, name, shape, zeros=False):
        if a is None and zeros:
            return np.zeros(shape, dtype=self.dtype)
        a = np.ascontiguousarray(a, dtype=self.dtype)
        if a.shape != tuple(shape):
            raise ValueError(f"{name} must have shape {tuple(shape)}, got {a.shape}")
        return a

    def _checked(self, x) -> np.ndarray:
        """``x`` as (batch, steps, input_size) windows, or a ValueError saying why not."""
        x = np.asarray(x)
        if x.ndim == 2:
            x = x[:, :, None]
        if x.ndim != 3 or x.shape[2] != self.input_size or x.shape[0] < 1 or x.shape[1] < 1:
            raise ValueError(
                f"x must have shape (batch, steps, {self.input_size}), got {x.shape}"
            )
        if self.skip_steps and x.shape[1] != self.skip_steps:
            raise ValueError(f"x must have {self.skip_steps} steps (the skip's window), got "
                             f"{x.shape[1]}")
        return x

    def _inputs(self, x, h0, c0):
        x = np.ascontiguousarray(self._checked(x), dtype=self.dtype)
        state = (self.num_layers, x.shape[0], self.hidden_size)
        return (x, self._array(h0, "h0", state, zeros=True),
                self._array(c0, "c0", state, zeros=True))

    def _run(self, x, h0, c0, y, backward, train, upstream=None):
        import numba

        from . import kernels, network

        B, T, D = x.shape
        L, H, K = self.num_layers, self.hidden_size, self.output_size
        dt = self.dtype
        n_chunks = batch_chunks(B)
        threads = min(numba.get_num_threads(), n_chunks)
        _single_thread_blas()  # also on one thread: a threaded BLAS may sum in another order
        if train and self.dropout > 0 and L > 1:
            keep = (self._dropout_rng.random((B, L - 1, T, H)) >= self.dropout)
            keep = keep.astype(dt) / dt.type(1.0 - self.dropout)
        else:
            keep = np.zeros((0, 0, 0, 0), dtype=dt)
        thetaT = np.empty_like(self.theta)
        transpose_weights(self.theta, self._offsets, L, D, H, thetaT)
        if upstream is None:
            upstream = (None, np.zeros((B, T, H), dt), np.zeros((L, B, H), dt),
                        np.zeros((L, B, H), dt))
        loss_code = {"mse": kernels.LOSS_MSE, "huber": kernels.LOSS_HUBER,
                     "l1": kernels.LOSS_L1}[self.loss]
        fwd = Forward(np.empty((B, K), dt), np.empty((B, T, H), dt),
                      np.empty((L, B, H), dt), np.empty((L, B, H), dt))
        grads = Gradients(np.empty_like(self.theta), np.empty((B, T, D), dt),
                          np.empty((L, B, H), dt), np.empty((L, B, H), dt))
        dtheta_chunks = (grads.theta[None] if n_chunks == 1
                         else np.empty((n_chunks, self.theta.size), dtype=dt))
        work = self._workspace(n_chunks, -(-B // n_chunks), T)
        losses = np.zeros(n_chunks, dtype=np.float64)
        net = (self.theta, thetaT, self._offsets)

        def run_chunks(first, stop):
            with np.errstate(all="ignore"):  # in each thread: a loss gone NaN is the trainer's
                _run_chunks(first, stop)  # to tell (diverged), not numpy's to print

        def _run_chunks(first, stop):
            for c in range(first, stop):
                b0, b1 = c * B // n_chunks, (c + 1) * B // n_chunks
                scratch = network.carve(work[c], L, T, b1 - b0, D, H)
                network.forward_chunk(b0, b1, net, x, h0, c0, keep, fwd, scratch)
                if y is not None:
                    dy = np.empty((b1 - b0, K), dtype=dt)
                    losses[c] = kernels.loss_and_dy(dy, fwd.y_hat[b0:b1], y[b0:b1], loss_code,
                                                    float(self.huber_delta), 1.0 / (B * K))
                if backward:
                    if y is None:
                        dy = upstream[0][b0:b1]
                    network.backward_chunk(b0, b1, net, x, dy, upstream[1:], keep, grads,
                                           dtheta_chunks[c], scratch)

        # Thread j runs chunks j*n/threads to (j+1)*n/threads; this thread runs the first share.
        bounds = [j * n_chunks // threads for j in range(threads + 1)]
        pending = []
        try:
            for j in range(1, threads):
                pending.append(_threads(threads - 1).submit(run_chunks, bounds[j], bounds[j + 1]))
            run_chunks(bounds[0], bounds[1])
            for done in pending:
                done.result()
        except BaseException as err:  # Ctrl-C, say: after this no thread writes the scratch
            from concurrent.futures import wait

            wait(pending)
            shutdown_threads()
            if isinstance(err, Exception) and isinstance(err.__context__, KeyboardInterrupt):
                # Ctrl-C inside ``result()``'s Condition.wait, between its release of the lock
                # and its ``try``, leaves the lock unheld: the ``with`` around it then raises
                # 'cannot release un-acquired lock' in the interrupt's place.
                raise err.__context__ from None
            raise
        if backward and n_chunks > 1:  # in chunk order: the same sum on any thread count
            dtheta = grads.theta
            np.copyto(dtheta, dtheta_chunks[0])
            for c in range(1, n_chunks):
                dtheta += dtheta_chunks[c]
        return float(sum(losses.tolist())), fwd, grads
