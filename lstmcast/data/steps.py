"""--every: each row put on the step of a frequency at or before its time (a till's sales
on their days), a last step that is still running told apart, and the days of each month
that no step is (a payroll's 1st and 15th), refused with the --every that makes them one."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.tseries.offsets import Tick

from ..calendar import offset_of, time_of_day
from ..clocks import sub_daily
from ..errors import InputError


def step_start(times: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    """Each time's step of ``freq`` at or before it: the day of 14:37 for "D", the hour for
    "h", the month's first day for "MS", the Friday before a Saturday for "B"."""
    offset = offset_of(freq)
    if isinstance(offset, Tick):
        return times.floor(offset)
    day = times.normalize()
    if isinstance(offset, pd.offsets.Day | pd.offsets.Week) and offset.n > 1:
        # steps of several days or weeks, counted from the first of their kind after 1970-01-01
        # (the same steps in every file; one step back of "3D" was a day's)
        one = offset.base
        start = one.rollforward(pd.Timestamp("1970-01-01", tz=day.tz))
        span = pd.Timedelta(days=offset.n * (7 if isinstance(offset, pd.offsets.Week) else 1))
        return start + ((((day + one) - one) - start) // span) * span
    if offset.n != 1:
        raise InputError(f"--every {freq}: steps of several of these periods are not "
                         "supported", fallback="use one period (MS, QS, YS) or steps of "
                                               "several days or weeks (3D, 2W-SUN)")
    return (day + offset) - offset  # onto the step after, then one step back


def on_steps(times: pd.DatetimeIndex, every: str, notes,
             totals: bool = True) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """``times`` put on the steps of ``every`` (--every), said, and which rows fall in a last
    step still running (``_still_running``), to be left out, said, where a step's rows are
    added up (``totals``): a mean of a step's readings so far is no fall."""
    try:
        stepped = step_start(pd.DatetimeIndex(times), every)
    except (ValueError, TypeError) as exc:
        raise InputError(f"--every {every!r} is no frequency pandas knows",
                         fallback="use D, B, W-SUN, MS, QS, YS, h or 15min") from exc
    if sub_daily(every) and stepped.normalize().nunique() > 1 and len(
            np.unique(time_of_day(stepped))) == 1:  # (dates alone, or a close's time of day)
        raise InputError(f"--every {every}: every row falls on the step at {stepped[0]:%H:%M} "
                         "of its day, so the steps between are not in the data (dates without "
                         "a time of day?)",
                         advice=[(("--every",), "use --every D (or W-SUN, MS) for totals of days "
                                  "or longer, or give the data its times of day")],
                         fallback="use --every D, or give the data its times of day")
    moved = int((stepped != times).sum())
    notes.append(f"every {every}: {moved} of {len(times)} row(s) put on the step at or before "
                 "their time")
    running, reach = _still_running(pd.DatetimeIndex(times), stepped) if totals else (
        np.zeros(len(times), dtype=bool), None)
    if running.any():
        last = pd.DatetimeIndex(times)[running].max()
        notes.warn(f"every {every}: the last step, from {stepped.max()}, is still running (its "
                   f"rows reach {last}, {last - stepped.max()} into it; the earlier steps' "
                   f"reached {reach} into theirs): its {int(running.sum())} row(s) left out, "
                   "as a part of a step would read as a fall")
    return stepped, running


def _still_running(times: pd.DatetimeIndex,
                   stepped: pd.DatetimeIndex) -> tuple[np.ndarray, pd.Timedelta]:
    """(which rows fall in the last step when that step is still running, how far into their
    steps the earlier steps' latest rows lay): the step is running when its latest row
    lies less than 90 % as far into it as the earlier steps' latest rows lay into theirs
    (their median, over 3 steps or more; of days, over those of its weekday, as a shop opens
    shorter on Sundays). A weekly total of daily sales two days into the week, a month's
    three days: a fall the data never had. A trade log's day that closes at 16:00 like the
    days before it is whole."""
    into = pd.Series((times - stepped).asi8).groupby(stepped.asi8).max()
    earlier = into.iloc[:-1]
    starts = pd.DatetimeIndex(into.index.to_numpy().astype(f"datetime64[{stepped.unit}]"))
    if len(starts) > 1 and (starts[1:] - starts[:-1]).min() == pd.Timedelta(days=1):
        earlier = earlier[starts[:-1].day_of_week == starts[-1].day_of_week]  # its weekdays
    reach = pd.Timedelta(int(earlier.median()) if len(earlier) else 0, unit=times.unit)
    if len(earlier) < 3 or into.iloc[-1] >= 0.9 * reach.value:
        return np.zeros(len(times), dtype=bool), reach
    return np.asarray(stepped.asi8 == into.index[-1]), reach


def days_of_each_month(name: str, index: pd.DatetimeIndex) -> InputError | None:
    """The error for rows on the same two or three days of each month (a payroll's 1st and
    15th, a dekad's 1st, 11th and 21st): no step of a calendar lstmcast forecasts in, and the
    advice for an irregular file (--every D) would fill the days between. None otherwise."""
    days = sorted(set(index.day))
    if not (1 < len(days) <= 3 and index.normalize().equals(index)) or (pd.Series(
            index.day).groupby(index.to_period("M")).nunique() == len(days)).mean() < 0.9:
        return None
    return InputError(f"{name}: its rows fall on days {', '.join(map(str, days))} of each month, "
                      "a step of no calendar lstmcast forecasts in", fallback="pass --every MS "
                      "with --duplicates mean (or sum) to make it monthly, or give the data daily")
