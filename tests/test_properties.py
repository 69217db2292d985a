"""Properties of what predict writes: forecasts survive CSV/JSON exactly, and future timestamps
continue the series' frequency. (Transforms, scaling and windows: test_transforms.py and
test_windows.py.)"""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.tseries.frequencies import to_offset

from lstmcast import calendar
from lstmcast.calendar import (
    Irregular,
    frequency_of,
    future_timestamps,
    regular_grid,
    time_of_day,
    weekday_of,
)
from lstmcast.forecast import Forecast
from lstmcast.render import _round, render, rounded

FREQS = ["D", "B", "h", "MS", "W-SUN"]
FAST = settings(max_examples=60, deadline=None, derandomize=True)  # the same examples in CI

finite = st.floats(allow_nan=False, allow_infinity=False)
names = st.text(st.sampled_from('abcXYZ019 _,";-.'), min_size=1, max_size=12).filter(
    lambda s: s.strip() and s.strip() != "forecast")
starts = st.datetimes(min_value=pd.Timestamp("1900-01-01").to_pydatetime(),
                      max_value=pd.Timestamp("2200-01-01").to_pydatetime())


@st.composite
def on_grid(draw, freq=None):
    """(freq, a timestamp on that frequency's grid) -- how a series' last row looks."""
    freq = freq or draw(st.sampled_from(FREQS))
    t = pd.Timestamp(draw(starts))
    t = t.floor("h") if freq == "h" else t.normalize()
    return freq, to_offset(freq).rollforward(t)


@st.composite
def forecasts(draw):
    freq, as_of = draw(on_grid())
    k = draw(st.integers(1, 12))
    values = np.array(draw(st.lists(finite, min_size=k, max_size=k)), dtype=np.float64)
    return Forecast(time_col=draw(names), target="y", times=future_timestamps(as_of, freq, k),
                    values=values, as_of=as_of)


def same_floats(got, want):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    # bit for bit: equal values and the same sign of zero
    assert got.tobytes() == want.tobytes(), (got, want)


@FAST
@given(forecasts())
def test_csv_round_trips_exactly_with_the_csv_module(fc):
    rows = list(csv.reader(io.StringIO(render(fc, "csv"))))
    assert rows[0] == [fc.time_col, "forecast"]
    assert len(rows) == len(fc.values) + 1
    assert pd.DatetimeIndex([pd.Timestamp(r[0]) for r in rows[1:]]).equals(fc.times)
    same_floats([float(r[1]) for r in rows[1:]], fc.values)


@FAST
@given(forecasts())
def test_csv_round_trips_exactly_with_pandas(fc):
    # pandas' default float parser (round-trip in pandas 3), as a user reading the file would
    frame = pd.read_csv(io.StringIO(render(fc, "csv")), dtype={fc.time_col: str})
    assert list(frame.columns) == [fc.time_col, "forecast"]
    assert pd.DatetimeIndex(pd.to_datetime(frame[fc.time_col])).equals(fc.times)
    same_floats(frame["forecast"].to_numpy(), fc.values)


@FAST
@given(forecasts())
def test_json_round_trips_exactly(fc):
    doc = json.loads(render(fc, "json"))
    assert (doc["target"], doc["time_col"]) == ("y", fc.time_col)
    assert pd.Timestamp(doc["as_of"]) == fc.as_of
    assert pd.DatetimeIndex([pd.Timestamp(r[fc.time_col]) for r in doc["forecasts"]]).equals(
        fc.times)
    same_floats([r["forecast"] for r in doc["forecasts"]], fc.values)


def test_json_writes_a_value_that_is_no_number_as_null():
    """JSON has no NaN: a forecast without a number (none is made so) is null, still JSON."""
    fc = Forecast(time_col="t", target="y", times=pd.date_range("2020-01-01", periods=2),
                  values=np.array([1.5, np.nan]), as_of=pd.Timestamp("2019-12-31"))
    text = render(fc, "json")
    assert "NaN" not in text
    assert [r["forecast"] for r in json.loads(text)["forecasts"]] == [1.5, None]


@FAST
@given(forecasts())
def test_csv_and_json_agree(fc):
    rows = list(csv.DictReader(io.StringIO(render(fc, "csv"))))
    doc = json.loads(render(fc, "json"))
    assert [{**r, "forecast": float(r["forecast"])} for r in rows] == [  # the same floats:
        {fc.time_col: r[fc.time_col], "forecast": r["forecast"]} for r in doc["forecasts"]]
    assert not any("e" in r["forecast"].lower() for r in rows)  # in plain digits in the CSV


@FAST
@given(on_grid(), st.integers(0, 40))
def test_future_timestamps_continue_the_frequency(grid, n):
    freq, last = grid
    offset = to_offset(freq)
    times = future_timestamps(last, freq, n)
    assert len(times) == n
    if n == 0:
        return
    assert times[0] == last + offset
    assert all(b == a + offset for a, b in zip(times[:-1], times[1:], strict=True))
    assert times.is_monotonic_increasing and times.is_unique
    assert all(offset.is_on_offset(t) for t in times)
    # the same as the series' own grid, continued
    grid_dates = pd.date_range(last, periods=n + 1, freq=freq)
    assert list(times) == list(grid_dates[1:])
    if freq == "B":
        assert not (times.day_of_week >= 5).any()
    if freq == "W-SUN":
        assert (times.day_of_week == 6).all()
    if freq == "MS":
        assert (times.day == 1).all()
    if freq == "h":
        assert ((times[1:] - times[:-1]) == pd.Timedelta(hours=1)).all()


