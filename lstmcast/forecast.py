"""Prediction, the training pipeline run backwards: model file + fresh CSV → last window →
forecast → original units → CSV or JSON rows with future timestamps."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .config import TrainConfig
from .data import future_timestamps, load_series
from .engine import LSTMForecaster
from .errors import InputError, ModelFileError
from .persist import load_model
from .train import (
    MANIFEST_DIGEST,
    format_stamp,
    manifest_digest,
    model_inputs,
    to_levels,
)
from .transforms import Scaler

FORMATS = ("csv", "json")
STALE_PERIODS = 30  # data this many periods past the model's last timestamp: suggest retraining


@dataclass
class Forecast:
    time_col: str
    target: str
    times: pd.DatetimeIndex  # (k,) future timestamps
    values: np.ndarray  # (k,) forecasts in the target's units
    as_of: pd.Timestamp  # timestamp of the window's last row
    warnings: list[str] = field(default_factory=list)


@dataclass
class LoadedModel:
    path: str
    manifest: dict
    model: LSTMForecaster
    settings: TrainConfig
    target_scaler: Scaler
    feature_scaler: Scaler | None


def _field(manifest: dict, path: str, *keys):
    value = manifest
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            raise ModelFileError(f"{path}: model manifest lacks '{'.'.join(keys)}'; the file is "
                                 "damaged or not from lstmcast train; retrain the model")
        value = value[key]
    return value


def load_forecaster(path: str) -> LoadedModel:
    """Read a model file and rebuild the network and scalers; ModelFileError when it does not
    hold together."""
    arrays, manifest = load_model(path)
    if manifest.get(MANIFEST_DIGEST) != manifest_digest(manifest):
        raise ModelFileError(f"{path}: the model manifest does not match its checksum (edited or "
                             "damaged); retrain the model")
    net = _field(manifest, path, "network")
    try:
        settings = TrainConfig.from_dict(_field(manifest, path, "settings"))
        model = LSTMForecaster(int(net["input_size"]), int(net["hidden_size"]),
                               int(net["num_layers"]), int(net["output_size"]),
                               dtype=str(net["dtype"]))
    except (KeyError, TypeError, ValueError) as err:
        raise ModelFileError(f"{path}: model manifest has an invalid network description "
                             f"({err}); retrain the model") from None
    theta = arrays.get("theta")
    if theta is None or theta.shape != model.theta.shape or theta.dtype != model.theta.dtype:
        got = "none" if theta is None else f"{theta.dtype}{list(theta.shape)}"
        raise ModelFileError(f"{path}: weights ({got}) do not match the network in the manifest "
                             f"({model.theta.dtype}[{model.theta.size}]); retrain the model")
    model.set_params(theta)
    scalers = _field(manifest, path, "scaler")
    target_scaler = Scaler.from_dict(_field(manifest, path, "scaler", "target"))
    feature_scaler = Scaler.from_dict(scalers["features"]) if scalers.get("features") else None
    return LoadedModel(path, manifest, model, settings, target_scaler, feature_scaler)


def forecast(loaded: LoadedModel, data_path: str | None = None, horizon: int | None = None,
             as_of: str | None = None) -> Forecast:
    """Forecast the steps after the last row of ``data_path`` (default: the training CSV), or
    after the row at ``as_of``."""
    m, path = loaded.manifest, loaded.path
    data = _field(m, path, "data")
    K = loaded.model.output_size
    if horizon is None:
        horizon = K
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not 1 <= horizon <= K:
        raise InputError(f"--horizon must be between 1 and {K} (the model forecasts {K} "
                         f"step{'s' if K > 1 else ''} at once), got {horizon!r}")
    data_path = data_path or _field(m, path, "data", "path")
    try:
        series = load_series(data_path, time_col=data["time_col"], target=data["target"],
                             features=tuple(data["features"]), date_format=data["date_format"],
                             fill=data["fill"], duplicates=data["duplicates"])
    except InputError as err:
        # The loader's advice names the flags of 'train'; here the columns come from the model.
        roles = {data["time_col"]: "time column", data["target"]: "target",
                 **{f: "feature" for f in data["features"]}}
        gone = [c for c in roles if f"no column {c!r}" in str(err)]
        if not gone:
            raise
        raise InputError(f"{data_path}: no column {gone[0]!r}, which the model ({path}) uses as "
                         f"its {roles[gone[0]]}; give data with the training CSV's columns "
                         f"({', '.join(map(repr, roles))}) or retrain") from None
    warnings = []
    if series.freq != data["freq"]:
        raise InputError(f"{data_path}: the data is {series.freq_label} ({series.freq}) but the "
                         f"model was trained on {data['freq_label']} data ({data['freq']}); "
                         "use data at the model's frequency or retrain")

    end = len(series.time) - 1
    if as_of is not None:
        try:
            stamp = pd.Timestamp(as_of)
        except (ValueError, TypeError):
            raise InputError(f"--as-of {as_of!r} is not a timestamp; use e.g. 2021-03-31") \
                from None
        end = int(series.time.searchsorted(stamp, side="right")) - 1
        if end < 0 or series.time[end] != stamp:
            raise InputError(f"--as-of {as_of}: no row at that time in {data_path} (it spans "
                             f"{series.time[0]} .. {series.time[-1]}); give a timestamp of a row")
    last_seen = pd.Timestamp(data["last_timestamp"])
    if as_of is None and series.time[end] < last_seen:
        warnings.append(f"the data ends at {format_stamp(series.time[end])}, before the last "
                        f"timestamp the model was trained on ({format_stamp(last_seen)}); "
                        "forecasting from there")
    else:
        ahead = len(pd.date_range(last_seen, series.time[end], freq=series.freq)) - 1
        if ahead > STALE_PERIODS:
            warnings.append(f"the data runs {ahead} periods past what the model was trained on "
                            f"(up to {format_stamp(last_seen)}); consider retraining")

    T = loaded.settings.lookback
    kind = _field(m, path, "transform", "kind")
    need = T + (1 if kind != "none" else 0)
    if end + 1 < need:
        extra = " + 1 for differencing" if need > T else ""
        raise InputError(f"{data_path}: {end + 1} rows up to the forecast origin, but the model "
                         f"needs {need} (lookback {T}{extra}); give more history")

    values = series.values[end + 1 - need : end + 1]
    levels = values[:, 0]
    features = values[:, 1:] if values.shape[1] > 1 else None
    inputs, _ = model_inputs(levels, features, kind, loaded.target_scaler, loaded.feature_scaler)
    window = inputs[-T:][None, :, :]
    scaled = loaded.model.predict(window, compiled=False)
    out = to_levels(kind, loaded.target_scaler, levels[-1:], scaled)[0, :horizon]
    if not np.all(np.isfinite(out)):
        raise InputError(f"{data_path}: the forecast is not finite (the data near "
                         f"{series.time[end]} is far outside what the model saw); retrain")
    times = future_timestamps(series.time[end], series.freq, horizon)
    return Forecast(series.time_col, series.target_col, times, out, series.time[end], warnings)


def _stamp_format(times) -> str:
    at_midnight = all(t.hour == 0 and t.minute == 0 and t.second == 0 for t in times)
    return "%Y-%m-%d" if at_midnight else "%Y-%m-%d %H:%M:%S"


def render(fc: Forecast, fmt: str = "csv") -> str:
    """The forecast as CSV (time column, ``forecast``) or as a JSON document."""
    stamp = _stamp_format([fc.as_of, *fc.times])
    rows = [(t.strftime(stamp), float(v)) for t, v in zip(fc.times, fc.values, strict=True)]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([fc.time_col, "forecast"])
        writer.writerows((t, repr(v)) for t, v in rows)
        return buf.getvalue()
    if fmt == "json":
        doc = {"target": fc.target, "time_col": fc.time_col, "as_of": fc.as_of.strftime(stamp),
               "forecasts": [{fc.time_col: t, "forecast": v} for t, v in rows]}
        return json.dumps(doc, indent=2) + "\n"
    raise InputError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
