"""CSV in, a clean regular ``Panel`` out: read, pick columns, parse dates, clean.

Everything a user can get wrong in their file becomes one :class:`InputError` that names the
file and the column; everything the loader decided on its own becomes a line in ``Panel.notes``
so the user can see it on stderr.

    panel = load_panel("sp500.csv", DataSpec(target="Close"))   # panel.freq == "B"
"""

from __future__ import annotations

import dataclasses
import os
import re

import numpy as np
import pandas as pd

from ..calendar import PERIOD_WRITERS
from ..config import TOTALS, DataSpec, name_list
from ..errors import InputError
from ..panel import Panel, unnamed
from ..zones import zone_note, zone_of
from .across import clocks_across, months_across, steps_across, times_across
from .clean import DUPLICATE_POLICIES, FILL_METHODS, Notes, without_zone
from .columns import (
    also_dated,
    bookkeeping,
    detect_target,
    match_column,
    named_like_time,
    no_target,
    norm,
    refuse_repeated,
    show_list,
)
from .dates import detect_time_column, parse_time_column
from .decimals import decimals_of, series_decimals
from .ids import chosen_series, detect_id_column, one_series, refuse_value_ids, unless_once_a_time
from .joined import (
    JOINED,
    add_time_of_day,
    dates_carried_down,
    dotted_clocks,
    split_year_period,
    time_of_day_column,
)
from .numbers import looks_numeric, missing_mask, stripped, to_numbers
from .panels import (
    WIDE_ID_COL,
    assemble_panel,
    clean_series,
    skipped_note,
    split_long,
    split_wide,
)
from .periods import interval_starts
from .read import read_table
from .readings import (
    as_marked,
    comma_decimal_column,
    commas_in_every_cell,
    dots_as_groups,
    european_numbers,
    shows_dot_decimal,
    shows_dot_groups,
)
from .row_numbers import values_alone
from .steps import on_steps
from .tidy import total_column
from .unfinished import cut_short
from .without_ids import refuse_interleaved, refuse_unnamed_series

__all__ = ["load_panel", "DUPLICATE_POLICIES", "FILL_METHODS"]


def load_panel(path, spec: DataSpec | None = None, freq: tuple[str, str] | None = None,
               layout: str | None = None, dotted: tuple[str, ...] = (),
               may_lack: tuple[str, ...] = ()) -> Panel:
    """Read ``path`` once and return its target (and feature) columns as a clean panel: one
    series, the series of a long file (an id column), or several columns of a wide file.
    ``freq``: the (alias, label) the series are expected to follow (a model's): a series on
    its grid follows it, however few its rows (three weeks of a six-day shop, not days).
    ``layout``: a model's; one of one series or of columns finds no id column (a cron job's
    output keeps its columns; a ticker column that appears is refused, not forecast);
    ``dotted``, its columns read with dots grouping thousands, so read again; ``may_lack``,
    its series, which the file need not have where ``spec`` names them (``chosen_series``)."""
    spec = (spec or DataSpec()).validate()
    return dataclasses.replace(_read_panel(os.fspath(path), spec, freq, layout, dotted, may_lack),
                               spec=spec)  # (a model records it: predict reads as training did)


