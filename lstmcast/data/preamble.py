"""The lines above a table's header, and where its header is: titles, dates and notes (the
World Bank's, Google Trends'), '#' comments (KNMI's header among them), InfluxDB's annotations,
Excel's 'sep=;', a logger's station line, a key and its value (Bloomberg's BDH)."""

from __future__ import annotations

import csv
import re

from .dates import named_like_time
from .delimiters import DELIMITERS
from .headerless import DATE_CELL, NUMBER_CELL
from .numbers import MISSING_TOKENS

_INFLUX = re.compile(r"#(?:group|datatype|default),")  # InfluxDB's annotations


def preamble(text: str) -> tuple[int, str | None]:
    """(lines above the header, the delimiter they name or None): titles, dates, notes (World
    Bank, Google Trends, '# ...' comments, InfluxDB's '#group,...', Excel's 'sep=;', Open-Meteo's
    place, a Campbell logger's station). 0 when the first line heads the table: two names or
    more over lines of its width (two, or one under six names or more: a World Bank country's
    years). A line above a header holds at most half as many cells (or one), or the lines above
    are a block of another width ended by a blank line: never a header over other rows."""
    lines = text.split("\n", 80)[:80]
    if notes := next(i for i, ln in enumerate([*lines, ""]) if not _INFLUX.match(ln)):
        return notes + (rest := preamble(text.split("\n", notes)[-1]))[0], rest[1]
    first = lines[0].strip(" \r")
    if re.fullmatch(r"sep=[,;\t|]", first, re.I):
        return 1, first[4]
    if first.startswith(('"TOA5"', "TOA5,")):  # a Campbell logger's file: its station first
        return 1, ","
    if first.startswith(('"Title",', "Title,")) and any(  # the ONS's: ``tidy.ons_series``
            ln.startswith(('"CDID",', "CDID,")) for ln in lines[1:10]):
        return 0, ","
    if first.startswith("#") and (commented := _commented_header(lines)) is not None:
        return commented
    if (named := _header_before_data(lines)) is not None:
        return named
    blank = next((i for i, line in enumerate(lines[:6]) if not line.strip()), None)
    for at in range(min(20, len(lines) - 1)):
        for delim in DELIMITERS:
            rows = fields(lines[at:], delim)
            if not _heads_table(rows):
                continue
            if at == 0:
                return 0, None
            named = [c for c in rows[0] if c.strip()]
            if all(NUMBER_CELL.fullmatch(c.strip()) or DATE_CELL.fullmatch(c.strip())
                   for c in named):
                continue  # a row of numbers and dates under a header of few names ('Date,,')
            above = fields(lines[:at], delim)
            if all(sum(bool(c.strip()) for c in r) <= max(1, len(named) // 2) for r in above):
                return at, delim
            if blank and blank < at and not lines[at - 1].strip() and all(
                    len(r) != len(rows[0]) for r in above if any(c.strip() for c in r)):
                return at, delim  # Open-Meteo: the place and its zone, a blank line, a table
    return 0, None


def _commented_header(lines: list[str]) -> tuple[int, str] | None:
    """(line, delimiter) of the header among '#' comments over the data, as KNMI writes it
    ('# STN,YYYYMMDD,DDVEC,   FG' over '  260,20210101,   93,   10'): the last comment line of
    names as many as the first line of data has fields; None without one."""
    at = next((i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith(
        "#")), None)
    if not at or not _DATA_CELL.match(lines[at].strip().strip('"')):
        return None  # (a header of its own under the comments: '# Source: FRED, ...')
    for delim in DELIMITERS:
        width = len(fields(lines[at:at + 1], delim)[0])
        for i in range(at - 1, -1, -1):
            names = fields([lines[i].lstrip().lstrip("#")], delim)[0]
            if width >= 2 and len(names) == width and all(
                    c.strip() and not _DATA_CELL.match(c.strip()) for c in names):
                return i, delim
    return None


def _header_before_data(lines: list[str]) -> tuple[int, str] | None:
    """(line, delimiter) of the header right above the first rows of data, when lines come
    before it: the rows' width, every cell a name. A title of that width (EIA's 'Cushing OK
    WTI Spot Price FOB, Daily', 'Back to Contents,...', 'Sourcekey,...') or 26 '#' comment
    lines (NOAA's) above it are no header. None when the first line heads the data. A row
    is data when a cell starts with a digit, a sign or a currency, names a month and a year
    ('Jan 2020') or is a missing value ('2020-01,NA' is data under 'month,sales'); a key and
    its value in the first lines (``_key_and_value``) are read past."""
    def data(row: list[str]) -> bool:
        return any(_DATA_CELL.match(c.strip()) or c.strip().lower() in _MISSING for c in row)

    for delim in DELIMITERS:
        rows = fields(lines, delim)
        for i in range(1, len(rows) - 3):
            width = len(rows[i])
            if width < 2 or not data(rows[i]) or any(len(r) != width for r in rows[i + 1:i + 3]) \
                    or width == 2 and rows[i][0].strip().endswith(":"):  # a key: BLS's 'Years:,'
                continue
            above = rows[i - 1]
            # every line ended by the delimiter (mBank's 'a;b;'): an empty last cell under it
            # too, two names at least, over rows each led by its time or number (not a bank's
            # address, '90-959 Łódź;', nor the Bundesbank's 'Stand vom;22.04.2024;')
            ended = width > 2 and not above[-1].strip() and all(
                not r[-1].strip() and _DATA_CELL.match(r[0].strip()) for r in rows[i:i + 3])
            if i > 1 and len(above) == width and all(c.strip() for c in above[:-1]) and (
                    above[-1].strip() or ended) and not data(above):
                # a row of units ('UTC,degC,m/s') under the header that names the time
                units = not any(map(named_like_time, above)) and len(rows[i - 2]) == width \
                    and any(map(named_like_time, rows[i - 2]))
                return i - 1 - units, delim
            run = next((k for k in range(i, len(rows)) if len(rows[k]) != width), len(rows))
            if run - i < 5 and run < len(rows) and not "".join(rows[run]).strip() and not all(
                    data(r) for r in rows[i:run]):
                continue  # a few rows ended by a blank line, not all data: a preamble's block
                # (an address); rows of data over a blank line are the table (appended exports)
            if not _key_and_value(rows[i]) or i > _KEYS_ABOVE:
                break  # a row of data: the table starts here, under no header
            # a key and its value ('Start Date,06/01/2017,', Bloomberg's BDH): read on
    return None


_KEYS_ABOVE = 12  # lines a title of keys and values above a header takes at most


def _key_and_value(row: list[str]) -> bool:
    """Whether a row is a name and one value padded to the table's width, as Bloomberg's
    BDH writes 'Start Date,06/01/2017,' above its 'Dates,PX_LAST,PX_VOLUME': a row of data
    fills its cells ('AAPL,2020-01-02,300.35'; 'Q4 2010,—') or starts with its time."""
    cells = [c.strip() for c in row]
    return (len(cells) >= 3 and not _DATA_CELL.match(cells[0]) and "" in cells[1:]
            and sum(map(bool, cells)) == 2)


_MISSING = MISSING_TOKENS - {""}  # a cell of data: an empty one is in any row
_DATA_CELL = re.compile(r"[\d+\-.($€£¥]|[A-Za-z]{3,9}\.?[ -]\d")


def _heads_table(rows: list[list[str]]) -> bool:
    """Whether the first row heads a table of the rows below: it names two columns or more,
    or all but one (pandas' unnamed index), not all numbers, and the rows below have its
    number of fields (two at least, or one under six names or more), notes under them aside."""
    named = [c for c in rows[0] if c.strip()]
    if any(not c.strip(" ,;\t|") for c in named):  # ';;': a ';' line split at its ','
        return False
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    width = len(rows[0])
    while width > 2 and len(body) > 2 and len(body[-1]) == 1:
        body = body[:-1]  # BEA's 'Legend / Footnotes:'
    return not (width < 2 or (len(named) < min(2, width - 1) and not _over_years(rows[0], body))
                or all(NUMBER_CELL.fullmatch(c.strip()) for c in named)
                or len(body) < (1 if len(named) >= 6 else 2)
                or sum(len(r) == width for r in body) < 0.9 * len(body))


def _over_years(header: list[str], body: list[list[str]]) -> bool:
    """Whether ``header`` names its last column alone over rows led by a year (Destatis's
    GENESIS tables of one value: ';;Verbraucherpreisindex' over '2014;Januar;99,0'), whose
    unnamed columns are the year and its months; not a label over a header of names under it
    (',,,Returns' over 'Year,Month,Sales,'), whose rows above the years hold the last cell
    alone, as GENESIS's units (';;2020=100') do."""
    lead = next((i for i, r in enumerate(body) if re.fullmatch(r"\d{4}", r[0].strip())), 0)
    if any(any(c.strip() for c in r[:-1]) for r in body[:lead]):  # a header row under it
        return False
    return bool(header[-1].strip()) and not any(c.strip() for c in header[:-1]) and sum(
        bool(re.fullmatch(r"\d{4}", r[0].strip())) for r in body) >= 0.9 * len(body)


def fields(lines: list[str], delimiter: str) -> list[list[str]]:
    try:
        return [row or [""] for row in csv.reader(lines, delimiter=delimiter)]
    except csv.Error:
        return [[line] for line in lines]
