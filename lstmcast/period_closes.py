"""Periods stamped with a trading day (a month's last business day, a week's Friday): the
holidays that moved such a stamp in the data, and forecast stamps moved off them as the data's
were.

A month's close falls on its last business day unless a holiday shuts that day: Monday 31 May
2021 was Memorial Day, and May's close is Friday the 28th's. The loader puts such a row on
its period's day (``data.snapping``), the calendar the model steps on, and keeps the stamps it
moved (``Panel.shut_stamps``). The rules of ``holidays`` that close those stamps, and no stamp
with a row of its own, are learned from them; forecasts are then written on the day the
period's close will fall on: the weekday before a holiday that shuts its stamp, or after it for
stamps at a period's start (a month's first business day after New Year's Day).
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from .holidays import _plainness, _rules_of, _skips_needed, closed_days

_AT_END = ("BME", "BQE", "BYE", "W")  # a period's last trading day: moved back
_AT_START = ("BMS", "BQS", "BYS")  # its first: moved on
_MOST_MOVED = 10  # weekdays a stamp may move: China's New Year shuts 8 in a row
_DAY = dt.timedelta(days=1)


def _kind(freq: str) -> str:
    return re.sub(r"^\d+", "", freq).split("-")[0]


def stamped_on_trading_days(freq: str) -> bool:
    """Whether ``freq``'s periods are stamped with a day a holiday may shut: business month,
    quarter and year ends or starts, and weeks (a week's close on its Friday)."""
    return _kind(freq) in _AT_END + _AT_START


def learn_period_holidays(kept, shut, known=()) -> tuple[tuple, ...]:
    """The holiday rules of periods stamped with a trading day: each closes as many of the
    stamps ``shut`` (a holiday moved their rows) as a business day's rule must skip
    (``holidays._skips_needed``: two years, one for Good Friday or Christmas) and none of
    those ``kept`` (with a row of their own); with the rules ``known`` (a model's) that close
    none of ``kept``. Of rules that close the same stamps, the plainest (``_plainness``: the
    last Monday of May, not 31 May made up on Mondays)."""
    shut = set(pd.DatetimeIndex(shut).normalize().date)
    kept = set(pd.DatetimeIndex(kept).normalize().date) - shut
    if not kept | shut:
        return tuple(sorted({tuple(rule) for rule in known}, key=str))
    first, last = min(kept | shut), max(kept | shut)
    rules = {tuple(rule) for rule in known if not closed_days((tuple(rule),), first, last) & kept}
    learned = {}
    for rule in dict.fromkeys(rule for day in sorted(shut) for rule in _rules_of(day)):
        closed = closed_days((rule,), first, last)
        if not closed & kept and len(closed & shut) >= _skips_needed(rule):
            learned[rule] = closed & shut
    explained: set = set()
    for rule in sorted(learned, key=lambda r: (-len(learned[r]), _plainness(r))):
        if not learned[rule] <= explained:
            rules.add(rule)
            explained |= learned[rule]
    return tuple(sorted(rules, key=str))


def on_open_days(stamps: pd.DatetimeIndex, freq: str, rules) -> pd.DatetimeIndex:
    """``stamps`` of ``freq`` (``stamped_on_trading_days``), each a holiday of ``rules`` shuts
    moved to the weekday before it (at a period's end) or after it (at its start) that is
    open."""
    if not rules or not len(stamps) or not stamped_on_trading_days(freq):
        return stamps
    step = _DAY if _kind(freq) in _AT_START else -_DAY
    margin = _MOST_MOVED * 2 * _DAY
    closed = closed_days(tuple(map(tuple, rules)), stamps[0] - margin, stamps[-1] + margin)
    moved = []
    for stamp in stamps:
        day = stamp
        for _ in range(_MOST_MOVED) if day.date() in closed else ():
            day += step
            while day.weekday() >= 5:
                day += step
            if day.date() not in closed:
                break
        moved.append(day if day.date() not in closed else stamp)
    return pd.DatetimeIndex(moved, tz=stamps.tz).as_unit(stamps.unit)
