"""Cleaning one series: its zone, order, duplicate timestamps, the regular grid, leading gaps,
fills."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import (
    Irregular,
    format_stamp,
    frequency_of,
    time_of_day,
    weekday_of,
)
from ..clocks import HOUR_NS, sub_daily
from ..config import DUPLICATE_POLICIES, FILL_METHODS, TOTALS  # noqa: F401  (their choices)
from ..errors import InputError
from ..exchanges import MIN_CLOSED, exchange_closed, fitting_exchanges
from ..zones import (
    autumn_repeats,
    clock_change,
    one_clock_note,
    one_wall_clock,
    skipped_by_clocks,
)
from .steps import days_of_each_month
from .typos import day_month_swapped, mistyped_year, times_start_over


class Notes(list):
    """What the loader decided, one line each, for stderr; ``warnings`` are the lines a cron
    job's log must show too (rows dropped, values filled)."""

    def __init__(self):
        super().__init__()
        self.warnings: list[str] = []
        self.clock_zones: list[str] = []  # whose autumn hour the times repeat (``zones``)
        self.shut_stamps: list[pd.Timestamp] = []  # a holiday's, rows moved on (``Panel``'s)
        self.traded_stamps: list[pd.Timestamp] = []  # empty cells, days traded (``Panel.traded``)

    def warn(self, text: str) -> None:
        self.append(text)
        self.warnings.append(text)


def _warn(notes: list[str], text: str) -> None:
    (notes.warn if isinstance(notes, Notes) else notes.append)(text)


