"""What the commands run, as library calls: a file in, the model (or backtest) out, the work on
an executor. The pipelines themselves are ``train``, ``per_series`` and ``backtest``.

    result = train_file("prices.csv", Settings.build(horizon=7))
"""

from __future__ import annotations

import json
import os

from .bundle import check_not_replacing, save_bundle
from .config import Settings
from .data import load_panel
from .engine import compile_kernels, kernels_cached
from .errors import InputError
from .fsio import (
    atomic_open,
    atomic_write_text,
    check_apart,
    check_replaces_its_kind,
    check_writable,
    is_stream,
    write_error,
)
from .parallel import IN_PROCESS
from .per_series import PerSeriesResult, train_per_series
from .persist import json_safe, save_model
from .train import TrainResult, train_panel


def train_file(path, settings: Settings, on_epoch=None, on_note=None, on_compile=None,
               on_warning=None, executor=None) -> TrainResult | PerSeriesResult:
    """Load ``path``, train one global model (its ensemble members on ``executor``) or, with
    ``per_series``, one model per series (on ``executor``), write the model file and the
    metrics JSON atomically (beside the model unless ``metrics_out`` says where)."""
    if settings.output.metrics_out is None:  # ('': refused below, as an unset variable's)
        settings = settings.replace(metrics_out=default_metrics_path(settings.output.out))
    out = settings.output
    if out.out == "-":
        raise InputError("a model file is a zip archive, not text for standard output; give "
                         "--out a file name")
    check_apart({"--out": out.out, "--metrics-out": out.metrics_out})
    for target in (out.out, out.metrics_out):
        if target is not None and target != "-":
            check_writable(target, reads=(path,))
            check_not_replacing(target, model=target == out.out)
            if target != out.out:
                check_replaces_its_kind(target, "metrics")
    if on_note is not None and (size := _size(path)) >= SAID_SIZE:  # (40 s silent on 41 MB)
        on_note(f"reading {path} ({size / 1e6:.0f} MB)")
    panel = load_panel(path, settings.data)
    if settings.fit.per_series and len(panel) > 1:
        for text in panel.notes:
            tell = on_warning if text in panel.warnings else on_note
            if tell is not None:
                tell(text)
        if not kernels_cached(settings.model.dtype):
            if on_compile is not None:
                on_compile()
            compile_kernels(settings.model.dtype)
        result = train_per_series(panel, settings, executor, on_note)
        for text in result.warnings:
            if on_warning is not None:
                on_warning(text)
        _saved_with_metrics(out.metrics_out, result.metrics, lambda: save_model(
            out.out, result.arrays, result.manifest))
    else:
        result = train_panel(panel, settings, on_epoch, on_note, on_compile, on_warning,
                             executor)
        result.metrics["execution"] = IN_PROCESS if executor is None else executor.info()
        _saved_with_metrics(out.metrics_out, result.metrics, lambda: save_bundle(
            out.out, result.models, result.manifest, result.calibration, result.test_paths))
    return result


SAID_SIZE = 20_000_000  # bytes of a file from which its reading is said before it starts


def _size(path) -> int:
    try:
        return os.path.getsize(path)
    except (OSError, TypeError, ValueError):  # (stdin, a pipe)
        return 0


def _saved_with_metrics(path: str | None, metrics: dict, save) -> None:
    """``save()`` the model, and write the metrics JSON to ``path`` (none for None or '-'):
    on the disk before the model replaces the old one, and put in place after it, so a full
    disk leaves the old pair, not a new model beside the old metrics."""
    if not path or path == "-" or is_stream(path):  # (/dev/null, a pipe: no fsync, no rename)
        save()
        write_metrics(path, metrics)
        return
    with atomic_open(path, "w") as f:
        try:
            f.write(metrics_json(metrics))
            f.flush()
            os.fsync(f.fileno())
        except OSError as err:
            raise write_error(path, err) from err
        save()


def metrics_json(metrics: dict) -> str:
    """The metrics as JSON text; undefined figures (a constant series' MASE) as null."""
    return json.dumps(json_safe(metrics), indent=2, sort_keys=True, allow_nan=False) + "\n"


def write_metrics(path: str | None, metrics: dict) -> None:
    """The metrics JSON to ``path``, atomically (none for None or '-', which the CLI sends to
    stdout)."""
    if path and path != "-":
        atomic_write_text(path, metrics_json(metrics))


def default_metrics_path(model_path: str) -> str | None:
    """Beside the model file; none beside a device or a pipe (`--out /dev/null`)."""
    root, ext = os.path.splitext(model_path)
    return None if is_stream(model_path) else (
        root if ext == ".lstmcast" else model_path) + ".metrics.json"
