"""Conformal intervals: each function against a slow, obvious twin, and coverage on errors whose
distribution is known."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lstmcast.errors import InputError
from lstmcast.intervals import (
    bands,
    calibrate,
    check_levels,
    conformal_quantile,
    coverage,
    floored_scale,
    interval_score,
    isotonic,
    local_scale,
    normal_shape,
    scaled_errors,
    transformed,
)


def slow_local_scale(z, origins, starts, lag, window, filled=None):
    """Back from each origin, the first ``window`` changes that read no filled row."""
    out = []
    for o, start in zip(origins, starts, strict=True):
        gaps = []
        for t in range(o, start + lag - 1, -1):
            if len(gaps) < window and (filled is None or not (filled[t] or filled[t - lag])):
                gaps.append(abs(z[t] - z[t - lag]))
        out.append(sum(gaps) / len(gaps) if gaps else float("nan"))
    return np.array(out)


def test_local_scale_matches_its_twin_and_never_crosses_series_or_origin():
    rng = np.random.default_rng(0)
    z = np.cumsum(rng.normal(size=300))
    starts_of = {0: 0, 1: 120}  # two series: rows 0..119 and 120..299
    origins = np.array([0, 5, 30, 119, 120, 121, 130, 200, 299])
    starts = np.array([starts_of[0] if o < 120 else starts_of[1] for o in origins])
    for lag, window in ((1, 10), (7, 30), (24, 100)):
        fast = local_scale(z, origins, starts, lag, window)
        slow = slow_local_scale(z, origins, starts, lag, window)
        np.testing.assert_allclose(fast, slow, rtol=1e-12, equal_nan=True)
    # Rows after the origin never matter: changing them leaves the scale as it was.
    later = z.copy()
    later[201:] += 1000.0
    np.testing.assert_array_equal(local_scale(later, origins[:-1], starts[:-1], 7, 30),
                                  local_scale(z, origins[:-1], starts[:-1], 7, 30))



def test_a_gap_filled_forward_is_no_change_of_the_local_scale():
    """A user round: 17 days an export lacked, filled flat, made a random walk's 80 % interval
    23 % narrower. The pairs that read a filled row are left out, as the twin leaves them."""
    rng = np.random.default_rng(1)
    z = np.cumsum(rng.normal(size=300))
    filled = np.zeros(300, dtype=bool)
    filled[150:167] = True
    z[150:167] = z[149]  # forward filled
    starts, origins = np.zeros(6, dtype=np.int64), np.array([149, 160, 170, 200, 230, 299])
    for lag, window in ((1, 56), (7, 56), (1, 224)):
        fast = local_scale(z, origins, starts, lag, window, filled)
        slow = slow_local_scale(z, origins, starts, lag, window, filled)
        np.testing.assert_allclose(fast, slow, rtol=1e-12, equal_nan=True)
    # the step-to-step scale of the 56 rows after the gap as of a walk's, not 17/56 smaller
    whole = local_scale(z, origins, starts, 1, 56)
    real = local_scale(z, origins, starts, 1, 56, filled)
    assert real[0] == whole[0] and real[-1] == whole[-1]  # no filled row in their windows
    assert whole[2] < 0.85 * real[2]
    # every row of a window filled: no pair to measure
    assert np.isnan(local_scale(z, np.array([166]), np.array([150]), 1, 10, filled))[0]


def test_changes_before_an_outage_stand_for_its_filled_rows():
    """A user round: bitcoin's feed back after 240 days filled flat, 3 rows after them: their 2
    changes alone gave an 80 % interval of +-0.15 % (its usual +-3 %). The window reaches back
    over the gap for as many changes as it holds, the twin as well."""
    rng = np.random.default_rng(2)
    z = np.cumsum(rng.normal(0, 0.03, 960))
    filled = np.zeros(960, dtype=bool)
    filled[713:953] = True
    z[713:953] = z[712]
    z[954:] = z[953] + np.array([1e-4, -1e-4, 2e-4, 0.0, 1e-4, -2e-4])  # 2 quiet days
    origins, starts = np.array([712, 955, 959]), np.zeros(3, dtype=np.int64)
    for lag, window in ((1, 56), (7, 56), (1, 224)):
        fast = local_scale(z, origins, starts, lag, window, filled)
        np.testing.assert_allclose(fast, slow_local_scale(z, origins, starts, lag, window,
                                                          filled), rtol=1e-12)
    before, after, later = local_scale(z, origins, starts, 1, 56, filled)
    assert 0.9 * before < after < 1.1 * before  # not 2 quiet days' changes


def test_transformed_logs_only_the_log_rows():
    values = np.array([1.0, np.e, -2.0, 0.0])
    out = transformed(values, np.array([True, True, False, False]))
    np.testing.assert_allclose(out, [0.0, 1.0, -2.0, 0.0])


def test_scaled_errors_in_each_space():
    actual = np.array([[110.0, 121.0], [3.0, 5.0]])
    forecast = np.array([[100.0, 100.0], [1.0, 1.0]])
    out = scaled_errors(actual, forecast, np.array([0.1, 2.0]), np.array([True, False]))
    np.testing.assert_allclose(out[0], np.abs(np.log([1.1, 1.21])) / 0.1)
    np.testing.assert_allclose(out[1], [1.0, 2.0])
    assert np.isnan(scaled_errors(actual, forecast, np.array([0.0, np.nan]),
                                  np.array([False, False]))).all()


def test_conformal_quantile_is_the_finite_sample_rank():
    scores = np.arange(1.0, 20.0)  # 19 scores: rank ceil(20 * 0.9) = 18
    assert conformal_quantile(scores, 90) == 18.0
    assert conformal_quantile(scores, 95) == 19.0  # rank 19 = n
    assert math.isnan(conformal_quantile(np.array([np.nan]), 95))


def test_too_few_scores_for_a_level_stretch_the_worst_as_normal_errors_would():
    """6 scores: the 6th smallest is the 80 % rank and the worst; 95 % has no rank, and was
    the worst too: the 80 % and 95 % intervals were one."""
    scores = np.arange(1.0, 7.0)
    assert conformal_quantile(scores, 80) == 6.0
    # the worst of 6 stands for 6/7: |z| quantiles 1.4652 there, 1.9600 at 95 %
    assert conformal_quantile(scores, 95) == pytest.approx(6.0 * 1.9600 / 1.4652, rel=1e-4)
    # 3 scores: the worst stands for 3/4 (|z| 1.1503); 80 % -> 1.2816
    assert conformal_quantile(scores[:3], 80) == pytest.approx(3.0 * 1.2816 / 1.1503, rel=1e-4)


def test_calibrate_is_monotone_in_step_and_level():
    rng = np.random.default_rng(1)
    errors = np.abs(rng.normal(size=(500, 6))) * np.array([1, 2, 1.5, 3, 2.5, 4])
    q = calibrate(errors, (95, 80))  # given in any order: rows in ascending level
    assert q.shape == (2, 6)
    assert np.all(np.diff(q, axis=1) >= 0) and np.all(q[1] >= q[0])
    # Enough errors per step: each step's own conformal quantile, made monotone by isotonic
    # regression (here already monotone at the first step, whose scale is the smallest).
    own = [conformal_quantile(errors[:, h], 95) for h in range(6)]
    np.testing.assert_allclose(q[1], isotonic(own))


def test_few_origins_pool_the_shape_of_all_steps():
    rng = np.random.default_rng(2)
    step_scale = np.array([1.0, 2.0, 3.0])
    errors = np.abs(rng.normal(size=(30, 3))) * step_scale
    q = calibrate(errors, (95,))
    # Every step gets the same multiple of its mean error: the ratio is a pooled quantile.
    ratios = q[0] / errors.mean(axis=0)
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-12)
    pooled = conformal_quantile((errors / errors.mean(axis=0)).reshape(-1), 95)
    assert ratios[0] == pytest.approx(pooled)


@pytest.mark.parametrize("level", [50, 80, 95, 99])
def test_normal_shape_is_a_half_normal_quantile_over_its_mean(level):
    from scipy.stats import halfnorm

    assert normal_shape(level) == pytest.approx(
        halfnorm.ppf(level / 100) / halfnorm.mean(), rel=1e-9)


def test_one_path_of_errors_is_no_narrower_than_normal_errors_of_its_mean():
    """One validation path of 12 steps: each step's mean error is its own error, and the 12
    ratios to the running maximum are at most 1, so the pooled shape made the 95 % band 1.11
    times the 80 % one. The floor: normal errors of the same mean need 1.606 and 2.456 times
    it."""
    errors = np.array([[0.5, 1.0, 0.8, 1.3, 0.9, 1.1, 1.2, 1.0, 1.6, 1.4, 1.5, 1.7]])
    q = calibrate(errors, (80, 95))
    running = np.fmax.accumulate(errors[0])
    np.testing.assert_allclose(q[0], normal_shape(80) * running)
    np.testing.assert_allclose(q[1], normal_shape(95) * running)
    assert q[1, 0] / q[0, 0] == pytest.approx(1.529, abs=1e-3)


def test_heavy_tailed_pooled_errors_keep_their_own_shape():
    """The floor binds only where the pooled shape is narrower than normal errors': errors
    with a heavy tail (Student's t, 2 degrees of freedom) keep their conformal quantile."""
    rng = np.random.default_rng(5)
    errors = np.abs(rng.standard_t(df=2, size=(40, 4))) * np.array([1.0, 1.5, 2.0, 2.5])
    q = calibrate(errors, (95,))
    step_mean = np.fmax.accumulate(errors.mean(axis=0))
    pooled = conformal_quantile((errors / step_mean).reshape(-1), 95)
    assert pooled > normal_shape(95)
    np.testing.assert_allclose(q[0], pooled * step_mean)


@pytest.mark.parametrize("log", [False, True])
def test_coverage_on_exchangeable_errors_is_nominal(log):
    """Errors drawn from one distribution, scaled by known per-origin scales: calibrating on
    half and testing on the other half covers close to the level."""
    rng = np.random.default_rng(3)
    n, K = 4000, 4
    scale = rng.uniform(0.01, 0.05, size=2 * n) if log else rng.uniform(0.5, 5.0, size=2 * n)
    noise = rng.standard_t(df=4, size=(2 * n, K)) * np.sqrt(np.arange(1, K + 1))
    forecast = np.full((2 * n, K), 100.0)
    logs = np.full(2 * n, log)
    actual = forecast * np.exp(noise * scale[:, None]) if log else forecast + noise * scale[:, None]
    errors = scaled_errors(actual[:n], forecast[:n], scale[:n], logs[:n])
    lo, hi = bands(forecast[n:], scale[n:], logs[n:], calibrate(errors, (80, 95)))
    assert np.all(lo <= forecast[n:]) and np.all(hi >= forecast[n:])
    assert coverage(actual[n:], lo[0], hi[0]) == pytest.approx(0.80, abs=0.02)
    assert coverage(actual[n:], lo[1], hi[1]) == pytest.approx(0.95, abs=0.01)
    width = (hi[1] - lo[1]).mean(axis=0)
    assert np.all(np.diff(width) > 0)  # wider further ahead, as the errors are


def test_interval_score_and_coverage_by_hand():
    actual = np.array([1.0, 5.0, 12.0])
    lo, hi = np.array([0.0, 0.0, 0.0]), np.array([10.0, 10.0, 10.0])
    # alpha 0.05: a miss of 2 above costs 2 / 0.05 * 2 = 80 on top of the width 10.
    np.testing.assert_allclose(interval_score(actual, lo, hi, 95), [10.0, 10.0, 90.0])
    assert coverage(actual, lo, hi) == pytest.approx(2 / 3)


def test_levels_are_checked_and_zero_turns_intervals_off():
    assert check_levels([95, 80, 95]) == (80.0, 95.0)
    assert check_levels([0]) == ()
    for bad in ([100], [-5], [0, 95]):
        with pytest.raises(InputError, match="--level"):
            check_levels(bad)
    # a fraction typed for a percentage gave bands equal to the forecast, in silence
    with pytest.raises(InputError, match="--level 0.8 is a fraction, .* give 80 for 80 %"):
        check_levels([0.8, 95])
    assert check_levels([1, 99.5]) == (1.0, 99.5)
    assert check_levels("95,80") == (80.0, 95.0)  # a library's string, as the flags give them
    with pytest.raises(InputError, match="--level must be a number"):
        check_levels(["eighty"])
    with pytest.raises(InputError, match="--level 0.005 is a fraction, .* give e.g. 80$"):
        check_levels([0.005])  # (not 'give 0.5', which is refused in turn)


def slow_isotonic(y):
    """Least squares over non-decreasing sequences, by brute force over block partitions."""
    import itertools

    n, best, best_cost = len(y), None, float("inf")
    for cuts in itertools.product([0, 1], repeat=n - 1):
        fit, start = [], 0
        for i in range(n):
            if i == n - 1 or cuts[i]:
                fit += [float(np.mean(y[start : i + 1]))] * (i + 1 - start)
                start = i + 1
        if all(a <= b + 1e-12 for a, b in zip(fit, fit[1:], strict=False)):
            cost = sum((a - b) ** 2 for a, b in zip(fit, y, strict=True))
            if cost < best_cost:
                best, best_cost = fit, cost
    return np.array(best)


def test_isotonic_matches_brute_force():
    rng = np.random.default_rng(5)
    for _ in range(30):
        y = rng.normal(size=int(rng.integers(1, 8)))
        np.testing.assert_allclose(isotonic(y), slow_isotonic(y), atol=1e-12)
    np.testing.assert_array_equal(isotonic([1.0, 2.0, 3.0]), [1.0, 2.0, 3.0])
    np.testing.assert_allclose(isotonic([3.0, 1.0, 2.0]), [2.0, 2.0, 2.0])


def test_the_floor_is_the_longer_scale_when_it_is_larger():
    """A quiet spell before the origin: the longer history's scale sets the floor."""
    rng = np.random.default_rng(6)
    z = np.concatenate([np.cumsum(rng.normal(0, 1.0, 400)), np.zeros(50)])
    z[400:] = z[399]  # flat for the last 50 rows
    origin, start = np.array([449]), np.array([0])
    short = local_scale(z, origin, start, 1, 40)
    assert short[0] == 0.0
    floored = floored_scale(z, origin, start, 1, 40)
    assert floored[0] == local_scale(z, origin, start, 1, 160)[0] > 0


def test_bands_of_an_additive_series_of_huge_values_raise_no_overflow():
    """exp is taken of log-mode widths only: a width of 1e12 in an additive series once
    printed numpy's overflow warning into the user's terminal."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lo, hi = bands(np.array([[-3e12, -2e12]]), np.array([1e12]), np.array([False]),
                       np.array([[1.5, 2.0]]))
    np.testing.assert_array_equal(lo[0], [[-4.5e12, -4e12]])
    np.testing.assert_array_equal(hi[0], [[-1.5e12, 0.0]])


def test_a_band_reaches_no_further_than_the_series_range_up_to_its_origin():
    """After a level shift, calibration errors scaled by the quiet spell before it, times the
    scale the shift inflates, once made an 80 % band of 0.9 to 37,772 around 184."""
    from test_preprocess import panel_of

    from lstmcast.calibrate import history_span, measured
    from lstmcast.preprocess import SeriesState, panel_rows

    a = np.array([5.0, 4.0, 8.0, 6.0, 7.0])
    b = np.array([100.0, 50.0, 400.0, 200.0])
    rows = panel_rows(panel_of(a, -b), [SeriesState("log", "last"),
                                        SeriesState("additive", "last")])
    origins, starts = np.array([1, 2, 4, 6, 8]), np.array([0, 0, 0, 5, 5])
    slow = [np.ptp(np.log(a[:2])), np.ptp(np.log(a[:3])), np.ptp(np.log(a)), np.ptp(b[:2]),
            np.ptp(b)]
    np.testing.assert_allclose(history_span(measured(rows), rows.series_of[origins], origins,
                                            starts), slow)
    # fewer rows than asked for (two horizons): no range to cap the band by yet
    young = history_span(measured(rows), rows.series_of[origins], origins, starts, 3)
    np.testing.assert_allclose(young, [np.inf, *slow[1:3], np.inf, slow[4]])
    lo, hi = bands(np.array([[10.0], [10.0]]), np.array([1.0, 1.0]), np.array([True, False]),
                   np.array([[5.0]]), widest=np.array([np.log(2.0), 3.0]))
    np.testing.assert_allclose(lo[0, :, 0], [5.0, 7.0])
    np.testing.assert_allclose(hi[0, :, 0], [20.0, 13.0])


def test_a_series_of_one_row_borrows_the_typical_scale_of_its_mode():
    """A new listing's first row has no change to scale its interval by: in log mode it takes
    the median of the other log-mode scales (relative changes), in additive mode the median of
    the others' scales relative to their levels, times its own level."""
    from lstmcast.calibrate import typical_scales

    log = np.array([True, True, True, True, False, False, False])
    scale = np.array([0.01, 0.03, 0.02, np.nan, 2.0, 30.0, np.nan])
    level = np.array([4.6, 3.0, 2.0, 5.0, 100.0, 1000.0, -50.0])  # logs in log mode
    typical = typical_scales(level, scale, log)
    assert typical[3] == pytest.approx(0.02)
    assert typical[6] == pytest.approx(np.median([2.0 / 100.0, 30.0 / 1000.0]) * 50.0)
    alone = typical_scales(np.array([1.0, 7.0]), np.array([np.nan, np.nan]),
                           np.array([True, False]))
    assert np.isnan(alone).all()  # nothing to borrow from: a point forecast, as before
    # the training panel's medians, kept in the model: the same whatever is forecast with it
    kept = typical_scales(np.array([1.0, 7.0]), np.array([np.nan, np.nan]),
                          np.array([True, False]), medians=[0.015, None])
    assert kept[0] == pytest.approx(0.015) and np.isnan(kept[1])
    assert typical_scales(level, scale, log, medians=[0.5, 0.1])[[3, 6]] == pytest.approx(
        [0.5, 0.1 * 50.0])


def test_a_log_band_reaches_no_further_than_the_series_range_in_levels():
    """Log ratios of a temperature near 0 swing by multiples: their band, as wide as those
    swings, once reached 172.5 around 13.2 for a series that never passed 46. No band reaches
    further from its forecast than the series' range in levels; a band within it is kept."""
    from test_preprocess import panel_of

    from lstmcast.calibrate import interval_bands
    from lstmcast.preprocess import Recipe, SeriesState, panel_rows

    day = np.array([0.6, 1.0, 2.0, 6.0, 12.0, 18.0, 12.0, 4.0])  # a cold week's swings
    swings = np.exp(np.random.default_rng(0).normal(0.0, 0.7, 64))  # no two days alike
    y = np.r_[np.linspace(46.0, 20.0, 24), np.clip(np.tile(day, 8) * swings, 0.6, 40.0)]
    rows = panel_rows(panel_of(y), [SeriesState("log", "last")])
    recipe = Recipe(lookback=16, horizon=4, season=8, patch=8)
    origin = np.array([len(y) - 1])
    forecast = np.full((1, 4), 13.2)
    for errors, capped in ((np.full((50, 4), 3.0), True), (np.full((50, 4), 0.01), False)):
        lo, hi = interval_bands(rows, origin, np.array([0]), recipe, forecast, errors)
        assert (hi[:, 0] <= 13.2 + (46.0 - 0.6) + 1e-9).all() and (lo[:, 0] > 0).all()
        assert np.isclose(hi[-1, 0, -1], 13.2 + 45.4) == capped  # the widest band's last step
        assert (hi > forecast).all() and (lo < forecast).all()


@pytest.mark.parametrize("mode", ["log", "additive"])
def test_errors_after_a_flat_spell_are_left_out_of_the_calibration(mode):
    """A peg that moves by a cent after years at 7.80: its local scale is almost nothing, so
    its errors, divided by it, would widen every series' bands; a moving series' are kept."""
    from test_preprocess import panel_of

    from lstmcast.calibrate import errors_at
    from lstmcast.preprocess import Recipe, SeriesState, panel_rows

    recipe = Recipe(lookback=8, horizon=2, season=1, patch=1)
    moving = 100 + np.cumsum(np.random.default_rng(1).normal(0, 1, 60))
    # EUR/USD a minute moves 5e-5 of its level every step: no flat spell (every error had
    # been left out, its bands had no width, and its 80 % band held 5 % of the actuals)
    minutes = 1.08 * np.exp(np.cumsum(np.random.default_rng(2).normal(0, 5e-5, 60)))
    noisy = np.r_[np.tile([7.8, 7.800000000000001], 25), 7.8 + 0.01 * np.arange(1, 11)]
    for y, left_out in ((np.r_[np.full(50, 7.8), 7.8 + 0.01 * np.arange(1, 11)], True),
                        (noisy, True), (moving, False), (minutes, False)):  # (a float's noise)
        panel = panel_of(y)
        rows = panel_rows(panel, [SeriesState(mode, "last")])
        origins = np.arange(50, 58)
        errors = errors_at(panel, rows, origins, np.full((8, 2), y[49]), recipe)
        assert bool(np.isnan(errors[0]).all()) is left_out and np.isfinite(errors[-1]).all()


def test_a_base_alone_is_calibrated_at_every_held_out_origin_with_its_season():
    """22 months forecast 6 ahead, 12 held out: a seasonal base's origins from its first
    season on whose horizon lies in the held-out rows (11 to 15), a weekly base's from its
    first week, the last value's from the first held-out row on; series by series."""
    from test_preprocess import panel_of

    from lstmcast.calibrate import base_origins
    from lstmcast.preprocess import Recipe, SeriesState, panel_rows

    y = 100 + np.arange(22.0)
    panel = panel_of(y, y, np.r_[y, y, y, y, y])
    rows = panel_rows(panel, [SeriesState("log", "seasonal"), SeriesState("log", "last"),
                              SeriesState("log", "weekly")])
    origins = base_origins(panel, rows, Recipe(lookback=2, horizon=6, season=12, patch=1),
                           np.array([10, 10, 80]))
    starts = panel.indptr[rows.series_of[origins]]
    assert [list(origins[rows.series_of[origins] == s] - starts[rows.series_of[origins] == s])
            for s in range(3)] == [[11, 12, 13, 14, 15], [9, 10, 11, 12, 13, 14, 15],
                                   list(range(83, 104))]  # a week of 12-row days: 84


def test_a_range_of_a_few_rows_caps_no_band():
    """A region new in a pivot's next export, 40 then 45, a day ahead: its range (5) capped
    both bands at 40 to 50, the 80 % and 95 % intervals one and the same."""
    from test_preprocess import panel_of

    from lstmcast.calibrate import FEWEST_RANGE, interval_bands
    from lstmcast.preprocess import Recipe, SeriesState, panel_rows

    y = np.array([40.0, 45.0])
    rows = panel_rows(panel_of(y), [SeriesState("additive", "last")])
    recipe = Recipe(lookback=4, horizon=1, season=1, patch=1)
    errors = np.abs(np.random.default_rng(3).normal(size=(60, 1))) * 3.0
    lo, hi = interval_bands(rows, np.array([1]), np.array([0]), recipe,
                            np.array([[45.0]]), errors, levels=(80, 95))
    assert hi[1, 0, 0] > hi[0, 0, 0] > 45.0 > lo[0, 0, 0] > lo[1, 0, 0]
    assert len(y) < FEWEST_RANGE
