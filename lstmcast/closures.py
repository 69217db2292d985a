"""The days a shop open every day (or every day but one or two weekdays) keeps closed every
year, learned from the days its rows (or its hours' bars) skip: Christmas and New Year's Day,
Easter Sunday, Thanksgiving. Business days skip holidays so (``holidays``); a shop's were
filled forward and forecast as open days (five years without a 25 December forecast 2,442
sales on it: a user round).

A rule closes a date every year (("day", month, day), whatever its weekday: a shop makes up
no holiday), a day of Easter (("easter", days)) or a month's n-th or last weekday
(("weekday", month, weekday, n)), as ``holidays`` writes the last two. A rule is learned when
every open day it falls on within the rows' span had no row, MIN_YEARS of them or more (a year
more for a date few shops close), each within a run of at most MAX_RUN absent days (a longer
one is an outage, no closure). Days absent for no rule are gaps in the feed: where they are
more than GAPS_TOLERATED of the open days, a rule needs a year more; more than TOO_GAPPY, none
is learned (sales kept only for days with sales: 5 years of 30 % absent days hold about one
date absent every year by chance). Of a file of one series only (``calendar.holidays_of``): a
panel's stores close on days of their own, which the days no store has rows would not tell.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from .holidays import closed_days, rules_of
from .sessions import TradingSession, session_of
from .weekdays import WEEKDAYS

MIN_YEARS = 2  # of the dates most shops close (USUAL); a year more of any other
# New Year's Day and Eve, Christmas Eve, Day and Boxing Day, May Day, July 4th, Good Friday,
# Easter Sunday and Monday, Thanksgiving: with two years for any date, 1 to 2 in 100 of three
# years of days with 0.5 to 4 % absent at random learned a closure (a review)
USUAL = frozenset({("day", 1, 1), ("day", 12, 31), ("day", 12, 24), ("day", 12, 25),
                   ("day", 12, 26), ("day", 5, 1), ("day", 7, 4), ("easter", -2), ("easter", 0),
                   ("easter", 1), ("weekday", 11, 3, 4)})
MAX_RUN = 10  # absent open days in a row a closure lies in at most (a works' Christmas fortnight)
GAPS_TOLERATED = 0.01
TOO_GAPPY = 0.05
KINDS = ("day", "easter", "weekday")  # the plainer first, where two explain the same days


def days_of(freq: str) -> str:
    """The days rows of ``freq`` fall on: its own, or its session's (a shop's hours; a week's
    through the nights, foreign exchange's, has none: its own)."""
    session = session_of(freq)
    return session.days if isinstance(session, TradingSession) else freq


def learns_closures(freq: str) -> bool:
    """Whether rows of ``freq`` fall on a shop's days (daily, or daily but for some weekdays;
    or its hours on such days)."""
    days = days_of(freq)
    return days == "D" or days.startswith("WD-")


def open_weekdays(freq: str) -> np.ndarray:
    """The weekdays (0 Monday) the days of ``freq`` fall on: every one of "D"; all but those
    "WD-SUN" names."""
    days = days_of(freq)
    closed = days.split("-")[1:] if days.startswith("WD-") else []
    return np.array([d for d, name in enumerate(WEEKDAYS) if name not in closed])


def _rules_of(day: dt.date) -> list[tuple]:
    """Every rule of KINDS that closes ``day``: its date on any weekday, and the days of
    Easter and n-th weekdays that ``holidays.rules_of`` finds (not its dates made up)."""
    return [("day", day.month, day.day), *(r for r in rules_of(day) if r[0] != "date")]


def learn_closures(days, freq: str, known=()) -> tuple[tuple, ...]:
    """The closure rules of days of ``freq`` whose rows fall on ``days`` (timestamps in any
    order, repeats allowed: a shop's hours), with those of ``known`` (a model's) that close no
    day with a row."""
    days = pd.DatetimeIndex(days).normalize().unique().sort_values()
    held = set(days.date)
    known = {tuple(r) for r in known if r[0] in KINDS and not closed_days(
        (tuple(r),), days[0], days[-1]) & held} if len(days) else set()
    if len(days) < 2:
        return tuple(sorted(known, key=str))
    span = pd.date_range(days[0], days[-1], freq="D")
    span = span[np.isin(span.day_of_week, open_weekdays(freq))]
    absent = ~span.isin(days)
    if not absent.any():
        return tuple(sorted(known, key=str))
    # each absent day's run of absent open days in a row
    edges = np.flatnonzero(np.diff(np.r_[0, absent.astype(np.int8), 0]))
    runs = np.zeros(len(span), dtype=np.int64)
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        runs[start:stop] = stop - start
    short = set(span[absent & (runs <= MAX_RUN)].date)
    opens = set(open_weekdays(freq).tolist())
    first, last = span[0].date(), span[-1].date()
    learned = {}
    for rule in dict.fromkeys(r for day in sorted(short) for r in _rules_of(day)):
        closed = {d for d in closed_days((rule,), first, last) if d.weekday() in opens}
        if len(closed) >= MIN_YEARS and closed <= short:
            learned[rule] = closed
    gaps = int(absent.sum()) - len(set().union(*learned.values()))
    if gaps > TOO_GAPPY * len(span):
        return tuple(sorted(known, key=str))
    gappy = gaps > GAPS_TOLERATED * len(span)
    rules, explained = [], set()
    for rule in sorted(learned, key=lambda r: (-len(learned[r]), KINDS.index(r[0]), str(r))):
        if len(learned[rule] - explained) >= MIN_YEARS + (rule not in USUAL) + gappy:
            rules.append(rule)
            explained |= learned[rule]
    return tuple(sorted(set(rules) | known, key=str))


def without_closed_days(fc, freq: str, rules):
    """``fc`` (a ``forecast.Forecast``) without its rows on days ``rules`` close, said: the
    model steps on every day, closed ones filled (their week's pattern stays in phase: rows
    skipped as holidays are made a shop's forecasts from a January origin two to three
    times worse, the weekdays of the seasons before the closure shifted by a day), but no
    forecast is written for a day the shop will be closed."""
    if not learns_closures(freq) or not rules or not len(fc.times):
        return fc
    closed = closed_days(tuple(map(tuple, rules)), fc.times.min(), fc.times.max())
    shut = np.isin(fc.times.date, list(closed))
    if not shut.any():
        return fc
    kept = ~shut
    days = sorted({f"{t:%Y-%m-%d}" for t in fc.times[shut]})
    return dataclasses.replace(
        fc, times=fc.times[kept], values=fc.values[kept],
        ids=[sid for sid, k in zip(fc.ids, kept, strict=True) if k] if fc.ids else fc.ids,
        lower=None if fc.lower is None else fc.lower[:, kept],
        upper=None if fc.upper is None else fc.upper[:, kept],
        warnings=[*fc.warnings, f"no forecast for {', '.join(days[:5])}"
                  f"{' and more' if len(days) > 5 else ''}: the rows skip "
                  f"{'those dates' if len(days) > 1 else 'that date'} every year (closed)"])
