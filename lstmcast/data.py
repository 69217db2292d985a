"""CSV in, a clean regular series out: read, pick columns, parse dates, sort, infer frequency, fill.

Everything a user can get wrong in their file becomes one :class:`InputError` line that names the
file and the column and says what to do; everything the loader decided on its own becomes a line in
``LoadedSeries.notes`` so the user can see it on stderr.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset

from lstmcast.errors import InputError

__all__ = ["LoadedSeries", "load_series", "future_timestamps", "file_fingerprint"]

FILL_METHODS = ("ffill", "interpolate", "none")
DUPLICATE_POLICIES = ("error", "last", "mean")

_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
# Cells read as missing values (case-insensitive). Anything else that is not a number is an error.
_MISSING_TOKENS = frozenset({"", "nan", "na", "null", "."})
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_TZ_SUFFIX = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_TIME_NAME_WORDS = ("date", "time", "timestamp", "datetime", "month", "day", "period", "year")
# Target names by preference: the first keyword that matches a numeric column wins.
_TARGET_KEYWORDS = (
    "adj close", "adjusted close", "close", "closing price", "price", "value", "last",
)

# Explicit formats tried on the time column; each kept only if it parses every value.
_DATE_FORMATS = (
    "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f",
    "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d", "%Y-%m", "%Y/%m", "%Y%m%d",
    "%d-%m-%y", "%m-%d-%y", "%d-%m-%Y", "%m-%d-%Y",
    "%d/%m/%Y", "%m/%d/%Y", "%d/%m/%y", "%m/%d/%y",
    "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S",
    "%d.%m.%Y", "%d.%m.%y", "%d.%m.%Y %H:%M",
    "%d-%b-%Y", "%d-%b-%y", "%d %b %Y", "%b %d, %Y", "%b %d %Y", "%d %B %Y", "%B %d, %Y",
    "%b-%y", "%b %Y", "%Y-%b", "%B %Y",
)
_YEAR_ONLY = "%Y"  # only for columns named like a date: plain integers are not dates otherwise
_ISO = "ISO8601"

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


@dataclass(frozen=True)
class LoadedSeries:
    """A regular, sorted, gap-filled series read from one CSV file."""

    path: str
    time_col: str  # name as in the file header
    target_col: str
    feature_cols: tuple[str, ...]
    time: pd.DatetimeIndex  # sorted ascending, unique, length n
    values: np.ndarray  # (n, 1 + len(feature_cols)) float64; column 0 = target; all finite
    freq: str  # pandas offset alias that continues the series ("D", "B", "h", "MS", ...)
    freq_label: str  # for people: "daily", "business days", "hourly", ...
    date_format: str | None  # format that parsed the time column, to reuse on a later file
    notes: tuple[str, ...]  # one-line messages for stderr about what the loader decided


# --------------------------------------------------------------------------------------------
# public functions


def load_series(
    path,
    *,
    time_col: str | None = None,
    target: str | None = None,
    features: Sequence[str] = (),
    date_format: str | None = None,
    fill: str = "ffill",
    duplicates: str = "error",
) -> LoadedSeries:
    """Read ``path`` and return its target (and feature) columns as a clean regular series.

    Example: ``load_series("sp500.csv", target="Close").freq == "B"``.
    """
    name = os.fspath(path)
    if fill not in FILL_METHODS:
        raise InputError(f"unknown fill method {fill!r}; use one of {', '.join(FILL_METHODS)}")
    if duplicates not in DUPLICATE_POLICIES:
        raise InputError(
            f"unknown duplicates policy {duplicates!r}; use one of {', '.join(DUPLICATE_POLICIES)}"
        )
    if isinstance(features, str):
        features = (features,)
    notes: list[str] = []

    frame = _read_table(name, notes)
    columns = [str(c) for c in frame.columns]

    # time column
    if time_col is not None:
        tcol = _match_column(name, columns, time_col, "time column", "--time-col")
        times, fmt, why = _parse_time_column(name, tcol, frame[tcol], date_format)
        notes.append(f"time column: {tcol!r} ({why})")
    else:
        tcol, times, fmt, why = _detect_time_column(name, frame, columns, date_format)
        notes.append(f"time column: {tcol!r} ({why})")
    if times.tz is not None:
        times = times.tz_convert("UTC").tz_localize(None)
        notes.append("time zone: timestamps converted to UTC and the zone dropped")

    # target and features
    others = [c for c in columns if c != tcol]
    converted: dict[str, np.ndarray] = {}
    numeric_like = [c for c in others if _looks_numeric(frame[c])]
    if target is not None:
        tgt = _match_column(name, others, target, "target column", "--target",
                            listing=numeric_like or others)
        notes.append(f"target: {tgt!r}")
    else:
        tgt, why = _detect_target(name, frame, others, numeric_like)
        notes.append(f"target: {tgt!r} ({why})")
    feats: list[str] = []
    for f in features:
        col = _match_column(name, others, f, "feature column", "--features",
                            listing=numeric_like or others)
        if col == tgt or col in feats:
            raise InputError(
                f"{name}: column {col!r} is given twice (as target or feature); "
                "list each column once"
            )
        feats.append(col)
    for col in [tgt, *feats]:
        converted[col] = _to_numbers(name, col, frame[col])
    if np.isnan(converted[tgt]).all():
        raise InputError(
            f"{name}: target column {tgt!r} has no values (all {len(frame)} rows are empty); "
            "pick another column with --target"
        )
    for col in feats:
        if np.isnan(converted[col]).all():
            raise InputError(
                f"{name}: feature column {col!r} has no values (all rows are empty); "
                "drop it from --features"
            )
    used = [tgt, *feats]
    data = pd.DataFrame({c: converted[c] for c in used}, index=pd.DatetimeIndex(times))

    data = _sort(data, notes)
    data = _deduplicate(name, data, duplicates, notes)
    if len(data) < 2:
        raise InputError(
            f"{name}: only {len(data)} distinct timestamp(s) in column {tcol!r}; "
            "a series needs at least 2 rows"
        )
    freq, label, grid = _infer_frequency(name, tcol, data.index)
    data = _regularise(data, freq, label, grid, notes)
    data = _drop_leading(name, data, tgt, notes)
    data = _fill(name, data, fill, notes)

    values = np.ascontiguousarray(data.to_numpy(dtype=np.float64))
    if values.shape[0] < 2:
        raise InputError(f"{name}: fewer than 2 usable rows remain; the series is too short")
    index = pd.DatetimeIndex(data.index, freq=None)
    return LoadedSeries(
        path=name, time_col=tcol, target_col=tgt, feature_cols=tuple(feats), time=index,
        values=values, freq=freq, freq_label=label, date_format=fmt, notes=tuple(notes),
    )


def future_timestamps(last: pd.Timestamp, freq: str, n: int) -> pd.DatetimeIndex:
    """The ``n`` timestamps after ``last`` that continue ``freq`` ("B" skips weekends)."""
    try:
        offset = to_offset(freq)
    except (ValueError, TypeError) as exc:
        raise InputError(f"unknown frequency {freq!r}; use a pandas alias such as D, B, h, MS") \
            from exc
    if int(n) < 0:
        raise InputError(f"cannot make {n} future timestamps; the horizon must be 0 or more")
    last = pd.Timestamp(last)
    if int(n) == 0:
        return pd.DatetimeIndex([], dtype=f"datetime64[{last.unit}]", tz=last.tz)
    return pd.date_range(start=last + offset, periods=int(n), freq=offset)


def file_fingerprint(path) -> str | None:
    """``"sha256:<hex>"`` of the file's bytes, to tell whether a file changed; None for a pipe
    (its bytes are gone once read, and opening it again would wait for a writer forever)."""
    name = os.fspath(path)
    digest = hashlib.sha256()
    try:
        if stat.S_ISFIFO(os.stat(name).st_mode):
            return None
        with open(name, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError as exc:
        raise InputError(f"{name}: file not found; check the path") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory, not a CSV file; give the path of a file") \
            from exc
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied; make the file readable") from exc
    return "sha256:" + digest.hexdigest()


# --------------------------------------------------------------------------------------------
# reading


def _read_table(name: str, notes: list[str]) -> pd.DataFrame:
    """Read the file into a DataFrame of strings, one column per header field."""
    p = Path(name)
    if not p.exists():
        raise InputError(f"{name}: file not found; check the path")
    if p.is_dir():
        raise InputError(f"{name}: is a directory, not a CSV file; give the path of a file")
    try:
        raw = p.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied; make the file readable") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read the file ({exc.strerror}); check the path") \
            from exc
    if not raw:
        raise InputError(f"{name}: the file is empty (0 bytes); give a CSV with a header and rows")
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(
                f"{name}: looks gzip-compressed but cannot be decompressed ({exc}); "
                "re-compress it or pass the plain CSV"
            ) from exc
        notes.append("file is gzip-compressed; decompressed it")
        if not raw:
            raise InputError(f"{name}: the compressed file is empty; give a CSV with rows")
    if raw[:4] == b"PK\x03\x04":
        raise InputError(f"{name}: is a zip archive, not a CSV; unzip it and pass the CSV inside")
    text = _decode(name, raw, notes)
    stripped = text.strip()
    if not stripped:
        raise InputError(
            f"{name}: the file has only blank lines; give a CSV with a header and rows"
        )
    if stripped[0] in "{[":
        try:
            json.loads(stripped)
        except ValueError:
            pass
        else:
            raise InputError(f"{name}: is a JSON document, not a CSV; export the data as CSV")
    if stripped[0] == "<":
        raise InputError(f"{name}: looks like HTML/XML, not a CSV; download the CSV itself")

    delimiter = _detect_delimiter(name, text)
    if delimiter != ",":
        notes.append(f"delimiter: {_DELIMITER_NAMES[delimiter]}")
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
            skip_blank_lines=False, engine="c",
        )
    except pd.errors.EmptyDataError as exc:
        raise InputError(f"{name}: no header found; give a CSV with a header and rows") from exc
    except pd.errors.ParserError as exc:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if match:
            want, line, saw = match.groups()
            raise InputError(
                f"{name}: line {line} has {saw} fields but the header has {want}; "
                "fix that line (a stray delimiter or quote?)"
            ) from exc
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{name}: cannot parse as CSV ({first}); check quoting and delimiters") \
            from exc
    except (ValueError, UnicodeError) as exc:
        raise InputError(f"{name}: cannot parse as CSV ({exc}); check the file format") from exc
    # blank lines are rows of NaN here; drop them but keep the index (= line number - 2)
    frame = frame.fillna("")
    blank = (frame == "").all(axis=1)
    frame = frame[~blank]
    if frame.empty:
        raise InputError(f"{name}: has a header but no data rows; add rows below the header")
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _decode(name: str, raw: bytes, notes: list[str]) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is an error."""
    if raw[:3] == b"\xef\xbb\xbf":
        encoding = "utf-8-sig"
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
        notes.append("encoding: UTF-16")
    else:
        sample = raw[:4096]
        if b"\x00" in sample:
            # UTF-16 without a BOM puts a NUL next to every ASCII character
            even, odd = sample[0::2].count(0), sample[1::2].count(0)
            half = len(sample) // 2
            if odd > 0.4 * half and even == 0:
                encoding = "utf-16-le"
            elif even > 0.4 * half and odd == 0:
                encoding = "utf-16-be"
            else:
                raise InputError(
                    f"{name}: is a binary file (it contains NUL bytes), not a CSV; "
                    "export the data as CSV text"
                )
            notes.append(f"encoding: {encoding.upper()} (no byte-order mark)")
        else:
            encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = raw[exc.start:exc.start + 1].hex()
        raise InputError(
            f"{name}: is not valid {encoding.upper().replace('-SIG', '')} text (byte 0x{bad} at "
            f"offset {exc.start}); re-save the file as UTF-8"
        ) from exc
    if "\x00" in text:
        raise InputError(
            f"{name}: is a binary file (it contains NUL characters), not a CSV; "
            "export the data as CSV text"
        )
    return text


