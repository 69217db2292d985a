"""Tables whose header names the times: World Bank, OECD, Zillow and Johns Hopkins exports write
one row per series and one column per year, month or day ('Country Name', ..., '1960', '1961',
...). Turned into the long layout (an id, a time and a value column) that loading reads."""

from __future__ import annotations

import re

import pandas as pd

from ..errors import InputError
from .columns import looks_numeric, show_list, stripped
from .dates import parse_time_column

VALUE_COL = "value"
_MIN_TIMES = 6  # header cells that read as times, in a row, before a table is read across
_TIME_LABEL = re.compile(r"\d[\dA-Za-z/.:\- ]*")  # '1960', '2020-01', '2020Q1', '1/22/20'


def times_across(name: str, frame: pd.DataFrame,
                 notes: list[str]) -> tuple[pd.DataFrame, list[str]] | None:
    """(the long frame, its id columns) of a table whose header writes the times, or None for
    any other table.

    The times are the longest run of header cells that read as times, in order (either way),
    at least six and at least half the columns, when no other column holds dates (a wide file
    of stores numbered 1001..1010 beside a 'Date' is not years). The other columns varying
    from row to row name the series: the first with a value per row ('Country Name'), else all
    of them together ('Country/Region' and 'Province/State'); the rest, constant ones
    ('Indicator Name') and numbers ('Lat', 'Long') are left out. Rows keep their index:
    errors name the row's line."""
    labels = [str(c).strip() for c in frame.columns]
    start, length = _longest_run([bool(_TIME_LABEL.fullmatch(label)) for label in labels])
    if length < max(_MIN_TIMES, len(labels) / 2):
        return None
    run, written = list(frame.columns[start:start + length]), labels[start:start + length]
    time_col = "Year" if all(re.fullmatch(r"\d{4}", label) for label in written) else "Date"
    try:
        times, _, _ = parse_time_column(name, time_col, pd.Series(written), None)
    except InputError:
        return None
    if not (times.is_monotonic_increasing or times.is_monotonic_decreasing) or not times.is_unique:
        return None
    others = [c for c in frame.columns if c not in run]
    if {time_col, VALUE_COL} & set(others) or any(_holds_dates(name, frame[c]) for c in others):
        return None
    ids, left_out = [], []
    for col in others:
        values = stripped(frame[col])
        if (values == "").all():
            continue
        if values.nunique() > 1 and not looks_numeric(frame[col]):
            ids.append(col)
        else:
            left_out.append(col)
    unique = [c for c in ids if not (stripped(frame[c]).duplicated().any()
                                     or (stripped(frame[c]) == "").any())]
    if unique:  # 'RegionName' names the series; 'RegionType', 'StateName' describe them
        left_out += [c for c in ids if c != unique[0]]
        ids = unique[:1]
    long = frame.melt(id_vars=ids, value_vars=run, var_name=time_col, value_name=VALUE_COL,
                      ignore_index=False)
    long[time_col] = long[time_col].astype(str).str.strip()
    notes.append(f"times run across the header ({labels[start]!r} to "
                 f"{labels[start + length - 1]!r}, {length} columns): a series per row"
                 + (f"; left out {show_list(left_out, 4)}" if left_out else ""))
    return long, ids


def _longest_run(flags: list[bool]) -> tuple[int, int]:
    """(start, length) of the longest run of True."""
    best, start = (0, 0), None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            best = max(best, (start, i - start), key=lambda run: run[1])
            start = None
    return best


def _holds_dates(name: str, col: pd.Series) -> bool:
    head = stripped(col).iloc[:20]
    head = head[head != ""]
    if head.empty or looks_numeric(head):
        return False
    try:
        parse_time_column(name, "x", head, None, named_like_date=False)
    except InputError:
        return False
    return True
