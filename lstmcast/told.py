"""What ``predict`` tells of a fresh file: the loader's warnings that training did not give of
its own data, and of the gaps filled, those since the model's training data."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .calendar import data_stamp
from .data.panels import summarise_notes
from .panel import Panel

# the count a warning starts with (a series' own after its name): '26 weekly row(s)'; not a
# summary's '... and 2 more warning(s) like these', nor 'filled 2 missing value(s)' (new gaps)
_COUNT = re.compile(r"^(?:series '[^']*': )?\d+(?= (?:[\w-]+ )*[\w-]+\(s\))")


_FILLED = re.compile(r"^(?P<own>(?:series '(?P<sid>[^']*)': )?)filled \d+ missing value\(s\)")


def fills_since(warnings: list[str], panel: Panel, last: pd.Timestamp) -> list[str]:
    """``warnings`` with a file's (or a series') gaps filled told of those after ``last``, the
    model's training data's last row, alone: a cron job's log heard every run of a gap filled
    a year before (the longest one named), never of today's."""
    out, position = [], {sid: s for s, sid in enumerate(panel.ids)}
    for warning in warnings:
        if (found := _FILLED.match(warning)) is None:
            out.append(warning)
            continue
        rows = slice(None)
        if (at := position.get(found["sid"])) is not None:  # a series' own
            rows = slice(int(panel.indptr[at]), int(panel.indptr[at + 1]))
        new = (np.zeros(len(panel.time), dtype=bool) if panel.filled is None else
               panel.filled)[rows] & (panel.time[rows] > last)
        if new.any():
            out.append(f"{found['own']}filled {int(new.sum())} missing "
                       f"value(s) since the model's training data (first at "
                       f"{data_stamp(panel.time[rows][new][0], panel.date_format)})")
        elif set(re.findall(r"'([^']*)': \d+", warning)) & set(panel.feature_cols):
            out.append(warning)  # a feature's cells filled, since training's count of them
    return out


def file_warnings(panel: Panel, told, last: pd.Timestamp | None, ids=None) -> list[str]:
    """The warnings of a file ``predict`` reads: those of the whole file, then each of its
    series' (under ``--id``, of those ``panel`` holds), less those training gave (``told``) and,
    where the file is newer than training's ``last`` row, with the gaps filled since
    (``fills_since``); the series' summarised afresh from those left, so that '... and 2 more
    warning(s) like these' never stands alone for lines training gave."""
    every = set(summarise_notes(list(panel.series_warnings), kind="warning"))
    general = [w for w in panel.warnings if w not in every
               and not (ids and re.match(r"skipped \d+ series ", w))]  # (the file's others)

    def since(lines: list[str]) -> list[str]:
        return lines if last is None else fills_since(lines, panel, last)

    kept, own = set(panel.ids), []
    heads = [(sid, f"series {sid!r}: ", text) for sid, text in panel.series_warnings
             if sid in kept or not ids]  # (one left out of the panel too)
    new = set(untold([head + text for _, head, text in heads], told))  # (told read once)
    for sid, head, text in heads:
        if head + text in new and (said := since([head + text])):
            own.append((sid, said[0].removeprefix(head)))
    return since(untold(general, told)) + summarise_notes(own, kind="warning")


def told_by(data: dict) -> list[str]:
    """The warnings training gave of its data (a model's ``data``): as said, and each series'
    own, which the lines said summarise after the first three."""
    return [*data.get("warnings", ()),
            *(f"series {sid!r}: {text}" for sid, text in data.get("series_warnings", ()))]


def untold(warnings: list[str], told) -> list[str]:
    """The ``warnings`` of a file newer than training's that training did not give (``told``):
    one that only counts more of the same since (26 weekly rows stamped off their Friday,
    from the same first, where training said 25: a Good Friday's week since) is not said
    again each run."""
    said = {_COUNT.sub("#", w, count=1) for w in told}
    return [w for w in warnings if _COUNT.sub("#", w, count=1) not in said]
