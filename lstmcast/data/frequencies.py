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

    def fits(sid: str, common: str) -> bool:
        t = times[sid]
        try:
            grid = regular_grid(t[0], t[-1], common)
        except ValueError:
            return False
        return len(grid) == len(t) and bool((grid == t).all())

    def off_of(common: str) -> list[str]:  # days of shops closed on a weekday are days
        return [sid for sid, f in freqs.items() if not (
            f == common or (common == "D" and f.startswith("WD-")) or (
                common == MIXED_WEEKS and f.startswith("W-")) or fits(sid, common))]

    if model is not None and len(off := off_of(model)) < len(freqs):
        return model, off
    counts = pd.Series(list(freqs.values())).value_counts()  # (a model's frequency needs none)
    if len(counts) > 1 and all(f == "D" or f.startswith("WD-") for f in counts.index):
        return "D", []
    if len(counts) > 1 and all(f.startswith("W-") or f == MIXED_WEEKS for f in counts.index):
        return MIXED_WEEKS, []  # weeks ending on different weekdays: each steps from its own
    # The most common frequency that every series follows; ties by name, not row order (a
    # winter's FX pair beside a year's: hours of one week, in UTC or on New York's clock).
    ranked = sorted(counts.index, key=lambda f: (-counts[f], str(f)))
    common = next((str(f) for f in ranked if not off_of(str(f))), None)
    if common is None:
        groups = pd.Series(list(freqs)).groupby(pd.Series(list(freqs.values()))).agg(list)
        raise InputError(f"{name}: series follow different frequencies: " + "; ".join(
            f"{f} for {len(ids)} ({show_list(ids, 4)})" for f, ids in sorted(
                groups.items(), key=lambda g: -len(g[1]))) + "; one file holds series of one "
                         "frequency",
                         fallback="train a model for each frequency (of some series: --id "
                         "A,B; a wide file's column alone: --target NAME), resample the series "
                         "to a common step or split the file")
    return common, []
