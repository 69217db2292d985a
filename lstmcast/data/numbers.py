"""Cells to numbers, as people write them ('$1,234.50', '1.234,56 €', 'USD 12.5', '(12.30)',
'1.5%', '850K', '1.280 kWh'), by one reading (``parse_numbers``) that both decides which columns
are numeric and converts them; and which cells are missing values."""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pandas as pd

from ..errors import InputError
from .thirty_seconds import in_32nds, named_like_a_price
from .units import kelvin_cell, mixed_percent, named_a_temperature

# Cells read as missing values (case-insensitive): blanks, pandas' ('<NA>' too) and R's, FRED's
# '.', the spreadsheets' errors ('#N/A'), Eurostat's ':' (': c' flagged), the ONS's and World
# Bank's '..', UCI's '?', Bloomberg's '#N/A N/A', the US Census Bureau's '(S)', '(NA)', '(X)',
# '(D)', '(Z)', NASA GISS's '***'. Anything else that is not a number is an error, but for a
# dash alone (DASHES), which SMARD's and investing.com's downloads write for a gap and
# accounting formats for a zero: read as missing, with a warning that says so.
MISSING_TOKENS = frozenset({"", "nan", "na", "<na>", "n/a", "n.a.", "null", "none", ".", "..",
                            "...", ":", "?", "#n/a", "#na", "#value!", "#div/0!", "#ref!",
                            # Bloomberg's, a reason after '#N/A' (not 'Requesting Data...': a
                            # sheet saved before its data came, an error)
                            "#n/a n/a", "#n/a field not applicable", "#n/a history", "#n/a n.a.",
                            "#num!", "#null!", "#name?", "#spill!", "#calc!",  # Excel's errors
                            "#error!",  # Google Sheets' (not its 'Loading...': an error)
                            "(s)", "(na)", "(x)", "(d)", "(z)", ": c",
                            ": z", ": u", ": n", ": e", ": b", "***", "****", "unavailable",
                            "unknown",  # Home Assistant's
                            "n/e",  # ENTSO-E: not expected
                            "nd", "n.d.", "s/d"})  # no data: Banco Central de Chile's 'ND'
DASHES = frozenset({"-", "--", "---", "\u2013", "\u2014"})  # en and em dash; the Met Office's ---

# Numbers as people write them: '$1,234.50', '1.234,56 €', 'USD 12.5', '(12.30)', '1.5%'.
_SYMBOLS = "$€£¥￥₹₩₽₺₪₫฿₴₦"  # '￥': Japanese Excel's full-width yen
# besides ',' and '.': apostrophes (ASCII, and Swiss '11’234.64' typographic) and spaces
_GROUPS = "'\u2019\u00a0\u202f\u2009 "
# Currency codes written against the number ('USD12.5'); any other three capitals must stand
# apart ('CHF 12.5'): 'USW00094728' is a weather station, not 94728 of a currency, and a code
# before a leading zero is an id too ('MAD01').
_CODES = ("USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|CNY|CNH|HKD|SGD|SEK|NOK|DKK|ISK|INR|KRW|BRL|MXN|"
          "ZAR|RUB|TRY|PLN|CZK|HUF|RON|BGN|HRK|RSD|UAH|ILS|AED|SAR|QAR|KWD|BHD|OMR|JOD|EGP|MAD|"
          "NGN|KES|GHS|ARS|CLP|COP|PEN|UYU|THB|IDR|MYR|PHP|TWD|VND|PKR|BDT|LKR|KZT|BTC|ETH")
# A cell: '(' sign currency sign number % currency ')', each part but the number optional;
# or the sign after the number, as SAP writes a negative ('569,00-').
_CELL = re.compile(
    rf"(?P<paren>\()?\s*(?P<sign>[+-])?\s*"
    rf"(?:[A-Z]{{0,3}}[{_SYMBOLS}]|[A-Z]{{3}}(?=\s)|(?:{_CODES})(?=[1-9.,+-]|0[.,]|0$))?\s*"
    rf"(?P<sign2>[+-])?\s*"
    rf"(?P<body>[\d.,{_GROUPS}]*[\d.,](?:[eE][+-]?\d+)?|(?i:inf(?:inity)?))(?P<sign3>-)?\s*%?\s*"
    rf"(?:[{_SYMBOLS}]|(?<![A-Za-z])[A-Z]{{3}})?\s*(?P<close>\))?")
