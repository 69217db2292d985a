"""The week's days by name, and which of them a calendar of days never opens on: the days of a
shop closed on Sundays are days, not closed days to fill (``calendar``, ``sessions``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def closed_weekdays(days: pd.DatetimeIndex) -> str | None:
    """'WD-' and the one or two weekdays none of ``days`` (sorted) falls on over four weeks or
    more, the other weekdays alike in count: a shop closed on Sundays (or Sundays and Mondays;
    a market of Sundays to Thursdays), not 3 stray Saturdays. None otherwise."""
    counts = np.bincount(days.day_of_week, minlength=7)
    closed = np.flatnonzero(counts == 0)
    if (len(closed) in (1, 2) and days[-1] >= days[0] + pd.Timedelta(days=28)
            and 2 * counts[counts > 0].min() >= counts.max()):
        return "-".join(["WD", *(WEEKDAYS[int(d)] for d in closed)])
    return None


def closed_names(freq: str) -> str:
    """'WD-SAT-SUN' -> 'Saturdays and Sundays'."""
    return " and ".join(f"{DAY_NAMES[WEEKDAYS.index(d)]}s" for d in freq.split("-")[1:])
