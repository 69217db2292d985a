"""Forecasts from held-out origins scored against the baselines on exactly the same points: per
series as before, and for a panel the aggregates M4 reports (mean sMAPE and MASE, OWA against
Naive2) with each series' own figures. Each also gets a verdict against naive and seasonal naive:
is the model better by more than noise (Diebold–Mariano, see verdict.py)?"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .baselines import naive2_at
from .bases import BASES
from .bundle import test_path_arrays
from .calendar import data_stamp, stamp_order
from .calibrate import calibrate_ensemble
from .engine import LSTMForecaster
from .metrics import baseline_forecasts, evaluate, naive_scale
from .panel import Panel, by_series
from .preprocess import Recipe, Rows, in_target_units, panel_rows, to_levels, windows
from .state_words import describe_states, reason_of
from .theta import theta_at
from .verdict import BETTER, WORSE, dm_test, dm_test_across_series, origin_losses
from .windows import panel_origins

WORST_SHOWN = 5
VERDICT_BASELINES = ("naive", "seasonal_naive")
# Below this many scored origins a single series' verdict is flagged as shaky: the DM test's
# t approximation and its HAC variance (lag K - 1 over overlapping origins) need far more
# origins than lags to be trusted, and with few origins a K-step horizon leaves only a handful
# of non-overlapping forecasts. For a panel the count is the total over its series. One series
# with no more origins than steps is flagged however many: every forecast then overlaps every
# other and the test has nothing to go on (no p: ``verdict``).
FEW_ORIGINS = 30
# A forecast is flat (no direction to score) when it stays within this fraction of the last level.
FLAT_TOLERANCE = 1e-12
# A window is one value when each normalised input is this near 0 (7.8 and 7.800000000000001)
FLAT_INPUT = 1e-9


def forecast_levels(models: list[LSTMForecaster], rows: Rows, origins: np.ndarray,
                    recipe: Recipe, compiled: bool = True) -> np.ndarray:
    """(B, K) forecasts in the target's units from the windows ending at ``origins``: the
    median over the ensemble's members (``in_target_units``), or its mean with Theta's where
    the recipe says so (``combine``). A window of one value repeated
    (a pegged currency, a counter stuck at 0; its features too) on a base that reads no row
    before it (the last value, seasonal naive) is forecast by that value: the network sees
    nothing to correct it by, and its bias, the panel's average move, moved 200 rows of 5.0
    to 5.00088 in a zero-width interval that left 5.0 out."""
    if not len(origins):  # no validation period (a series too short for one)
        return np.empty((0, recipe.horizon))
    x, _, base, scale = windows(rows, origins, recipe, with_targets=False)
    series = rows.series_of[origins]
    log = rows.log_mode[series]
    networks = replace(recipe, theta_mean=0)  # (the rows the base reads, not Theta's)
    inside = np.array([networks.rows_reached(kind) == recipe.lookback for kind in BASES])
    flat = inside[rows.base_kind[series]] & (np.abs(x) <= FLAT_INPUT).all(axis=(1, 2))
    levels = [to_levels(np.where(flat[:, None], 0.0, m.predict(x, compiled=compiled)), base,
                        scale, log) for m in models]
    levels = in_target_units(np.median(np.stack(levels), axis=0), rows, origins, recipe.season)
    return with_theta(levels, rows, origins, recipe) if recipe.theta_mean else levels


def with_theta(levels: np.ndarray, rows: Rows, origins: np.ndarray, recipe: Recipe) -> np.ndarray:
    """(B, K) the mean of the networks' forecasts ``levels`` from ``origins`` and Theta's
    (``theta``), which go out as the networks' do (``in_target_units``)."""
    series = rows.series_of[origins]
    theta = theta_at(rows.target, origins, rows.starts[series], rows.log_mode[series],
                     recipe.season, recipe.horizon, recipe.theta_mean)
    return (levels + in_target_units(theta, rows, origins, recipe.season)) / 2


