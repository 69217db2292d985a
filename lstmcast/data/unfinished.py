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


DECIMALS_READ = 200  # rows whose decimals must all be alike for fewer to be said


def cut_short(frame: pd.DataFrame, columns: list[str], id_col: str | None, notes) -> bool:
    """Whether the last row, on a line without its line end in a file that changed within the
    last minute (``read.settled``), looks cut short by a program still writing it, warned of
    to ``notes``: a cut loses the line's end, so only where what it lost could change what
    the row says (``_cut_cell``): a date '2022-12-1' under '2022-12-01', a close '34' or '3411'
    under '3411.23', one that ends at a separator ('15.', '1.146,'); or, written last, an id
    that no row above has and that begins an id of the rows above ('VI' where 'VIX' belongs:
    Kaggle's layout writes the id last). A number short only of decimals ('1146.5' under
    '1148.43', as a writer dropping a trailing zero writes 1146.50) is read as written: a cut
    took at most its last digits, under one unit of the last place it writes (a note)."""
    last, before = frame.iloc[-1], frame.iloc[:-1]
    cut, fewer = False, []
    if id_col is not None:
        mine = before[id_col].to_numpy() == last[id_col]
        if not mine.any() and frame.columns[-1] == id_col:  # (a cut falls in the last field)
            cell, ids = last[id_col].strip(), pd.Series(before[id_col].unique()).str.strip()
            cut = bool(cell) and bool((ids.str.startswith(cell) & (ids != cell)).any())
        before = before[mine]
    peers = before.iloc[-20:]
    for col in columns if len(peers) >= 3 and not cut else ():
        cell, cells = last[col].strip(), peers[col].str.strip()
        cells = cells[cells != ""]
        if not cell or cells.empty:
            continue
        many = before[col].iloc[-DECIMALS_READ:].str.strip()
        many = many[many != ""]
        if _cut_cell(cell, cells, many):
            cut = True
            break
        if _fewer_decimals(cell, many):
            fewer.append(f"column {col!r}: {cell!r} under {cells.iloc[-1]!r}")
    if cut:
        _warn(notes, f"the last line, without a line end, looks cut short "
                     f"({','.join(last.str.strip())!r}): dropped; {STILL_WRITING}")
    elif fewer:
        notes.append(f"the last line, without a line end, writes fewer decimals than the rows "
                     f"above ({'; '.join(fewer)}): read as written, a cut could only have "
                     "taken its last decimals")
    return cut


_NUMBER = re.compile(r"[+-]?\d+(?:\.(\d+))?")
# a number as a cell writes it, maybe grouped, maybe with decimals: '1146.50', '1.146,5'
_NUMBER_CELL = re.compile(r"[+-]?\d[\d.,'’ ]*")


def _decimal_mark(cells: pd.Series) -> str | None:
    """The mark the column's numbers write decimals with, '.' or ',', where some cell ends in
    it and 1, 2 or 4 or more digits ('1146.50', '3,5') and none in the other; None where no
    cell tells (whole numbers, or three digits after it: '12.063' may group thousands)."""
    dot, comma = (cells.str.contains(rf"\d{re.escape(m)}(?:\d{{1,2}}|\d{{4,}})$").any()
                  for m in ".,")
    return "." if dot and not comma else "," if comma and not dot else None


def _cut_cell(cell: str, cells: pd.Series, many: pd.Series) -> bool:
    """Whether ``cell``, the last line's, may have lost what changes it, against the cells of
    its column in the last 20 rows of its series (``cells``) and more of them (``many``)."""
    if not _NUMBER_CELL.fullmatch(cell):  # a date, a time, a name: shorter than all is cut
        return len(cell) < cells.str.len().min()
    if not cell[-1].isdigit():  # '15.', '1.146,': cut after a separator
        return not (~cells.str[-1].str.isdigit()).any()
    if (mark := _decimal_mark(many)) is None:  # whole numbers, or '12.063': as ever
        number = _NUMBER.fullmatch(cell)
        if len(cell) < cells.str.len().min() - (number is not None):
            return True  # a number may lose one digit, 999 after 1000
        decimals = many.str.extract(f"^{_NUMBER.pattern}$")[0].str.len()
        return bool(number) and decimals.notna().all() and decimals.nunique() == 1 and len(
            number[1] or "") < decimals.iloc[0]
    if mark not in cell:  # its integer part may be unfinished: '114' of '1146.50'
        if many.str.contains(mark, regex=False).all():
            return True
        digits = cells.str.split(mark, regex=False).str[0].str.count(r"\d")
        return len(re.sub(r"\D", "", cell)) < digits.min() - 1
    return False  # its integer part is whole; its decimals, ``_fewer_decimals``


def _fewer_decimals(cell: str, many: pd.Series) -> bool:
    """Whether ``cell``, a number with the decimal mark of its column's cells ``many``, writes
    fewer decimals than all of them, alike, write: it reads the same but for its last place,
    all a cut could have taken from it."""
    mark = _decimal_mark(many)
    if mark is None or mark not in cell or not _NUMBER_CELL.fullmatch(cell) or not cell[
            -1].isdigit():
        return False
    decimals = many.str.rsplit(mark, n=1).str[1].str.len()
    return bool(decimals.notna().all() and decimals.nunique() == 1 and len(
        cell.rsplit(mark, 1)[1]) < decimals.iloc[0])


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
