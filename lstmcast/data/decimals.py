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


def _each_cells_decimals(cells: pd.Series, mark: str, dot_groups: bool) -> np.ndarray:
    """``_cell_decimals`` of each cell (NaN for no number): at once for the plain ones
    ('12.50', '-3'), a million cells of 20,000 series in a fraction of a second; one by one for
    the others (a comma's, '1.2e-05', '$1,234')."""
    text = cells.astype(str)
    plain = text.str.fullmatch(r"[+-]?\d*\.?\d+").to_numpy(dtype=bool) if not dot_groups \
        else np.zeros(len(text), dtype=bool)
    dot = text.str.find(".").to_numpy()
    each = np.where(dot >= 0, text.str.len().to_numpy() - dot - 1, 0).astype(np.float64)
    for i in np.flatnonzero(~plain):
        found = _cell_decimals(text.iloc[i], mark, dot_groups)
        each[i] = np.nan if found is None else found
    return each


def series_decimals(frame: pd.DataFrame, targets: Sequence[str], id_col: str | None,
                    decimal: str, grouped: set, sample: int = 50) -> dict[str, int]:
    """The decimals each series of a panel is written with (``decimals_of`` of its last
    ``sample`` cells): a wide file's by column, a long file's by id. One number for the file
    let the series written last decide every series' (yen at 2 decimals printed with 7 as
    the dollar's), and a series added to the file change the others'."""
    if id_col is None:
        return {t: decimals_of(frame[t], decimal, sample, t in grouped) for t in targets}
    cells = pd.DataFrame({"id": stripped(frame[id_col]).to_numpy(),
                          "cell": frame[targets[0]].to_numpy()})
    # Each series' last ``sample`` cells, and only where one of them is no number its last
    # 4 * sample (enough to find ``sample`` numbers, as decimals_of): reading 4 * sample of
    # every series took 35 s of 48,000 monthly series' 11 million rows.
    last = _numbered(cells.groupby("id", sort=False).tail(sample))
    lacking = last["id"][last["text"].isna()].unique()
    tail = last.dropna(subset="text")
    if len(lacking):
        more = _numbered(cells[cells["id"].isin(lacking)].groupby("id", sort=False).tail(
            4 * sample)).dropna(subset="text").groupby("id", sort=False).tail(sample)
        tail = pd.concat([tail[~tail["id"].isin(lacking)], more])
    # each distinct cell read once: thousands of series share most of theirs
    codes, distinct = pd.factorize(tail["text"])
    dots = targets[0] in grouped
    text = pd.Series(distinct, dtype=object)
    mark = "," if dots else decimal_mark(distinct, decimal)
    each = _each_cells_decimals(text, mark, dots)
    medians = pd.Series(each[codes], dtype=np.float64).groupby(
        tail["id"].to_numpy(), sort=False).median()
    return {str(sid): int(v) if np.isfinite(v) else 0 for sid, v in medians.items()}


def _numbered(cells: pd.DataFrame) -> pd.DataFrame:
    """``cells`` with "text": each cell stripped, None where it holds no number (blank, 'NA'),
    computed once per distinct cell."""
    codes, distinct = pd.factorize(cells["cell"])
    text = stripped(pd.Series(distinct, dtype=object))
    usable = np.array([*text, None], dtype=object)  # a blank cell's code, -1, reads the None
    usable[:-1][text.str.lower().isin(MISSING_TOKENS).to_numpy()] = None
    return cells.assign(text=usable[codes])
