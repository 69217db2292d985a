"""The units a column's cells write beside their numbers: a K of kelvin or of thousands, a
percent sign that some cells leave out."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd


def mixed_percent(colname: str, col: pd.Series, unread: np.ndarray, warn) -> None:
    """Warn where some of a column's numbers carry a percent sign and others do not ('-6.27%'
    for years, then rows appended as '-0.0511'): each is read as written, in the same units,
    so a fraction (-0.0511 for -5.11 %) would be a hundredth of what it means. Told, not
    refused: '0' or '0.5' among '1.2%' may well be percent."""
    cells = col[~unread].astype(str).str.strip()
    signed = cells.str.endswith("%").to_numpy()
    if signed.all() or not signed.any():
        return
    first = int(np.argmax(~signed))
    warn(f"column {colname!r} writes a percent sign after {int(signed.sum())} value(s) but not "
         f"after {int((~signed).sum())} (first {cells.iloc[first]!r}, line "
         f"{int(cells.index[first]) + 2}): all read as percent; if those are fractions "
         "(0.05 for 5 %), write them as percent too")


def named_a_temperature(name: str) -> bool:
    """Whether a column's name says it holds a temperature, by its words (camelCase and digits
    apart): 'temperature', 'T2M', 'sst', 'air_temp', 'AirTemp', 'tempmax', 'temp_2m',
    'temp (K)'; not 'login_attempts', 'temp_staff_cost', 'tempo' nor 'template'."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", name)
    words = re.findall(r"[a-z0-9]+", spaced.lower())
    named = {*words, *re.findall(r"[a-z0-9]+", name.lower())}  # ('T2M' whole)
    return "°" in name or bool({"temperature", "kelvin", "t2m", "sst", "skt"} & named) or any(
        (word == "temp" and (not words[i + 1:] or words[i + 1] in _AFTER_TEMP
                             or words[i + 1].isdigit()))
        or (word[:4] == "temp" and word[4:] in _AFTER_TEMP) or (len(word) > 4 and word[-4:] ==
                                                                "temp" and word != "contemp")
        for i, word in enumerate(words))


_AFTER_TEMP = {"k", "c", "f", "kelvin", "min", "max", "avg", "mean"}  # temp_max, tempK
KELVIN = (150.0, 350.0)  # the range of temperatures on Earth, in kelvin (-123 to 77 °C)


def kelvin_cell(col: pd.Series, values: np.ndarray) -> str | None:
    """A cell of a column whose numbers all carry a capital K ('283.47K') and lie, read as
    thousands, where temperatures in kelvin lie (150K to 350K): kelvin or thousands, which
    the name of the column tells; None for any other column."""
    read = values[~np.isnan(values)] / 1000.0
    if not len(read) or read.min() < KELVIN[0] or read.max() > KELVIN[1]:
        return None  # (most columns: no text to look at)
    cells = col.astype(str).str.strip()
    kilo = cells.str.fullmatch(r"[+-]?\d+(?:[.,]\d+)?\s*K").to_numpy()
    return str(cells[kilo].iloc[0]) if kilo.any() and (kilo | np.isnan(values)).all() else None
