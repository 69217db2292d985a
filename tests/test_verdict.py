"""The plain verdict: the Diebold–Mariano test (HLN-corrected, Newey–West variance over
overlapping origins) against slow obvious twins, its direction and edge cases, the panel version,
the sentences, and the verdict through the real training pipeline."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from helpers import load_series, train_series
from scipy import stats

from lstmcast.evaluate import FEW_ORIGINS, flat_forecasts, worst_first
from lstmcast.verdict import (
    dm_test,
    dm_test_across_series,
    format_p,
    newey_west_variance,
    origin_losses,
    sentence,
)

# ------------------------------------------------------------------------ slow twins


def slow_newey_west(d, lag, kernel="rectangular"):
    """Long-run variance by the textbook double loop over lags and time."""
    n = len(d)
    mean = sum(d) / n
    total = 0.0
    for k in range(0, min(lag, n - 1) + 1):
        gamma = 0.0
        for t in range(k, n):
            gamma += (d[t] - mean) * (d[t - k] - mean)
        gamma /= n
        weight = 1.0 if kernel == "rectangular" or k == 0 else 1.0 - k / (lag + 1)
        total += gamma if k == 0 else 2.0 * weight * gamma
    return total


def slow_dm_p(model_loss, baseline_loss, horizon):
    """DM 1995 with the HLN 1997 correction, written out step by step (regular case only)."""
    d = [m - b for m, b in zip(model_loss, baseline_loss, strict=True)]
    n = len(d)
    h = min(horizon, n)
    variance = slow_newey_west(d, h - 1, "rectangular")
    if variance <= 0:
        variance = slow_newey_west(d, h - 1, "bartlett")
    dm = (sum(d) / n) / math.sqrt(variance / n)
    hln = math.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    return stats.t.cdf(dm * hln, n - 1)


def overlapping_losses(rng, n, horizon, shift):
    """Per-origin MAE over ``horizon`` steps of two forecasts of one series from consecutive
    origins (so neighbouring losses share points): the model's errors are ``shift`` lower."""
    errors_base = np.abs(rng.normal(0, 1, n + horizon))
    errors_model = np.clip(errors_base - shift + rng.normal(0, 0.3, n + horizon), 0, None)
    base = np.array([errors_base[i + 1: i + 1 + horizon].mean() for i in range(n)])
    model = np.array([errors_model[i + 1: i + 1 + horizon].mean() for i in range(n)])
    return model, base


# ---------------------------------------------------------------------- Newey–West


@pytest.mark.parametrize("lag", [0, 1, 4, 11, 500])
@pytest.mark.parametrize("kernel", ["rectangular", "bartlett"])
def test_newey_west_matches_the_loop_twin(lag, kernel):
    d = np.random.default_rng(lag).normal(0.3, 2.0, 60)
    assert newey_west_variance(d, lag, kernel) == pytest.approx(
        slow_newey_west(list(d), lag, kernel), rel=1e-10, abs=1e-12)


def test_newey_west_with_every_lag_and_rectangular_weights_is_zero():
    # Sum over all pairs of deviations from the mean = (sum of deviations)^2 = 0: the reason
    # for the Bartlett fallback and for capping h at n.
    d = np.random.default_rng(0).normal(size=12)
    assert newey_west_variance(d, 11) == pytest.approx(0.0, abs=1e-12)
    assert newey_west_variance(d, 11, "bartlett") > 0


def test_newey_west_rejects_an_unknown_kernel():
    with pytest.raises(ValueError, match="kernel"):
        newey_west_variance(np.ones(5), 1, "parzen")


# --------------------------------------------------------------------------- DM test


@pytest.mark.parametrize("horizon", [1, 3, 10])
def test_dm_p_value_matches_the_slow_twin(horizon):
    rng = np.random.default_rng(horizon)
    model, base = overlapping_losses(rng, 150, horizon, shift=0.05)
    result = dm_test(model, base, horizon, "naive")
    assert result["p_value"] == pytest.approx(slow_dm_p(model, base, horizon), rel=1e-9)
    assert result["origins"] == 150
    assert result["mean_loss_diff"] == pytest.approx(np.mean(model - base), rel=1e-12)


