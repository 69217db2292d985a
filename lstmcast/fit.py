"""The epoch loop: mini-batches of window indices, early stopping, retries after divergence.

Only the batch step is compiled (the engine); the loop, the schedule and the progress callback
stay in Python. ``fit`` returns a ``FitResult`` whose ``stop`` says why it ended — never an
exception decorated with state — so a result can cross a process boundary.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .config import FitSpec, ModelSpec
from .engine import LSTMForecaster
from .errors import TrainingError
from .windows import gather_inputs, gather_targets

MAX_DIVERGENCE_RETRIES = 2  # each retry divides the learning rate by 10


@dataclass(frozen=True)
class Windows:
    """Rows of model inputs and targets, and the origins of the windows to learn from."""

    inputs: np.ndarray  # (n, D)
    targets: np.ndarray  # (n,)
    origins: np.ndarray  # (N,) int64
    lookback: int
    horizon: int

    def __len__(self) -> int:
        return len(self.origins)

    def batch(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """x (B, T, D), y (B, K) of the windows ``idx`` (positions in ``origins``)."""
        origins = self.origins[idx]
        return (gather_inputs(self.inputs, origins, self.lookback),
                gather_targets(self.targets, origins, self.horizon))

    def subset(self, idx: np.ndarray) -> Windows:
        return Windows(self.inputs, self.targets, self.origins[idx], self.lookback, self.horizon)


@dataclass(frozen=True)
class Epoch:
    """What the progress display shows after each epoch."""

    phase: str  # "fit" or "refit"
    epoch: int
    epochs: int
    train_loss: float
    val_loss: float | None
    best_val_loss: float | None
    best_epoch: int | None
    elapsed: float


@dataclass
class FitResult:
    model: LSTMForecaster  # with the best weights (by validation loss) restored
    stop: str  # "completed" | "early_stop" | "interrupted" | "diverged"
    epochs_run: int
    best_epoch: int
    best_val_loss: float | None
    lr: float
    seconds: float = 0.0
    history: list = field(default_factory=list)  # (train loss, validation loss or None)
    reason: str = ""  # what went wrong, for "diverged"

    def summary(self) -> dict:
        return {"epochs_run": self.epochs_run, "best_epoch": self.best_epoch,
                "best_val_loss": self.best_val_loss, "lr": self.lr}


def new_model(model: ModelSpec, fit: FitSpec, input_size: int, lr: float) -> LSTMForecaster:
    return LSTMForecaster(input_size, model.hidden, model.layers, model.horizon,
                          dropout=model.dropout, dtype=model.dtype, seed=fit.seed, lr=lr,
                          weight_decay=fit.weight_decay, clip=fit.clip, loss=fit.loss)


def fit(model: LSTMForecaster, spec: FitSpec, train: Windows, val: Windows | None = None,
        epochs: int | None = None, phase: str = "fit", lr: float | None = None,
        on_epoch: Callable[[Epoch], None] | None = None) -> FitResult:
    """Mini-batch AdamW epochs with early stopping on the validation loss (best weights restored).

    Without validation windows it runs exactly ``epochs`` epochs. A non-finite loss ends it with
    ``stop="diverged"``; Ctrl-C ends it with ``stop="interrupted"`` and the best weights so far.
    """
    epochs = spec.epochs if epochs is None else epochs
    lr = spec.lr if lr is None else lr
    rng = np.random.default_rng([spec.seed, 2])
    validate = val is not None and len(val) > 0
    val_xy = val.batch(np.arange(len(val))) if validate else None
    best, best_epoch, best_theta = np.inf, 0, model.theta.copy()
    t0 = time.perf_counter()
    history: list = []
    epoch, stop, reason = 0, "completed", ""

    def result(epochs_run: int) -> FitResult:
        if validate and best_epoch > 0:
            model.set_params(best_theta)
        return FitResult(model, stop, epochs_run, best_epoch if validate else epochs_run,
                         float(best) if validate and best_epoch else None, lr,
                         time.perf_counter() - t0, history, reason)

    try:
        for epoch in range(1, epochs + 1):
            total = 0.0
            losses = []
            for idx in _batches(len(train), spec.batch_size, rng):
                loss = model.step(*train.batch(idx))
                if not np.isfinite(loss):
                    stop, reason = "diverged", f"loss became {loss} at epoch {epoch}"
                    return result(epoch)
                losses.append(loss * len(idx))
            total = float(np.sum(losses) / len(train))
            val_loss = _val_loss(model, *val_xy) if validate else None
            if validate and not np.isfinite(val_loss):
                stop, reason = "diverged", f"validation loss became {val_loss} at epoch {epoch}"
                return result(epoch)
            history.append((total, val_loss))
            if validate and val_loss < best:
                best, best_epoch, best_theta = val_loss, epoch, model.theta.copy()
            if on_epoch is not None:
                on_epoch(Epoch(phase, epoch, epochs, total, val_loss,
                               best if validate else None, best_epoch if validate else None,
                               time.perf_counter() - t0))
            if validate and epoch - best_epoch >= spec.patience:
                stop = "early_stop"
                break
    except KeyboardInterrupt:
        stop = "interrupted"
        return result(epoch - 1)
    return result(epoch)


def fit_with_retries(model_spec: ModelSpec, spec: FitSpec, input_size: int, train: Windows,
                     val: Windows | None, note: Callable[[str], None], lr: float | None = None,
                     **kwargs) -> FitResult:
    """``fit`` a fresh model; when the loss diverges, start again with a 10x smaller rate.

    Raises TrainingError when the last attempt diverges too.
    """
    lr = spec.lr if lr is None else lr
    for attempt in range(MAX_DIVERGENCE_RETRIES + 1):
        model = new_model(model_spec, spec, input_size, lr)
        result = fit(model, spec, train, val, lr=lr, **kwargs)
        if result.stop != "diverged":
            return result
        if attempt == MAX_DIVERGENCE_RETRIES:
            raise TrainingError(f"training diverged ({result.reason}) even with learning rate "
                                f"{lr:g}; nothing was saved",
                                advice=[(("--lr",), "check the data for extreme values, or "
                                         "lower --lr")],
                                fallback="check the data for extreme values, or lower the "
                                "learning rate")
        note(f"training diverged ({result.reason}) with learning rate {lr:g}; "
             f"retrying with {lr / 10:g}")
        lr /= 10
    raise AssertionError("unreachable")


def _batches(n: int, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    order = rng.permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def _val_loss(model: LSTMForecaster, x: np.ndarray, y: np.ndarray) -> float:
    pred = model.predict(x).astype(np.float64)
    return float(np.mean((pred - y) ** 2))