def _read_panel(name: str, spec: DataSpec, freq, layout, dotted, may_lack) -> Panel:
    notes = Notes()
    table = read_table(name, notes, spec.duplicates == "count", spec.encoding, spec.target)
    frame = table.frame
    if spec.time_col not in frame.columns and (across := times_across(
            name, frame, notes, spec.date_format) or steps_across(name, frame, notes)
            or months_across(frame, notes) or clocks_across(name, frame, notes)
            or (spec.duplicates != "count" and values_alone(frame, notes))):
        frame, ids = across
        if spec.id_col is None and ids:  # a row is a series, named by these
            spec = dataclasses.replace(spec, id_col=",".join(ids))
    frame = dates_carried_down(dotted_clocks(interval_starts(frame, notes), notes), notes)
    columns = [str(c) for c in frame.columns]

    if spec.time_col is None:  # before its cells: a shorter block's dates end in blanks
        refuse_repeated(name, table.repeated, [c for c in columns if named_like_time(c)][:1])
    joined = split_year_period(name, frame, columns)
    wanted = spec.time_col
    if wanted is not None and joined is not None and (wanted == joined[0] or wanted.startswith(
            joined[0] + JOINED)):  # 'YEAR+MO+DY+HR': its hours are found again below
        tcol, times, fmt, why = joined
    elif wanted is not None:
        if wanted not in columns and JOINED in wanted:  # 'Date+Time': the dates, then below
            wanted = wanted.split(JOINED)[0]
        tcol = match_column(name, columns, wanted, "time column", "--time-col")
        times, fmt, why = parse_time_column(name, tcol, frame[tcol], spec.date_format)
    else:
        tcol, times, fmt, why = detect_time_column(name, frame, columns, spec.date_format, joined)
    id_cols = [c for c in (p.strip() for p in re.split(r"[,+]", spec.id_col or "")) if c in columns]
    # a date over several columns ('YEAR,MO,DY,HR': NASA POWER's hours) takes a time of day too
    dated = tcol in columns or (joined is not None and tcol == joined[0] and joined[2] is None)
    if dated and (clock := time_of_day_column(frame, columns, tcol, times, id_cols)):
        times, how = add_time_of_day(name, frame, clock, times)
        tcol, why = f"{tcol}{JOINED}{clock}", f"{why}; {how}"
    notes.append(f"time column: {_named(tcol, columns)} ({why})")
    times = without_zone(times, notes)
    if (zone := zone_of(frame[tcol], times) if tcol in columns else None) is not None:
        notes.append(zone_note(zone))

    time_parts = tcol.split(JOINED) if tcol not in columns else [tcol]
    others = [c for c in columns if c not in time_parts]
    if dated_too := also_dated(frame, others, fmt):  # a sale's date beside its purchase's
        notes.append(f"also dates, left out: {show_list(dated_too)} (--time-col picks another)")
    # the series named before --every puts their rows on its steps: a meter of quarter-hours
    # beside hourly ones repeats each hour four times, which would hide its id column
    id_col = None if layout in ("single", "wide") else _id_column(
        name, frame, others, times, spec, notes, time_parts)
    if id_col is not None:
        others.remove(id_col)
    raw_times = pd.Series(times, index=frame.index)  # (before --every puts them on steps)
    if spec.every:  # a period's notation names no other step: outputs write ISO dates
        if spec.duplicates not in TOTALS:  # a row exported twice, told at its own time: equal
            # readings within a step are each a reading, to average (21.0, 21.0, 21.9: 21.3)
            copies = frame.assign(__time__=times.asi8).duplicated().to_numpy()
            if copies.any():
                notes.append(f"dropped {int(copies.sum())} exact duplicate row(s)")
                frame, times = frame[~copies], times[~copies]
        times, running = on_steps(times, spec.every, notes, spec.duplicates in TOTALS)
        frame, times = frame[~running], times[~running]
        fmt = None if fmt in PERIOD_WRITERS else fmt
    if spec.duplicates == "count":  # each row one event: the series is their count a step
        counted = next(c for c in ("count", *(f"count_{k}" for k in range(2, len(columns) + 3)))
                       if c not in columns)
        frame = frame.assign(**{counted: "1"})
        targets, feats, wide = [counted], [], False
        notes.append(f"target: {counted!r} (--duplicates count: the rows of each step)")
    else:
        targets, feats, wide = _value_columns(name, frame, others, spec, notes, table.repeated)
    if id_col is not None and len(targets) > 1:
        raise InputError(f"{name}: a long file's series are its {id_col!r} values, so --target "
                         f"names one column of them, not {len(targets)} "
                         f"({show_list(targets, 3)}); train a model for each column")
    refuse_repeated(name, table.repeated, [*time_parts, id_col, *targets, *feats])
    if not table.line_ended and cut_short(frame, [*time_parts, *targets, *feats], id_col, notes):
        frame, times = frame.iloc[:-1], times[:-1]
    # One mark for the file: a '20.00' in any column of numbers makes '1,000' 1000, a ';' file
    # that writes '41.191,81' groups thousands with every dot ('3.051' is 3051), and a tab or
    # '|' file dated '17.07.2023' whose every number has a comma (ČNB's '24,756') decimals.
    decimal = "," if table.delimiter not in ",;" and str(fmt).startswith("%d.%m.") and \
        commas_in_every_cell(frame, [*targets, *feats]) else table.decimal
    if decimal == ",":
        numeric = [c for c in others if c in (*targets, *feats) or looks_numeric(frame[c])]
        if any(shows_dot_decimal(frame[c]) for c in numeric):
            decimal = "."
    dot_groups = decimal == "," and any(shows_dot_groups(frame[c]) for c in numeric)
    # a ',' file's '0,19%' beside its '198.778': the dots group thousands
    if decimal == "." and (shown := comma_decimal_column(frame, others)):
        decimal, dot_groups = ",", True
        notes.warn(f"column {shown[0]!r} writes decimals with a comma ({shown[1]!r}): the "
                   "file's dots group thousands ('1.234' is 1234)")
    numbers = {c: to_numbers(name, c, frame[c], decimal, notes.warn, dot_groups)
               for c in [*targets, *feats]}
    grouped = set(numbers) if dot_groups else set()  # the columns read with thousands dots
    for col in [*targets, *feats]:
        numbers[col] = as_marked(frame, col, numbers[col], decimal, notes.warn)
    if not dot_groups and (decimal == "," or not any(shows_dot_decimal(frame[c]) for c in others
                                                     if looks_numeric(frame[c]))):
        european = european_numbers(frame, targets, others, table.delimiter, fmt, decimal)
        for col in targets:  # German thousands, whatever the delimiter ('1.038' beside '999')?
            if (grouped_values := dots_as_groups(name, col, frame[col], numbers[col], decimal,
                                                 notes, col in dotted, european)) is not None:
                numbers[col] = grouped_values
                grouped.add(col)
    _require_values(name, numbers, targets, feats, len(frame), wide)
    if empty := [t for t in targets if np.isnan(numbers[t]).all()]:
        notes.warn(skipped_note(empty, "whose column has no values"))
        targets = [t for t in targets if t not in empty]
    if id_col is not None and spec.id_col is None and spec.duplicates in TOTALS:  # Shopify's
        id_col = unless_once_a_time(id_col, targets[0], pd.DatetimeIndex(raw_times[frame.index]),
                                    numbers[targets[0]], notes)
    # the decimals of a series' latest cells: in time order, not the file's (a shuffled file)
    in_time = frame.iloc[np.argsort(np.asarray(times), kind="stable")]
    if not wide and spec.duplicates == "error":
        refuse_unnamed_series(name, frame, others, times, numbers[targets[0]], id_col, targets[0])
    if id_col is not None:
        parts = split_long(name, frame, id_col, times, [*targets, *feats], numbers, notes)
    elif wide:
        parts = split_wide([c for c in frame.columns if c in targets], feats, times, numbers, notes)
    elif spec.ids:
        raise one_series(name)
    else:
        data = pd.DataFrame({c: numbers[c] for c in [*targets, *feats]},
                            index=pd.DatetimeIndex(times))
        try:
            data, freq, label, filled = clean_series(name, None, data, spec, tcol, notes,
                                                     hint=freq, zone=zone)
        except InputError as exc:  # series interleaved, each on its own steps, said as such
            refuse_interleaved(name, frame, others, times, targets[0], exc)
            raise
        values = np.ascontiguousarray(data.to_numpy(dtype=np.float64))
        if values.shape[0] < (1 if layout else 2):  # a model reads it: it says what it needs
            raise InputError(f"{name}: fewer than 2 usable rows remain; the series is too short")
        decimals = decimals_of(in_time[targets[0]], decimal, dot_groups=targets[0] in grouped)
        return Panel.single(
            pd.DatetimeIndex(data.index, freq=None), values[:, 0], values[:, 1:], freq=freq,
            freq_label=label, time_col=tcol, target_col=targets[0], feature_cols=tuple(feats),
            date_format=fmt, path=name, fingerprint=table.fingerprint, notes=tuple(notes),
            warnings=tuple(notes.warnings), decimals=decimals, zone=zone,
            clock_zones=tuple(notes.clock_zones), filled=filled if filled.any() else None,
            shut_stamps=tuple(notes.shut_stamps), traded=data.index.isin(notes.traded_stamps),
            thousands_dots=tuple(sorted(grouped)))
    parts = chosen_series(name, parts, spec.ids, may_lack)
    layout = "long" if id_col is not None else "wide"
    return dataclasses.replace(assemble_panel(
        name, parts, spec, tcol, notes, id_col or WIDE_ID_COL, feats, fmt, table.fingerprint,
        targets[0] if id_col is not None else spec.target, layout,
        max(decimals_of(in_time[t], decimal, dot_groups=t in grouped) for t in targets), freq,
        zone), zone=zone, thousands_dots=tuple(sorted(grouped)),
        series_decimals=series_decimals(in_time, targets, id_col, decimal, grouped))


