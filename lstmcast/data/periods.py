"""Times written as periods or numbers rather than dates, which no strftime code reads:
quarters as statistics offices write them ('2000Q1', '2000-Q1', '2000 Q1', 'Q1 2000', Spain's
INE '2000T1', a broker's '1Q00'),
half-years ('2000-H1', Eurostat's '2000-S1'), ISO weeks ('2020-W01'), R's decimal years, as
``write.csv`` writes the time of a ts object (1949.0833 is February 1949), years numbered from
1 ('1-01': January of year 1), Excel's serial dates (44927 is 2023-01-01: a date cell pasted
as its number), Unix epoch times and numbered steps (1, 2, 3: a time without a calendar).
Each has a pseudo-format name, which a model file stores and --date-format accepts. Also
intervals ('01.01.2021 00:00 - 01.01.2021 01:00'), read at their starts."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..calendar import (
    BARE_WEEKS,
    FISCAL_YEARS,
    FY_QUARTERS,
    FY_YEARS,
    HALF_YEARS,
    ISO_WEEKS,
    QUARTERS,
    SDMX_QUARTERS,
    STEPS,
)
from .columns import norm
from .fiscal import fiscal_years, fy_quarters, fy_years
from .numbers import stripped

_HALF_CELL = re.compile(r"(?:(?P<y1>\d{4})\s*[-/:. ]?\s*[HhSs](?P<p1>[12])|"
                        r"[HhSs](?P<p2>[12])\s*[-/:. ]?\s*(?P<y2>\d{4}))")
# A week marked as one: '2020-W01' (ISO 8601), '2020 KW 1', 'KW 35/2024' (German Kalenderwoche),
# 'CW35 2024', 'Week 35 2024', 'W35 2024'
_WEEK_WORD = r"(?:W|KW|CW|WK|Week)\s*"
_ISO_WEEK = re.compile(rf"(?:(?P<year>\d{{4}})\s*[-/ ]?\s*{_WEEK_WORD}(?P<week>\d{{1,2}})"
                       r"(?:-(?P<day>[1-7]))?|"  # an ISO week date's weekday: '2023-W05-1'
                       rf"{_WEEK_WORD}(?P<week2>\d{{1,2}})\s*[-/. ]?\s*(?P<year2>\d{{4}}))", re.I)
# A week of a column named like one, unmarked: SAP's '2024/35', '2024-35', a 'yearweek' 202435
_BARE_WEEK = re.compile(r"(?P<year>\d{4})\s*[-/.]?\s*(?P<week>\d{1,2})")
_WEEK_NAMES = ("week", "kw", "wk", "woche", "semaine", "semana", "settimana")
DECIMAL_YEARS = "decimal years"
NUMBERED_YEARS = "numbered years"
_NUMBERED_MONTH = re.compile(r"(?P<year>\d{1,2})-(?P<month>0[1-9]|1[0-2])")
EXCEL_DAYS = "excel"
_EXCEL_SERIAL = re.compile(r"[1-9]\d{4}(?:[.,]\d+)?")  # a decimal comma too
_ANY_EXCEL_SERIAL = re.compile(r"\d{1,7}(?:[.,]\d+)?")
# a quarter as 'Q' or, in Spanish, French and Italian (INE's '2023T4'), a 'T' of trimestre
# a broker's '1Q23'; INEGI's '2010/04' (read so where the months would not be regular)
_QUARTER_CELL = re.compile(r"(?:(?P<y1>\d{4})\s*[-/:. ]?\s*[QqTt](?P<p1>[1-4])|"
                           r"[QqTt](?P<p2>[1-4])\s*[-/:. ]?\s*(?P<y2>\d{4})|"
                           r"(?P<p3>[1-4])[Qq](?P<y3>\d{2}|\d{4})|(?P<y4>\d{4})/0(?P<p4>[1-4]))")
_DECIMAL_YEAR = re.compile(r"\d{4}(?:\.\d+)?")
_PER_YEAR = (12, 4)  # months, quarters: the steps a decimal year's fraction is read in
# Weeks and days, which no year holds a whole number of: (steps a year, days a step), R's
# frequency 365.25 / 7 (fpp2's gasoline) before 52 (a year of 52 weeks), 365.25 before 365.
_EVEN_STEPS = ((365.25 / 7, 7), (52, 7), (365.25, 1), (365, 1))
_Y2K = pd.Timestamp("2000-01-01")

# Unix epoch times, by the format name that reads them (also for --date-format) and the number
# of units per second. Detected only in a column named like a time, when every value is a
# number in the range of plausible dates (1980..2100) for exactly one unit and the values are
# sorted: prices and volumes are never taken for times.
UNIX_FORMATS = {"unix": 1, "unix_ms": 10**3, "unix_us": 10**6, "unix_ns": 10**9}
UNIX_WORDS = {"unix": "seconds", "unix_ms": "milliseconds", "unix_us": "microseconds",
              "unix_ns": "nanoseconds"}
_PLAUSIBLE = (315532800, 4102444800)  # 1980-01-01 and 2100-01-01 in seconds since 1970
_EPOCH_TEXT = re.compile(r"[+-]?\d{1,19}(?:\.\d*)?")  # 1609459200, 1609459200000, 1609459200.25

# A quarter in words: IBGE's '1º trimestre 2012', '1er trimestre 2012', '1. Quartal 2012',
# '1st quarter 2012', 'Quarter 1 2012', 'Qtr 1 of 2012'
_QUARTER_WORDS = re.compile(
    r"(?i)^(?:(?P<p>[1-4])\s*(?:º|°|ª|o|er|e|ème|st|nd|rd|th|\.)?\s*(?:trimestre|trim\.|"
    r"quartal|quarter|qtr\.?|kwartaal|kvartal)|(?:quarter|qtr\.?|quartal)\s*(?P<p2>[1-4]))"
    r"\s*(?:de\s+|of\s+|/\s*|-\s*|,\s*)?(?P<y>\d{4})$")


def quarters(values: pd.Series) -> pd.DatetimeIndex:
    """Each quarter's first day; NaT where a value is no quarter. INEGI's '2010/01' is a
    quarter only in a file of three years or more whose every year but the first and the
    last holds exactly 01 to 04: else it is a month (a year to date, January to April)."""
    values = values.str.replace(_QUARTER_WORDS, lambda q: f"{q['y']}Q{q['p'] or q['p2']}",
                                regex=True)
    starts = _parts_of_years(values, _QUARTER_CELL, 3)
    numbered = values.str.fullmatch(r"\d{4}/0[1-4]").to_numpy()
    if numbered.any():
        years = pd.Series(starts.year[numbered])
        inner = years[(years > years.min()) & (years < years.max())]
        if years.nunique() < 3 or not inner.value_counts().eq(4).all():
            starts = starts.where(~numbered, pd.NaT)
    return starts


def half_years(values: pd.Series) -> pd.DatetimeIndex:
    """Each half-year's first day ('1960-H1', 'H1 1960'; Eurostat's '1960-S1'); else NaT."""
    return _parts_of_years(values, _HALF_CELL, 6)


def _parts_of_years(values: pd.Series, cell: re.Pattern, months: int) -> pd.DatetimeIndex:
    """The first day of each part of ``months`` months of a year that ``cell`` reads (its year
    as y1 or y2, its part as p1 or p2); NaT where a value is none."""
    parts = values.str.extract(f"^{cell.pattern}$")
    year = parts["y1"].fillna(parts["y2"])
    part = parts["p1"].fillna(parts["p2"])
    if "y3" in parts:  # '1Q23': a two-digit year as spreadsheets take it (30-99: the 1900s)
        y3 = parts["y3"]
        century = pd.Series(np.where(pd.to_numeric(y3, errors="coerce") >= 30, "19", "20"),
                            index=y3.index)
        year = year.fillna((century + y3).where(y3.str.len() == 2, y3)).fillna(parts["y4"])
        part = part.fillna(parts["p3"]).fillna(parts["p4"])
    text = year + "-" + ((part.astype(float) - 1) * months + 1).map("{:02.0f}".format, "ignore")
    return pd.DatetimeIndex(pd.to_datetime(text, format="%Y-%m", errors="coerce"))


def iso_weeks(values: pd.Series) -> pd.DatetimeIndex:
    """Each ISO week's Monday ('2020-W01', '2020W1', as ISO 8601 writes weeks, or with one
    weekday for all, '2020-W01-1'; 'KW 35/2024', 'Week 35 2024'); NaT where a value is no week
    of its year (W53 only in a year that has one)."""
    parts = values.str.strip().str.extract(f"^{_ISO_WEEK.pattern}$", flags=re.I)
    if parts["day"].nunique() > 1:  # days written as week dates: no weeks ('%G-W%V-%u' reads)
        return pd.DatetimeIndex([pd.NaT] * len(values))
    return _mondays(parts["year"].fillna(parts["year2"]), parts["week"].fillna(parts["week2"]))


def bare_weeks(values: pd.Series) -> pd.DatetimeIndex:
    """ISO weeks of a column named like weeks, unmarked ('2024/35', '202435'): their Mondays."""
    parts = values.str.strip().str.extract(f"^{_BARE_WEEK.pattern}$")
    return _mondays(parts["year"], parts["week"])


def week_formats(colname: str) -> tuple[str, ...]:
    """BARE_WEEKS where the column's name says it holds weeks (a 'Calendar Week', 'yearweek',
    'KW'), which no other column's years and numbers are taken for."""
    words = norm(colname).split()
    return (BARE_WEEKS,) if any(w in _WEEK_NAMES or w.endswith("week") for w in words) else ()