def drop_off_calendar(data: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """A few rows on a day the daily data otherwise skips (a stray Saturday in trading days,
    a Sunday opening of a shop closed on Sundays, or on Sundays and Mondays) are dropped,
    named in a warning, rather than turning it into calendar days with the skipped filled."""
    index, stamps = data.index, data.index.as_unit("ns").asi8
    if len(index) < 10 or stamps[-1] < stamps[0] + pd.Timedelta(days=13).value:
        return data  # under two weeks, two weekend rows may be all a calendar-day series has
    if np.median(np.diff(stamps)) > pd.Timedelta(days=3).value or time_of_day(index).any():
        return data  # not days: quarters that start on a Thursday twice are no stray days
    weekday = weekday_of(index)
    counts = np.bincount(weekday, minlength=7)
    rare = (counts > 0) & (counts <= max(2, counts.max() // 10))  # 3 Saturdays in a year
    usual = (counts > 0) & ~rare
    skipped = set(np.flatnonzero(~usual).tolist())
    if not rare.any() or not usual.any() or counts[usual].min() < 4 or not (
            skipped == {5, 6} or (len(skipped) in (1, 2) and index[-1]
                                  >= index[0] + pd.Timedelta(days=28))):
        return data
    off = np.isin(weekday, np.flatnonzero(rare))
    shown = ", ".join(format_stamp(t) for t in index[off][:5])
    what = "business-day" if skipped == {5, 6} else ("six-day", "five-day")[len(skipped) - 1]
    _warn(notes, f"dropped {int(off.sum())} row(s) off the {what} calendar ({shown})")
    return data[~off]


def at_their_dates(data: pd.DataFrame, notes: list[str], hint: str | None = None
                   ) -> pd.DataFrame:
    """Rows stamped at one time of day but midnight (a close at 16:00, a day that ends at
    23:59:59.999), or at a zone's midnights in UTC (``zones.one_wall_clock``), as their dates:
    a day, week or month is named by its date, and its next stamps are dates too. A series
    of one row among series of days or longer (``hint``, the frequency of the file's series
    before it) is read as its date too: a stock listed yesterday in a file of Unix times at
    New York's midnights (04:00Z), or at its close (21:00Z); one row shows no zone (east of
    UTC, a midnight is the day before's time: Berlin's 22:00Z, read so as one clock is)."""
    index, clock = data.index, time_of_day(data.index)
    if len(index) > 1 and (local := one_wall_clock(index)) is not None:  # UTC of a zone's days
        notes.append(f"every row is stamped at one time of day in {local[0]} (UTC times an "
                     "hour apart with its summer time): read as its date there")
        return data.set_axis(local[1].normalize())
    if len(index) == 1 and clock[0] and hint is not None and not sub_daily(hint):
        notes.append(f"its one row is stamped at {format_stamp(index[0], clock=True)} among "
                     "the file's days: read as its date")
        return data.set_axis(index.normalize())
    if len(index) < 2 or not clock[0] or not (clock == clock[0]).all():
        return data
    text, east = one_clock_note(index)
    (_warn if east else list.append)(notes, text)
    return data.set_axis(index.normalize())


def sort_rows(data: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    if data.index.is_monotonic_increasing:
        return data
    if data.index.is_monotonic_decreasing:
        notes.append("rows were in descending time order; sorted ascending")
        # newest first throughout: a day's rows too (a bank statement's balance after each
        # entry), so its last in time is its first in the file, as --duplicates last means
        return data.iloc[::-1]
    stamps = data.index.asi8
    back = np.flatnonzero(np.diff(stamps) < 0) + 1
    if not (data.index[back].isin(data.index[data.index.duplicated()]).all()
            and (stamps[back - 1] - stamps[back] <= HOUR_NS).all()):  # (not an hour
        notes.append("rows were not in time order; sorted by time")  # a clock repeats)
    steps = np.sign(np.diff(stamps))
    if (steps < 0).sum() > (steps > 0).sum():  # newest first but for a row posted late
        data = data.iloc[::-1]
    return data.sort_index(kind="stable")


def deduplicate(name: str, data: pd.DataFrame, policy: str, notes: list[str],
                in_file: pd.DatetimeIndex | None = None, copies_dropped=False) -> pd.DataFrame:
    """``data`` (sorted) with one row per time by ``policy``; "error" refuses repeats, saying
    where the times, ``in_file``'s order, started over (series appended, none to merge) or
    a row's date was mistyped; on --every's steps (``copies_dropped`` at their times) a mean
    counts equal readings."""
    if data.index.is_unique:
        return data
    frame = data.reset_index(names="__time__")
    exact = frame.duplicated(keep="first") & (not copies_dropped or policy != "mean")
    if policy not in TOTALS and exact.any():  # two orders of one amount a day are two
        notes.append(f"dropped {int(exact.sum())} exact duplicate row(s)")
        frame = frame[~exact]
    empty = frame.drop(columns="__time__").isna().all(axis=1)  # Yahoo's 'null' row of a day
    if (shadowed := empty & frame["__time__"].isin(frame.loc[~empty, "__time__"])).any():
        notes.append(f"dropped {int(shadowed.sum())} empty row(s) at times other rows give")
        frame = frame[~shadowed]
    dup = frame["__time__"].duplicated(keep=False)
    if dup.any():
        stamps = frame.loc[dup, "__time__"]
        count = stamps.nunique()
        first = format_stamp(stamps.iloc[0])
        said = (f"{count} step(s) of several readings (first {first})" if copies_dropped
                else f"{count} duplicated timestamp(s) with different values (first {first})")
        clock = policy == "error" and clock_change(frame["__time__"], stamps)
        if clock:  # a sub-daily series' repeated hour, not two series; a note where a zone's
            # clocks went back that night (not a row written twice on a night they did not)
            policy, said = "mean", (f"{count} time(s) repeated, as a clock change repeats an "
                                    f"hour (first {first})")
        if policy == "error":
            # Series appended one after another repeat most of their times with other values,
            # 5 or more (a re-export appended to its file repeats most with the same, a
            # correction row one); ``data``: before its exact duplicates were dropped
            repeated = data.index[data.index.duplicated()].nunique()
            starts_over = None if in_file is None else times_start_over(in_file)
            appended = starts_over is not None and count >= 5 and 2 * count > repeated
            swapped = None if appended or count > 1 else day_month_swapped(stamps.iloc[0],
                                                                          data.index)
            year = None if appended or in_file is None else mistyped_year(stamps, in_file)
            if year is not None:
                typed, neighbours, meant = year
                raise InputError(f"{name}: {format_stamp(typed)} appears twice with different "
                                 f"values; one of its rows lies between {neighbours} in the "
                                 f"file, where {format_stamp(meant)} is missing (a year "
                                 "mistyped?)",
                                 advice=[(("--duplicates",), f"write that row's date as "
                                          f"{format_stamp(meant)}; --duplicates would keep "
                                          "its value in the wrong year")],
                                 fallback=f"write that row's date as {format_stamp(meant)}")
            if swapped is not None:
                raise InputError(f"{name}: {first} appears twice with different values; with its "
                                 f"day and month swapped it is {format_stamp(swapped)}, the day "
                                 "after the file's last (a typo?)",
                                 advice=[(("--duplicates",), "write that row's date as "
                                          f"{format_stamp(swapped)} or, if it corrects that "
                                          "day, pass --duplicates last")],
                                 fallback=f"write that row's date as {format_stamp(swapped)}, or "
                                 "keep one row per timestamp")
            raise InputError(
                f"{name}: " + (f"the times start over at {format_stamp(starts_over)} and "
                               if appended else "")
                + f"{count} timestamp(s) appear more than once with different values (first "
                f"{first})" + (", as in several series one after another with no column naming "
                               "each" if appended else ""),
                advice=[(("--id-col",), "add a column naming each row's series (a symbol; it is "
                         "found as the id column, or pass --id-col) or split the file; "
                         "--duplicates would merge different series into one")] if appended else
                [(("--duplicates",), "pass --duplicates last, mean or sum (with --fill zero for "
                  "totals of transactions), or fix the file")],
                fallback="keep one row per timestamp in the file, or retrain the model with "
                "duplicates 'last' (a corrected row's newest value kept)")
        if policy == "last":
            frame = frame.drop_duplicates("__time__", keep="last")
            _warn(notes, f"{said}: kept the last row")
        else:  # (counted rows are steps of several by design: not said)
            frame = frame.groupby("__time__", sort=True)
            frame = frame.sum(min_count=1) if policy in TOTALS else frame.mean()
            if policy != "count":
                said += f": {'summed' if policy == 'sum' else 'averaged'}"
                if clock and (zones := autumn_repeats(stamps)):
                    notes.append(said)
                    if isinstance(notes, Notes):  # the spring hour they skip, to forecast
                        notes.clock_zones = zones
                elif copies_dropped:  # --every's steps, summed or averaged as asked: a note
                    notes.append(said)  # (a warning in every cron run's mail was noise)
                else:
                    _warn(notes, said)
            return frame.rename_axis(None)
    return frame.set_index("__time__").rename_axis(None)


def infer_frequency(name: str, tcol: str, index: pd.DatetimeIndex,
                    hint: tuple[str, str] | None = None) -> tuple[str, str, pd.DatetimeIndex]:
    try:
        return frequency_of(index, hint)
    except Irregular as exc:
        diffs = pd.Series(pd.to_timedelta(np.diff(index.as_unit("ns").asi8), unit="ns"))
        common = ", ".join(str(d) for d in diffs.value_counts().index[:3])
        odd = _odd_one_out(index, diffs)
        if (days := days_of_each_month(name, index)) is not None:
            raise days from exc
        raise InputError(
            f"{name}: timestamps in column {tcol!r} are too irregular to name a frequency "
            f"({exc}; most common steps: {common}"
            + (f"; {format_stamp(odd)} is off the others' calendar" if odd is not None else "")
            + ")", advice=[(("--every", "--duplicates"), "resample the data to a regular step "
                            "(--every D, h, ... puts each row on the step at or before it; "
                            "--duplicates says how a step's rows combine)"
                            + (", or fix that row" if odd is not None else ""))],
            fallback="resample the data to a regular step"
                     + (", or fix that row" if odd is not None else "")) from exc


def _odd_one_out(index: pd.DatetimeIndex, diffs: pd.Series) -> pd.Timestamp | None:
    """The one stamp that keeps an otherwise regular ``index`` from a frequency (a month-end
    series with a '2021-09-29'), or None when more than one row is off."""
    if len(index) < 4:
        return None
    step = diffs.mode().iloc[0]
    if pd.Timedelta(days=28) <= step <= pd.Timedelta(days=31):  # months: on the same day kind
        kinds = pd.DataFrame({"start": index.day == 1, "end": index.is_month_end,
                              "day": index.day == index.day.value_counts().idxmax()})
        majority = kinds.sum().idxmax()
        off = index[~kinds[majority].to_numpy()]
    else:
        off = index[((index - index[0]) % step) != pd.Timedelta(0)]
    return off[0] if len(off) == 1 else None


_OUTAGE = 5  # absent weekdays in a row that are no holiday (Christmas to New Year is 4 or so)
MAX_CLOSURE = 10  # ... and that no exchange closes for (China's New Year week, 9/11's 4 days)


def regularise(data: pd.DataFrame, freq: str, label: str, grid: pd.DatetimeIndex,
                notes: list[str], zone: str | None = None, zeros: bool = False) -> pd.DataFrame:
    """``data`` on its ``grid``, missing steps inserted as gaps, said; business days' absent
    weekdays are holidays (unless a step without rows is a 0, ``zeros``: --fill zero), but
    those of a run longer than MAX_CLOSURE, gaps (two exports glued, a year mistyped)."""
    if freq == "B" and not zeros:
        at = np.flatnonzero(~grid.isin(data.index))
        runs = np.split(at, np.flatnonzero(np.diff(at) > 1) + 1) if len(at) else []  # in a row
        gaps = [run for run in runs if len(run) > MAX_CLOSURE]
        absent = len(at) - sum(map(len, gaps))
        notes.append(f"frequency: {label}" + (f" ({absent} weekday{'s' * (absent > 1)} absent, "
                                              "treated as holidays)" if absent else ""))
        longest = max(runs, key=len, default=[])
        if len(longest) >= _OUTAGE:  # (a closure an exchange keeps is none: the longest other)
            shut = _exchange_shut(data.index, grid[at])
            longest = max((run for run in runs if not set(grid[run].date) <= shut), key=len,
                          default=[])
        if len(longest) >= _OUTAGE:  # holidays are a day or two: a week or more is a gap
            _warn(notes, f"no values for {len(longest)} weekdays in a row, "
                  f"{format_stamp(grid[longest[0]])} to {format_stamp(grid[longest[-1]])}, "
                  + ("inserted as gaps: a closure so long is no holiday" if gaps else
                     "taken as holidays: a gap in the data?"))
        return data.reindex(data.index.union(grid[np.concatenate(gaps)])) if gaps else data
    absent = ~grid.isin(data.index)
    if not absent.any():  # (most series of a panel: no mask of their grid, 60 us each)
        notes.append(f"frequency: {label}")
        return data
    missing, skipped = grid[absent], skipped_by_clocks(grid, absent, zone)[absent]
    clocks = f"the clocks of {zone} skip in spring" if zone else "a spring clock change skips"
    said = [f"frequency: {label}"]
    for stamps, what in ((missing[~skipped], "missing timestamp(s) inserted as gaps"),
                         (missing[skipped], f"time(s) {clocks}, given the value before")):
        if len(stamps):
            shown = ", ".join(format_stamp(t, clock=bool(time_of_day(grid[:2]).any()))
                              for t in stamps[:5])  # an hourly grid's 00:00 too
            said.append(f"{len(stamps)} {what} ({shown}{', ...' if len(stamps) > 5 else ''})")
    notes.append("; ".join(said))
    return data.reindex(grid) if len(missing) else data


HOLIDAYS_A_YEAR = 0.08  # share of weekdays an exchange closes at most (New York: 0.04, Tokyo: 0.07)


def absent_when_empty(data: pd.DataFrame, grid: pd.DatetimeIndex, notes: Notes,
                      own_rows: bool = True) -> pd.DataFrame:
    """Business days without the target's value left out as days without trading, where the
    rows mark holidays so (the Federal Reserve's files leave them empty; more than holidays
    make: a warning, --fill zero makes them days of 0). Where the series' ``own_rows`` (not a
    wide file's, on every column's days) skip MIN_CLOSED weekdays of the ``grid`` or more, and
    more than its empty cells (not a long file's of every symbol on every date), holidays are
    those, and an empty cell is a gap, filled, its day traded (``Notes``), unless the calendar
    of an exchange that fits them closes it (four cells emptied, two on the last Friday of
    December, taught that rule); a short export's rows skip too few to tell."""
    empty = data[data.columns[0]].isna().to_numpy().copy()
    skipped = grid[(grid >= data.index[0]) & (grid <= data.index[-1])].difference(data.index)
    if empty.any() and own_rows and len(skipped) >= max(MIN_CLOSED, empty.sum() + 1):
        holiday = data.index.isin(pd.DatetimeIndex(sorted(_exchange_shut(
            data.index[~empty], skipped.union(data.index[empty])))))
        notes.traded_stamps += list(data.index[empty & ~holiday])  # (filled)
        empty &= holiday
    if empty.mean() > HOLIDAYS_A_YEAR:
        _warn(notes, f"{int(empty.sum())} of {len(empty)} weekdays have no value, more than "
              f"holidays make: taken as days without trading (if such a day is a day of 0, "
              f"no sales, pass --fill zero)")
    return data[~empty]


def _exchange_shut(days: pd.DatetimeIndex, absent: pd.DatetimeIndex) -> set:
    """The weekdays shut by the calendar of the exchange that fits best all the weekdays the
    rows on ``days`` skip (``absent``), or none: Shanghai's Spring Festival of 2020, a week
    and two days, is no gap."""
    first, last = days.min().date(), days.max().date()
    fits = fitting_exchanges(first, last, set(days.date), set(absent.date))
    return exchange_closed(fits[0], first, last) if fits else set()


def drop_leading(name: str, data: pd.DataFrame, target: str, notes: list[str]) -> pd.DataFrame:
    """Drop rows before every selected column has its first value."""
    starts = {c: data[c].first_valid_index() for c in data.columns}
    late_col = max(starts, key=lambda c: starts[c])
    start = starts[late_col]
    if skipped := int((data.index < start).sum()):
        notes.append(f"dropped {skipped} leading row(s) before the first value of {late_col!r} "
                     f"({format_stamp(start)})")
        data = data.loc[start:]
    return data


def fill_missing(name: str, data: pd.DataFrame, fill: str, notes: list[str],
                 written: pd.Index | None = None) -> pd.DataFrame:
    """``data`` with its gaps filled by ``fill``; ``written``: the times the file has rows
    at (the others are steps without a row, inserted as gaps), to say which to mend."""
    holes = data.isna()
    if not (total := int(holes.to_numpy().sum())):
        return data
    if fill == "none":
        row = int(np.flatnonzero(holes.any(axis=1).to_numpy())[0])
        col = holes.columns[holes.iloc[row].to_numpy()][0]
        stamp = data.index[row]
        absent = written is not None and stamp not in written  # no empty cell to fill there
        raise InputError(
            f"{name}: {total} missing value(s), first in column {col!r} at {format_stamp(stamp)}"
            + (", a step without a row in the file" if absent else ""),
            advice=[(("--fill",), "pass --fill ffill or --fill interpolate, or "
                     + ("add the missing rows to the file" if absent else "fill the file"))],
            fallback="add the missing rows to the file" if absent else
            "fill the missing values in the file")
    if fill == "interpolate":
        data = data.interpolate(method="time", limit_area="inside").ffill()
        how = "linear interpolation in time"
    elif fill == "zero":
        data = data.fillna(0.0)
        how = "zeros"
    else:
        data = data.ffill()
        how = "forward fill"
    # a feature's latest: inside the window a forecast reads, it rests on it (the target's
    # windows are told by ``live.filled_windows_warning``)
    latest = {c: format_stamp(holes.index[holes[c].to_numpy()][-1]) for c in holes.columns[1:]
              if holes[c].any()}
    per_col = ", ".join(f"{c!r}: {int(n)}" + (f", the latest at {latest[c]}" if c in latest
                                              else "") for c, n in holes.sum().items() if n)
    # Sales kept only for days with sales: an absent day sold nothing, not the day before's.
    # A blank cell is no absent row: a reading not taken (an ozone monitor's 37 blank days)
    absent = holes.iloc[:, 0].to_numpy() & (True if written is None else
                                            ~data.index.isin(written))
    counts = fill == "ffill" and absent.mean() >= 0.1 and data.iloc[:, 0].min() >= 0
    # the longest run of the target's gaps: a day a sensor was down reads as a flat day
    edges = np.flatnonzero(np.diff(np.r_[0, holes.iloc[:, 0].to_numpy(np.int8), 0]))
    starts, lengths = edges[::2], edges[1::2] - edges[::2]  # each run of gaps
    longest = int(lengths.max()) if len(lengths) else 0
    _warn(notes, f"filled {total} missing value(s) by {how} ({per_col})"
          + (f"; the longest gap {longest} rows from "
             f"{format_stamp(data.index[starts[lengths.argmax()]])}"
             if longest > 1 and fill != "zero" else "")
          + ("; if an absent row means nothing happened (no sales), --fill zero makes it 0"
             if counts else ""))
    return data


def without_zone(times: pd.DatetimeIndex, notes: list[str]) -> pd.DatetimeIndex:
    """Naive timestamps: a zone-aware column keeps its local wall-clock times, not its zone
    (a session that opens at 09:30 local stays at 09:30; no day moves across midnight)."""
    if times.tz is None:
        return times
    notes.append(f"time zone: kept the local times ({times.tz}) as written, not converted to "
                 "UTC, and dropped the zone")
    return times.tz_localize(None)