def test_a_truly_better_model_is_better_with_a_small_p():
    model, base = overlapping_losses(np.random.default_rng(1), 300, 5, shift=0.4)
    result = dm_test(model, base, 5, "naive")
    assert result["verdict"] == "better" and result["p_value"] < 1e-4
    assert result["mean_loss_diff"] < 0 and result["baseline"] == "naive"


def test_a_truly_worse_model_is_worse_with_p_near_one():
    base, model = overlapping_losses(np.random.default_rng(2), 300, 5, shift=0.4)
    result = dm_test(model, base, 5, "seasonal_naive")
    assert result["verdict"] == "worse" and result["p_value"] > 1 - 1e-4
    assert result["mean_loss_diff"] > 0 and result["baseline"] == "seasonal_naive"


def test_swapping_model_and_baseline_mirrors_p():
    model, base = overlapping_losses(np.random.default_rng(3), 80, 4, shift=0.05)
    forward, backward = dm_test(model, base, 4), dm_test(base, model, 4)
    assert forward["p_value"] + backward["p_value"] == pytest.approx(1.0, abs=1e-12)
    assert forward["mean_loss_diff"] == -backward["mean_loss_diff"]


def test_identical_losses_are_no_clear_difference_at_p_one_half():
    losses = np.random.default_rng(4).gamma(2.0, 1.0, 500)
    result = dm_test(losses, losses.copy(), 7)
    assert (result["p_value"], result["verdict"], result["mean_loss_diff"]) == (
        0.5, "no clear difference", 0.0)


def test_differences_of_exactly_zero_mean_give_p_one_half():
    # Integers keep every sum exact: the mean difference is 0, so is the statistic, whatever
    # the seed; the differences still vary (this is not the zero-variance branch).
    rng = np.random.default_rng(5)
    half = rng.integers(-3, 4, 200).astype(np.float64)
    base = rng.integers(10, 20, 400).astype(np.float64)
    model = base + np.concatenate([half, -half[::-1]])
    result = dm_test(model, base, 3)
    assert result["p_value"] == pytest.approx(0.5, abs=1e-12)
    assert result["verdict"] == "no clear difference" and result["mean_loss_diff"] == 0


def test_a_constant_difference_decides_by_its_sign():
    base = np.linspace(1.0, 2.0, 40)
    better, worse = dm_test(base - 0.25, base, 2), dm_test(base + 0.25, base, 2)
    assert (better["p_value"], better["verdict"]) == (0.0, "better")
    assert (worse["p_value"], worse["verdict"]) == (1.0, "worse")


@pytest.mark.parametrize("n", [0, 1, 2])
def test_fewer_than_three_origins_are_not_tested(n):
    result = dm_test(np.zeros(n), np.ones(n), 1)
    assert (result["p_value"], result["verdict"], result["origins"]) == (
        None, "no clear difference", n)


def test_origins_overlapping_every_other_origin_give_no_evidence():
    # --horizon 90 scored on 11 origins: one block of data, whatever the losses say.
    model, base = overlapping_losses(np.random.default_rng(6), 11, 90, shift=0.5)
    assert np.all(model < base)
    result = dm_test(model, base, 90)
    assert result["p_value"] is None and result["verdict"] == "no clear difference"
    assert sentence(result) == "no clear difference from naive (too few to test, 11 origins)"


def test_a_variance_that_is_not_positive_falls_back_to_bartlett():
    rng = np.random.default_rng(7)
    n = 60
    d = (-1.0) ** np.arange(n) + rng.normal(0, 0.1, n) - 0.05  # lag-1 covariance ~ -gamma_0
    assert newey_west_variance(d, 1) < 0
    base = np.full(n, 5.0)
    model = base + d
    dm = (d.mean() / math.sqrt(slow_newey_west(list(d), 1, "bartlett") / n)
          * math.sqrt((n + 1 - 4 + 2 / n) / n))
    assert dm_test(model, base, 2)["p_value"] == pytest.approx(stats.t.cdf(dm, n - 1), rel=1e-9)