def _detect_delimiter(name: str, text: str) -> str:
    """Pick the delimiter that splits the header and the first lines into the same >= 2 fields."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best: tuple[float, int, int] | None = None
    choice = None
    for rank, delim in enumerate(_DELIMITERS):
        try:
            rows = list(csv.reader(lines, delimiter=delim))
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        body = rows[1:] or rows[:1]
        agree = sum(len(r) == width for r in body) / len(body)
        score = (agree, width, -rank)
        if best is None or score > best:
            best, choice = score, delim
    if choice is None or (best is not None and best[0] < 0.5):
        header = lines[0][:60] if lines else ""
        raise InputError(
            f"{name}: does not look like a CSV table (the header {header!r} has a single column); "
            "a time column and a value column are needed, separated by ',' ';' tab or '|'"
        )
    return choice


# --------------------------------------------------------------------------------------------
# columns


def _norm(text: str) -> str:
    """Lower case, punctuation to spaces: 'Closing Price (USD)' -> 'closing price usd'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text).lower()).split())


def _match_column(name: str, columns: Sequence[str], wanted: str, role: str, flag: str,
                  listing: Sequence[str] | None = None) -> str:
    """Find ``wanted`` among ``columns``: exact first, then ignoring case and outer whitespace."""
    if wanted in columns:
        return wanted
    key = str(wanted).strip().casefold()
    hits = [c for c in columns if c.strip().casefold() == key]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise InputError(
            f"{name}: {role} {wanted!r} matches several columns ({', '.join(map(repr, hits))}); "
            f"give the exact name to {flag}"
        )
    shown = listing if listing is not None else columns
    raise InputError(
        f"{name}: no column {wanted!r} for the {role}; available: {_list(shown)}; "
        f"fix the name given to {flag}"
    )


