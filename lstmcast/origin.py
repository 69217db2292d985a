"""Where a forecast starts: the ``--as-of`` text read as the data's own times, and the row
of each series it names."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .bundle import Bundle
from .calendar import STEPS, format_stamp, periods_between, regular_grid, stamp_of
from .data.columns import show_list
from .data.periods import READERS, UNIX_FORMATS, epochs
from .errors import InputError
from .holidays import closed_through
from .panel import Panel

_DAY_MONTH = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")
_MONTH_OR_YEAR = re.compile(r"\d{4}(?:[-/.]\d{1,2})?")  # '2017', '2017-11'
_BARE_DAY = re.compile(r"\d{4}([-/.])\d{1,2}\1\d{1,2}|\d{1,2}([-/.])\d{1,2}\2\d{2,4}")
_COARSE = re.compile(r"\d*(?:B?[MQY][SE]|MS\+)")  # months, quarters, years: a month names a row


def as_of_stamp(as_of: str | None, panel: Panel) -> pd.Timestamp | None:
    """``--as-of`` as a timestamp of ``panel``'s times (None: forecast from each last row)."""
    if as_of is None:
        return None
    if (_MONTH_OR_YEAR.fullmatch(as_of.strip()) and panel.date_format != STEPS
            and not _COARSE.match(panel.freq)):  # '2017-11' of days: which day of it?
        raise InputError(f"--as-of {as_of} names a month or a year, not a row of "
                         f"{panel.freq_label} data; give the time of a row, e.g. "
                         f"{format_stamp(panel.time[-1])}")
    read_as = panel.read_as or panel.date_format  # as the file writes its times
    stamp = read_stamp(as_of, read_as)
    if read_as != panel.date_format:  # a re-dated export: as the model's data wrote them?
        try:
            theirs = read_stamp(as_of, panel.date_format)
        except InputError:
            theirs = stamp
        if theirs != stamp:
            raise InputError(f"--as-of {as_of} is {format_stamp(stamp)} as {panel.path} "
                             f"writes its times ({read_as}) but {format_stamp(theirs)} as the "
                             f"model's training data did ({panel.date_format}); give it as "
                             f"ISO, e.g. {format_stamp(stamp)}")
    days = bool((panel.time == panel.time.normalize()).all())
    if not days and _BARE_DAY.fullmatch(as_of.strip()):  # its first row? its last? refused
        raise InputError(f"--as-of {as_of} names a day, not a row of {panel.freq_label} "
                         f"data; give the time too, e.g. {format_stamp(stamp)} 00:00 or the "
                         "time of that day's last row")
    zone = "UTC" if panel.zone == "Z" or read_as in UNIX_FORMATS else panel.zone
    if stamp.tz is not None:  # an instant: on the data's clock, which its rows are read on
        if zone is None and not days:
            raise InputError(f"--as-of {as_of} gives a UTC offset, but the times of "
                             f"{panel.path} are read on a clock of no known zone (written "
                             "without offsets, or with offsets no known zone keeps), so which "
                             "of its rows that is is unknown; give the time as the file "
                             f"writes it, e.g. {format_stamp(panel.time[-1])}")
        stamp = (stamp.tz_convert(zone) if zone is not None else stamp).tz_localize(None)
    return stamp.normalize() if days else stamp  # days (at 16:00 in the file, read as dates)


def read_stamp(text: str, date_format: str | None) -> pd.Timestamp:
    """``text`` as a timestamp, read with the data's own date format when it has one (so
    '02-07-18' in a DD-MM-YY file is 2 July), else as ISO; an offset it gives is kept."""
    if date_format == STEPS and text.strip().isdigit():
        return pd.Timestamp(int(text), unit="ns")
    # '2024 Q3' of a file of quarters, as outputs write it; 1620000000 of epoch seconds; an
    # Excel serial day
    if date_format in READERS or date_format in UNIX_FORMATS:
        read = READERS.get(date_format) or (lambda cells: epochs(cells, date_format))
        try:  # a number of another epoch unit (ms of a model of seconds): year 52224
            period = pd.Timestamp(read(pd.Series([text.strip()]))[0]).as_unit("ns")
        except (ValueError, TypeError, OverflowError):
            period = pd.NaT
        plausible = date_format not in UNIX_FORMATS or 1980 <= period.year < 2100  # 20200403
        if period is not pd.NaT and plausible:
            return period
    if date_format and "%" in date_format:
        # a time of day after the dates of a 'Date+Time' model, whose format is the dates',
        # or a time shorter than the data's ('20:00' of '07.04.2023 20:00:00.000')
        formats = ([date_format + c for c in ("", " %H:%M", " %H:%M:%S")] if "%H" not in
                   date_format else [date_format, *(date_format.split(cut)[0] for cut in
                                                    (".%f", ":%S") if cut in date_format)])
        for fmt in formats:
            try:
                stamp = pd.Timestamp(pd.to_datetime(text, format=fmt))
            except (ValueError, TypeError):
                continue
            if stamp is not pd.NaT:
                return stamp
    example = pd.Timestamp("2021-03-31").strftime(date_format.replace(".%f", "")) if \
        date_format and "%" in date_format else "2021-03-31"
    if (day_month := _DAY_MONTH.match(text.strip())) and len(set(day_month.groups())) == 2 \
            and max(map(int, day_month.groups())) <= 12:  # '04/05/2020': April or May?
        raise InputError(f"--as-of {text!r} could be day-month or month-day; use e.g. "
                         f"{example}")
    try:
        stamp = pd.Timestamp(text)  # as written, without pandas' warnings of formats
    except (ValueError, TypeError):
        stamp = pd.NaT
    if stamp is pd.NaT:  # also '', 'NaT': an unset variable in a cron line
        raise InputError(f"--as-of {text!r} is not a timestamp; use e.g. {example}")
    return stamp  # with its offset, if written with one (``as_of_stamp``)


