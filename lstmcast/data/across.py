"""Tables whose header names the times: World Bank, OECD, Zillow and Johns Hopkins exports write
one row per series and one column per year, month or day ('Country Name', ..., '1960', '1961',
...); M4's files one row per series and numbered columns ('V1' the id, 'V2', 'V3', ... its
values, as long as each series is). Turned into the long layout (an id, a time and a value
column) that loading reads."""

from __future__ import annotations

import re

import pandas as pd

from ..errors import InputError
from ..panel import unnamed
from ..weekdays import MONTHS
from .columns import norm, show_list
from .dates import detect_time_column, named_like_time, parse_time_column
from .ids import named_like_id
from .joined import YEAR_COLUMNS
from .month_names import month_word
from .numbers import looks_numeric, missing_mask, stripped
from .periods import consecutive_years

VALUE_COL = "value"
STEP_COL = "time"  # numbered steps across: named like a time, so loading reads its numbers so
_MIN_TIMES = 6  # header cells that read as times, in a row, before a table is read across
_PIVOT_FIELDS = ("month", "mon", "mo", "quarter", "qtr", "q")
# a row labelled by a part of the year or week ('Jan', 'Q1', 'W1', 'Week 1', 'Mon'): a pivot's
# calendar, never a financial statement's metric
_CALENDAR_LABEL = re.compile(r"(?i)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|"
                             r"wed|thu|fri|sat|sun)|[qhwk]\d|week|qtr|quarter|half")
_FLAG = re.compile(r"(?<=\d)\s+[bcdefnprsuz]{1,3}\s*$")
# '1960', '2020-01', '2020Q1', '1/22/20', '31 Dec 23'; QuickBooks' 'Jan 2021'
# ... and China's NBS '2021年1月', Japan's '2021年1月1日'
_TIME_LABEL = re.compile(rf"(?:(?i:{'|'.join(MONTHS)})[a-z]*\.? )?\d[\dA-Za-z/.:\- ]*|"
                         r"\d{4}年\d{1,2}月(?:\d{1,2}日)?")
_DATABANK = re.compile(r"\s*\[YR\d{4}\]$")  # the World Bank DataBank's '1990 [YR1990]'
# a period marked provisional: KOSIS's '2023.10 p)', '2023 (p)' (not '2024*' nor '2025 e)',
# which may be projections: left out, as before)
_MARKED = re.compile(r"\s*\(?[pP]\)$")