def _mondays(years: pd.Series, weeks: pd.Series) -> pd.DatetimeIndex:
    """The Monday of each ISO (year, week) as text; NaT where there is none."""
    mondays = []
    for year, week in zip(years, weeks, strict=True):
        try:
            mondays.append(pd.Timestamp.fromisocalendar(int(year), int(week), 1))
        except (TypeError, ValueError):
            mondays.append(pd.NaT)
    return pd.DatetimeIndex(mondays)


def decimal_years(values: pd.Series) -> pd.DatetimeIndex:
    """Each decimal year's month or quarter start, read in the steps (12 or 4 a year) that
    every fraction is a whole number of; else, weeks or days from 2000, in the steps of a year
    (``_EVEN_STEPS``) that every value is a whole number of from the others, most of them one
    apart; all NaT when the values are not such years (whole years are left to
    '%Y', but '1960.0' is 1960)."""
    text = values.str.strip()
    missing = pd.DatetimeIndex([pd.NaT] * len(values))
    if not len(text) or not text.str.fullmatch(_DECIMAL_YEAR).all():
        return missing
    numbers = text.astype(float).to_numpy()
    years = np.floor(numbers)
    fraction = numbers - years
    if not fraction.any():  # '1960.0', as pandas writes years beside a missing one: years
        dotted = text.str.contains(".", regex=False).all()
        return pd.DatetimeIndex(pd.to_datetime(
            {"year": years.astype(int), "month": 1, "day": 1})) if dotted else missing
    for per_year in _PER_YEAR:
        steps = fraction * per_year
        if np.all(np.abs(steps - np.round(steps)) < 0.01):
            months = np.round(steps).astype(int) * (12 // per_year) + 1
            return pd.DatetimeIndex(pd.to_datetime(
                {"year": years.astype(int), "month": months, "day": 1}))
    for per_year, days in _EVEN_STEPS:
        # Steps from 2000, and their common fraction (a ts's start), so that a row is dated
        # alike in every file that holds it (a file's tail at predict, the whole at train).
        steps = (numbers - 2000) * per_year
        phase = float(np.angle(np.exp(2j * np.pi * steps).mean()) / (2 * np.pi))
        whole = np.round(steps - phase).astype(np.int64)
        if (np.all(np.abs(steps - phase - whole) < 0.02)
                and np.median(np.diff(np.sort(whole))) == 1):
            return _Y2K + pd.to_timedelta(whole * days + round(phase * days), unit="D")
    return missing


def numbered_years(values: pd.Series) -> pd.DatetimeIndex:
    """Months written 'N-MM', N the number of the year from 1 (the shampoo sales series of
    Makridakis, Wheelwright and Hyndman: '1-01' .. '3-12'): year N is 1900 + N, as the
    tutorials that use it read it; NaT where a value is no such month, all NaT unless a year 1
    is among them and the months follow one another in the order given (the distinct cells of
    the column, as they come): months of 2001-2012 written '1-01' .. '12-12', or days of the
    months '1-01' .. '31-12', are not these. Looked for in a column named like a date only
    (``dates``)."""
    parts = values.str.strip().str.extract(f"^{_NUMBERED_MONTH.pattern}$").astype(float)
    months = (parts["year"] * 12 + parts["month"]).dropna().to_numpy()
    if parts["year"].min() != 1 or not (np.diff(months) == 1).all():
        return pd.DatetimeIndex([pd.NaT] * len(values))
    return pd.DatetimeIndex(pd.to_datetime({"year": 1900 + parts["year"],
                                            "month": parts["month"], "day": 1}))


def excel_days(values: pd.Series, given: bool = False) -> pd.DatetimeIndex:
    """Excel's serial dates (days since 1899-12-30, a fraction for the time of day); all NaT
    unless every value is one. Found (in a column named like a date only, ``dates``: a 'time'
    of seconds or a 'Day Volume' is no date), five digits, 1927 to 2173; ``given``
    (--date-format excel), any from 61 (Excel counts a 29 February 1900 that never was)."""
    text = values.str.strip()
    read = len(text) and text.str.fullmatch(_ANY_EXCEL_SERIAL if given else _EXCEL_SERIAL).all()
    days = text.str.replace(",", ".").astype(float).to_numpy() if read else [0]
    if min(days) < 61:
        return pd.DatetimeIndex([pd.NaT] * len(values))
    return pd.DatetimeIndex(pd.to_datetime(days, unit="D", origin="1899-12-30")).round("s")


def numbered_steps(values: pd.Series) -> pd.DatetimeIndex:
    """Times numbered 1, 2, 3, ... (or from 0), as Nixtla's and M4's long files write a
    series' time (``ds``): step n is n nanoseconds after 1970, a step no clock writes (the
    frequency 'ns', a calendar of none), written back as its number. All NaT unless the
    values are nine in ten whole numbers from 0 or 1 to the largest (the others gaps), so
    years are never steps, or, ten or more, from another start where none reaches a year's
    1000 (a 'Day' of the year, 91 to 334, a few missing)."""
    text = values.str.strip()
    if len(text) and text.str.fullmatch(r"\d{1,4}\.\d+").any() and text.str.fullmatch(
            r"\d{1,4}(?:\.\d+)?").all():  # R's time() of a ts: 1 + k / frequency, which
        # decimal years of months, quarters, weeks or days read as dates (and Excel's serial
        # days, five digits, as times)
        return _ts_steps(text.astype(float).to_numpy()) if decimal_years(
            text).isna().any() else pd.DatetimeIndex([pd.NaT] * len(values))
    if not len(text) or not text.str.fullmatch(r"\d{1,9}").all():
        return pd.DatetimeIndex([pd.NaT] * len(values))
    steps = text.astype(np.int64).to_numpy()
    distinct = np.unique(steps)
    if (distinct[0] > 1 and (distinct[-1] >= 1000 or len(distinct) < 10)) or \
            not _mostly_every(distinct):
        return pd.DatetimeIndex([pd.NaT] * len(values))
    return pd.DatetimeIndex(steps.astype("datetime64[ns]"))


def _mostly_every(distinct: np.ndarray) -> bool:
    """Whether sorted distinct steps are nine in ten of those from the first to the last (the
    others gaps, filled)."""
    return len(distinct) >= 0.9 * (distinct[-1] - distinct[0] + 1)


# R's frequencies of a ts whose time() no calendar reads: days in weeks, hours in days or
# weeks, half-hours in days or weeks (taylor's 336), business days in years (EuStockMarkets');
# first 1, steps written as floats ('1.0', '2.0': pandas's integers beside a missing cell)
_TS_FREQUENCIES = (1, 4, 7, 12, 24, 48, 52, 168, 260, 336, 365)


def _ts_steps(times: np.ndarray) -> pd.DatetimeIndex:
    """R's ts times (1, 1 + 1/f, 1 + 2/f, ... as write.csv writes time(x)) as numbered steps,
    step round(t * f) for the least f of _TS_FREQUENCIES that makes each a whole step (nine
    in ten steps present); all NaT otherwise."""
    for per in _TS_FREQUENCIES:
        steps = times * per
        whole = np.round(steps)
        if np.all(np.abs(steps - whole) < 0.01) and _mostly_every(np.unique(whole)):
            return pd.DatetimeIndex(whole.astype(np.int64).astype("datetime64[ns]"))
    return pd.DatetimeIndex([pd.NaT] * len(times))


LAST_DATED_YEAR = 2161  # a century before pandas's last date: room for forecasts' years
_PANDAS_LAST_YEAR = 2261  # the last whole year of pandas's dates (they end in April 2262)


def years_out_of_range(values: pd.Series, any_year: bool = False,
                       dated: bool = False) -> pd.DatetimeIndex | None:
    """Years that pandas's dates do not reach (before 1678: Arbuthnot's christenings from
    1629, a wheat price index from 1500), or whose forecasts would not (after LAST_DATED_YEAR:
    a projection to 2260 forecast 2263, past 2262), as numbered steps, each its year,
    so that outputs write the years again; None unless every value is a year and one of them
    is out of reach (``any_year``: or none, the recent rows of a model's such years; ``dated``:
    a model's dated years stay dates to 2261). Only a column named like a time is read so
    (never a price of 1500)."""
    text = values.str.strip()
    if not len(text) or not text.str.fullmatch(r"[12]\d{3}").all():
        return None
    years = text.astype(np.int64).to_numpy()
    if years.min() >= 1678 and years.max() <= (_PANDAS_LAST_YEAR if dated else LAST_DATED_YEAR) \
            and not any_year:
        return None
    return pd.DatetimeIndex(years.astype("datetime64[ns]"))


def epochs(values: pd.Series, fmt: str) -> pd.DatetimeIndex:
    """Numbers of the unit of ``fmt`` ('unix', 'unix_ms', 'unix_us', 'unix_ns': InfluxDB's,
    pandas's) since 1970, as UTC times; NaT where a value is no number."""
    numeric = values.str.fullmatch(_EPOCH_TEXT).to_numpy()
    nums = pd.to_numeric(values.where(numeric, None), errors="coerce")
    unit = {"unix": "s", "unix_ms": "ms", "unix_us": "us", "unix_ns": "ns"}[fmt]
    return pd.DatetimeIndex(pd.to_datetime(nums, unit=unit, errors="coerce"))


# The DWD's hours '2023010100' (%Y%m%d%H), or with minutes, not seconds since 1970 in 2034
_HOURS = r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])(?:[0-5]\d)?"


