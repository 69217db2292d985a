"""Dates: which format reads a time column, and which column is the time.

Formats are tried explicitly (each kept only when it parses every value); when readings differ,
the one that gives a sorted, regular series wins, a true tie is an error asking for the format.
A time-named column of sorted numbers in the range of Unix epoch times is read as such. Times
with a zone offset keep their local wall-clock time (a session opening at 09:30 stays at 09:30).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

import numpy as np
import pandas as pd

from ..calendar import ISO, ISO_T, SDMX_QUARTERS, STEPS, Irregular, frequency_of
from ..errors import DatesNotInFormat, InputError
from ..panel import unnamed
from . import formats
from .columns import named_like_time, norm, show_list
from .formats import (
    DATE_FORMATS,
    SIX_DIGITS,
    YEAR_ONLY,
    candidate_formats,
    plain_dates,
)
from .joined import JOINED, by_months
from .month_names import in_english
from .numbers import looks_numeric, stripped
from .periods import (
    EXCEL_DAYS,
    QUARTERS,
    READERS,
    UNIX_FORMATS,
    UNIX_WORDS,
    consecutive_years,
    epoch_unit,
    epochs,
    excel_days,
    padded_months,
    past_its_year,
    years_out_of_range,
)
from .row_numbers import row_numbers
from .two_digit_years import in_excel_s_century

# '+01:00', ' UTC' as BigQuery writes, PostgreSQL's '+01' after a time ('00:00:00.123+01')
_ZONE = (r"(Z|[+-]\d{2}:?\d{2}|(?<= )UTC|(?<= )GMT|"
         r"(?:(?<=\d:\d\d)|(?<=\.\d{3})|(?<=\.\d{6}))[+-]\d{2})$")
_TZ_SUFFIX = re.compile(_ZONE.replace("(", "(?:", 1))
# A zone named after a time a strftime format reads (Dukascopy's '... 00:00:00.000 GMT+0200',
# IB's '... 09:30:00 US/Eastern', '16:00:00 EDT'): dropped, the time kept as written, as ISO's
_NAMED_ZONE = (r"(?<=\s)((?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Z][A-Za-z]+/[A-Za-z_]+|"
               r"[ECMP][SD]T|CES?T|BST)$")

_HOUR_24 = r"(?<=[ T])24:00(?=(?::00)?$)"  # the hour, after the date: not 10:24:00

_MONTH_AND_YEAR = ("%b %y", "%b-%y")  # 'Jan 18' is January 2018 only beside other months


def _parse(values: pd.Series, fmt: str) -> pd.DatetimeIndex:
    """Parse with ``fmt``; NaT where a value does not fit. Times with a zone (ISO 'Z'/'+01:00',
    or a format with %z) keep their local wall-clock time and lose the zone."""
    if fmt in UNIX_FORMATS:
        return epochs(values, fmt)
    if fmt in READERS:
        return READERS[fmt](values)
    if fmt in (ISO, ISO_T):
        local = values.str.replace(_TZ_SUFFIX, "", regex=True).str.rstrip()
        return pd.DatetimeIndex(pd.to_datetime(local, format=ISO, errors="coerce"))
    if "%z" not in fmt:
        values = values.str.replace(_NAMED_ZONE, "", regex=True).str.rstrip()
    if "%p" in fmt:  # the EIA's '3/1/2024 1 a.m. EST'
        values = values.str.replace(r"(?i)\b([ap])\.m\.", lambda m: f"{m[1]}M", regex=True)
    # '01/01/2020 24:00' (an hour ending, as grid operators write) is the next day's midnight
    next_day = values.str.contains(_HOUR_24, regex=True) if "%H" in fmt else None
    if next_day is not None and next_day.any():
        values = values.str.replace(_HOUR_24, "00:00", regex=True)
    try:
        parsed = pd.to_datetime(values, format=fmt, errors="coerce")
        if next_day is not None and next_day.any():
            parsed = parsed + pd.to_timedelta(next_day.to_numpy().astype(int), unit="D")
    except ValueError:
        if "%z" not in fmt:
            raise
        parsed = pd.Series([_local_strptime(v, fmt) for v in values], dtype="datetime64[us]")
    parsed = pd.DatetimeIndex(parsed)
    if "%y" in fmt:  # two-digit years as the spreadsheets that write them: '49' is 1949
        parsed = in_excel_s_century(parsed)
    if fmt in _MONTH_AND_YEAR and len(parsed) > 2 and (parsed.month.nunique() == 1 or not (
            parsed.is_monotonic_increasing or parsed.is_monotonic_decreasing)) or (
            # six digits alone: '2021' is no '%y%m%d' (nor '20215' a '%Y%m'); '200501' .. '200812'
            # read so are days of 2020 with gaps, which '%Y%m''s months outscore
            fmt in (*SIX_DIGITS, "%Y%m") and not values.str.fullmatch(r"\d{6}").all()):
        return pd.DatetimeIndex([pd.NaT] * len(parsed))  # 'Jan 01' .. 'Mar 21': days, no year
    return parsed.tz_localize(None) if parsed.tz is not None else parsed


def _local_strptime(value: str, fmt: str):
    """One value with a zone offset as its local wall-clock time (mixed offsets in a column)."""
    try:
        return datetime.strptime(value, fmt).replace(tzinfo=None)
    except ValueError:
        return pd.NaT


def _try_format(values: pd.Series, fmt: str) -> pd.DatetimeIndex | None:
    """Parse every value with ``fmt`` or return None."""
    if (need := formats.needed_characters(fmt)) and not all(formats.holds(v, need)
                                                           for v in values):
        return None  # ('2024/05/01' holds no '-' of '%Y-%m-%d': no reading of pandas's either)
    try:
        parsed = _parse(values, fmt)
    except (ValueError, TypeError, OverflowError):
        return None
    return None if parsed.isna().any() else parsed


def _count_parsed(values: pd.Series, fmt: str) -> int:
    if (need := formats.needed_characters(fmt)) and not any(formats.holds(v, need)
                                                           for v in values):
        return 0
    try:
        return int(_parse(values, fmt).notna().sum())
    except (ValueError, TypeError, OverflowError):
        return 0


def _zone_note(values: pd.Series, fmt: str) -> str:
    """What happened to the time zones written in the values, if any."""
    if fmt in UNIX_FORMATS:
        return f"; Unix epoch {UNIX_WORDS[fmt]}, as UTC times"
    if fmt in READERS:
        return ""
    zones = values.str.extract(_ZONE if fmt in (ISO, ISO_T) or "%z" in fmt else _NAMED_ZONE,
                               expand=False).dropna().unique()
    if not len(zones):
        return ""
    shown = ", ".join(sorted(map(str, zones))[:4]) + (", ..." if len(zones) > 4 else "")
    if set(zones) <= {"Z", "+00:00", "+0000", "UTC", "GMT"}:
        return f"; times in UTC ({shown})"
    return f"; times kept as written in their local zone ({shown}), not converted to UTC"


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
    """(timestamps in file order, format, note): each distinct cell parsed once (a long file
    repeats every date per series), a reading's order and regularity judged on all rows."""
    values = padded_months(stripped(col))
    empty = np.flatnonzero((values == "").to_numpy())
    if empty.size:
        i = int(empty[0])
        raise InputError(
            f"{name}: time column {colname!r} is empty at row {i + 1} (line {col.index[i] + 2}); "
            "fill in the date or delete the row"
        )
    codes, distinct = pd.factorize(values)
    if (codes < 0).any():  # a cell pandas left as NaN: parse row by row, as it is
        codes, distinct = np.arange(len(values)), values.to_numpy()
    cells = plain_dates(in_english(pd.Series(distinct, dtype=object)))  # 'Mär 2020', '1st'
    if named_like_date and forced in (None, "%Y", STEPS) and (old := years_out_of_range(
            cells, any_year=forced == STEPS, dated=forced == "%Y")) is not None:
        return old.take(codes), STEPS, ("years out of the reach of pandas's dates, or of "
                                        "their forecasts': numbered steps, each its year")
    parsed, fmt, why = _read_distinct(name, colname, col, cells, codes, forced, named_like_date)
    if fmt == ISO and cells.str.contains(r"\dT\d").all():
        fmt = ISO_T  # '2016-10-03T00:00:00Z': forecasts written with the 'T' too
    written = pd.Series(distinct, dtype=object)
    rewritten = written.ne(cells).to_numpy()  # (a note names the format the file is read as)
    if rewritten.any() and forced is None:
        why += f"; the file's {written[rewritten].iloc[0]!r} read as {cells[rewritten].iloc[0]!r}"
    return _as_ns(name, colname, parsed.take(codes)), fmt, why + formats.reading_note(written)