_WORDED = r"[+-]?\d[\d.,]*\s*[^\d\s.,:/-]"  # a number and a word ('1.41 GiB'), no date

def _id_column(name, frame, others, times, spec: DataSpec, notes,
               time_parts) -> str | None:
    if spec.id_col is not None and spec.id_col.strip().casefold() == "none" and not any(
            c.strip().casefold() == "none" for c in others):
        notes.append("id column: none (--id-col none: the rows are one series)")
        return None
    if spec.id_col is not None:
        taken = [c for c in time_parts if c.strip().casefold() == spec.id_col.strip().casefold()]
        if taken and spec.id_col not in others:  # (Polygon's 'T' beside its time 't')
            raise InputError(f"{name}: column {taken[0]!r} is the time column; it cannot also "
                             "name the series",
                             advice=[(("--id-col",), "give --id-col the column that names the "
                                      "series (e.g. a ticker)")],
                             fallback="name the column that identifies the series")
        parts = [p.strip() for p in re.split(r"[,+]", spec.id_col) if p.strip()]
        if spec.id_col in others or len(parts) < 2:
            col = match_column(name, others, spec.id_col, "id column", "--id-col")
            refuse_value_ids(name, frame, col)
            notes.append(f"id column: {col!r}")
            return col
        return _joined_id(name, frame, others, parts, notes)
    col, why = detect_id_column(frame, others, times,  # readings of levels, not sales
                                every=spec.every if spec.duplicates not in TOTALS else None)
    if col is not None:
        notes.append(f"id column: {col!r} ({why})")
    elif why:
        notes.warn(why.removeprefix("warning: "))
    return col


