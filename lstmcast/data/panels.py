"""Many series in one file: how a long table (``date,symbol,close``, its id column named or
detected: ``ids``) or a wide one (``date,AAPL,MSFT`` with ``--target AAPL,MSFT`` or ``all``)
splits into series, and the per-series cleaning that makes each one regular."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..calendar import MIXED_WEEKS, data_stamp, format_stamp, regular_grid
from ..config import DataSpec
from ..errors import FeatureWithoutValues, InputError
from ..panel import Panel
from ..zones import skipped_by_clocks
from .clean import (
    Notes,
    _warn,
    absent_when_empty,
    at_their_dates,
    deduplicate,
    drop_leading,
    drop_off_calendar,
    infer_frequency,
    regularise,
    sort_rows,
)
from .columns import show_list
from .frequencies import common_frequency
from .gaps import fill_gaps
from .ids import refuse_spellings_at_one_time
from .numbers import stripped
from .snapping import (
    off_session,
    off_week,
    on_model_periods,
    put_on_calendar,
    running_period,
    snapped_to_calendar,
    snapped_to_step,
    under_two_weeks,
    week_strays,
)
from .spikes import FAR_OFF, far_off_time, last_value_spike, lone_spike, split_step, typos_filled
from .unfinished import drop_incomplete_tail

WIDE_ID_COL = "series"  # the id column's name in outputs of a wide file


def split_long(name: str, frame: pd.DataFrame, id_col: str, times: pd.DatetimeIndex,
               columns: Sequence[str], numbers: dict[str, np.ndarray], notes=None):
    """(id, DataFrame of ``columns`` indexed by time) per series, in order of first appearance;
    ids that differ only in case, one after another in time, said to ``notes``."""
    ids = stripped(frame[id_col]).to_numpy()
    blank = np.flatnonzero(ids == "")
    if blank.size:
        i = int(blank[0])
        raise InputError(f"{name}: id column {id_col!r} is empty at row {i + 1} (line "
                         f"{int(frame.index[i]) + 2})", fallback="fill in the id or delete the row")
    # One name one series however its letters are composed: 'Zürich' typed on a Mac (NFD) and
    # exported elsewhere (NFC) look alike, and are one series under its first spelling
    codes, order = pd.factorize(ids)
    composed = [unicodedata.normalize("NFC", str(key)) for key in order]
    if len(set(composed)) < len(order):
        first = dict(zip(reversed(composed), reversed(list(order)), strict=True))
        codes, order = pd.factorize(np.asarray([first[c] for c in composed], dtype=object)[codes])
    refuse_spellings_at_one_time(name, frame[id_col], codes, order, times)
    if notes is not None:
        _one_after_another(codes, order, times, notes)
    data = pd.DataFrame({c: numbers[c] for c in columns}, index=pd.DatetimeIndex(times))
    # One stable sort by id, then each series is a slice (rows in file order within it).
    rows = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[rows], np.arange(len(order) + 1))
    data = data.iloc[rows]
    return [(str(key), data.iloc[bounds[k] : bounds[k + 1]]) for k, key in enumerate(order)]


def _one_after_another(codes: np.ndarray, order, times: pd.DatetimeIndex, notes) -> None:
    """Warns of ids that differ only in case and whose rows follow one another in time ('AAPL'
    until January, 'aapl' since: a download appended by another tool), as one renamed series
    is: each is forecast, the older from its own last row."""
    folded = pd.Series([str(key).casefold() for key in order])
    alike = folded[folded.duplicated(keep=False)]  # (most panels: none, and no loop)
    every = pd.Series(times).groupby(codes).agg(["min", "max"]) if len(alike) else None
    for _, keys in alike.groupby(alike):
        spans = every.loc[keys.index].sort_values("min")
        if (spans["min"].to_numpy()[1:] > spans["max"].to_numpy()[:-1]).all():
            _warn(notes, f"ids {show_list([str(order[k]) for k in spans.index])} differ only "
                  "in case and follow one another in time: one series renamed? Written alike, "
                  "they would be one")


def split_wide(targets: Sequence[str], features: Sequence[str], times: pd.DatetimeIndex,
               numbers: dict[str, np.ndarray], notes: list[str] | None = None):
    """(column name, DataFrame of it and the features) per target column, in the file's order
    (the caller's, whatever --target's: so is a fresh export that lost a column forecast); the
    last rows without a value in any of them (FRED's '2017-11-10,,,,') said."""
    index = pd.DatetimeIndex(times)
    valued = np.any([~np.isnan(numbers[t]) for t in targets], axis=0)
    if notes is not None and valued.any() and (late := index > index[valued].max()).any():
        _warn(notes, f"dropped {int(late.sum())} trailing row(s) without a value in any of "
              f"the {len(targets)} columns (from {format_stamp(index[late].min())}; "
              "incomplete?)")
    return [(t, pd.DataFrame({t: numbers[t], **{f: numbers[f] for f in features}}, index=index))
            for t in targets]


def clean_series(name: str, sid: str | None, data: pd.DataFrame, spec: DataSpec, tcol: str,
                 notes: list[str], tail_warns: bool = True, hint: tuple[str, str] | None = None,
                 zone: str | None = None, days: bool | None = None, own_rows: bool = True):
    """One series made regular: sorted, deduplicated, rows off its calendar and leading and
    trailing rows without a target value dropped, on its frequency's grid, the gaps filled;
    the wall-clock hour its ``zone`` skips in spring (``zones``) given the value before it.

    Returns (DataFrame, freq, label, filled: the rows whose target was a gap, filled);
    ``sid`` names the series in messages (None for a file of one series); ``hint`` is the
    (freq, label) of the file's series before it; ``days``: a model of days reads the file
    (by default, where ``hint`` is days), whose empty weekend rows are days; ``own_rows``: its
    rows are its own, not a wide file's (``absent_when_empty``)."""
    where = name if sid is None else f"{name}: series {sid!r}"
    data = at_their_dates(data, notes, hint and hint[0])
    in_file = data.index  # (the file's order: what a duplicate's error reads it in)
    data = deduplicate(where, sort_rows(data, notes), spec.duplicates, notes, in_file,
                       copies_dropped=bool(spec.every))
    # Most series of a big file have no empty cell: the steps about them cost nothing then.
    gaps = bool(np.isnan(data.to_numpy(dtype=np.float64)).any())
    if gaps:
        if data[data.columns[0]].last_valid_index() is None:
            return None, None, None, None
        if empty := [c for c in data.columns[1:] if data[c].last_valid_index() is None]:
            raise FeatureWithoutValues(where, empty[0])  # (S&P's volume beside VIX's none)
        # A row without a value at the end is a row still being written, except in a wide
        # file, where a column that ends early is a series that ended.
        data = drop_incomplete_tail(data, notes, sid is not None) if tail_warns else data.loc[
            : data[data.columns[0]].last_valid_index()]
        if spec.fill in ("ffill", "interpolate") and not (
                hint is not None and hint[0] == "D" if days is None else days):
            data = _without_empty_weekends(data, notes)
        if spec.fill != "zero":  # an empty row of a log of sales is a day of none
            data = _on_steps_of_its_own(data, notes)
    data = drop_off_calendar(data, notes)
    theirs = _on_their_grid(data.index, hint)
    if len(data) < 2 and theirs is None:
        if sid is None:
            raise InputError(f"{name}: only {len(data)} distinct timestamp(s) in column "
                             f"{tcol!r}; a series needs at least 2 rows")
        return None, None, None, None  # a row of its own alone: on the others' grid below
    try:
        if theirs is not None:
            freq, label, grid = *hint, theirs
        else:
            freq, label, grid = infer_frequency(where, tcol, data.index, hint)
    except InputError:
        far = far_off_time(data.index)  # (before --every fills the years)
        if running_period(data.index):
            _warn(notes, f"dropped the last row ({format_stamp(data.index[-1])}): off the "
                  f"calendar of the rows before it, inside the period after "
                  f"{format_stamp(data.index[-2])}, one still running")
            data = data.iloc[:-1]
            if (moved := snapped_to_calendar(data.index)) is not None:  # holiday weeks before
                put_on_calendar(data, moved, notes)
            freq, label, grid = infer_frequency(where, tcol, data.index, hint)
        elif (snapped := snapped_to_step(data.index)) is not None:
            data.index, off = snapped
            notes.append(f"times up to {off.total_seconds():g} s off a whole step (a logger's "
                         "clock): put on it")
            freq, label, grid = infer_frequency(where, tcol, data.index, hint)
        elif (kept := off_session(data.index, hint)) is not None:  # a stray auction bar
            data = data[kept[0]]
            _warn(notes, kept[1])
            freq, label, grid = infer_frequency(where, tcol, data.index, hint)
        elif (moved := snapped_to_calendar(data.index)) is not None:
            put_on_calendar(data, moved, notes)
            freq, label, grid = infer_frequency(where, tcol, data.index, hint)
        elif spec.every:
            # Rows only where something happened (a sales log) are on --every's steps, too
            # few of them to show it (after the repairs above found no other calendar): the
            # full grid of those steps names it, the steps without a row are gaps (0 with
            # --fill zero).
            freq, label, grid = infer_frequency(where, tcol, regular_grid(
                data.index[0], data.index[-1], spec.every), hint)
        elif far is None:
            raise
    else:  # business days take years without rows for holidays: a row a year off says it
        far = far_off_time(data.index, span=1 if freq == "B" else FAR_OFF)
        if freq != (hint and hint[0]) and (kept := week_strays(data.index, freq, grid)
                                           or off_week(data.index, hint)):
            data = data[kept[0]]  # a bar past a week's close: not the week's
            _warn(notes, kept[1])
            theirs = _on_their_grid(data.index, hint)  # (a week's export: plain hours alone)
            freq, label, grid = (*hint, theirs) if theirs is not None else infer_frequency(
                where, tcol, data.index, hint)
        if hint and freq != hint[0] and (moved := on_model_periods(data.index, freq, hint[0])
                                         ) is not None:  # months at their ends, the model's
            _warn(notes, f"{label} read as {hint[1]}: the same periods")  # at their starts
            data.index, (freq, label) = moved, hint
            grid = regular_grid(moved[0], moved[-1], freq)  # a month the file lacks: a gap
    if far is not None:
        raise InputError(f"{where}: in column {tcol!r}, {far}", fallback="fix or remove that row")
    if gaps and freq == "B" and spec.fill in ("ffill", "interpolate"):
        # An empty cell of business days is a day without trading (the Federal Reserve's files
        # leave holidays empty): absent, as a long file's missing row is, so that holidays are
        # learned and skipped in forecasts (--fill zero: a day of 0 sales; none: refused).
        data = absent_when_empty(drop_leading(where, data, data.columns[0], notes), grid, notes,
                                 own_rows)
        grid = grid[grid.slice_indexer(data.index[0], data.index[-1])]  # from its first value
    written = data.index
    data = regularise(data, freq, label, grid, notes, zone, zeros=spec.fill == "zero")
    filled = np.zeros(len(data), dtype=bool)
    if gaps or len(data) != len(written):  # empty cells, or missing times inserted as gaps
        data = drop_leading(where, data, data.columns[0], notes)
        skipped = skipped_by_clocks(data.index, ~data.index.isin(written), zone)
        if skipped.any():  # not a gap to warn of
            data[skipped] = 0.0 if spec.fill == "zero" else data.ffill()[skipped]  # none sold
        data, filled = fill_gaps(where, data, spec, notes, written)
        filled |= skipped
    data, filled, typo = typos_filled(data, filled, spec.fill)
    y = data[data.columns[0]].to_numpy()
    for odd in (o for o in (typo, last_value_spike(y), lone_spike(y, data.index),
                            split_step(y, data.index)) if o):
        _warn(notes, odd)
    return data, freq, label, filled


def _on_steps_of_its_own(data: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """The rows where the target has a value, when those fall on regular steps coarser than
    the rows' (FRED's quarterly GDP downloaded beside a monthly rate: a value every third
    month; RTE's consumption every half-hour of a file of quarter-hours), said: filled, its
    quarters were a staircase of months, two in three made up."""
    present = data[data.columns[0]].notna().to_numpy()
    if present.mean() > 0.55 or present.sum() < 8:  # (every other row and the last: RTE's
        return data  # half-hours on a grid of quarter-hours)
    try:
        fine = infer_frequency("", "", data.index)[0]
        own = infer_frequency("", "", data.index[present])[0]
    except InputError:
        return data
    if fine == own:
        return data
    notes.append(f"column {data.columns[0]!r} has values on {int(present.sum())} of its "
                 f"{len(present)} rows, on steps of their own ({own}): read on those, the "
                 "empty rows left out")
    return data[present]


def _without_empty_weekends(data: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Dates whose Saturdays and Sundays (4 or more) all lack the target's value (a stock's
    closes on a calendar of days, as a merge with data that has weekends leaves them) without
    those rows: business days, holidays learned, not weekends filled and forecast."""
    index = data.index
    weekend = index.day_of_week >= 5
    if weekend.sum() < 4 or not (index == index.normalize()).all() or \
            data[data.columns[0]].iloc[weekend].notna().any():
        return data
    notes.append(f"{int(weekend.sum())} weekend rows without a value left out: business days")
    return data[~weekend]


def summarise_notes(per_series: list[tuple[str, str]], limit: int = 3,
                    kind: str = "note") -> list[str]:
    """Per-series notes (or warnings: ``kind``) as a few lines: the first ``limit``, then how
    many more, for which series."""
    lines = [f"series {sid!r}: {text}" for sid, text in per_series[:limit]]
    rest = len(per_series) - limit
    if rest > 0:
        others = list(dict.fromkeys(sid for sid, _ in per_series[limit:]))
        lines.append(f"... and {rest} more {kind}(s) like these for {len(others)} series "
                     f"({show_list(others, 5)})")
    return lines


def skipped_note(skipped: list[str], why: str) -> str:
    return f"skipped {len(skipped)} series {why}: {show_list(skipped, 8)}"


def span_note(ids, first, last, date_format: str | None) -> str:
    starts = pd.Series(first).agg(["min", "max"])
    return (f"{len(ids)} series from {data_stamp(starts['min'], date_format)} (latest start "
            f"{data_stamp(starts['max'], date_format)}) to {data_stamp(max(last), date_format)}")


def on_days(name: str, sid: str, times: pd.DatetimeIndex, values: np.ndarray, spec: DataSpec,
            notes: list[str]) -> tuple[pd.DatetimeIndex, np.ndarray, np.ndarray]:
    """A six-day series (``WD-SUN``) of a panel of days on every day: the days it skips are
    gaps, filled as any gap is (times, values, the rows filled)."""
    days = pd.date_range(times[0], times[-1], freq="D")
    frame = pd.DataFrame(values, index=times).reindex(days)
    frame, filled = fill_gaps(f"{name}: series {sid!r}", frame, spec, notes, times)
    return pd.DatetimeIndex(frame.index), frame.to_numpy(dtype=np.float64), filled


_FEW_ROWS = 8  # a series this short may read as no frequency alone: it follows the others'


def _on_their_grid(index: pd.DatetimeIndex, hint: tuple[str, str] | None):
    """The grid of the file's other series (``hint``) over the span of a few rows (_FEW_ROWS or
    fewer; a weekly session's under two weeks) that lie on it, a holiday or two left out (a
    quarter of the rows at most), else None. Read alone such rows show no frequency (Thursday,
    Friday, Monday) or another (2 days; a week of FX bars, no weekend closure: plain hours)."""
    if hint is None or not (0 < len(index) <= _FEW_ROWS or under_two_weeks(index, hint[0])):
        return None
    grid = regular_grid(index[0], index[-1], hint[0])
    on_it = index.isin(grid).all() and len(grid) - len(index) <= max(1, len(index) // 4)
    return grid if on_it else None


def assemble_panel(name, parts, spec, tcol, notes, id_col, feats, fmt, fingerprint, target_col,
                   layout, decimals, hint, zone=None):
    """Clean each series of a long or wide file and put them in one panel."""
    cleaned, freqs, labels, per_series, skipped, warned, gaps = [], {}, {}, [], [], [], []
    traded = []  # each series' rows of empty cells of days traded (``Panel.traded``)
    done, parts, model = {}, list(parts), hint  # (a model's frequency: its data is read)
    featureless = {}  # series id: a feature column without a value in the series
    model_days = hint is not None and hint[0] == "D"  # (not a daily series before a stock's)

    def clean(sid, data):
        """Series ``sid`` cleaned into ``done``; the first read gives the others its ``hint``."""
        nonlocal hint
        own = Notes()
        try:
            done[sid] = (*clean_series(name, sid, data, spec, tcol, own, layout == "long",
                                       hint, zone, model_days, layout == "long"), own)
        except FeatureWithoutValues as lacking:  # skipped, as a series without a value
            done[sid], featureless[sid] = (None, None, None, None, own), lacking.column
        hint = (done[sid][1], done[sid][2]) if done[sid][0] is not None else hint

    for sid, data in parts:  # a series of a few rows fails alone (Thursday, Friday, Monday)
        if hint is not None or len(data) > _FEW_ROWS:
            clean(sid, data)  # else read below, on the frequency of the file's other series
    for sid, data in sorted((p for p in parts if p[0] not in done), key=lambda p: -len(p[1])):
        clean(sid, data)  # all short: the longest is read alone, the others on its frequency
    clock_zones = ()  # of the first series whose times repeat an autumn hour
    for sid, _ in parts:
        data, freq, label, filled, own = done[sid]
        if data is None:
            skipped += [sid] * (sid not in featureless)
            continue
        per_series += [(sid, text) for text in own
                       if text != f"frequency: {label}" and text not in own.warnings]
        warned += [(sid, text) for text in own.warnings]
        freqs[sid], labels[freq] = freq, label
        clock_zones = clock_zones or tuple(own.clock_zones)
        notes.shut_stamps += own.shut_stamps
        values = data.to_numpy(dtype=np.float64)
        cleaned.append((sid, pd.DatetimeIndex(data.index, freq=None), values[:, 0].copy(),
                        np.ascontiguousarray(values[:, 1:])))
        gaps.append(filled)
        traded.append(data.index.isin(own.traded_stamps))
    if skipped:
        notes.warn(skipped_note(skipped, "with fewer than 2 rows of values"))
    for column in dict.fromkeys(featureless.values()):
        notes.warn(skipped_note([s for s, c in featureless.items() if c == column],
                                f"whose feature column {column!r} holds no value"))
    if not cleaned:
        raise InputError(f"{name}: no series has 2 or more rows of values",
                         fallback="check the id and value columns")
    freq, off = common_frequency(name, freqs, {sid: t for sid, t, _, _ in cleaned},
                                 model and model[0])
    if off:  # (a model's data: a coin's days beside its stocks)
        warned += [(sid, f"{labels[freqs[sid]]}, not at the model's frequency ({model[1]}): "
                         "not forecast") for sid in off]
        gaps = [g for g, c in zip(gaps, cleaned, strict=True) if c[0] not in off]
        traded = [t for t, c in zip(traded, cleaned, strict=True) if c[0] not in off]
        cleaned = [c for c in cleaned if c[0] not in off]
    labels.setdefault(freq, "weekly, each series on its own weekday" if freq == MIXED_WEEKS
                      else "daily")  # shops closed on different weekdays: days
    for k, (sid, times, y, f) in enumerate(cleaned):
        if freqs[sid] != freq and freq == "D":  # a shop closed on Sundays among daily ones
            own = Notes()
            days, values, filled = on_days(name, sid, times, np.column_stack([y, f]), spec,
                                           own)
            cleaned[k] = (sid, days, values[:, 0].copy(), np.ascontiguousarray(values[:, 1:]))
            gaps[k], traded[k] = (filled | pd.Series(gaps[k], index=times).reindex(
                days, fill_value=False).to_numpy(dtype=bool),
                pd.Series(traded[k], index=times).reindex(days, fill_value=False).to_numpy(bool))
            warned += [(sid, text) for text in own.warnings]
    notes.append(f"frequency: {labels[freq]}")
    notes.append(span_note([c[0] for c in cleaned], [c[1][0] for c in cleaned],
                           [c[1][-1] for c in cleaned], fmt))
    each = tuple(warned)
    warned = summarise_notes(warned, kind="warning")
    notes.extend(summarise_notes(per_series) + warned)  # the panel's warnings hold ``warned``
    return Panel.concat(cleaned, freq=freq, freq_label=labels[freq], time_col=tcol,
                        target_col=target_col, feature_cols=tuple(feats), date_format=fmt,
                        path=name, fingerprint=fingerprint, notes=tuple(notes), id_col=id_col,
                        layout=layout, clock_zones=clock_zones,
                        shut_stamps=tuple(notes.shut_stamps), traded=np.concatenate(traded),
                        warnings=tuple(notes.warnings) + tuple(warned), series_warnings=each,
                        decimals=decimals, filled=filled if (filled := np.concatenate(
                            gaps)).any() else None)