# NASA's and NOAA's dates, a year and its day: 2022244 (7 digits; '%j' alone would read 202305)
_DAYS_OF_YEARS = r"(?:1[89]|20)\d\d(?:00[1-9]|0[1-9]\d|[12]\d\d|3[0-5]\d|36[0-6])"


def _read_distinct(name, colname, col, values, codes, forced, named_like_date):
    """Timestamps, format and note of the distinct cells ``values`` of ``col`` (values[codes])."""
    if forced is not None:
        unit = epoch_unit(col, require_sorted=False) if forced in UNIX_FORMATS else None
        if unit is not None and unit != forced:  # (predict reads it as training would)
            raise DatesNotInFormat(
                f"{name}: time column {colname!r} read as {forced} gives dates outside "
                f"1980..2100 (e.g. {values.iloc[0]!r}); the values look like Unix epoch "
                f"{UNIX_WORDS[unit]}",
                advice=[(("--date-format",), f"pass --date-format {unit}")],
                fallback=f"read them with the date format {unit!r}")
        parsed = _try_format(values, forced)
        if forced == EXCEL_DAYS and (given := excel_days(values, given=True)).notna().all():
            parsed = given  # the serials of any year, as --date-format says
        if unit is None and forced in UNIX_FORMATS and parsed is not None and (
                parsed.year == 1970).all():  # Excel's serial days: hours of 1970's first day
            raise InputError(f"{name}: time column {colname!r} read as {forced} gives times "
                             f"of 1970 alone (e.g. {values.iloc[0]!r}: "
                             f"{parsed[0]:%Y-%m-%d %H:%M:%S}): no Unix epoch times",
                             fallback="pass the date format the times are written in (Excel's "
                             "serial days: excel), or none to have it found")
        if parsed is None and "%" in forced and (parsed := _try_format(values, ISO)) is not None:
            # ISO 8601 reads one way: a fresh file written '2022-01-01 00:00:00' after '%Y-%m-%d'
            return parsed, ISO, f"ISO 8601, not format {forced}{_zone_note(values, ISO)}"
        if parsed is None:
            _raise_bad_date(name, colname, col, [forced], forced_format=True)
        return parsed, forced, f"format {forced}, as given{_zone_note(values, forced)}"
    unit = epoch_unit(col) if named_like_date else None  # sorted as the rows are
    if unit is not None:
        parsed = _try_format(values, unit)
        if parsed is not None:
            return parsed, unit, (f"format {unit}: numbers in the range of Unix epoch "
                                  f"{UNIX_WORDS[unit]} for 1980..2100, read as UTC times")

    probe = values.iloc[:100]  # but numbered steps show themselves in all: 149, 12, ... of 300
    candidates = [f for f in candidate_formats(named_like_date, colname)
                  if _try_format(values if f == STEPS else probe, f) is not None]
    candidates = formats.zero_padded(values, candidates)
    if values.str.fullmatch(_DAYS_OF_YEARS).all():  # (and so no compact stamp is 7 digits)
        if (past := past_its_year(values)) is not None:  # pandas: the next year's first day
            raise InputError(f"{name}: time column {colname!r} has {values.iloc[past]!r}, day "
                             f"{values.iloc[past][4:]} of a year of 365 days; fix the value")
        candidates = ["%Y%j", *candidates]
    parsed_by: dict[str, pd.DatetimeIndex] = {}
    for fmt in candidates:
        parsed = _try_format(values, fmt)
        if parsed is not None:
            parsed_by[fmt] = parsed
    if not parsed_by:
        _raise_bad_date(name, colname, col, candidate_formats(named_like_date, colname))
    # formats that give identical timestamps are one reading; keep the first (most explicit)
    readings: list[tuple[str, pd.DatetimeIndex]] = []
    for fmt, parsed in parsed_by.items():
        if not any(_same(parsed, other) for _, other in readings):
            readings.append((fmt, parsed))
    if len(readings) == 1:
        fmt, parsed = readings[0]
        why = f"format {fmt}"
        swapped = formats.swapped_day_month(fmt)
        if swapped and swapped not in parsed_by and swapped in DATE_FORMATS:
            why += (f": {formats.described(fmt)}; {formats.described(swapped)} does not fit "
                    "every value")
        return parsed, fmt, why + _zone_note(values, fmt)
    scored = sorted(((_regularity(p.take(codes)), k, f, p) for k, (f, p) in
                     enumerate(readings)), key=lambda t: (t[0], -t[1]), reverse=True)
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
        reasons.append(f"{formats.described(other)} {why}")
    kind = formats.described(fmt)
    kind = "" if kind == fmt else f" {kind};"  # no 'weeks: weeks'
    return parsed, fmt, f"format {fmt}:{kind} {'; '.join(reasons)}{_zone_note(values, fmt)}"


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
        raise InputError(f"{name}: dates in column {colname!r} fall outside 1677..2262, which "
                         "pandas cannot hold; shift or trim the dates") from exc