def _joined_id(name, frame, others, names, notes) -> str:
    """Series named by several columns (a store and an item): one id column 'store+item' of
    values 'S1/I7', in place of its parts in ``others``."""
    cols = [match_column(name, others, p, "id column", "--id-col") for p in names]
    if len(set(cols)) < len(cols):
        raise InputError(f"{name}: --id-col names column {cols[0]!r} twice",
                         fallback="name each id column once")
    joined = JOINED.join(cols)
    cells = [stripped(frame[c]) for c in cols]
    frame[joined] = cells[0].str.cat(cells[1:], sep="/")  # vectorised: millions of rows
    # ('S1/A', 'B') and ('S1', 'A/B') would be one series
    if frame[joined].nunique() < len(pd.concat(cells, axis=1).drop_duplicates()):
        raise InputError(f"{name}: joining {' and '.join(map(repr, cols))} with '/' names two "
                         "series alike (a value holds '/')",
                         fallback="make the id values free of '/' or join them in the file")
    others[:] = [c for c in others if c not in cols] + [joined]
    notes.append(f"id column: {joined!r} (the series are named by {len(cols)} columns)")
    return joined


def _named(col: str, columns: list[str]) -> str:
    """A column as a note names it: 'column 1, unnamed', not pandas' 'Unnamed: 0'."""
    return (f"column {columns.index(col) + 1}, unnamed" if col in columns and
            unnamed(col) else repr(col))