_BELOW = re.compile(r"<\s*(?P<bound>[^<].*)")
# Excel's accounting format writes a zero as a dash beside the currency (' $ -   '): unlike a
# dash alone, no gap
_ACCOUNTING_ZERO = re.compile(rf"[A-Z]{{0,3}}[{_SYMBOLS}]\s*[-\u2013\u2014]+|"
                              rf"[-\u2013\u2014]+\s*[{_SYMBOLS}]")
_BODY = {
    ".": (re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"),
          re.compile(rf"(?:\d{{1,3}}(?P<sep>[,{_GROUPS}])\d{{3}}(?:(?P=sep)\d{{3}})*|"
                     r"\d{1,2}(?:,\d\d)+,\d{3})(?:\.\d*)?")),  # and India's lakhs: 2,07,741.99
    ",": (re.compile(r"(?:\d+,?\d*|,\d+)"),
          re.compile(rf"\d{{1,3}}(?P<sep>[.{_GROUPS}])\d{{3}}(?:(?P=sep)\d{{3}})*(?:,\d*)?")),
}


# Marks of writing direction, no whitespace to ``str.strip``: dates copied from a Hebrew or
# Arabic page come wrapped in them ('\u200f01/01/2022\u200f')
DIRECTION_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def stripped(col: pd.Series) -> pd.Series:
    """``col.str.strip()`` (marks of writing direction too), computed once per distinct cell:
    in a panel the dates and the ids repeat across series, so a file of millions of rows has
    only thousands of them."""
    codes, uniques = pd.factorize(col)
    text = pd.Series(uniques, dtype=object).str.strip()
    clean = np.asarray(text.str.strip(DIRECTION_MARKS).str.strip(), dtype=object)
    out = np.empty(len(col), dtype=object)
    present = codes >= 0
    out[present] = clean[codes[present]]
    out[~present] = np.nan
    return pd.Series(out, index=col.index, name=col.name)


def cell_text(col: pd.Series) -> str:
    """Every cell of ``col`` as text, one a line: a regular expression searches a column of
    millions of cells in one pass of C, where ``str.contains`` makes a call a cell."""
    return "\n".join(col.astype(str).tolist())


_QUOTED = re.compile(r"\d['-]\d")


def missing_mask(col: pd.Series) -> np.ndarray:
    return stripped(col).str.lower().isin(MISSING_TOKENS).to_numpy()


# a statistics release's mark of a provisional or revised value after its number: '992.1*',
# BLS's '129930(P)', the ONS's '112.3p' and '107.4r'; Eurostat's flags after a space: '109.7 p'
# (provisional), '110.8 e' (estimated), '106.8 b' (break in series), and the ones it writes
# together ('bep', 'ep', 'bu'); not a unit's letters ('6 pcs', '1.2 bn'), nor a debit's
# ('0.64 dr')
_FLAGGED = re.compile(r"(?<=\d)(?:\s*(?:\*{1,2}|\([PpRr]\))"
                      r"|\s+(?:[bcdefnprsuz]|(?=[a-z]{2})b?e?p?u?))$"
                      r"|(?:(?<=\.\d)|(?<=\.\d\d))[pr]$")  # (not pence: '99p' beside '£1.09')

_FLAG_ENDS = re.compile(r"[*)bcdefnprsuz]$", re.M)  # a cell that may end in a flag

# Arabic-Indic and Persian digits, the Arabic decimal and thousands marks: as ASCII writes them
NATIVE_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")

# A bank statement's balance in credit or debit, after the number: '206.63 CR', '40.75 DR'
_CREDIT_DEBIT = re.compile(r"(?<=[\d.,)])\s*(CR|DR|Cr|Dr)\.?$")