def test_origins_with_a_missing_loss_are_left_out():
    model, base = overlapping_losses(np.random.default_rng(8), 50, 2, shift=0.1)
    model[[3, 10]] = np.nan
    base[20] = np.inf
    result = dm_test(model, base, 2)
    keep = np.isfinite(model) & np.isfinite(base)
    assert result["origins"] == 47
    assert result["p_value"] == pytest.approx(slow_dm_p(model[keep], base[keep], 2), rel=1e-9)


def test_mismatched_shapes_are_refused():
    with pytest.raises(ValueError, match="differ in shape"):
        dm_test(np.ones(5), np.ones(6))


# ------------------------------------------------------------------------ the panel


def test_across_series_is_the_one_sample_t_test_on_scaled_differences():
    rng = np.random.default_rng(9)
    scale = rng.uniform(0.5, 50, 40)
    base_mae = scale * rng.uniform(0.8, 1.2, 40)
    model_mae = base_mae - scale * rng.normal(0.03, 0.1, 40)
    result = dm_test_across_series(model_mae, base_mae, scale, "naive", origins=1234)
    d = model_mae / scale - base_mae / scale
    assert result["p_value"] == pytest.approx(
        stats.ttest_1samp(d, 0.0, alternative="less").pvalue, rel=1e-9)
    assert result["mean_loss_diff"] == pytest.approx(d.mean(), rel=1e-12)
    assert (result["series"], result["origins"], result["baseline"]) == (40, 1234, "naive")


def test_across_series_scaling_lets_small_series_count_as_much_as_large_ones():
    # One huge series where the model is much worse in units, forty small ones where it is
    # clearly better: unscaled, the huge one would dominate.
    scale = np.r_[np.full(40, 1.0), 1e6]
    base_mae = np.r_[np.linspace(1.0, 1.4, 40), 1e6]
    model_mae = np.r_[np.linspace(0.5, 0.9, 40), 1.2e6]
    result = dm_test_across_series(model_mae, base_mae, scale, "naive")
    assert result["verdict"] == "better" and result["series"] == 41


def test_across_series_leaves_out_series_without_a_scale():
    scale = np.array([1.0, 0.0, np.nan, 2.0, 1.0, 3.0])
    base = np.array([1.0, 1.0, 1.0, 2.0, 1.0, 3.0])
    model = np.array([0.5, 9.0, 9.0, 1.0, 0.5, 1.5])
    result = dm_test_across_series(model, base, scale, "naive")
    assert result["series"] == 4
    assert (result["p_value"], result["verdict"]) == (0.0, "better")  # all halve: constant d


def test_across_series_worse_and_tied():
    scale = np.ones(30)
    base = np.random.default_rng(10).uniform(1, 2, 30)
    assert dm_test_across_series(base * 1.5, base, scale)["verdict"] == "worse"
    tied = dm_test_across_series(base, base, scale)
    assert (tied["p_value"], tied["verdict"]) == (0.5, "no clear difference")


# --------------------------------------------------------------------- origin losses