def times_across(name: str, frame: pd.DataFrame, notes: list[str], date_format: str | None = None
                 ) -> tuple[pd.DataFrame, list[str]] | None:
    """(the long frame, its id columns) of a table whose header writes the times, or None for
    any other table.

    The times are the longest run of header cells that read as times (with ``date_format``
    when given), in order either way, at least six and at least half the columns, when no
    other column reads as the time (a wide file of stores numbered 2001..2010 beside a 'Date'
    or a 'year' is not years). The series are named by the first text column with a value
    per row ('Country Name'), else the first whole-number one ('FIPS', a ZIP code), else the
    text columns that vary, together ('Province/State', 'Country/Region'); other columns are
    left out ('Indicator Code', 'Lat'), and said. A month or quarter column beside years
    across ('Month,2019,2020,...': a pivot) stays, to be joined with them. Rows keep their
    index: errors name the row's line."""
    labels = [_DATABANK.sub("", str(c).strip()) for c in frame.columns]
    if len(set(unmarked := [_MARKED.sub("", label) for label in labels])) == len(labels):
        labels = unmarked  # ('2023' beside '2023 p)': the marked one left out, as before)
    start, length = _longest_run([bool(_TIME_LABEL.fullmatch(label)) for label in labels])
    # a month or quarter column beside years ('Month,2020,...,2024': a pivot) tells fewer
    pivot = any(norm(c) in _PIVOT_FIELDS for c in frame.columns) and all(
        re.fullmatch(r"\d{4}", label) for label in labels[start:start + length])
    if length < (2 if pivot else max(_MIN_TIMES, len(labels) / 2)):
        return None
    run, written = list(frame.columns[start:start + length]), labels[start:start + length]
    time_col = "Year" if all(re.fullmatch(r"\d{4}", label) for label in written) else "Date"
    try:
        times, _, _ = parse_time_column(name, time_col, pd.Series(written), date_format)
    except InputError:
        return None
    if not (times.is_monotonic_increasing or times.is_monotonic_decreasing) or not times.is_unique:
        return None
    others = [c for c in frame.columns if c not in run]
    frame = _values_rows(frame, others, run, notes)
    # a label named like a time over words ('Year' over 'Revenue', 'Net Income': the corner
    # of a financial statement's years across) names the rows, as 'Metric' would
    worded = [c for c in others if named_like_time(c) and "\\" not in c and norm(c) not in
              _PIVOT_FIELDS and not looks_numeric(frame[c]) and not stripped(frame[c]).str.match(
                  _CALENDAR_LABEL).any() and not _holds_times(name, frame, [c], date_format)]
    if len(worded) == 1 and "series" not in others:
        frame = frame.rename(columns={worded[0]: "series"})
        others = ["series" if c == worded[0] else c for c in others]
        time_col = "Period" if worded[0] == time_col else time_col  # (predict finds it again)
    if {time_col, VALUE_COL} & set(others) or _holds_times(name, frame, others, date_format):
        return None
    calendar = [c for c in others if norm(c) in _PIVOT_FIELDS and time_col == "Year"]
    if any((named_like_time(c) or norm(c) in ("week", "wk")) and "\\" not in c for c in others
           if c not in calendar):  # Eurostat's 'geo\\time' names the series, then the times
        return None  # a 'Week' of '2021-W01' beside numbered columns: not a table of years
    rest = [c for c in others if c not in calendar]
    ids = _series_names(frame, rest) if rest or not calendar else []
    if ids is None:  # a heading without values ('Expenses' above its accounts) names no
        # series, and may share its name with one (QuickBooks' 'Cost of Goods Sold' heading)
        frame = frame[~pd.concat([stripped(frame[c]).eq("") for c in run], axis=1).all(axis=1)]
        ids = _series_names(frame, rest)
    if ids is None or (not ids and not calendar and len(frame) > 1):
        return None
    long = frame.melt(id_vars=[*ids, *calendar], value_vars=run, var_name=time_col,
                      value_name=VALUE_COL, ignore_index=False)
    long[time_col] = long[time_col].astype(str).str.strip().str.replace(
        _DATABANK, "", regex=True).str.replace(_MARKED, "", regex=True)
    if marked := [str(c).strip() for c in run if _MARKED.search(str(c).strip())]:
        notes.append(f"{len(marked)} period(s) marked provisional in the header "
                     f"({show_list(marked, 3)}): read as their periods")
    if any("\\" in str(c) for c in ids):  # Eurostat's key: '124.71 p' is provisional 124.71
        long[VALUE_COL] = long[VALUE_COL].str.replace(_FLAG, "", regex=True)
    left_out = [c for c in others if c not in (*ids, *calendar)
                and not (stripped(frame[c]) == "").all()]
    notes.append(f"times run across the header ({labels[start]!r} to "
                 f"{labels[start + length - 1]!r}, {length} columns)"
                 + (f", with {show_list(calendar)}" if calendar else ": a series per row")
                 + (f"; left out {show_list(left_out, 4)}" if left_out else ""))
    return long, ids


def _values_rows(frame: pd.DataFrame, others: list, run: list, notes: list[str]
                 ) -> pd.DataFrame:
    """The rows of ``frame`` that hold values where an 'Attribute' column tells them from rows
    of flags, with no number under the times ``run`` (the IMF's 'Value' and 'Status' rows of
    each series: 'P', provisional), said; else ``frame`` (a trade table's 'Value', 'Quantity'
    and 'Unit value' rows are each a series)."""
    attribute = next((c for c in others if norm(c) == "attribute"), None)
    if attribute is None:
        return frame
    kind = stripped(frame[attribute]).str.casefold()
    others_rows = frame.loc[(kind != "value").to_numpy(), run]
    if not (kind == "value").any() or (kind == "value").all() or any(
            stripped(others_rows[c]).str.contains(r"\d").any() for c in run):
        return frame
    flags = list(dict.fromkeys(stripped(frame[attribute])[kind != "value"]))
    notes.append(f"left out the rows of {attribute!r} {show_list(flags, 3)}: flags of the "
                 "'Value' rows, which are the series")
    return frame[kind == "value"]


def _series_names(frame: pd.DataFrame, candidates: list) -> list | None:
    """The columns naming a table's rows (none for one row), or None when none can."""
    if len(frame) == 1:
        return []
    cells = {c: stripped(frame[c]) for c in candidates}
    filled = [c for c in candidates
              if not (cells[c] == "").any() and not cells[c].duplicated().any()]
    text = [c for c in filled if not looks_numeric(frame[c])]
    whole = [c for c in filled if c not in text and cells[c].str.fullmatch(r"\d+").all()]
    if text or whole:
        return [(text or sorted(whole, key=lambda c: not named_like_id(c)))[0]]
    varying = [c for c in candidates if cells[c].nunique() > 1 and not looks_numeric(frame[c])]
    if len(varying) > 1 and not frame[varying].duplicated().any():
        return varying
    return None