def _value_columns(name, frame, others, spec: DataSpec, notes, repeated=frozenset()):
    """(target columns, feature columns, whether the file is wide), by name or detected; a name
    the header ``repeated`` among the candidates is refused first (not 'Rate.1' advised)."""
    numeric_like = [c for c in others if looks_numeric(frame[c])]
    listing, wide = numeric_like or others, False
    counters = [c for c in numeric_like if bookkeeping(c, frame[c])]
    if spec.target is None:
        # not a column given as a feature: flights beside --features temp (refused as which to
        # forecast), sales beside --features price (refused as 'price' given twice)
        given = {norm(f) for f in spec.features}
        rest = [c for c in numeric_like if norm(c) not in given] or numeric_like
        candidates = [c for c in rest if c not in counters] or rest
        try:
            tgt, why = detect_target(name, frame, [c for c in others if norm(c) not in given]
                                     or others, candidates)
        except InputError as error:  # the column wanted may be in a section dropped below
            refuse_repeated(name, repeated, candidates)
            error.message += next((f" (of the first table; {w}: --target reads it)" for w in
                                   getattr(notes, "warnings", ()) if "section below" in w), "")
            raise
        if len(rest) < len(numeric_like) and why.startswith("the only"):
            why = why.replace("column", "column besides --features", 1)
        if len(candidates) < len(rest):
            why += f"; left out: {show_list(counters)}, a row number or a calendar field"
        notes.append(f"target: {tgt!r} ({why})")
        targets = [tgt]
    elif spec.target.strip().casefold() == "all" and "all" not in others:
        feature_cols = {match_column(name, others, f, "feature column", "--features",
                                     listing=listing) for f in spec.features}
        targets = [c for c in numeric_like if c not in feature_cols and c not in counters]
        if (total := total_column(frame, targets)) is not None:  # a pivot's 'Grand Total'
            targets.remove(total)
            notes.warn(f"--target all: left out {total!r}, the sum of the other columns")
        if not targets:
            raise no_target(name, frame, others, feature_cols)
        wide = True
        empty = [c for c in others if c not in numeric_like and missing_mask(frame[c]).all()]
        notes.append(f"targets: all {len(targets)} numeric columns, each a series"
                     + (f" (left out: {show_list(counters)}, a row number or a calendar "
                        "field)" if counters else ""))
        if empty:
            notes.warn(skipped_note(empty, "whose column has no values"))
        if worded := [c for c in others if c not in numeric_like and c not in empty
                      and stripped(frame[c]).str.match(_WORDED).mean() >= 0.9]:
            cell = stripped(frame[worded[0]]).iloc[0]  # '1.41 GiB' beside '980 MiB'
            notes.warn(f"--target all: left out {show_list(worded)}, whose cells are numbers "
                       f"with words, not plain numbers ({cell!r}); write them as numbers to "
                       "forecast them")
    elif "," in spec.target and spec.target not in others:
        wanted = name_list(spec.target)
        if not wanted:
            raise InputError(f"{name}: the target {spec.target!r} names no column",
                             advice=[(("--target",), "give column names to --target, e.g. "
                                      "--target A,B, or --target all")],
                             fallback="name the target columns")
        targets = [_target_column(name, frame, others, t, listing) for t in wanted]
        wide = True
        notes.append(f"targets: {show_list(targets, 8)}, each a series")
    else:
        targets = [_target_column(name, frame, others, spec.target, listing)]
        notes.append(f"target: {targets[0]!r}")
    feats: list[str] = []
    for f in spec.features:
        if norm(f) not in map(norm, others) and norm(f) in map(norm, frame.columns):
            raise InputError(f"{name}: column {f!r} is read as the time or the id; a feature is "
                             "another column", fallback="leave it out of --features")
        col = match_column(name, others, f, "feature column", "--features", listing=listing)
        if col in targets or col in feats:
            raise InputError(f"{name}: column {col!r} is given twice (as target or feature); "
                             "list each column once")
        feats.append(col)
    if len(set(targets)) < len(targets):
        raise InputError(f"{name}: a target column is named twice; list each column once")
    return targets, feats, wide


def _target_column(name, frame, others, wanted: str, listing) -> str:
    """The column ``wanted`` to forecast; an error saying so when it is the time or id column."""
    taken = [c for c in frame.columns if c not in others]
    if wanted.strip().casefold() in {str(c).strip().casefold() for c in taken}:
        raise InputError(f"{name}: column {wanted!r} is the time or id column, not a value to "
                         f"forecast (values: {show_list(listing)})",
                         advice=[(("--target",), "pass --target with a column of values")],
                         fallback="name a column of values")
    return match_column(name, others, wanted, "target column", "--target", listing=listing)


def _require_values(name, numbers, targets, feats, rows: int, wide: bool) -> None:
    empty = [t for t in targets if np.isnan(numbers[t]).all()]
    if empty and (not wide or len(empty) == len(targets)):
        raise InputError(f"{name}: target column {empty[0]!r} has no values (all {rows} rows are "
                         "empty)", advice=[(("--target",), "pick another column with --target")],
                         fallback="fix the file (a model reads the column it was trained "
                         "on; another column needs another model)")
    for col in feats:
        if np.isnan(numbers[col]).all():
            raise InputError(f"{name}: feature column {col!r} has no values (all rows are "
                             "empty)", advice=[(("--features",), "drop it from --features")],
                             fallback="fix the file, or train a model without that feature")
