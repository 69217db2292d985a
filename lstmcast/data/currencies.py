"""An amount written over two cells under one heading: its currency, then its number in a
column without a name (DEGIRO's account statement: 'Change,,Balance,' over 'EUR,-72.50,EUR,
2862.60'). Read as the heading's column of numbers, the currencies beside it."""

from __future__ import annotations

import re

import pandas as pd

from .numbers import _CODES, looks_numeric, stripped

_CURRENCY = re.compile(rf"(?:{_CODES})")
_UNNAMED = re.compile(r"Unnamed: \d+|")  # pandas' name of a header's empty cell


def amounts_beside_currencies(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """``frame`` with each named column of currency codes alone followed by an unnamed column
    of numbers read as one amount: the numbers under the heading's name, the codes under
    '<name> currency'; any other table as it is."""
    names = [str(c) for c in frame.columns]
    renamed, headings = {}, []
    for j in range(len(names) - 1):
        if _UNNAMED.fullmatch(names[j]) or not _UNNAMED.fullmatch(names[j + 1]):
            continue
        codes = stripped(frame.iloc[:, j])
        if (codes != "").any() and codes[codes != ""].str.fullmatch(_CURRENCY).all() and \
                looks_numeric(frame.iloc[:, j + 1]):
            renamed |= {names[j]: f"{names[j]} currency", names[j + 1]: names[j]}
            headings.append(names[j])
    if not renamed or set(renamed.values()) & (set(names) - set(renamed)):
        return frame
    notes.append("amounts written as a currency, then a number without a heading: read under "
                 f"{', '.join(map(repr, headings))}")
    return frame.rename(columns=renamed)
