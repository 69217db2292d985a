"""How times of day and sub-daily steps are written: a session's '09:30', a step's 'every 5
minutes'; and a frequency's kind, whatever its multiple and anchor."""

from __future__ import annotations

import re

import pandas as pd
from pandas.tseries.frequencies import to_offset
from pandas.tseries.offsets import Tick

DAY_NS = 86_400 * 10**9
HOUR_NS = 3600 * 10**9


def freq_root(freq: str) -> str:
    """'W-SUN' -> 'W', '15min' -> 'min', '5min@09:30-15:55/B' -> 'min', 'MS+14D' -> 'MS',
    '2BME' -> 'BME'."""
    return re.split(r"[-@+]", freq)[0].lstrip("0123456789")


def sub_daily(freq: str) -> bool:
    """Whether ``freq`` steps by less than a day ('h', '15min', a session's bars
    '30min@09:30-16:00/B'; not 'D', 'B', 'MS', nor the aliases pandas has none of:
    'MS+14D', 'WD-SUN')."""
    try:
        step = to_offset(freq.split("@")[0])
    except ValueError:
        return False
    return isinstance(step, Tick) and step.nanos < DAY_NS


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


def clock_of(text: str) -> pd.Timedelta:
    """A time of day written 'HH:MM' or 'HH:MM:SS', as ``clock`` writes it."""
    return pd.Timedelta(text if text.count(":") == 2 else f"{text}:00")


def clock(t: pd.Timedelta) -> str:
    seconds = int(t.total_seconds())
    hours, minutes, secs = seconds // 3600, seconds // 60 % 60, seconds % 60
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