def epoch_unit(values: pd.Series, require_sorted: bool = True) -> str | None:
    """'unix', 'unix_ms', 'unix_us' or 'unix_ns' when every value is a number of that unit
    since 1970 that falls in 1980..2100 (and the values are sorted, either way, in runs: a
    long file's series each restart them, Prometheus' export; not shuffled); else None."""
    codes, distinct = pd.factorize(values)  # each distinct cell once: a panel repeats them
    if not len(values) or (codes < 0).any():
        return None
    distinct = pd.Series(distinct, dtype=object).str.strip()
    if not distinct.str.fullmatch(_EPOCH_TEXT).all() or distinct.str.fullmatch(_HOURS).all():
        return None
    nums = pd.to_numeric(distinct, errors="coerce").to_numpy(dtype=np.float64)
    if not np.isfinite(nums).all():
        return None
    nums = nums[codes]
    if require_sorted and len(nums) > 1:
        steps = np.diff(nums)
        if min((steps < 0).sum(), (steps > 0).sum()) > 0.05 * len(steps):
            return None
    for fmt, scale in UNIX_FORMATS.items():
        if _PLAUSIBLE[0] * scale <= nums.min() and nums.max() < _PLAUSIBLE[1] * scale:
            return fmt
    return None


def padded_months(values: pd.Series) -> pd.Series:
    """Months written 'YYYY.MM' with the trailing zero dropped, as a number column is saved
    (Stats NZ: '2002.09', '2002.1', '2002.11'): '2002.1' is October beside two-digit months,
    never January (written '2002.01'). Other values are returned as they are."""
    head = values.iloc[:200]
    if not head.str.fullmatch(r"\d{4}\.\d{1,2}").all() or not head.str.fullmatch(
            r"\d{4}\.(?:0[1-9]|1[0-2])").any() or not values.str.fullmatch(
            r"\d{4}\.(?:0[1-9]|1[0-2]?)").all():
        return values
    return values.where(~values.str.fullmatch(r"\d{4}\.1"), values + "0")