def _longest_run(flags: list[bool]) -> tuple[int, int]:
    """(start, length) of the longest run of True."""
    best, start = (0, 0), None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            best = max(best, (start, i - start), key=lambda run: run[1])
            start = None
    return best


def _holds_times(name: str, frame: pd.DataFrame, others: list, date_format: str | None) -> bool:
    """Whether a column besides the header's times reads as the time, as loading would find."""
    if not others:
        return False
    try:
        detect_time_column(name, frame[others], [str(c) for c in others], date_format)
    except InputError:
        return False
    return True


def months_across(frame: pd.DataFrame, notes: list[str]) -> tuple[pd.DataFrame, list] | None:
    """(the long frame, its id columns) of a table of a year per row and its months across the
    header (BLS's, NOAA's, GISS's 'Year,Jan,...,Dec,Annual'; a station's or a series' name
    before the year), or None for any other table: the year column (named so) and a 'Month'
    column, which loading joins, each year's months in order. The empty months after the
    last value (the current year's to come) are left out, as are the columns after the
    months (an annual mean, seasons' means) and those before them that name nothing, said."""
    keys = [(month_word(str(c)) or "").upper() for c in frame.columns]  # 'Mär', 'Dez' too
    at = next((i for i in range(len(keys) - 11) if keys[i] and tuple(keys[i:i + 12]) == (
        MONTHS[MONTHS.index(keys[i]):] + MONTHS[:MONTHS.index(keys[i])])), None)
    if at is None or len(frame) < 2 or "Month" in frame.columns:
        return None
    months, first = list(frame.columns[at:at + 12]), MONTHS.index(keys[at])
    # calendar years from January; financial years ('2012-13') from the month they open on
    # ('1950.0': statsmodels' elnino; the years of R's matrix its row names, without a name)
    written = r"\d{4}(?:\.0+)?" if not first else r"(\d{4})\s*[-/]\s*\d{2}(?:\d{2})?"
    years = [c for c in frame.columns[:at] if (norm(c) in (*YEAR_COLUMNS, "financial year",
                                                           "fiscal year", "fy") or unnamed(c)
                                               and consecutive_years(frame[c]))
             and stripped(frame[c]).str.fullmatch(written).all()]  # not 'Store' 2101..2106
    if len(years) != 1:
        return None
    if unnamed(years[0]):
        frame = frame.rename(columns={years[0]: "Year"})
        years = ["Year"]
    ids = [c for c in frame.columns[:at] if c not in years and stripped(frame[c]).nunique() > 1]
    long = _each_row_in_order(frame.melt(id_vars=[*ids, *years], value_vars=months,
                                         var_name="Month", value_name=VALUE_COL,
                                         ignore_index=False), "Month", months,
                              [m.title() for m in MONTHS[first:] + MONTHS[:first]])
    if first:  # January on is the year after the one a financial year opens in
        opened = stripped(long[years[0]]).str[:4].astype(int)
        later = long["Month"].map(lambda m: MONTHS.index(m.upper()) < first)
        long = long.assign(**{years[0]: (opened + later.astype(int)).astype(str)}).rename(
            columns={years[0]: "Year"})
    if not ids:
        present = ~missing_mask(long[VALUE_COL].astype(str))
        long = long.iloc[: len(long) - int(present[::-1].argmax()) if present.any() else 0]
    left_out = [c for c in frame.columns if c not in (*ids, *years, *months)]
    notes.append(f"a year per row, its months across the header ({months[0]!r} to "
                 f"{months[-1]!r})" + (f", a series per {show_list(ids)}" if ids else "")
                 + (f"; left out {show_list(left_out, 4)}" if left_out else ""))
    return long, ids


def _each_row_in_order(long: pd.DataFrame, col: str, labels: list, written: list
                       ) -> pd.DataFrame:
    """A melted frame back in the table's order: each row's ``labels`` (the header's, in
    ``col``) in their order, written as ``written``; rows keep their index (errors name the
    line)."""
    order = long[col].map({c: k for k, c in enumerate(labels)})
    long = long.assign(**{col: [written[k] for k in order]}, _row=long.index, _k=order)
    return long.sort_values(["_row", "_k"], kind="stable").drop(columns=["_row", "_k"])


_CLOCK_LABEL = re.compile(r"(\d{1,2}):(\d{2})|HE ?(\d{1,2})")  # ERCOT's, PJM's 'HE1'..'HE24'
_DAY_MINUTES = 24 * 60


