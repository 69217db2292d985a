"""Bytes to a table of strings: file checks, gzip, encodings, delimiters.

The one place that reads the file. It returns the sha256 of exactly the bytes it parsed, so a
model file's fingerprint always describes the data it was trained on.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .beside import bloomberg_sheet
from .currencies import amounts_beside_currencies
from .delimiters import (
    DELIMITER_NAMES,
    detect_delimiter,
    refuse_wider_first_row,
    spaced_columns,
    without_trailing_delimiters,
)
from .details import without_details_above
from .encodings import decode
from .headerless import headerless_layout
from .levels import tickers_under_fields
from .preamble import fields, preamble
from .sections import first_table
from .tidy import (
    finest_frequency,
    ons_series,
    refuse_reordered_header,
    without_annual_averages,
    without_dividends,
    without_metadata_rows,
    without_notes,
    without_repeats_and_totals,
    without_stray_rows,
    without_units_rows,
    without_year_totals,
)
from .totals import without_undated_totals, without_unlabelled_total
from .unfinished import STILL_WRITING, unfinished_last_line, without_cut_quote


@dataclass(frozen=True)
class Table:
    """A CSV as strings: one column per header field, index = line number - 2."""

    frame: pd.DataFrame
    delimiter: str
    repeated: frozenset[str]  # names the header has twice or more ('Close' and 'Close.1')
    fingerprint: str  # "sha256:<hex>" of the bytes read from the file
    line_ended: bool = True  # the last line ends with a line end, or nothing still writes it

    @property
    def decimal(self) -> str:
        """The mark of a comma no cell explains ('50,941'): decimal in a ';' file, whose
        delimiter is ';' because the comma writes decimals, else a thousands separator."""
        return "," if self.delimiter == ";" else "."


def read_table(path, notes: list[str], times_alone: bool = False,
               encoding: str | None = None, target: str | None = None) -> Table:
    """Read ``path`` once into a DataFrame of strings; every problem is one InputError.
    ``times_alone``: a column of times alone is a table (a log of events, counted).
    ``encoding``: the user's (``--encoding``), else detected; ``target``: the user's target
    column, which picks the table of a file of several (``sections``) that names it."""
    name = os.fspath(path)
    raw = _read_bytes(name)
    fingerprint = "sha256:" + hashlib.sha256(raw).hexdigest()
    frame, delimiter, repeated, line_ended = _parse(name, raw, notes, times_alone, encoding,
                                                    target)
    return Table(frame, delimiter, repeated, fingerprint, line_ended or settled(name))


SETTLED_SECONDS = 60


def settled(name: str) -> bool:
    """Whether no program is still writing the file: it last changed SETTLED_SECONDS ago or
    more. Its last line, without a line end, is then whole whatever its digits ('2950' under
    closes of six decimals, typed in by hand); standard input may still be arriving."""
    try:
        return name != "-" and time.time() - os.stat(name).st_mtime >= SETTLED_SECONDS
    except OSError:
        return False


def _read_bytes(name: str) -> bytes:
    if name == "-":  # standard input
        raw = sys.stdin.buffer.read()
        if not raw:
            raise InputError("-: standard input is empty",
                             fallback="pipe a CSV with a header and rows into it")
        return raw
    p = Path(name)
    if not p.exists():
        raise InputError(f"{name}: file not found", fallback="check the path")
    if p.is_dir():
        raise InputError(f"{name}: is a directory, not a CSV file",
                         fallback="give the path of a file")
    try:
        raw = p.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied", fallback="make the file readable") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read the file ({exc.strerror})",
                         fallback="check the path") from exc
    if not raw:
        raise InputError(f"{name}: the file is empty (0 bytes)",
                         fallback="give a CSV with a header and rows")
    return raw


_RULE = re.compile(r"^[ \t]*\+-[-+]*\+[ \t]*(?:\r?\n|$)", re.M)


def _parse(name: str, raw: bytes, notes: list[str], times_alone: bool,
           encoding: str | None, target: str | None = None
           ) -> tuple[pd.DataFrame, str, frozenset, bool]:
    """The table of strings, its delimiter and its header's repeated names."""
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(f"{name}: looks gzip-compressed but cannot be decompressed "
                             f"({exc}); re-compress it or pass the plain CSV") from exc
        notes.append("file is gzip-compressed; decompressed it")
        if not raw:
            raise InputError(f"{name}: the compressed file is empty; give a CSV with rows")
    if raw[:4] == b"PK\x03\x04":  # an Excel workbook, a model file (its manifest first), a zip
        head = raw[:65536]
        raise InputError(f"{name}: is " + (
            "an Excel workbook, not a CSV; save the sheet as CSV (File > Save As > CSV UTF-8)"
            if b"xl/" in head or b"[Content_Types].xml" in head else "an lstmcast model file, "
            "not data; give the CSV (a model goes to --model)" if head[30:43] == b"manifest.json"
            else "a zip archive, not a CSV; unzip it and pass the CSV inside"))
    text = decode(name, raw, notes, encoding)
    if not (stripped := text.strip()):
        raise InputError(f"{name}: the file has only blank lines; give a CSV with a header "
                         "and rows")
    if stripped[0] in "{[":
        try:
            json.loads(stripped)
        except ValueError:
            if _json_lines(stripped):
                raise InputError(f"{name}: is JSON lines (a JSON object a line), not a CSV; "
                                 "export the data as CSV") from None
        else:
            raise InputError(f"{name}: is a JSON document, not a CSV; export the data as CSV")
    if _MARKUP.match(stripped):
        raise InputError(f"{name}: looks like HTML/XML, not a CSV; download the CSV itself")

    # mysql's table output: its rules above, under and below the rows (a substring's search
    # first: a regular expression's of every line start costs a second in a large file)
    if "+-" in text and _RULE.search(text):
        text = _RULE.sub("", text)
        notes.append("dropped the rules of a text table ('+----+') around its rows")
    text = spaced_columns(text, notes)
    skipped, delimiter = preamble(text)
    above = ""  # the line over the header: the names of series side by side under it
    if skipped:
        lines = text.split("\n")
        shown = next((ln.strip()[:40] for ln in lines[:skipped] if ln.strip()), None)
        notes.append(f"skipped {skipped} line(s) above the header" + (
            f" (from {shown!r})" if shown else " (blank)"))
        text, above = "\n".join(lines[skipped:]), lines[skipped - 1]
        header = fields([text.split("\n", 1)[0]], delimiter or ",")[0]
        if header[0].lstrip().startswith("#") and not all(  # a header among '#' comments
                c.lstrip().startswith("#") for c in header[1:] if c.strip()):  # (KNMI's; not
            # mBank's names, '#Data operacji;#Opis operacji;')
            text = text.lstrip().lstrip("#").lstrip(" ")
    text = first_table(without_cut_quote(text, notes), notes, target)
    delimiter = delimiter or detect_delimiter(name, text, times_alone)
    text = without_trailing_delimiters(text, delimiter, notes)
    refuse_wider_first_row(name, text, delimiter, skipped)
    if delimiter != ",":
        notes.append(f"delimiter: {DELIMITER_NAMES[delimiter]}")
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
            skip_blank_lines=False, engine="c",
        )
        frame.index = frame.index + skipped  # index = line number - 2, in the file
    except pd.errors.EmptyDataError as exc:
        raise InputError(f"{name}: no header found; give a CSV with a header and rows") from exc
    except pd.errors.ParserError as exc:
        if match := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc)):
            want, line, saw = match.groups()
            line = int(line) + skipped
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
    if '="' in text:  # Excel's formula-escaped cells ('="00123"', to keep a leading zero)
        frame = frame.replace(r'^="(.*)"$', r"\1", regex=True)
    blank = (frame == "").all(axis=1)
    frame = frame[~blank]
    if frame.empty:
        raise InputError(f"{name}: has a header but no data rows; add rows below the header")
    while frame.shape[1] > 1 and re.fullmatch(r"Unnamed: \d+", str(frame.columns[-1])) and (
            frame.iloc[:, -1] == "").all():  # every line, the header's too, ends with a
        frame = frame.iloc[:, :-1]  # delimiter (the ECB's rates): no column, none named so
    if frame.shape[1] == 1:  # its first value read as values before lines repeating it go
        frame = _without_header(name, text, delimiter, frame, notes, times_alone, target)
    names = [str(c).strip() for c in frame.columns]  # '  Date     ' as a padded export writes
    frame.columns = names if len(set(names)) == len(names) else [str(c) for c in frame.columns]
    header = fields(text.split("\n", 1)[:1], delimiter)[0]
    reshaped = bloomberg_sheet(header, fields([above], delimiter)[0], frame, notes)
    reshaped = finest_frequency(ons_series(tickers_under_fields(header, frame, notes) if
                                           reshaped is frame else reshaped, notes), notes)
    repeated = _repeated_names(text, delimiter) if reshaped is frame else frozenset()
    frame = _cleaned(reshaped, notes, _ABOVE_THE_DATA)
    if "Dividend" in text or "Stock Split" in text:  # a scan of every cell only then
        frame = without_dividends(frame, notes)
    frame = _cleaned(frame, notes, _AMONG_AND_BELOW_THE_DATA)
    refuse_reordered_header(name, frame)
    ended = text.endswith("\n")
    if not ended and unfinished_last_line(frame):
        getattr(notes, "warn", notes.append)(
            f"the last line, without a line end, stops short ({text.rsplit(chr(10), 1)[-1]!r}): "
            f"dropped; {STILL_WRITING}")
        frame = frame.iloc[:-1]
        ended = True  # the line before it has its line end: it is whole, whatever it writes
    return (_without_header(name, text, delimiter, frame, notes, times_alone, target),
            delimiter, repeated, ended)


