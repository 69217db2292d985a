"""Which character separates a CSV's fields (',' ';' tab or '|'), and the stray one that ends
every data line of some exports."""

from __future__ import annotations

import csv
import io
import itertools
import re

from ..errors import InputError
from .columns import named_like_time
from .numbers import MISSING_TOKENS

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}


def _trailing(row: list[str], width: int) -> bool:
    """A row of one field more than the header's ``width``, the last empty: 'date,value,'."""
    return len(row) == width + 1 and not row[-1].strip()


def _row_names(rows: list[list[str]]) -> bool:
    """Whether every row under the header (``rows[0]``) has one field more, the first its
    number, 1, 2, ...: R's ``write.table`` ('"1","2022-01-01",116' under '"date","orders"');
    without numbers, a table whose names may be shifted."""
    names = [r[0].strip() for r in rows[1:]]
    return len(rows) > 1 and all(len(r) == len(rows[0]) + 1 for r in rows[1:]) and all(
        n.isdigit() for n in names) and [int(n) for n in names] == list(
        range(int(names[0]), int(names[0]) + len(names)))


_FOOTER = 5  # lines of text under a table whose rows end with a delimiter, at most


def without_trailing_delimiters(text: str, delimiter: str, notes: list[str]) -> str:
    """The text without the delimiter that ends every data line (not the header's), or with
    an unnamed first column in the header over rows that each start with their name (R's
    row names): pandas would read the first column as an index and shift every name onto the
    wrong values."""
    lines = text.split("\n")
    filled = list(itertools.islice((i for i, ln in enumerate(lines) if ln.strip()), 50))
    rows = list(csv.reader([lines[i] for i in filled], delimiter=delimiter))
    if _row_names(rows):
        notes.append("each row starts with its name, a column the header does not name (R's "
                     "row names): read as an unnamed column")
        lines[filled[0]] = delimiter + lines[filled[0]]
        return "\n".join(lines)
    if len(filled) < 2 or not lines[filled[1]].rstrip(" ").endswith(delimiter):
        return text  # (the first data line must end with one: most files stop here)
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    ends = [lines[i].rstrip(" ") for i in filled[1:]]  # not rstrip(): a tab is a delimiter
    data = len(ends)  # ... but a footer's last lines of text (RTE's disclaimer), dropped later
    while data and not ends[data - 1].endswith(delimiter) and len(ends) - data < _FOOTER:
        data -= 1
    if not data or not all(line.endswith(delimiter) for line in ends[:data]):
        return text
    if not all(_trailing(r, len(rows[0])) for r in rows[1:data + 1]):
        return text
    for i, line in zip(filled[1:data + 1], ends[:data], strict=True):
        lines[i] = line[: -len(delimiter)]
    notes.append(f"every data line ends with a {DELIMITER_NAMES[delimiter]} the header "
                 "does not: read without it")
    return "\n".join(lines)


