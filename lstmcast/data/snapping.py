"""Stamps a few seconds or days off their calendar put on it: a logger's clock (01:00:02,
then 01:59:59), a week a holiday stamped on its Thursday, a month's last trading day a holiday
earlier; and a last row of a period still running (Yahoo's weekly download stamped with the
day it was made)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..calendar import Irregular, format_stamp, frequency_of, future_timestamps, regular_grid
from ..clocks import DAY_NS
from ..sessions import TradingSession, session_of
from ..week_sessions import WeeklySession, on_clock
from .clean import _warn


def snapped_to_step(index: pd.DatetimeIndex) -> tuple[pd.DatetimeIndex, pd.Timedelta] | None:
    """(sub-daily stamps put on the whole step they are a few seconds off, the most any was
    off) when each is within 5 % of a step of it (a logger whose clock writes 01:00:02, then
    01:59:59), else None."""
    if len(index) < 3:
        return None
    median = float(np.median(np.diff(index.as_unit("ns").asi8)))
    unit = 60 * 10**9 if median >= 60 * 10**9 else 10**9  # whole minutes, or seconds
    step = pd.Timedelta(int(round(median / unit)) * unit, unit="ns")
    if not pd.Timedelta(0) < step < pd.Timedelta(days=1):
        return None
    snapped = index.round(step)
    off = pd.Timedelta(int(np.abs((index - snapped).asi8).max()), unit=index.unit)
    if not pd.Timedelta(0) < off <= 0.05 * step or snapped.has_duplicates:  # (none off: nothing
        return None  # to put on; a car park's three 07:30 readings: ``off_session``'s to drop)
    return snapped, off


def snapped_to_weekday(index: pd.DatetimeIndex) -> tuple[pd.DatetimeIndex, int] | None:
    """(weekly dates put on the weekday most rows are on, how many moved) when a few (up to a
    fifth) are a day or three off it, as a week that ends on a holiday is stamped the day
    before (a Thursday among Fridays); else None."""
    if len(index) < 8 or not (index == index.normalize()).all():
        return None
    if np.median(np.diff(index.asi8)) != 7 * 86_400 * 10**9:
        return None
    weekday = np.asarray(index.day_of_week)
    usual = int(np.bincount(weekday, minlength=7).argmax())
    off = weekday != usual
    if not off.any() or off.mean() > 0.2:
        return None
    shift = (usual - weekday) % 7
    nearest = np.where(shift > 3, shift - 7, shift)
    snapped = index + pd.to_timedelta(nearest, unit="D")
    if snapped.has_duplicates:  # a week whose one day was its Monday (9/11's): to its Friday
        taken = snapped.duplicated(keep=False) & off & (np.abs(nearest) == 3)  # (its own week)
        snapped = index + pd.to_timedelta(np.where(taken, np.where(
            nearest < 0, nearest + 7, nearest - 7), nearest), unit="D")
    return None if snapped.has_duplicates else (snapped, int(off.sum()))


def snapped_to_business_edge(index: pd.DatetimeIndex) -> tuple[pd.DatetimeIndex, int] | None:
    """(monthly, quarterly or yearly dates put on their month's last business day, or its
    first, how many moved) when every row lies in the last (first) week of its month and a few
    (up to a fifth), each on a weekday, are days before (after) that business day: an
    exchange's last (first) trading day of the month, a holiday earlier (Good Friday) or
    later; else None. A stamp on a weekend is no trading day (months stamped on their 1st, one
    of them mistyped, are refused as before)."""
    if len(index) < 8 or not (index == index.normalize()).all():
        return None
    step = np.median(np.diff(index.asi8)) / (86_400 * 10**9)
    if not (28 <= step <= 31 or 89 <= step <= 92 or 365 <= step <= 366):
        return None
    months = index.to_period("M").to_timestamp()
    for edge, near in ((pd.offsets.BMonthEnd(0), index.days_in_month - index.day < 7),
                       (pd.offsets.BMonthBegin(0), index.day <= 7)):
        snapped = months + edge  # from the month's first day: its first or last business day
        off = snapped != index
        if (near.all() and off.any() and off.mean() <= 0.2 and not snapped.has_duplicates
                and (index.day_of_week[off] < 5).all()):
            return snapped, int(off.sum())
    return None


def snapped_to_calendar(index: pd.DatetimeIndex) -> tuple[pd.DatetimeIndex, str] | None:
    """(dates a holiday moved put back on their calendar, the warning to give, with a {first}
    to fill with the first date moved): weekly rows off their usual weekday
    (``snapped_to_weekday``), or rows of months, quarters or years off their month's business
    day (``snapped_to_business_edge``); else None."""
    if (moved := snapped_to_weekday(index)) is not None:
        return moved[0], (f"{moved[1]} weekly row(s) stamped off the usual "
                          f"{moved[0][0].day_name()} (a holiday's week; first {{first}}): "
                          "put on it")
    if (moved := snapped_to_business_edge(index)) is not None:
        return moved[0], (f"{moved[1]} row(s) a few days off their month's business day (a "
                          "holiday; first {first}): put on it")
    return None


def put_on_calendar(data: pd.DataFrame, moved: tuple, notes) -> None:
    """``data``'s rows put on the calendar ``snapped_to_calendar`` found (``moved``), said; the
    stamps they moved onto, a holiday's, kept in ``notes`` (``Panel.shut_stamps``)."""
    off = data.index != moved[0]
    first = format_stamp(data.index[off][0])
    getattr(notes, "shut_stamps", []).extend(moved[0][off])
    data.index = moved[0]
    _warn(notes, moved[1].format(first=first))