def test_period(models: list[LSTMForecaster], panel: Panel, rows: Rows, recipe: Recipe,
                val_o: np.ndarray, test_o: np.ndarray, train_end: np.ndarray,
                test_start: np.ndarray, forecasts: tuple | None = None
                ) -> tuple[dict, np.ndarray, dict]:
    """The model's forecasts from the validation and test origins (``forecasts``, where
    already made): the test period's metrics (``score_test_period``, with its interval
    figures), the calibration of the intervals, and the test-period paths a plot draws (one
    horizon apart from each series' row ``test_start``)."""
    val_fc, test_fc = forecasts or [forecast_levels(models, rows, o, recipe)
                                    for o in (val_o, test_o)]
    metrics = score_test_period(models, panel, rows, test_o, recipe, train_end, model_fc=test_fc)
    calibration, metrics["intervals"] = calibrate_ensemble(
        panel, rows, recipe, (val_o, val_fc), (test_o, test_fc), train_end)
    K = recipe.horizon
    paths = panel_origins(panel.indptr, recipe.lookback, K, test_start, panel.lengths, K)
    return metrics, calibration, test_path_arrays(
        panel, paths, test_fc[np.searchsorted(test_o, paths)])


def saved_states(models: list[LSTMForecaster], panel: Panel, tested: list, chosen: list,
                 origins: np.ndarray, recipe: Recipe, metrics: dict) -> tuple[list, str, bool]:
    """The states saved where no network learned: the ``chosen`` (on every row) where each
    forecast the test period no worse than the ``tested`` (``no_worse_on_test``), then seasonal
    naive where the test period found it clearly better (``seasonal_if_better``); what to say
    of them ('': the tested, as scored); and whether the test period is to be scored again
    (seasonal naive's figures, not the last value's: the model file forecasts seasonal naive)."""
    kept = no_worse_on_test(models, panel, chosen, tested, origins, recipe)
    if (better := seasonal_if_better(kept, metrics, recipe.season, panel.ids)) != kept:
        return better, (f"saved base: {describe_states(better)}, which the test period found "
                        "clearly better than the bases it tested (the figures are seasonal "
                        "naive's on the test period that chose it)"), True
    return kept, (f"saved base, chosen on all rows: {describe_states(kept)} (the test period's "
                  f"figures are the base it tested: {describe_states(tested)})") * (
                      kept != tested), False


def no_worse_on_test(models: list[LSTMForecaster], panel: Panel, chosen: list, tested: list,
                     origins: np.ndarray, recipe: Recipe) -> list:
    """Each series' ``chosen`` state (a base chosen on every row, the test period's too) where
    its forecasts from the test period's ``origins`` erred no more than the ``tested`` state's,
    which the test period scored; else the tested one: two years of San Diego's daily
    temperatures, whose test period scored the mean of the weeks, saved the last value chosen
    on every row: 1.00 of naive's MAE ahead, the mean 0.78. A series without such an origin
    takes the chosen."""
    if chosen == tested or not len(origins):
        return chosen
    actual = panel.actuals(origins[:, None] + np.arange(1, recipe.horizon + 1))
    series = panel_rows(panel, tested).series_of[origins]
    errors = [np.abs(forecast_levels(models, panel_rows(panel, states), origins, recipe)
                     - actual) for states in (tested, chosen)]
    rows_of = dict(by_series(series))
    worse = [bool((mine := rows_of.get(s)) is not None and np.nanmean(errors[1][mine])
                  > np.nanmean(errors[0][mine])) for s in range(len(chosen))]
    return [old if w else new for old, new, w in zip(tested, chosen, worse, strict=True)]


