"""Metrics and baselines against values worked out by hand."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lstmcast.errors import InputError
from lstmcast.metrics import (
    METRICS,
    baseline_forecasts,
    directional_accuracy,
    evaluate,
    mae,
    mape,
    mase,
    naive_scale,
    rmse,
    smape,
)

ACTUAL = np.array([[2.0, 4.0], [5.0, 0.0]])
FORECAST = np.array([[3.0, 2.0], [5.0, 1.0]])  # errors f - a: 1, -2, 0, 1
LAST = np.array([3.0, 4.0])
INSAMPLE = np.array([1.0, 3.0, 2.0, 6.0])  # |diffs| 2, 1, 4 -> scale 7/3


# --- point metrics -----------------------------------------------------------------------------


def test_mae_and_rmse_by_hand():
    assert mae(ACTUAL, FORECAST) == 1.0  # (1 + 2 + 0 + 1) / 4
    assert rmse(ACTUAL, FORECAST) == pytest.approx(math.sqrt(1.5))  # sqrt((1 + 4 + 0 + 1) / 4)


def test_mape_skips_zero_actuals():
    # the point with actual 0 is skipped: (1/2 + 2/4 + 0/5) / 3 = 1/3
    assert mape(ACTUAL, FORECAST) == pytest.approx(100.0 / 3.0)


def test_mape_is_nan_when_every_actual_is_zero():
    assert math.isnan(mape(np.zeros(3), np.ones(3)))


def test_smape_by_hand():
    # 200*1/(2+3) = 40, 200*2/(4+2) = 200/3, 200*0/10 = 0, 200*1/(0+1) = 200
    # mean = (40 + 200/3 + 0 + 200) / 4 = 230/3
    assert smape(ACTUAL, FORECAST) == pytest.approx(230.0 / 3.0)


def test_smape_counts_both_zero_as_perfect():
    # terms: 0 (both 0), 200*1/(1+2) = 200/3 -> mean 100/3
    assert smape(np.array([0.0, 1.0]), np.array([0.0, 2.0])) == pytest.approx(100.0 / 3.0)
    assert smape(np.zeros(4), np.zeros(4)) == 0.0


def test_naive_scale_by_hand():
    assert naive_scale(INSAMPLE) == pytest.approx(7.0 / 3.0)
    assert naive_scale(INSAMPLE, season=2) == 2.0  # |2 - 1| = 1, |6 - 3| = 3 -> mean 2


def test_naive_scale_skips_pairs_with_nan():
    # pairs (1, nan), (nan, 2) skipped; |4 - 2| = 2
    assert naive_scale(np.array([1.0, np.nan, 2.0, 4.0])) == 2.0


def test_naive_scale_too_short_is_nan():
    assert math.isnan(naive_scale(np.array([5.0])))
    assert math.isnan(naive_scale(np.array([5.0, 6.0]), season=2))


def test_naive_scale_rejects_bad_season():
    with pytest.raises(InputError, match="--season must be a whole number >= 1"):
        naive_scale(INSAMPLE, season=0)


def test_mase_by_hand():
    assert mase(ACTUAL, FORECAST, 7.0 / 3.0) == pytest.approx(3.0 / 7.0)  # 1 / (7/3)


def test_mase_on_constant_insample_is_nan_not_inf():
    scale = naive_scale(np.full(10, 4.2))
    assert scale == 0.0
    assert math.isnan(mase(ACTUAL, FORECAST, scale))  # error > 0: still NaN, never inf
    assert math.isnan(mase(ACTUAL, ACTUAL, scale))  # error 0: NaN too
    assert math.isnan(mase(ACTUAL, FORECAST, float("nan")))


def test_directional_accuracy_by_hand():
    # actual - last: [-1, 1], [1, -4]; forecast - last: [0, -1], [1, -3]
    # signs agree at (1, 0) and (1, 1) only -> 50 %
    assert directional_accuracy(ACTUAL, FORECAST, LAST) == 50.0
    # flat forecast vs moving actual never counts; flat vs flat does
    assert directional_accuracy(np.array([[3.0, 3.0]]), np.array([[3.0, 4.0]]), [3.0]) == 50.0


def test_shape_mismatch_is_rejected():
    with pytest.raises(ValueError, match="differ in shape"):
        mae(np.zeros((2, 2)), np.zeros((2, 3)))


# --- baselines ---------------------------------------------------------------------------------

LEVELS = np.array([10.0, 12.0, 11.0, 15.0, 14.0, 18.0, 17.0, 21.0])


def test_naive_and_drift_by_hand():
    out = baseline_forecasts(LEVELS, np.array([3, 5]), horizon=3, season=None)
    assert set(out) == {"naive", "drift"}
    np.testing.assert_array_equal(out["naive"], [[15.0] * 3, [18.0] * 3])
    # origin 3: slope (15 - 10) / 3 = 5/3; origin 5: slope (18 - 10) / 5 = 1.6
    np.testing.assert_allclose(
        out["drift"], [[15 + 5 / 3, 15 + 10 / 3, 20.0], [19.6, 21.2, 22.8]], rtol=1e-14
    )


def test_seasonal_naive_with_horizon_longer_than_season():
    out = baseline_forecasts(LEVELS, np.array([3, 5]), horizon=3, season=2)
    # m = 2: h=1 -> o-1, h=2 -> o, h=3 -> o+3-4 = o-1
    # origin 3: levels[2, 3, 2] = 11, 15, 11; origin 5: levels[4, 5, 4] = 14, 18, 14
    np.testing.assert_array_equal(out["seasonal_naive"], [[11.0, 15.0, 11.0], [14.0, 18.0, 14.0]])
    out = baseline_forecasts(LEVELS, np.array([4]), horizon=4, season=3)
    # m = 3: h=1 -> o-2, h=2 -> o-1, h=3 -> o, h=4 -> o+4-6 = o-2: levels[2, 3, 4, 2]
    np.testing.assert_array_equal(out["seasonal_naive"], [[11.0, 15.0, 14.0, 11.0]])


def test_seasonal_naive_before_the_first_season_is_nan():
    out = baseline_forecasts(LEVELS, np.array([0, 1]), horizon=2, season=3)
    # origin 0: h=1 -> -2, h=2 -> -1; origin 1: h=1 -> -1, h=2 -> 0
    np.testing.assert_array_equal(out["seasonal_naive"], [[np.nan, np.nan], [np.nan, 10.0]])


def test_no_seasonal_naive_for_season_one_or_none():
    assert "seasonal_naive" not in baseline_forecasts(LEVELS, np.array([3]), 2, season=1)
    assert "seasonal_naive" not in baseline_forecasts(LEVELS, np.array([3]), 2, season=None)


def test_drift_of_a_series_never_below_zero_stays_at_or_above_zero():
    """Units sold falling to 0: the line through first and last would cross 0; like the
    model's forecasts it stops there. A series that was below 0 keeps its line."""
    out = baseline_forecasts(np.array([6.0, 4.0, 2.0, 1.0]), np.array([3]), 3, None)
    np.testing.assert_allclose(out["drift"], [[0.0, 0.0, 0.0]])  # 1 - 5/3 h, floored
    out = baseline_forecasts(np.array([6.0, -1.0, 2.0, 1.0]), np.array([3]), 3, None)
    np.testing.assert_allclose(out["drift"], [[1 - 5 / 3, 1 - 10 / 3, 1 - 15 / 3]])


