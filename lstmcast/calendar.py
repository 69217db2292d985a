"""Time: which frequency a set of timestamps follows, the regular grid it spans, the stamps
that continue it, and the one formatter that every command uses to write a timestamp."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset
from pandas.tseries.offsets import Tick

from .clocks import sub_daily_label
from .closures import days_of, learn_closures, learns_closures
from .errors import InputError
from .holidays import closed_days, learn_holidays, next_open_days
from .period_closes import learn_period_holidays, on_open_days, stamped_on_trading_days
from .sessions import as_trained, on_clock, session_of, session_of_index
from .weekdays import MONTHS, WEEKDAYS, closed_names, closed_weekdays

# The frequency of a panel of weekly series that end their weeks on different weekdays (one
# on Sundays, another on Mondays): a week of 7 days, each series stepping from its own stamps.
MIXED_WEEKS = "7D"


def step_slack(freq: str) -> pd.Timedelta:
    """How long before the data's latest stamp a series' last stamp may lie and still be at
    the data's latest step: 6 days where the series' weeks end on different weekdays
    (MIXED_WEEKS: a Sunday's week and the next day's Monday's are one step), else none."""
    return pd.Timedelta(days=6 if freq == MIXED_WEEKS else 0)


def follows(freq: str, model_freq: str) -> bool:
    """Whether data of ``freq`` can be forecast by a model of ``model_freq``: the same, or
    weeks on one weekday (a file of one of its series) for a model of MIXED_WEEKS."""
    return freq == model_freq or (model_freq == MIXED_WEEKS and freq.startswith("W-"))


class Irregular(Exception):
    """The timestamps do not follow a frequency we can name."""


def _local_ticks(index: pd.DatetimeIndex) -> tuple[np.ndarray, int]:
    """(the stamps as integers of the index's unit, in local time for a zoned index; the
    ticks in a day)."""
    if index.tz is not None:
        index = index.tz_localize(None)
    return index.asi8, pd.Timedelta(days=1) // pd.Timedelta(1, unit=index.unit)


def time_of_day(index: pd.DatetimeIndex) -> np.ndarray:
    """Each stamp's time since its midnight (int64, in the index's unit). Not ``index -
    index.normalize()``: that infers a frequency, 0.4 ms a series, seconds over the thousands
    of a panel."""
    ticks, day = _local_ticks(index)
    return ticks % day


def weekday_of(index: pd.DatetimeIndex) -> np.ndarray:
    """Each stamp's weekday, 0 Monday to 6 Sunday (``index.day_of_week``, without its cost)."""
    ticks, day = _local_ticks(index)
    return (ticks // day + 3) % 7  # 1970-01-01 was a Thursday


def frequency_of(index: pd.DatetimeIndex,
                 hint: tuple[str, str] | None = None) -> tuple[str, str, pd.DatetimeIndex]:
    """(pandas alias, label for people, full regular grid from first to last) of sorted unique
    timestamps; raises Irregular when no frequency fits. ``hint`` is the (alias, label) of
    another series of the same file: timestamps that are exactly its grid follow it, as the
    inference would find, in a fraction of its time (thousands of series in a file)."""
    if len(index) < 2:
        raise Irregular("too few timestamps")
    if hint is not None and _is_grid(index, hint[0]):
        return hint[0], hint[1], index
    try:
        index = index.as_unit("ns")
    except (OverflowError, ValueError) as exc:
        raise Irregular("dates out of range") from exc
    diffs = np.diff(index.asi8)
    step = pd.Timedelta(int(np.median(diffs)), unit="ns")
    day = pd.Timedelta(days=1)
    midnight = not time_of_day(index).any()
    first = index[0]

    if step < day:
        session = session_of_index(index)
        if session is not None:
            return as_trained(session, hint, index)
        freq = to_offset(step).freqstr
        label = sub_daily_label(freq)
    elif midnight and step == day:
        weekend = index.day_of_week >= 5
        crosses_weekend = bool((np.diff(index.day_of_week) < 0).any()) or (
            index[-1] >= index[0] + pd.Timedelta(days=7))
        if not weekend.any() and crosses_weekend:
            grid = pd.bdate_range(index[0], index[-1])
            if not index.isin(grid).all():
                raise Irregular("off-grid")
            return "B", "business days", grid
        if freq := closed_weekdays(index):  # a shop's days a week, not closed days to fill
            return (freq, f"daily except {closed_names(freq)}",
                    regular_grid(index[0], index[-1], freq))
        freq, label = "D", "daily"
    elif midnight and step.days in (2, 3, 4, 5, 6) and step == pd.Timedelta(days=step.days):
        freq, label = f"{step.days}D", f"every {step.days} days"
    elif midnight and step == pd.Timedelta(days=7):
        freq = f"W-{WEEKDAYS[first.day_of_week]}"
        label = f"weekly ({first.day_name()}s)"
    # every 2, 3 or 4 weeks; not February 1 and March 1 (28 days): a month
    elif midnight and step.days in (14, 21, 28) and step == pd.Timedelta(days=step.days) and not (
            step.days == 28 and (index.is_month_start.all() or index.is_month_end.all())):
        weeks = step.days // 7  # a fortnightly payroll, four-weekly periods
        freq = f"{weeks}W-{WEEKDAYS[first.day_of_week]}"
        label = f"every {weeks} weeks ({first.day_name()}s)"
    elif midnight and pd.Timedelta(days=28) <= step <= pd.Timedelta(days=31):
        freq, label = _anchored(index, "M", "monthly")
    elif midnight and pd.Timedelta(days=59) <= step <= pd.Timedelta(days=62):
        freq, label = _anchored(index, "M", "every two months")
        freq = f"2{freq}"
    elif midnight and pd.Timedelta(days=181) <= step <= pd.Timedelta(days=184):
        freq, label = _anchored(index, "M", "half-yearly")
        freq = f"6{freq}"
    elif midnight and pd.Timedelta(days=89) <= step <= pd.Timedelta(days=92):
        freq, label = _anchored(index, "Q", "quarterly")
    elif midnight and pd.Timedelta(days=365) <= step <= pd.Timedelta(days=366):
        freq, label = _anchored(index, "Y", "yearly")
    elif midnight and 2 <= (years := round(step.days / 365.25)) <= 10 and abs(
            step.days - 365.25 * years) <= 1:  # a census every 5 years, a survey every 2
        freq, label = _anchored(index, "Y", f"every {years} years")
        freq = f"{years}{freq}"
    else:
        raise Irregular(f"step {step}")
    grid = regular_grid(index[0], index[-1], freq)
    if len(grid) > 2 * len(index) + 10 or not index.isin(grid).all():
        raise Irregular("off-grid")
    return freq, label, grid


_MONTH_DAY = re.compile(r"(?P<months>\d*)MS\+(?P<days>\d+)D")


def offset_of(freq: str):
    """The pandas offset that steps ``freq``. Months on a day other than the first ("MS+14D":
    on the 15th; "6MS+14D" half-yearly) have no pandas alias: they step by calendar months
    from the day they start on; nor have days but one or two weekdays ("WD-SUN": not
    Sundays; "WD-FRI-SAT": Sundays to Thursdays)."""
    month_day = _MONTH_DAY.fullmatch(freq)
    if month_day:
        return pd.DateOffset(months=int(month_day["months"] or 1))
    if freq.startswith("WD-") and set(closed := freq.split("-")[1:]) <= set(WEEKDAYS):
        days = " ".join(d.title() for d in WEEKDAYS if d not in closed)
        return pd.offsets.CustomBusinessDay(weekmask=days)
    return to_offset(freq)


def _is_grid(index: pd.DatetimeIndex, freq: str) -> bool:
    """Whether ``index`` is every stamp of ``freq`` from its first to its last, for the
    frequencies whose inference such an index cannot change: days, business days over a week
    or more (a shorter run of weekdays reads as days) and calendar ones (weeks, months,
    quarters, years), at midnight as inference names them (sub-daily steps may be trading
    sessions)."""
    if (index.tz is not None or index[0] != index[0].normalize() or session_of(freq)
            or (freq == "B" and index[-1] < index[0] + pd.Timedelta(days=7))
            or (freq != "D" and isinstance(offset_of(freq), Tick))):
        return False
    stamps = index.as_unit("ns").asi8
    kept = _kept_grid(index[0], index[-1], freq).asi8
    i = int(np.searchsorted(kept, stamps[0]))
    return bool(i + len(stamps) <= len(kept) and kept[i] == stamps[0]
                and np.array_equal(kept[i : i + len(stamps)], stamps))


_GRIDS: dict[str, pd.DatetimeIndex] = {}  # per calendar frequency: the widest grid built yet


def regular_grid(first: pd.Timestamp, last: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    """``pd.date_range(first, last, freq=freq)``, or a trading session's bars. A calendar
    frequency (months, quarters, years,
    weeks) is cut from one grid kept per frequency: pandas builds those step by step, ~2 ms a
    series, seconds for a panel of thousands of monthly series that share one calendar."""
    session = session_of(freq)
    if session is not None:
        return session.grid(first, last)
    offset = offset_of(freq)
    if isinstance(offset, Tick) or first.tz is not None:  # built at once, as an arange
        return pd.date_range(first, last, freq=offset)
    kept = _kept_grid(first, last, freq)
    i = int(kept.searchsorted(first))
    if i == len(kept) or kept[i] != first:  # ``first`` is off this grid's anchor
        return pd.date_range(first, last, freq=offset)
    return kept[i : int(kept.searchsorted(last, side="right"))]


def _kept_grid(first: pd.Timestamp, last: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    """The grid kept for calendar frequency ``freq``, widened to cover first..last (in ns)."""
    kept = _GRIDS.get(freq)
    if kept is None or first < kept[0] or last > kept[-1]:
        wider = pd.date_range(first if kept is None else min(first, kept[0]),
                              last if kept is None else max(last, kept[-1]),
                              freq=offset_of(freq)).as_unit("ns")
        if not len(wider):  # first..last holds no stamp of freq: nothing worth keeping
            return wider
        kept = _GRIDS[freq] = wider
    return kept


def _anchored(index: pd.DatetimeIndex, kind: str, label: str) -> tuple[str, str]:
    starts, ends = bool((index.day == 1).all()), bool(index.is_month_end.all())
    last_business = bool((index == index + pd.offsets.BMonthEnd(0)).all())
    first_business = bool((index == index + pd.offsets.BMonthBegin(0)).all())
    month = int(index[0].month)
    if kind == "M":
        if starts:
            return "MS", f"{label} (month start)"
        if ends:
            return "ME", f"{label} (month end)"
        if last_business:  # a month's last trading day
            return "BME", f"{label} (last business day)"
        if first_business:
            return "BMS", f"{label} (first business day)"
        day = int(index[0].day)
        if day <= 28 and (index.day == day).all():  # 29th-31st: not every month has one
            return f"MS+{day - 1}D", f"{label} (day {day})"
        raise Irregular("monthly, not on month start or end")
    if kind == "Q":
        if starts:
            return f"QS-{MONTHS[(month - 1) % 3]}", f"{label} (quarter start)"
        if ends:
            return f"QE-{MONTHS[(month - 1) % 3 + 9]}", f"{label} (quarter end)"
        if last_business:
            return f"BQE-{MONTHS[(month - 1) % 3 + 9]}", f"{label} (last business day)"
        if first_business:
            return f"BQS-{MONTHS[(month - 1) % 3]}", f"{label} (first business day)"
        raise Irregular("quarterly, not on month start or end")
    if starts:
        return f"YS-{MONTHS[month - 1]}", f"{label} (year start)"
    if ends:
        return f"YE-{MONTHS[month - 1]}", f"{label} (year end)"
    if last_business:
        return f"BYE-{MONTHS[month - 1]}", f"{label} (last business day)"
    if first_business:
        return f"BYS-{MONTHS[month - 1]}", f"{label} (first business day)"
    raise Irregular("yearly, not on month start or end")


def future_timestamps(last: pd.Timestamp, freq: str, n: int,
                      holidays: tuple[tuple, ...] = ()) -> pd.DatetimeIndex:
    """The ``n`` timestamps after ``last`` that continue ``freq`` ("B" skips weekends, and the
    days that ``holidays``, rules of ``holidays.learn_holidays``, close; a trading session
    such as "5min@09:30-15:55/B" continues within the session, then jumps to the next
    session's first bar, on a day the rules leave open)."""
    session = session_of(freq)
    if session is not None:
        if int(n) < 0:
            raise InputError(f"cannot make {n} future timestamps",
                             fallback="the horizon must be 0 or more")
        last = pd.Timestamp(last)
        local = last.tz_localize(None) if last.tz is not None else last
        if not int(n):
            stamps = pd.DatetimeIndex([], dtype="M8[ns]")
        elif holidays and closes_on_holidays(freq):  # (a shop's hours step on its closed
            # days, filled, and ``closures.without_closed_days`` leaves their bars out)
            stamps = session.after(local, int(n), lambda a, b: closed_days(holidays, a, b))
        else:
            stamps = session.after(local, int(n))
        return stamps.tz_localize(last.tz) if last.tz is not None else stamps
    try:
        offset = offset_of(freq)
    except (ValueError, TypeError) as exc:
        raise InputError(f"unknown frequency {freq!r}",
                         fallback="use a pandas alias such as D, B, h, MS") from exc
    if int(n) < 0:
        raise InputError(f"cannot make {n} future timestamps",
                         fallback="the horizon must be 0 or more")
    last = pd.Timestamp(last)
    if int(n) == 0:
        return pd.DatetimeIndex([], dtype=f"datetime64[{last.unit}]", tz=last.tz)
    if freq == "B" and holidays:
        return next_open_days(last, int(n), holidays)
    try:
        return on_open_days(pd.date_range(start=last + offset, periods=int(n), freq=offset),
                            freq, holidays)
    except (OverflowError, pd.errors.OutOfBoundsDatetime) as exc:
        raise InputError(f"the forecast's {n} steps after {format_stamp(last)} run past "
                         f"{pd.Timestamp.max:%Y-%m-%d}, the last date pandas can write",
                         fallback="give a shorter --horizon") from exc


def closes_on_holidays(freq: str) -> bool:
    """Whether ``freq`` (or its session's days) trades on business days, holidays skipped."""
    return days_of(freq) == "B"


def holidays_of(freq: str, held: pd.DatetimeIndex, shut=None, known=(),
                one: bool = True) -> tuple[tuple, ...]:
    """The holiday rules of data of ``freq`` whose rows lie at ``held``, with ``known`` (a
    model's): of business days, the weekdays they skip (``learn_holidays``); of a shop's
    days, the dates they skip every year, where ``one`` series holds them (``learn_closures``);
    of periods stamped with a trading day, the stamps ``shut`` whose rows a holiday moved
    (``learn_period_holidays``)."""
    if closes_on_holidays(freq):  # (on the days of a session's clock: Sydney's 23:00Z Monday)
        return learn_holidays(on_clock(held, getattr(session_of(freq), "zone", None)), known)
    if learns_closures(freq):  # (a panel's stores close on days of their own: not yet)
        return learn_closures(held, freq, known) if one else ()
    if stamped_on_trading_days(freq):
        return learn_period_holidays(held, () if shut is None else shut, known)
    return ()


def periods_between(first: pd.Timestamp, last: pd.Timestamp, freq: str) -> int:
    """Steps of ``freq`` from ``first`` to ``last`` (0 when equal)."""
    session = session_of(freq)
    if session is not None:
        return session.bars_upto(last) - session.bars_upto(first)
    return len(pd.date_range(first, last, freq=offset_of(freq))) - 1


def format_stamp(t, clock: bool = False) -> str:
    """A timestamp for people: ISO date, with the time of day unless at midnight (``clock``:
    always); a numbered step (in 1970's first second) as its number, which ``stamp_of`` reads."""
    t = pd.Timestamp(t)
    if 0 < t.value < 10**9:
        return str(t.value)
    return t.strftime("%Y-%m-%d") if t == t.normalize() and not clock else t.isoformat(sep=" ")


def data_stamp(t, date_format: str | None) -> str:
    """A timestamp for people as the data writes it where ``stamp_writer`` does (WRITTEN_AS_IS,
    periods, numbered steps from 0 too), else ``format_stamp``'s."""
    if date_format == STEPS:
        return str(pd.Timestamp(t).value)
    if date_format in PERIOD_WRITERS:
        return PERIOD_WRITERS[date_format](pd.Timestamp(t))
    return pd.Timestamp(t).strftime(date_format) if date_format in WRITTEN_AS_IS else \
        format_stamp(t)


def stamp_order(text: str) -> tuple:
    """Sorts stamps that ``format_stamp`` and ``data_stamp`` wrote: numbered steps by their
    number ('9' before '10'), ISO text as text."""
    return (len(text), text) if text.isdigit() else (0, text)


def stamp_of(text: str) -> pd.Timestamp:
    """A timestamp that ``format_stamp`` wrote (a model file keeps such text)."""
    return pd.Timestamp(int(text), unit="ns") if text.isdigit() else pd.Timestamp(text)


STEPS = "numbered steps"  # the date format of times numbered 1, 2, 3 (``data.periods``)
ISO = "ISO8601"  # any ISO 8601 time, pandas's reading of it
ISO_T = "ISO8601 T"  # the same, each with a 'T' before its time: zoned outputs write it back
# Date formats of periods (``data.periods`` reads them: '2000Q1', '2000 Q1', 'Q1 2000', ...)
# and how outputs write each period by its first day, in one spelling that reads back.
QUARTERS = "quarters"
SDMX_QUARTERS = "quarters as 2000-Q1"  # ECB's, Eurostat's and OECD's TIME_PERIOD, written so
HALF_YEARS = "half years"
ISO_WEEKS = "iso weeks"
BARE_WEEKS = "weeks"  # '2024/35' in a column named like weeks: written as ISO weeks
FISCAL_YEARS = "financial years"  # '1962-63': each by the first day of its first year
FY_YEARS = "FY years"  # 'FY1962'
FY_QUARTERS = "FY quarters"  # 'Q1 FY15': each as its number's calendar quarter (a label)
PERIOD_WRITERS = {FISCAL_YEARS: lambda t: f"{t.year}-{(t.year + 1) % 100:02d}",
                  FY_YEARS: lambda t: f"FY{t.year}",
                  FY_QUARTERS: lambda t: f"Q{t.quarter} FY{t.year}",
                  QUARTERS: lambda t: f"{t.year}Q{(t.month - 1) // 3 + 1}",
                  SDMX_QUARTERS: lambda t: f"{t.year}-Q{(t.month - 1) // 3 + 1}",
                  HALF_YEARS: lambda t: f"{t.year}-H{(t.month - 1) // 6 + 1}",
                  ISO_WEEKS: lambda t: t.strftime("%G-W%V"),
                  BARE_WEEKS: lambda t: t.strftime("%G-W%V")}
# Date formats whose stamps outputs write as the data does, so forecasts join their data as
# text too: bare years, year-months ('1949-01', AirPassengers'; '194901') and ISO times
# without seconds or with a 'T' (a logger's '2013-08-29 05:00'). Others are written in ISO
# form ('%YM%m' reads Eurostat's '1949M01' and Stata's '1949m1' alike: it writes neither).
WRITTEN_AS_IS = ("%Y", "%Y-%m", "%Y%m", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")


def stamp_writer(times, date_format: str | None):
    """How a command writes the stamps ``times`` of data written in ``date_format``: as the
    data does for WRITTEN_AS_IS, numbered steps as their numbers, periods as periods
    ('2024Q3'), every other time in ISO form."""
    if date_format == STEPS:  # step n is n ns after 1970
        return lambda t: str(pd.Timestamp(t).value)
    if date_format in PERIOD_WRITERS:
        return PERIOD_WRITERS[date_format]
    fmt = date_format if date_format in WRITTEN_AS_IS else stamp_format(times)
    if str(date_format).startswith("unix") and fmt != "%Y-%m-%d":  # seconds (ms, ...) since
        return lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")  # 1970 in UTC: their times are UTC's
    if fmt.endswith(".%f") and all(t.microsecond % 1000 == 0 for t in times):
        return lambda t: t.strftime(fmt)[:-3]  # milliseconds, '00:07:31.500', as data has them
    return lambda t: t.strftime(fmt)


def stamp_format(times) -> str:
    """The strftime format for a column of stamps: dates alone when every one is at midnight,
    fractions of a second where one has them (ticks 250 ms apart were written four to a
    second, one stamp for all four)."""
    at_midnight = all(t.hour == 0 and t.minute == 0 and t.second == 0 for t in times)
    fractions = not at_midnight and any(t.microsecond for t in times)
    return "%Y-%m-%d" if at_midnight else "%Y-%m-%d %H:%M:%S" + ".%f" * fractions
