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
from .errors import TrainingError
from .preprocess import Recipe, Rows, window_bases, windows

MAX_DIVERGENCE_RETRIES = 2  # each retry divides the learning rate by 10


CACHED_BASES = 4_000_000  # values: the mean-of-seasons bases of all windows, kept up to this


@dataclass(frozen=True)
class Windows:
    """The windows ending at ``origins``, built from ``rows`` batch by batch. With a
    ``stride`` k > 1 an epoch trains on every k-th window of each series, counting back from
    its newest from an offset drawn anew each epoch: an epoch costs 1/k of them, and the
    epochs together see every window at every phase of the season (a fixed k, 12 on months,
    would show a series' network one month of the year only)."""

    rows: Rows
    origins: np.ndarray  # (N,) int64 row indices into the panel, ascending
    recipe: Recipe
    stride: int = 1
    bases: np.ndarray | None = field(default=None, init=False, repr=False)
    _back: tuple | None = field(default=None, init=False, repr=False)  # see __post_init__

    def __post_init__(self):
        # The mean of the seasons gathers J seasons a window: once, not in every epoch.
        averaged = np.any(self.rows.base_kind[self.rows.series_of[self.origins]] >= 2)
        if averaged and len(self.origins) * self.recipe.horizon <= CACHED_BASES:
            object.__setattr__(self, "bases", window_bases(self.rows, self.origins,
                                                           self.recipe))
        if self.stride > 1 and len(self.origins):
            # (series, origins back from the series' newest, the offsets to draw from) of each
            # window: a series of fewer than k windows gets one of them an epoch, as before
            series = self.rows.series_of[self.origins].astype(np.int64)
            newest = np.zeros(int(series.max()) + 1, dtype=np.int64)
            np.maximum.at(newest, series, self.origins)
            choices = np.minimum(np.bincount(series), self.stride)
            object.__setattr__(self, "_back", (series, newest[series] - self.origins,
                                               np.maximum(choices, 1)))

    def __len__(self) -> int:
        return len(self.origins)

    @property
    def per_epoch(self) -> int:
        """About how many windows an epoch trains on."""
        return -(-len(self.origins) // self.stride)

    def epoch(self, rng: np.random.Generator) -> np.ndarray:
        """The positions (in ``origins``) of one epoch's windows, shuffled."""
        if self._back is None:
            return rng.permutation(len(self.origins))
        series, back, choices = self._back
        offset = rng.integers(0, choices)
        return rng.permutation(np.flatnonzero((back - offset[series]) % self.stride == 0))

    def batch(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """x (B, L/P, D), y (B, K) of the windows ``idx`` (positions in ``origins``)."""
        base = None if self.bases is None else self.bases[idx]
        x, y, _, _ = windows(self.rows, self.origins[idx], self.recipe, base=base)
        return x, y


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
        elif validate and best_epoch and hedges(val):
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
        done = executor.map(fit_member, tasks, name=tasks[0].phase,
                            warm=lambda: compile_kernels(settings.model.dtype))
        for _, notes in done:
            for text in notes:
                note(text)
        return [result for result, _ in done], None
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
    if settings.fit.on_interrupt == "discard" or (
            phase == "fit" and not result.epochs_run and not have_members):
        raise KeyboardInterrupt
    if phase == "fit":
        note(f"interrupted after {result.epochs_run} epochs; keeping the best model so far "
             f"(epoch {result.best_epoch}), not refitted")
    else:
        note("interrupted during the refit on all data; keeping the models evaluated on the "
             "test period")
    return phase


MIN_EVIDENCE = 4  # independent validation forecasts needed to judge the trained network
CLEARLY = 2.0  # how many standard errors the validation gain over the base must exceed


def clearly_better(model: LSTMForecaster, theta: np.ndarray, base_theta: np.ndarray,
                   val: Windows, x: np.ndarray, y: np.ndarray, loss: str) -> bool:
    """Whether weights ``theta`` beat the untrained ``base_theta`` (the base forecast) on the
    validation windows by more than noise: the mean per-window gain exceeds CLEARLY standard
    errors, counting overlapping windows of one series as one per horizon. With too few
    independent windows to judge, a single series' network is trusted (a yearly series'
    trend is what it learns: judged as noise, CO2's and Lake Huron's were lost), a panel's
    not (two stocks of a year, ten days ahead: a network of noise, 1.35 of naive's MAE)."""
    independent = evidence(val)
    if independent < MIN_EVIDENCE:
        return len(np.unique(val.rows.series_of[val.origins])) == 1
    losses = []
    for weights in (base_theta, theta):
        model.set_params(weights)
        error = model.predict(x).astype(np.float64) - y
        losses.append(np.mean(np.abs(error) if loss == "l1" else error**2, axis=1))
    gain = losses[0] - losses[1]
    spread = gain.std(ddof=1) / np.sqrt(independent)
    return bool(gain.mean() > CLEARLY * spread) if spread > 0 else bool(gain.mean() > 0)


def evidence(val: Windows) -> float:
    """Independent validation forecasts: overlapping windows of one series count as one per
    horizon."""
    counts = np.unique(val.rows.series_of[val.origins], return_counts=True)[1]
    return float(sum(max(1.0, n / val.recipe.horizon) for n in counts))


def hedges(val: Windows) -> bool:
    """Whether a network that beat the base on these validation windows keeps only half its
    correction: a single series' network trusted on too little evidence to test, on a
    seasonal base. That base holds the level and the season already, and such a network's
    gain on one or two validation forecasts often does not last (a level shift 18 months
    before the end: 1.5-3.3 times seasonal naive's MAE); a network on the last value is the
    only trend the forecast has (a yearly CO2 series: 0.105 of naive's MAE, 0.561 halved).
    Measured on `single_series.py --fresh --origins 2`: 0.642 -> 0.621 of seasonal naive's MAE.
    (A panel's network on such evidence is judged noise: ``clearly_better``.)"""
    series = np.unique(val.rows.series_of[val.origins])
    return (len(series) == 1 and evidence(val) < MIN_EVIDENCE
            and bool((val.rows.base_kind[series] > 0).all()))


HEDGE = 0.5  # share of its correction (its output) a hedged network keeps


def halved_correction(model: LSTMForecaster, theta: np.ndarray) -> np.ndarray:
    """``theta`` with the output layer and the skip scaled by HEDGE: the network's output, its
    correction of the base, times HEDGE."""
    theta = theta.copy()
    for name, view in model.views(theta).items():
        if name in ("W_out", "b_out", "W_skip"):
            view *= HEDGE
    return theta


def _batches(order: np.ndarray, batch_size: int) -> list[np.ndarray]:
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def _val_loss(model: LSTMForecaster, x: np.ndarray, y: np.ndarray, loss: str) -> float:
    """The validation windows' loss, absolute for an l1 fit, squared otherwise."""
    error = model.predict(x).astype(np.float64) - y
    return float(np.mean(np.abs(error)) if loss == "l1" else np.mean(error**2))
