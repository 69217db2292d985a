"""Training, top to bottom: load → prepare → window → fit → evaluate → refit → save.

    result = train_file("prices.csv", DataSpec(), TrainConfig(), "model.lstmcast")

The epoch loop stays in Python (only the batch step is compiled); progress goes to a callback
so the library never prints.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from . import __version__
from .config import DataSpec, TrainConfig
from .data import LoadedSeries, file_fingerprint, load_series
from .engine import LSTMForecaster
from .errors import InputError, TrainingError
from .fsio import atomic_write_text
from .metrics import baseline_forecasts, evaluate
from .persist import json_safe, save_model
from .transforms import Scaler, apply_transform, invert_transform, resolve_transform
from .windows import sliding_windows, split_by_origin

MAX_DIVERGENCE_RETRIES = 2  # each retry divides the learning rate by 10
MANIFEST_DIGEST = "manifest_sha256"  # manifest key: checksum of the rest of the manifest
MAX_ABS_VALUE = 1e100  # larger values overflow the scaling statistics (their squares, summed)


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
class Prepared:
    """A series cut into model-ready windows, with everything needed to undo the scaling."""

    series: LoadedSeries
    kind: str  # resolved target transform
    kind_reason: str
    target_scaler: Scaler
    feature_scaler: Scaler | None
    X: np.ndarray  # (N, T, D) windows of scaled inputs
    Y: np.ndarray  # (N, K) scaled transformed targets
    origins: np.ndarray  # (N,) row index of each window's last input row


@dataclass
class TrainResult:
    model_path: str
    metrics_path: str | None
    manifest: dict
    metrics: dict
    notes: list[str] = field(default_factory=list)
    interrupted: bool = False


# --------------------------------------------------------------------------- prepare


def model_inputs(levels, features, kind, target_scaler, feature_scaler):
    """Per-row inputs (n, D) and targets (n,): the scaled transformed target, then the scaled
    features. Row 0 is NaN for differencing transforms."""
    z = target_scaler.transform(apply_transform(kind, levels))
    columns = [z[:, None]]
    if feature_scaler is not None:
        columns.append(feature_scaler.transform(features))
    return np.hstack(columns), z


def prepare(series: LoadedSeries, cfg: TrainConfig, fit_rows: int, kind: str | None = None):
    """Fit the transform and scalers on rows [0, fit_rows) only and cut all windows."""
    levels = series.values[:, 0]
    features = series.values[:, 1:] if series.values.shape[1] > 1 else None
    too_big = np.abs(series.values) > MAX_ABS_VALUE
    if too_big.any():
        row, col = (int(i[0]) for i in np.nonzero(too_big))
        name = (series.target_col, *series.feature_cols)[col]
        raise InputError(
            f"{series.path}: column {name!r} has {series.values[row, col]:g} at "
            f"{format_stamp(series.time[row])}, too large to model (limit {MAX_ABS_VALUE:g}); "
            "rescale the column, e.g. divide it by a power of 10")
    if "log-diff" in (kind, cfg.transform):
        _require_positive(series)
    if kind is None:
        kind, reason = resolve_transform(cfg.transform, levels[:fit_rows], series.target_col)
    else:
        reason = "as at training"
    if kind == "log-diff":
        _require_positive(series)
    z_all = apply_transform(kind, levels)
    start = 1 if kind != "none" else 0
    target_scaler = Scaler.fit(z_all[start:fit_rows])
    feature_scaler = Scaler.fit(features[:fit_rows]) if features is not None else None
    inputs, z = model_inputs(levels, features, kind, target_scaler, feature_scaler)
    X, Y, origins = sliding_windows(inputs[start:], z[start:], cfg.lookback, cfg.horizon)
    return Prepared(series, kind, reason, target_scaler, feature_scaler, X, Y, origins + start)


def _require_positive(series: LoadedSeries) -> None:
    levels = series.values[:, 0]
    bad = np.flatnonzero(~(levels > 0))
    if bad.size:
        raise InputError(
            f"{series.path}: the log-diff transform needs values > 0, but column "
            f"{series.target_col!r} has {levels[bad[0]]:g} at {format_stamp(series.time[bad[0]])} "
            f"({bad.size} value{'s' if bad.size > 1 else ''} <= 0); use --transform diff or none")


def to_levels(kind: str, target_scaler: Scaler, last_levels: np.ndarray,
              scaled: np.ndarray) -> np.ndarray:
    """(N, K) scaled model outputs -> (N, K) forecasts in the target's own units, given the
    level (N,) at each forecast origin."""
    steps = target_scaler.inverse(scaled.astype(np.float64).reshape(-1)).reshape(scaled.shape)
    return invert_transform(kind, last_levels, steps)


# --------------------------------------------------------------------------- fit


def _batches(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def _val_loss(model, X, Y) -> float:
    if len(X) == 0:
        return float("nan")
    pred = model.predict(X).astype(np.float64)
    return float(np.mean((pred - Y) ** 2))


def fit(
    model: LSTMForecaster,
    cfg: TrainConfig,
    X: np.ndarray,
    Y: np.ndarray,
    X_val: np.ndarray | None = None,
    Y_val: np.ndarray | None = None,
    epochs: int | None = None,
    phase: str = "fit",
    on_epoch: Callable[[Epoch], None] | None = None,
) -> dict:
    """Mini-batch AdamW epochs with early stopping on the validation loss (best weights restored).

    Without validation data it runs exactly ``epochs`` epochs. A non-finite loss raises
    FloatingPointError at once, leaving the caller to retry or give up. Ctrl-C
    (KeyboardInterrupt) propagates after the best weights so far are restored, with the
    summary attached as ``exc.fit_summary``.
    """
    epochs = cfg.epochs if epochs is None else epochs
    rng = np.random.default_rng([cfg.seed, 2])
    validate = X_val is not None and len(X_val) > 0
    best, best_epoch, best_theta = np.inf, 0, model.theta.copy()
    t0 = time.perf_counter()
    history = []
    epoch = 0
    try:
        for epoch in range(1, epochs + 1):
            losses = []
            for idx in _batches(len(X), cfg.batch_size, rng):
                loss = model.step(X[idx], Y[idx])
                if not np.isfinite(loss):
                    raise FloatingPointError(f"loss became {loss} at epoch {epoch}")
                losses.append(loss * len(idx))
            train_loss = float(np.sum(losses) / len(X))
            val = _val_loss(model, X_val, Y_val) if validate else None
            if validate and not np.isfinite(val):
                raise FloatingPointError(f"validation loss became {val} at epoch {epoch}")
            history.append((train_loss, val))
            if validate and val < best:
                best, best_epoch, best_theta = val, epoch, model.theta.copy()
            if on_epoch is not None:
                on_epoch(Epoch(phase, epoch, epochs, train_loss, val,
                               best if validate else None, best_epoch if validate else None,
                               time.perf_counter() - t0))
            if validate and epoch - best_epoch >= cfg.patience:
                break
    except KeyboardInterrupt as exc:
        if validate and best_epoch > 0:
            model.set_params(best_theta)
        exc.fit_summary = {"epochs_run": epoch - 1, "best_epoch": best_epoch,
                           "best_val_loss": best if best_epoch else None}
        raise
    if validate:
        model.set_params(best_theta)
    else:
        best_epoch = epoch
    return {"epochs_run": epoch, "best_epoch": best_epoch,
            "best_val_loss": float(best) if validate else None,
            "seconds": time.perf_counter() - t0, "history": history}


def _new_model(cfg: TrainConfig, input_size: int, lr: float) -> LSTMForecaster:
    return LSTMForecaster(input_size, cfg.hidden, cfg.layers, cfg.horizon, dropout=cfg.dropout,
                          dtype=cfg.dtype, seed=cfg.seed, lr=lr, weight_decay=cfg.weight_decay,
                          clip=cfg.clip, loss=cfg.loss)


def fit_with_retries(cfg, input_size, data, note, **kwargs):
    """``fit`` a fresh model; when the loss diverges, start again with a 10x smaller rate.

    On Ctrl-C the KeyboardInterrupt carries ``fit_model`` (best weights so far restored) and
    ``fit_summary``.
    """
    lr = cfg.lr
    for attempt in range(MAX_DIVERGENCE_RETRIES + 1):
        model = _new_model(cfg, input_size, lr)
        try:
            summary = fit(model, cfg, *data, **kwargs)
            summary["lr"] = lr
            return model, summary
        except KeyboardInterrupt as exc:
            exc.fit_model = model
            exc.fit_summary["lr"] = lr
            raise
        except FloatingPointError as err:
            if attempt == MAX_DIVERGENCE_RETRIES:
                raise TrainingError(
                    f"training diverged ({err}) even with learning rate {lr:g}; nothing was "
                    "saved. Check the data for extreme values, or lower --lr"
                ) from None
            note(f"training diverged ({err}) with learning rate {lr:g}; "
                 f"retrying with {lr / 10:g}")
            lr /= 10
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------- evaluate


def evaluate_model(model, prep: Prepared, idx_test, train_end: int, season: int | None) -> dict:
    """Rolling-origin forecasts from every test origin, scored with the baselines on the same
    points, in the target's own units."""
    levels = prep.series.values[:, 0]
    origins = prep.origins[idx_test]
    K = prep.Y.shape[1]
    forecasts = {"model": to_levels(prep.kind, prep.target_scaler, levels[origins],
                                    model.predict(prep.X[idx_test]))}
    forecasts.update(baseline_forecasts(levels, origins, K, season))
    actual = levels[origins[:, None] + np.arange(1, K + 1)]
    scores = evaluate(actual, forecasts, levels[origins], levels[:train_end], season or 1)
    skill = scores["skill"].get("model", float("nan"))
    times = prep.series.time
    scores["test_period"] = {
        "first_origin": format_stamp(times[origins[0]]),
        "last_origin": format_stamp(times[origins[-1]]),
        "origins": int(len(origins)), "horizon": int(K),
    }
    scores["beats_naive"] = bool(skill > 0)
    return scores


