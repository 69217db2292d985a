"""Trading through the nights, closed on the weekend: foreign exchange's bars from Sunday
22:00 to Friday 21:00 UTC, written as a plain frequency string ("h@SUN22:00-FRI21:00/W"); or
on New York's clock, stamped in UTC ("h@SUN17:00-FRI16:00/W~America/New_York": its week
opens at 21:00 UTC in summer, 22:00 in winter)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset

from .clocks import DAY_NS, HOUR_NS, clock, clock_of, sub_daily_label
from .weekdays import WEEKDAYS

_WEEK_NS = 7 * DAY_NS
_MONDAY = pd.Timestamp("1970-01-05").value  # weeks are counted from a Monday's midnight
_MOST_SLOTS = 1 << 20  # steps of a week looked at for a closure: down to bars of a second
WEEKLY_FREQ = re.compile(r"(?P<step>\d*[a-zA-Z]+)@(?P<open>[A-Z]{3}\d{2}:\d{2}(?::\d{2})?)"
                         r"-(?P<close>[A-Z]{3}\d{2}:\d{2}(?::\d{2})?)/W"
                         r"(?:~(?P<zone>[A-Za-z]+/[A-Za-z_]+))?")
# Where a session stamped in UTC moves an hour at daylight saving: the first of the zones that
# share a change of clocks names it (the UTC stamps are the same for either)
# Zones whose day's session crosses midnight UTC (Sydney's 10:00 is 23:00Z in its summer)
EAST_ZONES = ("Australia/Sydney", "Pacific/Auckland")
EXCHANGE_ZONES = ("America/New_York", "America/Chicago", "Europe/London", "Europe/Berlin",
                  *EAST_ZONES)


@dataclass(frozen=True)
class WeeklySession:
    """Bars every ``step`` from a weekly open to a weekly close, through the nights: foreign
    exchange trades from Sunday 22:00 to Friday 21:00 UTC (its first and last hourly bar).
    ``open`` and ``close`` are the first and the last bar's time since Monday 00:00. Bars are
    numbered from the open of the week of 1970-01-05: bar j is in week j // per_week. With a
    ``zone``, the week keeps that zone's clock and its bars are stamped in UTC (the closure
    spans the weekend's clock change).

    Written as a plain frequency string, e.g. ``"h@SUN22:00-FRI21:00/W"``."""

    step: pd.Timedelta
    open: pd.Timedelta
    close: pd.Timedelta
    zone: str | None = None

    @property
    def per_week(self) -> int:
        return int(((self.close - self.open).value % _WEEK_NS) // self.step.value) + 1

    @property
    def bars(self) -> int:
        """Bars in a day, the season: with a closure of whole days (FX's two), a day's bars
        are the same number of bars apart across the weekend too."""
        return int(DAY_NS // self.step.value)

    @property
    def freq(self) -> str:
        step = to_offset(self.step).freqstr
        zone = f"~{self.zone}" if self.zone else ""
        return f"{step}@{week_clock(self.open)}-{week_clock(self.close)}/W{zone}"

    @property
    def label(self) -> str:
        first, last = (week_clock(t) for t in (self.open, self.close))
        zone = f" {self.zone} time, stamped in UTC" if self.zone else ""
        return (f"{sub_daily_label(to_offset(self.step).freqstr)}, {first[:3].title()} "
                f"{first[3:]} to {last[:3].title()} {last[3:]}{zone} each week")

    def bars_upto(self, t: pd.Timestamp) -> int:
        """Bars from the first week's open up to and including ``t`` (negative before it)."""
        since = on_clock(t, self.zone).value - _MONDAY - self.open.value
        week, into = divmod(since, _WEEK_NS)
        return week * self.per_week + min(into // self.step.value + 1, self.per_week)

    def weeks(self, index: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
        """(the week from a Monday, the ns into it) of each time of ``index``, on the session's
        clock."""
        return np.divmod(on_clock(index, self.zone).as_unit("ns").asi8 - _MONDAY, _WEEK_NS)

    def open_at(self, index: pd.DatetimeIndex) -> np.ndarray:
        """Which times of ``index`` lie from a week's open to its close, on a bar or not."""
        into = self.weeks(index)[1] - self.open.value
        return into % _WEEK_NS <= (self.close - self.open).value % _WEEK_NS

    def bar_times(self, first: int, stop: int) -> pd.DatetimeIndex:
        """The times of bars ``first`` .. ``stop - 1``."""
        week, at = np.divmod(np.arange(first, stop, dtype=np.int64), self.per_week)
        ns = _MONDAY + self.open.value + week * _WEEK_NS + at * self.step.value
        return stamped_in_utc(pd.DatetimeIndex(ns.astype("datetime64[ns]")), self.zone)

    def grid(self, first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
        """Every bar from ``first`` to ``last``."""
        return self.bar_times(self.bars_upto(pd.Timestamp(first) - pd.Timedelta(1, "ns")),
                              self.bars_upto(last))

    def after(self, last: pd.Timestamp, n: int) -> pd.DatetimeIndex:
        """The ``n`` bars after ``last``, over the weekend's closure."""
        upto = self.bars_upto(last)
        return self.bar_times(upto, upto + n)


def on_clock(t, zone: str | None):
    """A UTC stamp without an offset (or an index of them) on ``zone``'s clock (None: as it
    is)."""
    t = t if isinstance(t, pd.DatetimeIndex) else pd.Timestamp(t)
    return t.tz_localize("UTC").tz_convert(zone).tz_localize(None) if zone else t


def stamped_in_utc(bars: pd.DatetimeIndex, zone: str | None) -> pd.DatetimeIndex:
    """Bars on ``zone``'s clock as UTC stamps without an offset (None: as they are)."""
    if not zone:
        return bars
    return bars.tz_localize(zone, ambiguous=True, nonexistent="shift_forward") \
        .tz_convert("UTC").tz_localize(None)


def week_clock(t: pd.Timedelta) -> str:
    day, rest = divmod(t.value, DAY_NS)
    return WEEKDAYS[day] + clock(pd.Timedelta(rest, unit="ns"))


def weekly_session_of(match: re.Match) -> WeeklySession | None:
    try:
        step = pd.Timedelta(to_offset(match["step"]))
        ends = []
        for text in (match["open"], match["close"]):
            ends.append(pd.Timedelta(days=WEEKDAYS.index(text[:3])) + clock_of(text[3:]))
    except (ValueError, TypeError):
        return None
    if not (pd.Timedelta(0) < step <= pd.Timedelta(hours=12)) or _WEEK_NS % step.value or any(
            e.value % step.value != ends[0].value % step.value or not
            pd.Timedelta(0) <= e - pd.Timedelta(days=e.days) < pd.Timedelta(days=1) for e in ends):
        return None
    span = (ends[1] - ends[0]).value % _WEEK_NS
    if not 0 < span < _WEEK_NS - step.value:  # two bars a week or more, and a closure
        return None
    if match["zone"] is not None and match["zone"] not in EXCHANGE_ZONES:
        return None
    return WeeklySession(step, *ends, match["zone"])


def weekly_session_of_index(index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex] | None:
    """``_weekly_session_of_index``, or where its grid has gaps and the bars, put on the clock
    of one of EXCHANGE_ZONES, fill that zone's week with fewer (foreign exchange's bars in UTC,
    whose week opens an hour earlier in New York's summer: read in UTC, the union of both, an
    hour a week filled that never trades, and forecast), that zone's week stamped in UTC."""
    found = _weekly_session_of_index(index)
    if found is None or len(found[2]) == len(index) or index.tz is not None:
        return found
    for zone in EXCHANGE_ZONES:
        local = on_clock(index, zone)
        if (there := _weekly_session_of_index(local)) is not None and \
                len(there[2]) < len(found[2]):
            zoned = replace(weekly_session_of(WEEKLY_FREQ.fullmatch(there[0])), zone=zone)
            grid = stamped_in_utc(there[2], zone)  # (open at a clock change: bars twice)
            if index.isin(grid).all() and not grid.has_duplicates:
                return zoned.freq, zoned.label, grid
    return found


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
    if step <= 0 or (steps == step).mean() < 0.5 or _WEEK_NS % step or step > 12 * HOUR_NS:
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
    long = runs * step >= 12 * HOUR_NS
    if long.sum() != 1 or (runs[~long] * step > HOUR_NS).any():
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
    written = WEEKLY_FREQ.fullmatch(session.freq)  # the frequency string must read back
    if written is None or weekly_session_of(written) != session:  # the same
        return None
    grid = session.grid(index[0], index[-1])
    if len(grid) > 2 * len(index) + 10 or not index.isin(grid).all():
        return None
    return session.freq, session.label, grid