def seasonal_if_better(states: list, metrics: dict, season: int, ids=None) -> list:
    """Bases that forecast alone, seasonal naive where the test period found them worse than
    seasonal naive (the verdict, on FEW_ORIGINS origins or more; a panel's across its series,
    then each series of ``ids`` whose own test errors were larger than seasonal naive's): a
    base chosen in-sample over every row weighs a regime the series has left as much as its
    last weeks (an Italian pipeline's hourly flow, its swings of March gone by May: the last
    value chosen, seasonal naive's MAE 0.45 of it on 75 test origins, p < 0.0001); a blend of
    56 airports' daily departures carried a Halloween dip on (1.13 of seasonal naive's MAE on
    the next 14 days; its test period: worse, p < 0.0001), and US apparel-store employment's
    seasons along their trend erred 1.36 times as much (p = 0.0001). A panel's random walks
    beside them keep the last value (a review: seasonal naive erred 2.3 to 3.4 times as much)."""
    verdict = metrics.get("verdict", {}).get("seasonal_naive", {})
    if (season < 2 or verdict.get("verdict") != WORSE
            or verdict.get("origins", 0) < FEW_ORIGINS):
        return states
    if len(states) == 1:
        worse = [True]
    else:  # a panel's: each series by its own test errors
        scored = [metrics.get("series", {}).get(sid, {}) for sid in ids]
        worse = [s.get("seasonal_naive_mae", np.inf) < s.get("mae", 0) for s in scored]
    return [replace(s, base="seasonal", shape_memory=1.0, reason=reason_of(
        s.mode, "seasonal", season)) if w and s.base != "seasonal" else s
        for s, w in zip(states, worse, strict=True)]


def score_test_period(models: list[LSTMForecaster], panel: Panel, rows: Rows,
                      origins: np.ndarray, recipe: Recipe, train_end: np.ndarray, *,
                      model_fc: np.ndarray | None = None) -> dict:
    """Rolling-origin forecasts from every test origin, with naive, seasonal naive, drift and
    Naive2 on the same points; the MASE scale of series s comes from its rows
    [0, train_end[s]). ``model_fc``: the model's (N, K) forecasts from ``origins`` in their
    order, when already computed (else they are made here).

    Adds "verdict" (baseline -> dm_test / dm_test_across_series result), sets "beats_naive"
    only when the verdict against naive is "better", and flags test_period["few_origins"]."""
    K, m = recipe.horizon, recipe.season
    if model_fc is None:
        model_fc = forecast_levels(models, rows, origins, recipe)
    per_series, order, losses, scales = {}, [], {}, {}
    rows_of = dict(by_series(np.searchsorted(panel.indptr, origins, side="right") - 1))
    for s, sid in enumerate(panel.ids):
        lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
        if (mine := rows_of.get(s)) is None:
            continue
        levels, local = panel.target[lo:hi], origins[mine] - lo
        forecasts = {"model": model_fc[mine]}
        forecasts.update(baseline_forecasts(levels, local, K, m if m > 1 else None))
        forecasts["naive2"] = naive2_at(levels, local, m, K)
        actual = panel.actuals(lo + local[:, None] + np.arange(1, K + 1))
        # Per-step figures for a single series; a panel's JSON keeps each series' overall ones.
        scores = evaluate(actual, forecasts, levels[local], levels[: int(train_end[s])], m,
                          per_step=len(panel) == 1)
        losses[sid] = origin_losses(actual, forecasts, levels[local])
        scales[sid] = naive_scale(levels[: int(train_end[s])], m)
        scores["flat_forecasts"] = flat_forecasts(forecasts, levels[local])
        for name in scores["flat_forecasts"]:  # no direction: undefined, as the table's dash
            for part in (scores["methods"][name]["overall"], *scores["methods"][name]["per_step"]):
                part["directional_accuracy"] = None
        scores["test_period"] = {
            "first_origin": data_stamp(panel.time[lo + local[0]], panel.date_format),
            "last_origin": data_stamp(panel.time[lo + local[-1]], panel.date_format),
            "origins": int(len(local)), "horizon": int(K)}
        scores["owa"] = owa(scores["methods"])
        per_series[sid] = scores
        order.append(sid)
    if len(panel) == 1:
        sid = order[0]
        scores = per_series[sid]
        scores["verdict"] = {name: dm_test(losses[sid]["model"], losses[sid][name], K, name)
                             for name in VERDICT_BASELINES if name in losses[sid]}
        scored = len(losses[sid]["model"])
        few = scored < FEW_ORIGINS or scored <= K
    else:
        scores = aggregate(per_series)
        scores["verdict"] = panel_verdicts(per_series, scales)
        few = scores["test_period"]["origins"] < FEW_ORIGINS
    scores["beats_naive"] = scores["verdict"]["naive"]["verdict"] == BETTER
    scores["test_period"]["few_origins"] = bool(few)
    return scores


