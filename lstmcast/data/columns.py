"""Columns: which one is the time, the target and the features; cells to numbers.

Every pick the loader makes on its own is stated in a note; a column the user named that is not
there is a ``ColumnNotFound`` naming the role it was wanted for. Numbers are read as people
write them ('$1,234.50', '1.234,56 €', 'USD 12.5', '(12.30)', '1.5%'), by one reading
(``parse_numbers``) that both decides which columns are numeric and converts them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import ColumnNotFound, InputError

# Cells read as missing values (case-insensitive): blanks, pandas' ('<NA>' too) and R's, FRED's
# '.', the spreadsheets' errors ('#N/A'), Eurostat's ':' (': c' flagged), the ONS's and World
# Bank's '..', UCI's '?', Bloomberg's '#N/A N/A', the US Census Bureau's '(S)', '(NA)', '(X)',
# '(D)', '(Z)'. Anything else that is not a number is an error, but for a dash alone (DASHES),
# which SMARD's and investing.com's downloads write for a gap and accounting formats for a
# zero: read as missing, with a warning that says so.
MISSING_TOKENS = frozenset({"", "nan", "na", "<na>", "n/a", "n.a.", "null", "none", ".", "..",
                            ":", "?", "#n/a", "#n/a n/a", "#na", "#value!", "#div/0!", "#ref!",
                            "#num!", "#null!", "(s)", "(na)", "(x)", "(d)", "(z)", ": c",
                            ": z", ": u", ": n", ": e", ": b", "n/e"})  # ENTSO-E: not expected
DASHES = frozenset({"-", "--", "\u2013", "\u2014"})  # '-', '--', en and em dash
# Target names by preference: the first keyword that matches a column wins.
# Investing.com's and statistics offices' headers in Spanish, German, French and Italian, as
# the whole name only: 'Último', not 'Wert Prognose' or 'Precio apertura'
_EXACT_QUOTES = ("cierre", "ultimo", "zuletzt", "schluss", "kurs", "dernier", "cloture",
                 "chiusura", "precio", "preis", "prix")
_EXACT = (*_EXACT_QUOTES, "valor", "wert", "valeur", "valore")
_WHOLE_NAME_ONLY = frozenset({*_EXACT, "nd"})  # 'ND': National Grid's national demand
_TARGET_KEYWORDS = (
    "adj close", "adjusted close", "close", "closing price", "schlusskurs", "cours de cloture",
    "price", "value", "values", "last", "sales", "revenue", "umsatz", "ventas", "ventes", "nd",
    "demand", "load", "usage", "consumption", "actual", *_EXACT,
)  # 'ND' before 'ENGLAND_WALES_DEMAND' and 'TSD', as National Grid's demand data writes them
# a market's price, however written
_QUOTES = frozenset({"adj close", "adjusted close", "close", "closing price", "schlusskurs",
                     "cours de cloture", "price", "last", *_EXACT_QUOTES})
# Words that make a column a plan or a forecast of the target, never the target itself.
_NOT_ACTUAL = frozenset({"forecast", "fc", "budget", "plan", "planned", "target", "lag",
                         "predicted", "prediction", "estimate", "expected"})
# Words that make a column a quantity per unit, not the total a file is about: 'Unit Price' and
# 'Avg Price' beside 'Sales' (a column so named is the target only where no other is).
_PER_UNIT = frozenset({"unit", "avg", "average", "mean", "per"})
# Words that make a column a time, never a value: 'close_time' is not the close.
_TIME_WORDS = frozenset({"date", "time", "timestamp", "datetime", "epoch"})

# Numbers as people write them: '$1,234.50', '1.234,56 €', 'USD 12.5', '(12.30)', '1.5%'.
_SYMBOLS = "$€£¥₹₩₽₺₪₫฿₴₦"
_GROUPS = "'\u00a0\u202f\u2009 "  # besides ',' and '.': apostrophe and (thin/no-break) spaces
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
_BODY = {
    ".": (re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"),
          re.compile(rf"(?:\d{{1,3}}(?P<sep>[,{_GROUPS}])\d{{3}}(?:(?P=sep)\d{{3}})*|"
                     r"\d{1,2}(?:,\d\d)+,\d{3})(?:\.\d*)?")),  # and India's lakhs: 2,07,741.99
    ",": (re.compile(r"(?:\d+,?\d*|,\d+)"),
          re.compile(rf"\d{{1,3}}(?P<sep>[.{_GROUPS}])\d{{3}}(?:(?P=sep)\d{{3}})*(?:,\d*)?")),
}


def norm(text: str) -> str:
    """Lower case, accents dropped, punctuation to spaces: 'Closing Price (USD)' -> 'closing
    price usd', 'Último' -> 'ultimo', 'Schluß' -> 'schluss'."""
    plain = unicodedata.normalize("NFKD", str(text).casefold()).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.lower()).split())


