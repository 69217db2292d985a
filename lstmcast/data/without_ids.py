"""Rows of several series in a file read as one, no id column named: a time given twice with
text columns that vary (a store and an item), or series interleaved, each on its own steps.
Refused, naming the columns that would name the series (--duplicates or --every would merge
them into one)."""

from __future__ import annotations

import shlex
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..calendar import Irregular, frequency_of
from ..errors import SeveralSeries
from ..weekdays import DAY_NAMES
from ..zones import clock_change
from .columns import named_like_time, show_list
from .ids import named_like_id
from .numbers import looks_numeric, stripped


def refuse_unnamed_series(name, frame, others, times, target, id_col,
                          target_col: str | None = None) -> None:
    """A time (of one series) with several values and text columns that vary: the rows are
    likely several series named by those columns too (a store and an item), which
    --duplicates would merge."""
    key = pd.factorize(frame[id_col])[0] if id_col is not None else np.zeros(len(frame), int)
    keys = pd.DataFrame({"id": key, "time": times.asi8})
    if not keys.duplicated().any():  # the common case, in integers: a million rows in ms
        return
    # an empty row beside a day's values is no second value (Yahoo's 'null' row): dropped later
    values = keys.assign(value=target)[pd.notna(target)].drop_duplicates()
    repeated = values[["id", "time"]].duplicated(keep=False)
    if not repeated.any():
        return
    stamps = pd.Series(pd.DatetimeIndex(times))
    twice = values[repeated.to_numpy()]  # an hour a clock change repeats, in each series: the
    if twice.groupby(["id", "time"]).size().max() <= 2 and clock_change(  # cleaning averages it
            stamps, stamps[twice.index].drop_duplicates()):
        return
    def names_series(col) -> bool:  # a few values, each once a time (not a row's own id)
        if not 1 < frame[col].nunique() <= len(frame) / 2 or named_like_time(col):
            return False  # (a 'Time' of times no reading joined names no series)
        if not looks_numeric(frame[col]) or named_like_id(col):
            return True
        cells = stripped(frame[col])  # whole numbers, each once a time: 'permno', a store
        return bool(cells.str.fullmatch(r"\d+").all()) and not pd.DataFrame(
            {"key": cells.to_numpy(), "time": times.asi8}).duplicated().any()

    if texts := sorted(filter(names_series, [c for c in others if c != target_col]),
                       key=lambda c: not named_like_id(c)):  # (the values name no series)
        ids = [id_col] if id_col is not None else []
        texts = _with_what_parts_them(frame, [*ids, *texts[:2]], [
            c for c in others if c != target_col], times)[len(ids):]  # not the values
        raise SeveralSeries(
            f"{name}: timestamps appear more than once with different values"
            + (f" within a series of {id_col!r}" if ids else "")
            + f", and {show_list(texts)} may name several series",
            advice=[(("--id-col", "--duplicates"),
                     f"pass --id-col {shlex.quote(','.join([*ids, *texts]))} to forecast each "
                     "series, or --duplicates last, mean or sum if the rows are one series")],
            fallback="name the series' id column, or keep one row per timestamp", columns=texts)


# a column of the days' names beside a series of Mondays and Thursdays parts no series
_DAY_NAMES = frozenset(n for d in DAY_NAMES for n in (d.casefold(), d[:3].casefold(),
                                                      d[:2].casefold()))


def refuse_interleaved(name, frame, others, times, target_col, error: Exception) -> None:
    """Series interleaved, each on its own steps, no time given twice: weekly rows of a
    region on Mondays, another's on Wednesdays. Read as one series their times are too
    irregular to name a frequency (``error``), and the advice was to resample them (--every)
    into one (a user round): refused naming the text column whose values part them into
    regular series."""
    if not isinstance(error.__cause__, Irregular):
        return
    def parts(col) -> bool:  # text of a few values, each on 3 rows or more, no day's names
        return (not named_like_time(col) and col != target_col and not looks_numeric(frame[col])
                and 1 < frame[col].nunique() <= len(frame) / 3 and not set(
                    stripped(frame[col]).str.casefold().str.rstrip(".")) <= _DAY_NAMES)

    candidates = [c for c in others if parts(c)]
    if not candidates or len(times) < 6:
        return
    def regular(stamps) -> bool:
        try:
            frequency_of(pd.DatetimeIndex(stamps).sort_values())
        except Irregular:
            return False
        return True

    for col in candidates:
        groups = pd.Series(times).groupby(stripped(frame[col]).to_numpy()).agg(list)
        if all(regular(g) for g in groups):
            raise SeveralSeries(
                f"{name}: the times are too irregular for one series, but regular within each "
                f"of column {col!r}'s {len(groups)} values ({show_list(list(groups.index), 3)}"
                "): the rows look like several series, each on its own steps",
                advice=[(("--id-col",), f"pass --id-col {shlex.quote(col)} to forecast each")],
                fallback="name the series' id column", columns=[col],
                why="its times are regular only within each value of a column")


def _with_what_parts_them(frame: pd.DataFrame, keys: list[str], others: Sequence[str],
                          times: pd.DatetimeIndex) -> list[str]:
    """``keys``, and where their values with the times still repeat, the columns of a few
    values each that part the rows (SDMX's numbered MEASURE beside REGION: the index and its
    change), up to three in all: the --id-col to advise."""
    def repeats(cols: list[str]) -> bool:
        return bool(pd.DataFrame({**{c: stripped(frame[c]).to_numpy() for c in cols},
                                  "__time__": times.asi8}).duplicated().any())

    for col in others:
        if len(keys) >= 3 or not repeats(keys):
            break
        if col not in keys and 1 < frame[col].nunique() <= len(frame) / 2 and \
                repeats([col]) and not repeats([*keys, col]):
            keys = [*keys, col]
    return keys