def test_origin_losses_are_the_mae_over_the_scored_steps_of_each_origin():
    actual = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, np.nan], [7.0, 8.0]])
    last = np.array([0.0, 2.0, 4.0, np.nan])
    forecasts = {"model": np.array([[1.5, 2.5], [3.0, 5.0], [5.0, 6.0], [7.0, 8.0]]),
                 "naive": np.array([[0.0, 0.0], [2.0, 2.0], [4.0, 4.0], [6.0, 6.0]]),
                 "seasonal_naive": np.array([[np.nan, 1.0], [1.0, 1.0], [1.0, 1.0],
                                             [1.0, 1.0]])}
    losses = origin_losses(actual, forecasts, last)
    # origin 0: seasonal naive NaN at step 1 and 2: the actual NaN at step 2, so each is
    # scored on its other step; 3: no last level -> no step of it is scored
    assert losses["model"].tolist() == [0.5, 0.5, 0.0]
    assert losses["naive"].tolist() == [2.0, 1.5, 1.0]
    assert losses["seasonal_naive"].tolist() == [1.0, 2.5, 4.0]
    with warnings.catch_warnings():  # a cell left out is not subtracted (inf - inf: a warning)
        warnings.simplefilter("error")
        both = origin_losses(np.array([[np.inf, 1.0]]), {"model": np.array([[np.inf, 1.5]])},
                             np.array([1.0]))
    assert both["model"].tolist() == [0.5]


def test_flat_forecasts_are_the_ones_that_never_leave_the_last_level():
    last = np.array([10.0, 11.0, 12.0])
    forecasts = {"naive": np.repeat(last[:, None], 3, axis=1),
                 "drift": last[:, None] + np.array([0.0, 0.0, 1e-3]),
                 "naive2": np.repeat(last[:, None], 3, axis=1) * (1 + 1e-15)}
    assert flat_forecasts(forecasts, last) == ["naive", "naive2"]


# ------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(("p", "text"), [
    (0.0031, "0.0031"), (0.41, "0.41"), (0.003, "0.003"), (0.5, "0.5"), (0.04999, "0.05"),
    (0.12345, "0.12"), (0.00012, "0.00012"), (3e-9, "< 0.0001"), (0.0, "< 0.0001"),
    (None, "n/a"), (float("nan"), "n/a")])
def test_p_values_print_with_two_significant_digits(p, text):
    assert format_p(p) == text


def test_sentences_are_short_and_plain():
    def verdict(p, kind, baseline="naive", n=120):
        return {"baseline": baseline, "p_value": p, "mean_loss_diff": 0.0, "origins": n,
                "verdict": kind}

    assert sentence(verdict(0.003, "better")) == "beats naive (p = 0.003, 120 origins)"
    assert sentence(verdict(0.41, "no clear difference")) == \
        "no clear difference from naive (p = 0.41, 120 origins)"
    # For "worse" the p shown is that of "worse" (1 - p of "better"): small backs the words.
    assert sentence(verdict(0.998, "worse")) == "worse than naive (p = 0.002, 120 origins)"
    assert sentence(verdict(1e-7, "better", "seasonal_naive"), counts=False) == \
        "beats seasonal naive (p < 0.0001)"
    panel = {**verdict(0.02, "better"), "series": 40, "origins": 900}
    assert sentence(panel) == "beats naive (p = 0.02, 40 series)"
    assert sentence(verdict(0.5, "no clear difference", n=1)) == \
        "no clear difference from naive (p = 0.5, 1 origin)"
    assert sentence(verdict(None, "no clear difference", n=2), counts=False) == \
        "no clear difference from naive (too few to test)"


def test_sentence_of_a_test_on_real_losses():
    model, base = overlapping_losses(np.random.default_rng(11), 200, 3, shift=0.4)
    assert sentence(dm_test(model, base, 3)) == "beats naive (p < 0.0001, 200 origins)"


# ------------------------------------------------------------------ through the pipeline

PIPELINE = dict(hidden=8, epochs=5, patience=2, refit=False, horizon=3, seed=0)


def write_daily(path, columns: dict[str, np.ndarray]):
    n = len(next(iter(columns.values())))
    days = pd.date_range("2020-01-01", periods=n, freq="D").strftime("%Y-%m-%d")
    pd.DataFrame({"Date": days, **columns}).to_csv(path, index=False)
    return path


def weekly(rng, n=400):
    return 100 + 20 * np.sin(2 * np.pi * np.arange(n) / 7) + rng.normal(0, 1, n)