# Cleaners of a table's rows, each (frame, notes) -> frame, applied in turn: the rows about
# the data under its header, then the rows among and under the data that are not data.
_ABOVE_THE_DATA = (without_units_rows, without_metadata_rows, without_details_above,
                   amounts_beside_currencies)
_AMONG_AND_BELOW_THE_DATA = (
    without_year_totals, without_annual_averages, without_repeats_and_totals,
    without_stray_rows, without_notes,
    # a total above a footer (QuickBooks' 'Total for Sales' over its 'Cash Basis' line)
    without_repeats_and_totals, without_unlabelled_total, without_undated_totals)


def _cleaned(frame: pd.DataFrame, notes: list[str], cleaners) -> pd.DataFrame:
    """``frame`` after each of ``cleaners`` in turn."""
    for clean in cleaners:
        frame = clean(frame, notes)
    return frame


# A web page or XML document; not a header of names in brackets (stooq's '<TICKER>,<DATE>').
_MARKUP = re.compile(r"<\s*(!doctype|!--|\?xml|html|head|body|table|div|rss|feed|svg)\b", re.I)


def _json_lines(text: str) -> bool:
    """Whether the first lines of ``text`` are each a JSON object (JSON lines, '.jsonl')."""
    lines = [ln for ln in text.split("\n", 6)[:5] if ln.strip()]
    try:
        return all(isinstance(json.loads(ln), dict) for ln in lines)
    except ValueError:
        return False


