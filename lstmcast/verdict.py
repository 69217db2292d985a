"""Does the model beat a baseline by more than noise? A plain verdict from the Diebold–Mariano test.

One series: the unit is a forecast origin. The loss of an origin is the mean absolute error over
its K steps (those scored: a blank day is none). Consecutive origins share K - 1 target points,
so their losses are autocorrelated: the variance of the mean loss difference is a Newey–West
(HAC) estimate with lag K - 1, with the truncated rectangular weights of Diebold and Mariano
(1995), and Bartlett weights when that estimate is not positive (rectangular weights do not
guarantee it). The statistic gets the small-sample correction of Harvey, Leybourne and Newbold
(1997) and is compared with Student's t on n - 1 degrees of freedom.

A panel: the unit is a series, d_s = (MAE of the model - MAE of the baseline) / scale_s, with the
in-sample naive MAE as scale (the MASE's), so series of any size weigh alike. Series are taken as
independent: the same test with K = 1, which is the one-sample t test.

``p_value`` is always one-sided for "the model's loss is lower": small means the model is better,
near 1 that it is worse; None where the data cannot be tested (fewer than three origins or
series, or origins that all overlap), said "too few to test". numpy and scipy only.
"""

from __future__ import annotations

import math

import numpy as np

ALPHA = 0.05
BETTER, NO_DIFFERENCE, WORSE = "better", "no clear difference", "worse"
MIN_UNITS = 3  # below this, no variance estimate worth the name: no test (p None)
P_FLOOR = 1e-4  # smaller p values print as "< 0.0001"


def newey_west_variance(d: np.ndarray, lag: int, kernel: str = "rectangular") -> float:
    """Long-run variance of ``d``: gamma_0 + 2 sum_{k=1..lag} w_k gamma_k, where gamma_k =
    (1/n) sum_t (d_t - mean)(d_{t-k} - mean) and w_k = 1 ("rectangular", truncated) or
    1 - k / (lag + 1) ("bartlett"). Lags beyond n - 1 have no pairs and are dropped."""
    d = np.asarray(d, dtype=np.float64).reshape(-1)
    n = d.shape[0]
    if n == 0:
        return float("nan")
    lag = max(0, int(lag))
    used = min(lag, n - 1)
    e = d - d.mean()
    gammas = np.array([e[k:] @ e[: n - k] for k in range(used + 1)]) / n  # (used + 1,)
    k = np.arange(1, used + 1)
    if kernel == "rectangular":
        weights = np.ones(used)
    elif kernel == "bartlett":
        weights = 1.0 - k / (lag + 1)
    else:
        raise ValueError(f"kernel must be 'rectangular' or 'bartlett', got {kernel!r}")
    return float(gammas[0] + 2.0 * weights @ gammas[1:])


def dm_test(model_loss: np.ndarray, baseline_loss: np.ndarray, horizon: int = 1,
            baseline: str = "naive") -> dict:
    """Diebold–Mariano test with the Harvey–Leybourne–Newbold correction on (n,) per-origin
    losses of the model and of ``baseline``, for forecasts ``horizon`` steps long.

    Returns {"baseline", "p_value" (one-sided, for "the model's loss is lower"; None: no test),
    "mean_loss_diff" (model - baseline; negative = model better), "origins" (n),
    "verdict" ("better" | "no clear difference" | "worse")}. Origins where either loss is not
    finite are left out.
    """
    model_loss = np.asarray(model_loss, dtype=np.float64).reshape(-1)
    baseline_loss = np.asarray(baseline_loss, dtype=np.float64).reshape(-1)
    if model_loss.shape != baseline_loss.shape:
        raise ValueError(f"model losses {model_loss.shape} and {baseline_loss.shape} of "
                         f"{baseline!r} differ in shape")
    keep = np.isfinite(model_loss) & np.isfinite(baseline_loss)
    model_loss, baseline_loss = model_loss[keep], baseline_loss[keep]
    d = model_loss - baseline_loss
    n = int(d.shape[0])
    p_value = _dm_p_value(d, model_loss, baseline_loss, horizon)
    return {"baseline": baseline, "p_value": p_value,
            "mean_loss_diff": float(d.mean()) if n else float("nan"), "origins": n,
            "verdict": _verdict_of(p_value)}


def _dm_p_value(d: np.ndarray, model_loss: np.ndarray, baseline_loss: np.ndarray,
                horizon: int) -> float | None:
    """One-sided p for "mean of d < 0" (d = model - baseline losses over n origins); None when
    the origins cannot be tested."""
    n = d.shape[0]
    if n < MIN_UNITS:
        return None
    # Differences equal up to rounding: no variance to scale by; the sign alone decides.
    size = max(float(np.abs(model_loss).max()), float(np.abs(baseline_loss).max()))
    tolerance = 1e-12 * size
    mean = float(d.mean())
    if float(np.ptp(d)) <= tolerance:
        return _sign_p(mean, tolerance)
    # With n origins only n - 1 lags exist. At h = n every origin overlaps every other one and
    # the HLN factor, (n - h)(n - h + 1) / n^2, is 0: no evidence, no test. Beyond n the factor
    # would grow again, hence the cap.
    h = max(1, min(int(horizon), n))
    if h == n:
        return None
    variance = newey_west_variance(d, h - 1, "rectangular")
    if not variance > 0:
        variance = newey_west_variance(d, h - 1, "bartlett")
    if not variance > 0:
        return _sign_p(mean, tolerance)
    # Student's t CDF from scipy.special, imported here: prediction imports this module (through
    # evaluate) without testing anything, and scipy.stats would cost a training run over a
    # second to load.
    from scipy.special import stdtr

    statistic = mean / math.sqrt(variance / n)
    correction = math.sqrt(max(0.0, (n + 1 - 2 * h + h * (h - 1) / n) / n))
    return float(stdtr(n - 1, statistic * correction))


