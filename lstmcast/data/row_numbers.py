"""Row numbers as the time, where no column holds dates or is named like a time: R's
``write.csv`` of a vector or of a data frame of numbers (``"","x"`` with row names "1", "2",
...), pandas's index written out (0, 1, 2), a ``t`` or ``step`` column counting 1, 2, 3 (each
series' own, in a long file). The rows are read in the order of their numbers as numbered
steps (``periods.numbered_steps``), their season found in the values, and forecasts continue
the numbers; the note says the time is only the rows' order."""

from __future__ import annotations

import pandas as pd

from ..calendar import STEPS
from ..panel import unnamed
from .columns import named_like_time, norm
from .numbers import looks_numeric, stripped
from .periods import numbered_steps

# Names of a column that counts rows or steps (not 'n', 'no' or 'steps': a count of things, a
# pedometer's steps, is a value)
_STEP_NAMES = frozenset({"t", "step", "index", "idx", "obs", "observation", "row"})


def row_numbers(name: str, frame: pd.DataFrame, columns, parse) -> tuple | None:
    """(column, times, format, note) of the first column named like a step, else without a
    name, that holds numbered steps, read by ``parse`` (``dates.parse_time_column``); None
    where no column does. A named one's steps may repeat only beside a column of text that
    may name the series (a long file's 't', each series' own: a process's 'step' 1..5 over
    and over is no time); row names (a column without a name) never repeat and stand beside
    no text (R's row names of a long file number every row of every series)."""
    for col in sorted(columns, key=unnamed):
        named = norm(col) in _STEP_NAMES
        if not (named or unnamed(col)) or (steps := numbered_steps(stripped(frame[col]))
                                            ).isna().any():
            continue
        texts = any(not looks_numeric(frame[c]) for c in columns)  # (a candidate's only)
        if (named and (steps.is_unique or texts)) or (steps.is_unique and not texts):
            times, fmt, _ = parse(name, col, frame[col], STEPS)
            return col, times, fmt, "no column holds dates: the rows' numbers, which say " \
                "only their order"
    return None


def values_alone(frame: pd.DataFrame, notes) -> tuple[pd.DataFrame, list] | None:
    """(the frame with a column numbering its rows 1, 2, 3, no id columns) of a file of one
    column of numbers and no times (a spreadsheet's column copied out), said: its rows in the
    file's order are its steps; None for any other table."""
    if frame.shape[1] != 1 or named_like_time(frame.columns[0]) or not looks_numeric(
            frame.iloc[:, 0]):
        return None  # (a 'date' of 20240201, a 'year', Unix 'time's: times alone, refused)
    step = "step" if "step" not in frame.columns else "row"
    notes.append(f"one column of values and no times: its rows, in the file's order, are "
                 f"numbered steps 1, 2, 3 ({step!r})")
    return frame.assign(**{step: [str(k) for k in range(1, len(frame) + 1)]}), []