def panel_verdicts(per_series: dict[str, dict], scales: dict[str, float]) -> dict:
    """Each baseline's verdict across series, from the MAEs already scored per series."""
    ids = list(per_series)
    total = sum(per_series[sid]["test_period"]["origins"] for sid in ids)
    scale = np.array([scales[sid] for sid in ids])

    def maes(name: str) -> np.ndarray:
        return np.array([per_series[sid]["methods"][name]["overall"]["mae"] for sid in ids])

    names = shared_methods(per_series)
    return {name: dm_test_across_series(maes("model"), maes(name), scale, name, total)
            for name in VERDICT_BASELINES if name in names}


def shared_methods(per_series: dict[str, dict]) -> list[str]:
    """The methods scored on every series: a model per series may give one series a season
    and another none (too short to see two), and a mean over some series is no panel figure."""
    methods = [set(s["methods"]) for s in per_series.values()]
    return [name for name in next(iter(per_series.values()))["methods"]
            if all(name in m for m in methods)]


def flat_forecasts(forecasts: dict[str, np.ndarray], last: np.ndarray) -> list[str]:
    """Methods whose forecast never leaves the last level (naive; drift and Naive2 on some
    series): their directional accuracy scores nothing but how often the actual stays flat."""
    base = np.asarray(last, dtype=np.float64)[:, np.newaxis]
    flat = []
    for name, f in forecasts.items():
        if not np.any(np.abs(f - base) > FLAT_TOLERANCE * np.abs(base)):  # NaN: not moved
            flat.append(name)
    return flat


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
    names = shared_methods(per_series)

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
        "owa": 0.5 * (_ratio(table["model"]["smape"], ref["smape"])
                      + _ratio(table["model"]["mase"], ref["mase"])),
        "skill": {name: 1 - _ratio(table["model"]["mase"], table[name]["mase"])
                  for name in names if name != "model"},
        "relative_mae": {name: _geometric_ratio(per_series, name)
                         for name in names if name != "model"},
        "series": {sid: _series_summary(s) for sid, s in per_series.items()},
    }
    result["worst"] = worst_first({sid: s["mase"] for sid, s in result["series"].items()})[
        :WORST_SHOWN]
    first = min((s["test_period"]["first_origin"] for s in per_series.values()), key=stamp_order)
    last = max((s["test_period"]["last_origin"] for s in per_series.values()), key=stamp_order)
    result["test_period"] = {"first_origin": first, "last_origin": last,
                             "origins": int(sum(s["test_period"]["origins"]
                                                for s in per_series.values())),
                             "horizon": next(iter(per_series.values()))["test_period"]["horizon"]}
    return result


def worst_first(mase: dict) -> list[str]:
    """The series ids by their MASE, highest first; where it is undefined (None or NaN: a flat
    series) last, where NaN had put a series first and the rest out of order."""
    def key(sid):
        value = mase[sid]
        return -value if value is not None and math.isfinite(value) else math.inf

    return sorted(mase, key=key)


def _ratio(value: float, reference: float) -> float:
    """value / reference; NaN where the reference is 0 (a reference method without error: a
    straight line's drift) or undefined."""
    return float(value / reference) if reference > 0 else float("nan")


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
    seasonal = scores["methods"].get("seasonal_naive", {}).get("overall", {})
    return {"mae": model["mae"], "smape": model["smape"], "mase": model["mase"],
            "naive_mae": scores["methods"]["naive"]["overall"]["mae"],
            **({"seasonal_naive_mae": seasonal["mae"]} if "mae" in seasonal else {}),
            "skill": scores["skill"].get("model"), "owa": scores["owa"],
            "origins": scores["test_period"]["origins"]}
