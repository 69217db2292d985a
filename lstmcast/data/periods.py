"""Times written as periods or numbers rather than dates, which no strftime code reads:
quarters as statistics offices write them ('2000Q1', '2000-Q1', '2000 Q1', 'Q1 2000'), R's
decimal years, as ``write.csv`` writes the time of a ts object (1949.0833 is February 1949),
and Excel's serial dates (44927 is 2023-01-01: a date cell pasted as its number). Each has a
pseudo-format name, which a model file stores and --date-format accepts."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

QUARTERS = "quarters"
DECIMAL_YEARS = "decimal years"
EXCEL_DAYS = "excel"
_EXCEL_SERIAL = re.compile(r"[2-7]\d{4}(?:\.\d+)?")  # 1954 to 2255
_QUARTER_CELL = re.compile(r"(?:(?P<y1>\d{4})\s*[-/:. ]?\s*[Qq](?P<q1>[1-4])|"
                           r"[Qq](?P<q2>[1-4])\s*[-/:. ]?\s*(?P<y2>\d{4}))")
_DECIMAL_YEAR = re.compile(r"\d{4}(?:\.\d+)?")
_PER_YEAR = (12, 4)  # months, quarters: the steps a decimal year's fraction is read in


def quarters(values: pd.Series) -> pd.DatetimeIndex:
    """Each quarter's first day; NaT where a value is no quarter."""
    parts = values.str.extract(f"^{_QUARTER_CELL.pattern}$")
    year = parts["y1"].fillna(parts["y2"])
    quarter = parts["q1"].fillna(parts["q2"])
    text = year + "-" + ((quarter.astype(float) - 1) * 3 + 1).map("{:02.0f}".format, "ignore")
    return pd.DatetimeIndex(pd.to_datetime(text, format="%Y-%m", errors="coerce"))


def decimal_years(values: pd.Series) -> pd.DatetimeIndex:
    """Each decimal year's month or quarter start, read in the steps (12 or 4 a year) that
    every fraction is a whole number of; all NaT when the values are not such years (whole
    years are left to '%Y')."""
    text = values.str.strip()
    missing = pd.DatetimeIndex([pd.NaT] * len(values))
    if not len(text) or not text.str.fullmatch(_DECIMAL_YEAR).all():
        return missing
    numbers = text.astype(float).to_numpy()
    years = np.floor(numbers)
    fraction = numbers - years
    if not fraction.any():
        return missing
    for per_year in _PER_YEAR:
        steps = fraction * per_year
        if np.all(np.abs(steps - np.round(steps)) < 0.01):
            months = np.round(steps).astype(int) * (12 // per_year) + 1
            return pd.DatetimeIndex(pd.to_datetime(
                {"year": years.astype(int), "month": months, "day": 1}))
    return missing


def excel_days(values: pd.Series) -> pd.DatetimeIndex:
    """Excel's serial dates (days since 1899-12-30, a fraction for the time of day); all NaT
    unless every value is one. Looked for in a column named like a date only (``dates``): a
    'time' of seconds or a 'Day Volume' of five digits is no date."""
    text = values.str.strip()
    if not len(text) or not text.str.fullmatch(_EXCEL_SERIAL).all():
        return pd.DatetimeIndex([pd.NaT] * len(values))
    days = text.astype(float).to_numpy()
    return pd.DatetimeIndex(pd.to_datetime(days, unit="D", origin="1899-12-30")).round("s")