HOLIDAYS = 10  # days a month's last trading day may be early (China's New Year: 8)


def running_period(index: pd.DatetimeIndex) -> bool:
    """Whether the last stamp alone keeps ``index`` off a calendar of days, weeks, months,
    quarters or years, falling inside the period after the one before it: Yahoo's weekly or
    monthly download ends with the period still running, stamped with the day it was
    downloaded (a Wednesday after Mondays, the 14th after month starts), a collector's days
    with today's bar at its time ('2024-06-28 14:35:00'); of months stamped at their ends, a
    row further early than a holiday moves their last trading day (the 20th). Where the rows
    before it put holidays' periods a day off their stamps, a row as near its stamp is such a
    period's (a Thursday among Fridays: Good Friday's week), and one further off still
    running (a Wednesday; a user round: put on its Friday as the week's close)."""
    if len(index) < 4:
        return False
    head, holidays = index[:-1], False
    try:
        freq, _, _ = frequency_of(head)
    except Irregular:  # periods of holidays stamped a day off among them: on their calendar
        if (moved := snapped_to_calendar(head)) is None:
            return False
        try:
            freq, _, _ = frequency_of(head := moved[0])
        except Irregular:
            return False
        holidays = True
    ahead = future_timestamps(head[-1], freq, 2)
    if index[-1] == ahead[0]:  # on the calendar: the rows before it are off it
        return False
    if holidays:  # a row as near its stamp as a holiday moves one is such a period's
        near = abs(index[-1] - ahead[0]) < pd.Timedelta(days=2 if "W-" in freq else HOLIDAYS)
        return bool(head[-1] < index[-1] < ahead[1] and not near)
    if re.match(r"\d*B?(ME|QE|YE)", freq):  # stamped at their ends: further early than
        return bool(head[-1] < index[-1] < ahead[0] - pd.Timedelta(days=HOLIDAYS))  # a holiday
    daily = freq in ("D", "B") and index[-1] != index[-1].normalize() and (  # today's bar,
        head == head.normalize()).all()  # at its snapshot's time ('14:35:00')
    if not daily and not re.match(r"\d*(W-|MS|QS|YS)", freq):  # stamped at their starts:
        return False  # ME's last business day is the month's row, a day early, not running
    return bool(head[-1] < index[-1] < ahead[1])


RARE_BAR = 0.1  # share of a series' days (weeks) a time of day (week) is on, at most, for a stray
STRAY_SHARE = 0.02  # ... and of its rows such strays are, at most (not jittered stamps')


def _rare(period: np.ndarray, at: np.ndarray) -> np.ndarray | None:
    """Which rows are at times (``at``, within their ``period``: a day, a week) that RARE_BAR
    of the periods have or fewer; None where more than STRAY_SHARE of the rows are."""
    seen = pd.Series(period).groupby(at).nunique()
    stray = np.isin(at, seen.index[seen <= RARE_BAR * len(np.unique(period))].to_numpy())
    return None if stray.sum() > STRAY_SHARE * len(stray) else stray


def off_session(index: pd.DatetimeIndex, hint: tuple[str, str] | None = None
                ) -> tuple[np.ndarray, str] | None:
    """(which rows to keep, a warning) of sub-daily ``index`` whose frequency none reads: its
    rows at times of day that few of its days have (on RARE_BAR of them or fewer, STRAY_SHARE
    of the rows at most: a closing auction's 16:10 bar a source wrote one day) or, given a
    model's trading sessions (``hint``), outside their parts (a 16:00 auction bar every day
    since; not a bar off their step inside one: a late stamp), where the others then read as
    a frequency; None otherwise."""
    stamps = index.as_unit("ns").asi8
    if len(stamps) < 10 or np.median(np.diff(stamps)) >= pd.Timedelta(days=1).value:
        return None
    clock, day = stamps % DAY_NS, stamps // DAY_NS
    session = session_of(hint[0]) if hint else None
    if isinstance(session, TradingSession):
        stray = ~index.isin(session.grid(index[0], index[-1]))
        own = on_clock(index, session.zone).as_unit("ns").asi8[stray] % DAY_NS  # its clock's
        if any(((a.value <= own) & (own <= b.value)).any() for a, b in session.spans):
            return None
    elif (stray := _rare(day, clock)) is None:
        return None
    if not stray.any() or stray.all():
        return None
    try:
        frequency_of(index[~stray], hint)
    except Irregular:
        return None
    return ~stray, (f"dropped {int(stray.sum())} bar(s) at times of day "
                    + ("off the model's sessions" if isinstance(session, TradingSession) else
                       "few days have") + _listed(index[stray]))


