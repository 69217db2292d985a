"""What a row's time out of place in the file says: series appended one after another, a day
and month swapped, a year mistyped. Read where a time is given twice, to say which it is."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import format_stamp


def times_start_over(index: pd.DatetimeIndex) -> pd.Timestamp | None:
    """The first time at which ``index``, in the file's order, starts over, when it runs in
    blocks (of 5 rows or more) each in order (exports of several series appended one to
    another, no column naming them), else None."""
    steps = np.sign(np.diff(index.asi8))
    steps = steps[steps != 0]
    back = steps != (1 if 2 * (steps > 0).sum() >= len(steps) else -1)  # or newest first
    if not len(steps) or not 0 < back.sum() <= len(index) // 5:
        return None
    return index[int(np.flatnonzero(np.diff(index.asi8) * steps[back][0] > 0)[0]) + 1]


def day_month_swapped(stamp: pd.Timestamp, index: pd.DatetimeIndex) -> pd.Timestamp | None:
    """``stamp`` (a day given twice) with its day and month swapped, where that is the next
    day or so after the daily ``index``'s last: 4 August's row appended as 2020-04-08 after 3
    August's (a user round was told only to keep the last of the repeats, which would have
    overwritten 8 April); not a revised row's day swapped into a holiday among the rows."""
    if stamp != stamp.normalize() or stamp.day > 12 or stamp.day == stamp.month:
        return None
    swapped = stamp.replace(month=stamp.day, day=stamp.month)
    days = len(index) > 1 and np.median(np.diff(index.asi8)) <= pd.Timedelta(days=1).value
    trading = not (index.day_of_week >= 5).any()
    if not days or (trading and swapped.day_of_week >= 5):
        return None
    return swapped if index[-1] < swapped <= index[-1] + pd.Timedelta(days=4) else None



def mistyped_year(stamps: pd.Series, in_file: pd.DatetimeIndex
                  ) -> tuple[pd.Timestamp, str, pd.Timestamp] | None:
    """(time, its neighbours in the file, the time meant) of a repeated time in ``stamps``
    whose row sits between rows of another year, at the place its date in that year would
    take, which no row holds: 2022-12-28 typed '2021-12-28' between 27 and 29 December 2022
    (a user round was told to keep the last of the repeats, whose value then went to 2021);
    else None."""
    limit = pd.Timedelta(days=183)  # neighbours closer than half a year tell the year
    for stamp in dict.fromkeys(stamps.iloc[:3]):
        for i in np.flatnonzero(in_file == stamp):
            if not 0 < i < len(in_file) - 1:
                continue
            lo, hi = sorted((in_file[i - 1], in_file[i + 1]))
            if hi - lo > limit:
                continue
            for year in dict.fromkeys((lo.year, hi.year)):
                try:
                    meant = stamp.replace(year=year)
                except ValueError:  # 29 February
                    continue
                if year != stamp.year and lo < meant < hi and meant not in in_file:
                    return stamp, f"{format_stamp(lo)} and {format_stamp(hi)}", meant
    return None
