"""The days of the year that a daily series keeps apart from its week: Christmas, the fourth
Thursday of November, Easter Monday, learned from its own past years.

A day's deviation is its log value less the median of the same weekday one and two weeks
before and after it (its week's level and the weekday's shape). Days that share a key

    ("date", month, day)              a fixed date (25 December)
    ("weekday", month, weekday, n)    the n-th weekday (0 Monday) of a month; n = -1 the last
    ("easter", days)                  days after Easter Sunday (-2 Good Friday, 1 Easter Monday)

and deviated the same way in every year of the series' latest YEARS, each by MIN_STRENGTH
robust standard deviations of all days' deviations or more (TWO_YEARS_STRENGTH where it holds
two; of three or more years, one may fall short), make that key a day effect: the median of
those deviations. Keys are taken strongest first, a day explained by one left out of the
others' (Christmas on a Thursday is no fourth Thursday of December); then the keys are learned
again with the days found left out of their neighbours, once (Chicago's boardings on New
Year's Day read as 60 % above a week that held Christmas, and a Christmas beside New Year's
Day, seven days on, 35 % down, not 40 %, when the days found were subtracted instead).

A series in log mode is modelled without its effects (its values divided by them: the bases and
windows see an ordinary week) and its forecasts of such a day are multiplied by them.
"""

from __future__ import annotations

from calendar import day_name, month_name

import numpy as np
import pandas as pd
from dateutil.easter import easter

from .holidays import EASTER_DAYS

MIN_STRENGTH = 3.0  # robust standard deviations every year's deviation must reach
TWO_YEARS_STRENGTH = 4.0  # the same, for a key seen in two years only: a coincidence is likelier
# (with 2.5 and 3, 7 of 20 series of Student-t noise learned an effect, one of +49 %)
MIN_YEARS = 2  # years a key's day must deviate in
MIN_ROWS = 400  # days: a year and its neighbours, at least (a key needs two years)
YEARS = 4  # the latest years a series' effects are learned on: a habit changes, and a long
# series' one odd year (Christmas on a Sunday) cost it its strongest key (US births, 19 years)
RHYTHM_P = 0.01  # how surely a series' weekdays must differ before it keeps days apart
PASSES = 2  # learned, then learned again from neighbours cleaned of the effects found
NEIGHBOURS = (-14, -7, 7, 14)  # days: the same weekday around a day


# A key as a number: a date month * 32 + day; the n-th weekday 1000 + month * 100 + weekday * 10
# + n (n = 9: the last); days after Easter 5000 + days (from -3)
_WEEKDAY, _EASTER, _LAST, _CODES = 1000, 5000, 9, 5100


def codes_of(days: pd.DatetimeIndex) -> np.ndarray:
    """(n, 4) the keys each day falls on, as numbers (-1: none): its date, its n-th weekday of
    the month, the last such weekday (where it is), its days after Easter (where near)."""
    days = pd.DatetimeIndex(days)
    if not len(days):
        return np.empty((0, 4), dtype=np.int64)
    month, day, weekday = (np.asarray(days.month), np.asarray(days.day),
                           np.asarray(days.day_of_week))
    last = np.asarray((days + pd.Timedelta(days=7)).month != days.month)
    years = np.asarray(days.year)
    first = int(years.min())
    sundays = np.array([np.datetime64(easter(y), "D") for y in range(first, years.max() + 1)],
                       dtype="datetime64[D]")  # Easter of each year, looked up per day
    after = (np.asarray(days.values, dtype="datetime64[D]") - sundays[years - first]).astype(
        np.int64)
    near = (after >= EASTER_DAYS.start) & (after < EASTER_DAYS.stop)
    return np.stack([month * 32 + day,
                     _WEEKDAY + month * 100 + weekday * 10 + (day - 1) // 7 + 1,
                     np.where(last, _WEEKDAY + month * 100 + weekday * 10 + _LAST, -1),
                     np.where(near, _EASTER + after - EASTER_DAYS.start, -1)], axis=1)


