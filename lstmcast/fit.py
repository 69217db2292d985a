"""The epoch loop: mini-batches of window indices, early stopping, retries after divergence, and
an ensemble's members fitted here or on an executor's workers.

Only the batch step is compiled (the engine); the loop, the schedule and the progress callback
stay in Python. ``fit`` returns a ``FitResult`` whose ``stop`` says why it ended — never an
exception decorated with state — so a result can cross a process boundary.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .config import FitSpec, ModelSpec, Settings
from .engine import LSTMForecaster, compile_kernels
from .errors import StoppedMidway, TrainingError
from .interrupts import keep_or_stop, stop_if_heard
from .trust import (
    clearly_better,
    evidence,
    halved_correction,
    hedges,
    on_a_random_walk,
    untested,
    walks_as_prices_do,
)
from .windows import Windows

MAX_DIVERGENCE_RETRIES = 2  # each retry divides the learning rate by 10


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
    gain_was_noise: bool = False  # training beat the base on validation only by noise
    hedged: bool = False  # trusted on too little validation evidence: half its correction kept
    worse_on_test: bool = False  # beat the base on validation, erred more on the test period
    beaten_by_bases: bool = False  # beat its base on validation, the bases alone did better
    outvoted: bool = False  # beat its base on validation, outvoted by members left at it


FORGET_BIAS = 1.0  # forget gates start open: early steps of the window are remembered


def new_model(model: ModelSpec, fit: FitSpec, input_size: int, steps: int, lr: float,
              seed: int) -> LSTMForecaster:
    """A fresh network with a linear skip from its ``steps``-step input window to the head,
    whose output starts at zero: untrained, it forecasts the base."""
    return LSTMForecaster(input_size, model.hidden, model.layers, model.horizon,
                          dropout=model.dropout, dtype=model.dtype, seed=seed, lr=lr,
                          weight_decay=fit.weight_decay, clip=fit.clip, loss=fit.loss,
                          forget_bias=FORGET_BIAS, zero_head=True, skip_steps=steps)


def fit(model: LSTMForecaster, spec: FitSpec, train: Windows, val: Windows | None = None,
        epochs: int | None = None, phase: str = "fit", lr: float | None = None,
        seed: int | None = None, on_epoch: Callable[[Epoch], None] | None = None) -> FitResult:
    """Mini-batch AdamW epochs, the learning rate decaying on a cosine over ``spec.epochs``,
    with early stopping on the validation loss (best weights restored).

    Epoch 0 counts: when no epoch beats the untrained model (the base forecast) on the
    validation windows, that is the model kept. Without validation windows it runs exactly
    ``epochs`` epochs of the same schedule. A non-finite loss ends it with
    ``stop="diverged"``; Ctrl-C ends it with ``stop="interrupted"`` and the best weights so far.
    """
    planned = spec.epochs
    epochs = planned if epochs is None else epochs
    lr = spec.lr if lr is None else lr
    seed = spec.seed if seed is None else seed
    rng = np.random.default_rng([seed, 2])
    validate = val is not None and len(val) > 0
    val_xy = val.batch(np.arange(len(val))) if validate else None
    best = _val_loss(model, *val_xy, spec.loss) if validate else np.inf
    best_epoch, best_theta = 0, model.theta.copy()
    steps_per_epoch = -(-train.per_epoch // spec.batch_size)
    total_steps = max(1, planned * steps_per_epoch)
    t0 = time.perf_counter()
    history: list = []
    epoch, step, stop, reason = 0, 0, "completed", ""

    base_theta, noise, hedge = model.theta.copy(), False, False

    def result(epochs_run: int) -> FitResult:
        nonlocal best_epoch, best_theta, best, noise, hedge
        if validate and best_epoch and not clearly_better(model, best_theta, base_theta, val,
                                                          *val_xy, spec.loss):
            # Noise, not skill (a random walk's "pattern"): keep the base forecast.
            noise, best_epoch, best_theta = True, 0, base_theta
            model.set_params(base_theta)
            best = _val_loss(model, *val_xy, spec.loss)
        elif validate and best_epoch and hedges(val, train):
            hedge, best_theta = True, halved_correction(model, best_theta)
            model.set_params(best_theta)
            best = _val_loss(model, *val_xy, spec.loss)
        if validate:
            model.set_params(best_theta)
        return FitResult(model, stop, epochs_run, best_epoch if validate else epochs_run,
                         float(best) if validate else None, lr,
                         time.perf_counter() - t0, history, reason, noise, hedge)

    try:
        for epoch in range(1, epochs + 1):
            losses, positions = [], train.epoch(rng)
            for idx in _batches(positions, spec.batch_size):
                stop_if_heard()  # a Ctrl-C whose KeyboardInterrupt Python dropped
                model.optimizer.lr = lr * 0.5 * (1 + np.cos(np.pi * min(step, total_steps)
                                                            / total_steps))
                step += 1
                loss = model.step(*train.batch(idx))
                if not np.isfinite(loss):
                    stop, reason = "diverged", f"loss became {loss} at epoch {epoch}"
                    return result(epoch)
                losses.append(loss * len(idx))
            total = float(np.sum(losses) / max(len(positions), 1))
            val_loss = _val_loss(model, *val_xy, spec.loss) if validate else None
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
        return result(len(history))  # the epochs that ran to their end
    return result(epoch)


def fit_with_retries(model_spec: ModelSpec, spec: FitSpec, input_size: int, train: Windows,
                     val: Windows | None, note: Callable[[str], None], lr: float | None = None,
                     seed: int | None = None, **kwargs) -> FitResult:
    """``fit`` a fresh model; when the loss diverges, start again with a 10x smaller rate.

    Raises TrainingError when the last attempt diverges too.
    """
    lr = spec.lr if lr is None else lr
    for attempt in range(MAX_DIVERGENCE_RETRIES + 1):
        seed = spec.seed if seed is None else seed
        model = new_model(model_spec, spec, input_size, train.recipe.steps, lr, seed)
        result = fit(model, spec, train, val, lr=lr, seed=seed, **kwargs)
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


@dataclass
class MemberTask:
    """One ensemble member's fit (or refit), as plain data an executor can run anywhere."""

    model_spec: ModelSpec
    fit_spec: FitSpec
    input_size: int
    train: Windows
    val: Windows | None
    seed: int
    lr: float | None = None
    epochs: int | None = None  # None: the spec's, with early stopping
    phase: str = "fit"


