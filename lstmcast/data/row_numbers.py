"""Row numbers as the time, where no column holds dates: R's ``write.csv`` of a vector or of a
data frame (``"","x"`` with row names "1", "2", ...), pandas's index written out (0, 1, 2), a
``t`` or ``step`` column counting 1, 2, 3. The rows are read in their order as numbered steps
(``periods.numbered_steps``), their season found in the values, and forecasts continue the
numbers; the note says the time is only the rows' order."""

from __future__ import annotations

import pandas as pd

from ..calendar import STEPS
from ..panel import unnamed
from .columns import norm
from .numbers import stripped
from .periods import numbered_steps

# Names of a column that counts rows or steps (not 'n', 'no' or 'steps': a count of things, a
# pedometer's steps, is a value)
_STEP_NAMES = frozenset({"t", "step", "index", "idx", "obs", "observation", "row"})


def row_numbers(name: str, frame: pd.DataFrame, columns, parse) -> tuple | None:
    """(column, times, format, note) of the first column named like a step, else without a
    name, that holds numbered steps, read by ``parse`` (``dates.parse_time_column``); None
    where no column does. A 't' before R's row names: in a long file those number every row
    of every series, a 't' each series' own steps."""
    for col in sorted(columns, key=unnamed):
        if (unnamed(col) or norm(col) in _STEP_NAMES) and \
                numbered_steps(stripped(frame[col])).notna().all():
            times, fmt, _ = parse(name, col, frame[col], STEPS)
            return col, times, fmt, "no column holds dates: the rows' numbers, which say " \
                "only their order"
    return None