def key_of(code: int) -> tuple:
    """The key a number stands for (``codes_of``)."""
    if code >= _EASTER:
        return ("easter", code - _EASTER + EASTER_DAYS.start)
    if code >= _WEEKDAY:
        n = code % 10
        return ("weekday", (code - _WEEKDAY) // 100, (code % 100) // 10, -1 if n == _LAST else n)
    return ("date", code // 32, code % 32)


def code_of(key) -> int:
    """The number of a key (``key_of``'s inverse)."""
    kind, *rest = key
    if kind == "easter":
        return _EASTER + rest[0] - EASTER_DAYS.start
    if kind == "weekday":
        month, weekday, n = rest
        return _WEEKDAY + month * 100 + weekday * 10 + (_LAST if n == -1 else n)
    return rest[0] * 32 + rest[1]


def effects_at(days: pd.DatetimeIndex, effects: tuple) -> np.ndarray:
    """(n,) the effect (a log ratio) of each day: that of the key it falls on with the largest
    effect, 0 where none of ``effects`` ((key, effect) pairs) is its."""
    if not effects:
        return np.zeros(len(days))
    return _effects_of(codes_of(days), effects)


def _effects_of(codes: np.ndarray, effects: tuple) -> np.ndarray:
    table = np.zeros(_CODES)
    for key, value in effects:
        table[code_of(key)] = value
    each = np.where(codes >= 0, table[np.maximum(codes, 0)], 0.0)  # (n, 4)
    return each[np.arange(len(codes)), np.abs(each).argmax(axis=1)]


def learn(days: pd.DatetimeIndex, values: np.ndarray) -> tuple:
    """The day effects ((key, effect) pairs, strongest first) of a daily series of ``values``
    > 0 on consecutive ``days``; () for a series too short to hold a day in two years."""
    days, values = pd.DatetimeIndex(days), np.asarray(values, dtype=np.float64)
    if len(values) < MIN_ROWS:
        return ()
    recent = days > days[-1] - pd.DateOffset(years=YEARS)
    days, values = days[recent], values[recent]
    if len(values) < MIN_ROWS or not np.all(values > 0):
        return ()
    z, codes = np.log(values), codes_of(days)
    if not weekly_rhythm(days, z):
        return ()
    flat = codes.ravel()
    order = np.argsort(flat, kind="stable")
    order = order[flat[order] >= 0]
    rows, code = order // codes.shape[1], flat[order]  # each (day, key) pair, by key
    starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    effects: tuple = ()
    for _ in range(PASSES):  # the days found no neighbours of others: 18 December is no holiday
        clean = np.where(_effects_of(codes, effects) != 0, np.nan, z)
        effects = _learn_once(z, clean, rows, code, starts)
    return effects


def weekly_rhythm(days: pd.DatetimeIndex, z: np.ndarray) -> bool:
    """Whether the weekdays of ``z`` on consecutive ``days`` differ: a Kruskal-Wallis test of
    each day's deviation from the mean of its centred week, p < RHYTHM_P (ranks: the holidays
    themselves would swamp a test of means). Holidays are days people keep, and what people
    make keeps a week too (sales, traffic, page views, births); weather has none, and its
    spells recur about the same dates: Delhi's cold in two Decembers read as '22 December
    -25 %' (held out: 1.44 of naive's MAE; 1.00 without)."""
    from scipy.special import chdtrc  # (a few series learn effects in predict)

    deviation = z[3:-3] - np.convolve(z, np.ones(7) / 7, mode="valid")
    rank = pd.Series(deviation).rank().to_numpy()  # (ties: their mean rank)
    weekday, n = np.asarray(days.day_of_week)[3:-3], len(deviation)
    count = np.bincount(weekday, minlength=7)
    sums = np.bincount(weekday, rank, minlength=7)
    h = 12 / (n * (n + 1)) * float((sums[count > 0] ** 2 / count[count > 0]).sum()) - 3 * (n + 1)
    return float(chdtrc(int((count > 0).sum()) - 1, h)) < RHYTHM_P


def _learn_once(z, clean, rows, code, starts) -> tuple:
    """The greedy pass of ``learn``: deviations of ``z`` from the ``clean`` neighbours, each
    key's days (``rows`` grouped by ``code`` from ``starts``) judged at once."""
    n = len(z)
    around = np.full((n, len(NEIGHBOURS)), np.nan)
    for j, shift in enumerate(NEIGHBOURS):
        at = np.arange(n) + shift
        inside = (at >= 0) & (at < n)
        around[inside, j] = clean[at[inside]]
    seen = ~np.isnan(around).all(axis=1)
    deviation = np.full(n, np.nan)
    deviation[seen] = z[seen] - np.nanmedian(around[seen], axis=1)
    finite = deviation[seen]
    spread = 1.4826 * float(np.median(np.abs(finite - np.median(finite)))) if seen.any() else 0.0
    if not spread > 0:
        return ()
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(rows)]))
    found = []
    while True:
        d = deviation[rows]
        ok = np.isfinite(d)
        size = np.abs(np.where(ok, d, np.inf))
        by_size = np.lexsort((size, group))  # each key's days, smallest deviation first
        count = np.add.reduceat(ok, starts)
        # in three years or more, one may be weak (New Year's Day on a Sunday, whose births
        # are few anyway): the rule holds for the others
        spare = count > MIN_YEARS
        smallest = by_size[starts]
        second = by_size[np.minimum(starts + 1, len(rows) - 1)]
        weakest = np.where(spare, size[second], size[smallest]) / spread
        ups = np.add.reduceat(ok & (d > 0), starts) - (spare & (d[smallest] > 0))
        downs = np.add.reduceat(ok & (d < 0), starts) - (spare & (d[smallest] < 0))
        one_way = np.maximum(ups, downs) == count - spare
        needed = np.where(spare, MIN_STRENGTH, TWO_YEARS_STRENGTH)
        strength = np.where((count >= MIN_YEARS) & one_way & (weakest >= needed), weakest, 0.0)
        best = int(np.argmax(strength))
        if not strength[best] > 0:
            return tuple(found)
        at = rows[starts[best] : starts[best + 1] if best + 1 < len(starts) else len(rows)]
        found.append((key_of(int(code[starts[best]])), float(np.nanmedian(deviation[at]))))
        deviation[at] = np.nan  # explained: no other key claims these days


