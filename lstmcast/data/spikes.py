"""A value or a time far from the rest of its series: a last value far outside the series'
recent range, said (the forecast starts from it, and a decimal point lost in the newest row,
1300 for 13.00, moved a forecast of 13.4 to 24.3 in silence); a first or last time far beyond
the others, refused (a year mistyped, 2203-03-22 among the days of 2023, left two centuries
of gaps between them)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import format_stamp

RECENT = 30  # rows before the last that its range is measured on
BEYOND = 10  # times: beyond the recent highest (or below the lowest over it), a value is a spike


def last_value_spike(values: np.ndarray) -> str | None:
    """A warning when the last finite value of ``values`` lies BEYOND times past the RECENT
    values before it: above ten times their highest or under a tenth of their lowest for a
    series > 0, below 0 where no value before it was, else further from their range than ten
    times its width; None otherwise (or with fewer than 10 values, or a recent range of one
    value)."""
    y = np.asarray(values, dtype=np.float64)
    y = y[np.isfinite(y)]
    if len(y) < 10:
        return None
    last, recent = y[-1], y[-RECENT - 1 : -1]
    lo, hi = float(recent.min()), float(recent.max())
    signed = last < 0 < y[:-1].min()  # a sign typed into a series never below 0 (-5.0 for 125)
    if lo > 0 and last > 0:
        far = last > BEYOND * hi or last < lo / BEYOND
    else:
        far = signed or hi > lo and (last > hi + BEYOND * (hi - lo)
                                     or last < lo - BEYOND * (hi - lo))
    if not far:
        return None
    # (a 0 under values > 0: a log model skips the series, and says so, rather than start there)
    return (f"the last value, {last:g}, is " + ("below 0, where no value before it was, nor "
                                                if signed else "far outside ")
            + f"the {len(recent)} before it ({lo:g} to {hi:g}): a typo? "
            + ("forecasts start from it" if last > 0 or lo <= 0 else
               "fix that row if so (a bad tick)"))


def lone_spike(values: np.ndarray, index: pd.DatetimeIndex) -> str | None:
    """A warning naming the first row before the last that lies further from the RECENT rows
    before it than BEYOND times their range and half their level while the row after it does
    not: one reading of 1e6 among temperatures of 0 to 30, no price (those
    ``typos_filled`` fills), which left in made the test MAE 26,329 and the 95 % band 1.5 to
    125 degrees in silence. Read as it is (a real burst may look so); not of a series whose
    recent rows are 0 a quarter of the time or more (sales of a slow item)."""
    y = np.asarray(values, dtype=np.float64)
    if len(y) < 12 or not np.isfinite(y).all():
        return None
    # each row from the 10th to the one before the last, judged by the up to RECENT before it
    rows, early = np.arange(10, len(y) - 1), min(RECENT, len(y) - 1) - 10
    window = np.lib.stride_tricks.sliding_window_view(y[:-2], RECENT) if len(y) - 2 >= RECENT \
        else np.zeros((0, RECENT))
    zero = np.cumsum(y == 0)
    lo = np.r_[np.minimum.accumulate(y)[9:9 + early], window.min(axis=1)]
    hi = np.r_[np.maximum.accumulate(y)[9:9 + early], window.max(axis=1)]
    zeros = np.r_[zero[9:9 + early] / np.arange(10, 10 + early),
                  (window == 0).mean(axis=1)] >= 0.25

    def far(v):  # by the range, and by half the level: no peg's step, no sunspot minimum
        beyond = np.maximum(v - hi, lo - v)
        return (beyond > BEYOND * (hi - lo)) & (beyond > np.maximum(abs(lo), abs(hi)) / 2)

    spiked = np.flatnonzero(far(y[rows]) & ~far(y[rows + 1]) & ~zeros)
    if not len(spiked):
        return None
    k, i = int(spiked[0]), int(rows[spiked[0]])
    more = f" (and {len(spiked) - 1} more such row(s))" if len(spiked) > 1 else ""
    return (f"the value at {format_stamp(index[i])}, {y[i]:g}, is far outside the "
            f"{min(i, RECENT)} rows before it ({lo[k]:g} to {hi[k]:g}) and the row after "
            f"({y[i + 1]:g}){more}: a typo? read as it is; empty the cell to have it filled")


SPLITS = (2, 3, 4, 5, 6, 7, 8, 10, 15, 20, 25, 30, 40, 50)  # a split's ratios (a reverse
# split's too); not 3-for-2: a currency's devaluation (the yuan's in 1994) and a day of bitcoin
# moved by 1.5 too
SPLIT_MOVES = 20  # times the series' median move: a step this far beyond it, a split's size
SPLIT_AFTER = 5  # rows after the step whose level a split keeps (a spike's day goes back)


def split_step(values: np.ndarray, index: pd.DatetimeIndex) -> str | None:
    """A warning where a series of prices (> 0, changing most steps, daily or coarser) moves
    in one step by a stock split's ratio (within 2 % and three of its usual moves), SPLIT_MOVES
    times its median move or more, and stays there (the median of the SPLIT_AFTER rows after
    against that of those before): halved overnight, as unadjusted prices are at a split, a
    move the network learns and the intervals' scale grows by (MSIS 4.8 -> 22 on a panel of
    stocks); None otherwise (a day of visits doubled, then back)."""
    y = np.asarray(values, dtype=np.float64)
    if (usual := _usual_price_move(y, index)) is None:
        return None
    moves = np.diff(np.log(y))
    ratios, slack = np.log(np.asarray(SPLITS, dtype=np.float64)), np.log(1.02) + 3 * usual
    for i in np.flatnonzero(np.abs(moves) >= SPLIT_MOVES * usual)[::-1]:  # the latest first
        near = np.abs(np.abs(moves[i]) - ratios) < slack
        if moves[i] > 0:  # a reverse split: 1-for-3 or more (not VIX's x2.16 in a day)
            near &= ratios >= np.log(3)
        kept = np.log(np.median(y[i + 1:i + 1 + SPLIT_AFTER]) /
                      np.median(y[max(0, i + 1 - SPLIT_AFTER):i + 1]))
        if near.any() and abs(kept - moves[i]) < slack:
            ratio = float(np.exp(abs(moves[i])))
            return (f"the value {'falls' if moves[i] < 0 else 'rises'} from {y[i]:g} to "
                    f"{y[i + 1]:g} at {format_stamp(index[i + 1])}, "
                    f"{'1/' if moves[i] < 0 else ''}{ratio:.3g} in one step, as at a stock "
                    "split: if these are prices, give split-adjusted ones (an 'Adj Close'); "
                    "if not, its level jumped (a station reopened?)")
    return None


def _usual_price_move(y: np.ndarray, index: pd.DatetimeIndex) -> float | None:
    """The median absolute change of log ``y`` where ``y`` moves as prices do (> 0, changing
    most steps, daily or coarser); None where it does not."""
    if len(y) < 10 or not np.isfinite(y).all() or not (y > 0).all() or np.median(
            np.diff(index.as_unit("ns").asi8)) < pd.Timedelta(hours=20).value:  # (hours: a day's
        return None  # own shape halves demand from one hour to the next: M4 Hourly's, 3 of 414)
    moves = np.diff(np.log(y))
    usual = float(np.median(np.abs(moves)))
    return usual if usual > 0 and np.mean(moves != 0) >= 0.5 else None  # (counts repeat)


TYPOS = np.log(10.0 ** np.arange(1, 7))  # a row's decimal point moved by one to six places
# (EUR/USD's 0.8419 written 8419: test MAE 0.0053 -> 71.65, intervals 18 times as wide)
LONE_ZEROS = 0.01  # of a series of prices' rows, at most, that are a 0 between two prices
ZERO_FREE_MOVE = 0.02  # a usual move this small or less: a 0 is no value such a series takes
# (EUR/USD's 0.4 % a day; a shop's sales, 15 %, are 0 on Christmas, a temperature 0.0 degrees)


JUDGED_ROWS = 500  # rows up to the one after it that a row is judged among (10 at least)


def reverting_spikes(values: np.ndarray, index: pd.DatetimeIndex) -> np.ndarray:
    """The rows ``_spikes_among`` the JUDGED_ROWS rows up to the one after each finds: a row is
    judged by the rows before it and the next, never by later ones (but among a file's first
    10), so that a file cut after it (a backtest's fold, a cron job's export a week ago) reads
    it the same way (a second 0 after a backtest's cutoff made its fold keep the first as a
    price, intervals twice as wide); and by recent rows only, each in a time that does not
    grow with the series' length (100,000 daily counts with bursts: 12 s over all before)."""
    y = np.asarray(values, dtype=np.float64)
    zero = np.r_[False, (y[1:-1] == 0) & (y[:-2] > 0) & (y[2:] > 0), False]  # between prices
    ends = np.minimum(np.maximum(np.arange(len(y)) + 2, 10), len(y))  # each row's judged rows
    starts = np.maximum(ends - JUDGED_ROWS, 0)
    counted = np.r_[0, np.cumsum(zero)]  # (of a window, its first and last rows are no lone 0)
    inner = counted[ends - 1] - counted[np.minimum(starts + 1, ends - 1)]
    zero &= inner <= np.maximum(1, LONE_ZEROS * (ends - starts))
    judged = np.where(zero, np.roll(y, 1), y)
    with np.errstate(invalid="ignore"):  # (a value <= 0 left is no price: no such row)
        moves = np.abs(np.diff(np.log(np.where(judged > 0, judged, np.nan))))
    # a moved decimal point: a power of ten off the row before within 2 % and a usual move,
    # which is a SPLIT_MOVES-th of its move either side at most (``_spikes_among``)
    into, least = moves[:-1], np.fmin(moves[:-1], moves[1:])
    with np.errstate(invalid="ignore"):
        far = np.r_[False, np.abs(into[:, None] - TYPOS).min(axis=1)
                    < np.log(1.02) + least / SPLIT_MOVES, False]
    return np.array([i for i in np.flatnonzero(zero | far) if i - starts[i] in _spikes_among(
        y[starts[i]:ends[i]], index[starts[i]:ends[i]])], dtype=np.int64)


