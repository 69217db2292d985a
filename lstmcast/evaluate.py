"""Forecasts from held-out origins scored against the baselines on exactly the same points: per
series as before, and for a panel the aggregates M4 reports (mean sMAPE and MASE, OWA against
Naive2) with each series' own figures."""

from __future__ import annotations

import numpy as np

from .baselines import naive2
from .calendar import format_stamp
from .engine import LSTMForecaster
from .metrics import baseline_forecasts, evaluate
from .panel import Panel
from .preprocess import Recipe, Rows, to_levels, windows

WORST_SHOWN = 5


def forecast_levels(models: list[LSTMForecaster], rows: Rows, origins: np.ndarray,
                    recipe: Recipe, compiled: bool = True) -> np.ndarray:
    """(B, K) forecasts in the target's units from the windows ending at ``origins``: the
    median over the ensemble's members."""
    x, _, base, scale = windows(rows, origins, recipe, with_targets=False)
    log = rows.log_mode[rows.series_of[origins]]
    levels = [to_levels(m.predict(x, compiled=compiled), base, scale, log) for m in models]
    return np.median(np.stack(levels), axis=0)


def score_test_period(models: list[LSTMForecaster], panel: Panel, rows: Rows,
                      origins: np.ndarray, recipe: Recipe, train_end: np.ndarray) -> dict:
    """Rolling-origin forecasts from every test origin, with naive, seasonal naive, drift and
    Naive2 on the same points; the MASE scale of series s comes from its rows
    [0, train_end[s])."""
    K, m = recipe.horizon, recipe.season
    model_fc = forecast_levels(models, rows, origins, recipe)
    per_series, order = {}, []
    for s, sid in enumerate(panel.ids):
        lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
        mine = (origins >= lo) & (origins < hi)
        if not mine.any():
            continue
        levels, local = panel.target[lo:hi], origins[mine] - lo
        forecasts = {"model": model_fc[mine]}
        forecasts.update(baseline_forecasts(levels, local, K, m if m > 1 else None))
        forecasts["naive2"] = np.stack([naive2(levels[: o + 1], m, K) for o in local])
        actual = levels[local[:, None] + np.arange(1, K + 1)]
        scores = evaluate(actual, forecasts, levels[local], levels[: int(train_end[s])], m)
        scores["test_period"] = {
            "first_origin": format_stamp(panel.time[lo + local[0]]),
            "last_origin": format_stamp(panel.time[lo + local[-1]]),
            "origins": int(len(local)), "horizon": int(K)}
        scores["owa"] = owa(scores["methods"])
        per_series[sid] = scores
        order.append(sid)
    if len(panel) == 1:
        scores = per_series[order[0]]
        scores["beats_naive"] = bool(scores["skill"].get("model", float("nan")) > 0)
        return scores
    return aggregate(per_series)


def owa(methods: dict) -> float | None:
    """M4's overall weighted average: mean of sMAPE and MASE relative to Naive2's."""
    try:
        model, ref = methods["model"]["overall"], methods["naive2"]["overall"]
        value = 0.5 * (model["smape"] / ref["smape"] + model["mase"] / ref["mase"])
    except (KeyError, ZeroDivisionError):
        return None
    return float(value) if np.isfinite(value) else None


def aggregate(per_series: dict[str, dict]) -> dict:
    """A panel's figures: means over series per method, OWA and skill, and each series'."""
    names = list(next(iter(per_series.values()))["methods"])

    def mean_of(method: str, metric: str) -> float:
        values = [s["methods"][method]["overall"][metric] for s in per_series.values()]
        values = [v for v in values if v is not None and np.isfinite(v)]
        return float(np.mean(values)) if values else float("nan")

    table = {name: {"smape": mean_of(name, "smape"), "mase": mean_of(name, "mase"),
                    "mae": mean_of(name, "mae")} for name in names}
    ref = table["naive2"]
    result = {
        "series_count": len(per_series),
        "points": int(sum(s["points"] for s in per_series.values())),
        "methods": table,
        "owa": float(0.5 * (table["model"]["smape"] / ref["smape"]
                            + table["model"]["mase"] / ref["mase"])),
        "skill": {name: float(1 - table["model"]["mase"] / table[name]["mase"])
                  for name in names if name != "model"},
        "relative_mae": {name: _geometric_ratio(per_series, name)
                         for name in names if name != "model"},
        "series": {sid: _series_summary(s) for sid, s in per_series.items()},
    }
    worst = sorted(result["series"], key=lambda sid: -(result["series"][sid]["mase"] or 0))
    result["worst"] = worst[:WORST_SHOWN]
    first = min(s["test_period"]["first_origin"] for s in per_series.values())
    last = max(s["test_period"]["last_origin"] for s in per_series.values())
    result["test_period"] = {"first_origin": first, "last_origin": last,
                             "origins": int(sum(s["test_period"]["origins"]
                                                for s in per_series.values())),
                             "horizon": next(iter(per_series.values()))["test_period"]["horizon"]}
    result["beats_naive"] = bool(result["skill"].get("naive", float("nan")) > 0)
    return result


def _geometric_ratio(per_series: dict, name: str) -> float:
    """Geometric mean over series of MAE(model) / MAE(name), over series where both are > 0."""
    ratios = []
    for s in per_series.values():
        a, b = s["methods"]["model"]["overall"]["mae"], s["methods"][name]["overall"]["mae"]
        if a > 0 and b > 0 and np.isfinite(a) and np.isfinite(b):
            ratios.append(np.log(a / b))
    return float(np.exp(np.mean(ratios))) if ratios else float("nan")


def _series_summary(scores: dict) -> dict:
    model = scores["methods"]["model"]["overall"]
    return {"mae": model["mae"], "smape": model["smape"], "mase": model["mase"],
            "naive_mae": scores["methods"]["naive"]["overall"]["mae"],
            "skill": scores["skill"].get("model"), "owa": scores["owa"],
            "origins": scores["test_period"]["origins"]}