def test_drift_at_origin_zero_is_flat():
    out = baseline_forecasts(LEVELS, np.array([0]), horizon=2, season=None)
    np.testing.assert_array_equal(out["drift"], [[10.0, 10.0]])


def test_baselines_reject_out_of_range_origins():
    with pytest.raises(ValueError, match="origins must lie in"):
        baseline_forecasts(LEVELS, np.array([8]), horizon=1, season=None)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    levels=hnp.arrays(np.float64, st.integers(2, 40), elements=st.floats(-1e3, 1e3)),
    horizon=st.integers(1, 6),
    season=st.integers(2, 7),
)
def test_baselines_only_look_at_the_past(levels, horizon, season):
    origins = np.arange(len(levels))
    out = baseline_forecasts(levels, origins, horizon, season)
    # Changing the future must not change any forecast: compare with a scrambled tail.
    for o in origins:
        changed = levels.copy()
        changed[o + 1 :] = 7.0e5
        again = baseline_forecasts(changed, np.array([o]), horizon, season)
        for name in out:
            np.testing.assert_array_equal(again[name][0], out[name][o])


# --- evaluate ----------------------------------------------------------------------------------


def leaves(tree):
    if isinstance(tree, dict):
        for value in tree.values():
            yield from leaves(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from leaves(value)
    else:
        yield tree


def test_evaluate_by_hand():
    naive = np.repeat(LAST[:, None], 2, axis=1)  # [[3, 3], [4, 4]]
    result = evaluate(ACTUAL, {"naive": naive, "model": FORECAST}, LAST, INSAMPLE)
    assert result["points"] == 4
    model = result["methods"]["model"]
    assert set(model["overall"]) == set(METRICS)
    assert model["overall"]["mae"] == 1.0
    assert model["overall"]["mase"] == pytest.approx(3.0 / 7.0)  # 1 / (7/3)
    assert model["overall"]["directional_accuracy"] == 50.0
    # naive |errors| 1, 1, 1, 4 -> MAE 7/4, MASE (7/4) / (7/3) = 3/4; it never has a direction
    assert result["methods"]["naive"]["overall"]["mae"] == 1.75
    assert result["methods"]["naive"]["overall"]["mase"] == pytest.approx(0.75)
    assert result["methods"]["naive"]["overall"]["directional_accuracy"] == 0.0
    # per step: step 1 |3-2|, |5-5| -> 0.5; step 2 |2-4|, |1-0| -> 1.5
    assert [s["step"] for s in model["per_step"]] == [1, 2]
    assert [s["mae"] for s in model["per_step"]] == [0.5, 1.5]
    assert all(set(s) == {"step", *METRICS} for s in model["per_step"])
    # skill = 1 - 1 / (7/4) = 3/7, and naive has no skill entry
    assert result["skill"] == {"model": pytest.approx(3.0 / 7.0)}
    assert all(type(v) in (int, float) for v in leaves(result))
    json.dumps(result)


def test_evaluate_without_naive_entry_uses_last_as_reference():
    result = evaluate(ACTUAL, {"model": FORECAST}, LAST, INSAMPLE)
    assert set(result["methods"]) == {"model"}
    assert result["skill"]["model"] == pytest.approx(3.0 / 7.0)


def test_evaluate_scores_every_method_on_the_same_points():
    seasonal = np.array([[np.nan, 4.0], [5.0, 0.0]])  # undefined at the first point
    naive = np.repeat(LAST[:, None], 2, axis=1)
    result = evaluate(
        ACTUAL, {"naive": naive, "model": FORECAST, "seasonal": seasonal}, LAST, INSAMPLE
    )
    assert result["points"] == 3
    # without point (0, 0): model |errors| 2, 0, 1 -> 1; naive 1, 1, 4 -> 2
    assert result["methods"]["model"]["overall"]["mae"] == 1.0
    assert result["methods"]["naive"]["overall"]["mae"] == 2.0
    assert result["methods"]["seasonal"]["overall"]["mae"] == 0.0
    assert result["skill"]["model"] == 0.5
    assert result["methods"]["model"]["per_step"][0]["mae"] == 0.0  # only |5 - 5| is left


def test_evaluate_nan_conventions():
    flat = np.array([[1.0, 1.0]])
    result = evaluate(flat, {"naive": flat, "model": flat + 1}, np.array([1.0]), np.ones(5))
    model = result["methods"]["model"]["overall"]
    assert math.isnan(model["mase"])  # constant in-sample series: scale 0
    assert model["mape"] == 100.0
    assert math.isnan(result["skill"]["model"])  # naive is perfect: MAE_naive 0
