"""One model per series of a panel (``train --per-series``): each series through the ``train``
pipeline on its own, as independent tasks for an executor, in chunks.

A series' model is exactly what ``train`` gives on a file of that series alone, with the seed
derived from the run's seed and the series id (``stable_seed``), so it does not depend on which
other series were in the file, how they were chunked or where the task ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .bundle import bundle_arrays, per_series_manifest
from .config import Settings
from .data.panels import summarise_notes
from .engine import compile_kernels
from .errors import InputError, LstmcastError
from .evaluate import FEW_ORIGINS, aggregate, panel_verdicts
from .panel import Panel
from .parallel import IN_PROCESS, stable_seed
from .train import train_panel
from .verdict import BETTER

TASKS_PER_RUN = 64  # chunks of series: enough to keep every worker busy, few enough that each
# task carries seconds of work (one series' training), not milliseconds of overhead


@dataclass
class SeriesChunk:
    panel: Panel  # the chunk's series
    settings: Settings


@dataclass
class SeriesModel:
    """One series' trained model as a model file stores it, with its test figures."""

    sid: str
    manifest: dict | None  # None when the series could not be trained (see ``skipped``)
    arrays: dict = field(default_factory=dict)
    skipped: str = ""


@dataclass
class PerSeriesResult:
    manifest: dict
    arrays: dict
    metrics: dict
    warnings: list[str]  # series that could not be trained, and why
    interrupted: bool = False  # as TrainResult's; never True: Ctrl-C ends the run (train_chunk)


def train_chunk(task: SeriesChunk) -> list[SeriesModel]:
    """Each series of the chunk trained alone; a series too short to train is skipped."""
    done = []
    for sid, rows in zip(task.panel.ids, task.panel.lengths, strict=True):
        seed = stable_seed(task.settings.fit.seed, sid)
        if rows < 2:  # no step to learn from
            done.append(SeriesModel(sid, None, skipped="1 row, too few to train a model of its "
                                    "own (2 at least; a global model forecasts it by its "
                                    "last value)"))
            continue
        try:
            result = train_panel(task.panel.select([sid]), task.settings.replace(seed=seed))
        except InputError as err:
            done.append(SeriesModel(sid, None, skipped=err.describe(())))
            continue
        if result.interrupted:  # Ctrl-C: one series' best-so-far model is no model of all
            raise KeyboardInterrupt
        arrays = bundle_arrays(result.models, result.calibration, result.test_paths)
        done.append(SeriesModel(sid, result.manifest, arrays))
    return done


def train_per_series(panel: Panel, settings: Settings, executor=None,
                     on_note=None) -> PerSeriesResult:
    """Every series of ``panel`` with a model of its own; the metrics aggregate them as a
    global model's do (means over series, OWA, verdict across series)."""
    settings = settings.for_training()  # once, not as each series' reason to be skipped
    panel = panel.by_id()  # the same model file, whatever the order of the file's series
    chunks = [list(c) for c in np.array_split(np.asarray(panel.ids, dtype=object),
                                              min(len(panel), TASKS_PER_RUN)) if len(c)]
    tasks = [SeriesChunk(panel.select(c), settings) for c in chunks]
    if on_note is not None:
        on_note(f"per-series models: {len(panel)} series in {len(tasks)} tasks")
    if executor is None or executor.engine == "local":
        results, done = [], 0
        for task in tasks:  # (minutes of work for thousands of series: said as it goes)
            results.append(train_chunk(task))
            done += len(task.panel)
            if on_note is not None and len(tasks) > 1:
                on_note(f"per-series models: {done} of {len(panel)} series trained")
    else:
        dtype = settings.model.dtype
        results = executor.map(train_chunk, tasks, name="series",
                               warm=lambda: compile_kernels(dtype),
                               on_done=None if on_note is None else lambda n: on_note(
                                   f"per-series models: {n} of {len(tasks)} tasks done"))
    models = [m for chunk in results for m in chunk]
    warnings = summarise_notes([(m.sid, f"skipped: {m.skipped}") for m in models if m.skipped],
                               kind="warning")  # (a few, and how many more: 18 of 300 lines)
    trained = [m for m in models if m.manifest is not None]
    if not trained:
        raise InputError(f"{panel.path}: no series could be trained on its own ({warnings[0]})",
                         fallback="use a global model (without --per-series) or longer series")
    metrics = _aggregate_metrics(trained)
    manifest = per_series_manifest(panel, settings, [m.manifest for m in trained], metrics,
                                   [m.sid for m in models if m.skipped])
    # where it ran goes to the metrics only: the model file is the same bytes wherever it ran
    metrics["execution"] = IN_PROCESS if executor is None else executor.info()
    arrays = {f"s{i}_{name}": array for i, m in enumerate(trained)
              for name, array in m.arrays.items()}
    return PerSeriesResult(manifest, arrays, metrics, warnings)


def _aggregate_metrics(trained: list[SeriesModel]) -> dict:
    """The panel's figures from each series' own test period."""
    per_series = {m.sid: m.manifest["metrics"] for m in trained}
    if any("methods" not in s for s in per_series.values()):
        raise LstmcastError("a per-series model has no test metrics")
    metrics = aggregate(per_series)
    scales = {}
    for sid, s in per_series.items():
        model = s["methods"]["model"]["overall"]
        mase = model.get("mase")
        scales[sid] = model["mae"] / mase if mase else float("nan")  # MASE = MAE / scale
    metrics["verdict"] = panel_verdicts(per_series, scales)
    metrics["beats_naive"] = metrics["verdict"]["naive"]["verdict"] == BETTER
    metrics["test_period"]["few_origins"] = bool(metrics["test_period"]["origins"] < FEW_ORIGINS)
    points = np.array([s["points"] for s in per_series.values()], dtype=float)
    intervals = [s.get("intervals", {}) for s in per_series.values()]
    levels = sorted({v for i in intervals for v in i.get("coverage", {})}, key=float)
    metrics["intervals"] = {
        "coverage": {v: _weighted([i.get("coverage", {}).get(v) for i in intervals], points)
                     for v in levels},
        "msis": _weighted([i.get("msis") for i in intervals], np.ones_like(points)),
    }
    return metrics


def _weighted(values, weights) -> float:
    v = np.array([np.nan if x is None else x for x in values], dtype=float)
    ok = np.isfinite(v)
    return float(np.average(v[ok], weights=weights[ok])) if ok.any() else float("nan")
