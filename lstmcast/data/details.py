"""An export's details written as rows of its table above the first time: Dexcom Clarity's
patient and device ('1,,FirstName,,Jane,,,'), then a reading every five minutes. A person reads
past them; as data the time column was refused for its empty cells."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .columns import named_like_time
from .numbers import looks_numeric, stripped

MOST = 10  # rows of details at most


def without_details_above(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """``frame`` without its first rows where they leave the first column named like a time
    empty, and every column of numbers below them too (but a row number's), where every row
    after them has its time; said. Rows that hold a value stay, and are refused for their
    missing time."""
    timed = next((c for c in frame.columns if named_like_time(c)), None)
    if timed is None or len(frame) < 3 * MOST:
        return frame
    empty = (stripped(frame[timed]) == "").to_numpy()
    first = int(np.argmin(empty))  # the first row with a time
    if not 0 < first <= MOST or empty[first:].any():
        return frame
    block, below = frame.iloc[:first], frame.iloc[first:]
    numbers = [c for c in frame.columns if c != timed and looks_numeric(below[c])
               and not _row_numbers(frame[c])]
    if not numbers or (block[numbers].apply(stripped) != "").to_numpy().any():
        return frame
    shown = next((c for c in block.iloc[0].str.strip() if c and not c.isdigit()), "")
    getattr(notes, "warn", notes.append)(
        f"dropped {first} row(s) above the first time in {timed!r}, without a time or a value: "
        f"the export's details ({shown!r}, line {', '.join(map(str, block.index + 2))})")
    return below


def _row_numbers(cells: pd.Series) -> bool:
    """Whether ``cells`` count the rows: whole numbers, each one more than the one before."""
    numbers = pd.to_numeric(stripped(cells), errors="coerce").to_numpy(dtype=np.float64)
    return bool(np.isfinite(numbers).all() and np.all(np.diff(numbers) == 1))