def detect_delimiter(name: str, text: str, times_alone: bool = False) -> str:
    """Pick the delimiter that splits the header and the first lines into the same >= 2 fields
    (or none, to read a single column, where ``times_alone``)."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best: tuple[float, int, int] | None = None
    choice = None
    for rank, delim in enumerate(DELIMITERS):
        try:
            rows = list(csv.reader(lines, delimiter=delim))
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        body = rows[1:] or rows[:1]
        agree = sum(len(r) == width for r in body) / len(body)
        ended = len(body) - next((k for k, r in enumerate(reversed(body)) if _trailing(
            r, width)), len(body))  # ... the lines of text of a footer under them aside
        if (ended and all(_trailing(r, width) for r in body[:ended])
                and len(body) - ended < _FOOTER) or _row_names(rows):
            agree = 1.0  # 'date,value,' on every line, or R's row names before each
        # then the one whose cells read as values: 'Datum;Umsatz, EUR' over '01.01.2022;992,52'
        # splits at both, but at ',' into '01.01.2022;992' and '52'
        score = (agree, width, _plain_share(body), -rank)
        if best is None or score > best:
            best, choice = score, delim
    if choice is None and (times_alone or _values_alone(lines)):
        return ","  # one column: read as it is
    if choice is None or (best is not None and best[0] < 0.5):
        header = repr(lines[0][:60] if lines else "")
        why = "has a single column" if choice is None else _other_fields(lines, choice)
        raise InputError(f"{name}: does not look like a CSV table (the header {header} {why}); "
                         "a time column and a value column are needed, separated by ',' ';' "
                         "tab or '|'", advice=[(("--duplicates",), "for a log of events, "
                                                "--duplicates count counts its rows a step")]
                         if choice is None and _times_alone(lines[1:]) else ())
    return choice


def _other_fields(lines: list[str], delimiter: str) -> str:
    """Why the header splits into other fields than the rows under it: fewer in every row (an
    export whose header gained 'Volume' over rows without it), or more (2,077.42 unquoted)."""
    rows = list(csv.reader(lines, delimiter=delimiter))
    widths = {len(r) for r in rows[1:]}
    if len(widths) == 1 and (width := widths.pop()) < len(rows[0]):
        return (f"has {len(rows[0])} fields, its rows {width}: a column added to the header, "
                "or left out of the rows?")
    return "splits into other fields than its rows: a comma inside a value, as in 2,077.42? " \
           "quote such values"


def _times_alone(lines: list[str]) -> bool:
    """Whether the lines of a single column hold times, not numbers: a log of events."""
    def time_like(cell: str) -> bool:
        try:
            float(cell)
        except ValueError:
            return re.search(r"\d[-/.:]\d", cell) is not None
        return False
    return bool(lines) and all(time_like(line.strip()) for line in lines)


def _values_alone(lines: list[str]) -> bool:
    """Whether the lines of a single column, under its name or not, hold numbers alone (a
    spreadsheet's column of values copied out): 2 or more, each a plain number (quoted or
    not) or a missing value; not under a name of times ('date' over 20240201: times alone)."""
    cells = [line.strip().strip('"').strip() for line in lines]
    named = bool(cells) and not _PLAIN_NUMBER.fullmatch(cells[0])
    if named and named_like_time(cells[0]):
        return False
    body = cells[1:] if named else cells
    numbers = [c for c in body if c.lower() not in MISSING_TOKENS]
    return len(numbers) >= 2 and all(_PLAIN_NUMBER.fullmatch(c) for c in numbers)


_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


# a number or a date ('1 250 046,13' with no-break spaces, as Russian Excel groups digits)
_PLAIN = re.compile("\\s*[-+(]?[\\d.,' /:\u00a0\u202f-]*\\d[\\d.,' /:\u00a0\u202f-]*[)%]?\\s*")


_NAMED_MONTH = re.compile(r"\s*[^\W\d_]{3,}\.?[ -]?\d{2,4}\s*")  # 'Январь 2016', 'Jan-18'


def _plain_share(rows: list[list[str]]) -> float:
    """The share of the cells of ``rows`` that hold a plain number or date and nothing else."""
    cells = [c for r in rows for c in r if c.strip()]
    return sum(_PLAIN.fullmatch(c) is not None or _NAMED_MONTH.fullmatch(c) is not None
               for c in cells) / max(len(cells), 1)


def refuse_wider_first_row(name: str, text: str, delimiter: str, skipped: int = 0) -> None:
    """A first data row with more fields than the header: pandas would read its first column
    as an index and put every name over the next column's values; said as a line of the
    file with too many fields (``skipped``: the lines above the text, in the file)."""
    records = csv.reader(io.StringIO(text), delimiter=delimiter)
    header, first = (next((r for r in records if any(f.strip() for f in r)), None)
                     for _ in range(2))
    if header is not None and first is not None and len(first) > len(header):
        line = skipped + next(i for i, ln in enumerate(
            itertools.islice(text.split("\n"), 1, None), 2) if ln.strip())
        raise InputError(f"{name}: line {line} has {len(first)} fields but the header has "
                         f"{len(header)}; fix that line (a stray delimiter or quote?)")



_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_SPACED_ROWS = 3  # lines in a row of one width, mostly numbers and dates, that make a table


def _valued(cell: str) -> bool:
    """A number or a date, marked or not ('9.8*': the Met Office's estimate), or missing."""
    return _PLAIN.fullmatch(cell.rstrip("*#")) is not None or cell.lower() in MISSING_TOKENS \
        or set(cell) == {"-"}


def _plain_or_missing(rows: list[list[str]]) -> float:
    """The share of the cells of ``rows`` that are numbers, dates or missing ('---', 'NA')."""
    cells = [c for r in rows for c in r]
    return sum(map(_valued, cells)) / max(len(cells), 1)


def _spaced(line: str) -> list[str]:
    """The fields of a line separated by runs of spaces, quoted ones read as a CSV's."""
    return next(csv.reader([line.strip()], delimiter=" ", skipinitialspace=True), [])


def spaced_columns(text: str, notes: list[str]) -> str:
    """``text`` with its columns separated by ',' where runs of spaces separate them (R's
    write.table, station data of the Met Office and NOAA, SILSO's sunspots): _SPACED_ROWS
    lines or more of one width, 2 fields or more, mostly numbers and dates, under a header of
    that width (or none). A units row between them is put under the columns on its right; a
    date and time, or a month and year, under one name are one field; lines of values one word
    wider ('Provisional') give the table a column 'note'. A table with a row of values of
    another width (a blank cell, 'New York'), or with any of ',' ';' tab '|' in its first lines,
    is left as it is."""
    lines = text[:200_000].split("\n")[:200]  # (the whole text split only to convert it)
    head = [i for i, ln in enumerate(lines) if ln.strip()][:80]
    tokens = {i: _spaced(lines[i]) for i in head}
    start = next((k for k in range(len(head) - _SPACED_ROWS + 1)
                  if len(tokens[head[k]]) >= 2 and all(
                      len(tokens[i]) == len(tokens[head[k]]) for i in head[k:k + _SPACED_ROWS])
                  and _plain_or_missing([tokens[i] for i in head[k:k + _SPACED_ROWS]]) >= 0.6),
                 None)
    if start is None or any(d in lines[i] for i in head[max(start - 2, 0):] for d in DELIMITERS):
        return text
    lines = text.split("\n")
    first, width = head[start], len(tokens[head[start]])
    above = head[max(start - 2, 0):start]
    joined = int(bool(above) and len(tokens[above[-1]]) == width - 1 and (_CLOCK.fullmatch(
        tokens[first][1]) is not None or _NAMED_MONTH.fullmatch(" ".join(tokens[first][:2]))
        is not None))  # 'date value' over '2024-01-02 09:30 101.5' or 'Jan 2020 12'
    numbered = [t[0] for i, t in tokens.items() if i >= first] == [  # R's row names
        str(k) for k in range(1, len(head) - start + 1)]
    names = next((i for i in reversed(above) if len(tokens[i]) in (
        width - joined, width - numbered)), None)
    units = {i for i in above if names is not None and i > names and len(tokens[i]) < width}
    rows = {i: _spaced(lines[i]) for i in range(first, len(lines))}
    # a row one word wider, all else values: a note after it ('Provisional'); any other width
    # among the rows of values is a blank cell or a value with a space ('New York'), which
    # splitting would put under the wrong names: left as it was (refused, not misread)
    noted = {i for i, t in rows.items() if len(t) == width + 1 and not _valued(t[-1])
             and all(map(_valued, t[:-1]))}
    if any(len(t) != width and i not in noted and any(map(_valued, t))
           for i, t in rows.items() if t):
        return text
    extra = names is not None and bool(noted)
    for i in range(first if names is None else names, len(lines)):
        cells = rows.get(i) or _spaced(lines[i])
        if not cells or i > first and not any(map(_valued, cells)):
            continue  # (a note under the table, 'Site closed': one cell, as the notes' reader
            # drops them)
        if joined and i >= first and len(cells) > 1:
            cells = [f"{cells[0]} {cells[1]}", *cells[2:]]
        if i in units:  # (of the columns on the right: a date's has none)
            cells = [""] * (width - joined - len(cells)) + cells
        if extra and i == names:
            cells.append("note")
        elif extra and len(cells) == width - joined:
            cells.append("")
        lines[i] = ",".join('"' + c.replace('"', '""') + '"' if set(c) & set(',"') else c
                            for c in cells)
    notes.append("columns separated by spaces: read so" + (
        "; the word after some rows as a column 'note'" if extra else ""))
    return "\n".join(lines)
