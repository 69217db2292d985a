"""A state's and a company's financial years and quarters, which no strftime code reads:
Australia's, the UK's and India's '1962-63', a company's 'FY1962' and its 'Q1 FY15'. Each has
a pseudo-format name (``calendar``), which a model file stores and --date-format accepts."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..calendar import FISCAL_YEARS, FY_QUARTERS, FY_YEARS

_FISCAL = re.compile(r"(?:FY\s*)?(?P<first>\d{4})\s*[-/\u2013]\s*(?P<second>\d{2}|\d{4})", re.I)
_FY = re.compile(r"FY\s*'?(?P<year>\d{4})", re.I)
# a company's fiscal quarters: 'Q1 FY15', 'Q1 FY2015', 'FY15 Q1', '1QFY15', 'Q1-FY15'
_FY_QUARTER = re.compile(r"Q(?P<q1>[1-4])\s*[-/ ]?\s*FY\s*'?(?P<y1>\d{2}|\d{4})|"
                         r"FY\s*'?(?P<y2>\d{2}|\d{4})\s*[-/ ]?\s*Q(?P<q2>[1-4])|"
                         r"(?P<q3>[1-4])Q\s*[-/ ]?\s*FY\s*'?(?P<y3>\d{2}|\d{4})", re.I)
FINANCIAL = (FISCAL_YEARS, FY_YEARS, FY_QUARTERS)  # looked for in a column named like a time only


def fiscal_years(values: pd.Series) -> pd.DatetimeIndex:
    """Financial years as Australia's, the UK's and India's statistics write them ('1962-63',
    '2011/12', '2011-2012', 'FY2011-12'), each by the first day of its first calendar year;
    all NaT unless every value's second year follows its first: '2011-12' alone is also
    December 2011, but no column of months is all such pairs."""
    parts = values.str.strip().str.extract(f"^{_FISCAL.pattern}$", flags=re.I)
    first = pd.to_numeric(parts["first"], errors="coerce")
    second = pd.to_numeric(parts["second"], errors="coerce")
    follows = (second == first + 1) | ((second < 100) & (second == (first + 1) % 100))
    if not len(values) or not follows.all():
        return pd.DatetimeIndex([pd.NaT] * len(values))
    return pd.DatetimeIndex(pd.to_datetime(parts["first"], format="%Y"))


def fy_years(values: pd.Series) -> pd.DatetimeIndex:
    """Years written 'FY1962' (a company's fiscal years), each as its number; NaT where a value
    is none."""
    years = values.str.strip().str.extract(f"^{_FY.pattern}$", flags=re.I)["year"]
    return pd.DatetimeIndex(pd.to_datetime(years, format="%Y", errors="coerce"))


def fy_quarters(values: pd.Series) -> pd.DatetimeIndex:
    """A company's fiscal quarters ('Q1 FY15'), each as the calendar quarter of its numbers
    (2015's first): the fiscal year's start is the company's, unwritten, so the times label
    the quarters, which step as quarters do. Two-digit years 00-49 of the 2000s (a company's
    plans run past 2030: 'FY26' to 'FY31' in one file), 50-99 of the 1900s. NaT where a value
    is none."""
    parts = values.str.strip().str.extract(f"^(?:{_FY_QUARTER.pattern})$", flags=re.I)
    quarter = pd.to_numeric(parts["q1"].fillna(parts["q2"]).fillna(parts["q3"]))
    year = pd.to_numeric(parts["y1"].fillna(parts["y2"]).fillna(parts["y3"]))
    year = year.where(year >= 100, year + np.where(year < 50, 2000, 1900))
    return pd.DatetimeIndex(pd.to_datetime(pd.DataFrame(
        {"year": year, "month": 3 * quarter - 2, "day": 1}), errors="coerce"))