def test_pipeline_a_strong_weekly_pattern_beats_naive(tmp_path):
    path = write_daily(tmp_path / "weekly.csv", {"value": weekly(np.random.default_rng(0))})
    _, _, metrics, _ = train_series(load_series(path), **PIPELINE)
    verdict = metrics["verdict"]
    assert set(verdict) == {"naive", "seasonal_naive"}
    assert verdict["naive"]["verdict"] == "better" and verdict["naive"]["p_value"] < 1e-3
    assert metrics["beats_naive"] is True
    period = metrics["test_period"]
    assert verdict["naive"]["origins"] == period["origins"] >= FEW_ORIGINS
    assert period["few_origins"] is False
    assert "naive" in metrics["flat_forecasts"]
    # a flat forecast has no direction: undefined (null in the JSON), not 0 % or 100 %
    naive = metrics["methods"]["naive"]
    assert naive["overall"]["directional_accuracy"] is None
    assert {s["directional_accuracy"] for s in naive["per_step"]} == {None}
    assert 0 <= metrics["methods"]["seasonal_naive"]["overall"]["directional_accuracy"] <= 100


def test_pipeline_a_random_walk_does_not_beat_naive(tmp_path):
    walk = 100 * np.exp(np.cumsum(np.random.default_rng(0).normal(0, 0.02, 400)))
    path = write_daily(tmp_path / "walk.csv", {"value": walk})
    _, _, metrics, _ = train_series(load_series(path), **PIPELINE)
    assert metrics["verdict"]["naive"]["verdict"] != "better"
    assert metrics["beats_naive"] is False


def test_pipeline_few_origins_are_flagged(tmp_path):
    path = write_daily(tmp_path / "weekly.csv", {"value": weekly(np.random.default_rng(1))})
    _, _, metrics, _ = train_series(load_series(path), **{**PIPELINE, "test_size": 20})
    assert metrics["test_period"]["origins"] == 18 and metrics["test_period"]["few_origins"]


def test_pipeline_origins_no_more_than_the_horizon_are_flagged(tmp_path):
    # 35 origins of 40-step forecasts: every one overlaps every other, the test cannot tell.
    path = write_daily(tmp_path / "weekly.csv", {"value": weekly(np.random.default_rng(1))})
    flags = {**PIPELINE, "horizon": 40, "test_size": 74}
    _, _, metrics, _ = train_series(load_series(path), **flags)
    assert metrics["test_period"]["origins"] == 35 >= FEW_ORIGINS
    assert metrics["verdict"]["naive"]["p_value"] is None
    assert metrics["test_period"]["few_origins"] is True


def test_pipeline_panel_verdict_is_across_series(tmp_path):
    rng = np.random.default_rng(2)
    columns = {f"s{i}": weekly(rng) * (i + 1) for i in range(5)}
    path = write_daily(tmp_path / "wide.csv", columns)
    panel = load_series(path, target="all")
    _, _, metrics, _ = train_series(panel, **{**PIPELINE, "test_size": 10})
    verdict = metrics["verdict"]["naive"]
    assert verdict["series"] == 5 and verdict["origins"] == 5 * 8  # 10 - 3 + 1 each
    assert verdict["verdict"] == "better" and metrics["beats_naive"] is True
    assert metrics["verdict"]["seasonal_naive"]["series"] == 5
    assert metrics["test_period"]["few_origins"] is False  # 40 in all
    # A panel's default test period is a horizon of each series, or more where that makes
    # fewer than 100 origins, up to a tenth of the rows: 22 rows here, 20 origins of each.
    _, _, metrics, _ = train_series(panel, **PIPELINE)
    assert metrics["test_period"]["origins"] == 5 * 20
    assert not metrics["test_period"]["few_origins"]


def test_the_worst_series_come_first_and_a_flat_one_last():
    """A flat series' MASE is NaN (no change to scale by): before, it came first as the worst,
    and the others after it out of order."""
    mase = {"A_flat": float("nan"), "B": 0.8, "C": 2.5, "D": None, "E": 1.2}
    assert worst_first(mase) == ["C", "E", "B", "A_flat", "D"]
