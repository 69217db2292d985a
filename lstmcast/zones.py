"""The time zone of data written with UTC offsets that change (a clock that keeps summer time),
so that forecasts are stamped with real times of that zone.

The loader keeps a zone's local wall-clock times (a day's load follows them), its hour that a
spring clock change skips filled and the autumn one's repeat averaged. Its forecasts run on that
grid too: without the zone they would be stamped with an hour the clocks skip (02:00 on the last
Sunday of March in Berlin), or one 02:00 for two real hours in October. With it, a step on a
local time that does not exist is left out, a repeated one is forecast for both its instants
(sub-daily steps: predict's rows are the real instants one step apart after the origin, the
repeated hour's second one by the step of its wall-clock time; a backtest's, scored against
the data's one row of it, stay on the wall clock, the summer hour), and each stamp is written
with its offset, as the data was ('2023-03-26 03:00:00+02:00', '2024-11-03 01:00:00-05:00').

The zone is the first of ZONES whose offsets are the data's at every row. Data whose offset never
changes has no clock change to mind: its zone is that offset ('+05:30', or 'Z' as written), so
that forecasts are written with it too (an API's '2024-05-01T10:00:00Z', a logger's '+05:30');
days (every row at one time of day, or at a zone's midnight in UTC) have none: their forecasts
are dates.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

import numpy as np
import pandas as pd
from pandas.tseries.offsets import Tick

from .calendar import ISO_T, format_stamp, offset_of, stamp_writer, time_of_day
from .sessions import session_of

# Zones that keep summer time, by where data written with offsets comes from most: one of
# each set of rules (Paris keeps Berlin's; the offsets, not the name, are written)
ZONES = ("Europe/Berlin", "Europe/London", "Europe/Helsinki", "Europe/Lisbon",
         "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
         "America/Halifax", "America/Anchorage", "Pacific/Honolulu", "America/Sao_Paulo",
         "America/Santiago", "America/Mexico_City", "Australia/Sydney", "Australia/Adelaide",
         "Australia/Lord_Howe", "Pacific/Auckland", "Asia/Jerusalem", "Asia/Tehran",
         "Europe/Moscow", "Africa/Cairo", "America/St_Johns")
# an offset after a time of day ('T09:30:00Z', '00:00:00.000 GMT+0200'), never the '-2021'
# that ends a month-first date
_AFTER_TIME = r"\d:\d\d(?::\d\d(?:[.,]\d+)?)?\s*"
# PostgreSQL writes whole hours short: '+01'
_OFFSET = re.compile(_AFTER_TIME + r"(?:(Z|UTC|GMT)|(?:GMT|UTC)?([+-])(\d{2})(?::?(\d{2}))?)$")
_ANY_OFFSET = re.compile(_AFTER_TIME + r"(?:Z|UTC|GMT|(?:GMT|UTC)?[+-]\d{2}(?::?\d{2})?)$")
SAMPLED = 5000  # rows checked against a zone: every change of offset, and evenly between


def zone_of(cells: pd.Series, local: pd.DatetimeIndex) -> str | None:
    """The zone of a time column whose text ``cells`` end in UTC offsets, read as the wall-clock
    times ``local``: the offset itself where it never changes ('+05:30', 'UTC'); None when no
    cell has an offset, every row is at one time of day (days), or no zone of ZONES matches
    every row."""
    if not cells.iloc[:100].astype(str).str.strip().str.contains(_ANY_OFFSET).any():
        return None  # most files: no offsets, and no scan of their rows
    if len(np.unique(time_of_day(local))) < 2 or one_wall_clock(local) is not None:
        return None  # days stamped at one time of day (a close at 16:00Z): written as dates
    parts = cells.astype(str).str.strip().str.extract(_OFFSET)
    if parts.isna().all(axis=None) or parts[[0, 1]].isna().all(axis=1).any():
        return None
    sign = np.where(parts[1].to_numpy() == "-", -1, 1)
    minutes = np.where(parts[0].notna().to_numpy(), 0,
                       sign * (pd.to_numeric(parts[2]).fillna(0).to_numpy() * 60
                               + pd.to_numeric(parts[3]).fillna(0).to_numpy()))
    if len(np.unique(minutes)) < 2:  # 'Z' (or ' UTC') written as such, else the offset
        return "Z" if parts[0].notna().all() else fixed_offset(int(minutes[0]))
    change = np.flatnonzero(np.diff(minutes) != 0)
    rows = np.unique(np.concatenate([change, change + 1,
                                     np.linspace(0, len(minutes) - 1, SAMPLED).astype(int)]))
    wall = pd.DatetimeIndex(local[rows])
    utc = (wall - pd.to_timedelta(minutes[rows], unit="min")).tz_localize("UTC")
    for zone in ZONES:  # the zone shows each real time at the wall-clock time written
        if (utc.tz_convert(zone).tz_localize(None) == wall).all():
            return zone
    return None


def zone_note(zone: str) -> str:
    """What the loader says of the zone ``zone_of`` found."""
    if "/" in zone:
        return f"time zone: the offsets are those of {zone}; forecasts are stamped in it"
    return (f"time zone: {'UTC (Z)' if zone == 'Z' else zone} throughout; forecasts are "
            "written in it")


def one_wall_clock(utc: pd.DatetimeIndex) -> tuple[str, pd.DatetimeIndex] | None:
    """(the zone of ZONES, the stamps on its wall clock) where UTC stamps taken at two times
    of day an hour apart are all at one time of its day: its midnights where a zone has them
    so (Alpaca's daily bars: New York's, 04:00Z in summer and 05:00Z in winter; not 23:00 in
    Berlin, whose clocks change with Helsinki's, nor 10:00 the day before in Santiago for
    Sydney's), else the first such zone's (TradingView's daily bars at New York's opening,
    09:30: 13:30Z and 14:30Z); else None."""
    clock = np.unique(time_of_day(utc.as_unit("ns")))
    if len(clock) != 2 or clock[1] - clock[0] != 3600 * 10**9:
        return None
    steady = None
    for zone in ZONES:
        local = utc.tz_localize("UTC").tz_convert(zone).tz_localize(None)
        times = time_of_day(local.as_unit("ns"))
        if not times.any():
            return zone, local
        if steady is None and (times == times[0]).all():
            steady = zone, local
    return steady


def one_clock_note(index: pd.DatetimeIndex) -> tuple[str, bool]:
    """(what to say of days stamped at one time of day, read as their dates; whether to warn):
    on Sundays to Thursdays at 12:00 or later they may be the midnights of a zone east of UTC
    (Unix times of Monday-to-Friday data, 16:00Z for Shanghai's), each a day later."""
    clock = format_stamp(index[0], clock=True).split(" ")[1]
    east = index[0].hour >= 12 and set(index.day_of_week) == {6, 0, 1, 2, 3}
    return (f"every row is stamped at {clock}: read as its date" + (
        "; on Sundays to Thursdays: if they are midnights of a zone east of UTC (Unix times of "
        "Monday-to-Friday data), each day is the next one: write the dates" if east else ""),
        east)


def fixed_offset(minutes: int) -> str:
    """The zone of a UTC offset that never changes, as pandas reads it: '+00:00', '-03:30'
    ('Z' for UTC written as a letter: ``real_stamps`` reads it as UTC)."""
    sign, (hours, rest) = "+" if minutes >= 0 else "-", divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def offset_minutes(zone: str) -> int | None:
    """The minutes east of UTC of a fixed offset as ``fixed_offset`` writes it ('Z' too); None
    for a zone of changing offsets ('Europe/Berlin')."""
    if zone == "Z":
        return 0
    if (fixed := re.fullmatch(r"([+-])(\d\d):(\d\d)", zone)) is None:
        return None
    return (-1 if fixed[1] == "-" else 1) * (int(fixed[2]) * 60 + int(fixed[3]))


def trained_zone(trained: str | None, found: str | None, last: pd.Timestamp) -> str | None:
    """The zone forecasts are stamped in: the one ``found`` in the data, or the zone of summer
    time the model was ``trained`` in where the data shows one offset of it, that of its
    ``last`` wall-clock time (three winter weeks of a Berlin export: '+01:00' all along,
    whose forecasts across the spring change must skip 02:00 as Berlin's clocks do)."""
    if trained is None or "/" not in trained or found is None or "/" in found:
        return found
    real = real_stamps(pd.DatetimeIndex([last]), trained)[0][0]
    if real is pd.NaT or fixed_offset(int(real.utcoffset().total_seconds() // 60)) != found:
        return found
    return trained


def real_stamps(local: pd.DatetimeIndex, zone: str) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """(the wall-clock times ``local`` of ``zone`` as real times, with their offsets; whether
    each exists): a time the clocks skip is NaT and False, a repeated one the first (summer)
    hour."""
    real = _localized(local, zone, np.ones(len(local), dtype=bool))
    return real, ~np.asarray(real.isna())


def _localized(local, zone: str, summer: np.ndarray) -> pd.DatetimeIndex:
    """The wall-clock times ``local`` of ``zone`` as real times: a time the clocks skip NaT, one
    the autumn change repeats the first (summer) hour where ``summer``, else the second."""
    return pd.DatetimeIndex(local).tz_localize("UTC" if zone == "Z" else zone,
                                               ambiguous=summer, nonexistent="NaT")


def skipped_by_clocks(times: pd.DatetimeIndex, absent: np.ndarray, zone: str | None
                      ) -> np.ndarray:
    """(n,) which ``absent`` steps of a series' regular wall-clock ``times`` are a time a spring
    clock change skips (02:00 on the last Sunday of March in Berlin): of its ``zone`` where the
    data wrote offsets; without offsets (None: a meter's export in local time), of the zone
    ``_wall_zone`` finds, every spring change of which in the data's span it skips."""
    skipped = np.zeros(len(times), dtype=bool)
    if not absent.any() or (zone is not None and "/" not in zone):
        return skipped
    if zone is not None:
        skipped[absent] = ~real_stamps(times[absent], zone)[1]
        return skipped
    found = _wall_zone(times, absent)
    for start, end in found[1] if found else ():
        skipped[times.searchsorted(start) : times.searchsorted(end)] = True
    return skipped & absent


def wall_clock_zone(time: pd.DatetimeIndex, indptr: np.ndarray, filled: np.ndarray | None
                    ) -> str | None:
    """The zone whose spring changes a panel of wall-clock times without offsets skips (series
    ``s``: rows ``indptr[s]:indptr[s + 1]``, their ``filled`` steps), that of the first series
    that shows one, or None: its forecasts leave out the hour its clocks skip, as a zone's
    written with offsets do."""
    for lo, hi in zip(indptr[:-1], indptr[1:], strict=True) if filled is not None else ():
        if found := _wall_zone(time[lo:hi], filled[lo:hi]):
            return found[0]
    return None


def autumn_repeats(stamps: pd.Series) -> list[str]:
    """The zones of ZONES whose autumn clock changes repeat, that night, the hour every
    wall-clock time of ``stamps`` is in ([]: a night no clock changed, a row written twice)."""
    times = pd.DatetimeIndex(stamps.drop_duplicates())
    return [zone for zone, (_, repeats) in _clock_changes(times.min().year,
                                                          times.max().year).items()
            if all(any(a <= t < b for a, b in repeats) for t in times)]


def autumn_zone(zones: list[str], time: pd.DatetimeIndex, filled: np.ndarray | None
                ) -> str | None:
    """Of the ``zones`` whose autumn hour wall-clock ``time`` repeats, the first whose spring
    hours inside its span ``time`` does not hold (UTC rows, one written twice on such a night,
    hold Berlin's; a London file to March holds Jerusalem's, two days before London's); None
    where every one is so contradicted. Where those left skip other spring hours (London's
    autumn hour is Mexico City's in 2022, New York's before 2007), the first of ZONES: without
    a zone, a forecast stamped an hour London's clocks skip, in silence; with it, that hour is
    left out and predict says so."""
    if not zones or len(time) < 2:
        return None
    first, last = time.min(), time.max()  # (a panel's series one after another)
    held = time if filled is None else time[~filled]
    changes = _clock_changes(first.year, last.year + 1)
    for zone in zones:
        inside = [(a, b) for a, b in changes[zone][0] if first < a and b <= last]
        if not any(((held >= a) & (held < b)).any() for a, b in inside):
            return zone
    return None


def _wall_zone(times: pd.DatetimeIndex, absent: np.ndarray) -> tuple[str, list] | None:
    """(the first zone of ZONES whose spring changes within the span of regular sub-daily
    wall-clock ``times``, one at least, are each wholly ``absent``, those changes' skipped
    intervals), or None: a one-hour outage of UTC data on a night Berlin's clocks skip is no
    skip where the data has that hour in another year."""
    if len(times) < 3 or times[1] - times[0] > pd.Timedelta(hours=1) or not absent.any():
        return None
    first, last = times[0], times[-1]
    for zone, (gaps, _) in _clock_changes(first.year, last.year).items():
        inside = [(a, b) for a, b in gaps if first < a and b <= last]
        spans = [(times.searchsorted(a), times.searchsorted(b)) for a, b in inside]
        # each wholly absent, the steps either side there (not a days-long outage over it)
        if inside and all(0 < lo < hi < len(times) and absent[lo:hi].all() and not absent[lo - 1]
                          and not absent[hi] for lo, hi in spans):
            return zone, inside
    return None


@functools.lru_cache(maxsize=64)
def _clock_changes(first_year: int, last_year: int) -> dict[str, tuple[list, list]]:
    """Per zone of ZONES, the wall-clock intervals [start, end) that its spring changes skip
    and its autumn ones repeat, in the years ``first_year`` to ``last_year``."""
    noons = pd.date_range(f"{first_year}-01-01 12:00", f"{last_year + 1}-01-01 12:00",
                          freq="D", tz="UTC")
    changes = {}
    for zone in ZONES:
        offset = noons.tz_convert(zone).tz_localize(None) - noons.tz_localize(None)
        gaps, repeats = [], []
        for i in np.flatnonzero(np.diff(offset.asi8)):
            instants = pd.date_range(noons[i], noons[i + 1], freq="15min")
            shifted = instants.tz_convert(zone).tz_localize(None) - instants.tz_localize(None)
            at = instants[int(np.argmax(shifted == offset[i + 1]))].tz_localize(None)
            before, after = offset[i], offset[i + 1]
            if after > before:
                gaps.append((at + before, at + after))
            else:
                repeats.append((at + after, at + before))
        changes[zone] = (gaps, repeats)
    return changes


def change_days(zone: str, first_year: int, last_year: int) -> tuple[np.ndarray, np.ndarray]:
    """The midnights (ns) of the days ``zone``'s clocks go forward and back, in those years."""
    gaps, repeats = _clock_changes(first_year, last_year)[zone]
    return tuple(np.array([pd.Timestamp(start).normalize().value for start, _ in spans],
                          dtype=np.int64) for spans in (gaps, repeats))


def zoned_writer(zone: str, date_format: str | None = None):
    """How a forecast of data in ``zone`` writes a wall-clock stamp: the real time with its
    offset, '2023-03-26 03:00:00+02:00' ('Z' where the data wrote it so; a 'T' before the
    time where the data's ``date_format`` is ISO_T); of a time the autumn change repeats, the
    first (summer) one, the second where ``fold`` ('2024-11-03 01:00:00-05:00')."""
    sep = "T" if date_format == ISO_T else " "
    if zone == "Z":
        return lambda t, fold=False: pd.Timestamp(t).isoformat(sep=sep) + "Z"
    return lambda t, fold=False: _localized([t], zone, np.array([not fold]))[0].isoformat(sep=sep)


def in_zone(fc, zone: str | None, wall: str | None = None, step: pd.Timedelta | None = None):
    """The forecast ``fc`` (``forecast.Forecast``: each series' steps one block after another)
    to be stamped in ``zone``: its steps on a time the clocks skip left out, and said; of
    wall-clock times without offsets whose spring change skipped the hour of ``wall``
    (``wall_clock_zone``), those steps left out too, no offsets written. Of a zone of changing
    offsets whose steps are ``step`` apart (sub-daily, not a session's), the rows are the
    instants one step apart after each series' origin (``autumn_instants``): the hour an
    autumn change repeats is forecast twice, once with each offset, by the step of its
    wall-clock time (the loader averaged the data's two); as many rows as steps, where the
    step divides the change (not 3 hours, nor an hour in Lord Howe's half-hour change)."""
    if (clock := zone or wall) is None:
        return fc
    exists = real_stamps(fc.times, clock)[1]
    if not exists.all():
        fc.warnings.append(f"the clocks of {clock} skip {format_stamp(fc.times[~exists][0])}: "
                           f"the forecast's step{'s' if (~exists).sum() > 1 else ''} there left "
                           "out")
    rows, fold = np.flatnonzero(exists), None
    series = len(dict.fromkeys(fc.ids)) if fc.ids else 1
    if step is not None and zone is not None and "/" in zone and len(fc.times):
        steps = len(fc.times) // series  # (each series forecasts as many)
        found = [autumn_instants(fc.times[i : i + steps], zone, step)
                 for i in range(0, len(fc.times), steps)]
        instants = np.concatenate([i * steps + at for i, (at, _, _) in enumerate(found)])
        if len(instants) >= len(rows):  # (a step the shift is no multiple of: 3 hours, or any
            # step in Lord Howe's half hour, meets few wall-clock steps: the walls as they are)
            rows, fold = instants, np.concatenate([second for _, second, _ in found])
        if fold is not None and (lost := [t for _, _, left in found for t in left]):
            fc.warnings.append(
                f"the data ends in the hour the clocks of {zone} repeat, its last row read as the "
                f"first (summer) one: the forecast leaves out {lost[0].isoformat()}"
                + (f" and {len(lost) - 1} more step(s)" if len(lost) > 1 else "")
                + ", at wall-clock times the data holds (past, if its last row is the second)")
    return replace(fc, times=fc.times[rows], values=fc.values[rows], zone=zone,
                   fold=fold if fold is not None and fold.any() else None,
                   ids=list(np.asarray(fc.ids, dtype=object)[rows]) if fc.ids else fc.ids,
                   lower=None if fc.lower is None else fc.lower[:, rows],
                   upper=None if fc.upper is None else fc.upper[:, rows])


def sub_daily_step(freq: str) -> pd.Timedelta | None:
    """The fixed step of sub-daily data of ``freq`` ('15min': 15 minutes); None for days and
    longer, and a trading session's bars (they pause overnight)."""
    if session_of(freq) is not None or freq == "ns":
        return None
    offset = offset_of(freq)
    return pd.Timedelta(offset) if isinstance(offset, Tick) and \
        pd.Timedelta(offset) < pd.Timedelta(days=1) else None


def autumn_instants(walls: pd.DatetimeIndex, zone: str, step: pd.Timedelta
                    ) -> tuple[np.ndarray, np.ndarray, list[pd.Timestamp]]:
    """(which of the wall-clock steps ``walls`` of ``zone``, ``step`` apart after the origin
    before the first, forecast each of the first len(walls) real instants after the origin
    that have one; whether each is the second of a time the autumn change repeats; the
    instants left out as their wall-clock time is the origin's or before it): New York's
    steps from 23:00 on 2 November 2024 stamp 00:00-04:00, 01:00-04:00, 01:00-05:00,
    02:00-05:00, not 02:00-05:00 straight after 01:00-04:00; a step on a time the spring
    change skips has no instant; an origin in the repeated hour is its first (summer) one."""
    origin = real_stamps(pd.DatetimeIndex([walls[0] - step]), zone)[0][0]
    summer = real_stamps(walls, zone)[0]
    winter = pd.DatetimeIndex(walls).tz_localize(zone, ambiguous=np.zeros(len(walls), bool),
                                                 nonexistent="NaT")
    if origin is pd.NaT or summer.isna().all():
        exists = np.flatnonzero(~np.asarray(summer.isna()))
        return exists, np.zeros(len(exists), dtype=bool), []
    end = max(summer.max(), winter.max()).tz_convert("UTC")
    instants = pd.date_range(origin.tz_convert("UTC") + step, end, freq=step)
    local = instants.tz_convert(zone).tz_localize(None)
    at = pd.DatetimeIndex(walls).get_indexer(local)
    taken = np.flatnonzero(at >= 0)[: len(walls)]
    left = np.flatnonzero((at < 0) & (local <= walls[0] - step))
    second = np.asarray(real_stamps(local, zone)[0] != instants)
    return at[taken], second[taken], list(instants[left[left < taken.max(initial=-1)]]
                                          .tz_convert(zone))


def data_writer(zone: str | None, date_format: str | None, times):
    """How an output writes the data's wall-clock ``times``: in ``zone`` with offsets
    (``zoned_writer``), else as ``calendar.stamp_writer`` does; the same in a CSV's rows and a
    JSON's figures, which a program joins."""
    return zoned_writer(zone, date_format) if zone else stamp_writer(times, date_format)


def clock_change(times: pd.Series, repeated: pd.Series) -> bool:
    """Whether the ``repeated`` times of a series' ``times`` are what a clock change makes
    in sub-daily data kept in local time (an hour that happens twice each autumn): each one
    twice, around midnight or in the small hours (22:00 to 03:59) of a month clocks change in
    (February to April, September to November, north and south), within one hour, on at most
    one day a year (and one more)."""
    unique = pd.DatetimeIndex(times.drop_duplicates().sort_values())
    if len(unique) < 3 or (unique[1:] - unique[:-1]).median() >= pd.Timedelta(days=1):
        return False
    stamps = pd.Series(repeated.drop_duplicates().to_numpy())
    if repeated.value_counts().max() > 2 or not (
            ((stamps.dt.hour < 4) | (stamps.dt.hour >= 22))
            & stamps.dt.month.isin([2, 3, 4, 9, 10, 11])).all():
        return False
    day_spans = stamps.groupby(stamps.dt.normalize()).agg(lambda t: t.max() - t.min())
    years = (unique[-1] - unique[0]) / pd.Timedelta(days=365.25)
    return bool((day_spans < pd.Timedelta(hours=1)).all() and len(day_spans) <= years + 1)