def origin_row(times: pd.DatetimeIndex, stamp: pd.Timestamp | None, as_of: str | None,
               data_path: str, single: bool, slack: pd.Timedelta, rules=()) -> int | None:
    """Row index of a series' forecast origin: its last row, or its row at ``stamp``, or up to
    ``slack`` before it (``calendar.step_slack``: a Sunday's week at a Monday's --as-of), or
    before the days up to it that are holidays of its ``rules`` (of business days); None when
    a series of a panel has no row there."""
    end = len(times) - 1
    if stamp is None:
        return end
    end = int(times.searchsorted(stamp, side="right")) - 1
    if end < 0 or times[end] < stamp - slack and not closed_through(times[end], stamp, rules):
        if not single:
            return None
        raise InputError(f"--as-of {as_of}: no row at that time in {data_path} (it spans "
                         f"{format_stamp(times[0])} .. {format_stamp(times[-1])}); "
                         f"{_a_row_before(times, stamp)}")
    return end


def no_origin(panel: Panel, data_path: str, as_of: str | None, stamp: pd.Timestamp | None,
              lookback: int) -> InputError:
    """The error when no series of ``panel`` can be forecast (from ``stamp``, the --as-of
    time): why, and what to give instead (the time of the last row before it)."""
    times = panel.time
    if stamp is None:
        return InputError(f"{data_path}: no series has enough history to forecast (the model "
                          f"needs {lookback} rows)", fallback="give more history")
    if times.isin([stamp]).any():  # rows there, with too little history before them
        return InputError(f"{data_path}: no series has a row at --as-of {as_of} with "
                          f"{lookback} rows of history before it",
                          fallback="give more history or a later --as-of")
    why = (f"--as-of {as_of} is after the data's last row ({format_stamp(times.max())})"
           if stamp > times.max() else  # (of the series --id names, too)
           f"--as-of {as_of} is before the first row ({format_stamp(times.min())})"
           if stamp < times.min() else
           f"no row is at --as-of {as_of} (the data is {panel.freq_label})")
    return InputError(f"{data_path}: {why}", fallback=_a_row_before(times, stamp))


def _a_row_before(times: pd.DatetimeIndex, stamp: pd.Timestamp) -> str:
    """Advice for an --as-of ``stamp`` no row is at: the time of the last row before it."""
    earlier = times[times < stamp]
    return "give the time of a row" + (f", e.g. {format_stamp(earlier.max())}, the last "
                                       "before it" if len(earlier) else "")


def interpolated(panel: Panel, fill: str | None, row: int) -> bool:
    """Whether the target at ``row`` was a gap the loader interpolated (``fill``: the model's
    --fill): a value read from the row after the gap, which a forecast from there must not see."""
    return fill == "interpolate" and panel.filled is not None and bool(panel.filled[row])


def trained_until(bundle: Bundle, panel: Panel) -> list[pd.Timestamp]:
    """Each series' last timestamp in the training data (its validation and test rows
    included, which the model was chosen and scored on): its rows after it are new."""
    last = {entry["id"]: entry.get("last") for entry in bundle.manifest["series"]}
    single = bundle.data.get("layout", "single") == "single"
    default = bundle.data["last_timestamp"]
    return [stamp_of((None if single else last.get(sid)) or default) for sid in panel.ids]


