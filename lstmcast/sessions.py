"""Trading sessions: bars at a fixed step within a window of each day (a stock exchange's
09:30-15:55 on business days, or its morning and afternoon around lunch) or of each week
(foreign exchange from Sunday 22:00 to Friday 21:00 UTC, through the nights:
``week_sessions``), written as plain frequency strings that a model file stores."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset

from .clocks import DAY_NS, HOUR_NS, clock, clock_of, sub_daily_label
from .week_sessions import (
    EAST_ZONES,
    EXCHANGE_ZONES,
    WEEKLY_FREQ,
    WeeklySession,
    on_clock,
    stamped_in_utc,
    weekly_session_of,
    weekly_session_of_index,
)
from .weekdays import WEEKDAYS, closed_names, closed_weekdays

_CLOCK = r"\d{2}:\d{2}(?::\d{2})?"
_SESSION = re.compile(rf"(?P<step>\d*[a-zA-Z]+)@"
                      rf"(?P<spans>{_CLOCK}-{_CLOCK}(?:\+{_CLOCK}-{_CLOCK})*)"
                      r"/(?P<days>[BD]|WD(?:-[A-Z]{3}){1,2})"
                      r"(?:~(?P<zone>[A-Za-z]+/[A-Za-z_]+))?")
PAUSE = pd.Timedelta(minutes=30)  # the least break within a day's session ('lunch') read so
MOST_SPANS = 3  # parts of a day's session: Shanghai's morning and afternoon; a night's too
LUNCH_DAYS = 5  # days a break on the bars' own step must be seen on


@dataclass(frozen=True)
class TradingSession:
    """Bars every ``step`` from ``open`` to ``close`` (times of day of the first and the last
    bar), on business days (``days == "B"``: absent weekdays are holidays), every day ("D") or
    every day but one or two weekdays ("WD-SUN": a shop closed on Sundays, as daily data's).
    With a ``zone``, the session keeps that zone's clock and its bars are stamped in UTC (New
    York's 09:30 is 14:30 in winter, 13:30 in summer). ``pauses``: the breaks within a day,
    each (its last bar before, its first bar after), every part stepping from its own first
    bar (Hong Kong's hourly bars: 09:30, 10:30, 11:30, then 13:00, 14:00, 15:00).

    Written as a plain frequency string, e.g. ``"5min@09:30-15:55/B"``,
    ``"h@09:30-15:30/B~America/New_York"`` or ``"h@09:30-11:30+13:00-15:00/B"``, which the
    model file stores as text and ``session_of`` reads back."""

    step: pd.Timedelta
    open: pd.Timedelta
    close: pd.Timedelta
    days: str  # "B", "D" or "WD-" and the weekdays closed
    zone: str | None = None
    pauses: tuple[tuple[pd.Timedelta, pd.Timedelta], ...] = ()

    @property
    def spans(self) -> list[tuple[pd.Timedelta, pd.Timedelta]]:
        """(first bar, last bar) of each part of a day's session."""
        edges = [self.open, *(t for pause in self.pauses for t in pause), self.close]
        return list(zip(edges[::2], edges[1::2], strict=True))

    @property
    def offsets(self) -> np.ndarray:
        """The times of a day's bars, in ns since its midnight."""
        return np.concatenate([np.arange(a.value, b.value + 1, self.step.value, dtype=np.int64)
                               for a, b in self.spans])

    @property
    def weekmask(self) -> str:
        """numpy's weekmask of the session's days, Monday first ('1111110': not Sundays)."""
        closed = {"B": ("SAT", "SUN"), "D": ()}.get(self.days) or self.days.split("-")[1:]
        return "".join("0" if day in closed else "1" for day in WEEKDAYS)

    @property
    def bars(self) -> int:
        """Bars in one full session."""
        return sum(int((b - a) // self.step) + 1 for a, b in self.spans)

    @property
    def freq(self) -> str:
        step = to_offset(self.step).freqstr
        zone = f"~{self.zone}" if self.zone else ""
        spans = "+".join(f"{clock(a)}-{clock(b)}" for a, b in self.spans)
        return f"{step}@{spans}/{self.days}{zone}"

    @property
    def label(self) -> str:
        days = "trading sessions" if self.days == "B" else "sessions"
        when = {"B": "on business days", "D": "every day"}.get(self.days) or \
            f"except {closed_names(self.days)}"
        zone = f" {self.zone} time, stamped in UTC" if self.zone else ""
        spans = " and ".join(clock(a) + (f"\u2013{clock(b)}" if b > a else "")
                             for a, b in self.spans)
        return f"{sub_daily_label(to_offset(self.step).freqstr)}, {days} {spans}{zone} {when}"

    def trades_on(self, days: pd.DatetimeIndex) -> np.ndarray:
        """Which of these midnights are session days (weekdays, every day, or its days)."""
        return np.array([c == "1" for c in self.weekmask])[days.day_of_week]

    def bars_on(self, days: pd.DatetimeIndex) -> pd.DatetimeIndex:
        """Every session bar of these days (midnights), in order."""
        stamps = days.as_unit("ns").asi8[:, None] + self.offsets[None, :]
        return stamped_in_utc(pd.DatetimeIndex(stamps.ravel().astype("datetime64[ns]")),
                              self.zone)

    def grid(self, first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
        """Every bar from ``first`` to ``last`` (of every weekday for business days)."""
        days = pd.date_range(on_clock(first, self.zone).normalize(),
                             on_clock(last, self.zone).normalize())
        bars = self.bars_on(days[self.trades_on(days)])
        return bars[(bars >= first) & (bars <= last)]

    def bars_upto(self, t: pd.Timestamp) -> int:
        """Session bars from 1970-01-01 up to and including ``t`` (negative before 1970)."""
        t = on_clock(t, self.zone)
        day = t.normalize()
        before = int(np.busday_count(np.datetime64("1970-01-01", "D"),
                                     np.datetime64(day.date(), "D"), weekmask=self.weekmask))
        today = 0
        if self.trades_on(pd.DatetimeIndex([day]))[0]:
            today = int(np.searchsorted(self.offsets, (t - day).value, side="right"))
        return before * self.bars + today

    def after(self, last: pd.Timestamp, n: int, closed=None) -> pd.DatetimeIndex:
        """The ``n`` session bars after ``last``: the rest of its session, then the next
        sessions' bars, skipping nights (and weekends for business days), and the dates that
        ``closed(first, last)`` returns for a span of days (holidays)."""
        last = pd.Timestamp(last)
        out: list[pd.DatetimeIndex] = []
        have, day = 0, on_clock(last, self.zone).normalize()
        while have < n:
            days = pd.date_range(day, periods=max(7, n // self.bars + 7), freq="D")
            trades = self.trades_on(days)
            if closed is not None and (shut := closed(days[0], days[-1])):
                trades &= ~np.isin(days.date, list(shut))
            bars = self.bars_on(days[trades])
            bars = bars[bars > last][: n - have]
            out.append(bars)
            have += len(bars)
            day = days[-1] + pd.Timedelta(days=1)
        return out[0].append(out[1:]) if len(out) > 1 else out[0]


def session_of(freq: str) -> TradingSession | WeeklySession | None:
    """The trading session a frequency string names ("5min@09:30-15:55/B", or weekly:
    "h@SUN22:00-FRI21:00/W"), else None."""
    if weekly := WEEKLY_FREQ.fullmatch(str(freq)):
        session = weekly_session_of(weekly)
        return session if session is not None and session.freq == freq else None
    match = _SESSION.fullmatch(str(freq))
    if not match:
        return None
    try:
        step = pd.Timedelta(to_offset(match["step"]))
        edges = [clock_of(t) for span in match["spans"].split("+") for t in span.split("-")]
    except (ValueError, TypeError):
        return None
    if not pd.Timedelta(0) < step or len(edges) > 2 * MOST_SPANS:
        return None
    start, end = edges[0], edges[-1]
    if not pd.Timedelta(0) <= start <= end < pd.Timedelta(days=1) or \
            end - start + step >= pd.Timedelta(days=1) or \
            any((b - a) % step or b < a for a, b in zip(edges[::2], edges[1::2], strict=True)) \
            or any(b - a <= step for a, b in zip(edges[1:-1:2], edges[2::2], strict=True)):
        return None  # parts in order, on their steps, a bar or more apart
    zone = match["zone"]
    if zone is not None and zone not in EXCHANGE_ZONES:
        return None
    pauses = tuple(zip(edges[1:-1:2], edges[2::2], strict=True))
    session = TradingSession(step, start, end, match["days"], zone, pauses)
    return session if session.freq == freq else None  # one spelling per session


def _daily_session_of_index(index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex] | None:
    """A sub-daily series traded in sessions: the bars of each day lie within a daily window
    that repeats (most whole days open at its first bar and close at its last; the first and
    last day of the file may be partial) with a break between sessions, on every bar of a
    fixed step. Business days when no bar falls on a weekend (and the data crosses one): then
    weekdays without bars are holidays, not gaps. None when the series is not like that."""
    stamps = index.as_unit("ns").asi8
    days = stamps - stamps % DAY_NS
    starts = np.flatnonzero(np.r_[True, days[1:] != days[:-1]])
    if len(starts) < 2:
        return None
    ends = np.r_[starts[1:] - 1, len(stamps) - 1]
    same_day = days[1:] == days[:-1]
    within = np.diff(stamps)[same_day]
    if not within.size or within.min() <= 0:
        return None
    step = int(within.min())
    if (within == step).mean() < 0.1:  # one bar at 10:30 among hours: a stray row, not the step
        return None
    tod = stamps - days
    first_bar, last_bar = tod[starts], tod[ends]
    start, end = int(first_bar.min()), int(last_bar.max())
    if (pauses := _pauses(tod, step, len(starts))) is None:
        return None
    firsts = np.array([start, *(after.value for _, after in pauses)], dtype=np.int64)
    own = firsts[np.searchsorted(firsts, tod, side="right") - 1]  # each bar's part's first
    if end - start + step >= DAY_NS or ((tod - own) % step).any():
        return None
    if len(starts) > 2 and ((first_bar[1:-1] == start).mean() <= 0.5
                            or (last_bar[1:-1] == end).mean() <= 0.5):
        return None
    weekday = index.day_of_week
    crosses_weekend = bool((np.diff(weekday) < 0).any()) or (
        index[-1] >= index[0] + pd.Timedelta(days=7))
    business = not (weekday >= 5).any() and crosses_weekend
    session = TradingSession(pd.Timedelta(step, unit="ns"), pd.Timedelta(start, unit="ns"),
                             pd.Timedelta(end, unit="ns"),
                             "B" if business else closed_weekdays(index[starts]) or "D",
                             pauses=pauses)
    if session_of(session.freq) != session:  # the frequency string must read back the same
        return None
    if business:  # weekdays without a bar are holidays: not in the grid
        session_days = pd.DatetimeIndex(np.unique(days).astype("datetime64[ns]"))
    else:
        session_days = pd.date_range(pd.Timestamp(int(days[0])), pd.Timestamp(int(days[-1])),
                                     freq="D")
        session_days = session_days[session.trades_on(session_days)]
    grid = session.bars_on(session_days)
    grid = grid[(grid >= index[0]) & (grid <= index[-1])]
    if len(grid) > 2 * len(index) + 10 or not index.isin(grid).all():
        return None
    return session.freq, session.label, grid


def _pauses(tod: np.ndarray, step: int, days: int) -> tuple | None:
    """The breaks within the day's session of bars at times of day ``tod`` (ns), on ``days``
    days, each (last bar before, first bar after): where the bars after step from another
    phase (Hong Kong's hourly 11:30, then 13:00), on three days or more; or, on LUNCH_DAYS
    days or more, where no day has a bar for PAUSE and two steps or more, a longer wait than
    between most bars (Shanghai's lunch, 11:30 to 13:00, in 5-minute bars; not an illiquid
    stock's quiet half hour of a few days, nor the hour to an hourly 16:00 close). None
    where the day would fall in more than MOST_SPANS parts: no session."""
    seen = np.unique(tod)
    gaps = np.diff(seen)
    long = (gaps >= max(2 * step, PAUSE.value)) & (gaps > np.median(gaps)) & (days >= LUNCH_DAYS)
    cut = np.flatnonzero((gaps % step != 0) | long)
    if days < 3 or not cut.size:
        return ()
    if cut.size >= MOST_SPANS:
        return None
    return tuple((pd.Timedelta(int(seen[k]), unit="ns"), pd.Timedelta(int(seen[k + 1]), unit="ns"))
                 for k in cut)


def session_of_index(index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex] | None:
    """(frequency, label, grid) of a sub-daily series traded in daily or weekly sessions,
    stamped on the exchange's clock or in UTC; None when it is neither."""
    return (_zoned_session_of_index(index) or _daily_session_of_index(index)
            or weekly_session_of_index(index))


def _zoned_session_of_index(index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex] | None:
    """A daily session stamped in UTC whose first bar moves an hour when an exchange's clocks
    change (New York's 09:30 is 14:30 UTC in winter, 13:30 in summer), or that crosses
    midnight UTC (Sydney's 10:00 to 16:00 is 23:00Z to 05:00Z in its summer): the session on
    the clock of the first of EXCHANGE_ZONES (EAST_ZONES) that keeps it in place. Tried only
    on stamps whose days (that zone's, across midnight UTC) open at two times an hour apart,
    each on many days: no other clock moves them so (a night shift's 20:00-02:00 on its own
    clock, or a summer's ASX bars alone, may be any zone's: refused, as before)."""
    if index.tz is not None or len(index) < 3:
        return None
    stamps = index.as_unit("ns").asi8
    days = stamps - stamps % DAY_NS
    seen = np.unique(stamps - days)
    crosses = len(seen) > 1 and np.diff(seen).max() > seen[0] + DAY_NS - seen[-1]
    if not crosses and not _moves_an_hour(stamps, days):
        return None
    for zone in EAST_ZONES if crosses else EXCHANGE_ZONES:
        local = on_clock(index, zone)
        if crosses and not _moves_an_hour(stamps, local.as_unit("ns").normalize().asi8):
            continue
        found = _daily_session_of_index(local)
        if found is None or crosses and not _exchange_hours(session_of(found[0])):
            continue
        zoned = dataclasses.replace(session_of(found[0]), zone=zone)
        return zoned.freq, zoned.label, stamped_in_utc(found[2], zone)
    return None


def _moves_an_hour(stamps: np.ndarray, days: np.ndarray) -> bool:
    """Whether the first of each day's ``stamps`` (ns; ``days``: each one's day) falls at two
    times of day an hour apart (23:00 and 00:00 too), each on many days."""
    firsts = (stamps % DAY_NS)[np.r_[True, days[1:] != days[:-1]]]
    opens, counts = np.unique(firsts, return_counts=True)
    opens = opens[counts >= max(3, 0.1 * len(firsts))]
    return len(opens) == 2 and opens[1] - opens[0] in (HOUR_NS, DAY_NS - HOUR_NS)


def _exchange_hours(session: TradingSession) -> bool:
    """Whether ``session`` trades as an exchange does: on business days, within 07:00 to 18:00
    (a bar's takings from 18:00 to 01:00, on its own clock, are no Sydney session)."""
    return session.days == "B" and pd.Timedelta(hours=7) <= session.open and \
        session.close <= pd.Timedelta(hours=18)


def as_trained(found: tuple[str, str, pd.DatetimeIndex], hint: tuple[str, str] | None,
               index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex]:
    """The sessions found, or the model's (``hint``) where it was trained before closed weekdays
    were read in sessions: it recorded a shop's hours Monday to Saturday as sessions every day
    ('/D', each Sunday filled), so its fresh data is read on that grid, as its training data
    was, not refused as another frequency; or before a lunch break was (filled, as learned);
    or a week of other hours whose bars hold the ``index`` (a week kept on New York's clock, or
    trained before it was; a winter's export reads as a week in UTC alone)."""
    old, new = session_of(hint[0]) if hint else None, session_of(found[0])
    if isinstance(old, WeeklySession) and isinstance(new, WeeklySession) and old != new:
        grid = old.grid(index[0], index[-1])
        return (hint[0], hint[1], grid) if index.isin(grid).all() else found
    if not isinstance(old, TradingSession) or not isinstance(new, TradingSession) or (
            dataclasses.replace(new, pauses=()) != old or old.pauses or not new.pauses) and (
            dataclasses.replace(new, days="D") != old or not new.days.startswith("WD-")):
        return found  # (a week's sessions have no days)
    return hint[0], hint[1], old.grid(found[2][0], found[2][-1])