def week_strays(index: pd.DatetimeIndex, freq: str, grid: pd.DatetimeIndex
                ) -> tuple[np.ndarray, str] | None:
    """(which rows to keep, a warning) of bars read as weekly session ``freq`` (on ``grid``)
    where a few of them widen it: at times of the week that few weeks have, STRAY_SHARE of the
    rows at most, without which the others read as a week with fewer bars to fill. EUR/USD's
    two bars an hour past Friday's close in 24 weeks made every week close an hour later, that
    bar filled and forecast. (A daily session's stray bars are ``off_session``'s.)"""
    session = session_of(freq)
    if not isinstance(session, WeeklySession) or index.tz is not None:
        return None
    if (stray := _rare(*session.weeks(index))) is None or not stray.any():
        return None
    try:
        fewer = frequency_of(index[~stray])[2]
    except Irregular:
        return None
    if len(fewer) >= len(grid) - stray.sum():  # no fewer bars to fill without them
        return None
    return ~stray, (f"dropped {int(stray.sum())} bar(s) at times of the week few weeks have, "
                    "outside the others' week" + _listed(index[stray]))


def off_week(index: pd.DatetimeIndex, hint: tuple[str, str] | None
             ) -> tuple[np.ndarray, str] | None:
    """(which rows to keep, a warning) of bars between the close and the open of a weekly
    session read before (``hint``: a model's, the file's other series'), a few (STRAY_SHARE of
    the rows at most, or one) at times of the week few weeks have (RARE_BAR of them, or one)
    among bars on it: a cron job's export of a week or a few, too few for ``week_strays`` to
    call a stale Friday bar rare, is the model's week without it."""
    session = session_of(hint[0]) if hint else None
    if not isinstance(session, WeeklySession) or index.tz is not None:
        return None
    stray = ~index.isin(session.grid(index[0], index[-1]))
    week, at = session.weeks(index)
    seen = pd.Series(week[stray]).groupby(at[stray]).nunique()  # weeks each stray time is in
    if (not stray.any() or stray.sum() > max(1, STRAY_SHARE * len(index))
            or seen.max() > max(1, RARE_BAR * len(np.unique(week)))  # (summer's Sunday bar
            or session.open_at(index[stray]).any()):  # in UTC's week; a late stamp within it)
        return None
    return ~stray, (f"dropped {int(stray.sum())} bar(s) outside the week of {hint[1]}"
                    + _listed(index[stray]))


def under_two_weeks(index: pd.DatetimeIndex, freq: str) -> bool:
    """Whether ``index`` spans under two weeks of weekly session ``freq``: too few to show its
    weekend's closure (a week of FX bars reads alone as plain hours)."""
    return isinstance(session_of(freq), WeeklySession) and bool(
        index[-1] - index[0] < pd.Timedelta(weeks=2))


def _listed(stamps: pd.DatetimeIndex) -> str:
    """' (the first three of ``stamps``, ...)'."""
    shown = ", ".join(format_stamp(t) for t in stamps[:3])
    return f" ({shown}{', ...' if len(stamps) > 3 else ''})"


_PERIODS = re.compile(r"B?(?P<kind>[MQY])(?P<end>S|E)(?:-(?P<month>[A-Z]{3}))?")  # no multiples
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def on_model_periods(index: pd.DatetimeIndex, freq: str, model: str) -> pd.DatetimeIndex | None:
    """``index`` of months, quarters or years (``freq``) stamped where a ``model`` of the same
    periods stamps them: at their starts after a model's ends, or the other way ('Jul 1991'
    labels, then an export of '1991-07-31'); None where the periods are not the model's (other
    steps, quarters of another fiscal year)."""
    found, theirs = _PERIODS.fullmatch(freq), _PERIODS.fullmatch(model)
    if freq == model or found is None or theirs is None or found["kind"] != theirs["kind"]:
        return None
    first = [(_MONTHS.index(p["month"] or "JAN") + (p["end"] == "E")) % {"M": 1, "Q": 3, "Y": 12}[
        p["kind"]] for p in (found, theirs)]  # a period's first month (Dec's year: Jan's)
    if first[0] != first[1]:
        return None
    offset = pd.tseries.frequencies.to_offset(model)
    moved = pd.DatetimeIndex([offset.rollforward(t) if theirs["end"] == "E" else
                              offset.rollback(t) for t in index.normalize()])
    grid = regular_grid(moved[0], moved[-1], model)
    return moved if (len(grid) == len(regular_grid(index[0], index[-1], freq))
                     and moved.isin(grid).all() and not moved.has_duplicates) else None