_NTH = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


def describe(key: tuple, effect: float) -> str:
    """'25 December -41 %', 'the fourth Thursday of November -52 %', 'Easter +1 +8 %'."""
    change = f"{np.expm1(effect):+.0%}".replace("%", " %")
    if key[0] == "date":
        return f"{key[2]} {month_name[key[1]]} {change}"
    if key[0] == "weekday":
        return f"the {_NTH[key[3]]} {day_name[key[2]]} of {month_name[key[1]]} {change}"
    return f"Easter {key[1]:+d} {change}"


def valid(effects) -> bool:
    """Whether ``effects`` (from a model file) are (key, effect) pairs of keys a day can fall
    on (a month 1 to 12, a weekday 0 to 6, ...) and finite effects."""
    ranges = {"date": (range(1, 13), range(1, 32)),
              "weekday": (range(1, 13), range(7), (1, 2, 3, 4, 5, -1)), "easter": (EASTER_DAYS,)}
    try:
        for key, value in effects:
            kind, *rest = key
            if len(rest) != len(ranges.get(kind, ())) or not all(
                    type(v) is int and v in r for v, r in zip(rest, ranges[kind], strict=True)):
                return False
            if type(value) is not float or not np.isfinite(value):
                return False
    except (TypeError, ValueError):
        return False
    return True