def number_text(cell: str, decimal: str = ".") -> str | None:
    """The text of one cell as a plain number string ('-1234.5'), or None when it is not a
    number. ``decimal`` is the column's decimal mark; currency symbols and codes, thousands
    separators, a percent sign, accounting parentheses and a provisional value's '*' are
    dropped; a balance in debit ('40.75 DR') is negative, one in credit ('CR') positive;
    missing cells are the caller's business."""
    text = _FLAGGED.sub("", cell.strip()).replace("\u2212", "-").translate(NATIVE_DIGITS)
    debit = (marked := _CREDIT_DEBIT.search(text)) is not None and marked[1].lower() == "dr"
    match = _CELL.fullmatch(text[:marked.start()] if marked else text)
    if match is None or (debit and "-" in match.group(0)):  # '-40.75 DR': which sign?
        return None
    paren, sign, sign2, body, close = match.group("paren", "sign", "sign2", "body", "close")
    sign2 = sign2 or match.group("sign3")
    if bool(paren) != bool(close) or (paren and (sign or sign2)) or (sign and sign2):
        return None  # '(12', '(-12)', '--12' and '-12-' are not ways of writing a number
    plain, grouped = _BODY[decimal]
    if plain.fullmatch(body):
        number = body.replace(",", ".") if decimal == "," else body
    elif grouped_match := grouped.fullmatch(body):
        number = body.replace(grouped_match.group("sep") or ",", "")
        number = number.replace(",", ".") if decimal == "," else number
    elif body[:1] in "iI":
        number = "inf"
    else:
        return None
    return ("-" if paren or debit or "-" in (sign, sign2) else "") + number


def decimal_mark(cells, default: str = ".") -> str:
    """',' when the cells write decimals with a comma ('1.234,5', '2,25', '1.234.567'), '.'
    when with a dot; when no cell says, '.' unless a cell holds a comma: then ``default``.

    A cell with both marks, a mark followed by other than three digits, or a mark used twice
    says which one is the decimal; '1,234' alone could be either and counts for neither, and
    '1.028' reads as written (a dot is a decimal point unless a cell shows otherwise)."""
    if not any("," in cell or cell.count(".") > 1 for cell in cells):  # one dot or none in
        return "."  # each, the loop below finds no comma: a million cells in a tenth of a second
    comma = dot = commas = False
    for cell in cells:
        c, d = cell.rfind(","), cell.rfind(".")
        commas = commas or c >= 0
        if c < 0 and d < 0:
            continue
        if c >= 0 and d >= 0:
            comma, dot = comma or c > d, dot or d > c
            continue
        mark, at = (",", c) if c >= 0 else (".", d)
        after = re.match(r"\d*", cell[at + 1:]).group()
        before = re.search(r"\d*$", cell[:at]).group()
        if cell.count(mark) > 1:
            comma, dot = comma or mark == ".", dot or mark == ","
        elif len(after) != 3 or not 1 <= len(before) <= 3 or before.startswith("0"):
            comma, dot = comma or mark == ",", dot or mark == "."
    if comma and not dot:
        return ","
    return default if commas and not dot else "."


def below_bound(cell: str, decimal: str = ".") -> str | None:
    """A value below a positive bound ('<1': Google Trends' interest under 1, a lab's reading
    under its detection limit) as half the bound, else ``number_text``. Only where a column
    is read as values: '<10' in a column of size bands is a name, not a number."""
    if (below := _BELOW.fullmatch(cell.strip())) is not None:
        bound = number_text(below["bound"], decimal)
        return None if bound is None or not float(bound) > 0 else repr(float(bound) / 2)
    return number_text(cell, decimal)


