"""Numbered periods of a day, as grid operators number them beside a date: 1..48 half-hours
(Britain's settlement periods, New Zealand's trading periods), 1..24, 1..96 or 1..288; a day
of local time holds two fewer or more on the days the clocks change."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..zones import change_days

PERIOD_NAMES = frozenset({"settlement period", "trading period", "sp", "tp", "half hour",
                          "halfhour", "hh"})  # not 'period': forecast leads, pay periods
PERIODS_PER_DAY = (24, 48, 96, 288)
# Elexon's, the grid's and a British meter's half-hours; not NZ's 'trading period'
BRITISH = frozenset({"settlement period", "sp", "half hour", "halfhour", "hh"})



def periods_per_day(periods: np.ndarray, dates: pd.DatetimeIndex) -> int | None:
    """How many numbered periods a day holds: the most common last period of a day, when it
    is a whole division of a day; None when the numbers are not such periods."""
    if periods.min() < 1:
        return None
    last = pd.Series(periods).groupby(dates.asi8).max()
    per_day = int(last.mode().iloc[0])
    return per_day if per_day in PERIODS_PER_DAY and last.max() <= per_day * 25 // 24 else None


def period_starts(periods: np.ndarray, dates: pd.DatetimeIndex, per_day: int,
                  british: bool = False) -> np.ndarray:
    """Seconds from midnight to the start of each numbered period (1 at 00:00). On a day of
    an hour more (the clocks going back) the periods of the hour after 01:00 are that hour
    again, averaged later as any hour a clock change repeats; on a day of an hour fewer
    within the file (the clocks going forward), the periods after 01:00 start an hour later.
    A first or last day cut short is only cut short, but, of ``british`` settlement periods
    (Elexon's, the grid's), on the day Britain's clocks change, whose periods after 01:00 are
    moved as the whole day's are (a file that ends on the spring day of 46)."""
    step = 86_400 // per_day
    hour = 3_600 // step  # periods in an hour, also the periods before 01:00
    day = dates.asi8
    last = pd.Series(periods).groupby(day).transform("max").to_numpy()
    inside = (day != day.min()) & (day != day.max())
    spring, autumn = change_days("Europe/London", dates.year.min(), dates.year.max()) if \
        british else (np.array([], dtype=np.int64),) * 2
    longer = np.where(~inside & np.isin(day, autumn) & (last > 2 * hour), hour,
                      np.maximum(last - per_day, 0))
    shorter = np.where((inside & (last == per_day - hour) & dates.month.isin([3, 4, 9, 10, 11]))
                       | (~inside & np.isin(day, spring) & (last <= per_day - hour)), hour, 0)
    index = periods - 1
    index = np.where((longer > 0) & (periods > hour + longer), index - longer, index)
    index = np.where((shorter > 0) & (periods > hour), index + shorter, index)
    return index * step
