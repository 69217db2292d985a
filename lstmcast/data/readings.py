"""How a file writes its numbers, judged over a whole column: whether a dot is a decimal point
or groups thousands ('3.051' in a German file is 3051), values below a bound ('<1'), and the
all-nines that mark a gap. ``columns`` reads the cells; the loader asks these questions once
per file, and says what it concluded."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .columns import show_list
from .numbers import MISSING_TOKENS, below_bound, cell_text, looks_numeric, to_numbers

# A number whose dot can only be a decimal point: '20.00', '0.500', '1234.5', '1,234.5'
_DOT_DECIMAL = re.compile(r"(?:^|[^\d.,])(?:\d{4,}|0)\.\d|\.\d{1,2}(?!\d)|\.\d{4,}|,\d{3}\.\d")


def shows_dot_decimal(col: pd.Series) -> bool:
    """Whether a cell of the column writes its decimals with a dot: a ';' file that does so
    groups thousands with its commas ('1,000'), whatever its other columns show."""
    return _DOT_DECIMAL.search(cell_text(col)) is not None  # (a cell's start: the line's)


# A number whose dot can only group thousands: '41.191,81', '1.234.567'
_DOT_GROUPS = re.compile(r"\d\.\d{3}(?:,\d|\.\d{3})")


def shows_dot_groups(col: pd.Series) -> bool:
    """Whether a cell of the column groups thousands with dots ('41.191,81'): in a ';' file
    whose commas write decimals, its other dotted numbers ('3.051') group them too."""
    return _DOT_GROUPS.search(cell_text(col)) is not None


# A number whose comma can only mark decimals: '0,19%', '17,50M', '1.234,5', '-3,1415'
_COMMA_DECIMAL = r"[+-]?(?:\d+,(?:\d{1,2}|\d{4,})|\d{1,3}(?:\.\d{3})+,\d+)\s*(?:%|[KMBkmb])?"


def comma_decimal_cell(col: pd.Series, rows: int = 1000) -> str | None:
    """A cell of a column of numbers whose comma can only mark decimals ('0,19%', '17,50M'),
    among its first ``rows``: a ',' file quoting such cells (Investing.com in Portuguese)
    writes its decimals with commas, so its dots group thousands. None when half its cells or
    more are not such numbers."""
    cells = _written_cells(col.head(rows))
    matched = cells.str.fullmatch(_COMMA_DECIMAL)
    return str(cells[matched].iloc[0]) if len(cells) and matched.mean() >= 0.5 else None


def smoother_grouped(as_written: np.ndarray, grouped: np.ndarray) -> bool:
    """Whether the series reads far smoother with its dots as thousands separators: '719'
    beside '1.806' is a step of 1.09 read so, a fall to 1/400 read as written. The mean
    absolute change of the logs of the positive values, three times smaller."""
    def roughness(values: np.ndarray) -> float:
        kept = values[np.isfinite(values) & (values > 0)]
        return float(np.mean(np.abs(np.diff(np.log(kept))))) if len(kept) > 2 else 0.0

    return 3 * roughness(grouped) < roughness(as_written)


def dots_as_groups(name: str, colname: str, col: pd.Series, as_written: np.ndarray,
                   decimal: str, notes, known: bool = False,
                   european: str | None = None) -> np.ndarray | None:
    """The column's values read with its dots as thousands separators where it writes only
    whole numbers below 1000 and numbers like '1.038' (``thousands_dots``) and reads far
    smoother so (``smoother_grouped``: '719' then '1.806' is 1806, not a fall), or is
    ``known`` to (a model's, read so in training: a later export of the last rows alone,
    '1.038' to '1.060', shows no whole number to tell), warned of to ``notes``; or where
    every cell is so written ('12.063', '1.234.567') in a file that writes its numbers the
    European way (``european``, what shows it: ``european_numbers``), noted (warned of where
    only day.month.year dates show it: a Swiss file writes prices '104.313' so); else None. In
    a file whose comma marks decimals but whose apostrophes group thousands (Swiss), a column
    of such numbers read as written is said too: its dots may group thousands (in a file of
    decimal dots, '1.085' is a rate to three places)."""
    warn = notes.warn
    if european and (cell := every_cell_dotted(col)) is not None:
        said = (f"column {colname!r} writes every number with a dot before each three digits "
                f"({cell!r}) in a file with {european}: its dots group thousands, read as "
                f"{float(cell.replace('.', '')):g}")
        if not known:  # (training said it once)
            if european.startswith(_DATES_SHOW):  # a Swiss file's prices are '104.313' so too
                warn(f"{said}; if they are decimals, save the file with plain numbers")
            else:
                notes.append(said)
        return to_numbers(name, colname, col, ",", dot_groups=True)
    if (cell := thousands_dots(col)) is None:
        return None
    grouped = to_numbers(name, colname, col, ",", dot_groups=True)
    if smoother_grouped(as_written, grouped):
        warn(f"column {colname!r} writes {cell!r} beside whole numbers below 1000, a step from "
             f"them only if its dot groups thousands: read as {float(cell) * 1000:g}")
        return grouped
    if known:
        warn(f"column {colname!r} writes {cell!r}, its dot grouping thousands as in the "
             f"training data: read as {float(cell) * 1000:g}")
        return grouped
    if decimal == ",":
        warn(f"column {colname!r} writes numbers like {cell!r}: read as {float(cell):g}; if its "
             "dot groups thousands, save the file with plain numbers")
    return None


_DATES_SHOW = "day.month.year dates"  # what ``european_numbers`` says of dates alone
# Numbers grouped with apostrophes ('1'234', Swiss), whose dot is a decimal point
_APOSTROPHE_GROUPS = re.compile(r"\d['’]\d{3}(?!\d)")


def european_numbers(frame: pd.DataFrame, targets: list[str], others: list[str],
                     delimiter: str, fmt, decimal: str) -> str | None:
    """What shows that the file writes its numbers the European way, where none writes a
    decimal dot ('20.00'): dates day first with dots ('17.07.2023', ``fmt``) outside a ','
    file (a writer of decimal commas avoids it), or, where its comma marks decimals
    (``decimal``: a ';' file), a column of numbers with decimal commas ('12,5'). None where
    nothing does: a ';' alone writes household power's voltages to three places too
    ('234.840'); or where a column groups thousands with apostrophes (Swiss '1'234', its dot
    a decimal point); or where no ``targets`` column begins with numbers like '12.063' alone
    (``every_cell_dotted``: the question is not asked). (In a file of decimal dots, a column
    of decimal commas already makes every dot group thousands: ``comma_decimal_column``.)"""
    if delimiter != "," and str(fmt).startswith("%d.%m."):
        shown = _DATES_SHOW + (" and ';' between its columns" if delimiter == ";" else "")
    elif decimal == ",":
        shown = next((f"decimal commas in column {c!r} ({cell!r})" for c in others
                      if (cell := comma_decimal_cell(frame[c])) is not None), None)
    else:
        return None
    if shown is None or not any(every_cell_dotted(frame[t].head(100)) for t in targets):
        return None
    return None if any(_APOSTROPHE_GROUPS.search(cell_text(frame[c])) for c in others) \
        else shown


def below_bounds(col: pd.Series, decimal: str = ".") -> list[str]:
    """The distinct cells that write a value below a bound ('<1'), read as half of it."""
    if "<" not in cell_text(col):
        return []
    cells = pd.Series(pd.unique(col.astype(str))).str.strip()
    return [c for c in cells[cells.str.startswith("<")] if below_bound(c, decimal) is not None]


def _written_cells(col: pd.Series) -> pd.Series:
    """The column's distinct cells, stripped, the missing ones left out."""
    cells = pd.Series(pd.unique(col.astype(str))).str.strip()
    return cells[~cells.str.lower().isin(MISSING_TOKENS)]