def _raise_bad_date(name: str, colname: str, col: pd.Series, tried: Sequence[str],
                    forced_format: bool = False) -> None:
    values = in_english(col.str.strip())  # as parsed: 'Mrz. 2018' is 'Mar 2018'; cells named raw
    best = max(tried, key=lambda f: _count_parsed(values, f))
    try:
        bad = np.flatnonzero(pd.isna(_parse(values, best)))
    except (ValueError, TypeError, OverflowError):
        bad = np.array([0])
    i = int(bad[0]) if bad.size else 0
    numbers = bool(values.str.fullmatch(r"\d+(?:\.\d+)?").all())  # epochs, Excel's days
    yyyymm = values.str.fullmatch(r"(?:1[89]|2\d)\d\d(?:0[1-9]|1[0-2])").all()  # 201801
    hint = ("fix the value or pass the right --date-format" if forced_format
            else "pass --date-format %Y%m (years and months)" if yyyymm
            else "pass --date-format 'numbered steps' (steps 1, 2, 3, ...), or unix, "
            "unix_ms, unix_us, unix_ns or excel" if numbers
            else f"most rows read as {best!r}: write every date of the column one way"
            if "%" in best and _count_parsed(values, best) >= 0.5 * len(values)
            and formats.reads_as_a_date(values.iloc[i])
            else "fix the value or pass --date-format (e.g. --date-format '%Y-%m-%d')")
    if forced_format and best in UNIX_FORMATS and (
            unit := epoch_unit(values, require_sorted=False)) not in (None, best):
        hint = f"the values look like Unix epoch {UNIX_WORDS[unit]}: pass --date-format {unit}"
    shown = f" with format {best}" if forced_format else ""
    raise (DatesNotInFormat if forced_format else InputError)(
        f"{name}: time column {colname!r} has a value that is not a date{shown}: "
        f"{col.iloc[i]!r} at row {i + 1} (line {int(col.index[i]) + 2})",
        advice=[(("--date-format",), hint)], fallback="fix the value")


