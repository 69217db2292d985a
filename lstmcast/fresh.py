"""Fresh data read as the model's training data was: the file ``predict``, ``backtest`` and
``plot`` read by default, and the columns, date format, cleaning and layout the model file
records, so the same rows give the network the same inputs they gave it in training."""

from __future__ import annotations

import os
from dataclasses import replace

from .bundle import Bundle
from .config import DataSpec
from .data import load_panel
from .data.columns import show_list
from .errors import ColumnNotFound, DatesNotInFormat, InputError, SeveralSeries
from .panel import Panel


def training_data(bundle: Bundle, path: str, command: str = "predict") -> str:
    """The training file's path (``command``'s data when given none); an error for stdin."""
    data = bundle.data["path"]
    if data == "-" or os.path.basename(data) == "-":
        raise InputError(f"{path}: the model was trained on standard input, so there is no "
                         f"file to read again; pass the data: lstmcast {command} DATA")
    if not os.path.exists(data):
        raise InputError(f"{path}: the training CSV it records, {data}, is gone; pass the data: "
                         f"lstmcast {command} DATA")
    return data


def read_like_training(bundle: Bundle, path: str, data_path: str) -> Panel:
    """Load ``data_path`` with the columns, date format, cleaning and layout the model was
    trained with: a model of one series (or of a wide file's columns) reads no id column, so
    a cron job's output keeps its columns, and a file whose rows turn out to be several
    series is refused rather than forecast under names the model never had."""
    data = bundle.data
    layout = data.get("layout", "single")
    spec = DataSpec(time_col=data["time_col"], target=data["target"],
                    id_col=data.get("id_col") if layout == "long" else None,
                    features=tuple(data["features"]), date_format=data["date_format"],
                    fill=data["fill"], duplicates=data["duplicates"], every=data.get("every"))
    model_freq = data["freq"], data["freq_label"]
    try:
        try:
            return load_panel(data_path, spec, model_freq, layout)
        except DatesNotInFormat:
            # A fresh export that writes its dates otherwise ('01/06/2015' after '2015-06-01'):
            # read as training would have, and said; the calendar is still the model's.
            panel = load_panel(data_path, replace(spec, date_format=None), model_freq, layout)
            return replace(panel, warnings=(
                *panel.warnings, f"{data_path}: its dates are written as "
                f"{panel.date_format}, not as the training data's {data['date_format']}: "
                "read so"))
    except SeveralSeries as err:
        trained_on = "one series" if layout == "single" else "a file of columns, one a series"
        raise InputError(f"{data_path}: its timestamps repeat and {show_list(err.columns)} "
                         f"may name several series, but the model ({path}) was trained on "
                         f"{trained_on}; train a model on this file to forecast each") from None
    except ColumnNotFound as err:
        roles = {data["time_col"]: "time column", **dict.fromkeys(
                 bundle.series_ids if layout == "wide" else [data["target"]], "target"),
                 **({data["id_col"]: "id column"} if layout == "long" else {}),
                 **{f: "feature" for f in data["features"]}}
        role, missing = roles.get(err.column, err.role), [err.column]
        if role == "feature":  # every one it lacks, not the first alone
            found = {c.strip().casefold() for c in err.searched}
            missing = [f for f in data["features"] if f.strip().casefold() not in found] or missing
        raise InputError(f"{data_path}: no column {' or '.join(map(repr, missing))}, which the "
                         f"model ({path}) uses as its {role}{'s' * (len(missing) > 1)}; give "
                         f"data with the training CSV's columns "
                         f"({', '.join(map(repr, roles))}) or retrain") from None
