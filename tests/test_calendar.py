"""Stamps for people and for outputs: as the data writes them, ordered as times."""

from __future__ import annotations

import pandas as pd

from lstmcast.calendar import STEPS, data_stamp, format_stamp, stamp_order


def test_data_stamps_keep_years_and_year_months_and_steps():
    t = pd.Timestamp("2016-01-01")
    assert data_stamp(t, "%Y") == "2016" and data_stamp(t, "%Y-%m") == "2016-01"
    assert data_stamp(t, "%d.%m.%Y") == "2016-01-01" == format_stamp(t)
    assert data_stamp(pd.Timestamp(12, unit="ns"), STEPS) == "12"
    assert data_stamp(pd.Timestamp("2016-01-01 09:30"), None) == "2016-01-01 09:30:00"


def test_stamps_sort_as_their_times():
    steps = ["9", "10", "100", "2"]
    assert sorted(steps, key=stamp_order) == ["2", "9", "10", "100"]
    dates = ["2016-02-01", "2015-12-31", "2016-01-01 10:00:00"]
    assert sorted(dates, key=stamp_order) == ["2015-12-31", "2016-01-01 10:00:00", "2016-02-01"]
