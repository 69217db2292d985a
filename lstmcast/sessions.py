"""Trading sessions: bars at a fixed step within a window of each day (a stock exchange's
09:30-15:55 on business days) or of each week (foreign exchange from Sunday 22:00 to Friday
21:00 UTC, through the nights), written as plain frequency strings that a model file stores."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset

from .weekdays import WEEKDAYS, closed_names, closed_weekdays


def sub_daily_label(freq: str) -> str:
    match = re.fullmatch(r"(\d*)([a-zA-Z]+)", freq)
    if not match:
        return f"every {freq}"
    count, unit = match.groups()
    if freq == "ns":  # the step of numbered steps (``data.periods.numbered_steps``)
        return "numbered steps"
    words = {"h": ("hourly", "hours"), "min": ("every minute", "minutes"),
             "s": ("every second", "seconds"), "ms": ("every millisecond", "milliseconds")}
    if unit not in words:
        return f"every {freq}"
    single, plural = words[unit]
    return single if count in ("", "1") else f"every {count} {plural}"


_SESSION = re.compile(r"(?P<step>\d*[a-zA-Z]+)@(?P<open>\d{2}:\d{2}(?::\d{2})?)"
                      r"-(?P<close>\d{2}:\d{2}(?::\d{2})?)/(?P<days>[BD]|WD(?:-[A-Z]{3}){1,2})"
                      r"(?:~(?P<zone>[A-Za-z]+/[A-Za-z_]+))?")
# Where an exchange's session, stamped in UTC, moves an hour at daylight saving: the first of
# the zones that share a change of clocks names it (the UTC stamps are the same for either)
EXCHANGE_ZONES = ("America/New_York", "America/Chicago", "Europe/London", "Europe/Berlin")
_DAY_NS = 86_400 * 10**9


@dataclass(frozen=True)
class TradingSession:
    """Bars every ``step`` from ``open`` to ``close`` (times of day of the first and the last
    bar), on business days (``days == "B"``: absent weekdays are holidays), every day ("D") or
    every day but one or two weekdays ("WD-SUN": a shop closed on Sundays, as daily data's).
    With a ``zone``, the session keeps that zone's clock and its bars are stamped in UTC (New
    York's 09:30 is 14:30 in winter, 13:30 in summer).

    Written as a plain frequency string, e.g. ``"5min@09:30-15:55/B"`` or
    ``"h@09:30-15:30/B~America/New_York"``, which the model file stores as text and
    ``session_of`` reads back."""

    step: pd.Timedelta
    open: pd.Timedelta
    close: pd.Timedelta
    days: str  # "B", "D" or "WD-" and the weekdays closed
    zone: str | None = None

    @property
    def weekmask(self) -> str:
        """numpy's weekmask of the session's days, Monday first ('1111110': not Sundays)."""
        closed = {"B": ("SAT", "SUN"), "D": ()}.get(self.days) or self.days.split("-")[1:]
        return "".join("0" if day in closed else "1" for day in WEEKDAYS)

    @property
    def bars(self) -> int:
        """Bars in one full session."""
        return int((self.close - self.open) // self.step) + 1

    @property
    def freq(self) -> str:
        step = to_offset(self.step).freqstr
        zone = f"~{self.zone}" if self.zone else ""
        return f"{step}@{_clock(self.open)}-{_clock(self.close)}/{self.days}{zone}"

    @property
    def label(self) -> str:
        days = "trading sessions" if self.days == "B" else "sessions"
        when = {"B": "on business days", "D": "every day"}.get(self.days) or \
            f"except {closed_names(self.days)}"
        zone = f" {self.zone} time, stamped in UTC" if self.zone else ""
        return (f"{sub_daily_label(to_offset(self.step).freqstr)}, {days} "
                f"{_clock(self.open)}\u2013{_clock(self.close)}{zone} {when}")

    def _local(self, t: pd.Timestamp) -> pd.Timestamp:
        """A UTC stamp on the session's clock."""
        t = pd.Timestamp(t)
        return t.tz_localize("UTC").tz_convert(self.zone).tz_localize(None) if self.zone else t

    def _stamped(self, bars: pd.DatetimeIndex) -> pd.DatetimeIndex:
        """Bars on the session's clock, as the data stamps them (UTC for a zoned session)."""
        if not self.zone:
            return bars
        return bars.tz_localize(self.zone, ambiguous=True, nonexistent="shift_forward") \
            .tz_convert("UTC").tz_localize(None)

    def trades_on(self, days: pd.DatetimeIndex) -> np.ndarray:
        """Which of these midnights are session days (weekdays, every day, or its days)."""
        return np.array([c == "1" for c in self.weekmask])[days.day_of_week]

    def bars_on(self, days: pd.DatetimeIndex) -> pd.DatetimeIndex:
        """Every session bar of these days (midnights), in order."""
        offsets = self.open.value + self.step.value * np.arange(self.bars, dtype=np.int64)
        stamps = days.as_unit("ns").asi8[:, None] + offsets[None, :]
        return self._stamped(pd.DatetimeIndex(stamps.ravel().astype("datetime64[ns]")))

    def grid(self, first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
        """Every bar from ``first`` to ``last`` (of every weekday for business days)."""
        days = pd.date_range(self._local(first).normalize(), self._local(last).normalize())
        bars = self.bars_on(days[self.trades_on(days)])
        return bars[(bars >= first) & (bars <= last)]

    def bars_upto(self, t: pd.Timestamp) -> int:
        """Session bars from 1970-01-01 up to and including ``t`` (negative before 1970)."""
        t = self._local(t)
        day = t.normalize()
        before = int(np.busday_count(np.datetime64("1970-01-01", "D"),
                                     np.datetime64(day.date(), "D"), weekmask=self.weekmask))
        today = 0
        if self.trades_on(pd.DatetimeIndex([day]))[0] and t - day >= self.open:
            today = min(int((t - day - self.open) // self.step) + 1, self.bars)
        return before * self.bars + today

    def after(self, last: pd.Timestamp, n: int, closed=None) -> pd.DatetimeIndex:
        """The ``n`` session bars after ``last``: the rest of its session, then the next
        sessions' bars, skipping nights (and weekends for business days), and the dates that
        ``closed(first, last)`` returns for a span of days (holidays)."""
        last = pd.Timestamp(last)
        out: list[pd.DatetimeIndex] = []
        have, day = 0, self._local(last).normalize()
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


_WEEK_NS = 7 * _DAY_NS
_HOUR_NS = 3600 * 10**9
_MONDAY = pd.Timestamp("1970-01-05").value  # weeks are counted from a Monday's midnight
_MOST_SLOTS = 1 << 20  # steps of a week looked at for a closure: down to bars of a second
_WEEKLY = re.compile(r"(?P<step>\d*[a-zA-Z]+)@(?P<open>[A-Z]{3}\d{2}:\d{2}(?::\d{2})?)"
                     r"-(?P<close>[A-Z]{3}\d{2}:\d{2}(?::\d{2})?)/W")


@dataclass(frozen=True)
class WeeklySession:
    """Bars every ``step`` from a weekly open to a weekly close, through the nights: foreign
    exchange trades from Sunday 22:00 to Friday 21:00 UTC (its first and last hourly bar).
    ``open`` and ``close`` are the first and the last bar's time since Monday 00:00. Bars are
    numbered from the open of the week of 1970-01-05: bar j is in week j // per_week.

    Written as a plain frequency string, e.g. ``"h@SUN22:00-FRI21:00/W"``."""

    step: pd.Timedelta
    open: pd.Timedelta
    close: pd.Timedelta

    @property
    def per_week(self) -> int:
        return int(((self.close - self.open).value % _WEEK_NS) // self.step.value) + 1

    @property
    def bars(self) -> int:
        """Bars in a day, the season: with a closure of whole days (FX's two), a day's bars
        are the same number of bars apart across the weekend too."""
        return int(_DAY_NS // self.step.value)

    @property
    def freq(self) -> str:
        step = to_offset(self.step).freqstr
        return f"{step}@{_week_clock(self.open)}-{_week_clock(self.close)}/W"

    @property
    def label(self) -> str:
        first, last = (_week_clock(t) for t in (self.open, self.close))
        return (f"{sub_daily_label(to_offset(self.step).freqstr)}, {first[:3].title()} "
                f"{first[3:]} to {last[:3].title()} {last[3:]} each week")

    def bars_upto(self, t: pd.Timestamp) -> int:
        """Bars from the first week's open up to and including ``t`` (negative before it)."""
        since = pd.Timestamp(t).value - _MONDAY - self.open.value
        week, into = divmod(since, _WEEK_NS)
        return week * self.per_week + min(into // self.step.value + 1, self.per_week)

    def bar_times(self, first: int, stop: int) -> pd.DatetimeIndex:
        """The times of bars ``first`` .. ``stop - 1``."""
        week, at = np.divmod(np.arange(first, stop, dtype=np.int64), self.per_week)
        ns = _MONDAY + self.open.value + week * _WEEK_NS + at * self.step.value
        return pd.DatetimeIndex(ns.astype("datetime64[ns]"))

    def grid(self, first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
        """Every bar from ``first`` to ``last``."""
        return self.bar_times(self.bars_upto(pd.Timestamp(first) - pd.Timedelta(1, "ns")),
                              self.bars_upto(last))

    def after(self, last: pd.Timestamp, n: int) -> pd.DatetimeIndex:
        """The ``n`` bars after ``last``, over the weekend's closure."""
        upto = self.bars_upto(last)
        return self.bar_times(upto, upto + n)


def _week_clock(t: pd.Timedelta) -> str:
    day, rest = divmod(t.value, _DAY_NS)
    return WEEKDAYS[day] + _clock(pd.Timedelta(rest, unit="ns"))


def _weekly_session_of(match: re.Match) -> WeeklySession | None:
    try:
        step = pd.Timedelta(to_offset(match["step"]))
        ends = []
        for text in (match["open"], match["close"]):
            ends.append(pd.Timedelta(days=WEEKDAYS.index(text[:3])) + _clock_of(text[3:]))
    except (ValueError, TypeError):
        return None
    if not (pd.Timedelta(0) < step <= pd.Timedelta(hours=12)) or _WEEK_NS % step.value or any(
            e.value % step.value != ends[0].value % step.value or not
            pd.Timedelta(0) <= e - pd.Timedelta(days=e.days) < pd.Timedelta(days=1) for e in ends):
        return None
    span = (ends[1] - ends[0]).value % _WEEK_NS
    if not 0 < span < _WEEK_NS - step.value:  # two bars a week or more, and a closure
        return None
    return WeeklySession(step, *ends)


def session_of(freq: str) -> TradingSession | WeeklySession | None:
    """The trading session a frequency string names ("5min@09:30-15:55/B", or weekly:
    "h@SUN22:00-FRI21:00/W"), else None."""
    if weekly := _WEEKLY.fullmatch(str(freq)):
        session = _weekly_session_of(weekly)
        return session if session is not None and session.freq == freq else None
    match = _SESSION.fullmatch(str(freq))
    if not match:
        return None
    try:
        step = pd.Timedelta(to_offset(match["step"]))
        start, end = (_clock_of(t) for t in (match["open"], match["close"]))
    except (ValueError, TypeError):
        return None
    if not (pd.Timedelta(0) < step and pd.Timedelta(0) <= start <= end < pd.Timedelta(days=1)):
        return None
    if (end - start) % step or end - start + step >= pd.Timedelta(days=1):
        return None
    zone = match["zone"]
    if zone is not None and zone not in EXCHANGE_ZONES:
        return None
    session = TradingSession(step, start, end, match["days"], zone)
    return session if session.freq == freq else None  # one spelling per session


def _clock_of(text: str) -> pd.Timedelta:
    """A time of day written 'HH:MM' or 'HH:MM:SS', as ``_clock`` writes it."""
    return pd.Timedelta(text if text.count(":") == 2 else f"{text}:00")


def _clock(t: pd.Timedelta) -> str:
    seconds = int(t.total_seconds())
    hours, minutes, secs = seconds // 3600, seconds // 60 % 60, seconds % 60
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def _daily_session_of_index(index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex] | None:
    """A sub-daily series traded in sessions: the bars of each day lie within a daily window
    that repeats (most whole days open at its first bar and close at its last; the first and
    last day of the file may be partial) with a break between sessions, on every bar of a
    fixed step. Business days when no bar falls on a weekend (and the data crosses one): then
    weekdays without bars are holidays, not gaps. None when the series is not like that."""
    stamps = index.as_unit("ns").asi8
    days = stamps - stamps % _DAY_NS
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
    if end - start + step >= _DAY_NS or ((tod - start) % step).any():
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
                             "B" if business else closed_weekdays(index[starts]) or "D")
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


def session_of_index(index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex] | None:
    """(frequency, label, grid) of a sub-daily series traded in daily or weekly sessions,
    stamped on the exchange's clock or in UTC; None when it is neither."""
    return (_zoned_session_of_index(index) or _daily_session_of_index(index)
            or _weekly_session_of_index(index))


def _zoned_session_of_index(index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex] | None:
    """A daily session stamped in UTC whose first bar moves an hour when an exchange's clocks
    change (New York's 09:30 is 14:30 UTC in winter, 13:30 in summer): the session on the
    clock of the first of EXCHANGE_ZONES that keeps it in place. Tried only on stamps whose
    days open at two times an hour apart, each on many days."""
    if index.tz is not None or len(index) < 3:
        return None
    stamps = index.as_unit("ns").asi8
    days = stamps - stamps % _DAY_NS
    firsts = (stamps - days)[np.r_[True, days[1:] != days[:-1]]]
    opens, counts = np.unique(firsts, return_counts=True)
    opens = opens[counts >= max(3, 0.1 * len(firsts))]
    if len(opens) != 2 or opens[1] - opens[0] != _HOUR_NS:
        return None
    for zone in EXCHANGE_ZONES:
        local = index.tz_localize("UTC").tz_convert(zone).tz_localize(None)
        found = _daily_session_of_index(local)
        if found is None:
            continue
        plain = session_of(found[0])
        zoned = TradingSession(plain.step, plain.open, plain.close, plain.days, zone)
        return zoned.freq, zoned.label, zoned._stamped(found[2])
    return None


def _weekly_session_of_index(index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex] | None:
    """A sub-daily series whose bars fill every step of the week but one closure of 12 hours
    or more (FX's weekend: no bar from Friday 22:00 to Sunday 21:00), seen whole twice or more,
    and runs of an hour or less that no week has (a minute without a tick, a futures market's
    daily hour of rest): bars through the nights, closed on the weekend. Absent bars inside the
    open week are gaps, to be filled."""
    stamps = index.as_unit("ns").asi8
    if len(stamps) < 3 or stamps[-1] - stamps[0] < _WEEK_NS:
        return None
    steps = np.diff(stamps)
    step = int(steps.min())
    if step <= 0 or (steps == step).mean() < 0.5 or _WEEK_NS % step or step > 12 * _HOUR_NS:
        return None
    slots = _WEEK_NS // step
    if ((stamps - stamps[0]) % step).any() or slots > _MOST_SLOTS:
        return None
    phase = (stamps[0] - _MONDAY) % step  # bars at half past (a zone half an hour off UTC)
    seen = np.zeros(slots, dtype=bool)
    seen[((stamps - _MONDAY - phase) % _WEEK_NS) // step] = True
    if seen.all() or seen.sum() < 2:
        return None
    # The empty steps: one closure of 12 hours or more (around the end of the week, maybe),
    # and runs shorter than an hour, minutes no tick came in any week (gaps, to be filled)
    opens = np.flatnonzero(seen & ~np.roll(seen, 1))
    closes = np.flatnonzero(seen & ~np.roll(seen, -1))
    before = closes[np.searchsorted(closes, opens) - 1]  # the close before each open
    runs = (opens - before - 1) % slots  # the empty steps between them
    long = runs * step >= 12 * _HOUR_NS
    if long.sum() != 1 or (runs[~long] * step > _HOUR_NS).any():
        return None
    open_slot = opens[long][0]
    close_slot = (open_slot - runs[long][0] - 1) % slots
    # the closure lies whole within the data twice or more: it repeats (not an outage)
    shut = _MONDAY + phase + (close_slot + 1) % slots * step
    length = int(runs[long][0]) * step
    if (stamps[-1] - length - shut) // _WEEK_NS - -((stamps[0] - shut) // -_WEEK_NS) < 1:
        return None
    session = WeeklySession(pd.Timedelta(step, unit="ns"),
                            pd.Timedelta(int(open_slot * step + phase), unit="ns"),
                            pd.Timedelta(int(close_slot * step + phase), unit="ns"))
    if session_of(session.freq) != session:  # the frequency string must read back the same
        return None
    grid = session.grid(index[0], index[-1])
    if len(grid) > 2 * len(index) + 10 or not index.isin(grid).all():
        return None
    return session.freq, session.label, grid
