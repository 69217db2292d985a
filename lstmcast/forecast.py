"""Prediction, the training pipeline run backwards: model file + fresh CSV → same cleaning →
each series' last window → the ensemble → the target's units → future timestamps."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .bundle import Bundle
from .calendar import format_stamp, future_timestamps, periods_between
from .config import DataSpec
from .data import load_panel
from .errors import ColumnNotFound, InputError
from .evaluate import forecast_levels
from .panel import Panel
from .preprocess import Rows, choose_state, require_positive

STALE_PERIODS = 30  # data this many periods past the model's last timestamp: suggest retraining


@dataclass
class Forecast:
    time_col: str
    target: str
    times: pd.DatetimeIndex  # (k,) future timestamps
    values: np.ndarray  # (k,) forecasts in the target's units
    as_of: pd.Timestamp  # the latest forecast origin
    warnings: list[str] = field(default_factory=list)
    id_col: str | None = None  # None for a file of one series
    ids: list[str] = field(default_factory=list)  # (k,) the series of each row of a panel
    date_format: str | None = None  # how the data wrote its times, e.g. "%Y" for bare years
    decimals: int | None = None  # decimals the data writes its values with


def read_like_training(bundle: Bundle, path: str, data_path: str) -> Panel:
    """Load ``data_path`` with the columns, date format and cleaning the model was trained with."""
    data = bundle.data
    spec = DataSpec(time_col=data["time_col"], target=data["target"],
                    id_col=data.get("id_col") if data.get("layout") == "long" else None,
                    features=tuple(data["features"]), date_format=data["date_format"],
                    fill=data["fill"], duplicates=data["duplicates"])
    try:
        return load_panel(data_path, spec)
    except ColumnNotFound as err:
        roles = {data["time_col"]: "time column", data["target"]: "target",
                 **({data["id_col"]: "id column"} if data.get("layout") == "long" else {}),
                 **{f: "feature" for f in data["features"]}}
        raise InputError(f"{data_path}: no column {err.column!r}, which the model ({path}) uses "
                         f"as its {roles.get(err.column, err.role)}; give data with the training "
                         f"CSV's columns ({', '.join(map(repr, roles))}) or retrain") from None


def forecast(bundle: Bundle, path: str, data_path: str | None = None,
             horizon: int | None = None, as_of: str | None = None,
             ids: list[str] | None = None) -> Forecast:
    """Forecast the steps after the last row of each series of ``data_path`` (default: the
    training CSV), or after the row at ``as_of``; ``ids`` restricts the series. ``path`` is
    the model file's, for messages."""
    data, recipe = bundle.data, bundle.recipe
    K = recipe.horizon
    if horizon is None:
        horizon = K
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not 1 <= horizon <= K:
        raise InputError(f"--horizon must be between 1 and {K} (the model forecasts {K} "
                         f"step{'s' if K > 1 else ''} at once), got {horizon!r}")
    data_path = data_path or data["path"]
    panel = read_like_training(bundle, path, data_path)
    if panel.freq != data["freq"]:
        raise InputError(f"{data_path}: the data is {panel.freq_label} ({panel.freq}) but the "
                         f"model was trained on {data['freq_label']} data ({data['freq']}); "
                         "use data at the model's frequency or retrain")
    panel = _restrict(panel, ids, data_path)
    single = len(panel) == 1 and data.get("layout", "single") == "single"
    warnings: list[str] = list(panel.warnings)
    stamp = None if as_of is None else read_stamp(as_of, panel.date_format)
    fitted = bundle.manifest["training"].get("fitted_until")
    if stamp is not None and fitted is not None and stamp <= pd.Timestamp(fitted):
        warnings.append(f"--as-of {as_of}: the origin lies inside the data the saved model was "
                        f"fitted on (up to {fitted}); this forecast is in-sample, not a test")
    known = dict(zip(bundle.series_ids, bundle.states, strict=True))
    origins, states, kept = [], [], []
    L = recipe.lookback
    for s, sid in enumerate(panel.ids):
        lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
        end = _origin(panel.time[lo:hi], stamp, as_of, data_path, single)
        if end is None:
            warnings.append(f"series {sid!r} skipped: no row at --as-of {as_of}")
            continue
        if end + 1 < L:
            if single:
                raise InputError(f"{data_path}: {end + 1} rows up to the forecast origin, but "
                                 f"the model needs {L} (lookback {L}); give more history")
            warnings.append(f"series {sid!r} skipped: {end + 1} rows up to its forecast origin, "
                            f"the model needs {L}")
            continue
        state = known.get(sid) if not single else bundle.states[0]
        if state is None:
            season = recipe.season if L >= recipe.season else 1
            history = panel.target[lo : lo + end + 1]
            state = choose_state(history, "auto", season, K, bool(np.all(history > 0)))
            warnings.append(f"series {sid!r} was not in training: forecast by the global model "
                            "from its own history")
        if state.mode == "log":
            require_positive(panel, slice(lo + end + 1 - L, lo + end + 1), sid, data_path)
        origins.append(lo + end)
        states.append(state)
        kept.append(s)
    if not origins:
        why = (f"no series has a row at --as-of {as_of} with {L} rows of history before it"
               if as_of is not None else
               f"no series has enough history to forecast (the model needs {L} rows)")
        raise InputError(f"{data_path}: {why}", fallback="give more history or another time")

    origins = np.asarray(origins, dtype=np.int64)
    series_of = np.zeros(len(panel.time), dtype=np.int32)
    series_of[origins] = np.arange(len(origins), dtype=np.int32)
    rows = Rows(panel.target, panel.features, np.array([s.mode == "log" for s in states]),
                np.array([s.base == "seasonal" for s in states]), series_of)
    levels = forecast_levels(bundle.models, rows, origins, recipe, compiled=False)[:, :horizon]
    bad = np.flatnonzero(~np.all(np.isfinite(levels), axis=1))
    if bad.size:
        raise InputError(f"{data_path}: the forecast is not finite (the data near "
                         f"{panel.time[origins[bad[0]]]} is far outside what the model saw); "
                         "retrain")
    stamps = [future_timestamps(panel.time[o], panel.freq, horizon) for o in origins]
    last_origin = max(panel.time[o] for o in origins)
    warnings += _staleness(last_origin, pd.Timestamp(data["last_timestamp"]), panel.freq,
                           as_of is not None)
    times = pd.DatetimeIndex(np.concatenate([t.asi8 for t in stamps]).view("datetime64[ns]"))
    return Forecast(panel.time_col, panel.target_col, times, levels.reshape(-1), last_origin,
                    warnings, None if single else panel.id_col,
                    [panel.ids[s] for s in kept for _ in range(horizon)], panel.date_format,
                    panel.decimals)


