"""How many decimals a column's numbers are written with, so that forecasts are written back
with as many (a yen rate at 2, a dollar rate at 4), per series in a panel."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .numbers import MISSING_TOKENS, decimal_mark, number_text, stripped


def decimals_of(col: pd.Series, decimal: str = ".", sample: int = 500,
                dot_groups: bool = False) -> int:
    """The number of decimals the column's (last ``sample``) numbers are written with: the
    median over cells, so a few long ones do not decide it (``decimal`` and ``dot_groups`` as
    in ``parse_numbers``)."""
    text = col.iloc[-4 * sample:].astype(str).str.strip()  # enough to find `sample` numbers
    cells = text[~text.str.lower().isin(MISSING_TOKENS)].to_numpy()[-sample:]
    if len(cells) < sample and len(col) > 4 * sample:
        text = col.astype(str).str.strip()
        cells = text[~text.str.lower().isin(MISSING_TOKENS)].to_numpy()[-sample:]
    if not len(cells):
        return 0
    mark = "," if dot_groups else decimal_mark(cells, decimal)
    counts = [n for cell in cells if (n := _cell_decimals(cell, mark, dot_groups)) is not None]
    return int(np.median(counts)) if counts else 0


def _cell_decimals(cell: str, mark: str, dot_groups: bool) -> int | None:
    """The decimals a cell writes its number with (decimal ``mark``); None for no number. In
    scientific notation they are the mantissa's less the exponent: '4.31489e+19' is written
    to 1e14 (-14), '1.65e-05' to 1e-7 (7)."""
    plain = cell if _PLAIN.fullmatch(cell) and not dot_groups else number_text(cell, mark)
    if plain is None:
        return None
    mantissa, _, exponent = plain.lower().partition("e")
    places = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return places - int(exponent) if re.fullmatch(r"[+-]?\d+", exponent) else places


_PLAIN = re.compile(r"[+-]?\d*\.?\d+(?:[eE][+-]?\d+)?")


def series_decimals(frame: pd.DataFrame, targets: Sequence[str], id_col: str | None,
                    decimal: str, grouped: set, sample: int = 50) -> dict[str, int]:
    """The decimals each series of a panel is written with (``decimals_of`` of its last
    ``sample`` cells): a wide file's by column, a long file's by id. One number for the file
    let the series written last decide every series' (yen at 2 decimals printed with 7 as
    the dollar's), and a series added to the file change the others'."""
    if id_col is None:
        return {t: decimals_of(frame[t], decimal, sample, t in grouped) for t in targets}
    cells = pd.DataFrame({"id": stripped(frame[id_col]).to_numpy(),
                          "cell": frame[targets[0]].to_numpy()}).groupby(
        "id", sort=False).tail(4 * sample)  # enough to find ``sample`` numbers, as decimals_of
    cells["cell"] = stripped(cells["cell"])
    tail = cells[~cells["cell"].str.lower().isin(MISSING_TOKENS)].groupby(
        "id", sort=False).tail(sample)
    # each distinct cell read once: thousands of series share most of theirs
    codes, distinct = pd.factorize(tail["cell"])
    dots = targets[0] in grouped
    mark = "," if dots else decimal_mark(distinct, decimal)
    each = np.array([np.nan if (n := _cell_decimals(c, mark, dots)) is None else n
                     for c in distinct], dtype=np.float64)
    medians = pd.Series(each[codes] if len(codes) else [], dtype=np.float64).groupby(
        tail["id"].to_numpy(), sort=False).median()
    return {str(sid): int(v) if np.isfinite(v) else 0 for sid, v in medians.items()}
