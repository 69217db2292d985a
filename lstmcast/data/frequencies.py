"""The one frequency of a panel's series (``common_frequency``)."""

from __future__ import annotations

import pandas as pd

from ..calendar import MIXED_WEEKS, regular_grid
from ..errors import InputError
from .columns import show_list


def common_frequency(name: str, freqs: dict[str, str], times: dict[str, pd.DatetimeIndex],
                     model: str | None = None) -> tuple[str, list[str]]:
    """(The one frequency every series follows, the series that do not: only where the data
    is read for a ``model`` of that frequency, whose series follow it); an error naming a
    series that differs. A short series read as another frequency whose rows lie on the
    common one's grid (three weekdays: daily, or business days) follows the common one. Days
    of shops closed on different weekdays (or open every day) are days: ``on_days`` puts them
    on that calendar; weeks that end on different weekdays are weeks, MIXED_WEEKS (each series
    forecast at its own). A cron job's file that gained a coin's days beside a model's stocks
    is forecast for the stocks, not refused."""
    counts = pd.Series(list(freqs.values())).value_counts()
    common = model if model in counts.index else str(counts.index[0])
    if len(counts) > 1 and all(f == "D" or f.startswith("WD-") for f in counts.index):
        return "D", []
    if len(counts) > 1 and all(f.startswith("W-") or f == MIXED_WEEKS for f in counts.index):
        return MIXED_WEEKS, []  # weeks ending on different weekdays: each steps from its own

    def fits(sid: str) -> bool:
        t = times[sid]
        try:
            grid = regular_grid(t[0], t[-1], common)
        except ValueError:
            return False
        return len(grid) == len(t) and bool((grid == t).all())

    off = [sid for sid, f in freqs.items() if f != common and not fits(sid)]
    if off and common == model:
        return common, off
    if off:
        groups = pd.Series(list(freqs)).groupby(pd.Series(list(freqs.values()))).agg(list)
        raise InputError(f"{name}: series follow different frequencies: " + "; ".join(
            f"{f} for {len(ids)} ({show_list(ids, 4)})" for f, ids in sorted(
                groups.items(), key=lambda g: -len(g[1]))) + "; one file holds series of one "
                         "frequency",
                         fallback="train a model for each frequency (of some series: --id "
                         "A,B; a wide file's column alone: --target NAME), resample the series "
                         "to a common step or split the file")
    return common, []
