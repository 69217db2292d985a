"""CSV in, a clean regular ``Panel`` out: read, pick columns, parse dates, clean.

Everything a user can get wrong in their file becomes one :class:`InputError` that names the
file and the column; everything the loader decided on its own becomes a line in ``Panel.notes``
so the user can see it on stderr.

    panel = load_panel("sp500.csv", DataSpec(target="Close"))   # panel.freq == "B"
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ..config import DataSpec
from ..errors import InputError
from ..panel import Panel
from .clean import (
    DUPLICATE_POLICIES,
    FILL_METHODS,
    deduplicate,
    drop_leading,
    fill_missing,
    infer_frequency,
    regularise,
    sort_rows,
)
from .columns import detect_target, looks_numeric, match_column, to_numbers
from .dates import detect_time_column, parse_time_column, without_zone
from .read import read_table

__all__ = ["load_panel", "DUPLICATE_POLICIES", "FILL_METHODS"]


def load_panel(path, spec: DataSpec | None = None) -> Panel:
    """Read ``path`` once and return its target (and feature) columns as a clean panel."""
    name = os.fspath(path)
    spec = (spec or DataSpec()).validate()
    notes: list[str] = []
    table = read_table(name, notes)
    frame = table.frame
    columns = [str(c) for c in frame.columns]

    if spec.time_col is not None:
        tcol = match_column(name, columns, spec.time_col, "time column", "--time-col")
        times, fmt, why = parse_time_column(name, tcol, frame[tcol], spec.date_format)
    else:
        tcol, times, fmt, why = detect_time_column(name, frame, columns, spec.date_format)
    notes.append(f"time column: {tcol!r} ({why})")
    times = without_zone(times, notes)

    tgt, feats = _value_columns(name, frame, [c for c in columns if c != tcol], spec, notes)
    data = pd.DataFrame({c: to_numbers(name, c, frame[c]) for c in [tgt, *feats]},
                        index=pd.DatetimeIndex(times))
    _require_values(name, data, tgt, feats, len(frame))

    data = sort_rows(data, notes)
    data = deduplicate(name, data, spec.duplicates, notes)
    if len(data) < 2:
        raise InputError(f"{name}: only {len(data)} distinct timestamp(s) in column {tcol!r}; "
                         "a series needs at least 2 rows")
    freq, label, grid = infer_frequency(name, tcol, data.index)
    data = regularise(data, freq, label, grid, notes)
    data = drop_leading(name, data, tgt, notes)
    data = fill_missing(name, data, spec.fill, notes)

    values = np.ascontiguousarray(data.to_numpy(dtype=np.float64))
    if values.shape[0] < 2:
        raise InputError(f"{name}: fewer than 2 usable rows remain; the series is too short")
    return Panel.single(
        pd.DatetimeIndex(data.index, freq=None), values[:, 0], values[:, 1:], freq=freq,
        freq_label=label, time_col=tcol, target_col=tgt, feature_cols=tuple(feats),
        date_format=fmt, path=name, fingerprint=table.fingerprint, notes=tuple(notes))


def _value_columns(name, frame, others, spec: DataSpec, notes) -> tuple[str, list[str]]:
    """The target column and the feature columns, by name or detected."""
    numeric_like = [c for c in others if looks_numeric(frame[c])]
    if spec.target is not None:
        tgt = match_column(name, others, spec.target, "target column", "--target",
                           listing=numeric_like or others)
        notes.append(f"target: {tgt!r}")
    else:
        tgt, why = detect_target(name, frame, others, numeric_like)
        notes.append(f"target: {tgt!r} ({why})")
    feats: list[str] = []
    for f in spec.features:
        col = match_column(name, others, f, "feature column", "--features",
                           listing=numeric_like or others)
        if col == tgt or col in feats:
            raise InputError(f"{name}: column {col!r} is given twice (as target or feature); "
                             "list each column once")
        feats.append(col)
    return tgt, feats


def _require_values(name, data: pd.DataFrame, tgt: str, feats: list[str], rows: int) -> None:
    if data[tgt].isna().all():
        raise InputError(f"{name}: target column {tgt!r} has no values (all {rows} rows are "
                         "empty)", advice=[(("--target",), "pick another column with --target")],
                         fallback="pick another column")
    for col in feats:
        if data[col].isna().all():
            raise InputError(f"{name}: feature column {col!r} has no values (all rows are "
                             "empty)", advice=[(("--features",), "drop it from --features")],
                             fallback="drop it from the features")
