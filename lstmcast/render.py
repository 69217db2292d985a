"""Forecasts as text that other programs read: CSV (``[id,]time,forecast[,lo_80,hi_80,...]``)
or JSON."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np

from .calendar import stamp_writer
from .config import FORMATS
from .errors import InputError
from .forecast import Forecast
from .panel import output_label
from .zones import data_writer, zoned_writer

EXTRA_DECIMALS = 2  # forecasts carry the data's own decimals plus these
MIN_SIGNIFICANT = 6  # ...but never fewer significant digits (values like 1.65e-05)
DATA_SIGNIFICANT = 12  # a value read from the data: its digits, not a float's noise


def time_label(column: str) -> str:
    """The time column's name in outputs ("time" for a header cell left empty)."""
    return output_label(column, "time")


def _round(value: float, decimals: int, significant: int = MIN_SIGNIFICANT) -> float:
    """``value`` to ``decimals`` places, or to ``significant`` digits if more (0: exactly
    ``decimals`` places)."""
    if not math.isfinite(value):
        return value
    if value == 0 or not significant:
        return round(value, decimals)
    keep = significant - 1 - math.floor(math.log10(abs(value)))
    return round(value, max(decimals, keep))


def rounded(values, decimals, significant: int = MIN_SIGNIFICANT) -> list[float]:
    """``_round`` of every value (``decimals``: one number, or one per value; at least
    ``significant`` digits, 0 for exactly ``decimals``), at numpy's speed (a panel's forecast
    has millions of them).
    numpy scales, rounds and scales back; that equals Python's correctly rounded ``round``
    except where the scaled value lies within rounding error of a half or beyond 2**52, or the
    power of ten is not exact: those few values go through ``_round`` itself."""
    v = np.asarray(values, dtype=np.float64)
    if decimals is None:
        return v.tolist()
    out = v.copy()
    regular = np.isfinite(v) & (v != 0)
    keep = (significant - 1 - np.floor(np.log10(np.abs(np.where(regular, v, 1.0))))
            if significant else np.full(v.shape, -np.inf))
    places = np.maximum(decimals, keep).astype(np.int64)
    with np.errstate(invalid="ignore", over="ignore"):  # inf, NaN, huge: left to _round
        scaled = v * 10.0 ** np.clip(places, -22, 22)  # within |scaled| * 2**-53 of exact
        near_half = np.abs(scaled - np.floor(scaled) - 0.5) <= 1e-9 + np.abs(scaled) * 1e-15
    exact = regular & (np.abs(places) <= 15) & (np.abs(scaled) < 2.0**52) & ~near_half
    for p in np.unique(places[exact]):
        at = exact & (places == p)
        out[at] = np.round(v[at], int(p))
    each = np.broadcast_to(decimals, v.shape)
    for i in np.flatnonzero(regular & ~exact):
        out[i] = _round(float(v[i]), int(each[i]), significant)
    return (out + 0.0).tolist()  # -0.0, a small negative rounded away, is 0.0


def written(value: float, places: int | None = None) -> str:
    """A value as a CSV cell: in plain digits, never in scientific notation, which a
    spreadsheet in some locales reads as text ('4.03028e-05' is 0.0000403028); with
    ``places``, exactly so many decimals."""
    if not math.isfinite(value):
        return repr(value)
    if places is not None:
        return f"{value:.{places}f}"
    shortest = repr(float(value))  # (twice as fast as NumPy's; the same digits without 'e')
    return shortest if "e" not in shortest else np.format_float_positional(value, trim="0")


