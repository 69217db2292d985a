"""Which column of a long file names its series: one named like an id whose values repeat
while the times repeat per value, or one text column that fits alone; where no time repeats,
one named as ids are whose series run side by side on times of their own (weeks that end on
different weekdays). The reason is stated. Rows that repeat their times with values of
columns that may name series, read without an id column, are refused."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..calendar import format_stamp
from ..errors import InputError
from .columns import norm, show_list
from .id_spelling import as_spelt
from .numbers import looks_numeric, parse_numbers, stripped

# Words in a column name that say it names the series (after norm(): lower case, words).
_ID_WORDS = ("symbol", "ticker", "id", "unique id", "series", "name", "code", "asset", "stock",
             "instrument", "item", "store", "sku", "key", "country", "currency", "station",
             "sensor", "entity", "dept", "department", "product", "region",
             "cusip", "isin", "sedol", "figi", "permno", "ric", "secid", "wkn")  # securities'
# identifiers (MOEX's SECID, Germany's WKN)
# Words that name an id column alone ('day name' and 'weather code' hold values of a series)
_STRONG_ID_WORDS = frozenset({"symbol", "ticker", "id", "unique", "series", "sensor", "station",
                              "stock", "instrument", "sku", "cusip", "isin", "sedol", "figi",
                              "permno", "ric", "secid", "wkn"})


def _words(col: str) -> str:
    """A column name's words (``norm``), camel case parted: 'CountryCode' is 'country code'."""
    return norm(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(col)))


def _strongly_named(col: str) -> bool:
    return bool(set(_words(col).split()) & _STRONG_ID_WORDS)


# A security's code in scripts ``norm`` drops: China's '股票代码', '证券代码', Taiwan's '證券代號',
# Japan's '銘柄コード', Korea's '종목코드'
_NATIVE_ID_WORDS = ("代码", "代碼", "代號", "代号", "コード", "코드")


def named_like_id(col: str) -> bool:
    """Whether a column's name says it names series ('symbol', 'Store', 'unique_id',
    'CountryCode': its words, as camel case writes them, too)."""
    words = f" {_words(col)} "
    return any(f" {w} " in words for w in _ID_WORDS) or any(w in str(col)
                                                            for w in _NATIVE_ID_WORDS)


def refuse_value_ids(name: str, frame: pd.DataFrame, col: str) -> None:
    """Refuses an id column (``--id-col``) of measured values: numbers with decimals, most of
    them of a row or two (a close of 66.4), or nearly a value a row (a volume). Its series of
    a row or two were refused as too irregular, naming neither the column nor the flag. (Many
    one-row products beside long series repeat their ids; HS codes, '8471.30', repeat.)"""
    values = stripped(frame[col]).dropna()
    numbers = parse_numbers(values)[0] if looks_numeric(values) else np.array([])
    decimals = len(numbers) and (np.nan_to_num(numbers) % 1 != 0).any() and \
        values.value_counts().median() < 3
    if len(values) >= 6 and (decimals or values.nunique() > 0.9 * len(values)):
        number = " (numbers, like a measured value's)" if len(numbers) else ""
        raise InputError(f"{name}: column {col!r} does not name series: {values.nunique()} "
                         f"different values in {len(values)} rows{number}",
                         advice=[(("--id-col",), "give --id-col the column that names the "
                                  "series (e.g. a ticker or a store)")],
                         fallback="name the column that identifies the series")


# a value and its interval, the WHO's display text '72.5 [70.1-74.3]' (not '06037 (Los Angeles)')
_WITH_INTERVAL = r"[-+]?\d[\d.,]*\s*[\[(]\s*-?\d[\d.,]*\s*[-\u2013,]\s*-?\d"


