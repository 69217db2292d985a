"""Training, top to bottom: load → preprocess → window → fit → evaluate → refit → bundle.

    result = train_file("prices.csv", Settings.build(horizon=7))

The library never prints: progress goes to ``on_epoch`` and notes to ``on_note``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from .bundle import build_manifest, save_bundle
from .config import Settings
from .data import load_panel
from .engine import LSTMForecaster
from .errors import InputError, TrainingError
from .evaluate import score_test_period
from .fit import FitResult, Windows, fit_with_retries
from .fsio import atomic_write_text
from .panel import Panel
from .preprocess import fit_state, model_inputs
from .windows import split_by_origin, window_origins


@dataclass
class TrainResult:
    model: LSTMForecaster
    manifest: dict
    metrics: dict
    notes: list[str] = field(default_factory=list)
    interrupted: bool = False


def train_file(path, settings: Settings, on_epoch=None, on_note=None) -> TrainResult:
    """Load ``path``, train, write the model (and the metrics JSON) atomically."""
    panel = load_panel(path, settings.data)
    result = train_panel(panel, settings, on_epoch, on_note)
    out = settings.output
    save_bundle(out.out, result.model, result.manifest)
    if out.metrics_out:
        atomic_write_text(out.metrics_out, json.dumps(result.metrics, indent=2, sort_keys=True,
                                                      allow_nan=False) + "\n")
    return result


def train_panel(panel: Panel, settings: Settings, on_epoch=None, on_note=None) -> TrainResult:
    """Everything but the file I/O.

    Notes (the loader's first) reach ``on_note`` only once the data has passed every check, so
    a bad file or flag gives one ``error:`` line and nothing else.
    """
    notes: list[str] = []
    held: list[str] | None = list(panel.notes)

    def note(text: str) -> None:
        notes.append(text)
        if held is not None:
            held.append(text)
        elif on_note is not None:
            on_note(text)

    series = panel.series(0)
    n = len(series.time)
    settings = settings.validate().resolve(n, panel.freq, panel.path)
    m, ev = settings.model, settings.eval
    val_end = n - ev.test_size
    train_end = val_end - ev.val_size
    names = (panel.target_col, *panel.feature_cols)

    # Preprocess with statistics of the training rows only, then window every row.
    state = fit_state(series, m.transform, train_end, names, panel.path)
    inputs, z = model_inputs(state, series.target, series.features)
    windows = Windows(inputs, z, window_origins(n, state.rows_used, m.lookback, m.horizon),
                      m.lookback, m.horizon)
    note(f"transform: {state.kind} ({state.reason})")
    note(f"windows: lookback {m.lookback}, horizon {m.horizon}; rows: "
         f"{train_end} train, {ev.val_size} validation, {ev.test_size} test")
    idx_train, idx_val, idx_test = split_by_origin(windows.origins, train_end, val_end,
                                                   m.horizon)
    if len(idx_train) == 0 or len(idx_test) == 0:
        raise InputError(f"{panel.path}: no complete training or test window",
                         advice=[(("--lookback", "--horizon", "--test-size"),
                                  "lower --lookback, --horizon or --test-size")],
                         fallback="use a shorter window or test period")
    if on_note is not None:
        for text in held:
            on_note(text)
    held = None  # from here on, notes go out as they come

    # Fit with early stopping on the validation windows, then score the test period.
    fitted = fit_with_retries(m, settings.fit, inputs.shape[1], windows.subset(idx_train),
                              windows.subset(idx_val), note, on_epoch=on_epoch)
    interrupted = _interrupted(fitted, settings, note, "fit")
    model = fitted.model
    metrics = score_test_period(model, state, series, windows.subset(idx_test), train_end,
                                ev.season)
    metrics["validation"] = {"best_epoch": fitted.best_epoch, "best_loss": fitted.best_val_loss}

    refit = False
    if settings.fit.refit and not interrupted:
        # The saved model learns from all rows, for as many epochs as validation chose, so the
        # forecasts of a cron job start from the latest history; metrics stay the test's.
        state_all = fit_state(series, m.transform, n, names, panel.path, kind=state.kind)
        inputs, z = model_inputs(state_all, series.target, series.features)
        every = Windows(inputs, z, windows.origins, m.lookback, m.horizon)
        refitted = fit_with_retries(m, settings.fit, inputs.shape[1], every, None, note,
                                    lr=fitted.lr, epochs=max(1, fitted.best_epoch),
                                    phase="refit", on_epoch=on_epoch)
        interrupted = _interrupted(refitted, settings, note, "refit")
        if not interrupted:
            model, state, refit = refitted.model, state_all, True
    if not np.all(np.isfinite(model.theta)):
        raise TrainingError("training produced non-finite weights; nothing was saved",
                            advice=[(("--lr",), "lower --lr or check the data for extreme "
                                     "values")], fallback="check the data for extreme values")
    training = {**fitted.summary(), "refit_on_all_data": refit, "interrupted": interrupted,
                "threads": _threads()}
    manifest = build_manifest(panel, settings, model, [state], training, metrics)
    return TrainResult(model, manifest, metrics, [*panel.notes, *notes],
                       interrupted=bool(interrupted))


def _interrupted(result: FitResult, settings: Settings, note, phase: str) -> str | None:
    """None when ``result`` ran to its end; the phase when Ctrl-C stopped it and the best model
    so far is kept; re-raises the interrupt when nothing can be kept."""
    if result.stop != "interrupted":
        return None
    if settings.fit.on_interrupt == "discard" or (phase == "fit" and not result.best_epoch):
        raise KeyboardInterrupt
    if phase == "fit":
        note(f"interrupted after {result.epochs_run} epochs; keeping the best model so far "
             f"(epoch {result.best_epoch}), not refitted")
    else:
        note("interrupted during the refit on all data; keeping the model evaluated on the "
             "test period")
    return phase


def _threads() -> int:
    import numba

    return numba.get_num_threads()
