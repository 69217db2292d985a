"""Rows that total others, not data: a last row of the columns' sums without a label (Google
Analytics' ',"511,890"' after its days), and rows without a date that name a subtotal (an
ERP export's ',Subtotal January 2023,"34,049.74"' after each month), dropped with a warning:
the time column would refuse their empty cell."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .numbers import decimal_mark, number_text

# a total's word in a row's text ('Subtotal January 2023', 'Summe Januar', 'Total')
_TOTAL_WORD = re.compile(r"(?i)\b(?:sub-?totals?|totals?|zwischensumme|summe|gesamt|insgesamt|"
                         r"sous-total|subtotale|totale)\b")
UNDATED_TOTALS = 0.2  # share of the rows, at most, that are a dated column's empty subtotals
# a date written with its separators or its month's name ('01/31/2023', '02-Jan-2023', 'Jan 2,
# 2023'), not a number (a close of 1850)
_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}[-/ .][A-Za-z]{3,9}[-/ .,]*\d{2,4}|"
                   r"[A-Za-z]{3,9}[-/ .]\d{1,2},?[-/ .]\d{2,4}")


def without_unlabelled_total(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """``frame`` without a last row that leaves a cell empty (the time) and writes the sums of
    the rows above (Google Analytics' ',"511,890"' after its days), with a warning: the time
    column was refused for its empty cell."""
    if len(frame) > 2 and _sums_the_rows_above(frame):
        getattr(notes, "warn", notes.append)(
            f"dropped the last row (line {frame.index[-1] + 2}): a cell empty and its numbers "
            "the sums of the rows above, a total without a label")
        return frame.iloc[:-1]
    return frame


def _sums_the_rows_above(frame: pd.DataFrame) -> bool:
    """Whether the last row leaves a cell empty and every number it writes is its column's sum
    over the rows above (to a rounding's 0.1 %), beside text every row writes alike."""
    last = frame.iloc[-1].str.strip()
    if not (last == "").any():
        return False
    sums = 0
    for col in frame.columns[(last != "").to_numpy()]:
        cells = frame[col].str.strip()
        if (cells == last[col]).all() and not _DIGIT.search(last[col]):
            continue  # its unit, as every row writes it (SAP's 'EUR' beside its total)
        mark = decimal_mark(cells.iloc[-50:])
        numbers = pd.to_numeric(cells.map(lambda c, mark=mark: number_text(c, mark)),
                                errors="coerce")
        above = numbers.iloc[:-1]
        if not np.isfinite(numbers.iloc[-1]) or above.isna().mean() > 0.1:
            return False
        total = above.sum()
        if not abs(numbers.iloc[-1] - total) <= 1e-3 * abs(total) or total == 0:
            return False
        sums += 1
    return sums > 0


_DIGIT = re.compile(r"\d")


def without_undated_totals(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """``frame`` without the rows that leave empty a column the other rows date (a few of
    them), name a total and write fewer cells than most rows (a label and its sums), with a
    warning."""
    if len(frame) < 5:
        return frame
    for col in frame.columns:
        cells = frame[col].str.strip()
        empty = (cells == "").to_numpy()
        if not empty.any() or empty.mean() > UNDATED_TOTALS or \
                cells[~empty].iloc[:200].str.match(rf"\s*(?:{_DATE.pattern})").mean() < 0.9:
            continue
        texts = frame.loc[empty, [c for c in frame.columns if c != col]]
        written = (frame != "").sum(axis=1)
        named = (texts.apply(lambda c: c.str.contains(_TOTAL_WORD)).any(axis=1)
                 & (written[empty] < written.median())).to_numpy()
        if named.any():
            drop = np.zeros(len(frame), dtype=bool)
            drop[np.flatnonzero(empty)[named]] = True
            lines = frame.index[drop] + 2
            first = texts[named].iloc[0]
            getattr(notes, "warn", notes.append)(
                f"dropped {int(drop.sum())} row(s) without a date in {col!r} that name a "
                f"total ({first[first.str.contains(_TOTAL_WORD)].iloc[0].strip()!r}, line "
                f"{', '.join(map(str, lines[:3]))}{', ...' if len(lines) > 3 else ''})")
            return frame[~drop]
    return frame