def match_column(name: str, columns: Sequence[str], wanted: str, role: str, flag: str,
                  listing: Sequence[str] | None = None) -> str:
    """Find ``wanted`` among ``columns``: exact first, then ignoring case and outer whitespace."""
    if wanted in columns:
        return wanted
    key = str(wanted).strip().casefold()
    hits = [c for c in columns if c.strip().casefold() == key]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise InputError(
            f"{name}: {role} {wanted!r} matches several columns ({', '.join(map(repr, hits))})",
            advice=[((flag,), f"give the exact name to {flag}")],
            fallback="give the exact column name")
    shown = listing if listing is not None else columns
    raise ColumnNotFound(name, wanted, role, show_list(shown), flag, columns)


def show_list(columns: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(repr(c) for c in list(columns)[:limit])
    more = len(columns) - limit
    return shown + (f" and {more} more" if more > 0 else "") if columns else "(none)"


def stripped(col: pd.Series) -> pd.Series:
    """``col.str.strip()``, computed once per distinct cell: in a panel the dates and the ids
    repeat across series, so a file of millions of rows has only thousands of them."""
    codes, uniques = pd.factorize(col)
    clean = np.asarray(pd.Series(uniques, dtype=object).str.strip(), dtype=object)
    out = np.empty(len(col), dtype=object)
    present = codes >= 0
    out[present] = clean[codes[present]]
    out[~present] = np.nan
    return pd.Series(out, index=col.index, name=col.name)


def missing_mask(col: pd.Series) -> np.ndarray:
    return stripped(col).str.lower().isin(MISSING_TOKENS).to_numpy()


def number_text(cell: str, decimal: str = ".") -> str | None:
    """The text of one cell as a plain number string ('-1234.5'), or None when it is not a
    number. ``decimal`` is the column's decimal mark; currency symbols and codes, thousands
    separators, a percent sign and accounting parentheses are dropped; missing cells are the
    caller's business."""
    match = _CELL.fullmatch(cell.strip().replace("\u2212", "-"))
    if match is None:
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
    return ("-" if paren or "-" in (sign, sign2) else "") + number


def decimal_mark(cells, default: str = ".") -> str:
    """',' when the cells write decimals with a comma ('1.234,5', '2,25', '1.234.567'), '.'
    when with a dot; when no cell says, '.' unless a cell holds a comma: then ``default``.

    A cell with both marks, a mark followed by other than three digits, or a mark used twice
    says which one is the decimal; '1,234' alone could be either and counts for neither, and
    '1.028' reads as written (a dot is a decimal point unless a cell shows otherwise)."""
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
        read = {cell: reader(cell, mark) for cell in set(cells)}
        read |= magnitudes({c for c, number in read.items() if number is None}, mark)
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


def numeric_share(col: pd.Series) -> float:
    """Share of the (first 200) non-missing cells of ``col`` that read as numbers; 0 if none."""
    head = col.iloc[:1000]  # the first 200 present cells are nearly always among these
    present = head[~missing_mask(head)]
    if len(present) < 200 and len(col) > len(head):
        present = col[~missing_mask(col)]
    if present.empty:
        return 0.0
    values, _ = parse_numbers(present.iloc[:200])
    return float((~np.isnan(values)).mean())


def looks_numeric(col: pd.Series) -> bool:
    """True when most non-missing cells of ``col`` read as numbers (and there is at least one)."""
    return numeric_share(col) >= 0.9


def detect_target(name: str, frame: pd.DataFrame, others: Sequence[str],
                   numeric_like: Sequence[str]) -> tuple[str, str]:
    """The column to forecast: named like a close/price/value (an exact name first, then one
    that has numbers), else the only numeric column.

    A column named like the target is the one meant even when its cells do not read as numbers:
    an empty 'Close' fails later with a clear message, a 'Close' with a stray text cell names
    that cell, and a 'Close' without a single number is an error here, never a reason to
    forecast another column."""
    for keyword, per_unit in [(k, False) for k in _TARGET_KEYWORDS] + [
            (k, True) for k in _TARGET_KEYWORDS]:
        hits = [c for c in others if _named_like(c, keyword)
                and per_unit == bool(_PER_UNIT.intersection(norm(c).split()))]
        if not hits:
            continue
        shares = {c: numeric_share(frame[c]) for c in hits}
        empty = {c for c in hits if missing_mask(frame[c]).all()}
        col = min(hits, key=lambda c: (norm(c) != keyword, shares[c] == 0 and c not in empty,
                                       hits.index(c)))
        if shares[col] == 0 and col not in empty:
            cells = frame[col].str.strip()
            i = int(np.flatnonzero(~missing_mask(frame[col]))[0])
            raise InputError(
                f"{name}: column {col!r} (named like the target: {keyword!r}) has no numbers, "
                f"e.g. {cells.iloc[i]!r} at row {i + 1} (line {int(frame.index[i]) + 2})",
                advice=[(("--target",), "fix its values, or pass --target NAME to forecast "
                         "another column")],
                fallback="fix its values, or name the column to forecast")
        alike = [c for c in hits if c != col and norm(c) != keyword and shares[c] > 0]
        if alike and norm(col) != keyword:
            return col, (f"matched {keyword!r}; {show_list(alike, 3)} too: --target with a "
                         "list or 'all' forecasts each")
        # another kind of target (a load beside a price; not a close beside an adjusted one)
        rivals = [c for c in others if c not in hits and numeric_share(frame[c]) > 0
                  and not _PER_UNIT.intersection(norm(c).split())
                  and any(_named_like(c, k) and _kind(k) != _kind(keyword)
                          for k in _TARGET_KEYWORDS)]
        return col, f"matched {keyword!r}" + (
            f"; {show_list(rivals, 3)} named like a target too: --target NAME forecasts it"
            if rivals else "")
    if len(numeric_like) == 1:
        return numeric_like[0], "the only numeric column"
    bars = {norm(c): c for c in numeric_like}
    if {"o", "h", "l", "c"} <= set(bars):  # OANDA's candles: o, h, l, c
        return bars["c"], "'c' beside 'o', 'h' and 'l': the close of bars"
    varying = [c for c in numeric_like if stripped(frame[c]).nunique() > 1]
    if len(varying) == 1:  # a station's constant number beside its readings ('STN', 'TG')
        return varying[0], "the only numeric column whose values vary"
    counted = [c for c in varying if not _counts_rows(frame[c])]  # not a 'Day' of 1, 2, 3
    if len(counted) == 1:
        return counted[0], (f"the only numeric column that does not count the rows (as "
                            f"{show_list([c for c in varying if c not in counted], 3)} does)")
    partly = [c for c in others if numeric_share(frame[c]) > 0]
    if not numeric_like and len(partly) == 1:
        return partly[0], "the only column with numbers"
    if not numeric_like:
        raise InputError(
            f"{name}: no numeric column to forecast among {show_list(others)}",
            advice=[(("--target",), "check the delimiter and the values, or pass --target")],
            fallback="check the delimiter and the values")
    raise InputError(
        f"{name}: cannot tell which column to forecast; numeric columns: "
        f"{show_list(numeric_like)}", advice=[(("--target",), "pass --target NAME (or "
                                                  "A,B or all, each a series)")],
        fallback="name the target column")


def _counts_rows(col: pd.Series) -> bool:
    """Whether ``col`` numbers the rows: whole numbers from 0 or 1 that step by one, up or
    down (a count that happens to grow by one from 1000 is a value)."""
    text = stripped(col)
    if len(text) < 3 or not pd.Series(text).str.fullmatch(r"\d{1,9}").all():
        return False
    numbers = pd.Series(text).astype(np.int64).to_numpy()
    steps = np.diff(numbers)
    return bool((np.all(steps == 1) or np.all(steps == -1)) and numbers.min() in (0, 1))


def _kind(keyword: str) -> str:
    """What a target keyword names: a quote ('close', 'price', 'last', 'Último'), or itself."""
    return "quote" if keyword in _QUOTES else keyword


def _named_like(col: str, keyword: str) -> bool:
    """Whether column ``col`` is named like the target by ``keyword``, and not like a time or
    a plan."""
    name = norm(col)
    return (f" {keyword} " in f" {name} " and not (_TIME_WORDS | _NOT_ACTUAL).intersection(
        name.split()) and (keyword not in _WHOLE_NAME_ONLY or name == keyword))


def to_numbers(name: str, colname: str, col: pd.Series, decimal: str = ".",
               warn=None, dot_groups: bool = False) -> np.ndarray:
    """Strict conversion of one column to float64; NaN for missing cells and dashes (told to
    ``warn``); errors name the row (``decimal`` and ``dot_groups`` as in ``parse_numbers``)."""
    nums, missing = parse_numbers(col, decimal, bounds=True, dot_groups=dot_groups)
    bad = np.flatnonzero(np.isnan(nums) & ~missing)
    dashes = bad[col.iloc[bad].astype(str).str.strip().isin(DASHES).to_numpy()]
    if dashes.size:
        if warn is not None:
            warn(f"column {colname!r} writes a dash for {dashes.size} value(s) (first at row "
                 f"{int(dashes[0]) + 1}): read as missing; if a dash means 0 there, write 0")
        bad = np.setdiff1d(bad, dashes)
    if bad.size:
        i = int(bad[0])
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