def detect_time_column(name: str, frame: pd.DataFrame, columns: Sequence[str],
                        forced: str | None, joined=None) -> tuple[str, pd.DatetimeIndex, str, str]:
    """Years and quarters, else a column named like a time, else years and months (``joined``:
    the caller's ``split_year_period``), else the first column whose values parse as dates."""
    joined = joined if not forced else None
    if joined is not None and not by_months(joined[0]):
        return joined
    bars = {"o", "h", "l", "c"} <= {norm(c) for c in columns}  # Polygon's 't' by its bars
    named = [c for c in columns if (named_like_time(c) or bars and norm(c) == "t")
             and not (joined and c in joined[0].split(JOINED))]
    if forced and named:
        times, fmt, why = parse_time_column(name, named[0], frame[named[0]], forced)
        return named[0], times, fmt, why
    coarse = (SDMX_QUARTERS, QUARTERS, "%YM%m", STEPS)  # dates first: a 'Period' of '2023Q1'
    for col, coarse_too in [(c, False) for c in named] + [(c, True) for c in named]:
        probe = plain_dates(in_english(frame[col].iloc[:50].str.strip()))
        if not forced and epoch_unit(frame[col]) is not None:
            times, fmt, why = parse_time_column(name, col, frame[col], forced)
            return col, times, fmt, why
        formats = [forced] if forced else [f for f in candidate_formats(True, col)
                                           if coarse_too or f not in coarse]
        # numbered steps show themselves in every row alone: 149, 12, ... of a shuffled file
        whole = pd.Series(frame[col].str.strip().unique(), dtype=object) if STEPS in formats \
            else probe
        if any((_count_parsed(whole, f) / len(whole) if f == STEPS else  # (the first will do)
                _count_parsed(probe, f) / len(probe)) >= 0.5 for f in formats):
            times, fmt, why = parse_time_column(name, col, frame[col], forced)
            if fmt == YEAR_ONLY and times.has_duplicates and not forced and (
                    dated := _dated_column(name, frame, columns, named, None)) is not None \
                    and (dated[1].year == times.year).all():
                return dated  # a 'Year' field of the dates beside it (FRED's 'Data', sic)
            return col, times, fmt, why
    if joined is not None:  # no column named like a time: years and months are the time
        return joined
    if (dated := _dated_column(name, frame, columns, named, forced)) is not None:
        return dated
    if not forced and not named and (counted := row_numbers(name, frame, columns,
                                                            parse_time_column)):
        return counted
    # a column named like a time whose dates no format knows: say which, and what it holds
    shown = next((f"; {c!r} is named like a time but holds {cells.iloc[0]!r}, which no date "
                  "format read" for c in named if len(cells := stripped(frame[c])[
                      lambda x: x != ""])), "")
    raise InputError(
        f"{name}: no column holds dates (columns: {show_list(columns)}){shown}",
        advice=[(("--time-col", "--date-format"),
                 "pass --time-col NAME, and --date-format if the dates are unusual (strftime "
                 "codes: '%d.%m.%Y %H:%M' reads 31.01.2024 13:00)")],
        fallback="give the data a column of dates")


def _dated_column(name, frame, columns, named, forced) -> tuple | None:
    """The first column not ``named`` like a time whose values are dates (or years in a column
    without a name), as ``detect_time_column`` returns it; None where there is none."""
    for col in columns:
        if col in named:
            continue
        probe = plain_dates(in_english(frame[col].iloc[:50].str.strip()))
        if not forced and unnamed(col) and consecutive_years(frame[col]):
            times, fmt, why = parse_time_column(name, col, frame[col], "%Y")
            return col, times, fmt, "a column without a name holding consecutive years"
        if forced in UNIX_FORMATS:
            if epoch_unit(frame[col]) != forced:
                continue  # numbers are times only in the range of that unit, and sorted
        elif looks_numeric(frame[col]) and not probe.str.fullmatch(r"\d{8}").all():
            continue  # plain numbers are values, not dates
        formats = [forced] if forced else candidate_formats(False, col)
        if any(_count_parsed(probe, f) == len(probe) for f in formats):
            times, fmt, why = parse_time_column(name, col, frame[col], forced, False)
            return col, times, fmt, f"its values are dates; {why}"
    return None