def detect_id_column(frame: pd.DataFrame, candidates: Sequence[str],
                     times: pd.DatetimeIndex, every: str | None = None
                     ) -> tuple[str | None, str]:
    """The column whose values name the series of a long file, or None for one series.

    A candidate is a text column whose values repeat while the times repeat per value: every
    (value, time) pair is (nearly) unique although the times alone are not. Columns named like
    an id (symbol, ticker, unique_id, ...) are preferred; a single other text column that fits
    is taken too, and the reason is stated. The series a candidate names must share their times
    (``_shares_times``: not a holiday flag), unless it is text named as ids alone are (symbol,
    ticker, sensor, ...). A column of numbers is a candidate when named like an id and holding
    half as many values as rows or fewer (store 1, 2, ...; not a product's price); so is one
    of text not named so (a log's second timestamp, its times of day, name no series).
    ``every``: the steps (--every) readings of levels go on (not totals, which one series
    may add up), which irregular times that never repeat share (``_apart_in_time``).
    """
    # A file appended to itself has every row as often: its copies part nothing. A log of one
    # line a unit sold repeats some rows only, which --duplicates sum totals: kept.
    if _first_row_again(frame):
        copies = frame.duplicated().to_numpy()
        if copies.any() and len(set(frame.value_counts(dropna=False))) == 1:
            frame, times = frame[~copies], times[~copies]
    stamps = pd.Series(times.asi8)
    if stamps.is_unique:
        return _apart_in_time(frame, candidates, times, every)
    fitting = []
    for col in candidates:
        named = named_like_id(col)
        if _numbers(frame[col]) and not named:
            continue  # numbers are values unless named like ids (nor stripped to ask)
        values = stripped(frame[col])
        distinct = values.nunique()
        if (_numbers(frame[col]) and not (named and distinct <= len(values) / 2)) or \
                values.eq("").all() or not 1 < distinct < len(values) or (
                    not named and (_yes_or_no(values) or distinct > len(values) / 2)):
            continue  # nor a column of nearly one value a row: Stripe's 'Available On' dates
        if not named and values.str.match(_WITH_INTERVAL).mean() > 0.5:
            continue  # a value and its interval, the WHO's display text '72.5 [70.1-74.3]'
        pairs = pd.DataFrame({"id": values.to_numpy(), "t": stamps.to_numpy()})
        strong = _strongly_named(col) and not _numbers(
            frame[col])  # 'sensor_id' S1 then S2: series that overlap little still
        if pairs.duplicated().mean() <= 0.05 and (strong or _shares_times(values, stamps)) \
                and (named or _each_through_time(values, stamps)):
            fitting.append(col)
    # Named like an id; one with blanks last (Our World in Data's 'Code' of a region), one
    # named as ids alone are first ('Symbol' before 'CompanyName', which names them too)
    named = sorted((c for c in fitting if named_like_id(c)),
                   key=lambda c: (bool(stripped(frame[c]).eq("").any()), not _strongly_named(c)))
    if named:
        return named[0], "named like an id; its values repeat while the times repeat per value"
    if len(fitting) == 1:
        return fitting[0], "the only text column whose values repeat while the times repeat"
    if fitting and all(_same_series(frame, fitting[0], col) for col in fitting[1:]):
        # a company and its name, or its sector where each has one: one way to part the rows
        rest = fitting[1:]
        return fitting[0], (f"its values repeat while the times repeat; {show_list(rest)} "
                            f"name{'s' if len(rest) == 1 else ''} the same series")
    return None, ""


def _first_row_again(frame: pd.DataFrame) -> bool:
    """Whether the frame's first row occurs again, as every row of a file appended to itself
    does: one comparison a cell, where finding every repeated row hashes them all."""
    again = np.ones(len(frame), dtype=bool)
    for j in range(frame.shape[1]):
        values = frame.iloc[:, j]
        first = values.iloc[0] if len(values) else None
        again &= (values.isna() if pd.isna(first) else values == first).to_numpy()
    return bool(again[1:].any())


def _numbers(col: pd.Series) -> bool:
    """Whether a column holds numbers, not names that read as numbers: the Swiss National
    Bank's series 'EUR1' and 'USD1' read as 1 of a currency, the two one number."""
    if not looks_numeric(col):
        return False
    cells = stripped(col.iloc[:10_000]).drop_duplicates()  # a few names, or many numbers
    return not 2 <= len(cells) <= 1000 or 2 * len(set(parse_numbers(cells)[0])) > len(cells)


_FLAGS = ({"y", "n"}, {"yes", "no"}, {"true", "false"}, {"t", "f"})


def _yes_or_no(values: pd.Series) -> bool:
    """Whether a column says yes or no of each row (ERCOT's 'Repeated Hour Flag', N and Y at
    the hour the clocks repeat): a mark on some rows, not the names of series (unless named
    as ids are: a 'symbol' of AT&T's 'T' and Ford's 'F')."""
    return set(values.str.lower().unique()) in _FLAGS


def _same_series(frame: pd.DataFrame, a: str, b: str) -> bool:
    """Whether columns ``a`` and ``b`` part the rows alike: each value of one goes with one
    value of the other."""
    pairs = pd.DataFrame({"a": stripped(frame[a]).to_numpy(), "b": stripped(frame[b]).to_numpy()})
    return len(pairs.drop_duplicates()) == pairs["a"].nunique() == pairs["b"].nunique()


