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


def manifest_summary(manifest: dict, path: str) -> None:
    """Print a model file's essentials to stdout."""
    from rich.console import Console

    console = Console(highlight=False)
    data, settings = manifest.get("data", {}), manifest.get("settings", {})
    training, net = manifest.get("training", {}), manifest.get("network", {})
    series = manifest.get("series") or [{}]
    kinds = sorted({s.get("transform", {}).get("kind") for s in series})
    lines = [
        f"model: {path} (lstmcast {manifest.get('lstmcast_version')}, "
        f"format {manifest.get('format_version', '?')})",
        f"data: {data.get('path')} ({data.get('rows')} rows, {data.get('freq_label')}, "
        f"{data.get('first_timestamp')} .. {data.get('last_timestamp')})",
        f"columns: time {data.get('time_col')!r}, target {data.get('target')!r}, "
        f"features {data.get('features')}",
        f"transform: {', '.join(map(str, kinds))}",
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
