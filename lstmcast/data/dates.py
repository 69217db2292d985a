"""Dates: which format reads a time column, and which column is the time.

Formats are tried explicitly (each kept only when it parses every value); when several readings
differ, the one that gives a sorted, regular series wins, and a true tie is an error asking for
the format.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..calendar import Irregular, frequency_of
from ..errors import InputError
from .columns import looks_numeric, norm, show_list

_TZ_SUFFIX = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_TIME_NAME_WORDS = ("date", "time", "timestamp", "datetime", "month", "day", "period", "year")

# Explicit formats tried on the time column; each kept only if it parses every value.
_DATE_FORMATS = (
    "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f",
    "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d", "%Y-%m", "%Y/%m", "%Y%m%d",
    "%d-%m-%y", "%m-%d-%y", "%d-%m-%Y", "%m-%d-%Y",
    "%d/%m/%Y", "%m/%d/%Y", "%d/%m/%y", "%m/%d/%y",
    "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S",
    "%d.%m.%Y", "%d.%m.%y", "%d.%m.%Y %H:%M",
    "%d-%b-%Y", "%d-%b-%y", "%d %b %Y", "%b %d, %Y", "%b %d %Y", "%d %B %Y", "%B %d, %Y",
    "%b-%y", "%b %Y", "%Y-%b", "%B %Y",
)
_YEAR_ONLY = "%Y"  # only for columns named like a date: plain integers are not dates otherwise
_ISO = "ISO8601"


def _try_format(values: pd.Series, fmt: str) -> pd.DatetimeIndex | None:
    """Parse every value with ``fmt`` or return None."""
    try:
        if fmt == _ISO:
            aware = values.str.contains(_TZ_SUFFIX).any()
            parsed = pd.to_datetime(values, format=_ISO, errors="coerce", utc=bool(aware))
        else:
            parsed = pd.to_datetime(values, format=fmt, errors="coerce")
    except (ValueError, TypeError, OverflowError):
        return None
    if parsed.isna().any():
        return None
    return pd.DatetimeIndex(parsed)


def _count_parsed(values: pd.Series, fmt: str) -> int:
    try:
        if fmt == _ISO:
            parsed = pd.to_datetime(values, format=_ISO, errors="coerce", utc=True)
        else:
            parsed = pd.to_datetime(values, format=fmt, errors="coerce")
    except (ValueError, TypeError, OverflowError):
        return 0
    return int(parsed.notna().sum())


def _candidate_formats(named_like_date: bool) -> tuple[str, ...]:
    return (*_DATE_FORMATS, _ISO, *((_YEAR_ONLY,) if named_like_date else ()))


def _regularity(index: pd.DatetimeIndex) -> tuple[int, int, int]:
    """Score for choosing between formats: (monotonic, has a frequency, -missing steps)."""
    asc, desc = index.is_monotonic_increasing, index.is_monotonic_decreasing
    if not (asc or desc):
        return (0, 0, 0)
    uniq = index.unique().sort_values()
    try:
        freq, _, grid = frequency_of(uniq)
    except Irregular:
        return (1, 0, 0)
    missing = 0 if freq == "B" else len(grid) - len(uniq)
    return (1, 1, -missing)


def parse_time_column(name: str, colname: str, col: pd.Series, forced: str | None,
                       named_like_date: bool = True) -> tuple[pd.DatetimeIndex, str, str]:
    """Parse a time column; returns (timestamps in file order, format, note text)."""
    values = col.str.strip()
    empty = np.flatnonzero((values == "").to_numpy())
    if empty.size:
        i = int(empty[0])
        raise InputError(
            f"{name}: time column {colname!r} is empty at row {i + 1} (line {col.index[i] + 2}); "
            "fill in the date or delete the row"
        )
    if forced is not None:
        parsed = _try_format(values, forced)
        if parsed is None:
            _raise_bad_date(name, colname, col, [forced], forced_format=True)
        return _as_ns(name, colname, parsed), forced, f"format {forced}, as given"

    probe = values.iloc[:100]
    candidates = [f for f in _candidate_formats(named_like_date)
                  if _try_format(probe, f) is not None]
    parsed_by: dict[str, pd.DatetimeIndex] = {}
    for fmt in candidates:
        parsed = _try_format(values, fmt)
        if parsed is not None:
            parsed_by[fmt] = parsed
    if not parsed_by:
        _raise_bad_date(name, colname, col, _candidate_formats(named_like_date))
    # formats that give identical timestamps are one reading; keep the first (most explicit)
    readings: list[tuple[str, pd.DatetimeIndex]] = []
    for fmt, parsed in parsed_by.items():
        if not any(_same(parsed, other) for _, other in readings):
            readings.append((fmt, parsed))
    if len(readings) == 1:
        fmt, parsed = readings[0]
        why = f"format {fmt}"
        swapped = _swap_day_month(fmt)
        if swapped and swapped not in parsed_by and swapped in _DATE_FORMATS:
            why += f": {_describe(fmt)}; {_describe(swapped)} does not fit every value"
        return _as_ns(name, colname, parsed), fmt, why
    scored = sorted(((_regularity(p), k, f, p) for k, (f, p) in enumerate(readings)),
                    key=lambda t: (t[0], -t[1]), reverse=True)
    best_score, _, fmt, parsed = scored[0]
    if scored[1][0] == best_score:
        alternatives = [f for s, _, f, _ in scored if s == best_score]
        example = values.iloc[0]
        raise InputError(
            f"{name}: dates in column {colname!r} are ambiguous (e.g. {example!r}): formats "
            f"{' and '.join(alternatives[:3])} both fit",
            advice=[(("--date-format",), f"pass --date-format, e.g. --date-format "
                     f"'{alternatives[0]}'")],
            fallback=f"give the date format, e.g. '{alternatives[0]}'")
    reasons = []
    for score, _, other, _ in scored[1:]:
        if score[0] == 0:
            why = "would not be sorted"
        elif score[1] == 0:
            why = "would not be regularly spaced"
        else:
            why = f"would leave {-score[2]} gaps"
        reasons.append(f"{_describe(other)} {why}")
    return (_as_ns(name, colname, parsed), fmt,
            f"format {fmt}: {_describe(fmt)}; {'; '.join(reasons)}")


def _swap_day_month(fmt: str) -> str | None:
    if "%d" in fmt and "%m" in fmt:
        return fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
    return None


def _describe(fmt: str) -> str:
    if fmt.startswith("%d"):
        return "day-first"
    if fmt.startswith(("%m", "%b", "%B")):
        return "month-first"
    return fmt


def _same(a: pd.DatetimeIndex, b: pd.DatetimeIndex) -> bool:
    if (a.tz is None) != (b.tz is None):
        return False
    if a.tz is not None:
        a, b = a.tz_convert("UTC").tz_localize(None), b.tz_convert("UTC").tz_localize(None)
    return bool(np.array_equal(a.to_numpy(), b.to_numpy()))


def _as_ns(name: str, colname: str, parsed: pd.DatetimeIndex) -> pd.DatetimeIndex:
    try:
        return parsed.as_unit("ns")
    except (OverflowError, ValueError, pd.errors.OutOfBoundsDatetime) as exc:
        raise InputError(
            f"{name}: dates in column {colname!r} fall outside 1677..2262, which pandas cannot "
            "hold; shift or trim the dates"
        ) from exc


def _raise_bad_date(name: str, colname: str, col: pd.Series, formats: Sequence[str],
                    forced_format: bool = False) -> None:
    values = col.str.strip()
    best = max(formats, key=lambda f: _count_parsed(values, f))
    try:
        if best == _ISO:
            parsed = pd.to_datetime(values, format=_ISO, errors="coerce", utc=True)
        else:
            parsed = pd.to_datetime(values, format=best, errors="coerce")
        bad = np.flatnonzero(pd.isna(parsed))
    except (ValueError, TypeError, OverflowError):
        bad = np.array([0])
    i = int(bad[0]) if bad.size else 0
    hint = ("fix the value or pass the right --date-format" if forced_format
            else "fix the value or pass --date-format (e.g. --date-format '%Y-%m-%d')")
    shown = f" with format {best}" if forced_format else ""
    raise InputError(
        f"{name}: time column {colname!r} has a value that is not a date{shown}: "
        f"{col.iloc[i]!r} at row {i + 1} (line {int(col.index[i]) + 2})",
        advice=[(("--date-format",), hint)], fallback="fix the value")


def _named_like_time(colname: str) -> bool:
    words = norm(colname).split()
    return any(w in _TIME_NAME_WORDS for w in words) or norm(colname) in ("ds", "dt")


def detect_time_column(name: str, frame: pd.DataFrame, columns: Sequence[str],
                        forced: str | None) -> tuple[str, pd.DatetimeIndex, str, str]:
    """Prefer a column named like a date; else the first column whose values parse as dates."""
    named = [c for c in columns if _named_like_time(c)]
    if forced and named:
        times, fmt, why = parse_time_column(name, named[0], frame[named[0]], forced)
        return named[0], times, fmt, why
    for col in named:
        probe = frame[col].str.strip().iloc[:50]
        formats = [forced] if forced else _candidate_formats(True)
        if max(_count_parsed(probe, f) for f in formats) >= 0.5 * len(probe):
            times, fmt, why = parse_time_column(name, col, frame[col], forced)
            return col, times, fmt, why
    for col in columns:
        if col in named:
            continue
        probe = frame[col].str.strip().iloc[:50]
        if looks_numeric(frame[col]) and not probe.str.fullmatch(r"\d{8}").all():
            continue  # plain numbers are values, not dates
        formats = [forced] if forced else _candidate_formats(False)
        if any(_count_parsed(probe, f) == len(probe) for f in formats):
            times, fmt, why = parse_time_column(name, col, frame[col], forced, False)
            return col, times, fmt, f"its values are dates; {why}"
    raise InputError(
        f"{name}: no column holds dates (columns: {show_list(columns)})",
        advice=[(("--time-col", "--date-format"),
                 "pass --time-col NAME, and --date-format if the dates are unusual")],
        fallback="give the data a column of dates")


def without_zone(times: pd.DatetimeIndex, notes: list[str]) -> pd.DatetimeIndex:
    """Naive timestamps: a zone-aware column is converted to UTC and the zone dropped."""
    if times.tz is None:
        return times
    notes.append("time zone: timestamps converted to UTC and the zone dropped")
    return times.tz_convert("UTC").tz_localize(None)
