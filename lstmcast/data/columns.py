"""Columns: which one is the time, the target and the features; cells to numbers.

Every pick the loader makes on its own is stated in a note; a column the user named that is not
there is a ``ColumnNotFound`` naming the role it was wanted for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import ColumnNotFound, InputError

# Cells read as missing values (case-insensitive). Anything else that is not a number is an error.
MISSING_TOKENS = frozenset({"", "nan", "na", "null", "."})
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
# Target names by preference: the first keyword that matches a numeric column wins.
_TARGET_KEYWORDS = (
    "adj close", "adjusted close", "close", "closing price", "price", "value", "last",
)


def norm(text: str) -> str:
    """Lower case, punctuation to spaces: 'Closing Price (USD)' -> 'closing price usd'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text).lower()).split())


def match_column(name: str, columns: Sequence[str], wanted: str, role: str, flag: str,
                  listing: Sequence[str] | None = None) -> str:
    """Find ``wanted`` among ``columns``: exact first, then ignoring case and outer whitespace."""
    if wanted in columns:
        return wanted
    key = str(wanted).strip().casefold()
    hits = [c for c in columns if c.strip().casefold() == key]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise InputError(
            f"{name}: {role} {wanted!r} matches several columns ({', '.join(map(repr, hits))})",
            advice=[((flag,), f"give the exact name to {flag}")],
            fallback="give the exact column name")
    shown = listing if listing is not None else columns
    raise ColumnNotFound(name, wanted, role, show_list(shown), flag)


def show_list(columns: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(repr(c) for c in list(columns)[:limit])
    more = len(columns) - limit
    return shown + (f" and {more} more" if more > 0 else "") if columns else "(none)"


def missing_mask(col: pd.Series) -> np.ndarray:
    return col.str.strip().str.lower().isin(MISSING_TOKENS).to_numpy()


def numeric_share(col: pd.Series) -> float:
    """Share of the (first 200) non-missing cells of ``col`` that read as numbers; 0 if none."""
    present = col[~missing_mask(col)]
    if present.empty:
        return 0.0
    sample = present.iloc[:200]
    nums = pd.to_numeric(sample.str.strip().str.replace(",", "", regex=False), errors="coerce")
    return float(nums.notna().mean())


def looks_numeric(col: pd.Series) -> bool:
    """True when most non-missing cells of ``col`` read as numbers (and there is at least one)."""
    return numeric_share(col) >= 0.9


def detect_target(name: str, frame: pd.DataFrame, others: Sequence[str],
                   numeric_like: Sequence[str]) -> tuple[str, str]:
    # an empty column named 'Close' is still the one meant: it fails later with a clear message
    # a 'Close' with a stray text cell is still the one meant: conversion then names the cell
    empty = [c for c in others if missing_mask(frame[c]).all()]
    partly = [c for c in others if numeric_share(frame[c]) > 0]
    named = [c for c in others if c in partly or c in empty]
    for keyword in _TARGET_KEYWORDS:
        for col in named:
            if f" {keyword} " in f" {norm(col)} ":
                return col, f"matched {keyword!r}"
    if len(numeric_like) == 1:
        return numeric_like[0], "the only numeric column"
    if not numeric_like and len(partly) == 1:
        return partly[0], "the only column with numbers"
    if not numeric_like:
        raise InputError(
            f"{name}: no numeric column to forecast among {show_list(others)}",
            advice=[(("--target",), "check the delimiter and the values, or pass --target")],
            fallback="check the delimiter and the values")
    raise InputError(
        f"{name}: cannot tell which column to forecast; numeric columns: "
        f"{show_list(numeric_like)}", advice=[(("--target",), "pass --target NAME")],
        fallback="name the target column")


def to_numbers(name: str, colname: str, col: pd.Series) -> np.ndarray:
    """Strict conversion of one column to float64; NaN for missing cells; errors name the row."""
    text = col.str.strip()
    missing = text.str.lower().isin(MISSING_TOKENS).to_numpy()
    cleaned = text.mask(missing, "")
    thousands = cleaned.str.match(_THOUSANDS).to_numpy()
    cleaned = cleaned.where(~thousands, cleaned.str.replace(",", "", regex=False))
    present = cleaned[~missing]
    if (
        len(present)
        and present.str.contains(",", regex=False).any()
        and present.str.fullmatch(_DECIMAL_COMMA).all()
    ):
        # decimal comma (1.234,5): only when every value in the column has that shape
        cleaned = cleaned.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    nums = pd.to_numeric(cleaned.mask(missing, None), errors="coerce").to_numpy(dtype=np.float64)
    bad = np.flatnonzero(np.isnan(nums) & ~missing)
    if bad.size:
        i = int(bad[0])
        raise InputError(
            f"{name}: column {colname!r} has text {col.iloc[i]!r} at row {i + 1} "
            f"(line {int(col.index[i]) + 2})",
            advice=[(("--fill",), "fix the value, or empty the cell to have it filled (--fill)")],
            fallback="fix the value, or empty the cell to have it filled")
    inf = np.flatnonzero(np.isinf(nums))
    if inf.size:
        i = int(inf[0])
        raise InputError(
            f"{name}: column {colname!r} has an infinite value {col.iloc[i]!r} at row {i + 1} "
            f"(line {int(col.index[i]) + 2}); replace it with a number or an empty cell"
        )
    return nums
