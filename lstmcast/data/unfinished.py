"""A last line another program is still writing (a cron job may read a file being appended
to): cut inside a quoted cell, short of its fields, or short of its number's digits; and
trailing rows without a value, dropped."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..calendar import format_stamp
from .clean import _warn


def unfinished_last_line(frame: pd.DataFrame) -> bool:
    """Whether the last row, on a line without its line end, stops before fields that every
    one of the 20 rows above fills ('2022-12-1' where a date, a ticker and a close belong):
    a line another program is still writing."""
    if len(frame) < 4:
        return False
    filled = (frame.iloc[-21:].apply(lambda col: col.str.strip()) != "").to_numpy()
    last, above = filled[-1], filled[:-1].all(axis=0)
    tail = np.flatnonzero(last)
    after = np.arange(len(last)) > (tail[-1] if len(tail) else -1)
    return bool(after.any() and above[after].all())


STILL_WRITING = "is another program still writing the file?"
_NUMBER = re.compile(r"[+-]?\d+(?:\.(\d+))?")
_BARE_POINT = re.compile(r"[+-]?\d+\.")


def without_cut_quote(text: str, notes) -> str:
    """``text`` without its last line when that line, without a line end, stops inside a
    quoted cell ('"1983-09-2'): a program still writing the file cut it, and the parser
    would read the rest of the file as that cell."""
    if text.endswith("\n") or not text.count('"') % 2:  # a cell's "" counts two
        return text
    last = text.rsplit("\n", 1)[-1]
    getattr(notes, "warn", notes.append)(
        f"the last line, without a line end, stops inside a quoted cell ({last!r}): dropped; "
        f"{STILL_WRITING}")
    return text[: len(text) - len(last)]


DECIMALS_READ = 200  # rows whose decimals must all be alike for fewer to look cut short


def cut_short(frame: pd.DataFrame, columns: list[str], id_col: str | None) -> bool:
    """Whether the last row, on a line without its line end in a file that changed within the
    last minute (``read.settled``), looks cut short by a program still writing it: a cell
    shorter than every one of its column in the series' last 20 rows (a date '2022-12-1'
    under '2022-12-01', a close '34' under '3411.23': a number may lose one digit, 999.99
    after 1000.01), a number with fewer decimals than its column's
    last DECIMALS_READ all write alike ('3411.2' under '3411.23') or one that ends at its
    point ('15.'); or, written last, an id that no row above has and that begins an id of the
    rows above ('VI' where 'VIX' belongs: Kaggle's layout writes the id last)."""
    last, before = frame.iloc[-1], frame.iloc[:-1]
    if id_col is not None:
        mine = before[id_col].to_numpy() == last[id_col]
        if not mine.any() and frame.columns[-1] == id_col:  # (a cut falls in the last field)
            cell, ids = last[id_col].strip(), pd.Series(before[id_col].unique()).str.strip()
            return bool(cell) and bool((ids.str.startswith(cell) & (ids != cell)).any())
        before = before[mine]
    peers = before.iloc[-20:]
    for col in columns if len(peers) >= 3 else ():
        cell, cells = last[col].strip(), peers[col].str.strip()
        cells = cells[cells != ""]
        if not cell or cells.empty:
            continue
        if _BARE_POINT.fullmatch(cell) and not cells.str.endswith(".").any():
            return True  # '15.' where the rest write '15.4': cut after its point
        number = _NUMBER.fullmatch(cell)
        if len(cell) < cells.str.len().min() - (number is not None):
            return True
        # the decimals of more rows: a file that drops a trailing zero ('114.5' for 114.50, as
        # JavaScript and a spreadsheet's General format write it) shows it in some of them
        many = before[col].iloc[-DECIMALS_READ:].str.strip()
        decimals = many[many != ""].str.extract(f"^{_NUMBER.pattern}$")[0].str.len()
        if number and decimals.notna().all() and decimals.nunique() == 1 and len(
                number[1] or "") < decimals.iloc[0]:
            return True
    return False


ENDED_ROWS = 3  # empty rows at the end of a panel's series: it ended (delisted), not unfinished


def drop_incomplete_tail(data: pd.DataFrame, notes: list[str],
                         of_panel: bool = False) -> pd.DataFrame:
    """Trailing rows without a target value are dropped: a row still being written (a file
    refreshed by another job) is never filled in and never becomes a forecast origin. Of a
    series ``of_panel``, ENDED_ROWS of them or more are a series that ended (a stock delisted
    in a stacked export, empty to the file's end), noted, not warned of as unfinished."""
    target = data.columns[0]
    last = data[target].last_valid_index()
    if last is None:
        return data
    if tail := int((data.index > last).sum()):
        if of_panel and tail >= ENDED_ROWS:
            notes.append(f"no value after {format_stamp(last)}: dropped its {tail} empty row(s)")
        else:
            _warn(notes, f"dropped {tail} trailing row(s) without a value in {target!r} (from "
                         f"{format_stamp(data.index[data.index > last][0])}; incomplete?)")
        data = data.loc[:last]
    return data