_DATE_PART = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
# ENTSO-E's '01.01.2021 00:00 - 01.01.2021 01:00'; ISO 8601's and pandas' periods
# '2021-01-04/2021-01-10'; a call centre's '08:00 - 08:30' (Avaya's '8:00 AM-8:30 AM')
_CLOCK_AT = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
_INTERVAL = re.compile(rf"(?P<start>\S*{_DATE_PART}[^-/]*?)(?:\s+-\s+|/)\S*{_DATE_PART}.*|"
                       rf"(?P<clock>{_CLOCK_AT})\s*-\s*{_CLOCK_AT}")


def interval_starts(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Columns of time intervals ('01.01.2021 00:00 - 01.01.2021 01:00', as ENTSO-E writes
    its market time units) read at each interval's start; the frame as it is without any."""
    for col in frame.columns:
        parts = stripped(frame[col]).str.extract(f"^(?:{_INTERVAL.pattern})$") if (
            stripped(frame[col].iloc[:50]).str.fullmatch(_INTERVAL).all()) else None
        starts = None if parts is None else parts["start"].fillna(parts["clock"])
        if starts is not None and starts.notna().all():
            frame = frame.assign(**{col: starts.str.strip()})
            notes.append(f"column {col!r} holds intervals: each read at its start")
        elif (hours := _hour_starts(frame[col])) is not None:
            frame = frame.assign(**{col: hours})
            notes.append(f"column {col!r} holds hours from one to the next: each read at its "
                         "start")
    return frame


_HOUR_RANGE = r"(\d{1,2})\s*-\s*(\d{1,2})"  # Nord Pool's '00 - 01'


def _hour_starts(col: pd.Series) -> pd.Series | None:
    """The starts ('13:00') of a column of hours written as ranges ('13 - 14', each ending an
    hour after it starts); None for any other column (age bands '18 - 24', scores '3 - 1')."""
    if not stripped(col.iloc[:50]).str.fullmatch(_HOUR_RANGE).all():
        return None
    parts = stripped(col).str.extract(f"^{_HOUR_RANGE}$")
    if parts.isna().any(axis=None):
        return None
    start, end = parts[0].astype(int), parts[1].astype(int)
    if (start > 23).any() or ((start + 1) % 24 != end % 24).any():
        return None
    return start.map("{:02d}:00".format)


# Each pseudo-format's reader, by the name a model file stores and --date-format accepts
READERS = {QUARTERS: quarters, HALF_YEARS: half_years, ISO_WEEKS: iso_weeks, BARE_WEEKS: bare_weeks,
           FISCAL_YEARS: fiscal_years, FY_YEARS: fy_years, FY_QUARTERS: fy_quarters,
           DECIMAL_YEARS: decimal_years, EXCEL_DAYS: excel_days, NUMBERED_YEARS: numbered_years,
           STEPS: numbered_steps,
           SDMX_QUARTERS: lambda v: quarters(v).where(v.str.fullmatch(r"\d{4}-Q[1-4]"))}


def consecutive_years(col: pd.Series) -> bool:
    """Whole numbers 1000..2999 that step by one year (either way): years without a name."""
    text = col.str.strip()
    if not text.str.fullmatch(r"[12]\d{3}").all() or len(text) < 2:
        return False
    steps = np.diff(text.astype(int).to_numpy())
    return bool(np.all(steps == 1) or np.all(steps == -1))


def past_its_year(cells: pd.Series) -> int | None:
    """The position of the first of the cells, a year and its day ('2023366'), whose day lies
    past its year's end (366 of a year of 365); None where none does."""
    years, days = cells.str[:4].astype(int), cells.str[4:].astype(int).to_numpy()
    leap = ((years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))).to_numpy()
    past = np.flatnonzero(days > 365 + leap)
    return int(past[0]) if past.size else None
