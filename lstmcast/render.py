"""Forecasts as text that other programs read: CSV (time column, ``forecast``) or JSON."""

from __future__ import annotations

import csv
import io
import json

from .calendar import stamp_format
from .config import FORMATS
from .errors import InputError
from .forecast import Forecast


def render(fc: Forecast, fmt: str = "csv") -> str:
    """The forecast as CSV or as a JSON document."""
    stamp = stamp_format([fc.as_of, *fc.times])
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
