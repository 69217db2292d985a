"""Which series of a fresh file a forecast covers, and what it says of the others: those
``--id`` names, the model's series the file lacks (a feed lost a symbol), and those that end
before the data's latest row (each is forecast from its own last row)."""

from __future__ import annotations

import pandas as pd

from .calendar import data_stamp, step_slack
from .data.columns import show_list
from .data.id_spelling import as_spelt
from .data.ids import no_such_series, one_series
from .errors import InputError
from .holidays import closed_through
from .panel import Panel


def for_ids(panel: Panel, ids: list[str] | None, data_path: str,
            model_ids=()) -> tuple[Panel, list[str]]:
    """(``panel``'s series ``ids`` names, a warning naming those of them that are the model's
    (``model_ids``) but have no rows in the file): a symbol the feed dropped costs the others
    no forecast; an id of neither, or none of them in the file, is an error."""
    if not ids:
        return panel, []
    if panel.layout == "single":
        raise one_series(data_path)
    ids = as_spelt(ids, [*panel.ids, *model_ids])  # 'Zürich' either way, 'japan' for 'Japan'
    lost = [i for i in ids if i not in panel.ids and i in model_ids]
    if len(lost) == len(ids):  # (nothing to forecast: said as an error)
        lost = []
    if missing := [i for i in ids if i not in panel.ids and i not in lost]:
        if why := dict(panel.series_warnings).get(missing[0]):  # read, and left out: why
            raise InputError(f"{data_path}: series {missing[0]!r}: {why}",
                             fallback="train a model for it")
        raise no_such_series(data_path, missing[0], panel.ids, of_model=missing[0] in model_ids)
    return panel.select([i for i in ids if i not in lost]), absent(lost, panel, data_path)


def absent(model_ids, panel: Panel, data_path: str) -> list[str]:
    """A warning naming the model's series without rows in the data (a feed lost a symbol)."""
    present = set(panel.ids) | {sid for sid, _ in panel.series_warnings}  # (one left out)
    if not (gone := [sid for sid in model_ids if sid not in present]):
        return []
    return [f"{len(gone)} series of the model ({show_list(gone, 8)}) "
            f"{'has' if len(gone) == 1 else 'have'} no rows in {data_path}: none forecast"]


def behind(panel: Panel, latest: pd.Timestamp | None = None, rules=None) -> list[str]:
    """A warning naming the series of a panel whose last row is before the data's ``latest``
    (default: theirs; a series --id names alone is behind the file's others): a symbol that
    stopped trading, a feed that lags; not one whose days since are its holidays (each
    series' ``rules``, of business days). Each is forecast from its own last row."""
    ends, written = panel.time[panel.indptr[1:] - 1], panel.date_format
    latest = ends.max() if latest is None else latest
    rules = [()] * len(panel) if rules is None else rules
    late = [f"{sid!r} ({data_stamp(t, written)})" for sid, t, closed in
            zip(panel.ids, ends, rules, strict=True)
            if t + step_slack(panel.freq) < latest and not closed_through(t, latest, closed)]
    return [] if not late else [
        f"{len(late)} series {'ends' if len(late) == 1 else 'end'} before the data's latest row "
        f"({data_stamp(latest, written)}): {', '.join(late[:5])}"
        f"{' and more' if len(late) > 5 else ''}; each is forecast from its own last row"]
