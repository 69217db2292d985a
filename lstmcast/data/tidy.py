"""What exports write in and around a table besides its rows (``levels``: two header lines
of fields and series): rows of units under the header, Yahoo's rows of dividends, the BLS's
rows of a year's average, the header repeated where files were appended, summary rows at the
end and a pivot's total column (``headerless``: exports without a header; ``unfinished``: a
last line another program is still writing)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import InputError
from ..weekdays import MONTHS, WEEKDAYS
from .columns import named_like_time, show_list
from .ids import named_like_id
from .numbers import MISSING_TOKENS, parse_numbers

_ONS_PERIODS = (r"\d{4} [A-Z]{3}", r"\d{4} Q[1-4]", r"\d{4}")  # months, quarters, years


def ons_series(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """The UK ONS's time series CSV: 'Title', 'CDID', ... rows of metadata, then the series'
    years ('1988'), quarters ('1988 Q1') and months ('1988 JAN') one block after another. Its
    finest periods, as 'Date' and the series' CDID; any other table as it is."""
    if frame.shape[1] != 2 or frame.columns[0].strip() != "Title" or not (
            frame.iloc[:10, 0].str.strip() == "CDID").any():
        return frame
    first = frame.iloc[:, 0].str.strip()
    for pattern in _ONS_PERIODS:
        rows = first.str.fullmatch(pattern).to_numpy()
        if rows.sum() >= 2:
            break
    cdid = frame.iloc[int(np.flatnonzero(first.to_numpy() == "CDID")[0]), 1].strip() or "value"
    notes.append(f"an ONS time series ({frame.columns[1].strip()!r}): its {int(rows.sum())} "
                 f"{('months', 'quarters', 'years')[_ONS_PERIODS.index(pattern)]}")
    return pd.DataFrame({"Date": first[rows], cdid: frame.iloc[:, 1][rows]})


_FINEST_FIRST = ("H", "D", "B", "W", "M", "Q", "S", "A")  # SDMX's frequency codes


def finest_frequency(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """An OECD or SDMX download whose FREQUENCY column mixes codes (A, Q, M: each series once
    a year, a quarter and a month): the rows of the finest, said; any other table as it is."""
    col = next((c for c in frame.columns if c.strip().lower() in ("frequency", "freq")), None)
    if col is None:
        return frame
    codes = frame[col].str.strip().str.upper()
    present = [f for f in _FINEST_FIRST if (codes == f).any()]
    if len(present) < 2 or not codes.isin(_FINEST_FIRST).all():
        return frame
    getattr(notes, "warn", notes.append)(
        f"column {col!r} mixes frequencies ({', '.join(present)}): read the rows of "
        f"{present[0]!r} alone (a series without them is left out)")
    return frame[(codes == present[0]).to_numpy()]


_SUMMARY = frozenset({"total", "totals", "grand total", "sum", "summe", "gesamt", "insgesamt",
                      "average", "mean", "avg", "overall", "total général", "max", "min",
                      "maximum", "minimum", "median", "count", "std", "stdev", "totaal",
                      "totale", "totalt", "summa", "suma", "soma", "somme", "somma", "razem",
                      "celkem", "yhteensä", "toplam", "i alt", "gemiddelde", "moyenne"})
# Google Ads' 'Total: Account', 'Total: Search' under its days; QuickBooks' 'Total for Sales';
# Investing.com's 'Highest: 4,818.62 Lowest: 3,103.78 ... Average: ...' under its prices
_SUMMARY_PREFIX = re.compile(r"(?i)^(?:(?:total|totals|grand total|highest|lowest|average|"
                             r"maximum|minimum)\s*:|total for\s)")


def _summary(cells: pd.Series) -> pd.Series:
    """Which ``cells`` (stripped) are a summary row's word."""
    return cells.str.lower().isin(_SUMMARY) | cells.str.contains(_SUMMARY_PREFIX)
# A date (GA4's 20230101 too), a time, a year-month or a year: a row with one is data ('Total'
# the name of a series).
_DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d{2}|\d{4}[-/M]\d{2}\b|"
                        r"\b(?:1[89]|20)\d{2}(?:(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))?\b")


