"""Scoring forecasts from held-out origins against the baselines, on exactly the same points."""

from __future__ import annotations

import numpy as np

from .calendar import format_stamp
from .engine import LSTMForecaster
from .fit import Windows
from .metrics import baseline_forecasts, evaluate
from .panel import Series
from .preprocess import SeriesState, to_levels


def score_test_period(model: LSTMForecaster, state: SeriesState, series: Series,
                      windows: Windows, train_end: int, season: int | None) -> dict:
    """Rolling-origin forecasts from every origin of ``windows``, scored with the baselines in
    the target's own units; the MASE scale comes from rows [0, train_end)."""
    levels = series.target
    origins = windows.origins
    K = windows.horizon
    x, _ = windows.batch(np.arange(len(windows)))
    forecasts = {"model": to_levels(state, levels[origins], model.predict(x))}
    forecasts.update(baseline_forecasts(levels, origins, K, season))
    actual = levels[origins[:, None] + np.arange(1, K + 1)]
    scores = evaluate(actual, forecasts, levels[origins], levels[:train_end], season or 1)
    skill = scores["skill"].get("model", float("nan"))
    scores["test_period"] = {
        "first_origin": format_stamp(series.time[origins[0]]),
        "last_origin": format_stamp(series.time[origins[-1]]),
        "origins": int(len(origins)), "horizon": int(K),
    }
    scores["beats_naive"] = bool(skill > 0)
    return scores
