"""Small adapters the tests share: load a file as a panel with keyword settings, change a
panel's values, train a panel with keyword settings, the error a lock left unheld by Ctrl-C
raises."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from lstmcast.config import DataSpec, Settings
from lstmcast.data import load_panel
from lstmcast.train import train_panel


def load_series(path, **spec):
    """``load_panel`` with the data settings as keywords (features may be a tuple or a str)."""
    if isinstance(spec.get("features"), str):
        spec["features"] = (spec["features"],)
    return load_panel(path, DataSpec(**spec))


def with_values(panel, values):
    """The panel with (n, 1 + F) ``values``: the target, then the features."""
    values = np.asarray(values, dtype=np.float64)
    return replace(panel, target=values[:, 0].copy(), features=values[:, 1:].copy())


def train_series(panel, spec: DataSpec | None = None, **settings):
    """Train on ``panel`` with keyword settings; returns (model, manifest, metrics, notes)."""
    chosen = Settings.build(**settings)
    if spec is not None:
        chosen = replace(chosen, data=spec)
    result = train_panel(panel, chosen)
    return result.model, result.manifest, result.metrics, result.notes


def state_of(manifest: dict, i: int = 0) -> dict:
    """The per-series preprocessing state stored in a manifest (without the series' last
    value and move, records of the data that predict checks fresh data against)."""
    return {k: v for k, v in manifest["series"][i].items()
            if k not in ("last_value", "last_values", "last_move", "scale")}


def lock_left_unheld_by_an_interrupt(*args, **kwargs):
    """What ``Future.result()`` raises when Ctrl-C lands inside ``Condition.wait`` between its
    release of the lock and its ``try`` (seen in CI): the ``with`` around it fails to release."""
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt:
        raise RuntimeError("cannot release un-acquired lock")  # noqa: B904 (as the with's __exit__)