def _restrict(panel: Panel, ids: list[str] | None, data_path: str) -> Panel:
    if not ids:
        return panel
    missing = [i for i in ids if i not in panel.ids]
    if missing:
        raise InputError(f"{data_path}: no series {missing[0]!r} (series: "
                         f"{', '.join(map(repr, panel.ids[:8]))}"
                         f"{' ...' if len(panel) > 8 else ''})",
                         advice=[(("--id",), "fix the names given to --id")],
                         fallback="check the series ids")
    return panel.select(ids)


def read_stamp(text: str, date_format: str | None) -> pd.Timestamp:
    """``text`` as a timestamp, read with the data's own date format when it has one (so
    '02-07-18' in a DD-MM-YY file is 2 July), else as ISO."""
    if date_format and "%" in date_format:
        try:
            return pd.Timestamp(pd.to_datetime(text, format=date_format))
        except (ValueError, TypeError):
            pass
    try:
        return pd.Timestamp(text)
    except (ValueError, TypeError):
        example = pd.Timestamp("2021-03-31").strftime(date_format) if date_format and \
            "%" in date_format else "2021-03-31"
        raise InputError(f"--as-of {text!r} is not a timestamp; use e.g. {example}") from None


def _origin(times: pd.DatetimeIndex, stamp: pd.Timestamp | None, as_of: str | None,
            data_path: str, single: bool) -> int | None:
    """Row index of a series' forecast origin: its last row, or its row at ``stamp`` (None
    when a series of a panel has no row there)."""
    end = len(times) - 1
    if stamp is None:
        return end
    end = int(times.searchsorted(stamp, side="right")) - 1
    if end < 0 or times[end] != stamp:
        if not single:
            return None
        raise InputError(f"--as-of {as_of}: no row at that time in {data_path} (it spans "
                         f"{times[0]} .. {times[-1]}); give a timestamp of a row")
    return end


def _staleness(origin: pd.Timestamp, last_seen: pd.Timestamp, freq: str,
               as_of_given: bool) -> list[str]:
    if not as_of_given and origin < last_seen:
        return [f"the data ends at {format_stamp(origin)}, before the last timestamp the model "
                f"was trained on ({format_stamp(last_seen)}); forecasting from there"]
    if origin >= last_seen:
        ahead = periods_between(last_seen, origin, freq)
        if ahead > STALE_PERIODS:
            return [f"the data runs {ahead} periods past what the model was trained on (up to "
                    f"{format_stamp(last_seen)}); consider retraining"]
    return []