def render(fc: Forecast, fmt: str = "csv", decimals: int | None = None,
           header: bool = True) -> str:
    """The forecast as CSV or as a JSON document; a panel's rows carry their series id.

    Values are rounded to ``decimals`` (default: the data's own decimals plus two, a float32
    network having no more to say, keeping MIN_SIGNIFICANT digits: values like 1.65e-05);
    ``header=False`` leaves out the CSV header, for appending.
    """
    write = stamp_writer([fc.as_of, *fc.times], fc.date_format)
    if fc.zone is not None:  # real times, with their offsets, as the data wrote them
        write = zoned_writer(fc.zone, fc.date_format)
    # Each distinct time written once: a panel's series share most of their future times
    # (the second of a time an autumn change repeats is another: its offset is the winter's)
    fold, keys = fc.fold, fc.times.asi8
    if fold is not None:
        keys = np.stack([keys, fold])
    _, first, at = np.unique(keys, return_index=True, return_inverse=True,
                             axis=None if fold is None else 1)
    times = np.array([write(fc.times[i], fold=True) if fold is not None and fold[i] else
                      write(fc.times[i]) for i in first], dtype=object)[at.reshape(-1)].tolist()
    significant = MIN_SIGNIFICANT if decimals is None else 0  # --decimals N: N exactly
    if decimals is None:
        decimals = _decimals_of_rows(fc.ids, fc.series_decimals, fc.decimals)
    columns = {"forecast": rounded(fc.values, decimals, significant)}
    for v, level in enumerate(fc.levels):
        columns[f"lo_{level:g}"] = rounded(fc.lower[v], decimals, significant)
        columns[f"hi_{level:g}"] = rounded(fc.upper[v], decimals, significant)
    if not significant and decimals == 0:  # --decimals 0 (one number): whole numbers
        columns = {k: [int(x) if math.isfinite(x) else x for x in col]
                   for k, col in columns.items()}
    keyed, id_col = fc.id_col is not None, output_label(fc.id_col or "")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        if header:
            writer.writerow([*([id_col] if keyed else []), time_label(fc.time_col), *columns])
        places = None if significant else decimals  # --decimals N: N written, zeros too
        for i, t in enumerate(times):
            writer.writerow([*([fc.ids[i]] if keyed else []), t,
                             *(written(col[i], places) for col in columns.values())])
        return buf.getvalue()
    if fmt == "json":
        rows = [{**({id_col: fc.ids[i]} if keyed else {}), time_label(fc.time_col): t,
                 **{name: col[i] for name, col in columns.items()}}
                for i, t in enumerate(times)]
        doc = {"target": fc.target, "time_col": time_label(fc.time_col),
               "as_of": write(fc.as_of),  # the latest origin; a panel's each below
               **({"id_col": id_col} if keyed else {}),
               **({"origins": {sid: write(t) for sid, t in fc.origins.items()}}
                  if keyed and fc.origins else {}), "forecasts": rows}
        try:
            return json.dumps(doc, indent=2, allow_nan=False) + "\n"
        except ValueError:  # a value that is no number: null, as JSON has no NaN
            from .persist import json_safe

            return json.dumps(json_safe(doc), indent=2) + "\n"
    raise InputError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")


def backtest_frame(table, panel):
    """The backtest's rows with the data's own column names: [id,]cutoff,time,actual,forecast,
    naive[,seasonal_naive][,lo_80,hi_80,...]."""
    id_col = panel.output_id_col
    frame = table.drop(columns=["step"]).rename(columns={"time": time_label(panel.time_col)})
    if id_col is None:
        return frame.drop(columns=["series"])
    return frame.rename(columns={"series": id_col})


def _decimals_of_rows(ids: list, per_series: dict | None, decimals: int | None):
    """Each row's decimals: its series' own (a panel's), else the file's, plus EXTRA_DECIMALS;
    None when the data had none to say."""
    if per_series and ids:
        return np.array([per_series.get(sid, decimals or 0) for sid in ids]) + EXTRA_DECIMALS
    return None if decimals is None else decimals + EXTRA_DECIMALS


def render_backtest(frame, panel, fmt: str = "csv", decimals: int | None = None) -> str:
    """``backtest_frame`` as CSV or as a JSON document (its rows under "forecasts", as
    ``render``'s), times as the data writes them, values rounded as forecasts."""
    if decimals is None:
        decimals = _decimals_of_rows(frame[frame.columns[0]].tolist() if panel.output_id_col
                                     else [], panel.series_decimals, panel.decimals)
    time_col = time_label(panel.time_col)
    times = [*frame["cutoff"], *frame[time_col]]
    written_as = panel.date_format
    write = data_writer(panel.zone, written_as, times)
    stamps = {t: write(t) for t in dict.fromkeys(times)}  # each distinct time once
    out = frame.copy()
    for col in ("cutoff", time_col):
        out[col] = [stamps[t] for t in out[col]]
    for col in out.columns[out.columns.get_loc("actual"):]:
        # the data's own values (the naive forecasts repeat them) as the file wrote them
        # ('508.1234' among whole numbers), the forecasts rounded
        digits = DATA_SIGNIFICANT if col in ("actual", "naive", "seasonal_naive") else \
            MIN_SIGNIFICANT
        values = rounded(out[col].to_numpy(), decimals, digits)
        out[col] = ([v if math.isfinite(v) else None for v in values] if fmt == "json" else
                    [written(v) if math.isfinite(v) else "" for v in values])  # a filled gap
    if fmt == "csv":
        return out.to_csv(index=False, lineterminator="\n")
    if fmt == "json":  # (None: JSON's null, no actual where the loader filled a gap)
        id_col = panel.output_id_col
        doc = {"target": panel.value_label, "time_col": time_col,
               **({"id_col": id_col} if id_col else {}),
               "forecasts": out.astype(object).where(out.notna(), None).to_dict("records")}
        return json.dumps(doc, indent=2, allow_nan=False) + "\n"
    raise InputError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")


def forecast_frame(fc: Forecast):
    """The forecast as a DataFrame: [id,]time,forecast[,lo_80,hi_80,...] (times as stamps)."""
    import pandas as pd

    frame = pd.DataFrame({fc.time_col: fc.times, "forecast": fc.values})
    for v, level in enumerate(fc.levels):
        frame[f"lo_{level:g}"] = fc.lower[v]
        frame[f"hi_{level:g}"] = fc.upper[v]
    if fc.id_col is not None:
        frame.insert(0, output_label(fc.id_col), fc.ids)
    return frame
