"""The model file's contents: network weights, settings, per-series state, data description and
metrics ⇄ a manifest and arrays. The only module that knows the manifest's layout and checksum.

    manifest = {lstmcast_version, data, settings: {model, fit, eval}, recipe, network,
                series: [{id, mode, base}], training, metrics, manifest_sha256}
    arrays   = {theta_0, theta_1, ...}: the flat weights of each ensemble member;
               calibration: (n, K) scaled out-of-sample errors, the prediction intervals
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from . import __version__
from .calendar import format_stamp, holidays_of
from .config import Settings
from .engine import LSTMForecaster
from .errors import InputError, ModelFileError
from .metrics import naive_scale
from .model_holidays import a_rule, exchange_of, own_holidays, rules_in
from .panel import Panel
from .persist import holds_a_model, json_safe, load_model, save_model
from .preprocess import Recipe, SeriesState
from .zones import autumn_zone, wall_clock_zone

MOVES_READ = 100  # rows up to a series' last whose one-step moves are its typical ones
SHIFT_READ = 4  # ... and whose values, found a row away in a fresh file, say it is dated so

MANIFEST_DIGEST = "manifest_sha256"  # manifest key: checksum of the rest of the manifest
CALIBRATION = "calibration"  # array: (n, K) scaled absolute errors for the prediction intervals
# An error not measured: the step's actual was filled in (a day without a row of a count that
# forward fill repeats), which a model file, finite throughout, cannot write as NaN.
UNMEASURED = -1.0
TEST_PATHS = ("test_origins", "test_series", "test_forecasts")  # arrays: (N,) origin times in
# ns, (N,) series index, (N, K) forecasts: the test period's out-of-sample forecasts, to plot


@dataclass
class Bundle:
    """A trained ensemble and everything needed to forecast with it."""

    models: list[LSTMForecaster]
    settings: Settings
    recipe: Recipe
    states: list[SeriesState]  # one per series, in ``series_ids`` order
    series_ids: list[str]
    manifest: dict  # as stored: data, training and metrics are read from here
    calibration: np.ndarray | None = None  # (n, K) scaled errors; None in older model files
    test_paths: dict | None = None  # TEST_PATHS arrays; None in older model files
    parts: list[Bundle] | None = None  # one model per series: each series' own bundle
    format_version: int | None = None  # the model file's (None: not read from a file)

    @property
    def data(self) -> dict:
        return self.manifest["data"]

    @property
    def model(self) -> LSTMForecaster:
        return self.models[0]

    def metrics_of(self, part: str) -> dict:
        """A part of the training metrics the manifest keeps ({} in older model files)."""
        return self.manifest.get("metrics", {}).get(part) or {}

    def own_holidays(self, ids) -> list[tuple[tuple, ...]]:
        """Each of ``ids``' own holiday rules beside the panel's, as training learned them
        (``model_holidays.own_holidays``; none of a series it did not train on, nor in older
        files)."""
        own = {str(e["id"]): e.get("holidays") or () for e in self.manifest["series"]}
        return [tuple(map(tuple, own.get(sid, ()))) for sid in ids]


def build_manifest(panel: Panel, settings: Settings, recipe: Recipe,
                   models: list[LSTMForecaster], states: list[SeriesState], training: dict,
                   metrics: dict, holidays: tuple[tuple, ...] | None = None) -> dict:
    """The manifest of a model trained on ``panel`` (its digest included); ``holidays``: the
    rules ``train`` learned and said, of its panel before the series too short to train on
    were left out (by default, learned from ``panel``)."""
    data = _data(panel, settings, holidays)
    own = own_holidays(panel, tuple(map(tuple, data["holidays"])))
    manifest = json_safe({
        "lstmcast_version": __version__,
        "data": data,
        "settings": settings.to_dict(),
        # (Theta's mean only where chosen: a file without it reads as before)
        "recipe": {k: int(v) for k, v in asdict(recipe).items() if v or k != "theta_mean"},
        "network": network(models[0]),
        "series": [{"id": sid, **state.to_dict(),
                    "first": format_stamp(panel.time[int(panel.indptr[s])]),
                    "last": format_stamp(panel.time[int(panel.indptr[s + 1]) - 1]),
                    "last_value": float(panel.target[int(panel.indptr[s + 1]) - 1]),
                    # and the rows up to it: a file dated a step off shows them a row away
                    "last_values": [float(v) for v in panel.target[max(int(panel.indptr[s]), int(
                        panel.indptr[s + 1]) - SHIFT_READ) : int(panel.indptr[s + 1])]],
                    # its typical one-step move there (``fresh.changed_history``)
                    "last_move": naive_scale(panel.target[max(int(panel.indptr[s]), int(
                        panel.indptr[s + 1]) - 1 - MOVES_READ) : int(panel.indptr[s + 1])]),
                    # the live score's scale, as the test period's: of the rows trained on, not
                    # of however many a cron job's file still holds (an API's last 60 days)
                    "scale": naive_scale(panel.target[int(panel.indptr[s]):int(panel.indptr[
                        s + 1])], max(settings.eval.season, 1)), **own[s]}
                   for s, (sid, state) in enumerate(zip(panel.ids, states, strict=True))],
        "training": training,
        "metrics": metrics,
    })
    manifest[MANIFEST_DIGEST] = manifest_digest(manifest)
    return manifest


def _data(panel: Panel, settings: Settings, holidays: tuple[tuple, ...] | None = None) -> dict:
    """What the manifest says of the training data: where it came from and how to read it (as
    ``load_panel`` read it, where it did: a library's panel read with ``fill="zero"`` under
    settings of the default forward fill was forecast from forward-filled rows)."""
    spec = panel.spec or settings.data
    if holidays is None:
        holidays = holidays_of(panel.freq, panel.held_times, panel.shut_stamps,
                               one=panel.layout == "single")
    return {
        "path": panel.path if panel.path == "-" else os.path.abspath(panel.path),
        "fingerprint": panel.fingerprint,
        "time_col": panel.time_col,
        "target": panel.target_col,
        "features": list(panel.feature_cols),
        "date_format": panel.date_format,
        "fill": spec.fill,
        "duplicates": spec.duplicates,
        "every": spec.every,
        "encoding": spec.encoding,
        "freq": panel.freq,
        "freq_label": panel.freq_label,
        "first_timestamp": format_stamp(panel.time.min()),
        "last_timestamp": format_stamp(panel.time.max()),
        "rows": len(panel.time),
        "id_col": panel.id_col,
        "layout": panel.layout,
        "ids": list(spec.ids),  # the series --id chose of the file, which predict forecasts
        "warnings": list(panel.warnings),  # the loader's, which predict need not repeat
        # ... and each series' own, of which ``warnings`` summarise all but three
        "series_warnings": [list(pair) for pair in panel.series_warnings],
        # what a cron job's short export may not show: the holidays of years of rows, and a
        # zone's summer time where its weeks show one offset
        "holidays": [list(rule) for rule in holidays],
        "zone": panel.zone,
        # ... and of wall-clock times without offsets, the zone whose spring change they skip
        # (or, where they hold no spring change, whose autumn hour they repeat)
        "clock_zone": None if panel.zone else (wall_clock_zone(panel.time, panel.indptr,
                                                               panel.filled) or autumn_zone(
            panel.clock_zones, panel.time, panel.filled)),
        "thousands_dots": list(panel.thousands_dots),  # read so again by predict
    }


def per_series_manifest(panel: Panel, settings: Settings, parts: list[dict],
                        metrics: dict, skipped: list[str]) -> dict:
    """The manifest of one model per series: each part is the manifest of a series' own model
    (as ``build_manifest`` made it) without what the whole file shares (data, version) or
    reports once (metrics); its arrays are stored under the prefix ``s<i>_``. ``skipped``:
    the series too short to train, which predict names so."""
    shared = (MANIFEST_DIGEST, "data", "lstmcast_version", "metrics")
    slim = [{k: v for k, v in part.items() if k not in shared} for part in parts]
    for part, whole in zip(slim, parts, strict=True):  # (each series' calendar, as a panel's)
        part["series"][0].update(exchange_of(map(tuple, whole["data"]["holidays"])))
    manifest = json_safe({
        "lstmcast_version": __version__,
        "data": _data(panel, settings),
        "settings": settings.to_dict(),
        "per_series": True,
        "series": [part["series"][0] for part in slim],
        "training": {"per_series": True, "series": len(slim),
                     "members": sum(int(p["training"]["members"]) for p in slim),
                     **{key: [h for p in slim for h in p["training"].get(key, [])]
                        for key in ("hedged", "worse_on_test")},
                     "fitted_until": max(p["training"]["fitted_until"] for p in slim),
                     "skipped_short": list(skipped)},
        "metrics": metrics,
        "parts": slim,
    })
    manifest[MANIFEST_DIGEST] = manifest_digest(manifest)
    return manifest


def network(model: LSTMForecaster) -> dict:
    """The architecture of a network, as the manifest stores it."""
    return {"input_size": model.input_size, "hidden_size": model.hidden_size,
            "num_layers": model.num_layers, "output_size": model.output_size,
            "dtype": model.dtype.name, "skip_steps": model.skip_steps}


def build_network(net: dict) -> LSTMForecaster:
    """An untrained network of the architecture ``net`` (see ``network``)."""
    return LSTMForecaster(int(net["input_size"]), int(net["hidden_size"]),
                          int(net["num_layers"]), int(net["output_size"]),
                          dtype=str(net["dtype"]), skip_steps=int(net["skip_steps"]))


def manifest_digest(manifest: dict) -> str:
    """sha256 of the manifest's canonical JSON, without the digest itself: the model file's
    array checksums do not cover the settings, scalers and dates, so this does."""
    body = {key: value for key, value in manifest.items() if key != MANIFEST_DIGEST}
    text = json.dumps(body, sort_keys=True, allow_nan=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_path_arrays(panel: Panel, origins: np.ndarray, forecasts: np.ndarray) -> dict:
    """The TEST_PATHS arrays of (N, K) ``forecasts`` from the rows ``origins`` of ``panel``."""
    series = np.searchsorted(panel.indptr, origins, side="right") - 1
    return dict(zip(TEST_PATHS, (panel.time[origins].asi8, series.astype(np.int64),
                                 np.asarray(forecasts, dtype=np.float64)), strict=True))


def test_path_frame(bundle: Bundle, panel: Panel) -> pd.DataFrame | None:
    """The model's test-period forecasts (from before its refit: out of sample) against the
    actuals of ``panel``: columns series, origin, time, actual, forecast; None in a model file
    without them."""
    position = {sid: i for i, sid in enumerate(panel.ids)}
    frames = [_paths_frame(part, panel, position) for part in (bundle.parts or [bundle])]
    frames = [f for f in frames if f is not None]
    return pd.concat(frames, ignore_index=True) if frames else None


def _paths_frame(bundle: Bundle, panel: Panel, position: dict) -> pd.DataFrame | None:
    """``test_path_frame`` of one model (``position``: each series' index in ``panel``)."""
    paths = bundle.test_paths
    if paths is None:
        return None
    K = paths["test_forecasts"].shape[1]
    parts = []
    for origin_ns, s, values in zip(*(paths[name] for name in TEST_PATHS), strict=True):
        i = position.get(bundle.series_ids[int(s)])
        if i is None:
            continue
        times = panel.time[panel.indptr[i] : panel.indptr[i + 1]]
        at = int(times.searchsorted(pd.Timestamp(int(origin_ns))))
        if at >= len(times) or times[at].value != origin_ns:
            continue
        rows = slice(panel.indptr[i] + at + 1, min(panel.indptr[i] + at + 1 + K,
                                                   panel.indptr[i + 1]))
        n = rows.stop - rows.start
        parts.append(pd.DataFrame({"series": panel.ids[i], "origin": times[at],
                                   "time": panel.time[rows], "actual": panel.target[rows],
                                   "forecast": values[:n]}))
    return pd.concat(parts, ignore_index=True) if parts else None


def bundle_arrays(models: list[LSTMForecaster], calibration: np.ndarray,
                  test_paths: dict | None = None) -> dict:
    """The arrays of a model file: the members' weights, the interval calibration (its
    origins with a finite error at some step; UNMEASURED at the others) and the test period's
    forecasts."""
    arrays = {f"theta_{k}": m.theta for k, m in enumerate(models)}
    measured = calibration[np.isfinite(calibration).any(axis=1)]
    arrays[CALIBRATION] = np.where(np.isfinite(measured), measured, UNMEASURED)
    if test_paths is not None:
        keep = np.isfinite(test_paths["test_forecasts"]).all(axis=1)
        arrays.update({name: test_paths[name][keep] for name in TEST_PATHS})
    return arrays


def save_bundle(path: str, models: list[LSTMForecaster], manifest: dict,
                calibration: np.ndarray, test_paths: dict | None = None) -> None:
    save_model(path, bundle_arrays(models, calibration, test_paths), manifest)


# The bases whose definition format 15 changed (the seasons' deviations about their local
# trends): a model file older than it of those bases is refused, as its forecasts would change
PROFILED_SINCE = 15
PROFILED_BASES = frozenset({"seasonal_mean", "seasonal_trend", "seasonal_last", "weekly_mean",
                            "weekly_trend", "weekly_last", "seasonal_blend"})


def load_bundle(path: str) -> Bundle:
    """Read a model file and rebuild the network, settings and per-series state;
    ModelFileError when it does not hold together."""
    arrays, manifest, version = load_model(path, with_version=True)
    if manifest.get(MANIFEST_DIGEST) != manifest_digest(manifest):
        raise ModelFileError(f"{path}: the model manifest does not match its checksum (edited or "
                             "damaged); retrain the model")
    if not all(map(a_rule, rules_in(manifest))):
        raise ModelFileError(f"{path}: the model file's holidays hold a rule this version does "
                             "not write; retrain the model")
    bundle = bundle_from(manifest, arrays, path)
    bundle.format_version = version
    if version < PROFILED_SINCE and {s.base for s in bundle.states} & PROFILED_BASES:
        raise ModelFileError(f"{path}: a model of format {version} bases its series on the mean "
                             "of their seasons as lstmcast did before format 15 (each season's "
                             "shape about its mean, now about its local trend), so its forecasts "
                             "would change; retrain the model")
    return bundle


def bundle_from(manifest: dict, arrays: dict[str, np.ndarray], path: str = "model") -> Bundle:
    """The bundle of a manifest and its arrays, as a model file holds them (``path`` names
    it in errors); what ``load_bundle`` returns, without the file."""
    if manifest.get("per_series"):
        return _per_series_bundle(manifest, arrays, path)
    for key in ("data", "settings", "recipe", "network", "series", "training"):
        _field(manifest, path, key)
    try:
        settings = Settings.from_dict(manifest["settings"], f"{path}: settings")
        recipe = Recipe(**{k: int(v) for k, v in manifest["recipe"].items()})
        states = [SeriesState.from_dict(entry) for entry in manifest["series"]]
        ids = [str(entry["id"]) for entry in manifest["series"]]
        members = int(manifest["training"]["members"])
        models = [build_network(manifest["network"]) for _ in range(members)]
    except (KeyError, TypeError, ValueError, InputError) as err:
        text = err.describe(()) if isinstance(err, InputError) else repr(err)
        raise ModelFileError(f"{path}: model manifest has an invalid network, settings or "
                             f"series description ({text}); retrain the model") from None
    if not states or not models:
        raise ModelFileError(f"{path}: the model file describes no series or no network; "
                             "retrain the model")
    for k, model in enumerate(models):
        theta = arrays.get(f"theta_{k}")
        if theta is None or theta.shape != model.theta.shape or theta.dtype != model.theta.dtype:
            got = "none" if theta is None else f"{theta.dtype}{list(theta.shape)}"
            raise ModelFileError(f"{path}: weights theta_{k} ({got}) do not match the network "
                                 f"in the manifest ({model.theta.dtype}[{model.theta.size}]); "
                                 "retrain the model")
        model.set_params(theta)
    calibration = arrays.get(CALIBRATION)
    if calibration is not None:
        calibration = np.where(calibration == UNMEASURED, np.nan, calibration)
    K = recipe.horizon
    if calibration is not None and (calibration.ndim != 2 or calibration.shape[1] != K):
        raise ModelFileError(f"{path}: the interval calibration has shape {calibration.shape}, "
                             f"not (n, {K}); retrain the model")
    paths = {name: arrays[name] for name in TEST_PATHS if name in arrays}
    return Bundle(models, settings, recipe, states, ids, manifest, calibration,
                  paths if len(paths) == len(TEST_PATHS) else None)


def _per_series_bundle(manifest: dict, arrays: dict[str, np.ndarray], path: str) -> Bundle:
    """A bundle of one model per series: ``parts`` hold each series' own bundle."""
    parts = []
    for i, part in enumerate(_field(manifest, path, "parts")):
        prefix = f"s{i}_"
        mine = {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}
        data = dict(_field(manifest, path, "data"))
        data["last_timestamp"] = part["series"][0].get("last", data["last_timestamp"])
        full = {**part, "data": data, "lstmcast_version": manifest.get("lstmcast_version")}
        parts.append(bundle_from(full, mine, f"{path} (series {i})"))
    if not parts:
        raise ModelFileError(f"{path}: the model file holds no per-series model; retrain")
    first = parts[0]
    return Bundle([], first.settings, first.recipe, [p.states[0] for p in parts],
                  [p.series_ids[0] for p in parts], manifest, parts=parts)


def _field(manifest: dict, path: str, *keys):
    value = manifest
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            raise ModelFileError(f"{path}: model manifest lacks '{'.'.join(keys)}'; the file is "
                                 "damaged or not from lstmcast train; retrain the model")
        value = value[key]
    return value


def check_not_replacing(path: str, model: bool) -> None:
    """Refuse, before any work, to write a model over a file that is none (``train --out
    notes.csv``), or anything else over a model (``predict data.csv -o model.lstmcast``, typed
    for ``-m``, left text where the model was); a file named as a model is retrained onto,
    damaged or not."""
    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        return  # nothing to lose: absent, empty, /dev/null, a pipe
    named = os.path.realpath(path).lower().endswith(".lstmcast")  # (a link's target's name)
    if model and not named and not holds_a_model(path):
        raise InputError(f"cannot write {path}: it is a file of another kind, which the model "
                         "would replace; give --out another path, or delete the file first")
    if not model and holds_a_model(path):
        raise InputError(f"cannot write {path}: it is an lstmcast model file, which this output "
                         "would replace; give another path (a model to read goes with --model)")