def trained_from(bundle: Bundle, panel: Panel) -> list[pd.Timestamp | None]:
    """Each series' first timestamp in the training data (None where the model file does not
    say: a series of a panel in a file before the fresh-history check)."""
    first = {entry["id"]: entry.get("first") for entry in bundle.manifest["series"]}
    if bundle.data.get("layout", "single") == "single":
        return [stamp_of(bundle.data["first_timestamp"])] * len(panel.ids)
    return [stamp_of(first[sid]) if first.get(sid) else None for sid in panel.ids]


def first_trained_rows(panel: Panel, series, origins: np.ndarray, first) -> np.ndarray:
    """Each of ``series``' row at its first training time ``first`` (``trained_from``; its
    first row where the file starts later or the model does not say), up to its origin: the
    rows before it (before an outage training was cut at) are none the model read, and an
    interval's scale reaching back over a gap stops there, as training's did."""
    rows = []
    for s, origin in zip(series, origins, strict=True):
        lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
        at = lo if first[s] is None else lo + int(panel.time[lo:hi].searchsorted(first[s]))
        rows.append(min(at, int(origin)))
    return np.asarray(rows, dtype=np.int64)


def cut_history(panel: Panel, lo: int, end: int, trained: tuple, reached: int | None,
                scaled: int) -> tuple[int, bool] | None:
    """(the rows a forecast from origin row ``lo + end`` reads (0: all since training began),
    whether the forecast itself reads more than the file has) where its file starts after the
    series' first training row with fewer: the ``reached`` rows of its window and base (None:
    every row) or the ``scaled`` rows its intervals' scale is measured on. A fresh file cut to
    its last rows forecasts otherwise than the whole history (a last value alone, only its
    intervals). None where nothing is cut, or where the file holds as many rows as the
    training data did (``trained``: its first and last time; a rolling window's download, 5
    years of Google Trends' weeks, can give no more, and the forecast differs by its oldest
    rows)."""
    since, until = trained
    if since is None or not panel.time[lo] > since:
        return None
    if until is not None and end + 1 >= periods_between(since, until, panel.freq) + 1:
        return None  # as long a history as training's: what it lacks, training lacked too
    if reached is None:
        return 0, True
    return (max(reached, scaled), end + 1 < reached) if end + 1 < max(reached, scaled) else None


def cut_warning(cut: list[tuple[str, tuple[int, bool]]], single: bool) -> list[str]:
    """The warning for the series ``cut`` (id, ``cut_history``'s) a forecast reads."""
    if not cut:
        return []
    named = "the file" if single else f"series {show_list([sid for sid, _ in cut], 8)}: the file"
    reads = [rows for _, (rows, _) in cut]
    give = (f"at least {max(reads)} rows up to the forecast origin" if min(reads)
            else "the rows since training began")
    what = ("the forecast and its intervals read further back than it has (the seasons before "
            "the window, the spread of its changes)" if any(f for _, (_, f) in cut) else
            "the intervals (not the forecast) read further back than it has (the spread of its "
            "changes)")
    return [f"{named} starts after the training data did, and {what}: they differ from the "
            f"whole history's; give {give}"]


STEPS_CHECKED = 3  # steps between new rows, from training's last, before their spacing tells
TRAINED_ROWS_READ = 100  # training rows before its last whose spacing is the series' own


def rows_apart(panel: Panel, lo: int, end: int, since: pd.Timestamp) -> tuple[int, int]:
    """(the median number of steps between the rows the file has for a series from its last
    training row ``since`` up to its origin row ``lo + end``, the same over the training rows
    before ``since``): (7, 1) when a daily feed turned weekly, whose filled days (or, for
    trading days, rows taken as consecutive sessions) would make the window the model
    forecasts from; (3, 3) for a trade log read on days (--every D) that trades as it did.
    (1, 1) when fewer than STEPS_CHECKED new steps tell."""
    times = panel.time[lo : lo + end + 1]
    first = int(times.searchsorted(since, side="left"))
    if end + 1 - first <= STEPS_CHECKED:
        return 1, 1
    now = _median_steps(panel, lo + first, lo + end + 1)
    return now, _median_steps(panel, max(lo, lo + first - TRAINED_ROWS_READ), lo + first + 1)


def _median_steps(panel: Panel, start: int, stop: int) -> int:
    """The median number of steps of the data's frequency between the rows start..stop-1
    the file has (not those the loader filled); 1 when fewer than STEPS_CHECKED steps tell."""
    times = panel.time[start:stop]
    if panel.filled is not None:
        times = times[~panel.filled[start:stop]]
    if len(times) <= STEPS_CHECKED:
        return 1
    grid = regular_grid(times[0], times[-1], panel.freq)
    return int(np.median(np.diff(grid.searchsorted(times))))
