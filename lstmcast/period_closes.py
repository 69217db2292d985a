"""Periods stamped with a trading day (a month's last business day, a week's Friday): which
frequencies they are, and their forecast stamps moved off the holidays that shut them, as the
data's were.

A month's close falls on its last business day unless a holiday shuts that day: Monday 31 May
2021 was Memorial Day, and May's close is Friday the 28th's. The loader puts such a row on
its period's day (``data.snapping``), the calendar the model steps on, and keeps the stamps it
moved (``Panel.shut_stamps``), from which ``learn_period_holidays`` learns the rules
that close them and no stamp with a row of its own; forecasts are then written on the day the
period's close will fall on: the weekday before a holiday that shuts its stamp, or after it for
stamps at a period's start (a month's first business day after New Year's Day; a week's
Monday, after Easter Monday).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .clocks import freq_root
from .holidays import closed_days, plainness, rules_of, skips_needed
from .national_days import nations_of

_AT_END = ("BME", "BQE", "BYE")  # a period's last trading day: moved back
_AT_START = ("BMS", "BQS", "BYS")  # its first: moved on
_WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI")  # weeks stamped with one (Mondays: moved on)
_MOST_MOVED = 10  # weekdays a stamp may move: China's New Year shuts 8 in a row
_DAY = dt.timedelta(days=1)


def stamped_on_trading_days(freq: str) -> bool:
    """Whether ``freq``'s periods are stamped with a day a holiday may shut: business month,
    quarter and year ends or starts, and weeks on a weekday (a week's close on its Friday)."""
    root = freq_root(freq)
    return root in _AT_END + _AT_START or (root == "W" and freq.endswith(_WEEKDAYS))


def on_open_days(stamps: pd.DatetimeIndex, freq: str, rules) -> pd.DatetimeIndex:
    """``stamps`` of ``freq`` (``stamped_on_trading_days``), each a holiday of ``rules`` shuts
    moved to the weekday before it (at a period's end) or after it (at its start: weeks on
    Mondays too) that is open."""
    if not rules or not len(stamps) or not stamped_on_trading_days(freq):
        return stamps
    step = _DAY if freq_root(freq) in _AT_START or freq.endswith("-MON") else -_DAY
    margin = _MOST_MOVED * 2 * _DAY
    closed = closed_days(tuple(map(tuple, rules)), stamps[0] - margin, stamps[-1] + margin)
    moved = []
    for stamp in stamps:
        day, tries = stamp, 0
        while day.date() in closed and tries < _MOST_MOVED:
            day, tries = day + step, tries + 1
            while day.weekday() >= 5:
                day += step
        moved.append(day if day.date() not in closed else stamp)
    return pd.DatetimeIndex(moved, tz=stamps.tz).as_unit(stamps.unit)


def learn_period_holidays(held, shut, known=()) -> tuple[tuple, ...]:
    """The holiday rules of periods stamped with a trading day (``period_closes``): each
    closes as many of the stamps ``shut`` (a holiday moved their rows onto them) as a business
    day's rule must skip (``skips_needed``: two years, one for Good Friday or Christmas) and
    none of those kept (with a row of their own among the rows ``held``: in a panel, a stock's
    Thursday for Good Friday's week hides no coin's Friday); with the rules ``known`` (a
    model's) that close none kept. Of rules that close the same stamps, the plainest
    (``plainness``: the last Monday of May, not 31 May made up on Mondays; a nation's day
    beside a telling rule of these stamps or of ``known``)."""
    days, rows = np.unique(pd.DatetimeIndex(held).as_unit("ns").normalize().asi8,
                           return_counts=True)
    moved, times = np.unique(pd.DatetimeIndex(shut).as_unit("ns").normalize().asi8,
                             return_counts=True)
    rows[np.isin(days, moved)] -= times[np.isin(moved, days)]  # (each moved row sits on one)
    kept = set(pd.DatetimeIndex(days[rows > 0]).date)
    shut = set(pd.DatetimeIndex(moved).date) - kept
    if not kept | shut:
        return tuple(sorted({tuple(rule) for rule in known}, key=str))
    first, last = min(kept | shut), max(kept | shut)
    rules = {tuple(rule) for rule in known if not closed_days((tuple(rule),), first, last) & kept}
    learned = {}
    for rule in dict.fromkeys(rule for day in sorted(shut) for rule in rules_of(day)):
        closed = closed_days((rule,), first, last)
        if not closed & kept and len(closed & shut) >= skips_needed(rule):
            learned[rule] = closed & shut
    explained: set = set()
    nations = nations_of({*learned, *rules})
    for rule in sorted(learned, key=lambda r: (-len(learned[r]), plainness(r, nations))):
        if not learned[rule] <= explained:
            rules.add(rule)
            explained |= learned[rule]
    return tuple(sorted(rules, key=str))
