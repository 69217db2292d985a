"""Forecasts as text that other programs read: CSV (``[id,]time,forecast``) or JSON."""

from __future__ import annotations

import csv
import io
import json

from .calendar import stamp_format
from .config import FORMATS
from .errors import InputError
from .forecast import Forecast


def render(fc: Forecast, fmt: str = "csv") -> str:
    """The forecast as CSV or as a JSON document; a panel's rows carry their series id."""
    # Bare years stay bare years; every other time is written in ISO form.
    stamp = "%Y" if fc.date_format == "%Y" else stamp_format([fc.as_of, *fc.times])
    times = [t.strftime(stamp) for t in fc.times]
    values = [float(v) for v in fc.values]
    keyed = fc.id_col is not None
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
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
