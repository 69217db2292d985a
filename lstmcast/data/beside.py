"""Bloomberg's history of several securities in one sheet, a row of their names over the
header: each with a column of dates of its own ('Date,PX_LAST,Date,PX_LAST' under 'AAPL US
Equity,,MSFT US Equity,'; its trading days, its column shorter where its history is), or
one column of dates for all ('Date,PX_LAST,PX_LAST' under ',AAPL US Equity,MSFT US Equity').
Read as a long file, a row per date and security."""

from __future__ import annotations

import re

import pandas as pd

from .columns import named_like_time

ID_COL = "ticker"  # the column of the securities' names (named as an id column is)
OTHER_ID_COL = "series"  # ... of other names over fields ('Sales,,Returns' over units, revenue)
# a security's name: Bloomberg's, with its market sector ('VOD LN Equity', 'EURUSD Curncy'),
# or a ticker ('AAPL', 'BRK.B', '7203.T', 'EURUSD=X', '^GSPC')
_SECURITY = re.compile(r".+ (?:Equity|Index|Curncy|Comdty|Govt|Corp|Mtge|Muni|Pfd|M-Mkt)"
                       r"|\^?(?=[^a-z]*[A-Z])[A-Z0-9][A-Z0-9.=:/-]{0,11}")
# names over fields that are no securities: a sheet's actuals beside its plan ('Actual,,Forecast')
_NOT_SERIES = re.compile(r"(?i)\b(?:actual|forecast|budget|plan|target|estimate|prior|total)\b")


def bloomberg_sheet(header: list[str], above: list[str], frame: pd.DataFrame,
                    notes: list[str]) -> pd.DataFrame:
    """``frame`` read as ``dates_beside_each`` or ``names_over_fields`` reads it, whose
    ``header`` (of raw names) names a time first and ``above`` is the line over it; any other
    table as it is. The names may be the header, the fields its first row (where an empty
    name, a spacer's or the date column's, made the loader take the names for the header)."""
    table = frame
    if header and not named_like_time(header[0].strip()) and len(frame) > 2 and \
            named_like_time(frame.iloc[0, 0].strip()):
        header, above, frame = frame.iloc[0].tolist(), header, frame.iloc[1:]
    names = [c.strip() for c in header]
    if len(names) != frame.shape[1] or len(names) < 3 or not named_like_time(names[0]):
        return table
    above = [c.strip() for c in above] + [""] * (len(names) - len(above))
    read = dates_beside_each(names, above, frame) or names_over_fields(names, above, frame)
    if read is None:
        return table
    labels, read_so = read
    securities = all(_SECURITY.fullmatch(label) for label in labels)
    kind = (f"series side by side, each with its own {names[0]!r} column"
            if names.count(names[0]) > 1 else
            f"{'securities' if securities else 'series'} named over their fields")
    notes.append(f"{kind}{' (Bloomberg)' * securities}: {', '.join(labels[:5])}"
                 + (f" and {len(labels) - 5} more" if len(labels) > 5 else ""))
    if securities or OTHER_ID_COL in read_so.columns:  # (a field named 'series' keeps it)
        return read_so
    return read_so.rename(columns={ID_COL: OTHER_ID_COL})


def dates_beside_each(names: list[str], above: list[str], frame: pd.DataFrame
                      ) -> tuple[list[str], pd.DataFrame] | None:
    """(labels, long frame ``Date,ticker,<fields>``) where ``names`` repeats its first, a
    time's, at the start of groups of equal width (empty columns between them left out), each
    group a series named by the cell above its dates or above its first field (``_labels``)
    or, where the groups hold one column each of other names and none is above, by that
    column's name (its field then 'value')."""
    # a column of nothing between the groups (a sheet's spacer) is left out
    kept = [j for j, n in enumerate(names) if n or (frame.iloc[:, j].str.strip() != "").any()]
    starts = [k for k, j in enumerate(kept) if names[j] == names[0]]
    width = len(kept) // len(starts)
    if len(starts) < 2 or starts != list(range(0, len(kept), width)) or width < 2:
        return None
    groups = [kept[k:k + width] for k in starts]
    fields = [[names[j] for j in g[1:]] for g in groups]
    labels = _labels(above, [[g[0] for g in groups], [g[1] for g in groups]])
    if labels is not None and all(f == fields[0] for f in fields):
        values = fields[0]
    elif width == 2 and len({f[0] for f in fields}) == len(groups) and not all(
            frame.iloc[:, g[0]].equals(frame.iloc[:, groups[0][0]]) for g in groups):
        labels, values = [f[0] for f in fields], ["value"]  # 'Date,AAPL,Date,MSFT' (dates
    else:  # alike, 'date,sales,date,returns' is one file of columns)
        return None
    parts = []
    for label, group in zip(labels, groups, strict=True):
        part = frame.iloc[:, group]
        part = part[part.iloc[:, 0].str.strip() != ""]  # a shorter history's empty rows
        parts.append(pd.DataFrame({names[0]: part.iloc[:, 0], ID_COL: label,
                                   **{v: part.iloc[:, 1 + i] for i, v in enumerate(values)}}))
    return labels, pd.concat(parts)


def names_over_fields(names: list[str], above: list[str], frame: pd.DataFrame
                      ) -> tuple[list[str], pd.DataFrame] | None:
    """(labels, long frame ``Date,ticker,<fields>``) where ``names`` repeats a field
    ('PX_LAST') under distinct names ``above``, each over its first field (the cells after it
    empty: a merged cell's) or over each of them: every security forecast, as those side by
    side are."""
    if len(set(names[1:])) == len(names) - 1 or not above[1]:
        return None  # no field repeated: a title over an ordinary header
    # a name over each of its fields (merged cells unmerged, filled across): written once
    above = [c if j < 2 or c != above[j - 1] else "" for j, c in enumerate(above)]
    spans: list[tuple[str, list[int]]] = []
    for j in range(1, len(names)):
        if above[j]:
            spans.append((above[j], []))
        spans[-1][1].append(j)
    labels = _labels(above, [[cols[0] for _, cols in spans]])
    fields = [[names[j] for j in cols] for _, cols in spans]
    if labels is None or any(f != fields[0] for f in fields) or len(set(fields[0])) != len(
            fields[0]):
        return None
    return labels, pd.concat([pd.DataFrame({names[0]: frame.iloc[:, 0], ID_COL: label,
                                            **{names[j]: frame.iloc[:, j] for j in cols}})
                              for label, cols in spans])


def _labels(above: list[str], places: list[list[int]]) -> list[str] | None:
    """The names in ``above`` at the first of ``places`` (each a column per group) that holds
    one for every group, distinct, each with a letter and no date, every other cell of the
    line but its first empty (the names of merged cells); None where none does: 'Security' in
    the corner and the names over each first field, or a preamble's 'Generated by,XYZ,on'."""
    for columns in places:
        labels = [above[j] for j in columns]
        others = [c for j, c in enumerate(above[1:], 1) if j not in columns]
        if all(re.search(r"[^\W\d_]", label) and not named_like_time(label) and not
               _NOT_SERIES.search(label) for label in labels) and len(set(labels)) == len(
                labels) > 1 and not any(others):
            return labels
    return None
