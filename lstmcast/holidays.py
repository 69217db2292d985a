"""The recurring holidays of business-day data, learned from the weekdays its rows skip, so
that forecasts are not dated on a day the market will be closed.

A stock exchange's year skips about nine weekdays, and they recur by rules of three kinds:

    ("date", month, day, observed)   a fixed date; on a weekend, per ``observed``:
                                     "none" (not made up), "sunday" (Sunday's on the Monday),
                                     "nearest" (Saturday's on the Friday, Sunday's on the
                                     Monday) or "monday" (either on the Monday)
    ("weekday", month, weekday, n)   the n-th weekday (0 Monday) of a month; n = -1: the last
    ("easter", days)                 days after Easter Sunday (-2 Good Friday, 1 Easter Monday)

A rule is learned when each of at least MIN_SKIPPED of its days within the data's span had no
row and none had one (a missing row is a gap, not a holiday), or, for a holiday kept from some
year on (Juneteenth, from 2022), a year more of them since the last it traded. Over two years a
Monday holiday also fits a fixed date made up on Mondays, and the last Monday of May its
fourth: of the rules that explain the same days the plainer is kept (``plainness``), which is
how exchanges make them. Rules are chosen together: a day made up after another date's holiday
counts as explained by the two (``_fewest``). The holidays most exchanges keep (New Year's Day,
Good Friday, Easter Monday, May Day, Christmas, Boxing Day) need one year (``skips_needed``).
benchmarks/holiday_windows.py and exchange_holidays.py measure what a few years teach and miss.
"""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np
import pandas as pd
from dateutil.easter import easter

from .exchanges import closed_in, exchange_closed, fitting_exchanges
from .national_days import NATIONAL_DAYS, nations_of

MIN_SKIPPED = 2  # years a rule's day must have been skipped in, with no row on it in any year
GAPS_TOLERATED = 0.01  # of the weekdays: with more gaps no rule holds, a rule needs a third year
OBSERVED = ("none", "sunday", "nearest", "monday")
# Of two rules that explain as much, the first; where no weekend's holiday shows how it is
# made up, a Sunday's on the Monday, as most calendars do (New York's, London's, Frankfurt's)
_PLAINER = ("easter", "weekday", "sunday", "none", "nearest", "monday")
EASTER_DAYS = range(-3, 61)  # Maundy Thursday to Corpus Christi (``day_effects`` too)
CLOSED_AFTER_EASTER = range(-48, 61)  # ... and Carnival's Monday and Tuesday (B3's), closed
_DAY = dt.timedelta(days=1)
# Holidays most exchanges keep, learned from one year of rows: New Year's Day, Good Friday, Easter
# Monday, May Day, Christmas, Boxing Day. Windows of 1, 2 and 3 years of eleven exchanges'
# calendars (benchmarks/exchange_holidays.py) then missed 21, 10 and 6 % fewer of the next year's
# closed weekdays (1,090 fewer in all) than New Year's Day and Christmas alone, and invented 78
# more (London's first Monday of May taken for May Day; a gap in New York's rows on a May Day)
WIDELY_KEPT = ((1, 1), ("easter", -2), ("easter", 1), (5, 1), (12, 25), (12, 26))
# ... of which New Year's Day and Christmas close nearly every exchange that closes on Good
# Friday: taken as closed where the rows show neither (``learn_holidays``)
NEAR_UNIVERSAL = ((1, 1), (12, 25))
def day_of(rule: tuple, year: int) -> dt.date | None:
    """The weekday that ``rule`` closes in ``year``, or None (a fixed date on a weekend that is
    not made up, or that does not exist that year)."""
    return _day_of(tuple(rule), year)  # (a model file's rule is a list)