def fit_member(task: MemberTask, on_epoch=None, note=None) -> tuple[FitResult, list[str]]:
    """``fit_with_retries`` of one member; its notes come back with it (and go to ``note``)."""
    notes: list[str] = []

    def tell(text: str) -> None:
        notes.append(text)
        if note is not None:
            note(text)

    result = fit_with_retries(task.model_spec, task.fit_spec, task.input_size, task.train,
                              task.val, tell, lr=task.lr, seed=task.seed, epochs=task.epochs,
                              phase=task.phase, on_epoch=on_epoch)
    return result, notes


def fit_members(tasks: list[MemberTask], executor, settings: Settings, note,
                 on_epoch) -> tuple[list[FitResult], str | None]:
    """The members' fits, on the executor's workers when it has some (their notes come back
    with them), else here one after another with progress; and where Ctrl-C stopped them."""
    if executor is not None and executor.engine == "dask" and len(tasks) > 1:
        try:
            done, stopped = executor.map(
                fit_member, tasks, name=tasks[0].phase,
                warm=lambda: compile_kernels(settings.model.dtype),
                on_done=lambda n: note(f"{tasks[0].phase}: {n} of {len(tasks)} networks done")
            ), None
        except StoppedMidway as stop:  # the members that had finished, in task order
            done, stopped = [stop.finished[i] for i in sorted(stop.finished)], tasks[0].phase
        for _, notes in done:
            for text in notes:
                note(text)
        if stopped:
            keep_or_stop(settings, note, stopped, f"{len(done)} of {len(tasks)} networks "
                         "that had finished", bool(done))
        return [result for result, _ in done], stopped
    fits: list[FitResult] = []
    for task in tasks:
        result, _ = fit_member(task, on_epoch, note)
        interrupted = _interrupted(result, settings, note, task.phase, bool(fits))
        if interrupted:
            return ([*fits, result] if task.phase == "fit" else fits), interrupted
        fits.append(result)
    return fits, None


def _interrupted(result: FitResult, settings: Settings, note, phase: str,
                 have_members: bool) -> str | None:
    """None when ``result`` ran to its end; the phase when Ctrl-C stopped it and the best model
    so far is kept; re-raises the interrupt when nothing can be kept."""
    if result.stop != "interrupted":
        return None
    keep_or_stop(settings, note, phase, f"best model so far (epoch {result.best_epoch}, of "
                 f"{result.epochs_run})", bool(result.epochs_run) or have_members)
    return phase


_WALKS = "its changes show no autocorrelation a forecast could use"


def trust_notes(fits: list[FitResult], val: Windows) -> list[str]:
    """What validation and the test period made of each member's network, for the notes."""
    noise = [k for k, f in enumerate(fits) if f.gain_was_noise]
    if noise and walks_as_prices_do(val):  # clearly_better's reasons
        said = [f"{len(noise)} network(s) beat the last value, but the series moves as a "
                f"random walk ({_WALKS}): a network learns its drift, which turns without "
                "warning; the base forecasts alone"]
    elif noise and untested(val) and on_a_random_walk(val):
        said = [f"{len(noise)} network(s) beat the last value on too few validation forecasts "
                f"({evidence(val):g}) to test, and the series moves as a random walk (no "
                f"drift; {_WALKS}): their gain is taken for noise and the base forecasts alone"]
    elif len(noise) == 1:
        said = [f"network {noise[0] + 1}: its gain over the base forecast on the validation "
                "windows is within noise; it forecasts the base (the last value or a seasonal "
                "one)"]
    else:
        said = [f"networks {', '.join(str(k + 1) for k in noise)}: each one's gain over the "
                "base forecast on the validation windows is within noise; each forecasts the "
                "base (the last value or a seasonal one)"] if noise else []
    if any(f.hedged for f in fits):
        said.append(f"{sum(f.hedged for f in fits)} network(s) beat the base on too few "
                    f"validation forecasts ({evidence(val):g}) to test: each keeps half "
                    "its correction of the base")
    if any(f.worse_on_test for f in fits):
        said.append(f"{sum(f.worse_on_test for f in fits)} network(s) beat the base on the "
                    "validation windows but their forecasts erred more than it on the test "
                    "period: the base forecasts alone (the test period's figures, which chose "
                    "it, flatter it)")
    return said


def _batches(order: np.ndarray, batch_size: int) -> list[np.ndarray]:
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def _val_loss(model: LSTMForecaster, x: np.ndarray, y: np.ndarray, loss: str) -> float:
    """The validation windows' loss, absolute for an l1 fit, squared otherwise."""
    error = model.predict(x).astype(np.float64) - y
    return float(np.mean(np.abs(error)) if loss == "l1" else np.mean(error**2))