def _shares_times(values: pd.Series, stamps: pd.Series) -> bool:
    """Whether the series ``values`` would name share their times, as a panel's do: half of
    one series' times at least are another's too. A label that marks some rows (a holiday) or
    a period (before and after) parts the rows in time instead, meeting at most at an hour a
    clock change repeats."""
    repeated = stamps.duplicated(keep=False).to_numpy()
    return bool((pd.Series(repeated).groupby(values.to_numpy()).mean() >= 0.5).any())


def _each_through_time(values: pd.Series, stamps: pd.Series) -> bool:
    """Whether each value's rows run through its span of time, as a series' do, where the
    times rarely repeat (under a tenth of the rows): half of the file's steps at least between
    its first row and its last. A weather condition beside an hourly count ('Rain' in a
    second row of some hours) is scattered over the file instead. Where times repeat more,
    the series overlap as a panel's do (a city with an outage, stations at their minutes)."""
    if stamps.duplicated(keep=False).mean() >= 0.1:
        return True
    seconds = pd.Series(stamps.to_numpy() / 1e9)  # (floats: no span of centuries overflows)
    step = np.median(np.diff(np.unique(seconds.to_numpy())))
    spans = seconds.groupby(values.to_numpy()).agg(["min", "max", "nunique"])
    return bool(step > 0 and (spans["nunique"] >= 0.5 * (
        (spans["max"] - spans["min"]) / step + 1)).all())


def _apart_in_time(frame: pd.DataFrame, candidates: Sequence[str],
                   times: pd.DatetimeIndex, every: str | None = None) -> tuple[str | None, str]:
    """When no time repeats: a text column named as ids are (symbol, ticker, id, ...) whose
    series run side by side on stamps of their own (``_side_by_side``: weeks that end on a
    Sunday in one series, on a Monday in another; or, read on the steps of ``every``, any
    times of their own that overlap: Home Assistant's sensors, each reporting when it changes,
    would be averaged into one), or no id, with a warning (the reason,
    starting 'warning:') where such a column holds two or more values of two or more rows
    each: two sensors taking turns in time, or one ticker after another, read as one series.
    Which of the two it is (a renamed ticker is one series) the file cannot say."""
    for col in candidates:
        if not set(norm(col).split()) & _STRONG_ID_WORDS:
            continue
        values, numeric = stripped(frame[col]), looks_numeric(frame[col])
        counts = values.value_counts()
        if len(counts) < 2 or counts.min() < 2 or (numeric and len(counts) > len(frame) / 2):
            continue
        if _side_by_side(values.to_numpy(dtype=str), times):
            return col, ("named like an id; its series run side by side, each on times of its "
                         "own")
        if numeric:  # store 1, 2 taking turns: no reason to think them series
            continue
        if every and _overlap(values.to_numpy(dtype=str), times.asi8):
            return col, "named like an id; its series run side by side, put on the steps"
        shown = ", ".join(map(repr, counts.index[:3]))
        return None, (f"warning: column {col!r} holds {len(counts)} values ({shown}) but no "
                      "time repeats: read as one series; pass --id-col "
                      f"{col} if they are separate series")
    return None, ""


def _side_by_side(ids: np.ndarray, times: pd.DatetimeIndex) -> bool:
    """Whether the series ``ids`` names overlap in time, each on one step (nine in ten of its
    rows' steps the step most common in all of them), which the file's rows taken together do
    not keep: a panel whose series never share a time (weeks that end on a Sunday in one, on a
    Monday in another), not turns of one series (a sensor_id that alternates each hour, or
    each month: the rows together are hourly, or daily)."""
    if _one_step(np.diff(np.sort(times.asi8))):
        return False
    order = np.lexsort((times.asi8, ids))
    t, name = times.asi8[order], ids[order]
    if not _one_step(np.diff(t)[name[1:] == name[:-1]]):
        return False
    return _overlap(name, t)


def _overlap(ids: np.ndarray, t: np.ndarray) -> bool:
    """Whether the spans of time of the series ``ids`` names overlap (not one after another:
    a ticker renamed)."""
    spans = pd.DataFrame({"name": ids, "t": t}).groupby("name")["t"].agg(["min", "max"])
    spans = spans.sort_values("min")
    return bool((spans["min"].to_numpy()[1:] < spans["max"].cummax().to_numpy()[:-1]).any())


def _one_step(steps: np.ndarray) -> bool:
    """Whether nine in ten of ``steps`` are the one most common."""
    return bool(len(steps)) and np.unique(steps, return_counts=True)[1].max() >= 0.9 * len(steps)