def _list(columns: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(repr(c) for c in list(columns)[:limit])
    more = len(columns) - limit
    return shown + (f" and {more} more" if more > 0 else "") if columns else "(none)"


def _missing_mask(col: pd.Series) -> np.ndarray:
    return col.str.strip().str.lower().isin(_MISSING_TOKENS).to_numpy()


def _numeric_share(col: pd.Series) -> float:
    """Share of the (first 200) non-missing cells of ``col`` that read as numbers; 0 if none."""
    present = col[~_missing_mask(col)]
    if present.empty:
        return 0.0
    sample = present.iloc[:200]
    nums = pd.to_numeric(sample.str.strip().str.replace(",", "", regex=False), errors="coerce")
    return float(nums.notna().mean())


def _looks_numeric(col: pd.Series) -> bool:
    """True when most non-missing cells of ``col`` read as numbers (and there is at least one)."""
    return _numeric_share(col) >= 0.9


def _detect_target(name: str, frame: pd.DataFrame, others: Sequence[str],
                   numeric_like: Sequence[str]) -> tuple[str, str]:
    # an empty column named 'Close' is still the one meant: it fails later with a clear message
    # a 'Close' with a stray text cell is still the one meant: conversion then names the cell
    empty = [c for c in others if _missing_mask(frame[c]).all()]
    partly = [c for c in others if _numeric_share(frame[c]) > 0]
    named = [c for c in others if c in partly or c in empty]
    for keyword in _TARGET_KEYWORDS:
        for col in named:
            if f" {keyword} " in f" {_norm(col)} ":
                return col, f"matched {keyword!r}"
    if len(numeric_like) == 1:
        return numeric_like[0], "the only numeric column"
    if not numeric_like and len(partly) == 1:
        return partly[0], "the only column with numbers"
    if not numeric_like:
        raise InputError(
            f"{name}: no numeric column to forecast among {_list(others)}; "
            "check the delimiter and the values, or pass --target"
        )
    raise InputError(
        f"{name}: cannot tell which column to forecast; numeric columns: {_list(numeric_like)}; "
        "pass --target NAME"
    )


def _to_numbers(name: str, colname: str, col: pd.Series) -> np.ndarray:
    """Strict conversion of one column to float64; NaN for missing cells; errors name the row."""
    text = col.str.strip()
    missing = text.str.lower().isin(_MISSING_TOKENS).to_numpy()
    cleaned = text.mask(missing, "")
    thousands = cleaned.str.match(_THOUSANDS).to_numpy()
    cleaned = cleaned.where(~thousands, cleaned.str.replace(",", "", regex=False))
    present = cleaned[~missing]
    if (
        len(present)
        and present.str.contains(",", regex=False).any()
        and present.str.fullmatch(_DECIMAL_COMMA).all()
    ):
        # decimal comma (1.234,5): only when every value in the column has that shape
        cleaned = cleaned.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    nums = pd.to_numeric(cleaned.mask(missing, None), errors="coerce").to_numpy(dtype=np.float64)
    bad = np.flatnonzero(np.isnan(nums) & ~missing)
    if bad.size:
        i = int(bad[0])
        raise InputError(
            f"{name}: column {colname!r} has text {col.iloc[i]!r} at row {i + 1} "
            f"(line {int(col.index[i]) + 2}); fix the value, or empty the cell to have it "
            "filled (--fill)"
        )
    inf = np.flatnonzero(np.isinf(nums))
    if inf.size:
        i = int(inf[0])
        raise InputError(
            f"{name}: column {colname!r} has an infinite value {col.iloc[i]!r} at row {i + 1} "
            f"(line {int(col.index[i]) + 2}); replace it with a number or an empty cell"
        )
    return nums


# --------------------------------------------------------------------------------------------
# dates


def _try_format(values: pd.Series, fmt: str) -> pd.DatetimeIndex | None:
    """Parse every value with ``fmt`` or return None."""
    try:
        if fmt == _ISO:
            aware = values.str.contains(_TZ_SUFFIX).any()
            parsed = pd.to_datetime(values, format=_ISO, errors="coerce", utc=bool(aware))
        else:
            parsed = pd.to_datetime(values, format=fmt, errors="coerce")
    except (ValueError, TypeError, OverflowError):
        return None
    if parsed.isna().any():
        return None
    return pd.DatetimeIndex(parsed)


def _count_parsed(values: pd.Series, fmt: str) -> int:
    try:
        if fmt == _ISO:
            parsed = pd.to_datetime(values, format=_ISO, errors="coerce", utc=True)
        else:
            parsed = pd.to_datetime(values, format=fmt, errors="coerce")
    except (ValueError, TypeError, OverflowError):
        return 0
    return int(parsed.notna().sum())


def _candidate_formats(named_like_date: bool) -> tuple[str, ...]:
    return (*_DATE_FORMATS, _ISO, *((_YEAR_ONLY,) if named_like_date else ()))


def _regularity(index: pd.DatetimeIndex) -> tuple[int, int, int]:
    """Score for choosing between formats: (monotonic, has a frequency, -missing steps)."""
    asc, desc = index.is_monotonic_increasing, index.is_monotonic_decreasing
    if not (asc or desc):
        return (0, 0, 0)
    uniq = index.unique().sort_values()
    try:
        freq, _, grid = _frequency_of(uniq)
    except _Irregular:
        return (1, 0, 0)
    missing = 0 if freq == "B" else len(grid) - len(uniq)
    return (1, 1, -missing)


def _parse_time_column(name: str, colname: str, col: pd.Series, forced: str | None,
                       named_like_date: bool = True) -> tuple[pd.DatetimeIndex, str, str]:
    """Parse a time column; returns (timestamps in file order, format, note text)."""
    values = col.str.strip()
    empty = np.flatnonzero((values == "").to_numpy())
    if empty.size:
        i = int(empty[0])
        raise InputError(
            f"{name}: time column {colname!r} is empty at row {i + 1} (line {col.index[i] + 2}); "
            "fill in the date or delete the row"
        )
    if forced is not None:
        parsed = _try_format(values, forced)
        if parsed is None:
            _raise_bad_date(name, colname, col, [forced], forced_format=True)
        return _as_ns(name, colname, parsed), forced, f"format {forced}, as given"

    probe = values.iloc[:100]
    candidates = [f for f in _candidate_formats(named_like_date)
                  if _try_format(probe, f) is not None]
    parsed_by: dict[str, pd.DatetimeIndex] = {}
    for fmt in candidates:
        parsed = _try_format(values, fmt)
        if parsed is not None:
            parsed_by[fmt] = parsed
    if not parsed_by:
        _raise_bad_date(name, colname, col, _candidate_formats(named_like_date))
    # formats that give identical timestamps are one reading; keep the first (most explicit)
    readings: list[tuple[str, pd.DatetimeIndex]] = []
    for fmt, parsed in parsed_by.items():
        if not any(_same(parsed, other) for _, other in readings):
            readings.append((fmt, parsed))
    if len(readings) == 1:
        fmt, parsed = readings[0]
        why = f"format {fmt}"
        swapped = _swap_day_month(fmt)
        if swapped and swapped not in parsed_by and swapped in _DATE_FORMATS:
            why += f": {_describe(fmt)}; {_describe(swapped)} does not fit every value"
        return _as_ns(name, colname, parsed), fmt, why
    scored = sorted(((_regularity(p), k, f, p) for k, (f, p) in enumerate(readings)),
                    key=lambda t: (t[0], -t[1]), reverse=True)
    best_score, _, fmt, parsed = scored[0]
    if scored[1][0] == best_score:
        alternatives = [f for s, _, f, _ in scored if s == best_score]
        example = values.iloc[0]
        raise InputError(
            f"{name}: dates in column {colname!r} are ambiguous (e.g. {example!r}): formats "
            f"{' and '.join(alternatives[:3])} both fit; pass --date-format, "
            f"e.g. --date-format '{alternatives[0]}'"
        )
    reasons = []
    for score, _, other, _ in scored[1:]:
        if score[0] == 0:
            why = "would not be sorted"
        elif score[1] == 0:
            why = "would not be regularly spaced"
        else:
            why = f"would leave {-score[2]} gaps"
        reasons.append(f"{_describe(other)} {why}")
    return (_as_ns(name, colname, parsed), fmt,
            f"format {fmt}: {_describe(fmt)}; {'; '.join(reasons)}")


def _swap_day_month(fmt: str) -> str | None:
    if "%d" in fmt and "%m" in fmt:
        return fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
    return None


def _describe(fmt: str) -> str:
    if fmt.startswith("%d"):
        return "day-first"
    if fmt.startswith(("%m", "%b", "%B")):
        return "month-first"
    return fmt


def _same(a: pd.DatetimeIndex, b: pd.DatetimeIndex) -> bool:
    if (a.tz is None) != (b.tz is None):
        return False
    if a.tz is not None:
        a, b = a.tz_convert("UTC").tz_localize(None), b.tz_convert("UTC").tz_localize(None)
    return bool(np.array_equal(a.to_numpy(), b.to_numpy()))


def _as_ns(name: str, colname: str, parsed: pd.DatetimeIndex) -> pd.DatetimeIndex:
    try:
        return parsed.as_unit("ns")
    except (OverflowError, ValueError, pd.errors.OutOfBoundsDatetime) as exc:
        raise InputError(
            f"{name}: dates in column {colname!r} fall outside 1677..2262, which pandas cannot "
            "hold; shift or trim the dates"
        ) from exc


def _raise_bad_date(name: str, colname: str, col: pd.Series, formats: Sequence[str],
                    forced_format: bool = False) -> None:
    values = col.str.strip()
    best = max(formats, key=lambda f: _count_parsed(values, f))
    try:
        if best == _ISO:
            parsed = pd.to_datetime(values, format=_ISO, errors="coerce", utc=True)
        else:
            parsed = pd.to_datetime(values, format=best, errors="coerce")
        bad = np.flatnonzero(pd.isna(parsed))
    except (ValueError, TypeError, OverflowError):
        bad = np.array([0])
    i = int(bad[0]) if bad.size else 0
    hint = ("fix the value or pass the right --date-format" if forced_format
            else "fix the value or pass --date-format (e.g. --date-format '%Y-%m-%d')")
    shown = f" with format {best}" if forced_format else ""
    raise InputError(
        f"{name}: time column {colname!r} has a value that is not a date{shown}: "
        f"{col.iloc[i]!r} at row {i + 1} (line {int(col.index[i]) + 2}); {hint}"
    )


def _named_like_time(colname: str) -> bool:
    words = _norm(colname).split()
    return any(w in _TIME_NAME_WORDS for w in words) or _norm(colname) in ("ds", "dt")


def _detect_time_column(name: str, frame: pd.DataFrame, columns: Sequence[str],
                        forced: str | None) -> tuple[str, pd.DatetimeIndex, str, str]:
    """Prefer a column named like a date; else the first column whose values parse as dates."""
    named = [c for c in columns if _named_like_time(c)]
    if forced and named:
        times, fmt, why = _parse_time_column(name, named[0], frame[named[0]], forced)
        return named[0], times, fmt, why
    for col in named:
        probe = frame[col].str.strip().iloc[:50]
        formats = [forced] if forced else _candidate_formats(True)
        if max(_count_parsed(probe, f) for f in formats) >= 0.5 * len(probe):
            times, fmt, why = _parse_time_column(name, col, frame[col], forced)
            return col, times, fmt, why
    for col in columns:
        if col in named:
            continue
        probe = frame[col].str.strip().iloc[:50]
        if _looks_numeric(frame[col]) and not probe.str.fullmatch(r"\d{8}").all():
            continue  # plain numbers are values, not dates
        formats = [forced] if forced else _candidate_formats(False)
        if any(_count_parsed(probe, f) == len(probe) for f in formats):
            times, fmt, why = _parse_time_column(name, col, frame[col], forced, False)
            return col, times, fmt, f"its values are dates; {why}"
    raise InputError(
        f"{name}: no column holds dates (columns: {_list(columns)}); "
        "pass --time-col NAME, and --date-format if the dates are unusual"
    )


# --------------------------------------------------------------------------------------------
# ordering, duplicates, frequency, gaps


def _sort(data: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    if data.index.is_monotonic_increasing:
        return data
    if data.index.is_monotonic_decreasing:
        notes.append("rows were in descending time order; sorted ascending")
    else:
        notes.append("rows were not in time order; sorted by time")
    return data.sort_index(kind="stable")


def _deduplicate(name: str, data: pd.DataFrame, policy: str, notes: list[str]) -> pd.DataFrame:
    if data.index.is_unique:
        return data
    frame = data.reset_index(names="__time__")
    exact = frame.duplicated(keep="first")
    if exact.any():
        notes.append(f"dropped {int(exact.sum())} exact duplicate row(s)")
        frame = frame[~exact]
    dup = frame["__time__"].duplicated(keep=False)
    if dup.any():
        stamps = frame.loc[dup, "__time__"]
        count = stamps.nunique()
        first = _fmt_stamp(stamps.iloc[0])
        if policy == "error":
            raise InputError(
                f"{name}: {count} timestamp(s) appear more than once with different values "
                f"(first {first}); pass --duplicates last or --duplicates mean, or fix the file"
            )
        if policy == "last":
            frame = frame.drop_duplicates("__time__", keep="last")
            notes.append(f"{count} duplicated timestamp(s) with different values "
                         f"(first {first}): kept the last row")
        else:
            frame = frame.groupby("__time__", sort=True).mean()
            notes.append(f"{count} duplicated timestamp(s) with different values "
                         f"(first {first}): averaged")
            return frame.rename_axis(None)
    return frame.set_index("__time__").rename_axis(None)


class _Irregular(Exception):
    """The timestamps do not follow a frequency we can name."""


def _frequency_of(index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex]:
    """(alias, label, full regular grid from first to last) for sorted unique timestamps."""
    if len(index) < 2:
        raise _Irregular("too few timestamps")
    try:
        index = index.as_unit("ns")
    except (OverflowError, ValueError) as exc:
        raise _Irregular("dates out of range") from exc
    diffs = np.diff(index.asi8)
    step = pd.Timedelta(int(np.median(diffs)), unit="ns")
    day = pd.Timedelta(days=1)
    midnight = bool((index == index.normalize()).all())
    first = index[0]

    if step < day:
        freq = to_offset(step).freqstr
        label = _sub_daily_label(freq)
    elif midnight and step == day:
        weekend = index.day_of_week >= 5
        crosses_weekend = bool((np.diff(index.day_of_week) < 0).any()) or (
            index[-1] - index[0] >= pd.Timedelta(days=7))
        if not weekend.any() and crosses_weekend:
            grid = pd.bdate_range(index[0], index[-1])
            if not index.isin(grid).all():
                raise _Irregular("off-grid")
            return "B", "business days", grid
        freq, label = "D", "daily"
    elif midnight and step.days in (2, 3, 4, 5, 6) and step == pd.Timedelta(days=step.days):
        freq, label = f"{step.days}D", f"every {step.days} days"
    elif midnight and step == pd.Timedelta(days=7):
        freq = f"W-{_WEEKDAYS[first.day_of_week]}"
        label = f"weekly ({first.day_name()}s)"
    elif midnight and pd.Timedelta(days=28) <= step <= pd.Timedelta(days=31):
        freq, label = _anchored(index, "M", "monthly")
    elif midnight and pd.Timedelta(days=89) <= step <= pd.Timedelta(days=92):
        freq, label = _anchored(index, "Q", "quarterly")
    elif midnight and pd.Timedelta(days=365) <= step <= pd.Timedelta(days=366):
        freq, label = _anchored(index, "Y", "yearly")
    else:
        raise _Irregular(f"step {step}")
    grid = pd.date_range(index[0], index[-1], freq=freq)
    if len(grid) > 2 * len(index) + 10 or not index.isin(grid).all():
        raise _Irregular("off-grid")
    return freq, label, grid


def _anchored(index: pd.DatetimeIndex, kind: str, label: str) -> tuple[str, str]:
    starts, ends = bool((index.day == 1).all()), bool(index.is_month_end.all())
    month = int(index[0].month)
    if kind == "M":
        if starts:
            return "MS", f"{label} (month start)"
        if ends:
            return "ME", f"{label} (month end)"
        raise _Irregular("monthly, not on month start or end")
    if kind == "Q":
        if starts:
            return f"QS-{_MONTHS[(month - 1) % 3]}", f"{label} (quarter start)"
        if ends:
            return f"QE-{_MONTHS[(month - 1) % 3 + 9]}", f"{label} (quarter end)"
        raise _Irregular("quarterly, not on month start or end")
    if starts:
        return f"YS-{_MONTHS[month - 1]}", f"{label} (year start)"
    if ends:
        return f"YE-{_MONTHS[month - 1]}", f"{label} (year end)"
    raise _Irregular("yearly, not on month start or end")


def _sub_daily_label(freq: str) -> str:
    match = re.fullmatch(r"(\d*)([a-zA-Z]+)", freq)
    if not match:
        return f"every {freq}"
    count, unit = match.groups()
    words = {"h": ("hourly", "hours"), "min": ("every minute", "minutes"),
             "s": ("every second", "seconds"), "ms": ("every millisecond", "milliseconds")}
    if unit not in words:
        return f"every {freq}"
    single, plural = words[unit]
    return single if count in ("", "1") else f"every {count} {plural}"


def _infer_frequency(name: str, tcol: str,
                     index: pd.DatetimeIndex) -> tuple[str, str, pd.DatetimeIndex]:
    try:
        return _frequency_of(index)
    except _Irregular as exc:
        diffs = pd.Series(pd.to_timedelta(np.diff(index.as_unit("ns").asi8), unit="ns"))
        common = ", ".join(str(d) for d in diffs.value_counts().index[:3])
        raise InputError(
            f"{name}: timestamps in column {tcol!r} are too irregular to name a frequency "
            f"({exc}; most common steps: {common}); resample the data to a regular step"
        ) from exc


def _regularise(data: pd.DataFrame, freq: str, label: str, grid: pd.DatetimeIndex,
                notes: list[str]) -> pd.DataFrame:
    if freq == "B":
        absent = len(grid) - len(data)
        extra = f" ({absent} weekdays absent, treated as holidays)" if absent else ""
        notes.append(f"frequency: {label}{extra}")
        return data
    missing = grid.difference(data.index)
    if len(missing):
        shown = ", ".join(_fmt_stamp(t) for t in missing[:5])
        more = ", ..." if len(missing) > 5 else ""
        notes.append(f"frequency: {label}; {len(missing)} missing timestamp(s) inserted as gaps "
                     f"({shown}{more})")
        return data.reindex(grid)
    notes.append(f"frequency: {label}")
    return data


def _fmt_stamp(t: pd.Timestamp) -> str:
    return t.strftime("%Y-%m-%d") if t == t.normalize() else t.strftime("%Y-%m-%d %H:%M:%S")


def _drop_leading(name: str, data: pd.DataFrame, target: str, notes: list[str]) -> pd.DataFrame:
    """Drop rows before every selected column has its first value."""
    starts = {c: data[c].first_valid_index() for c in data.columns}
    late_col = max(starts, key=lambda c: starts[c])
    start = starts[late_col]
    skipped = int((data.index < start).sum())
    if skipped:
        notes.append(f"dropped {skipped} leading row(s) before the first value of {late_col!r} "
                     f"({_fmt_stamp(start)})")
        data = data.loc[start:]
    return data


def _fill(name: str, data: pd.DataFrame, fill: str, notes: list[str]) -> pd.DataFrame:
    holes = data.isna()
    total = int(holes.to_numpy().sum())
    if not total:
        return data
    if fill == "none":
        row = int(np.flatnonzero(holes.any(axis=1).to_numpy())[0])
        col = holes.columns[holes.iloc[row].to_numpy()][0]
        stamp = data.index[row]
        raise InputError(
            f"{name}: {total} missing value(s), first in column {col!r} at {_fmt_stamp(stamp)}; "
            "pass --fill ffill or --fill interpolate, or fill the file"
        )
    if fill == "interpolate":
        data = data.interpolate(method="time", limit_area="inside").ffill()
        how = "linear interpolation in time"
    else:
        data = data.ffill()
        how = "forward fill"
    per_col = ", ".join(f"{c!r}: {int(n)}" for c, n in holes.sum().items() if n)
    notes.append(f"filled {total} missing value(s) by {how} ({per_col})")
    return data
