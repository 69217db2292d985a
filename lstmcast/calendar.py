"""Time: which frequency a set of timestamps follows, the regular grid it spans, the stamps
that continue it, and the one formatter that every command uses to write a timestamp."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset

from .errors import InputError

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


class Irregular(Exception):
    """The timestamps do not follow a frequency we can name."""


def frequency_of(index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex]:
    """(pandas alias, label for people, full regular grid from first to last) of sorted unique
    timestamps; raises Irregular when no frequency fits."""
    if len(index) < 2:
        raise Irregular("too few timestamps")
    try:
        index = index.as_unit("ns")
    except (OverflowError, ValueError) as exc:
        raise Irregular("dates out of range") from exc
    diffs = np.diff(index.asi8)
    step = pd.Timedelta(int(np.median(diffs)), unit="ns")
    day = pd.Timedelta(days=1)
    midnight = bool((index == index.normalize()).all())
    first = index[0]

    if step < day:
        freq = to_offset(step).freqstr
        label = _sub_daily_label(freq)
    elif midnight and step == day:
        weekend = index.day_of_week >= 5
        crosses_weekend = bool((np.diff(index.day_of_week) < 0).any()) or (
            index[-1] - index[0] >= pd.Timedelta(days=7))
        if not weekend.any() and crosses_weekend:
            grid = pd.bdate_range(index[0], index[-1])
            if not index.isin(grid).all():
                raise Irregular("off-grid")
            return "B", "business days", grid
        freq, label = "D", "daily"
    elif midnight and step.days in (2, 3, 4, 5, 6) and step == pd.Timedelta(days=step.days):
        freq, label = f"{step.days}D", f"every {step.days} days"
    elif midnight and step == pd.Timedelta(days=7):
        freq = f"W-{WEEKDAYS[first.day_of_week]}"
        label = f"weekly ({first.day_name()}s)"
    elif midnight and pd.Timedelta(days=28) <= step <= pd.Timedelta(days=31):
        freq, label = _anchored(index, "M", "monthly")
    elif midnight and pd.Timedelta(days=89) <= step <= pd.Timedelta(days=92):
        freq, label = _anchored(index, "Q", "quarterly")
    elif midnight and pd.Timedelta(days=365) <= step <= pd.Timedelta(days=366):
        freq, label = _anchored(index, "Y", "yearly")
    else:
        raise Irregular(f"step {step}")
    grid = pd.date_range(index[0], index[-1], freq=freq)
    if len(grid) > 2 * len(index) + 10 or not index.isin(grid).all():
        raise Irregular("off-grid")
    return freq, label, grid


def _anchored(index: pd.DatetimeIndex, kind: str, label: str) -> tuple[str, str]:
    starts, ends = bool((index.day == 1).all()), bool(index.is_month_end.all())
    month = int(index[0].month)
    if kind == "M":
        if starts:
            return "MS", f"{label} (month start)"
        if ends:
            return "ME", f"{label} (month end)"
        raise Irregular("monthly, not on month start or end")
    if kind == "Q":
        if starts:
            return f"QS-{MONTHS[(month - 1) % 3]}", f"{label} (quarter start)"
        if ends:
            return f"QE-{MONTHS[(month - 1) % 3 + 9]}", f"{label} (quarter end)"
        raise Irregular("quarterly, not on month start or end")
    if starts:
        return f"YS-{MONTHS[month - 1]}", f"{label} (year start)"
    if ends:
        return f"YE-{MONTHS[month - 1]}", f"{label} (year end)"
    raise Irregular("yearly, not on month start or end")


def _sub_daily_label(freq: str) -> str:
    match = re.fullmatch(r"(\d*)([a-zA-Z]+)", freq)
    if not match:
        return f"every {freq}"
    count, unit = match.groups()
    words = {"h": ("hourly", "hours"), "min": ("every minute", "minutes"),
             "s": ("every second", "seconds"), "ms": ("every millisecond", "milliseconds")}
    if unit not in words:
        return f"every {freq}"
    single, plural = words[unit]
    return single if count in ("", "1") else f"every {count} {plural}"


def future_timestamps(last: pd.Timestamp, freq: str, n: int) -> pd.DatetimeIndex:
    """The ``n`` timestamps after ``last`` that continue ``freq`` ("B" skips weekends)."""
    try:
        offset = to_offset(freq)
    except (ValueError, TypeError) as exc:
        raise InputError(f"unknown frequency {freq!r}",
                         fallback="use a pandas alias such as D, B, h, MS") from exc
    if int(n) < 0:
        raise InputError(f"cannot make {n} future timestamps",
                         fallback="the horizon must be 0 or more")
    last = pd.Timestamp(last)
    if int(n) == 0:
        return pd.DatetimeIndex([], dtype=f"datetime64[{last.unit}]", tz=last.tz)
    return pd.date_range(start=last + offset, periods=int(n), freq=offset)


def periods_between(first: pd.Timestamp, last: pd.Timestamp, freq: str) -> int:
    """Steps of ``freq`` from ``first`` to ``last`` (0 when equal)."""
    return len(pd.date_range(first, last, freq=freq)) - 1


def format_stamp(t) -> str:
    """A timestamp for people: ISO date, with the time of day unless it is midnight."""
    t = pd.Timestamp(t)
    return t.strftime("%Y-%m-%d") if t == t.normalize() else t.isoformat(sep=" ")


def stamp_format(times) -> str:
    """The strftime format for a column of stamps: dates alone when every one is at midnight."""
    at_midnight = all(t.hour == 0 and t.minute == 0 and t.second == 0 for t in times)
    return "%Y-%m-%d" if at_midnight else "%Y-%m-%d %H:%M:%S"