def parse_numbers(col: pd.Series, decimal: str = ".", bounds: bool = False,
                  dot_groups: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(float64 values with NaN where a cell is missing or not a number, missing mask).

    ``decimal`` is the mark of a column whose commas do not show theirs (``decimal_mark``):
    with ',', as in a ';' file, '50,941' is 50.941. The one reading of numeric cells: the share
    of numbers that decides whether a column is numeric, and the strict conversion of the
    target and features, both come from here; ``bounds``: read '<1' (``below_bound``);
    ``dot_groups``: with ``decimal`` ',', every dot groups thousands ('3.051' is 3051)."""
    # Plain numbers first, in C; only the cells that are not (missing, padded, written as
    # people write them) go through the text cleaning below.
    values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=np.float64, copy=True)
    # pandas reads '3.051' as 3.051: with dot_groups such cells are left to the reading below
    dotted = col.astype(str).str.contains(".", regex=False).to_numpy() if dot_groups else \
        np.zeros(len(col), dtype=bool)
    values[dotted] = np.nan
    missing = np.zeros(len(col), dtype=bool)
    odd = np.flatnonzero(np.isnan(values))
    if odd.size == 0:
        return values, missing
    text = col.astype(str).str.strip()
    missing[odd] = text.iloc[odd].str.lower().isin(MISSING_TOKENS).to_numpy()
    retry = odd[~missing[odd] & ~dotted[odd]]
    values[retry] = pd.to_numeric(text.iloc[retry], errors="coerce").to_numpy(dtype=np.float64)
    unread = np.flatnonzero(np.isnan(values) & ~missing)
    if unread.size:  # not plain numbers: read them as people write them
        cells = text.to_numpy()[~missing]
        mark = "," if dot_groups else decimal_mark(cells, decimal)
        reader = below_bound if bounds else number_text
        read = {cell: reader(cell, mark) if _ACCOUNTING_ZERO.fullmatch(cell) is None else "0"
                for cell in set(cells)}
        read |= lakhs_and_crores(read, mark)  # (over a 'Cr' read as a credit)
        read |= in_32nds(set(read))  # (over '114'125' read as a Swiss thousands group)
        read |= magnitudes({c for c, number in read.items() if number is None}, mark)
        read |= in_units({c for c, number in read.items() if number is None}, mark)
        values = np.full(len(text), np.nan)
        values[~missing] = [float(read[c]) if read[c] is not None else np.nan for c in cells]
    return values, missing


# an accountant's negative wraps the whole cell in parentheses: '(1.5M)'
_MAGNITUDE = re.compile(r"(?P<open>\(\s*)?(?P<number>.*\d)\s*(?P<suffix>[kKMB])(?(open)\s*\))")
_TIMES = {"k": 3, "K": 3, "M": 6, "B": 9}  # thousands, millions, billions: powers of ten


def magnitudes(cells: set[str], decimal: str = ".") -> dict[str, str]:
    """The cells written with a magnitude suffix ('3.56M' views, investing.com's '2.88B'
    volume, '850K', an accountant's '(1.5M)') as plain numbers, where the cells show that
    they are magnitudes: one of them has a decimal mark or two suffixes are used. Tenors ('1M',
    '3M', '6M') are names, not millions, so whole numbers of one suffix are left as they are;
    so is any other text."""
    found = {c: m for c in cells if (m := _MAGNITUDE.fullmatch(c)) is not None
             and number_text(m["number"], decimal) is not None}
    shown = any(decimal in m["number"] for m in found.values()) or len(
        {_TIMES[m["suffix"]] for m in found.values()}) > 1
    if not shown:
        return {}
    return {c: repr((-1.0 if m["open"] else 1.0) * float(number_text(m["number"], decimal))
                    * 10.0 ** _TIMES[m["suffix"]]) for c, m in found.items()}


# India's lakh (10^5) and crore (10^7) after a number: '₹98.08 L', '₹1.01 Cr', '2.5 Lakh'
_INDIAN = re.compile(r"(?P<number>.*\d)\s*(?P<suffix>L|(?i:lakhs?|lacs?)|Cr|(?i:crores?))\.?")
_RUPEES = re.compile(r"₹|\bRs\.?|\bINR\b")


def lakhs_and_crores(read: dict[str, str | None], decimal: str = ".") -> dict[str, str]:
    """The cells of ``read`` (each cell's reading) written in lakhs or crores as plain
    numbers: 'Lakh' and 'Crore' written out, 'L' and 'Cr' after rupees ('₹98.08 L', 'Rs 1.01
    Cr'; without them 'Cr' is a bank's credit and 'L' litres). Each cell tells alone, so that
    every export of a series reads alike. Before, '₹1.01 Cr' read as 1.01 beside '₹98.08 L'
    as no number."""
    found = {c: (text, m["suffix"].lower()) for c in read if (m := _INDIAN.fullmatch(c))
             and (len(m["suffix"]) > 2 or _RUPEES.search(c))
             and (text := number_text(_RUPEES.sub("", m["number"]), decimal)) is not None}
    return {c: str(float(Decimal(text) * 10 ** (7 if suffix.startswith("cr") else 5)))
            for c, (text, suffix) in found.items()}


# a unit after the number: 'kWh', '°C', 'm³', 'km/h', in any letters ('zł', 'Kč', 'руб.');
# not a letter alone ('5m': minutes, metres or millions?), a currency, nor a duration ('3
# Months' names a tenor)
_UNIT = re.compile(r"(?P<number>.*\d)\s*(?P<unit>°\s?[CFK]|(?:[^\W\d_]|[µ°])"
                   r"(?:[^\W\d_]|[µ°³²/]){1,5}(?:(?<=[^\x00-\x7f])\.)?)")  # 'руб.', not 'Ch.'
_NOT_UNITS = frozenset({*_CODES.split("|"), "month", "year", "day", "week", "hour", "minute",
                        "second", "yr", "mo", "mth", "wk", "hr", "min", "sec"})
UNIT_READINGS = 10  # distinct numbers a unit is written after: measured ('1 BR', '64 GB' name)


def in_units(cells: set[str], decimal: str = ".") -> dict[str, str]:
    """The cells written with one unit after the number ('1.280 kWh', '5.3 °C', as a meter's
    or a weather station's export writes them) as plain numbers, when every such cell has
    the same unit and UNIT_READINGS numbers or more are written so (a flat's '1 BR', '2 BR'
    names a kind); any other text is left as it is."""
    found = {c: m for c in cells if (m := _UNIT.fullmatch(c)) is not None
             and number_text(m["number"], decimal) is not None}
    units = {m["unit"].removesuffix("s") for m in found.values()}  # '1 item', '34 items'
    if len(units) != 1 or len(found) < max(UNIT_READINGS, len(cells)) or {
            *units, *(u.lower() for u in units)} & _NOT_UNITS:
        return {}
    return {c: number_text(m["number"], decimal) for c, m in found.items()}


def numeric_share(col: pd.Series) -> float:
    """Share of the (first 200) non-missing cells of ``col`` that read as numbers (a value
    below a bound, '<1', among plain numbers: a reading under its detection limit); 0 if
    none."""
    head = col.iloc[:1000]  # the first 200 present cells are nearly always among these
    present = head[~missing_mask(head)]
    if len(present) < 200 and len(col) > len(head):
        present = col[~missing_mask(col)]
    if present.empty:
        return 0.0
    values, _ = parse_numbers(present.iloc[:200])
    plain = float((~np.isnan(values)).mean())
    if plain == 0 or plain == 1:
        return plain
    # Google Trends' '<1' among numbers is one; bands ('<10', '10-50') are none, as the other
    # bands read as no number
    values, _ = parse_numbers(present.iloc[:200], bounds=True)
    return float((~np.isnan(values)).mean())


def looks_numeric(col: pd.Series) -> bool:
    """True when most non-missing cells of ``col`` read as numbers (and there is at least one)."""
    return numeric_share(col) >= 0.9


def to_numbers(name: str, colname: str, col: pd.Series, decimal: str = ".",
               warn=None, dot_groups: bool = False) -> np.ndarray:
    """Strict conversion of one column to float64; NaN for missing cells and dashes (told to
    ``warn``); errors name the row (``decimal`` and ``dot_groups`` as in ``parse_numbers``)."""
    nums, missing = parse_numbers(col, decimal, bounds=True, dot_groups=dot_groups)
    if (kelvin := kelvin_cell(col, nums)) is not None:
        if named_a_temperature(colname):
            nums, missing = parse_numbers(col.astype(str).str.replace(
                r"\s*K\s*$", "", regex=True), decimal, bounds=True, dot_groups=dot_groups)
            how = f"read as kelvin ({kelvin!r} is {nums[np.flatnonzero(~missing)[0]]:g})"
        else:
            how = ("read with K for thousands; if K is kelvin, name the column a temperature "
                   "or write the numbers without it")
        if warn is not None:
            warn(f"column {colname!r} writes numbers with a K after them ({kelvin!r}): {how}")
    # One scan of the column's text first: a column of plain numbers does none of the work
    # per cell below (a panel's value column holds millions of them)
    text = cell_text(col)
    if "%" in text and warn is not None:
        mixed_percent(colname, col, missing | ~(nums != 0), warn)  # (0 is 0 in any unit)
    if _QUOTED.search(text):  # a quote in 32nds is a digit, then ' or -, then digits
        cells = col.astype(str).str.strip()
        if quotes := in_32nds(set(cells[~missing]), priced=named_like_a_price(colname)):
            nums = np.where(cells.isin(quotes), cells.map(quotes).astype(float), nums)
            first = next(c for c in cells if c in quotes)
            if warn is not None:
                warn(f"column {colname!r} writes prices in 32nds, as Treasuries are quoted "
                     f"({first!r} is {float(quotes[first]):g}): read so")
    bad = np.flatnonzero(np.isnan(nums) & ~missing)
    zeros = np.flatnonzero(nums == 0)  # (an accounting zero reads as 0)
    if warn is not None and zeros.size and (accounting := col.iloc[zeros].astype(str).str.strip(
            ).str.fullmatch(_ACCOUNTING_ZERO).to_numpy()).any():
        warn(f"column {colname!r} writes {col.iloc[zeros[accounting][0]].strip()!r} for "
             f"{int(accounting.sum())} value(s), as Excel's accounting format writes 0: read as 0")
    dashes = bad[col.iloc[bad].astype(str).str.strip().isin(DASHES).to_numpy()]
    if dashes.size:
        if warn is not None:
            warn(f"column {colname!r} writes a dash for {dashes.size} value(s) (first at row "
                 f"{int(dashes[0]) + 1}): read as missing; if a dash means 0 there, write 0")
        bad = np.setdiff1d(bad, dashes)
    flagged = np.zeros(len(col), dtype=bool)
    if _FLAG_ENDS.search(text):
        flagged = col.astype(str).str.strip().str.contains(_FLAGGED).to_numpy()
    if warn is not None and flagged.any():
        first = col[flagged].iloc[0]
        warn(f"column {colname!r} marks {int(flagged.sum())} value(s) with "
             f"'{_FLAGGED.search(first.strip())[0].strip()}' (first at row "
             f"{int(np.argmax(flagged)) + 1}: {first!r}), as statistics releases flag "
             "values (provisional, estimated, revised, a break): read as their numbers")
    if bad.size:
        i = int(bad[0])
        other = "," if decimal == "." else "."
        if number_text(col.iloc[i], other) is not None and (read := next((
                k for k in np.flatnonzero(~np.isnan(nums)) if decimal in col.iloc[k]
                and number_text(col.iloc[k], other) is None), None)
                ) is not None:  # '1.016,60' above and '1125.50' below: which mark is it?
            marks = {",": "a comma", ".": "a dot"}
            raise InputError(
                f"{name}: column {colname!r} writes decimals with {marks[other]} "
                f"({col.iloc[i].strip()!r}, line {int(col.index[i]) + 2}) and with "
                f"{marks[decimal]} ({col.iloc[read].strip()!r}, line "
                f"{int(col.index[read]) + 2}); write them one way")
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
