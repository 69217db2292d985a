"""Forecasts as text that other programs read: CSV (``[id,]time,forecast``) or JSON."""

from __future__ import annotations

import csv
import io
import json
import math

from .calendar import stamp_format
from .config import FORMATS
from .errors import InputError
from .forecast import Forecast

EXTRA_DECIMALS = 2  # forecasts carry the data's own decimals plus these
MIN_SIGNIFICANT = 6  # ...but never fewer significant digits (values like 1.65e-05)


def _round(value: float, decimals: int) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    keep = MIN_SIGNIFICANT - 1 - math.floor(math.log10(abs(value)))
    return round(value, max(decimals, keep))


def render(fc: Forecast, fmt: str = "csv", decimals: int | None = None,
           header: bool = True) -> str:
    """The forecast as CSV or as a JSON document; a panel's rows carry their series id.

    Values are rounded to ``decimals`` (default: the data's own decimals plus two; a float32
    network has no more to say); ``header=False`` leaves out the CSV header, for appending.
    """
    # Bare years stay bare years; every other time is written in ISO form.
    stamp = "%Y" if fc.date_format == "%Y" else stamp_format([fc.as_of, *fc.times])
    times = [t.strftime(stamp) for t in fc.times]
    if decimals is None and fc.decimals is not None:
        decimals = fc.decimals + EXTRA_DECIMALS
    values = [float(v) if decimals is None else _round(float(v), decimals) for v in fc.values]
    keyed = fc.id_col is not None
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        if header:
            writer.writerow([*([fc.id_col] if keyed else []), fc.time_col, "forecast"])
        for i, (t, v) in enumerate(zip(times, values, strict=True)):
            writer.writerow([*([fc.ids[i]] if keyed else []), t, repr(v)])
        return buf.getvalue()
    if fmt == "json":
        rows = [{**({fc.id_col: fc.ids[i]} if keyed else {}), fc.time_col: t, "forecast": v}
                for i, (t, v) in enumerate(zip(times, values, strict=True))]
        doc = {"target": fc.target, "time_col": fc.time_col, "as_of": fc.as_of.strftime(stamp),
               **({"id_col": fc.id_col} if keyed else {}), "forecasts": rows}
        return json.dumps(doc, indent=2) + "\n"
    raise InputError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