def _sign_p(mean: float, tolerance: float) -> float:
    if abs(mean) <= tolerance:
        return 0.5
    return 0.0 if mean < 0 else 1.0


def _verdict_of(p_value: float | None) -> str:
    if p_value is None:
        return NO_DIFFERENCE
    if p_value < ALPHA:
        return BETTER
    if 1.0 - p_value < ALPHA:
        return WORSE
    return NO_DIFFERENCE


def dm_test_across_series(model_mae: np.ndarray, baseline_mae: np.ndarray, scale: np.ndarray,
                          baseline: str = "naive", origins: int | None = None) -> dict:
    """The test for a panel, one unit per series: d_s = model_mae_s / scale_s -
    baseline_mae_s / scale_s (MASE-like), series independent (no HAC). Series without a
    positive finite scale or with a missing MAE are left out.

    Returns the shape of ``dm_test`` with "series" (the number of series tested) added and
    "origins" the total over the series (``origins``; None when not given).
    """
    scale = np.asarray(scale, dtype=np.float64).reshape(-1)
    usable = np.isfinite(scale) & (scale > 0)
    safe = np.where(usable, scale, 1.0)
    model_scaled = np.where(usable, np.asarray(model_mae, dtype=np.float64) / safe, np.nan)
    baseline_scaled = np.where(usable, np.asarray(baseline_mae, dtype=np.float64) / safe, np.nan)
    result = dm_test(model_scaled, baseline_scaled, horizon=1, baseline=baseline)
    result["series"] = result["origins"]
    result["origins"] = None if origins is None else int(origins)
    return result


def origin_losses(actual: np.ndarray, forecasts: dict[str, np.ndarray],
                  last: np.ndarray) -> dict[str, np.ndarray]:
    """(n,) loss per origin of every forecast: its MAE over the steps metrics.evaluate scores
    (the actual, the last level and every forecast finite), on the origins with any, so that
    the test sees the scored points only: each such origin weighs alike, however few of its
    steps are scored. Only whole origins, before: a daily series with blank days in its test
    period was scored on one origin and tested on none ('only 0 origins').

    actual and each forecast are (N, K), last (N,); n <= N.
    """
    a = np.asarray(actual, dtype=np.float64)
    ok = np.isfinite(a) & np.isfinite(np.asarray(last, dtype=np.float64))[:, np.newaxis]
    fc = {name: np.asarray(f, dtype=np.float64) for name, f in forecasts.items()}
    for f in fc.values():
        ok &= np.isfinite(f)
    scored = ok.any(axis=1)
    return {name: np.nanmean(np.abs(np.subtract(f, a, out=np.full_like(a, np.nan), where=ok))
                             [scored], axis=1) for name, f in fc.items()}


def format_p(p_value: float | None) -> str:
    """A p value with 2 significant digits and no exponent: 0.0031, 0.41, "< 0.0001"."""
    if p_value is None or not math.isfinite(p_value):
        return "n/a"
    if p_value < P_FLOOR:
        return f"< {np.format_float_positional(P_FLOOR, trim='-')}"
    return np.format_float_positional(float(f"{p_value:.2g}"), trim="-")


def p_text(p_value: float | None) -> str:
    """"p = 0.41", "p < 0.0001", or "too few to test" where there was no test."""
    text = format_p(p_value)
    if text == "n/a":
        return "too few to test"
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def display_name(method: str) -> str:
    """A method's name for a sentence: seasonal_naive -> seasonal naive."""
    return method.replace("_", " ")


def sentence(verdict: dict, counts: bool = True) -> str:
    """The verdict in words, e.g. "beats naive (p = 0.003, 120 origins)".

    The p printed is that of the claim made (``claimed_p``): for "worse", 1 - p_value, so that
    a small p always backs the words before it and no reader sees "worse ... p = 0.998".
    """
    name = display_name(str(verdict.get("baseline", "naive")))
    words = {BETTER: f"beats {name}", WORSE: f"worse than {name}"}.get(
        verdict.get("verdict"), f"no clear difference from {name}")
    detail = p_text(claimed_p(verdict))
    if counts:
        detail += f", {count_words(verdict)}"
    return f"{words} ({detail})"


def claimed_p(verdict: dict) -> float | None:
    """The p value of what the verdict says: 1 - p_value for "worse" (the one-sided p for "the
    model's loss is higher"), else p_value (for "better", and how far "no clear difference" is
    from it)."""
    p_value = verdict.get("p_value")
    if p_value is None or verdict.get("verdict") != WORSE:
        return p_value
    return 1.0 - p_value


def count_words(verdict: dict) -> str:
    """What the test was over: "120 origins" for one series, "40 series" for a panel."""
    if verdict.get("series") is not None:
        return f"{verdict['series']} series"
    n = verdict.get("origins")
    return f"{n} origin{'' if n == 1 else 's'}"
