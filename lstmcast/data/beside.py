"""Series side by side, each with dates of its own: Bloomberg's history of several securities
in one sheet ('Date,PX_LAST,Date,PX_LAST' under a row of their names, 'AAPL US Equity,,MSFT US
Equity,'), each security's trading days in its own column of dates and its column shorter
where its history is. Read as a long file, a row per date and security."""

from __future__ import annotations

import pandas as pd

from .columns import named_like_time

ID_COL = "ticker"  # the column of the securities' names (named as an id column is)


def dates_beside_each(header: list[str], above: list[str], frame: pd.DataFrame,
                      notes: list[str]) -> pd.DataFrame:
    """``frame`` as a long file ``Date,ticker,<fields>`` where its ``header`` repeats its
    first name, a time's, at the start of groups of equal width (empty columns between them
    left out), each group a series named by the cell above its start (``above``: the line over
    the header) or, where the groups hold one column each of other names and none is above,
    by that column's name (its field then 'value'); any other table as it is. The names may
    be the header, the fields its first row (a spacer column's empty name made it so)."""
    table = frame
    if header and not named_like_time(header[0].strip()) and len(frame) > 2 and \
            named_like_time(frame.iloc[0, 0].strip()):
        header, above, frame = frame.iloc[0].tolist(), header, frame.iloc[1:]
    names = [c.strip() for c in header]
    if len(names) != frame.shape[1] or len(names) < 4 or not named_like_time(names[0]):
        return table
    # a column of nothing between the groups (a sheet's spacer) is left out
    kept = [j for j, n in enumerate(names) if n or (frame.iloc[:, j].str.strip() != "").any()]
    starts = [k for k, j in enumerate(kept) if names[j].casefold() == names[0].casefold()]
    width = len(kept) // len(starts)
    if len(starts) < 2 or starts != list(range(0, len(kept), width)) or width < 2:
        return table
    groups = [kept[k:k + width] for k in starts]
    fields = [[names[j] for j in g[1:]] for g in groups]
    above = [c.strip() for c in above] + [""] * (len(names) - len(above))
    labels = [next((above[j] for j in g[:2] if above[j]), "") for g in groups]
    if all(labels) and len(set(labels)) == len(labels) and all(f == fields[0] for f in fields):
        values = fields[0]
    elif width == 2 and len({f[0] for f in fields}) == len(groups):  # 'Date,AAPL,Date,MSFT'
        labels, values = [f[0] for f in fields], ["value"]
    else:
        return table
    parts = []
    for label, group in zip(labels, groups, strict=True):
        part = frame.iloc[:, group]
        part = part[part.iloc[:, 0].str.strip() != ""]  # a shorter history's empty rows
        parts.append(pd.DataFrame({names[0]: part.iloc[:, 0], ID_COL: label,
                                   **{v: part.iloc[:, 1 + i] for i, v in enumerate(values)}}))
    notes.append(f"series side by side, each with its own {names[0]!r} column (Bloomberg): "
                 f"{', '.join(labels[:5])}" + (f" and {len(labels) - 5} more"
                                               if len(labels) > 5 else ""))
    return pd.concat(parts)
