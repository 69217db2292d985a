"""Transforms and scaling: hand-checked values, validation messages and exact round trips."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lstmcast.errors import InputError, ModelFileError
from lstmcast.transforms import (
    TRANSFORMS,
    Scaler,
    apply_transform,
    invert_transform,
    resolve_transform,
)

SETTINGS = settings(max_examples=60, deadline=None)


def random_walk(n=300, start=100.0, seed=0):
    steps = 0.01 * np.random.default_rng(seed).standard_normal(n)
    return start * np.exp(np.cumsum(steps))


# --- resolve_transform -------------------------------------------------------------------------


def test_auto_picks_log_diff_for_positive_prices():
    kind, reason = resolve_transform("auto", random_walk(), "Close")
    assert kind == "log-diff"
    assert "strictly positive" in reason


def test_auto_picks_diff_for_persistent_series_touching_zero():
    y = random_walk() - 100.0  # same persistence, crosses zero
    assert (y <= 0).any()
    assert resolve_transform("auto", y)[0] == "diff"


def test_auto_picks_none_for_noise():
    y = np.random.default_rng(1).standard_normal(300) + 50.0
    assert resolve_transform("auto", y)[0] == "none"


@pytest.mark.parametrize("y", [np.full(20, 0.1), np.zeros(20), np.array([5.0, 6.0])])
def test_auto_picks_none_for_constant_or_tiny_series(y):
    assert resolve_transform("auto", y)[0] == "none"


def test_explicit_kinds_pass_through():
    y = random_walk()
    for kind in TRANSFORMS:
        assert resolve_transform(kind, y)[0] == kind


def test_log_diff_on_non_positive_values_is_an_input_error():
    y = np.arange(1.0, 21.0)
    y[[12, 15, 18]] = [0.0, -1.0, -2.0]
    with pytest.raises(InputError) as err:
        resolve_transform("log-diff", y, "Close")
    assert err.value.describe({"--transform"}) == (
        "log-diff needs strictly positive values, but 'Close' has 3 values <= 0 "
        "(first at row 12); use --transform diff or none"
    )
    assert "--" not in str(err.value)  # a Python caller is told of no flag


def test_apply_log_diff_on_non_positive_values_is_an_input_error():
    with pytest.raises(InputError, match="1 value <= 0 \\(first at row 0\\)"):
        apply_transform("log-diff", np.array([0.0, 1.0, 2.0]))


@pytest.mark.parametrize("call", [resolve_transform, apply_transform])
def test_unknown_transform_is_an_input_error(call):
    with pytest.raises(InputError, match="unknown transform 'log'; use one of"):
        call("log", np.array([1.0, 2.0]))


# --- apply / invert on hand-made values --------------------------------------------------------


def test_apply_transform_by_hand():
    y = np.array([2.0, 4.0, 3.0, 3.0])
    np.testing.assert_array_equal(apply_transform("none", y), y)
    # diff: 4-2, 3-4, 3-3
    np.testing.assert_array_equal(apply_transform("diff", y), [np.nan, 2.0, -1.0, 0.0])
    # log-diff: log(4/2), log(3/4), log(3/3)
    np.testing.assert_allclose(
        apply_transform("log-diff", y), [np.nan, np.log(2.0), np.log(0.75), 0.0], rtol=1e-15
    )


def test_apply_transform_returns_a_new_float64_array():
    y = np.array([1, 2, 4])
    out = apply_transform("none", y)
    assert out.dtype == np.float64
    out[0] = 99.0
    assert y[0] == 1


def test_invert_transform_by_hand():
    steps = np.array([[1.0, 2.0, -0.5]])  # (1, 3)
    # diff: 10+1, 10+1+2, 10+1+2-0.5
    np.testing.assert_array_equal(invert_transform("diff", [10.0], steps), [[11.0, 13.0, 12.5]])
    np.testing.assert_array_equal(invert_transform("none", [10.0], steps), steps)
    # log-diff: 10*e^log2 = 20, then 20*e^log(1/4) = 5
    out = invert_transform("log-diff", 10.0, np.log([2.0, 0.25]))
    np.testing.assert_allclose(out, [20.0, 5.0], rtol=1e-15)


def test_invert_transform_broadcasts_leading_axes():
    steps = np.ones((2, 3, 4))
    last = np.arange(6.0).reshape(2, 3)
    out = invert_transform("diff", last, steps)
    assert out.shape == (2, 3, 4)
    np.testing.assert_array_equal(out[1, 2], [6.0, 7.0, 8.0, 9.0])


# --- round trips -------------------------------------------------------------------------------


def assert_round_trip(kind, y, horizon, atol=0.0):
    z = apply_transform(kind, y)
    origins = np.arange(0, len(y) - horizon)
    steps = z[origins[:, None] + 1 + np.arange(horizon)]  # (N, K): z[t+1 .. t+K]
    back = invert_transform(kind, y[origins], steps)
    expected = y[origins[:, None] + 1 + np.arange(horizon)]
    np.testing.assert_allclose(back, expected, rtol=1e-12, atol=atol)


def test_round_trip_on_a_price_series():
    y = random_walk(500)
    for kind in TRANSFORMS:
        assert_round_trip(kind, y, horizon=10)


@SETTINGS
@given(
    y=hnp.arrays(np.float64, st.integers(2, 40), elements=st.floats(1e-3, 1e6)),
    horizon=st.integers(1, 10),
)
def test_log_diff_round_trip_on_positive_series(y, horizon):
    horizon = min(horizon, len(y) - 1)
    assert_round_trip("log-diff", y, horizon)


@SETTINGS
@given(
    y=hnp.arrays(np.float64, st.integers(2, 40), elements=st.floats(-1e6, 1e6)),
    horizon=st.integers(1, 10),
    kind=st.sampled_from(["none", "diff"]),
)
def test_diff_and_none_round_trip_on_finite_series(y, horizon, kind):
    horizon = min(horizon, len(y) - 1)
    # Cumulative sums round relative to the largest level, not to each level (which may be ~0).
    assert_round_trip(kind, y, horizon, atol=1e-12 * np.abs(y).max())


# --- Scaler ------------------------------------------------------------------------------------


def test_scaler_by_hand_ignoring_nan_rows_and_constant_columns():
    x = np.array([[1.0, 5.0], [3.0, 5.0], [np.nan, 7.0], [5.0, 5.0]])
    scaler = Scaler.fit(x)
    # column 0 over rows 0, 1, 3: mean 3, population std sqrt((4+0+4)/3); column 1 constant.
    np.testing.assert_allclose(scaler.mean, [3.0, 5.0])
    np.testing.assert_allclose(scaler.std, [np.sqrt(8.0 / 3.0), 1.0])
    z = scaler.transform(x)
    np.testing.assert_allclose(z[[0, 1, 3], 1], 0.0)
    np.testing.assert_allclose(z[0, 0], -2.0 / np.sqrt(8.0 / 3.0))


def test_scaler_constant_column_with_rounding_in_the_mean_maps_to_zero():
    scaler = Scaler.fit(np.full(7, 0.1))
    assert scaler.std[0] == 1.0
    np.testing.assert_allclose(scaler.transform(np.full(3, 0.1)), 0.0, atol=1e-15)


def test_scaler_on_1d_input_keeps_1d():
    y = np.array([1.0, 2.0, 3.0])
    scaler = Scaler.fit(y)
    assert scaler.mean.shape == (1,)
    assert scaler.transform(y).shape == (3,)


def test_scaler_all_nan_is_an_input_error():
    with pytest.raises(InputError, match="no training row is free of missing values"):
        Scaler.fit(np.full((3, 2), np.nan))


def test_scaler_rejects_wrong_column_count():
    scaler = Scaler.fit(np.ones((4, 2)))
    with pytest.raises(ValueError, match="2 column"):
        scaler.transform(np.ones((4, 3)))


def test_scaler_is_frozen():
    scaler = Scaler.fit(np.ones((4, 2)))
    with pytest.raises(AttributeError):
        scaler.mean = np.zeros(2)
    with pytest.raises(ValueError):
        scaler.mean[0] = 1.0


def test_scaler_from_a_damaged_dict_is_a_model_file_error():
    with pytest.raises(ModelFileError):
        Scaler.from_dict({"mean": [0.0]})
    with pytest.raises(ModelFileError):
        Scaler.from_dict({"mean": [0.0], "std": [0.0]})


@SETTINGS
@given(
    x=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 30), st.integers(1, 4)),
        elements=st.floats(-1e6, 1e6),
    )
)
def test_scaler_round_trip_and_dict(x):
    scaler = Scaler.fit(x)
    assert np.all(scaler.std > 0)
    z = scaler.transform(x)
    assert np.all(np.isfinite(z))
    np.testing.assert_allclose(scaler.inverse(z), x, rtol=1e-12, atol=1e-9)
    d = json.loads(json.dumps(scaler.to_dict()))
    again = Scaler.from_dict(d)
    np.testing.assert_array_equal(again.mean, scaler.mean)
    np.testing.assert_array_equal(again.std, scaler.std)