def _spikes_among(y: np.ndarray, index: pd.DatetimeIndex) -> np.ndarray:
    """The rows of a series of prices (``_usual_price_move``) 10, 100 or 1000 times the row
    before (or a tenth, ...) within 2 % and one usual move, and SPLIT_MOVES usual moves or more
    off the rows either side, which agree within 2 % and three: a decimal point moved in one
    row (27482.30 among closes of 2748), no move a market makes and takes back the next row.
    Left in, such a row is an outlier that an average of the seasons wins on in-sample (the
    forecast of an index at 2824 went to 3402) and noise that widens every interval. (Google
    Trends' '<1', read as 0.5 among values of 10 to 16, is no such ratio.) Also a 0 between
    two prices that agree so, of a series that moves ZERO_FREE_MOVE a step or less (LONE_ZEROS
    of its rows at most): a missing close written 0, which log ratios cannot read. Not a row
    whose season a year before strayed so too (``_strayed_a_year_before``)."""
    zero = np.r_[False, (y[1:-1] == 0) & (y[:-2] > 0) & (y[2:] > 0), False]  # between prices
    if zero.any() and zero.sum() <= max(1, LONE_ZEROS * len(y)):
        y = np.where(zero, np.roll(y, 1), y)  # (a 0 is no price: as the row before, to judge)
    if (usual := _usual_price_move(y, index)) is None or zero.any() and usual > ZERO_FREE_MOVE:
        return np.zeros(0, dtype=np.int64)
    moves = np.diff(np.log(y))
    into, out = moves[:-1], moves[1:]  # of rows 1 .. n - 2
    slack = np.log(1.02) + 3 * usual
    typo = np.abs(np.abs(into)[:, None] - TYPOS).min(axis=1) < np.log(1.02) + usual
    far = np.minimum(np.abs(into), np.abs(out)) >= SPLIT_MOVES * usual
    lone = zero[1:-1] & (np.abs(into + out) < slack)  # the rows either side agree
    typos = np.flatnonzero(typo & far & (np.abs(into + out) < slack)) + 1
    seasons = _strayed_a_year_before(np.log(y), index.as_unit("ns").asi8, typos, usual)
    return np.union1d(typos[~seasons], np.flatnonzero(lone) + 1)