def without_repeats_and_totals(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """The header repeated inside the table (files appended one to another) and summary rows
    at its end ('Total,19187', 'Summe;2.401.091,29': a word no other row of its column
    writes, numbers, no date) dropped, with a warning: a person reads past them, and as data
    they would be refused or, worse, read."""
    warn = getattr(notes, "warn", notes.append)
    names = [c.strip() for c in frame.columns]
    # as written, or after a byte-order mark: two exports of Excel's 'CSV UTF-8' joined
    maybe = np.flatnonzero(frame.iloc[:, 0].str.removeprefix("\ufeff").to_numpy()
                           == frame.columns[0])
    if len(maybe):  # by position: a reshaped frame's index (line numbers) may repeat
        same = (frame.iloc[maybe].apply(lambda col: col.str.removeprefix("\ufeff").str.strip())
                == names).all(axis=1)
        repeats = maybe[same.to_numpy()]
        if len(repeats):
            lines = frame.index[repeats] + 2
            frame = frame[~np.isin(np.arange(len(frame)), repeats)]
            warn(f"dropped {len(repeats)} line(s) repeating the header (line "
                 + ", ".join(map(str, lines[:3])) + (", ...)" if len(repeats) > 3 else ")"))
    totals = 0
    while len(frame) > totals + 1 and totals < 3:
        cells = frame.iloc[-1 - totals].str.strip()
        words = _summary(cells)
        if cells.str.contains(_DATE_LIKE).any() or not words.any() or any(
                (frame[col].str.strip().str.lower() == cells[col].lower()).sum() > 1
                for col in cells.index[words]):  # 'SEX=Total' on every row: no summary
            break
        totals += 1
    if totals:
        last = frame.iloc[-totals].str.strip()
        word = last[_summary(last)].iloc[0]
        lines = frame.index[len(frame) - totals:] + 2
        frame = frame.iloc[: len(frame) - totals]
        warn(f"dropped {totals} summary row(s) at the end ({word!r}, line "
             f"{', '.join(map(str, lines))})")
    return frame


def refuse_reordered_header(name: str, frame: pd.DataFrame) -> None:
    """Refuse a line that repeats the header's names in another order (two exports joined,
    the second with 'DATE,CLOSE,OPEN,...'): read under the first header's names, its rows
    would take one column for another (OPEN for CLOSE)."""
    names = sorted(c.strip() for c in frame.columns)
    first = frame.iloc[:, 0].str.removeprefix("\ufeff").str.strip()
    for at in np.flatnonzero(first.isin(names).to_numpy())[:20]:  # (a repeat in order: gone)
        if sorted(frame.iloc[at].str.strip()) == names:
            raise InputError(f"{name}: line {frame.index[at] + 2} repeats the header with its "
                             f"columns in another order ({','.join(frame.iloc[at].str.strip())})"
                             ": the rows below it are another export; join the two with their "
                             "columns in one order")


def total_column(frame: pd.DataFrame, columns: list[str]) -> str | None:
    """The column of ``columns`` named like a total ('Grand Total', 'Gesamt') whose every value
    is the sum of the others' in its row (an Excel pivot's last column), else None."""
    named = [c for c in columns if c.strip().lower() in _SUMMARY]
    if len(named) != 1 or len(columns) < 3:
        return None
    values = frame[columns].apply(lambda col: parse_numbers(col)[0])
    rest = values.drop(columns=named[0]).sum(axis=1, min_count=1)
    total = values[named[0]]
    both = total.notna() & rest.notna()
    return named[0] if both.sum() >= 3 and np.allclose(total[both], rest[both], rtol=1e-6,
                                                       atol=1e-9) else None


_SUBTOTAL = re.compile(r"(?i)(?:\S.*\s)?(?:sub-?total|" + "|".join(
    re.escape(w) for w in sorted(_SUMMARY - {"mean", "average", "avg"})) + r")")


def _group_totals(cells: pd.Series) -> np.ndarray:
    """(len(cells),) where a cell names the total of a group that another cell names ('North
    Total' beside 'North': a spreadsheet's subtotal after each group's rows)."""
    parts = cells.str.extract(r"(?i)^(?P<group>.*\S)\s+(?:sub-?total|totals?|summe|gesamt)$")
    return parts["group"].isin(set(cells)).to_numpy()


def without_stray_rows(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Comment lines inside the table ('# sensor replaced', nothing after it) and summary rows
    in a first column of dates ('Total' above the first day, a pivot's '1949 Total' after each
    year's months) or of the series' names (a subtotal's 'North Total' after North's rows)
    dropped, with a warning: not data, and a date column refused for them would send the user
    after --date-format."""
    warn = getattr(notes, "warn", notes.append)
    codes, distinct = pd.factorize(frame.iloc[:, 0])  # each distinct cell once: a panel
    distinct = pd.Series(distinct, dtype=object).str.strip()  # repeats its dates, its ids
    comment = distinct.str.startswith("#").to_numpy()[codes]
    if comment.any() and frame.shape[1] > 1:  # and nothing after it
        rest = frame.iloc[np.flatnonzero(comment), 1:]
        comment[comment] = (rest.apply(lambda col: col.str.strip()) == "").all(axis=1)
    once = np.bincount(codes, minlength=len(distinct)) == 1  # 'SEX=Total' on every row: none
    summary, among = (distinct.str.fullmatch(_SUBTOTAL).to_numpy() & once)[codes], "dates"
    if summary.any():
        dated = distinct.str.contains(_DATE_LIKE).to_numpy()[codes][~(comment | summary)]
        if not len(dated) or dated.mean() < 0.9:  # a column of names: 'Total' may be a series,
            summary = (_group_totals(distinct) & once)[codes]  # 'North Total' sums North's rows
            among = "series' rows"
    for drop, what in ((comment, "comment line(s)"),
                       (summary, f"summary row(s) among the {among}")):
        if drop.any():
            lines = frame.index[drop] + 2
            warn(f"dropped {int(drop.sum())} {what} (line {', '.join(map(str, lines[:3]))}"
                 f"{', ...' if len(lines) > 3 else ''})")
    dropped = comment | summary
    return frame[~dropped] if dropped.any() else frame


def without_year_totals(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Rows of a year's total in a column of its quarters or months ('2005,Total,2113.4' under
    'Year,Quarter'), dropped with a warning: a sum of the periods above, refused as a period."""
    names = {c.strip().lower(): c for c in frame.columns}  # a year's parts, beside its column
    col = next((names[n] for n in ("quarter", "qtr", "month") if n in names and "year" in names),
               "")
    cells = frame[col].str.strip() if col else pd.Series([], dtype=object)
    totals = cells.str.fullmatch(_SUBTOTAL).to_numpy(dtype=bool)
    if not totals.any() or totals.all():
        return frame
    lines = ", ".join(map(str, frame.index[totals][:3] + 2)) + (", ..." if totals.sum() > 3 else "")
    getattr(notes, "warn", notes.append)(f"dropped {int(totals.sum())} row(s) of a year's total "
                                         f"({col!r} {cells[totals].iloc[0]!r}, line {lines})")
    return frame[~totals]


def without_annual_averages(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """The BLS's rows of a year's average (period 'M13', 'Q05', 'S03' beside 'M01'..'M12',
    'Q01'..'Q04', 'S01'..'S02') dropped with a note: a summary of the year, not a period."""
    period = next((c for c in frame.columns if c.strip().lower() == "period"), None)
    if period is None:
        return frame
    codes = frame[period].str.strip()
    if not codes.str.fullmatch(r"[MQS]\d\d").all():
        return frame
    averages = codes.isin(["M13", "Q05", "S03"]).to_numpy()
    if averages.any() and not averages.all():
        notes.append(f"dropped {int(averages.sum())} row(s) of a year's average "
                     f"({period!r} {codes[averages].iloc[0]})")
        frame = frame[~averages]
    return frame


_ACTION = r"\s*(?:[\d.,]+\s+Dividends?|\d+(?:\.\d+)?\s*[:/-]\s*\d+(?:\.\d+)?\s+Stock Splits?)\s*"


def without_dividends(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """The rows of Yahoo's price history table that note a dividend or a split ('0.24
    Dividend', '2:1 Stock Split' beside a date and empty cells) dropped, with a note: events,
    dated like the trading day they fall on, not prices."""
    marked = np.zeros(len(frame), dtype=bool)
    for col in frame.columns:
        marked |= frame[col].str.fullmatch(_ACTION, case=False).fillna(False).to_numpy()
    if marked.any():
        notes.append(f"dropped {int(marked.sum())} row(s) of dividends or splits "
                     f"({frame[marked].iloc[0].str.strip().str.cat(sep=',').rstrip(',')!r})")
    return frame[~marked]


def without_units_rows(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Up to two rows under the header that name each column's unit or kind ('', 'degC',
    'm/s', 'm3/s', 'W/m2', '1000 t'; 'UTC', 'Avg', 'Smp': loggers' exports) dropped, with a
    note: rows with no value (a number, '3.2e-05' too, or digits without letters: '2020-01-01',
    '$1,234'; but an index's base, Destatis's '2020=100'), not all of them missing-value
    marks, above rows of data (with a value)."""
    def texts(row: pd.Series) -> bool:
        cells = row.str.strip()
        valued = (cells.str.contains(r"\d") & ~cells.str.contains(r"[^\W\d_]|=")) | \
            pd.to_numeric(cells, errors="coerce").notna()
        return not valued.any() and bool((~cells.str.lower().isin(MISSING_TOKENS)).any())

    count = 0
    while count < 2 and len(frame) > count + 2 and texts(frame.iloc[count]):
        count += 1
    if not count or texts(frame.iloc[count]):
        return frame
    shown = ", ".join(repr(c.strip()) for c in frame.iloc[0])
    notes.append(f"skipped {count} row(s) of units under the header ({shown})")
    return _named_by_ids(frame.iloc[:count], frame.iloc[count:], notes)


_DATED = re.compile(rf"(?:[^\W\d_]{{3,9}}[-. /]?)?(?:{_DATE_LIKE.pattern})")  # 'Mar-2000' too
_DESCRIBED = 12  # rows describing a series under the header, at most (Bundesbank's 5, ABS's 9)


def without_metadata_rows(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Rows that describe the series under the header (the Bundesbank's 'Einheit;USD', INSEE's
    'idBank', the ABS's 'Series ID'), dropped, said: up to twelve rows whose first cell holds
    no date, one a label."""
    head = frame.iloc[:_DESCRIBED + 1, 0].astype(str).str.strip()
    dated = head.str.match(_DATED).to_numpy()
    k = int(dated.argmax())  # the first row of data (most files: 0, and no more is read)
    if not dated[k] or k == 0 or len(frame) < 3 * k or not head.iloc[:k].str.fullmatch(
            r"[^\W\d_][^\d]*").any() or not frame.iloc[k:, 0].astype(str).str.strip().str.match(
            _DATED).all():
        return frame
    header = frame.iloc[k - 1].astype(str).str.strip()  # the header itself, under lines of
    if (header != "").all() and any(map(named_like_time, header)) and not header.str.fullmatch(
            r"[\d.,\s+-]+").any():  # 'key,value' (a station's 'Station,Tempelhof'; Banxico's
        # 'Fecha,SF43718': a series' code, not a number)
        keys = show_list([str(frame.columns[0]), *head.iloc[:k - 1]], 4)
        notes.append(f"skipped {k} line(s) of 'key,value' above the header ({keys})")
        return frame.iloc[k:].set_axis(list(header), axis=1)
    notes.append(f"skipped {k} row(s) describing the series under the header "
                 f"({show_list([c for c in head.iloc[:k] if c], 4)})")
    return _named_by_ids(frame.iloc[:k], frame.iloc[k:], notes)


def _named_by_ids(described: pd.DataFrame, frame: pd.DataFrame, notes) -> pd.DataFrame:
    """``frame`` with its series' columns named by the last row describing them that is
    labelled as ids and names each one apart, where the header names two alike (pandas wrote
    the second 'X.1'): the Reserve Bank of Australia's tables head every column 'WM/Reuters'
    (their source), then 'Series ID,FXRUSD,FXRJY'. A row of units names no series."""
    columns = [str(c).strip() for c in frame.columns]
    alike = [m[1] for c in columns if (m := re.fullmatch(r"(.*)\.\d+", c)) and m[1] in columns]
    if not alike:
        return frame
    for row in range(len(described) - 1, -1, -1):
        label, cells = described.iloc[row, 0].strip(), described.iloc[row, 1:].astype(str)
        cells = cells.str.strip()
        if named_like_id(label) and (cells != "").all() and cells.is_unique:
            notes.append(f"the header names its columns alike ({alike[0]!r}): named by the row "
                         f"{label!r} ({show_list(list(cells), 4)})")
            return frame.set_axis([frame.columns[0], *cells], axis=1)
    return frame


def without_notes(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Lines of text under the table ('Sales of shampoo over a three year period', 'Source:
    FRED'), the rest of their fields empty, dropped with a warning: a title or a source
    written at the end, not a row without its values. A line that opens as a source, a note or
    a copyright does is one when its other fields hold words too: a comma in its text ('Source:
    internal ERP export, generated 2024-01-05') splits it over them. So is a trailer, a row
    of half the fields or fewer, fewer than the rows above fill, opening with a code in
    capitals (Interactive Brokers' 'EOS,EQUT,100' and 'EOF,U1234567')."""
    # a footer of lines of text, one of them a note or a heading: Stats NZ's 'Table
    # information:', 'Units:', '..  figure not available', 'C  confidential'
    tail = frame.iloc[-31:].apply(lambda col: col.str.strip())
    first = tail.iloc[:, 0]  # (a sentence that names a date is a note: 'Accommodation Survey
    texts = (tail.iloc[:, 1:] == "").all(axis=1) & first.str.contains(_LETTERS) & (  # ended
        first.str.match(_NOTE) | ~(first.str.contains(_DATE_LIKE)  # after September 2019')
                                   | first.str[:3].str.lower().isin(_CALENDAR_WORDS)))
    block = len(texts) - int(np.flatnonzero(~texts.to_numpy())[-1]) - 1 if not texts.all() else 0
    heads = tail.iloc[len(tail) - block:, 0]
    count = block if (heads.str.match(_NOTE) | heads.str.endswith(":")).any() else 0
    filled = (tail != "").sum(axis=1).to_numpy()
    while len(frame) > count + 1 and count < len(filled) - 1:
        cells = frame.iloc[-1 - count].str.strip()
        rest = cells.iloc[1:][cells.iloc[1:] != ""]
        first = cells.iloc[0]
        # words go on past a comma; a row of data (a series 'Sources Inc', a balance sheet's
        # 'Notes Payable') has values there: numbers, '1.2M', 'NaN', '2024-01-01T00:00Z'
        trailer = (2 * filled[-1 - count] <= frame.shape[1] and filled[-1 - count] < np.median(
            filled) and _TRAILER.fullmatch(first) is not None and first[:3].lower() not in
            _CALENDAR_WORDS and not cells.str.contains(_DATE_LIKE).any())  # 'AAPL,2023-03-01,
        if not (_NOTE.match(first) and rest.empty or trailer
                or _SIGNED.match(first) and not rest.empty and _prose(rest).all()):
            break
        count += 1
    if count:
        lines = frame.index[len(frame) - count:] + 2
        getattr(notes, "warn", notes.append)(
            f"dropped {count} line(s) of text under the table ({frame.iloc[-count, 0]!r}, line "
            f"{', '.join(map(str, lines))})")
    return frame.iloc[: len(frame) - count]


_LETTERS = re.compile(r"[^\W\d_]{2,}")
# A trailer's code ('EOS', 'EOF'): capitals, never a month or a day ('JUN' of 'JUN,99,,,')
_TRAILER = re.compile(r"[A-Z]{2,8}")
_CALENDAR_WORDS = frozenset(word.lower() for word in (*MONTHS, *WEEKDAYS))


def _prose(cells: pd.Series) -> pd.Series:
    """Whether each cell holds a word of four letters or more that is no missing-value mark."""
    return cells.str.contains(r"[^\W\d_]{4}") & ~cells.str.lower().isin(MISSING_TOKENS)


# A source, a note or a copyright, as exports close a table (the World Bank's 'Last Updated:')
_SIGNED = re.compile(r"(?:sources?|notes?|footnotes?|quelle|fuente|last updated|copyright|as of)"
                     r"\b|©|\*|(?:[^\W\d_]+\s+)?(?:downloaded|generated|exported|retrieved)\b",
                     re.I)
# ('Date downloaded 06/28/2024 9:32 PM ET': Fidelity's last line; 'As of 01/19/2024 16:00 ET')
# ... or three words of letters alone on their line, or a count of the rows (psql's '(100 rows)',
# mysql's '100 rows in set (0.01 sec)')
_NOTE = re.compile(rf"(?:[^\W\d_]{{2,}}\W+){{2,}}[^\W\d_]{{2,}}|\(\d+ rows?\)|\d+ rows? in set\b|"
                   rf"{_SIGNED.pattern}", re.I)