@functools.lru_cache(maxsize=1 << 16)
def _day_of(rule: tuple, year: int) -> dt.date | None:
    kind = rule[0]
    if kind == "easter":
        return easter(year) + rule[1] * _DAY
    if kind == "day":  # a shop's closed date, whatever its weekday (``closures``)
        return dt.date(year, rule[1], rule[2]) if rule[1:] != (2, 29) or year % 4 == 0 and (
            year % 100 or year % 400 == 0) else None
    if kind == "weekday":
        _, month, weekday, n = rule
        if n > 0:
            first = dt.date(year, month, 1)
            return first + ((weekday - first.weekday()) % 7 + 7 * (n - 1)) * _DAY
        last = dt.date(year + month // 12, month % 12 + 1, 1) - _DAY
        return last - ((last.weekday() - weekday) % 7) * _DAY
    _, month, day, observed = rule
    try:
        date = dt.date(year, month, day)
    except ValueError:  # 29 February
        return None
    weekday = date.weekday()
    if weekday < 5:
        return date
    shift = {"none": None, "sunday": 1 if weekday == 6 else None,
             "nearest": -1 if weekday == 5 else 1, "monday": 7 - weekday}[observed]
    return None if shift is None else date + shift * _DAY


def rules_of(day: dt.date) -> list[tuple]:
    """Every rule that would close the weekday ``day``."""
    rules = [("date", day.month, day.day, how) for how in OBSERVED]
    if day.weekday() == 4:  # a Saturday's holiday, kept on the Friday
        saturday = day + _DAY
        rules.append(("date", saturday.month, saturday.day, "nearest"))
    if day.weekday() == 0:  # a Sunday's (or Saturday's) holiday, kept on the Monday
        for back, ways in ((1, ("sunday", "nearest", "monday")), (2, ("monday",))):
            weekend = day - back * _DAY
            rules += [("date", weekend.month, weekend.day, how) for how in ways]
    if day.day <= 28:
        rules.append(("weekday", day.month, day.weekday(), (day.day - 1) // 7 + 1))
    if (day + 7 * _DAY).month != day.month:
        rules.append(("weekday", day.month, day.weekday(), -1))
    after_easter = (day - easter(day.year)).days
    if after_easter in CLOSED_AFTER_EASTER:
        rules.append(("easter", after_easter))
    return rules


def learn_holidays(days, known=(), matched: bool = True) -> tuple[tuple, ...]:
    """The holiday rules of business-day data whose rows fall on ``days`` (timestamps in any
    order, repeats allowed: a panel's times, daily or a session's bars): each rule closed at
    least MIN_SKIPPED of the weekdays between its first and last day, and no day with a row;
    and of the rules ``known`` before (a model's, from its longer training data: a cron job's
    export of the last 60 days shows no Labor Day), each that closed no day with a row (a
    model's exchange stays). Where an exchange's calendar fits the skipped weekdays
    (``exchanges.fitting_exchanges``, if ``matched``) and the days it leaves open teach no rule
    of their own, it is the rule, ('exchange', code), beside the ``known`` ones."""
    days = pd.DatetimeIndex(days).unique().normalize().unique().sort_values()
    if len(days) < 2:
        return tuple(sorted({tuple(rule) for rule in known}, key=str))
    kept = set(days.date)
    # a rule that closed a day with a row goes; a model's exchange stays (that day traded)
    known = {tuple(rule) for rule in known if rule[0] == "exchange"
             or not closed_days((tuple(rule),), days[0].date(), days[-1].date()) & kept}
    skipped = pd.bdate_range(days[0], days[-1]).difference(days).date
    first, last = days[0].date(), days[-1].date()
    for code in fitting_exchanges(first, last, kept, set(skipped)) if matched else ():
        closed = pd.DatetimeIndex(sorted(exchange_closed(code, first, last)))
        rest = learn_holidays(days.union(closed), known, False)
        if set(rest) <= known:  # the weekdays it leaves open close no holiday of their own
            return tuple(sorted({("exchange", code), *rest}, key=str))
    # a run of dates closed whenever a weekday (Shanghai's Oct 1-7, Tokyo's Dec 31-Jan 3) is
    # kept date by date, never made up on another day (which chained them past their end)
    runs = _closed_runs(skipped, kept)
    def in_run(rule: tuple) -> bool:
        return rule[0] == "date" and rule[1:3] in runs

    def needed(rule: tuple, gappy: bool = False) -> int:
        return 1 if in_run(rule) else skips_needed(rule, gappy)

    candidates = dict.fromkeys(rule for day in skipped for rule in rules_of(day)
                               if not (in_run(rule) and rule[3] != "none"))

    learned, broken = {}, set()
    for rule in candidates:
        closed = closed_days((rule,), first, last)
        if closed & kept:  # a holiday kept from some year on (Juneteenth, from 2022): the
            # days after the last one traded, each skipped, and a year more than a rule needs
            since = max(closed & kept)
            closed = {day for day in closed if day > since}
            if len(closed) < skips_needed(rule) + 1:
                continue
            broken.add(rule)  # (after one that never closed a trading day, explaining as much)
        if len(closed) >= needed(rule):
            learned[rule] = closed
    # Weekdays skipped that no rule explains, though the data holds their day a year before or
    # after, are gaps in the feed; where they are many, two of them fall on one rule's days by
    # chance: such data needs a third year to tell.
    year = dt.timedelta(days=365)
    gaps = [day for day in set(skipped).difference(*learned.values())
            if day - year >= first or day + year <= last]
    if len(gaps) > GAPS_TOLERATED * (len(skipped) + len(kept)):
        learned = {r: c for r, c in learned.items() if len(c) >= needed(r, gappy=True)}
    # The fewest rules that explain the skipped days: those that closed more days first, then
    # the plainer kind; each must add MIN_SKIPPED days the rules before it did not explain
    # (over a few years, a Monday holiday also fits a fixed date made up on Mondays). A rule
    # that closed only days that are fixed dates closed on their own date is a run of them
    # (Christmas Eve 2019 and Christmas 2018 are both the 4th Tuesday of December).
    on_their_date = {day for rule, closed in learned.items() if rule[0] == "date"
                     for day in closed if (day.month, day.day) == rule[1:3]}
    learned = {r: c for r, c in learned.items() if r[0] == "date" or not c <= on_their_date}
    nations = nations_of({*learned, *known})
    order = sorted(learned, key=lambda r: (-len(learned[r]), r in broken,
                                           plainness(r, nations), str(r)))
    span = (first, last, set(skipped), kept)
    rules, explained = _fewest(order, learned, needed, broken, span)
    # Which weekday a date's weekend holiday is made up on, the first rule chosen may guess
    # wrong for the dates after it (Christmas's Saturday on Monday the 27th leaves Boxing Day's
    # Sunday no Monday: Hong Kong's make both up in turn): each other way tried first instead.
    for rule in [r for r in rules if r[0] == "date" and r[3] != "none"]:
        for other in [r for r in order if r[:3] == rule[:3] and r != rule]:
            tried = _fewest([other] + [r for r in order if r not in (rule, other)], learned,
                            needed, broken, span)
            if len(tried[1]) > len(explained) and broken.intersection(tried[0]) <= set(rules):
                rules, explained = tried  # (no rule of some years on taken up for it)
    # New Year's Day and Christmas close nearly every exchange: where no rule (nor a known one)
    # says how (Xetra's 1 January 2024 taken for a Sunday's 31 December), each is closed where
    # the rows skip its weekdays, and where they hold neither on a weekday (a year that ends
    # before Christmas) both are taken as closed alike, unless the rows trade on a weekday one
    # of either or on Good Friday (a market that keeps no such calendar: the rows say what it
    # keeps); a Sunday's made up on Monday, or not where a Monday after one traded (Xetra's 2
    # January 2023).
    if known:  # a rule of these rows for days the model's rules close says nothing new, and
        # closes other days in other years (a cut's 1st Monday of July beside the model's July 4
        # closed both July 3 and 4 of 2023)
        by_known = closed_days(tuple(known), first, last)
        rules = [rule for rule in rules if not learned[rule] <= by_known]
    weekdays = {day: closed_days((("date", *day, "none"),), first, last) for day in NEAR_UNIVERSAL}
    traded = closed_days((("easter", -2), *(("date", *day, "none") for day in weekdays)),
                         first, last) & kept
    for day, seen in weekdays.items():  # (an exchange's calendar known: it says)
        if seen & kept or not seen and traded or any(
                r[:3] == ("date", *day) or r[0] == "exchange" for r in (*rules, *known)):
            continue
        sunday = ("date", *day, "sunday")
        rules.append(("date", *day, "none") if closed_days((sunday,), first, last) & kept
                     else sunday)
    # Where New Year's Day or Christmas fell on a Sunday whose Monday traded (Xetra's 1 January
    # 2017) and no date's Sunday was made up, a date the rows show on no Sunday is taken as not
    # made up either (the DAX of 2013-17 had learned 3 October made up on a Monday, which left
    # Monday 4 October 2027 without a forecast); Korea makes up its other dates, not New
    # Year's Day. Not told by other dates: a solar term's (Hong Kong's Ching Ming on 4 or 5
    # April) or a run's (Tokyo's 1-3 January). Only Sunday's on the Monday is so undone.
    told = [r for r in (*rules, *known) if r[0] == "date"]
    sundays = {r[1:3]: [d for d in (day_of(("day", *r[1:3]), y) for y in range(first.year,
                        last.year + 1)) if d and first <= d <= last and d.weekday() == 6]
               for r in told}
    if any(r[1:3] in NEAR_UNIVERSAL and r[3] == "none" and not in_run(r)
           and any(d + _DAY in kept for d in sundays[r[1:3]]) for r in told) and not any(
            r[3] != "none" and sundays[r[1:3]] for r in told):
        rules = [("date", *r[1:3], "none") if r[0] == "date" and r[3] == "sunday"
                 and not sundays[r[1:3]] else r for r in rules]
    return tuple(sorted(set(rules) | known, key=str))


def _fewest(order: list, learned: dict, needed, broken: set, span: tuple) -> tuple[list, set]:
    """(the rules taken in ``order``, each adding ``needed`` skipped days (a year more for one
    kept from some year on: the Fed's one-off 26 Dec 2014, with 2015's and 2016's closed by
    Christmas, is no Boxing Day) to those the rules before it close together, a weekday made up
    after another's counted, and closing no day with a row with them; the skipped days they
    close)."""
    first, last, skipped, kept = span
    rules, explained = [], set()
    for rule in order:
        need = max(needed(rule), skips_needed(rule) + 1) if rule in broken else needed(rule)
        if len(learned[rule] - explained) < need or rule[0] == "date" and any(
                r[:3] == rule[:3] for r in rules):  # a date is made up one way
            continue
        steady = tuple(r for r in (*rules, rule) if r not in broken)  # (not before their year)
        together = closed_days(steady, first, last)
        if together & kept:  # made up on the day after another's, a day traded
            continue
        together = (together & skipped).union(learned[rule], *(learned[r] for r in rules))
        if len(together - explained) >= need:
            rules.append(rule)
            explained = together
    return rules, explained


RUN = 3  # dates in a row closed whenever a weekday that are one closure, never made up


def _closed_runs(skipped, kept: set) -> set:
    """The (month, day) of runs of RUN dates or more, each skipped whenever it fell on a
    weekday and in two years at least in all (dates only ever on a weekend, two at most in a
    row, between them), across the year's end too (Dec 31 to Jan 3)."""
    closed, traded = {}, {(d.month, d.day) for d in kept}
    for day in skipped:
        closed.setdefault((day.month, day.day), set()).add(day.year)
    always = {md for md in closed if md not in traded}
    calendar = [(d.month, d.day) for d in pd.date_range("2024-01-01", "2024-12-31")]
    runs, current, bridge = set(), [], 0
    for md in calendar + calendar[:RUN + 3]:  # (round the year's end once)
        if md in always:
            current, bridge = current + [md], 0
        elif md not in traded and bridge < 2 and current:
            bridge += 1
        else:
            if len(current) >= RUN and len(set().union(*(closed[m] for m in current))) >= 2:
                runs |= set(current)
            current, bridge = [], 0
    return runs


def series_holidays(times: pd.DatetimeIndex, indptr: np.ndarray, series: list[int],
                    shared: tuple[tuple, ...] | None = None, known=None
                    ) -> list[tuple[tuple, ...]]:
    """The rules of each of ``series`` of a panel (rows ``indptr[s]:indptr[s + 1]`` of
    ``times``): the days no series trades (``shared``, by default learned from ``times``),
    with each series' own (``with_own_holidays``; ``known``: each one's, a model's)."""
    shared = learn_holidays(times) if shared is None else shared
    if len(indptr) <= 2 and not (known and any(known)):  # (one series: the panel's its own)
        return [shared] * len(series)
    return [with_own_holidays(times[indptr[s] : indptr[s + 1]], shared, known[k] if known
                              else ()) for k, s in enumerate(series)]


def with_own_holidays(days, shared: tuple[tuple, ...], known=()) -> tuple[tuple, ...]:
    """The rules of one series of a panel: the panel's (``shared``: the days no series
    trades), and where the series skips weekdays those leave open, the rules its own ``days``
    show too (a New York stock beside one that trades on New York's holidays), with those of
    ``known`` (its own, a model's: a cron job's 60 rows of a London stock show no Boxing Day)
    that close no day with a row."""
    days = pd.DatetimeIndex(days).normalize().unique().as_unit("ns")
    known = tuple(sorted(map(tuple, known), key=str))
    if any(r[0] == "exchange" for r in known):  # its exchange's calendar, not the others'
        return _learned(days.asi8.tobytes(), known)  # assumptions (Tokyo on 25 December)
    if len(days) < 2:
        return tuple(sorted(set(shared) | set(known), key=str))
    skipped = set(pd.bdate_range(days.min(), days.max()).difference(days).date)
    if not known and skipped <= closed_days(shared, days.min(), days.max()):
        return shared
    return tuple(sorted(set(shared) | set(_learned(days.asi8.tobytes(), known)), key=str))


@functools.lru_cache(maxsize=256)
def _learned(days: bytes, known: tuple) -> tuple[tuple, ...]:
    """``learn_holidays`` of the days ``days`` (their ns, as bytes), once: a panel's stocks of
    one exchange over one span hold the same days (1,000 series of 5 exchanges, a fit a series
    each: 4.1 s of a train, 3.1 s of a predict; a fit a calendar: 0.5 s and 0.2 s)."""
    return learn_holidays(pd.DatetimeIndex(np.frombuffer(days, dtype="datetime64[ns]")), known)


def skips_needed(rule: tuple, gappy: bool = False) -> int:
    """Years a rule's day must have been skipped in: MIN_SKIPPED, but one for the holidays
    most exchanges keep (WIDELY_KEPT: a download of a year, the most common, then skips them
    in its forecasts too; which weekday a weekend's holiday is made up on, its rows may not
    tell: the plainest way is kept), and one more for a day of Easter but Good Friday and
    Easter Monday, and for data with many gaps (``gappy``)."""
    if (rule[1:3] if rule[0] == "date" else rule) in WIDELY_KEPT:
        return 1
    # Easter moves by up to five weeks: twice, a day so far from it falls on two holidays by
    # chance (36 days after it: May Day 2018, the Spring holiday 2019)
    far_from_easter = rule[0] == "easter" and rule[1] not in (-2, 1)
    return MIN_SKIPPED + (far_from_easter or gappy)


def plainness(rule: tuple, nations=()) -> tuple[bool, int, bool, int, bool]:
    """Sorts the plainer rule first: New Year's Day, Christmas and the ``nations``' days (of
    ``national_days``, beside their telling rules) before all (their Mondays made up, 2 Jan
    2017 and 26 Dec 2016, are also the first Monday of January and the last of December), then by
    ``_PLAINER``, a nation's day first of the dates (July 4th's Saturday made up on Friday the
    3rd, not 3 July: weekly closes of 2015-24 showed no other); of a month's 4th weekday and
    its last, which coincide most years, the last for a Monday (Memorial Day, Britain's bank
    holidays) and the 4th for another day (Thanksgiving)."""
    date = rule[0] == "date"
    known_date = date and rule[1:3] in (*NEAR_UNIVERSAL, *nations)
    usual = rule[0] != "weekday" or (rule[3] == -1) == (rule[2] == 0)
    kind = _PLAINER.index(rule[3] if date else rule[0])
    national = date and rule[1:3] in (*NEAR_UNIVERSAL, *NATIONAL_DAYS)
    return (not known_date, min(kind, 2), not national, kind, not usual)


def closed_days(rules: tuple[tuple, ...], first, last) -> set:
    """The dates from ``first`` to ``last`` (dates or timestamps) that ``rules`` close."""
    first, last = (w if type(w) is dt.date else pd.Timestamp(w).date() for w in (first, last))
    rules = tuple(map(tuple, rules))  # (a model file's lists)
    years = [_year_closed(rules, y) for y in range(first.year, last.year + 1)]
    # a year's holiday may be made up in the next (31 December's on a Monday in January) or
    # the one before (1 January's Saturday on the Friday): two years at each end reach past
    edges = set().union(*years[:2], *years[-2:])
    return set().union(*years[2:-2], (d for d in edges if first <= d <= last))


# Learning a panel's holidays asks for the same rules' years again and again (300 series of
# business days: 2.3 million times, 32 of 58 s of a predict): each is worked out once
@functools.lru_cache(maxsize=1 << 16)
def _year_closed(rules: tuple[tuple, ...], year: int) -> frozenset:
    """The weekdays ``rules`` close in ``year``. A fixed date made up on a weekday that an
    earlier date's holiday took moves on to the next free weekday: London's Boxing Day after
    a Christmas on a Sunday (Monday's), or both on a weekend (Monday and Tuesday), as pandas'
    ``next_monday_or_tuesday`` observes it; a holiday not made up (Germany's May Day beside
    Ascension) shares its day."""
    closed: dict = {}  # day -> the (month, day) of the fixed date closing it, or None
    made_up = sorted((r for r in rules if r[0] == "date" and r[3] != "none"), key=lambda r: r[1:3])
    for rule in [r for r in rules if r not in made_up and r[0] != "exchange"] + made_up:
        day = _day_of(rule, year)
        if day is None:
            continue
        own = rule[1:3] if rule[0] == "date" else None  # (a date kept two ways: one day)
        while rule in made_up and closed.get(day, own) != own:  # an earlier date's day
            day += _DAY * (3 if day.weekday() == 4 else 1)
        closed.setdefault(day, own)
    for rule in (r for r in rules if r[0] == "exchange"):  # (after: a date made up moves on
        closed.update(dict.fromkeys(closed_in(rule[1], year)))  # past its own days only)
    return frozenset(closed)


def next_open_days(last: pd.Timestamp, n: int, rules: tuple[tuple, ...]) -> pd.DatetimeIndex:
    """The ``n`` business days after ``last`` that ``rules`` leave open."""
    last = pd.Timestamp(last)
    spare = n + 12 * (n // 250 + 1)  # a year's holidays and more for every year ahead
    while True:  # (rules that close more: a longer stretch, every weekday open in some year)
        ahead = pd.bdate_range(last + pd.offsets.BDay(), periods=spare)
        closed = closed_days(rules, ahead[0], ahead[-1])
        open_days = ahead[~np.isin(ahead.date, list(closed))] if closed else ahead
        if len(open_days) >= n:
            return open_days[:n]
        spare *= 2


def closed_through(last: pd.Timestamp, stamp: pd.Timestamp, rules: tuple[tuple, ...]) -> bool:
    """Whether every weekday after the day of ``last`` up to the day of ``stamp`` (one at least)
    is a holiday of ``rules``: a series of business days whose exchange was shut while the
    others of its file traded (London on its bank holiday, New York open)."""
    if not rules:
        return False
    days = pd.bdate_range(pd.Timestamp(last).normalize() + _DAY, pd.Timestamp(stamp).normalize())
    return len(days) > 0 and set(days.date) <= closed_days(rules, days[0], days[-1])