def _repeated_names(text: str, delimiter: str) -> frozenset[str]:
    """Header names written more than once; pandas reads the later ones as 'Close.1', ..."""
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    names = [c.strip() for c in header if c.strip()]
    return frozenset(c for c in names if names.count(c) > 1)


def _without_header(name: str, text: str, delimiter: str, frame: pd.DataFrame,
                    notes: list[str], times_alone: bool = False,
                    target: str | None = None) -> pd.DataFrame:
    """A file whose first line is values has no header: an export of a known layout
    (``headerless.headerless_layout``) is read with its columns, one column of values as
    'value' (no name to lose, no other column to tell it from); any other is refused, since a
    first row of data read as column names would lose that row and leave no name to find the
    target by (a log of times alone, ``times_alone``, too); the advice names the ``target``
    (a model's: a cron job's export written without the training file's header)."""
    # (pandas names an empty cell of the header line 'Unnamed: 1')
    cells = ["" if re.fullmatch(r"Unnamed: \d+", c) else c.strip() for c in frame.columns]
    layout = headerless_layout(cells)
    if layout is None:
        return frame
    which, names = layout if len(cells) > 1 or times_alone else ("", ("value",))
    if not names:
        raise InputError(f"{name}: the first line holds values "
                         f"({', '.join(c or repr(c) for c in cells[:4])}"
                         f"{', ...' if len(cells) > 4 else ''}), not column names; add a header "
                         f"row naming each of its {len(cells)} columns"
                         + (f", the target {target!r} among them" if target and "," not in
                            target and target.casefold() != "all" else
                            ", e.g. 'date,close'" if len(cells) == 2 else
                            f", e.g. 'date,{','.join(f'c{k}' for k in range(2, len(cells) + 1))}'"
                            if len(cells) <= 6 else " (the time's named like a time: 'date')"))
    notes.append(f"no header row: read as a {which} export ({', '.join(names[:6])}, ...)"
                 if which else "no header row: its one column read as values ('value')")
    frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, names=names,
                        dtype=str, keep_default_na=False, skip_blank_lines=False, engine="c")
    frame.index = frame.index - 1  # row i is on line i + 1: as if a header were there
    frame = frame.fillna("")
    return frame[~(frame == "").all(axis=1)]
