"""Prediction, the training pipeline run backwards: model file + fresh CSV → same cleaning →
last window → network → target's units → future timestamps."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .bundle import Bundle
from .calendar import format_stamp, future_timestamps, periods_between
from .config import DataSpec
from .data import load_panel
from .errors import ColumnNotFound, InputError
from .preprocess import last_window, require_positive, to_levels

STALE_PERIODS = 30  # data this many periods past the model's last timestamp: suggest retraining


@dataclass
class Forecast:
    time_col: str
    target: str
    times: pd.DatetimeIndex  # (k,) future timestamps
    values: np.ndarray  # (k,) forecasts in the target's units
    as_of: pd.Timestamp  # timestamp of the window's last row
    warnings: list[str] = field(default_factory=list)


def read_like_training(bundle: Bundle, path: str, data_path: str):
    """Load ``data_path`` with the columns, date format and cleaning the model was trained with."""
    data = bundle.data
    spec = DataSpec(time_col=data["time_col"], target=data["target"],
                    features=tuple(data["features"]), date_format=data["date_format"],
                    fill=data["fill"], duplicates=data["duplicates"])
    try:
        return load_panel(data_path, spec)
    except ColumnNotFound as err:
        roles = {data["time_col"]: "time column", data["target"]: "target",
                 **{f: "feature" for f in data["features"]}}
        raise InputError(f"{data_path}: no column {err.column!r}, which the model ({path}) uses "
                         f"as its {roles.get(err.column, err.role)}; give data with the training "
                         f"CSV's columns ({', '.join(map(repr, roles))}) or retrain") from None


def forecast(bundle: Bundle, path: str, data_path: str | None = None,
             horizon: int | None = None, as_of: str | None = None) -> Forecast:
    """Forecast the steps after the last row of ``data_path`` (default: the training CSV), or
    after the row at ``as_of``. ``path`` is the model file's, for messages."""
    data = bundle.data
    K = bundle.model.output_size
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
    series = panel.series(0)
    end = _origin(series.time, as_of, data_path)
    warnings = _staleness(series.time[end], pd.Timestamp(data["last_timestamp"]), panel.freq,
                          as_of is not None)

    state = bundle.states[0]
    T = bundle.settings.model.lookback
    need = T + state.rows_used
    if end + 1 < need:
        extra = " + 1 for differencing" if need > T else ""
        raise InputError(f"{data_path}: {end + 1} rows up to the forecast origin, but the model "
                         f"needs {need} (lookback {T}{extra}); give more history")
    if state.kind == "log-diff":
        window_rows = slice(end + 1 - need, end + 1)
        require_positive(type(series)(series.id, series.time[window_rows],
                                      series.target[window_rows], series.features[window_rows]),
                         panel.target_col, data_path)
    scaled = bundle.model.predict(last_window(state, series, end, T), compiled=False)
    out = to_levels(state, series.target[end:end + 1], scaled)[0, :horizon]
    if not np.all(np.isfinite(out)):
        raise InputError(f"{data_path}: the forecast is not finite (the data near "
                         f"{series.time[end]} is far outside what the model saw); retrain")
    times = future_timestamps(series.time[end], panel.freq, horizon)
    return Forecast(panel.time_col, panel.target_col, times, out, series.time[end], warnings)


def _origin(times: pd.DatetimeIndex, as_of: str | None, data_path: str) -> int:
    """Row index of the forecast origin: the last row, or the row at ``as_of``."""
    end = len(times) - 1
    if as_of is None:
        return end
    try:
        stamp = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        raise InputError(f"--as-of {as_of!r} is not a timestamp; use e.g. 2021-03-31") from None
    end = int(times.searchsorted(stamp, side="right")) - 1
    if end < 0 or times[end] != stamp:
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