def clocks_across(name: str, frame: pd.DataFrame, notes: list[str]
                  ) -> tuple[pd.DataFrame, list] | None:
    """(the long frame, its id columns) of a table of a day per row and its times of day
    across the header (a smart meter's 'Date,00:30,01:00,...,24:00'; a meter's name beside
    the date), or None for any other table: a 'Time' column beside the day's, which loading
    joins, each day's times in order. The whole day's periods, every one of a step; labels
    that end their periods (from one step to 24:00, as meters write them) are read as their
    starts. The columns besides the date that vary name the series."""
    labels = [str(c).strip() for c in frame.columns]
    found = [_CLOCK_LABEL.fullmatch(label) for label in labels]
    at = next((i for i, m in enumerate(found) if m), None)
    if at is None or "Time" in labels:
        return None
    run = [int(m[1]) * 60 + int(m[2]) if m[1] else int(m[3]) * 60 for m in found[at:] if m]
    count = len(run)
    step = _DAY_MINUTES // count if count >= 24 else 0
    if not step or step * count != _DAY_MINUTES or not all(found[at:at + count]):
        return None
    ending = run[0] == step
    if run != [step * (k + ending) for k in range(count)]:
        return None
    columns = list(frame.columns[at:at + count])
    others = [c for c in frame.columns if c not in columns]
    dates = [c for c in others if _holds_times(name, frame, [c], None)]
    if len(dates) != 1:  # the day's own column, or it is no such table
        return None
    ids = [c for c in others if c not in dates and stripped(frame[c]).nunique() > 1
           and (named_like_id(c) or not looks_numeric(frame[c]))]  # not a day's 'Total'
    others = [*dates, *ids]
    starts = [f"{step * k // 60:02d}:{step * k % 60:02d}" for k in range(count)]
    long = _each_row_in_order(frame.melt(id_vars=others, value_vars=columns, var_name="Time",
                                         value_name=VALUE_COL, ignore_index=False),
                              "Time", columns, starts)
    left_out = [c for c in frame.columns if c not in (*others, *columns)]
    notes.append(f"a day per row, its times of day across the header ({labels[at]!r} to "
                 f"{labels[at + count - 1]!r}" + (", the ends of their periods: each read as "
                                                  "its start" if ending else "") + ")"
                 + (f", a series per {show_list(ids)}" if ids else "")
                 + (f"; left out {show_list(left_out, 4)}" if left_out else ""))
    return long, ids


_NUMBERED = re.compile(r"(?P<prefix>[A-Za-z_]+)(?P<number>\d+)")  # not bare numbers: years


def steps_across(name: str, frame: pd.DataFrame, notes: list[str]
                 ) -> tuple[pd.DataFrame, list[str]] | None:
    """(the long frame, its id column) of a table of a series per row whose header numbers its
    steps (M4's 'V1', 'V2', ...; M5's 'd_1', ... after its item's columns: the first column
    names the series, the header ends in one prefix and consecutive numbers), or None for any
    other table. Each row's empty cells
    are the steps it does not reach (M4's series are of many lengths): left out. Its times are
    the columns' places ('V2' is step 1); the forecasts continue them."""
    labels = [str(c).strip() for c in frame.columns]
    first = len(labels)  # of the numbered run that ends the header (M5's 'd_1', after 'cat_id')
    while first > 1 and _NUMBERED.fullmatch(labels[first - 1]):
        first -= 1
    found = [_NUMBERED.fullmatch(label) for label in labels[first:]]
    if len(found) < max(_MIN_TIMES, len(labels) / 2) or len(
            {m["prefix"] for m in found}) != 1 or STEP_COL in labels:
        return None
    numbers = [int(m["number"]) for m in found]
    if any(b != a + 1 for a, b in zip(numbers, numbers[1:], strict=False)):
        return None
    ids = stripped(frame[frame.columns[0]])
    if len(frame) < 2 or (ids == "").any() or ids.duplicated().any() or looks_numeric(ids) \
            or _holds_times(name, frame, [frame.columns[0]], None):  # a wide file's dates
        return None
    values = frame[frame.columns[first:]]
    if not all(looks_numeric(values[c]) for c in values.columns[:3]):
        return None
    long = frame.melt(id_vars=[frame.columns[0]], value_vars=list(frame.columns[first:]),
                      var_name=STEP_COL, value_name=VALUE_COL, ignore_index=False)
    long = long[stripped(long[VALUE_COL]) != ""]
    steps = [str(n - numbers[0] + 1) for n in numbers]
    long[STEP_COL] = long[STEP_COL].map(dict(zip(frame.columns[first:], steps, strict=True)))
    left_out = labels[1:first]
    notes.append(f"a series per row, its steps numbered across the header ({labels[first]!r} "
                 f"to {labels[-1]!r}: steps 1 to {steps[-1]}), as M4's and M5's files are"
                 + (f"; left out {show_list(left_out, 4)}" if left_out else ""))
    return long.sort_index(kind="stable"), [str(frame.columns[0])]
