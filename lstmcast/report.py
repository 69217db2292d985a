"""Tables for people: test-period metrics against the baselines, and a model file summary."""

from __future__ import annotations

import math

from rich.table import Table

COLUMNS = (("mae", "MAE"), ("rmse", "RMSE"), ("mape", "MAPE %"), ("smape", "sMAPE %"),
           ("mase", "MASE"), ("directional_accuracy", "Dir. acc. %"))


def _num(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.4g}"


def metrics_table(metrics: dict, manifest: dict) -> Table:
    if "series" in metrics:
        return panel_table(metrics, manifest)
    period = metrics["test_period"]
    title = (f"Test period: {period['origins']} forecasts of {period['horizon']} step(s) from "
             f"{period['first_origin']} to {period['last_origin']} "
             f"({manifest['data']['target']})")
    table = Table(title=title, title_justify="left")
    table.add_column("method")
    for _, label in COLUMNS:
        table.add_column(label, justify="right")
    table.add_column("skill", justify="right")
    for name, scores in metrics["methods"].items():
        overall = scores["overall"]
        skill = metrics["skill"].get(name)
        table.add_row(name, *[_num(overall[key]) for key, _ in COLUMNS],
                      "-" if name == "naive" else _num(skill))
    table.caption = "skill = 1 - MAE / MAE of the naive forecast (> 0 beats it)"
    return table


def panel_table(metrics: dict, manifest: dict) -> Table:
    """A panel's test period: each method's mean sMAPE and MASE over the series, OWA against
    Naive2 and skill, then the worst few series."""
    period = metrics["test_period"]
    title = (f"Test period: {metrics['series_count']} series, {period['origins']} forecasts of "
             f"{period['horizon']} step(s) from {period['first_origin']} to "
             f"{period['last_origin']}")
    table = Table(title=title, title_justify="left")
    for label in ("method", "sMAPE %", "MASE", "skill", "rel. MAE"):
        table.add_column(label, justify="left" if label == "method" else "right")
    for name, scores in metrics["methods"].items():
        table.add_row(name, _num(scores["smape"]), _num(scores["mase"]),
                      "-" if name == "model" else _num(metrics["skill"].get(name)),
                      "-" if name == "model" else _num(metrics["relative_mae"].get(name)))
    worst = ", ".join(f"{sid} (MASE {_num(metrics['series'][sid]['mase'])})"
                      for sid in metrics["worst"])
    table.caption = (f"OWA {_num(metrics['owa'])} (vs Naive2; < 1 beats it); skill = 1 - MASE "
                     f"/ MASE of the method; rel. MAE = geometric mean over series of MAE / "
                     f"MAE of the method; worst: {worst}")
    return table


def manifest_summary(manifest: dict, path: str) -> None:
    """Print a model file's essentials to stdout."""
    from rich.console import Console

    console = Console(highlight=False)
    data, settings = manifest.get("data", {}), manifest.get("settings", {})
    training, net = manifest.get("training", {}), manifest.get("network", {})
    series = manifest.get("series") or [{}]
    kinds = sorted({f"{s.get('mode')} to {s.get('base')}" for s in series})
    lines = [
        f"model: {path} (lstmcast {manifest.get('lstmcast_version')}, "
        f"format {manifest.get('format_version', '?')})",
        f"data: {data.get('path')} ({data.get('rows')} rows, {data.get('freq_label')}, "
        f"{data.get('first_timestamp')} .. {data.get('last_timestamp')})",
        f"columns: time {data.get('time_col')!r}, target {data.get('target')!r}, "
        f"features {data.get('features')}",
        f"series: {len(series)}; windows: {', '.join(kinds)}",
        f"network: {net.get('num_layers')} x LSTM({net.get('hidden_size')}) -> "
        f"{net.get('output_size')} step(s), {net.get('dtype')}",
        f"training: {training.get('epochs_run')} epochs, best {training.get('best_epoch')}, "
        f"refit on all data: {training.get('refit_on_all_data')}",
    ]
    for group, values in settings.items():
        shown = ", ".join(f"{k} {v}" for k, v in values.items())
        lines.append(f"settings [{group}]: {shown}")
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)
    if "metrics" in manifest:
        console.print(metrics_table(manifest["metrics"], manifest))
