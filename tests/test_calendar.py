"""Stamps for people and for outputs: as the data writes them, ordered as times."""

from __future__ import annotations

import pandas as pd
import pytest

from lstmcast.calendar import (
    STEPS,
    data_stamp,
    format_stamp,
    future_timestamps,
    stamp_order,
    stamp_writer,
)
from lstmcast.errors import InputError


def test_data_stamps_keep_years_and_year_months_and_steps():
    t = pd.Timestamp("2016-01-01")
    assert data_stamp(t, "%Y") == "2016" and data_stamp(t, "%Y-%m") == "2016-01"
    assert data_stamp(t, "%d.%m.%Y") == "2016-01-01" == format_stamp(t)
    assert data_stamp(pd.Timestamp(12, unit="ns"), STEPS) == "12"
    assert data_stamp(pd.Timestamp(0, unit="ns"), STEPS) == "0"  # GA4's 'Nth day' 0000
    assert data_stamp(pd.Timestamp("2016-01-01 09:30"), None) == "2016-01-01 09:30:00"


def test_iso_times_without_seconds_or_with_a_t_are_written_as_the_data_writes_them():
    """A logger's '2013-08-29 05:00' or an API's '2013-08-29T05:00:00': forecasts in the same
    text join their data as strings too; other formats are written in ISO form."""
    t = pd.Timestamp("2013-08-29 05:00")
    assert data_stamp(t, "%Y-%m-%d %H:%M") == "2013-08-29 05:00"
    assert data_stamp(t, "%Y-%m-%dT%H:%M:%S") == "2013-08-29T05:00:00"
    assert data_stamp(t, "%Y-%m-%dT%H:%M") == "2013-08-29T05:00"
    assert data_stamp(t, "%d/%m/%Y %H:%M") == "2013-08-29 05:00:00"
    assert stamp_writer([t], "%Y-%m-%d %H:%M")(t) == "2013-08-29 05:00"
    assert stamp_writer([t], "%d/%m/%Y %H:%M")(t) == "2013-08-29 05:00:00"


def test_fractions_of_a_second_are_written_where_a_stamp_has_them():
    """Ticks 250 ms apart: four forecasts were stamped with one second, 1.5 s apart with
    whole seconds (00:07:31 for 00:07:31.500; a user round). Milliseconds where every stamp
    is a whole one, else microseconds; whole seconds as before."""
    ticks = list(pd.date_range("2024-01-01 00:01:15", periods=4, freq="250ms"))
    write = stamp_writer(ticks, "%Y-%m-%d %H:%M:%S.%f")
    assert [write(t) for t in ticks] == [f"2024-01-01 00:01:15.{ms:03d}"
                                         for ms in (0, 250, 500, 750)]
    odd = [pd.Timestamp("2024-01-01 00:00:00.000125"), pd.Timestamp("2024-01-01 00:00:01")]
    assert stamp_writer(odd, None)(odd[0]) == "2024-01-01 00:00:00.000125"
    seconds = list(pd.date_range("2024-01-01 00:00:01", periods=3, freq="s"))
    assert stamp_writer(seconds, None)(seconds[1]) == "2024-01-01 00:00:02"


def test_stamps_sort_as_their_times():
    steps = ["9", "10", "100", "2"]
    assert sorted(steps, key=stamp_order) == ["2", "9", "10", "100"]
    dates = ["2016-02-01", "2015-12-31", "2016-01-01 10:00:00"]
    assert sorted(dates, key=stamp_order) == ["2015-12-31", "2016-01-01 10:00:00", "2016-02-01"]


def test_two_month_starts_28_days_apart_are_months_not_four_weeks():
    from lstmcast.calendar import frequency_of

    assert frequency_of(pd.DatetimeIndex(["2001-02-01", "2001-03-01"]))[0] == "MS"
    assert frequency_of(pd.date_range("2001-01-04", periods=6, freq="28D"))[0] == "4W-THU"


def test_future_timestamps_past_pandas_s_last_date_are_refused_by_name():
    with pytest.raises(InputError, match="run past 2262-04-11, the last date pandas can write"):
        future_timestamps(pd.Timestamp("2262-04-01").as_unit("ns"), "D", 30)