def unless_once_a_time(id_col: str, target: str, times: pd.DatetimeIndex, values: np.ndarray,
                       notes: list[str]) -> str | None:
    """``id_col``, found by its name, unless the target is written on one row of (nearly)
    every time that has several, the others empty, and the times hold more rows or fewer: a
    figure of the time, to total, not of what parts its rows (Shopify's orders: an order's
    total on its first line item, whose product the name 'Lineitem name' made an id: each
    order's total went to one product). A panel's every id at every time (stores of which one
    sold a day) keeps its ids."""
    given = pd.Series(~np.isnan(values)).groupby(np.asarray(times.asi8))
    per = pd.DataFrame({"rows": given.size(), "given": given.sum()})
    several = per[per["rows"] > 1]
    if len(several) < 5 or (several["given"] == 1).mean() < 0.9 or several["rows"].nunique() < 2:
        return id_col  # (stores of which one sold a day: each day holds all of them, alike)
    notes[:] = [n for n in notes if not n.startswith("id column:")]
    notes.warn(f"id column: none ({id_col!r} is not one: {target!r} is written on one row of "
               "each time alone, as an order's total on its first line item)")
    return None


def chosen_series(name: str, parts: list, ids: Sequence[str], may_lack: Sequence[str] = ()) -> list:
    """The ``parts`` (id, rows) of the series ``ids`` names (``--id``), in the file's order,
    taken before the series' frequencies are compared: one file of a coin traded every day and
    stocks traded on weekdays gives a model for each. An id spelt otherwise in the file's
    letters' composition is the same id ('Zürich'). An id the file lacks is an error naming the
    file's series, unless ``may_lack`` has it (a model's symbol a feed dropped: the caller says
    so, ``covered.for_ids``); one that has none of them is an error."""
    if not ids:
        return parts
    present, lacking = {sid for sid, _ in parts}, set(may_lack)
    wanted = as_spelt(ids, [*present, *lacking])
    if missing := [i for i in wanted if i not in present and i not in lacking]:
        raise no_such_series(name, missing[0], [sid for sid, _ in parts])
    if present.isdisjoint(wanted):  # (every one a model's)
        raise no_such_series(name, wanted[0], [sid for sid, _ in parts], of_model=True)
    wanted_set = set(wanted)
    return [p for p in parts if p[0] in wanted_set]


def no_such_series(name: str, sid: str, ids: Sequence[str], of_model: bool = False):
    """The error of an ``--id`` naming ``sid``, which none of the file's series ``ids`` is
    (``of_model``: a series of the model the file has no rows of)."""
    what = "rows of the model's series" if of_model else "series"
    shown = ", ".join(map(repr, ids[:8])) + " ..." * (len(ids) > 8)
    return InputError(f"{name}: no {what} {sid!r} (series: {shown})",
                      advice=[(("--id",), "give data with its rows, or leave it out of --id"
                               if of_model else "fix the names given to --id")],
                      fallback="check the series ids")


def one_series(name: str) -> InputError:
    """The error of ``--id`` given for a file of one series."""
    return InputError(f"{name}: holds one series, without ids; --id picks series of a panel",
                      fallback="leave out --id")


def refuse_spellings_at_one_time(name: str, cells: pd.Series, codes: np.ndarray, order,
                                 times: pd.DatetimeIndex) -> None:
    """Refuse two spellings read as one id ('H1' and 'H1 ', 'Ö-12' composed two ways) that
    both have a row at one time: two series, which --duplicates would have averaged in
    silence (one spelling a series, its rows one after another in time, are one series)."""
    raw, spellings = pd.factorize(cells.to_numpy())
    if len(spellings) == len(order):  # (most files: each id written one way)
        return
    rows = pd.DataFrame({"id": codes, "raw": raw, "t": np.asarray(times)})
    rows = rows[rows.duplicated(["id", "t"], keep=False)].drop_duplicates(["id", "t", "raw"])
    clash = rows[rows.duplicated(["id", "t"], keep=False)]
    if len(clash):
        first = clash[clash["id"] == clash["id"].iloc[0]]
        first = first[first["t"] == first["t"].iloc[0]]
        raise InputError(f"{name}: ids {show_list([spellings[k] for k in first['raw']])} read "
                         f"as one, {str(order[first['id'].iloc[0]])!r} (spaces around it, or "
                         "its letters composed otherwise), both have a row at "
                         f"{format_stamp(first['t'].iloc[0])}: two series? write each id one "
                         "way")
