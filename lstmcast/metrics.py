"""Forecast accuracy metrics and the baselines they are compared with, on exactly the same points.

Shapes: N forecast origins, K steps, n in-sample (training) rows. All forecasts are levels
(prices), never transformed values.

Conventions:
- MAPE skips points where the actual is 0 and is NaN when no point is left.
- sMAPE counts a point where actual and forecast are both 0 as a perfect 0.
- MASE, skill and percentages are NaN (never inf) when their denominator is 0, e.g. MASE on a
  constant in-sample series, so that every value can be written as a number or JSON null.
"""

from __future__ import annotations

import numpy as np

from lstmcast.errors import InputError

METRICS = ("mae", "rmse", "mape", "smape", "mase", "directional_accuracy")


def mae(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Mean absolute error."""
    a, f = _pair(actual, forecast)
    return _mean(np.abs(f - a))


def rmse(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Root mean squared error."""
    a, f = _pair(actual, forecast)
    return float(np.sqrt(_mean((f - a) ** 2)))


def mape(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Mean absolute percentage error in percent, over the points where actual != 0."""
    a, f = _pair(actual, forecast)
    keep = a != 0
    return 100.0 * _mean(np.abs(f[keep] - a[keep]) / np.abs(a[keep]))


def smape(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Symmetric MAPE in percent: mean of 200 |f - a| / (|a| + |f|), 0 where both are 0."""
    a, f = _pair(actual, forecast)
    denom = np.abs(a) + np.abs(f)
    terms = np.divide(200.0 * np.abs(f - a), denom, out=np.zeros_like(denom), where=denom != 0)
    return _mean(terms)


def mase(actual: np.ndarray, forecast: np.ndarray, scale: float) -> float:
    """Mean absolute scaled error: MAE / scale; NaN when scale is 0 or not finite."""
    scale = float(scale)
    if not (np.isfinite(scale) and scale > 0):
        return float("nan")
    return mae(actual, forecast) / scale


def naive_scale(insample: np.ndarray, season: int = 1) -> float:
    """Mean |y_t - y_{t-m}| over the in-sample series (m = season), skipping pairs with NaN."""
    _check_season(season)
    y = np.asarray(insample, dtype=np.float64).reshape(-1)
    if y.shape[0] <= season:
        return float("nan")
    gaps = np.abs(y[season:] - y[:-season])
    return _mean(gaps[~np.isnan(gaps)])


def directional_accuracy(
    actual: np.ndarray,  # (N, K)
    forecast: np.ndarray,  # (N, K)
    last: np.ndarray,  # (N,) last observed level at each origin
) -> float:
    """Percent of points where sign(forecast - last) == sign(actual - last) (flat counts too)."""
    a, f = _pair(actual, forecast)
    base = np.asarray(last, dtype=np.float64)
    if a.ndim == 2:
        base = base[:, np.newaxis]
    return _direction_percent(a, f, np.broadcast_to(base, a.shape))


def baseline_forecasts(
    levels: np.ndarray,  # (n,) observed levels
    origins: np.ndarray,  # (N,) int, index of the last observed level of each forecast
    horizon: int,
    season: int | None,
) -> dict[str, np.ndarray]:
    """Benchmark forecasts (N, K) from each origin, using only levels[: origin + 1].

    naive: the last level repeated. seasonal_naive (only when season > 1): step h copies
    levels[origin + h - season * ceil(h / season)], NaN where that reaches before row 0.
    drift: the line through the first and last observed levels,
    levels[origin] + h * (levels[origin] - levels[0]) / origin (flat at origin 0), floored
    at 0 where no level up to the origin is below 0.
    """
    y = np.asarray(levels, dtype=np.float64).reshape(-1)
    origins = np.asarray(origins)
    if origins.ndim != 1 or not np.issubdtype(origins.dtype, np.integer):
        raise ValueError(
            f"origins must be a 1-D integer array, got {origins.dtype} {origins.shape}"
        )
    if origins.size and (origins.min() < 0 or origins.max() >= y.shape[0]):
        raise ValueError(
            f"origins must lie in [0, {y.shape[0]}), got {origins.min()}..{origins.max()}"
        )
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise InputError(f"--horizon must be a whole number >= 1, got {horizon!r}")
    steps = np.arange(1, horizon + 1, dtype=np.int64)  # (K,) h
    last = y[origins][:, np.newaxis]  # (N, 1)
    out = {"naive": np.repeat(last, horizon, axis=1)}
    if season is not None:
        _check_season(season)
        if season > 1:
            back = steps - season * ((steps + season - 1) // season)  # (K,) in [1 - season, 0]
            idx = origins[:, np.newaxis] + back  # (N, K)
            seasonal = y[np.clip(idx, 0, None)]
            seasonal[idx < 0] = np.nan
            out["seasonal_naive"] = seasonal
    span = origins.astype(np.float64)
    slope = np.divide(last[:, 0] - y[0], span, out=np.zeros_like(span), where=origins > 0)
    drift = last + steps * slope[:, np.newaxis]
    # never below 0 where the series never was up to the origin, as the model's forecasts
    never = np.minimum.accumulate(y)[origins] >= 0
    out["drift"] = np.where(never[:, np.newaxis], np.maximum(drift, 0.0), drift)
    return out


def evaluate(
    actual: np.ndarray,  # (N, K)
    forecasts: dict[str, np.ndarray],  # name -> (N, K); the model is one entry
    last: np.ndarray,  # (N,) last observed level at each origin
    insample: np.ndarray,  # (n,) training levels, for the MASE scale
    season: int = 1,
    per_step: bool = True,
) -> dict:
    """Score every forecast on the same points, overall and (``per_step``) per step, plus skill
    versus naive.

    The points are those where the actual, last and every forecast are finite (normally all
    N * K). Skill is 1 - MAE / MAE_naive; the naive reference is forecasts["naive"] when given,
    else last repeated (the same thing). All numbers are Python floats; NaN means undefined.
    """
    a = _as_matrix(actual, "actual")
    base = np.asarray(last, dtype=np.float64).reshape(-1)
    if base.shape[0] != a.shape[0]:
        raise ValueError(f"last has {base.shape[0]} entries for {a.shape[0]} forecast origins")
    fc = {name: _as_matrix(f, name) for name, f in forecasts.items()}
    for name, f in fc.items():
        if f.shape != a.shape:
            raise ValueError(f"forecast {name!r} has shape {f.shape}, actual {a.shape}")
    naive = fc.get("naive", np.repeat(base[:, np.newaxis], a.shape[1], axis=1))

    ok = np.isfinite(a) & np.isfinite(base)[:, np.newaxis] & np.isfinite(naive)
    for f in fc.values():
        ok &= np.isfinite(f)
    scale = naive_scale(insample, season)

    methods = {}
    for name, f in fc.items():
        steps = [
            {"step": k + 1, **_scores(a[:, k], f[:, k], base, ok[:, k], scale)}
            for k in range(a.shape[1] if per_step else 0)
        ]
        overall = _scores(a, f, base[:, np.newaxis], ok, scale)
        methods[name] = {"overall": overall, "per_step": steps}

    naive_mae = mae(a[ok], naive[ok])
    skill = {}
    for name, f in fc.items():
        if name != "naive":
            ratio = mae(a[ok], f[ok]) / naive_mae if naive_mae > 0 else float("nan")
            skill[name] = float(1.0 - ratio)
    return {"points": int(ok.sum()), "methods": methods, "skill": skill}


def _scores(a, f, base, ok, scale) -> dict[str, float]:
    """All METRICS on the points where ok; a, f, ok (N, K) or (N,), base broadcastable."""
    base = np.broadcast_to(base, a.shape)
    a, f, base = a[ok], f[ok], base[ok]
    return {
        "mae": mae(a, f),
        "rmse": rmse(a, f),
        "mape": mape(a, f),
        "smape": smape(a, f),
        "mase": mase(a, f, scale),
        "directional_accuracy": _direction_percent(a, f, base),
    }


def _direction_percent(a: np.ndarray, f: np.ndarray, base: np.ndarray) -> float:
    """Percent of points where forecast and actual move the same way from base (same shapes)."""
    return 100.0 * _mean((np.sign(f - base) == np.sign(a - base)).astype(np.float64))


def _pair(actual: np.ndarray, forecast: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(actual, dtype=np.float64)
    f = np.asarray(forecast, dtype=np.float64)
    if a.shape != f.shape:
        raise ValueError(f"actual {a.shape} and forecast {f.shape} differ in shape")
    return a, f


def _as_matrix(x: np.ndarray, name: str) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"{name} must have shape (N, K), got {x.shape}")
    return x


def _mean(x: np.ndarray) -> float:
    """Mean as a Python float; NaN (no warning) for an empty array."""
    return float(x.mean()) if x.size else float("nan")


def _check_season(season: int) -> None:
    if isinstance(season, bool) or not isinstance(season, (int, np.integer)) or season < 1:
        raise InputError(f"--season must be a whole number >= 1, got {season!r}")
