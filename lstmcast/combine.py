"""Whether a model forecasts with Theta: the mean of its forecasts and the Theta method's
(``theta``), where that mean forecast the validation windows and the test period better than
the model alone.

A combination of methods that err differently errs less than either, as the M4 competition
found; averaged with Theta, lstmcast's forecasts of short business panels whose networks learn
little improved (OWA, held out: M1 yearly 0.871 -> 0.746, quarterly 0.952 -> 0.888, monthly
0.945 -> 0.907), and those of panels whose networks learn worsened (offline: M4 Hourly 0.432 ->
0.667, yearly GDP 0.492 -> 0.527): the windows held out in training tell them apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from .disown import relative_error
from .engine import LSTMForecaster
from .evaluate import forecast_levels, with_theta
from .panel import Panel
from .preprocess import Recipe, Rows, closed_steps
from .theta import CHOSEN
from .trust import independent_forecasts

THETA_GAIN = 0.02  # validation error the mean must save over the model alone
# Independent validation forecasts (``trust.independent_forecasts``) the choice needs: a single
# series' are too few to choose by. Of 35 single series (``single_series.py --fresh``,
# ``--classic``), choosing on their own validation and test windows changed 7 forecasts, 3 for
# the better and 4 for the worse: 1.002 of the MAE before in geometric mean over the 35 (over
# two origins of the 21 fresh ones, 1.010)
MIN_EVIDENCE = 20


def with_theta_if_better(models: list[LSTMForecaster], panel: Panel, rows: Rows,
                         val_o: np.ndarray, test_o: np.ndarray, recipe: Recipe,
                         note: Callable[[str], None]) -> tuple[Recipe, tuple]:
    """``recipe`` with its forecasts the mean of the model's and Theta's where that mean's
    error relative to the model's (``relative_error``: the geometric mean over series) on the
    validation windows ending at ``val_o`` and on the test period's (``test_o``) says so
    (``mean_chosen``), as ``note`` says; else ``recipe``. With it, the forecasts of the recipe
    returned from ``val_o`` and ``test_o`` (``forecast_levels``)."""
    alone = [forecast_levels(models, rows, o, recipe) for o in (val_o, test_o)]
    if not len(val_o) or recipe.theta_mean or independent_forecasts(
            rows.series_of[val_o], recipe.horizon) < MIN_EVIDENCE:
        return recipe, alone
    mean = [with_theta(f, rows, o, recipe) for f, o in zip(alone, (val_o, test_o), strict=True)]
    ratios = [_relative(panel, rows, o, recipe, m, a)
              for o, m, a in zip((val_o, test_o), mean, alone, strict=True) if len(o)]
    if not mean_chosen(*ratios):
        return recipe, alone
    note("forecasts: the mean of the model's and the Theta method's, which erred "
         + " and ".join(f"{r:.3f}" for r in ratios) + " times as much as the model alone on "
         + "the validation windows" + " and the test period" * (len(ratios) > 1))
    return replace(recipe, theta_mean=CHOSEN), mean


def mean_chosen(val_ratio: float, test_ratio: float | None = None) -> bool:
    """Whether the mean with Theta, which erred ``val_ratio`` times as much as the model alone
    on the validation windows and ``test_ratio`` on the test period (None: no test period),
    is the forecast: it must err less on each, and THETA_GAIN less over the two (the geometric
    mean of the ratios). Validation flatters the model alone, whose epochs and bases were chosen
    on it; the test period does not. Of M1's panels, two whose mean erred 0.995 and 0.930, and
    0.990 and 0.949, times as much gained 5 % on the points held out after them (OWA 0.945 ->
    0.896, 0.908 -> 0.858); of 15 panels, the one where the two periods disagreed (0.932 and
    1.003) lost 2.6 %."""
    if test_ratio is None:
        return val_ratio < 1 - THETA_GAIN
    return max(val_ratio, test_ratio) < 1 and (val_ratio * test_ratio) ** 0.5 < 1 - THETA_GAIN


def _relative(panel: Panel, rows: Rows, origins: np.ndarray, recipe: Recipe, mean: np.ndarray,
              alone: np.ndarray) -> float:
    """The error of the ``mean`` forecasts from ``origins``, relative to the model's ``alone``
    (``relative_error``), on the actuals read (not filled, not shut)."""
    K = recipe.horizon
    actual = panel.actuals(origins[:, None] + np.arange(1, K + 1))  # NaN where filled
    actual[closed_steps(rows, origins, recipe.season, K)] = np.nan  # 0 either way
    known = ~np.isnan(actual)
    errors = [np.where(known, np.abs(f - np.where(known, actual, 0.0)), 0.0) for f in (mean, alone)]
    return relative_error(*errors, rows.series_of[origins])