# --------------------------------------------------------------------------- the whole job


def format_stamp(t) -> str:
    """ISO text of a timestamp, without the time of day when it is midnight."""
    return t.strftime("%Y-%m-%d") if t == t.normalize() else t.isoformat(sep=" ")



def train_series(series: LoadedSeries, spec: DataSpec, cfg: TrainConfig,
                 on_epoch=None, on_note=None, preamble=()) -> tuple[LSTMForecaster, dict, dict,
                                                                  list[str]]:
    """Everything but the file I/O: returns (model, manifest, metrics, notes).

    Notes (``preamble`` first, e.g. the loader's) reach ``on_note`` only once the data has passed
    every check, so a bad file or flag gives one ``error:`` line and nothing else.
    """
    notes = []
    held = list(preamble)

    def note(text):
        notes.append(text)
        if held is not None:
            held.append(text)
        elif on_note is not None:
            on_note(text)

    cfg = cfg.validate().resolve(len(series.time), series.freq, series.path)
    n = len(series.time)
    val_end = n - cfg.test_size
    train_end = val_end - cfg.val_size

    prep = prepare(series, cfg, train_end)
    note(f"transform: {prep.kind} ({prep.kind_reason})")
    note(f"windows: lookback {cfg.lookback}, horizon {cfg.horizon}; rows: "
         f"{train_end} train, {cfg.val_size} validation, {cfg.test_size} test")
    idx_train, idx_val, idx_test = split_by_origin(prep.origins, train_end, val_end, cfg.horizon)
    if len(idx_train) == 0 or len(idx_test) == 0:
        raise InputError(f"{series.path}: no complete training or test window; lower "
                         "--lookback, --horizon or --test-size")
    if on_note is not None:
        for text in held:
            on_note(text)
    held = None  # from here on, notes go out as they come
    D = prep.X.shape[2]
    interrupted = None
    try:
        model, summary = fit_with_retries(
            cfg, D, (prep.X[idx_train], prep.Y[idx_train], prep.X[idx_val], prep.Y[idx_val]),
            note, on_epoch=on_epoch)
    except KeyboardInterrupt as exc:
        summary = getattr(exc, "fit_summary", None)
        if cfg.on_interrupt == "discard" or not summary or not summary["best_epoch"]:
            raise
        model, interrupted = exc.fit_model, "fit"
        note(f"interrupted after {summary['epochs_run']} epochs; keeping the best "
         f"model so far (epoch {summary['best_epoch']}), not refitted")
    metrics = evaluate_model(model, prep, idx_test, train_end, cfg.season)
    metrics["validation"] = {"best_epoch": summary["best_epoch"],
                             "best_loss": summary["best_val_loss"]}

    final, refit = prep, False
    if cfg.refit and not interrupted:
        # The saved model learns from all rows, for as many epochs as validation chose, so the
        # forecasts of a cron job start from the latest history; metrics stay the test's.
        prep_all = prepare(series, cfg, n, kind=prep.kind)
        try:
            model, _ = fit_with_retries(
                replace(cfg, lr=summary["lr"]), D, (prep_all.X, prep_all.Y, None, None), note,
                epochs=max(1, summary["best_epoch"]), phase="refit", on_epoch=on_epoch)
            final, refit = prep_all, True
        except KeyboardInterrupt:
            if cfg.on_interrupt == "discard":
                raise
            interrupted = "refit"
            note("interrupted during the refit on all data; keeping the model "
                 "evaluated on the test period")
    if not np.all(np.isfinite(model.theta)):
        raise TrainingError("training produced non-finite weights; nothing was saved. Lower "
                            "--lr or check the data for extreme values")
    manifest = build_manifest(series, spec, cfg, final, summary, refit, metrics, interrupted)
    return model, manifest, metrics, notes