SEASON_STRAY = 3  # usual moves a row a year before strays from both its neighbours by, the
# same way, for a row a power of ten off its own to be its season's, no moved decimal point
SEASON_SHARE = 1 / 8  # and by this share of the row's own move at least: a season's dip
# (0.6 of its neighbours or deeper against a tenth), not a day of a price's noise a year before
# (BTC's 4 % to 12 % one-day dips excused 8 of 814 moved decimal points in its closes)
YEAR = pd.Timedelta(days=365.2425).value


def _strayed_a_year_before(logs: np.ndarray, ticks: np.ndarray, rows: np.ndarray,
                           usual: float) -> np.ndarray:
    """Whether each of ``rows`` (of a series of ``logs`` at ``ticks``, ns) has a row a year
    before it, the nearest within half a step, that strays the same way from both its
    neighbours by SEASON_STRAY usual moves or more, and by SEASON_SHARE of the row's own move
    from the row before it: a season's dip (a works shut each August,
    12.5 among 139.1 and 155.8 after 12.8 and 45.4 the Augusts before, M1's MRI1), which a
    moved decimal point, landing on any row, does not repeat. None of a series of years."""
    step = float(np.median(np.diff(ticks))) if len(ticks) > 1 else YEAR
    if not len(rows) or step > YEAR / 2:
        return np.zeros(len(rows), dtype=bool)
    back = ticks[rows] - YEAR
    near = np.clip(np.searchsorted(ticks, back), 1, len(ticks) - 1)
    near = np.where(np.abs(ticks[near - 1] - back) < np.abs(ticks[near] - back), near - 1, near)
    inner = np.clip(near, 1, len(ticks) - 2)
    side = np.sign(logs[rows] - logs[rows - 1])
    least = np.maximum(SEASON_STRAY * usual, SEASON_SHARE * np.abs(logs[rows] - logs[rows - 1]))
    return ((np.abs(ticks[near] - back) <= step / 2) & (near >= 1) & (near < rows - 1)
            & (side * (logs[inner] - logs[inner - 1]) >= least)
            & (side * (logs[inner] - logs[inner + 1]) >= least))


