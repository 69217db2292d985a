"""M4's seasonality test and Naive2 against hand computations."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from lstmcast.baselines import is_seasonal, naive2, naive2_at, seasonal_indices


def test_seasonal_indices_of_an_exact_multiplicative_season():
    pattern = np.array([0.5, 1.0, 1.5, 1.0])
    y = np.tile(pattern, 10) * 100
    np.testing.assert_allclose(seasonal_indices(y, 4), pattern, rtol=1e-12)
    odd = np.tile([0.8, 1.0, 1.2], 10) * 50
    np.testing.assert_allclose(seasonal_indices(odd, 3), [0.8, 1.0, 1.2], rtol=1e-12)


def test_naive2_reseasonalises_the_last_adjusted_value():
    pattern = np.array([0.5, 1.0, 1.5, 1.0])
    y = np.tile(pattern, 10) * 100
    y[-1] = 120.0  # position 3: adjusted 120
    assert is_seasonal(y, 4)
    index = seasonal_indices(y, 4)
    expected = 120.0 / index[3] * index[[0, 1, 2, 3, 0]]
    np.testing.assert_allclose(naive2(y, 4, 5), expected, rtol=1e-12)


def test_naive2_is_naive_without_a_season():
    y = np.random.default_rng(0).normal(size=50).cumsum() + 100
    np.testing.assert_array_equal(naive2(y, 1, 3), np.full(3, y[-1]))
    noise = np.random.default_rng(1).normal(size=200) + 10
    assert not is_seasonal(noise, 12)
    np.testing.assert_array_equal(naive2(noise, 12, 3), np.full(3, noise[-1]))


@pytest.mark.parametrize("m", [2, 4, 7, 12, 24])
def test_naive2_at_every_origin_is_naive2_of_each_prefix(m):
    """The prefix sums give, at every origin, what ``naive2`` gives on that prefix: seasonal
    or not, a value <= 0 in it or not, levels of millions or tens."""
    rng = np.random.default_rng(m)
    for level, zero in ((10.0, None), (1e6, None), (50.0, 3 * m + 5)):
        n = 8 * m + 30
        t = np.arange(n)
        y = level * (1 + 0.3 * np.sin(2 * np.pi * t / m)) * np.exp(
            np.cumsum(rng.normal(0, 0.02, n)))
        if zero is not None:
            y[zero] = 0.0
        origins = np.arange(n)
        slow = np.stack([naive2(y[: o + 1], m, 5) for o in origins])
        np.testing.assert_allclose(naive2_at(y, origins, m, 5), slow, rtol=1e-9)
    assert naive2_at(y, np.array([], dtype=np.int64), m, 5).shape == (0, 5)


def test_naive2_at_before_a_run_of_zeros_warns_nothing():
    """A series that ends in zeros (a business gone bust) is decomposed where it was positive,
    in silence: its ratios to a moving average of zeros, 0 / 0, come after every prefix read."""
    m, rng = 12, np.random.default_rng(3)
    t = np.arange(120)
    y = 50 * (1 + 0.3 * np.sin(2 * np.pi * t / m)) * np.exp(np.cumsum(rng.normal(0, 0.02, 120)))
    y[-30:] = 0.0
    origins = np.arange(60, 120)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fast = naive2_at(y, origins, m, 3)
    slow = np.stack([naive2(y[: o + 1], m, 3) for o in origins])
    np.testing.assert_allclose(fast, slow, rtol=1e-9)