def manifest_digest(manifest: dict) -> str:
    """sha256 of the manifest's canonical JSON, without the digest itself: the model file's
    array checksums do not cover the settings, scalers and dates, so this does."""
    body = {key: value for key, value in manifest.items() if key != MANIFEST_DIGEST}
    text = json.dumps(body, sort_keys=True, allow_nan=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_manifest(series, spec, cfg, prep, summary, refit, metrics, interrupted) -> dict:
    import numba

    manifest = json_safe({
        "lstmcast_version": __version__,
        "data": {
            "path": os.path.abspath(series.path),
            "fingerprint": file_fingerprint(series.path),
            "time_col": series.time_col,
            "target": series.target_col,
            "features": list(series.feature_cols),
            "date_format": series.date_format,
            "fill": spec.fill,
            "duplicates": spec.duplicates,
            "freq": series.freq,
            "freq_label": series.freq_label,
            "first_timestamp": format_stamp(series.time[0]),
            "last_timestamp": format_stamp(series.time[-1]),
            "rows": len(series.time),
        },
        "settings": cfg.to_dict(),
        "network": {"input_size": int(prep.X.shape[2]), "hidden_size": cfg.hidden,
                    "num_layers": cfg.layers, "output_size": cfg.horizon, "dtype": cfg.dtype},
        "transform": {"kind": prep.kind},
        "scaler": {
            "target": prep.target_scaler.to_dict(),
            "features": prep.feature_scaler.to_dict() if prep.feature_scaler else None,
        },
        "training": {"epochs_run": summary["epochs_run"], "best_epoch": summary["best_epoch"],
                     "best_val_loss": summary["best_val_loss"], "lr": summary["lr"],
                     "refit_on_all_data": refit, "interrupted": interrupted,
                     "threads": numba.get_num_threads()},
        "metrics": metrics,
    })
    manifest[MANIFEST_DIGEST] = manifest_digest(manifest)
    return manifest


def train_file(path, spec: DataSpec, cfg: TrainConfig, out: str, metrics_out: str | None,
               on_epoch=None, on_note=None) -> TrainResult:
    """Load ``path``, train, write the model (and metrics JSON) atomically."""
    series = load_series(path, time_col=spec.time_col, target=spec.target,
                         features=spec.features, date_format=spec.date_format, fill=spec.fill,
                         duplicates=spec.duplicates)
    model, manifest, metrics, notes = train_series(series, spec, cfg, on_epoch, on_note,
                                                   preamble=series.notes)
    save_model(out, {"theta": model.theta}, manifest)
    if metrics_out:
        atomic_write_text(metrics_out, json.dumps(manifest["metrics"], indent=2, sort_keys=True,
                                                  allow_nan=False) + "\n")
    interrupted = manifest["training"]["interrupted"]
    return TrainResult(out, metrics_out, manifest, metrics, [*series.notes, *notes],
                       interrupted=bool(interrupted))