def spike_note(values: np.ndarray, index: pd.DatetimeIndex, rows: np.ndarray) -> str:
    """What ``clean_series`` says of the ``rows`` of ``reverting_spikes``, read as gaps."""
    y, first = np.asarray(values, dtype=np.float64), int(rows[0])
    ratio = y[first] / np.sqrt(y[first - 1] * y[first + 1])
    more = f" (and {len(rows) - 1} more such row(s))" if len(rows) > 1 else ""
    either = f"the rows either side ({y[first - 1]:g}, {y[first + 1]:g}){more}"
    return (f"the value at {format_stamp(index[first])}, " + (
        f"{y[first]:g}, is {ratio:.3g} times {either}: a decimal point off?" if ratio else
        f"0, lies between {either}: a missing price?") + " read as a gap and filled")


FAR_OFF = 10  # times the span of the other rows: a first or last time this far off is a typo
FAR_OFF_STEPS = 50  # ... and at least this many of the series' usual steps
YEAR_OFF = pd.Timedelta(days=360).value  # a time a year or more off the others, as far in steps
NEXT_TO = 1.5  # steps (or 4 days, a weekend's and a holiday's) past the others' end that a
# time's right year puts it: the new row it was meant to be


def far_off_time(index: pd.DatetimeIndex, span: float = FAR_OFF) -> str | None:
    """Why the first or last of the sorted times ``index`` is no time of its series: it lies
    FAR_OFF_STEPS of their usual steps away from the others, and more than ``span`` times
    their span, or a year (YEAR_OFF) where another year puts it next to them (``_year_typed``);
    None when neither does (or with fewer than 10 times). Sorting takes a mistyped year to an
    end of the series, whatever line it was on: a cron job's new day typed 2021-08-04 for
    2020-08-04 was read as a year of gaps filled flat, and forecast with an interval of
    +-0.008 %; a sensor's one reading a year before its daily rows is no typo."""
    if len(index) < 10:
        return None
    ticks = index.as_unit("ns").asi8.astype(np.float64)
    step = float(np.median(np.diff(ticks)))
    for stray, gap, others in ((0, ticks[1] - ticks[0], ticks[-1] - ticks[1]),
                               (-1, ticks[-1] - ticks[-2], ticks[-2] - ticks[0])):
        rest = index[1:] if stray == 0 else index[:-1]
        if gap > FAR_OFF_STEPS * step and (gap > span * others or gap >= YEAR_OFF and _year_typed(
                index[stray], rest, step)):
            return (f"{format_stamp(index[stray])} lies far {'before' if stray == 0 else 'after'}"
                    f" the other rows ({format_stamp(rest[0])} to {format_stamp(rest[-1])})"
                    ": a mistyped date?")
    return None


def _year_typed(stray: pd.Timestamp, rest: pd.DatetimeIndex, step: float) -> bool:
    """Whether ``stray`` in another year of the others' (``rest``, sorted, ``step`` apart in
    ns) falls on a time none of them has: NEXT_TO steps past either end of them at most (the
    new row it was meant to be) or in a hole between two of them."""
    ticks, next_to = rest.as_unit("ns").asi8, max(NEXT_TO * step, 4 * 86_400 * 10**9)
    for year in range(rest[0].year - 1, rest[-1].year + 2):
        try:
            moved = stray.replace(year=year).as_unit("ns").value
        except ValueError:  # 29 February
            continue
        at = int(np.searchsorted(ticks, moved))
        near = min(abs(moved - ticks[k]) for k in (at - 1, at) if 0 <= k < len(ticks))
        if near > step / 2 and (0 < at < len(ticks) or near <= next_to):
            return True
    return False


def typos_filled(data: pd.DataFrame, filled: np.ndarray,
                 fill: str) -> tuple[pd.DataFrame, np.ndarray, str | None]:
    """``data`` with the rows of ``reverting_spikes`` of its target (its first column) read as
    gaps and filled: the value before (under --fill interpolate, halfway to the one after);
    ``filled`` with them; what to say (None: no such row). Under --fill none, only said."""
    y, index = data[data.columns[0]].to_numpy(dtype=np.float64), pd.DatetimeIndex(data.index)
    if not len(rows := reverting_spikes(y, index)):
        return data, filled, None
    note = spike_note(y, index, rows)
    if fill == "none":
        return data, filled, note.replace("read as a gap and filled", "left as it is (--fill none)")
    data, filled = data.copy(), filled.copy()
    data.iloc[rows, 0] = (y[rows - 1] + y[rows + 1]) / 2 if fill == "interpolate" else y[rows - 1]
    filled[rows] = True
    return data, filled, note