@FAST
@given(st.sampled_from(["MS", "ME", "QS-JAN", "QE-DEC", "YS-JAN", "W-SUN", "D", "h"]),
       st.lists(st.tuples(starts, st.integers(0, 50)), min_size=1, max_size=6))
def test_a_grid_cut_from_the_kept_one_is_the_grid_pandas_builds(freq, spans):
    """Series after series, as a panel's are checked: each grid equals its own date_range,
    whatever grids were kept before it."""
    offset = to_offset(freq)
    for start, n in spans:
        first = offset.rollforward(pd.Timestamp(start).normalize())
        last = first + n * offset
        assert regular_grid(first, last, freq).equals(pd.date_range(first, last, freq=freq))


HINTED = ["MS", "ME", "QS-JAN", "QS-FEB", "QE-DEC", "YS-JAN", "YE-JUN", "W-SUN", "W-WED", "D",
          "B", "h", "2D"]


@FAST
@given(st.sampled_from(HINTED), st.sampled_from(HINTED), starts, st.integers(1, 40),
       st.booleans())
def test_the_frequency_a_hint_names_is_the_one_inferred(freq, hinted, start, n, midnight):
    """Another series' frequency as a hint changes no answer: a series of ``freq``'s stamps
    (at midnight or at the start's time of day) gets the frequency, label and grid found
    without the hint (as a panel's series are read with the one before as the hint)."""
    start = pd.Timestamp(start).floor("min")
    first = to_offset(freq).rollforward(start.normalize() if midnight else start)
    stamps = pd.date_range(first, periods=n + 1, freq=freq)
    other = pd.date_range(to_offset(hinted).rollforward(pd.Timestamp("2001-01-01")),
                          periods=30, freq=hinted)
    hint = frequency_of(other)[:2]

    def found(*args):
        try:
            return frequency_of(*args)
        except Irregular:
            return None

    expected, hinted_answer = found(stamps), found(stamps, hint)
    assert (expected is None) == (hinted_answer is None)
    if expected is not None:
        assert hinted_answer[:2] == expected[:2]
        assert hinted_answer[2].equals(expected[2])


@FAST
@given(on_grid(), st.integers(1, 30), st.integers(1, 30))
def test_future_timestamps_split_anywhere(grid, n, k):
    """Forecasting n steps equals forecasting k, then continuing from the k-th."""
    freq, last = grid
    k = min(k, n)
    whole = future_timestamps(last, freq, n)
    head = future_timestamps(last, freq, k)
    tail = future_timestamps(head[-1], freq, n - k)
    assert list(whole) == [*head, *tail]


@FAST
@given(on_grid("B"))
def test_business_days_skip_the_weekend(grid):
    _, last = grid
    nxt = future_timestamps(last, "B", 1)[0]
    assert nxt.day_of_week < 5
    assert (nxt - last).days == (3 if last.day_of_week == 4 else 1)


@FAST
@given(st.lists(starts, min_size=1, max_size=20), st.sampled_from([None, "UTC", "US/Eastern"]),
       st.sampled_from(["s", "ms", "us", "ns"]))
def test_time_of_day_and_weekday_are_pandas_own(stamps, zone, unit):
    index = pd.DatetimeIndex(stamps).as_unit(unit)
    if zone is not None:
        index = index.tz_localize(zone, ambiguous="NaT", nonexistent="NaT").dropna()
    local = index.tz_localize(None)
    assert time_of_day(index).tolist() == (local - local.normalize()).asi8.tolist()
    assert weekday_of(index).tolist() == index.day_of_week.tolist()


@FAST
@given(st.lists(st.one_of(finite, st.integers(-10**6, 10**6).map(lambda k: k / 200),
                          st.integers(-10**9, 10**9).map(lambda k: (k + 0.5) / 10**4)),
                max_size=40),
       st.one_of(st.none(), st.integers(0, 12)), st.sampled_from([0, 6]))
def test_rounding_a_column_equals_rounding_each_value(values, decimals, significant):
    """The vectorised rounding of a forecast's column is Python's ``round`` value by value,
    halves (k + 0.5) / 10**d included, where numpy's alone could differ; with 6 significant
    digits kept (the default) or none (--decimals N)."""
    expected = [float(v) if decimals is None else _round(float(v), decimals, significant)
                for v in values]
    assert rounded(np.asarray(values), decimals, significant) == expected


def test_exact_decimals_keep_no_significant_digit_of_their_own():
    """--decimals N: N places, however small the value (the default keeps 6 digits)."""
    assert rounded(np.array([6e-5, 7e-6, 5e-9, -4e-4]), 3, 0) == [0.0, 0.0, 0.0, -0.0]
    assert rounded(np.array([1234.5678, 6e-5]), 2, 0) == [1234.57, 0.0]
    assert rounded(np.array([6e-5]), 3) == [6e-05]


def test_a_hint_with_no_stamp_in_the_span_leaves_no_empty_grid_behind():
    """Ten days hinted as months hold no month start: the hint does not fit, and no empty
    grid is kept to break the next monthly series."""
    calendar._GRIDS.clear()
    days = pd.date_range("2001-01-02", periods=10, freq="D")
    assert frequency_of(days, ("MS", "monthly (month start)"))[0] == "D"
    months = pd.date_range("2001-01-01", periods=24, freq="MS")
    assert frequency_of(months, ("MS", "monthly (month start)"))[0] == "MS"
