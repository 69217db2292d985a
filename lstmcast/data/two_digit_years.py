"""Two-digit years ('Jan-49', '01.01.49') in the century of the spreadsheets that write them.

Python reads 00-68 as 2000-2068; Excel, which writes most such files, 30-99 as 1930-1999
(AirPassengers' '01.01.49' is 1949)."""

from __future__ import annotations

import pandas as pd

EXCEL_CENTURY = 2030


def in_excel_s_century(parsed: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """Times of two-digit years as Python read them, in Excel's century. (A run across its
    pivot, 'Jan-20' .. 'Dec-39', is 1920-1939 or 2020-2039: unsorted so, it stays refused.)"""
    return parsed.where(~(parsed.year >= EXCEL_CENTURY), parsed - pd.DateOffset(years=100))
