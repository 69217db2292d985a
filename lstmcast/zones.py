"""The time zone of data written with UTC offsets that change (a clock that keeps summer time),
so that forecasts are stamped with real times of that zone.

The loader keeps a zone's local wall-clock times (a day's load follows them), its hour that a
spring clock change skips filled and the autumn one's repeat averaged. Its forecasts run on that
grid too: without the zone they would be stamped with an hour the clocks skip (02:00 on the last
Sunday of March in Berlin), or one 02:00 for two real hours in October. With it, a step on a
local time that does not exist is left out, a repeated one is the first (summer) hour, and each
stamp is written with its offset, as the data was ('2023-03-26 03:00:00+02:00').

The zone is the first of ZONES whose offsets are the data's at every row. Data whose offset never
changes has no clock change to mind: its zone is that offset ('+05:30', or UTC for 'Z'), so that
forecasts are written with it too (an API's '2024-05-01T00:00:00Z', a logger's '+05:30').
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

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
_OFFSET = re.compile(_AFTER_TIME + r"(?:(Z|UTC|GMT)|(?:GMT|UTC)?([+-])(\d{2}):?(\d{2}))$")
_ANY_OFFSET = re.compile(_AFTER_TIME + r"(?:Z|UTC|GMT|(?:GMT|UTC)?[+-]\d{2}:?\d{2})$")
SAMPLED = 5000  # rows checked against a zone: every change of offset, and evenly between


def zone_of(cells: pd.Series, local: pd.DatetimeIndex) -> str | None:
    """The zone of a time column whose text ``cells`` end in UTC offsets, read as the wall-clock
    times ``local``: the offset itself where it never changes ('+05:30', 'UTC'); None when no
    cell has an offset or no zone of ZONES matches every row."""
    if not cells.iloc[:100].astype(str).str.strip().str.contains(_ANY_OFFSET).any():
        return None  # most files: no offsets, and no scan of their rows
    parts = cells.astype(str).str.strip().str.extract(_OFFSET)
    if parts.isna().all(axis=None) or parts[[0, 1]].isna().all(axis=1).any():
        return None
    sign = np.where(parts[1].to_numpy() == "-", -1, 1)
    minutes = np.where(parts[0].notna().to_numpy(), 0,
                       sign * (pd.to_numeric(parts[2]).fillna(0).to_numpy() * 60
                               + pd.to_numeric(parts[3]).fillna(0).to_numpy()))
    if len(np.unique(minutes)) < 2:
        return fixed_offset(int(minutes[0]))
    change = np.flatnonzero(np.diff(minutes) != 0)
    rows = np.unique(np.concatenate([change, change + 1,
                                     np.linspace(0, len(minutes) - 1, SAMPLED).astype(int)]))
    wall = pd.DatetimeIndex(local[rows])
    utc = (wall - pd.to_timedelta(minutes[rows], unit="min")).tz_localize("UTC")
    for zone in ZONES:  # the zone shows each real time at the wall-clock time written
        if (utc.tz_convert(zone).tz_localize(None) == wall).all():
            return zone
    return None


def fixed_offset(minutes: int) -> str:
    """The zone of a UTC offset that never changes, as pandas reads it: 'UTC', '-03:30'."""
    if minutes == 0:
        return "UTC"
    sign, (hours, rest) = "+" if minutes > 0 else "-", divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def real_stamps(local: pd.DatetimeIndex, zone: str) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """(the wall-clock times ``local`` of ``zone`` as real times, with their offsets; whether
    each exists): a time the clocks skip is NaT and False, a repeated one the first (summer)
    hour."""
    real = pd.DatetimeIndex(local).tz_localize(zone, ambiguous=np.ones(len(local), dtype=bool),
                                               nonexistent="NaT")
    return real, ~np.asarray(real.isna())


def zoned_writer(zone: str):
    """How a forecast of data in ``zone`` writes a wall-clock stamp: the real time with its
    offset, '2023-03-26 03:00:00+02:00' ('Z' for UTC)."""
    if zone == "UTC":
        return lambda t: pd.Timestamp(t).isoformat(sep=" ") + "Z"
    return lambda t: real_stamps(pd.DatetimeIndex([t]), zone)[0][0].isoformat(sep=" ")
