"""A time written over two columns: years and quarters or months ('Year', 'Month'), or dates
and the times of day ('Date', 'Time': meter, grid and trading-terminal exports). The time
column they make is named by both, joined by JOINED: 'Year+Quarter', 'Date+Time'; a model file
stores that name, and a later file is read by it the same way."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..calendar import ISO_WEEKS, QUARTERS
from ..errors import InputError
from ..panel import unnamed
from .columns import named_like_time, norm, show_list
from .day_periods import BRITISH, PERIOD_NAMES, period_starts, periods_per_day
from .month_names import month_word
from .numbers import looks_numeric, stripped
from .periods import iso_weeks

JOINED = "+"
# 'Q01': the BLS's quarters; 'Qtr 1': Power BI's
_QUARTER = re.compile(r"^\s*(?:[Qq](?:tr|TR|uarter)?\s*)?0?([1-4])\s*$")
# '13:00', '1:00 PM', Davis WeatherLink's '1:00 p', '1:00 p.m.'
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*([AaPp]\.?(?:[Mm]\.?)?)?")
# A column of whole hours named so: 0-23, or 1-24 (the hour ending then, as grid operators write,
# also as '01:00' to '24:00')
_WHOLE_HOUR = r"\d{1,2}(?::00)?|\d{1,2}[AB]"  # EPEX's '3A', '3B': the hour the clocks repeat
# Stooq's and Finam's '<TIME>' of '153500', '93000' (Excel drops its 0), TradeStation's HHMM
# '930': read as HHMMSS where a cell has five digits or six, else as HHMM
_HHMMSS = r"\d{1,6}"
_DAY_FRACTION = r"0?\.\d+|0"  # Excel's times of day beside its serial dates: 0.5 is noon
_HOUR_NAMES = frozenset({"hour", "hr", "he", "hour ending", "hourending", "stunde", "heure"})


def split_year_period(name: str, frame: pd.DataFrame, columns: Sequence[str]):
    """(name, times, format, why) when the time is split over a column of years and a column
    of quarters (1..4 or Q1..Q4), of ISO weeks (1..53), of months (1..12, Jan or January),
    or a column 'Period' of the BLS's codes (M01..M12, Q01..Q04),
    and a column of days of the month where a month has several rows, or of days of the year
    (NASA POWER's 'YEAR,DOY'), else None.
    ``by_months`` tells a join of months or weeks, which a column named like a time beside
    it (whose calendar fields they are) goes before."""
    year = next((c for c in columns if norm(c) in YEAR_COLUMNS), None)
    quarter = next((c for c in columns if norm(c) in ("quarter", "qtr", "q")), None)
    month = next((c for c in columns if norm(c) in _MONTH_COLUMNS or (
        norm(c) == "mm" and norm(year or "") == "yyyy")), None)  # the Met Office's 'yyyy,mm'
    if year is None and month is None:
        year, month = _unnamed_years_and_months(frame, columns)
    week = next((c for c in columns if norm(c) in _WEEK_COLUMNS), None)
    period = next((c for c in columns if norm(c) == "period"), None)
    day_of_year = next((c for c in columns if norm(c) in _DAY_OF_YEAR_COLUMNS), None)
    if period is not None and quarter is None and month is None:  # the BLS's 'M01', 'Q01'
        codes = frame[period].str.strip()
        if codes.str.fullmatch(r"M(0[1-9]|1[0-2])").all():
            month = period
        elif codes.str.fullmatch(r"Q0[1-4]").all():
            quarter = period
    if year is None or (quarter or month or week or day_of_year) is None:
        return None
    frame = frame.assign(**{c: whole_numbers(frame[c]) for c in (year, quarter, month, week,
                                                                 day_of_year) if c})
    years, carried = _years_carried_down(frame[year].str.strip())
    if not years.str.fullmatch(r"\d{4}").all():
        return None
    if quarter is None and month is None and day_of_year is not None:
        return _days_of_years(name, frame, years, year, day_of_year)
    if quarter is None and month is None:  # ISO weeks: each week's Monday
        mondays = iso_weeks(years + "-W" + frame[week].str.strip().str.removeprefix("W"))
        bad = np.flatnonzero(mondays.isna())
        if bad.size:
            raise _not_a(name, frame, week, int(bad[0]), "an ISO week of its year (1-52 or 53)",
                         "write the ISO year beside ISO weeks (the calendar year of 3 Jan 2016 "
                         "is 2016, its ISO week 2015-W53)")
        return (JOINED.join([year, week]), mondays.as_unit("ns"), ISO_WEEKS,
                f"years in {year!r} and ISO weeks in {week!r}")
    quarters = None if quarter is None else frame[quarter].str.extract(_QUARTER)[0].astype(float)
    months = None if month is None else _months(frame[month])
    if months is not None and quarters is not None and ((months - 1) // 3 + 1 == quarters).all():
        parts, what = [year, quarter, month], "months"  # Power BI's Year, Quarter, Month(, Day)
    elif quarters is not None:
        parts, what, months = [year, quarter], "quarters", (quarters - 1) * 3 + 1
    else:
        parts, what = [year, month], "months"
    if months.isna().all():
        return None
    bad = np.flatnonzero(months.isna().to_numpy())
    if bad.size:  # a stray cell: never another reading of the file
        raise _not_a(name, frame, parts[-1], int(bad[0]), "a quarter (1-4 or Q1-Q4)"
                     if what == "quarters" else "a month (1-12 or its name)")
    first = {"year": years.astype(int), "month": months.astype(int), "day": 1}
    times = pd.to_datetime(first)
    day = next((c for c in columns if norm(c) in ("day", "dy", "dom")), None) if month else None
    if day is not None and times.duplicated().any():  # daily rows: the days of their months
        cells = whole_numbers(frame[day]).str.strip()
        days = pd.to_datetime({**first, "day": pd.to_numeric(cells.where(
            cells.str.fullmatch(r"\d{1,2}")), errors="coerce")}, errors="coerce")
        if not days.isna().any():  # else a weekday or day of the year, not the month's day
            parts, what, times = [*parts, day], "dates", days
    why = (f"years, months and days in {show_list(parts)}" if what == "dates"
           else f"years in {year!r} and {what} in {parts[-1]!r}") + (
        "; each year written on its first row only (merged cells), carried down" if carried
        else "")
    # written back as periods ('2024Q3', '2024-07'), a day's rows as dates
    written = {"quarters": QUARTERS, "months": "%Y-%m"}.get(what)
    return JOINED.join(parts), pd.DatetimeIndex(times).as_unit("ns"), written, why


def whole_numbers(cells: pd.Series) -> pd.Series:
    """``cells`` with the '.0' of whole numbers pandas wrote as floats taken off ('1959.0' and
    '1.0': statsmodels' years and quarters), where every number has it; else as they are."""
    numbers = cells.str.strip()
    floats = numbers.str.fullmatch(r"\d+\.0+")
    if not floats.any() or not (floats | (numbers == "")).all():
        return cells
    return numbers.str.replace(r"\.0+$", "", regex=True)


def _months(column: pd.Series) -> pd.Series:
    """The months (1..12; NaN for none) of a column of months: '3', '03', 'M03', 'Mar',
    'March', or in another language (Destatis's 'März', 'Mai', 'Dezember')."""
    cells = column.str.strip().str.lower().str.replace(r"^m(?=\d\d$)", "", regex=True)
    months = pd.to_numeric(cells.where(cells.str.fullmatch(r"\d{1,2}")), errors="coerce")
    months = months.where(months.between(1, 12)).fillna(cells.str[:3].map(_MONTH_NAMES))
    if months.notna().all():
        return months
    foreign = {c: _MONTH_NAMES.get(str(month_word(c)).lower(), np.nan)  # each distinct once
               for c in cells[months.isna()].unique()}
    return months.fillna(cells.map(foreign).astype(float))


def _unnamed_years_and_months(frame: pd.DataFrame, columns: Sequence[str]):
    """(years, months) of two columns side by side without names, the first of years, the
    second of months' names (Destatis's GENESIS tables: '1991;Januar;70,2'), else Nones."""
    for first, second in zip(columns, columns[1:], strict=False):
        if unnamed(first) and unnamed(second) and \
                frame[first].str.strip().str.fullmatch(r"1[89]\d\d|2\d\d\d").all() and \
                frame[second].str.contains(r"[^\W\d_]{3}").all() and \
                _months(frame[second]).notna().all():
            return first, second
    return None, None


def _years_carried_down(years: pd.Series) -> tuple[pd.Series, bool]:
    """(the years, whether carried down): a spreadsheet's merged cells write a year on its
    first row only ('2019,Jan', ',Feb', ...), which a person reads down the column."""
    blank = (years == "").to_numpy()
    if not blank.any() or blank[0] or blank.all() or not years[~blank].str.fullmatch(
            r"\d{4}").all() or not (years[~blank].astype(int).diff().dropna() > 0).all():
        return years, False
    return years.mask(blank).ffill(), True


def _days_of_years(name: str, frame: pd.DataFrame, years: pd.Series, year: str,
                   day_of_year: str):
    """``split_year_period``'s dates of ``years`` (of column ``year``) and their days (1..366)
    in column ``day_of_year``."""
    cells = frame[day_of_year].str.strip()
    days = pd.to_numeric(cells.where(cells.str.fullmatch(r"\d{1,3}")), errors="coerce")
    starts = pd.to_datetime(years, format="%Y")
    # a day past its year's end (366 of 2023) would be read as the next year's first
    leap = starts.dt.is_leap_year.to_numpy()
    bad = np.flatnonzero(days.isna().to_numpy() | (days.to_numpy() < 1)
                         | (days.to_numpy() > np.where(leap, 366, 365)))
    if bad.size:
        raise _not_a(name, frame, day_of_year, int(bad[0]), "a day of its year (1-365, or 366 "
                     "in a leap year)")
    times = starts + pd.to_timedelta(days.to_numpy() - 1, unit="D")
    return (JOINED.join([year, day_of_year]), pd.DatetimeIndex(times).as_unit("ns"), None,
            f"years in {year!r} and their days in {day_of_year!r}")


def by_months(time_col: str) -> bool:
    """Whether ``time_col`` (of ``split_year_period``) joins years and months or weeks."""
    return JOINED in time_col and norm(time_col.split(JOINED)[1]) in (*_MONTH_COLUMNS,
                                                                       *_WEEK_COLUMNS)


# 'Año', 'Année'; not 'AR'; the Met Office's 'yyyy'
YEAR_COLUMNS = ("year", "yr", "yyyy", "jahr", "ano", "annee", "anno", "jaar")
_MONTH_COLUMNS = ("month", "mon", "mo", "monat", "mes", "mois", "mese", "maand", "manad")
_WEEK_COLUMNS = ("week", "wk", "kw", "woche", "week number", "iso week")
_DAY_OF_YEAR_COLUMNS = ("doy", "day of year", "dayofyear", "yday", "jday", "julian day")
_MONTH_NAMES = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}


def time_of_day_column(frame: pd.DataFrame, columns: Sequence[str], date_col: str,
                       dates: pd.DatetimeIndex, id_cols: Sequence[str] = ()) -> str | None:
    """The column holding the times of day of ``date_col``, whose ``dates`` are all at
    midnight and repeat: every cell a clock time ('13:00', '1:00 PM', '13:00:00'), or whole
    hours in a column named like an hour, and a date's rows (of one series: ``id_cols``, the
    user's id columns) hold two or more of them. None when there is none: a daily file, whose
    sunrise or closing time is a value. Without ``id_cols``, a text column that varies within
    a date (a ticker closing at its exchange's hour) leaves the dates alone too. Read without
    it, 24 rows a day would be 24 daily series, or duplicates."""
    if len(dates) < 2 or not dates.duplicated().any() or not (dates == dates.normalize()).all():
        return None
    for col in columns:
        if col == date_col or col in id_cols:
            continue
        hours, periods = norm(col) in _HOUR_NAMES, norm(col) in PERIOD_NAMES
        # a column named like an hour may hold half-hours too ('hour' of '00:30', 'Heure')
        fraction = norm(col) == "time" and stripped(frame[col].iloc[:100]).str.fullmatch(
            _DAY_FRACTION).all()  # (every cell one kind: HHMMSS's midnight is '0' too)
        pattern = r"\d{1,3}" if periods else f"{_WHOLE_HOUR}|{_CLOCK.pattern}" if hours \
            else _DAY_FRACTION if fraction else f"{_HHMMSS}|{_CLOCK.pattern}" if norm(col) == \
            "time" else _CLOCK
        if not stripped(frame[col].iloc[:100]).str.fullmatch(pattern).all():
            continue  # the first cells tell most columns apart: no scan of a million rows
        cells = stripped(frame[col])
        if cells.isna().any() or not cells.str.fullmatch(pattern).all():
            continue
        if periods:
            if periods_per_day(cells.astype(int).to_numpy(), dates) is None:
                continue
        elif norm(col) == "time" and not fraction and cells.str.fullmatch(_HHMMSS).all():
            if packed_clock(cells) is None and not _whole_hours(cells):
                continue  # '9300' of HHMM: no time of day
        elif not fraction and cells.str.extract(r"^(\d{1,2})")[0].astype(int).max() > (
                24 if hours else 23):
            continue  # '24:14' is a duration, a value
        keys = [dates.asi8, *(stripped(frame[c]).to_numpy() for c in id_cols)]
        if pd.Series(cells.to_numpy()).groupby(keys).nunique().mean() < 2:
            continue
        if not id_cols and any(_own_times(frame, c, cells, dates) for c in columns
                               if c not in (date_col, col) and not looks_numeric(frame[c])
                               and not _clock_times(frame[c])):  # nor an interval's end
            continue  # several series, each at its own time of day: a value of theirs
        return col
    return None


def _own_times(frame: pd.DataFrame, col: str, clock: pd.Series,
               dates: pd.DatetimeIndex) -> bool:
    """Whether text column ``col`` names series each at its own time of day (tickers closing
    at their exchanges' hours): it varies within a date, repeats across dates, and a date's
    rows of one of its values hold one time of day. A meter's 'Read Type' (Actual, Estimated)
    holds many a day; a till's receipt numbers never repeat, or only on the lines of one
    sale: neither names series; nor a shop's customers, each on a few days at another hour."""
    cells = pd.Series(stripped(frame[col]).to_numpy())
    if cells.groupby(dates.asi8).nunique().max() < 2 or cells.nunique() > len(cells) / 2:
        return False
    # values on one date only, as many as the data has dates: a sale's lines under its receipt
    # number (Square's 'Transaction ID'), no series (a few tickers listed lately are series)
    days, dated = pd.Series(dates.asi8).groupby(cells.to_numpy()).nunique(), dates.nunique()
    if (days == 1).sum() >= dated:
        return False
    times = pd.Series(clock.to_numpy())
    # and each at the same time on most dates, or on most dates at all (a ticker's last trade,
    # a few minutes apart): a shop's customers, who buy on a few days at any hour, are no
    # series of their own times (a PayPal export's 'Name')
    usual = times.groupby(cells.to_numpy()).agg(lambda t: t.value_counts().iloc[0] / len(t))
    present = days / dated
    return bool(times.groupby([dates.asi8, cells.to_numpy()]).nunique().mean() < 2
                and (usual.mean() >= 0.5 or present.mean() >= 0.5))


def _clock_times(col: pd.Series) -> bool:
    """Whether every cell of ``col`` is a clock time ('00:15')."""
    return bool(stripped(col.iloc[:100]).str.fullmatch(_CLOCK).all()
                and stripped(col).str.fullmatch(_CLOCK).all())


def add_time_of_day(name: str, frame: pd.DataFrame, col: str,
                    dates: pd.DatetimeIndex) -> tuple[pd.DatetimeIndex, str]:
    """``dates`` plus the times of day in ``col`` (``time_of_day_column``), and why."""
    cells = stripped(frame[col])
    if norm(col) in PERIOD_NAMES:
        periods = cells.astype(int).to_numpy()
        per_day = periods_per_day(periods, dates)
        offset = pd.to_timedelta(period_starts(periods, dates, per_day, norm(col) in BRITISH),
                                 unit="s")
        return pd.DatetimeIndex(dates + offset), f"{per_day} periods a day in {col!r}"
    if (norm(col) in _HOUR_NAMES and cells.str.fullmatch(_WHOLE_HOUR).all()) or (
            norm(col) == "time" and _whole_hours(cells)):  # whole hours, or a 'Time' of them
        hours = cells.str.extract(r"^(\d{1,2})")[0].astype(int).to_numpy()
        ending = hours.min() >= 1 and hours.max() == 24
        if hours.max() > 24 or (hours.max() == 24 and not ending):
            i = int(np.argmax(hours > 23))
            raise _not_a(name, frame, col, i, "an hour (0-23, or 1-24 for the hour ending)")
        offset = pd.to_timedelta(hours - ending, unit="h")
        why = f"hours {'ending ' if ending else ''}in {col!r}" + (
            ", each row at its hour's start" if ending else "")
    elif norm(col) == "time" and cells.str.fullmatch(_DAY_FRACTION).all():  # Excel's 0.5
        offset = pd.to_timedelta((cells.astype(float) * 86400).round(), unit="s")
        why = f"times of day in {col!r}, as fractions of a day (Excel's)"
    else:
        packed = norm(col) == "time" and cells.str.fullmatch(_HHMMSS).all()  # '153500'
        seconds, bad = _seconds_of_day(packed_clock(cells, strict=False).assign(
            meridiem="").set_axis(range(4), axis=1) if packed else cells.str.extract(_CLOCK))
        if bad.any():
            raise _not_a(name, frame, col, int(np.argmax(bad)), "a time of day")
        offset = pd.to_timedelta(seconds, unit="s")
        why = f"times of day in {col!r}"
    return pd.DatetimeIndex(dates + offset), why


def _seconds_of_day(parts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(seconds since midnight, which are no time of day) of clock times split as ``_CLOCK``
    splits them: hours, minutes, seconds or NaN, and 'AM'/'PM' or NaN."""
    hour, minute = parts[0].astype(int).to_numpy(), parts[1].astype(int).to_numpy()
    second = parts[2].fillna("0").astype(float).to_numpy()
    meridiem = parts[3].str[0].str.lower().to_numpy()  # 'p', 'P.M.': afternoon
    pm, am = meridiem == "p", meridiem == "a"
    bad = (hour > 23) | (minute > 59) | (second >= 60) | ((pm | am) & ((hour < 1) | (hour > 12)))
    hour = np.where(pm, hour % 12 + 12, np.where(am, hour % 12, hour))
    return hour * 3600 + minute * 60 + second, bad


# A time of day written with dots ('18.00.00': UCI's Air Quality, Italian and Finnish exports),
# in a column named like one: elsewhere 'HH.MM.SS' may be a two-digit year's date ('10.03.04')
_DOTTED_CLOCK = r"([01]?\d|2[0-3])\.([0-5]\d)\.([0-5]\d)"
_CLOCK_NAMES = frozenset({"time", "ora", "hora", "heure", "uhrzeit", "zeit", "tid", "klo",
                          "aika", "czas", "tijd", "orario"})


def dotted_clocks(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """``frame`` with a column of times of day written 'HH.MM.SS' beside another named like a
    time written 'HH:MM:SS', said, so that it joins its dates as clock times do (taken for an
    id, it made 24 daily series)."""
    if sum(map(named_like_time, frame.columns)) < 2:  # beside the dates: 'Zeit' of
        return frame  # '01.01.15' alone holds dates
    for col in frame.columns:
        if norm(col) in _CLOCK_NAMES and stripped(frame[col].iloc[:50]).str.fullmatch(
                _DOTTED_CLOCK).all() and (cells := stripped(frame[col])).str.fullmatch(
                _DOTTED_CLOCK).all():
            notes.append(f"times of day in {col!r} written with dots ('{cells.iloc[0]}'), "
                         "read as clock times")
            return frame.assign(**{col: cells.str.replace(".", ":", regex=False)})
    return frame


def dates_carried_down(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """``frame`` with the dates of a grid of bars grouped by day carried down: such a sheet
    writes each date on its day's first row only ('06/17/2024,09:30', ',10:00'; merged cells),
    which a person reads down the column. Only where a column of clock times restarts on
    every dated row and rises on every blank one: other blank dates stay an error."""
    for date_col in (c for c in frame.columns if named_like_time(c)):
        if not frame[date_col].eq("").any():
            continue  # (no strip of every cell where none is empty)
        dates = stripped(frame[date_col])
        blank = (dates == "").to_numpy()
        if not blank.any() or blank[0] or blank.all():
            continue
        for col in frame.columns:
            if col == date_col or not _clock_times(frame[col]):
                continue
            seconds, bad = _seconds_of_day(stripped(frame[col]).str.extract(_CLOCK))
            if not bad.any() and np.array_equal(np.diff(seconds) > 0, blank[1:]):
                notes.append(f"dates in {date_col!r} written on each day's first row only "
                             f"(merged cells): carried down over the times in {col!r}")
                return frame.assign(**{date_col: dates.mask(blank).ffill()})
    return frame


def _whole_hours(cells: pd.Series) -> bool:
    """Whether a 'Time' column holds whole hours, 0-23 or 1-24 (a load's 'Date,Time,Load'),
    not a clock written HHMM."""
    return bool(cells.str.fullmatch(r"\d{1,2}").all()) and int(cells.astype(int).max()) <= 24


def packed_clock(cells: pd.Series, strict: bool = True) -> pd.DataFrame | None:
    """(hours, minutes, seconds) of times written as digits alone: HHMMSS where a cell has
    five digits or six ('93000' is 09:30:00: Excel dropped its 0), else HHMM ('930'); None
    where one is no time of day, or the cells show no clock (``strict``; else they are read
    and checked after)."""
    longest = cells.str.len().max()
    padded = cells.str.zfill(6) if longest > 4 else cells.str.zfill(4) + "00"
    parts = padded.str.extract(r"(\d\d)(\d\d)(\d\d)").astype(int)
    wrong = (parts[0] > 23) | (parts[1] > 59) | (parts[2] > 59)
    # hours 0-23 or store codes 101-103 are no HHMM: its times show three digits and hours
    hhmm = longest > 2 and parts[0].nunique() > 1
    return None if strict and (wrong.any() or not hhmm) else parts


def _not_a(name: str, frame: pd.DataFrame, col: str, i: int, what: str,
           fix: str = "fix the cell") -> InputError:
    return InputError(f"{name}: column {col!r} has {frame[col].iloc[i]!r} at row {i + 1} "
                      f"(line {int(frame.index[i]) + 2}), not {what}", fallback=fix)