def thousands_dots(col: pd.Series) -> str | None:
    """A cell like '1.073' when the column holds such cells and maybe whole numbers below 1000
    ('719'), and nothing else: German counts with thousands dots, or decimals with three
    places; None otherwise."""
    cells = _written_cells(col)
    dotted = cells.str.fullmatch(r"[+-]?[1-9]\d{0,2}\.\d{3}")
    whole = cells.str.fullmatch(r"[+-]?\d{1,3}")
    if dotted.any() and (dotted | whole).all():
        return str(cells[dotted].iloc[0])
    return None


def every_cell_dotted(col: pd.Series) -> str | None:
    """A cell like '12.063' where every cell of the column is a whole number written with a
    dot before each group of three digits ('12.063', '1.234.567'); None otherwise."""
    cells = _written_cells(col)
    if len(cells) and cells.str.fullmatch(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+").all():
        return str(cells.iloc[0])
    return None


def comma_note(col: pd.Series, colname: str, decimal: str) -> str | None:
    """What to say of a column whose every number is a comma before three digits ('1,603',
    fuel prices in a German export): the comma could mark decimals or group thousands, no
    cell tells which, and the file's ``decimal`` mark decided; None for any other column."""
    head = _written_cells(col.head(1000))  # (a glance first: most columns show it at once)
    if len(head) and not head.str.fullmatch(r"[+-]?[1-9]\d{0,2},\d{3}").all():
        return None
    cells = _written_cells(col)
    if not len(cells) or not cells.str.fullmatch(r"[+-]?[1-9]\d{0,2},\d{3}").all():
        return None
    cell = str(cells.iloc[0])
    read, other = (cell.replace(",", "."), "groups thousands, write the numbers without it") \
        if decimal == "," else (cell.replace(",", ""), "marks decimals, save the file with ';' "
                                "between its columns")
    return (f"column {colname!r} writes every number as a comma before three digits "
            f"({cell!r}), which no cell tells a decimal comma or a thousands one by: read as "
            f"{float(read):g}; if its comma {other}")


# All-nines that loggers, climate and survey data write for a gap (NOAA's -99.99, -999, -9999;
# its station files' 9999), and UCI's Air Quality's -200 (on many rows)
_SENTINELS = np.array([-9.0, -99.0, -999.0, -9999.0, -99999.0, -9.99, -99.9, -99.99, -999.9,
                       -999.99, -200.0, 9999.0, 99999.0, 9999.9])
FAR_BEYOND = 10  # spans of a column's other values an all-nines lies beyond them, to be a gap


def without_sentinels(values: np.ndarray) -> tuple[np.ndarray, float | None]:
    """(values, the sentinel found): one all-nines value that marks a gap, read as missing
    (NaN); else the values as they are. A negative one among values otherwise never below 0,
    or any one FAR_BEYOND spans of ten other values or more beyond them: a logger's -9999
    among temperatures of -6 to 8 C, read as a value, widened the intervals to +-150 C and,
    last, made a forecast of -5181 (-99 among them may be a value). A round -200 only where
    it marks a gap often (a refund of 200 is a value)."""
    marked = np.isin(values, _SENTINELS)
    if not marked.any() or len(np.unique(values[marked])) > 1 or (
            values[marked][0] == -200.0 and marked.sum() < max(3, 0.005 * len(values))):
        return values, None
    rest, mark = values[~marked & ~np.isnan(values)], float(values[marked][0])
    if not len(rest):
        return values, None
    span = FAR_BEYOND * (rest.max() - rest.min())
    far = len(rest) >= 10 and (mark < rest.min() - span or mark > rest.max() + span)
    if not (far or mark < 0 <= rest.min()):
        return values, None
    return np.where(marked, np.nan, values), mark


def commas_in_every_cell(frame: pd.DataFrame, columns) -> bool:
    """Whether every number of ``columns`` is written with a comma ('24,756' in ČNB's rates):
    a comma a dotted day-first date makes a decimal one. A '859' beside '1,074' groups
    thousands, and a day-first date does not make it 0.859's neighbour."""
    cells = [c[~c.str.lower().isin(MISSING_TOKENS)] for c in (frame[col].str.strip()
                                                                for col in columns)]
    return any(len(c) for c in cells) and all(c.str.contains(",", regex=False).all()
                                              for c in cells)


def comma_decimal_column(frame: pd.DataFrame, others: list[str]) -> tuple[str, str] | None:
    """(column, cell) of a ',' file's column of numbers written with decimal commas ('0,19%')
    when no column of numbers writes a decimal dot ('20.00'); None otherwise."""
    for col in others:
        if (cell := comma_decimal_cell(frame[col])) is not None:
            numeric = [c for c in others if looks_numeric(frame[c])]
            return None if any(shows_dot_decimal(frame[c]) for c in numeric) else (col, cell)
    return None


# Columns only CRSP's stock files have, beside which a negative 'PRC' is its bid/ask average
_CRSP = frozenset({"PERMNO", "PERMCO", "SHROUT", "RET", "RETX", "SHRCD", "EXCHCD", "BIDLO",
                   "ASKHI"})


def as_marked(frame: pd.DataFrame, col: str, values: np.ndarray, decimal: str, warn
              ) -> np.ndarray:
    """``values`` of ``frame``'s column ``col`` with what its cells mark read so, each said to
    ``warn``: a gap's all-nines (``without_sentinels``), a value below a bound, CRSP's prices
    of days without a trade; and a '1,603' alone, which may be 1.603 or 1603 (``comma_note``)."""
    if note := comma_note(frame[col], col, decimal):
        warn(note)
    values, sentinel = without_sentinels(values)
    if sentinel is not None:
        lo, hi = np.nanmin(values), np.nanmax(values)
        warn(f"column {col!r} writes {sentinel:g} " + (
            "among values never below 0" if sentinel < 0 <= lo else
            f"far outside its other values ({lo:g} to {hi:g})") + ": read as missing, as "
            "loggers, climate and survey data mark a gap")
    if below := below_bounds(frame[col], decimal):
        warn(f"column {col!r} writes values below a bound ({show_list(below, 3)}): read as "
             f"half the bound ({below_bound(below[0], decimal)} for {below[0]!r})")
    if col.strip().upper() == "PRC" and _CRSP & {str(c).strip().upper() for c in frame.columns} \
            and (values < 0).any() and (values > 0).mean() > 0.5:
        warn(f"column {col!r} writes {int((values < 0).sum())} price(s) below 0, as CRSP "
             "writes a bid/ask average where no trade was: read as that average")
        values = np.abs(values)
    return values
