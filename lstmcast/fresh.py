"""Fresh data read as the model's training data was: the file ``predict``, ``backtest`` and
``plot`` read by default, and the columns, date format, cleaning and layout the model file
records, so the same rows give the network the same inputs they gave it in training."""

from __future__ import annotations

import os
import re
from dataclasses import replace

import numpy as np
import pandas as pd

from .bundle import MOVES_READ, Bundle
from .calendar import PERIOD_WRITERS, STEPS, WRITTEN_AS_IS, data_stamp, stamp_of
from .config import FIELDS, DataSpec, name_list, read_config
from .data import load_panel
from .data.beside import ID_COL, OTHER_ID_COL
from .data.columns import as_row, show_list
from .data.read import read_table
from .errors import ColumnNotFound, DatesNotInFormat, InputError, SeveralSeries
from .holidays import closed_days
from .metrics import naive_scale
from .panel import Panel
from .zones import fixed_offset, offset_minutes

_DAY_MONTH = re.compile(r"%d.%m|%m.%d")  # formats whose order an export may swap


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


COLUMN_KEYS = ("time_col", "target", "id_col", "features")  # what the forecast is of
READ_KEYS = ("date_format", "fill", "duplicates", "every", "encoding")  # how the rows were cleaned


def config_for_training(config: str | None, bundle: Bundle, path: str) -> list[str]:
    """Warnings for what a ``--config`` file sets that ``predict`` does not use because the
    model fixed it in training (a file shared by ``train`` and ``predict`` sets both): a
    training setting, or a way of reading rows, other than the model's. A column other than
    the model's is an error: the forecast would be of the model's column, taken for the
    file's."""
    if not config:
        return []
    data, differ = bundle.data, []
    for name, value in read_config(config).items():
        group = FIELDS[name][0]
        if name in COLUMN_KEYS:
            if not _same_columns(name, value, bundle):
                raise InputError(
                    f"{config}: [data] {name} = {value!r}, but the model ({path}) was trained "
                    f"on {_shown(_trained_columns(name, bundle))}; predict forecasts what the "
                    f"model learned: train a model on {value!r} (or leave the key out for predict)")
        elif name in READ_KEYS or name == "ids":  # (predict's own --id picks series)
            trained = tuple(data.get(name) or ()) if name == "ids" else data.get(name)
            if value != trained:
                differ.append(f"[data] {name} = {value!r} (the model's: {trained!r})")
        elif group in ("model", "fit", "eval"):
            trained = getattr(getattr(bundle.settings, group), name)
            if value != trained:
                differ.append(f"[{group}] {name} = {value!r} (the model's: {trained!r})")
    if not differ:
        return []
    them = "them" if len(differ) > 1 else "it"
    return [f"{config}: {'; '.join(differ)}: not used by predict, which reads and forecasts as "
            f"the model ({path}) was trained; train again to change {them}"]


def _shown(columns) -> str:
    return show_list(columns) if isinstance(columns, list) else repr(columns)


def _trained_columns(name: str, bundle: Bundle):
    data = bundle.data
    if name == "target" and data.get("layout") == "wide":
        return list(bundle.series_ids)
    return list(data["features"]) if name == "features" else data.get(name)


def _same_columns(name: str, value, bundle: Bundle) -> bool:
    """Whether the config's ``value`` of column key ``name`` names the model's column(s), as
    training matches names (in any case, spaces about them aside)."""
    def folded(names):
        return sorted(str(n).strip().casefold() for n in names)

    trained = _trained_columns(name, bundle)
    if value is None or (name == "id_col" and trained is None and str(
            value).strip().casefold() == "none"):
        return True  # found by the model's training, as the config leaves it; or 'none'
    if name == "target" and bundle.data.get("layout") == "wide":
        # the model's series among the file's columns: training skips a column too short
        return str(value).strip().casefold() == "all" or set(folded(trained)) <= set(
            folded(name_list(value)))
    if name == "features":
        return folded(value) == folded(trained)
    return trained is not None and folded([value]) == folded([trained])


def read_like_training(bundle: Bundle, path: str, data_path: str, ids=None) -> Panel:
    """Load ``data_path`` with the columns, date format, cleaning and layout the model was
    trained with: a model of one series (or of a wide file's columns) reads no id column, so
    a cron job's output keeps its columns, and a file whose rows turn out to be several
    series is refused rather than forecast under names the model never had. Of a model
    trained on some series of its file (``--id``), those are read, and those ``ids`` names
    (``predict --id``): the holidays and the latest row are theirs, not of the one named
    alone; of another model, every series (a few rows follow the others' calendar)."""
    data = bundle.data
    layout = data.get("layout", "single")
    counted = data["duplicates"] == "count"  # its target the rows' count, not a column
    spec = DataSpec(time_col=data["time_col"], target=None if counted else data["target"],
                    id_col=data.get("id_col") if layout == "long" else None,
                    features=tuple(data["features"]), date_format=data["date_format"],
                    fill=data["fill"], duplicates=data["duplicates"], every=data.get("every"),
                    encoding=data.get("encoding"),
                    ids=tuple(dict.fromkeys((*data["ids"], *(ids or ())))) if data.get("ids")
                    else ())
    model_freq, dotted = (data["freq"], data["freq_label"]), tuple(data.get("thousands_dots", ()))
    lacking = tuple(map(str, bundle.series_ids))  # a feed may lose one: ``covered`` says so
    if layout == "wide" and data_path != "-" and set(ids or ()) - set(lacking):
        # another column of the file named by --id: a series the model did not train on,
        # forecast as a long file's unseen series is
        header = _columns(data_path, bundle)
        spec = replace(spec, target=as_row([*lacking, *(i for i in dict.fromkeys(ids) if
                                                        i not in lacking and i in header)]) + ",")

    def read(spec: DataSpec) -> Panel:
        try:
            try:
                panel = load_panel(data_path, spec, model_freq, layout, dotted, lacking)
            except ColumnNotFound as err:  # a model (format 16) of names over fields that are
                if err.column != ID_COL or spec.id_col != ID_COL:  # no securities' read them
                    raise  # as 'ticker', now 'series' (``data.beside``)
                panel = replace(load_panel(data_path, replace(spec, id_col=OTHER_ID_COL),
                                           model_freq, layout, dotted, lacking), id_col=ID_COL)
            if panel.date_format == data["date_format"] or data["date_format"] not in (
                    STEPS, *PERIOD_WRITERS, *WRITTEN_AS_IS):
                return _off_its_holidays(_named_as_trained(panel, bundle, data_path), bundle,
                                         data_path)
            # read otherwise ('1961-01-01' after a monthly '1960-12', in ISO 8601): as below
        except InputError as err:
            # A fresh export that writes its dates otherwise ('01/06/2015' after '2015-06-01';
            # '07/01/1991' of July after '01/07/1991', read in the model's order off its
            # calendar): read as training would have, and said; the calendar is the model's.
            if not isinstance(err, DatesNotInFormat) and not _DAY_MONTH.search(
                    data["date_format"] or ""):
                raise
            try:
                panel = load_panel(data_path, replace(spec, date_format=None), model_freq,
                                   layout, dotted, lacking)
            except ColumnNotFound:  # (a Nasdaq export's 'Close/Last' beside m/d/Y dates)
                raise  # a column gone, which the dates' message would hide
            except InputError:
                raise err from None
            if panel.date_format == data["date_format"] and not isinstance(err, DatesNotInFormat):
                raise
        # Written as training's (a job that joins its months on '1982-06' keeps its key the day
        # someone re-saves the file in Excel as '6/1/1982').
        fmt = data["date_format"]  # (ISO where the training data's is ambiguous)
        written = ", and forecasts written as the training data's" * (
            fmt in (STEPS, *PERIOD_WRITERS, *WRITTEN_AS_IS))
        return _off_its_holidays(_named_as_trained(replace(
            panel, date_format=fmt, read_as=panel.date_format, warnings=(
                *panel.warnings, f"{data_path}: its dates are written as "
                f"{panel.date_format}, not as the training data's {fmt}: read so{written}")),
            bundle, data_path), bundle, data_path)

    try:
        try:
            return read(spec)
        except ColumnNotFound as err:  # a wide export that lost a series' column (a currency
            # discontinued): the others are forecast, and it is said as a long file's would be
            ours = {str(sid).strip().casefold() for sid in bundle.series_ids}  # ('euro': 'Euro')
            present = _model_columns(data_path, bundle) if layout == "wide" and str(
                err.column).strip().casefold() in ours and data_path != "-" else []
            if not present:
                raise
            # as a CSV row (a name may hold a comma), a list even of one (its trailing comma):
            return read(replace(spec, target=as_row(present) + ","))  # a wide layout
    except SeveralSeries as err:
        trained_on = "one series" if layout == "single" else "a file of columns, one a series"
        raise InputError(f"{data_path}: {err.why} and {show_list(err.columns)} "
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
    except InputError:
        if layout == "wide" and data_path != "-" and not _model_columns(data_path, bundle):
            # a long export of the same data: its 'value' column is no series of the model
            raise InputError(f"{data_path}: no column of the model's series "
                             f"({show_list(bundle.series_ids)}); the model ({path}) was trained "
                             "on a file of columns, one a series: give data with those columns "
                             "or retrain") from None
        raise


def _off_its_holidays(panel: Panel, bundle: Bundle, data_path: str) -> Panel:
    """``panel`` without its rows on a holiday the model learned from years of rows that
    repeat the value before (a source filling its closed days with the last close: a
    Thanksgiving row was scored as an actual, naive's perfect fill, and narrowed the bands),
    said; a row there with a value of its own is the data's, kept. Only rows after their
    series' training rows: those training read as they are (a rule learned from some year on
    closes its day in the years before it too; a close repeated there is a trading day's)."""
    rules = [tuple(rule) for rule in bundle.data.get("holidays", ())]
    if panel.freq != "B" or not rules or not len(panel.time):
        return panel
    closed = closed_days(rules, panel.time.min(), panel.time.max())
    entries = [e for e in bundle.manifest["series"] if "last" in e]
    if len(entries) == 1 == len(panel):  # one series, whatever the file calls it
        entries = [{**entries[0], "id": panel.ids[0]}]
    trained_to = {str(e["id"]): stamp_of(e["last"]).value for e in entries}
    # a series not trained on: its rows after the training data's end (a wide file's column
    # named by --id lost four of its 1978 rows to a rule kept from 1986 on)
    after = np.repeat([trained_to.get(str(sid), max(trained_to.values(), default=np.iinfo(
        np.int64).min)) for sid in panel.ids], panel.lengths)
    on = panel.time.normalize().isin(pd.DatetimeIndex(sorted(closed))) & (
        panel.time.asi8 > after)
    drop = on & np.r_[False, panel.target[1:] == panel.target[:-1]]
    drop[panel.indptr[:-1][panel.lengths > 0]] = False  # (a series' first repeats nothing)
    if not drop.any():
        return panel
    first = data_stamp(panel.time[drop].min(), panel.date_format)
    return replace(panel.without_rows(drop), warnings=(
        *panel.warnings, f"{data_path}: dropped {int(drop.sum())} row(s) on holidays the model "
        f"learned, each repeating the value before (first {first}): a source that fills its "
        "closed days"))


def _columns(data_path: str, bundle: Bundle) -> list[str]:
    """The columns of the file's header, read as the model reads the file."""
    return [str(c) for c in read_table(data_path, [], encoding=bundle.data.get(
        "encoding")).frame.columns]


def _model_columns(data_path: str, bundle: Bundle) -> list[str]:
    """The columns of the file's header that are a wide model's series (in any case)."""
    series = {str(sid).strip().casefold() for sid in bundle.series_ids}
    return [c for c in _columns(data_path, bundle) if c.strip().casefold() in series]


def on_trained_clock(panel: Panel, trained: str | None, data_path: str) -> Panel:
    """``panel`` with its times on the wall clock of the offset the model was trained at, where
    both are fixed offsets that differ (an export that wrote UTC, 'Z', now writes '+05:30':
    the same instants on another clock, which compared as written ended before training did,
    or had rows after it that were training's), said; else as it is."""
    if trained is None or panel.zone is None:
        return panel
    at, trained_at = offset_minutes(panel.zone), offset_minutes(trained)
    if at is None or trained_at is None:  # a zone of changing offsets: ``trained_zone``
        return panel
    if at == trained_at:  # ('Z' is '+00:00')
        return replace(panel, zone=trained)
    return replace(panel, time=pd.DatetimeIndex(panel.time + pd.Timedelta(minutes=trained_at - at)),
                   zone=trained, warnings=(
        *panel.warnings, f"{data_path}: its times are written at UTC{fixed_offset(at)}, the "
        f"training data's at UTC{fixed_offset(trained_at)}: read as the same instants on the "
        "training data's clock, and written so"))


def _named_as_trained(panel: Panel, bundle: Bundle, data_path: str) -> Panel:
    """``panel`` under the training data's column names where the fresh file spells them
    otherwise (columns are matched by name alone, so only in case or spaces: 'Symbol' for
    'symbol'; a wide file's series 'japan' for 'Japan'): a cron job's output keeps its header
    and its series' names, and the change is said."""
    data = bundle.data
    panel = on_trained_clock(panel, data.get("zone"), data_path)
    trained = {"time_col": data["time_col"],
               **({"target_col": data["target"]} if panel.layout != "wide" else {}),
               **({"id_col": data.get("id_col")} if panel.layout == "long" else {})}
    renamed = {key: name for key, name in trained.items()
               if name is not None and getattr(panel, key) != name}
    said = [f"{getattr(panel, key)!r} as {name!r}" for key, name in renamed.items()]
    # a wide file's columns are its series: 'japan' is the model's 'Japan'; a long file's ids
    # too ('canada, cad' after 'Canada, CAD': a new series, the model's unforecast), and as
    # numbers: a store '1.0' (pandas wrote it a float) or '1' ('001' after an Excel re-save)
    # is the model's '001', where one of its ids has that number alone
    def key(sid: str) -> str:
        return _id_number(sid).strip().casefold()
    own: dict = {}
    for sid in bundle.series_ids:
        own.setdefault(key(str(sid)), []).append(sid)
    known = set(bundle.series_ids)  # (a list: 48,000 series' ids looked up in it took 22 s)
    ids = tuple(sid if sid in known or len(own.get(key(sid), ())) != 1
                else own[key(sid)][0] for sid in panel.ids)
    if panel.layout in ("wide", "long") and ids != panel.ids and len(set(ids)) == len(ids):
        said += [f"{a!r} as {b!r}" for a, b in zip(panel.ids, ids, strict=True) if a != b]
        renamed |= {"ids": ids}
    if not renamed:
        return panel
    said = ", ".join(said)
    return replace(panel, **renamed, warnings=(
        *panel.warnings, f"{data_path}: its columns" + (" or series" if "ids" in renamed else "")
        + f" are spelled otherwise than the training data's: read {said}, and written so"))


def _id_number(sid: str) -> str:
    """An id written as a whole number, as the number ('001', '1', '1.0': '1'); any other as
    it is."""
    text = sid.strip()
    return str(int(float(text))) if re.fullmatch(r"[+-]?\d{1,15}(?:\.0*)?", text) else sid


MOVED_STEPS = 10  # the series' typical moves a value must shift by to be another history
MOVED_SHARE = 0.01  # ... and at least this share of its size


def changed_history(bundle: Bundle, panel: Panel, stamps: list[pd.Timestamp]) -> list[str]:
    """A warning naming the series whose value at their last training row is not the one the
    model was trained on, by more than MOVED_STEPS of the series' mean one-step move there
    (the less of the file's and, where the model keeps it, training's: two columns swapped each
    bring the other's moves): another column under its name (a wide export's columns swapped:
    the yen's 112 under 'Australia', forecast as the Australian dollar's 1.31 would be), a
    price history adjusted for a split. A revision within the usual moves, or other rounding,
    is no news; and, where the value trained on stands a row away, rows dated a step off
    training's (told first). ``stamps``: each series' last training time
    (``origin.trained_until``)."""
    kept = {entry["id"]: (entry.get("last_value"), entry.get("last_move"))
            for entry in bundle.manifest["series"]}
    tails = {entry["id"]: entry.get("last_values") for entry in bundle.manifest["series"]}
    if bundle.data.get("layout", "single") == "single":
        kept = dict.fromkeys(panel.ids, next(iter(kept.values())))
        tails = dict.fromkeys(panel.ids, next(iter(tails.values())))
    ticks = panel.time.asi8
    moved, shifted = [], []
    for s, sid in enumerate(panel.ids):
        was, trained_move = kept.get(sid, (None, None))  # (a model of before: no move kept)
        lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
        row = lo + int(np.searchsorted(ticks[lo:hi], stamps[s].value))
        if was is None or row == hi or ticks[row] != stamps[s].value or (
                panel.filled is not None and panel.filled[row]):
            continue
        now = float(panel.target[row])
        if now == was:
            continue
        # the last values trained on, a row away: every row is dated a step off training's (a
        # re-export of dates as the UTC times of midnights east of it, 22:00Z the day before);
        # not one value (a day's partial count of 0 completed, the day before's 0 too)
        if (off := _shifted(panel.target[lo:hi], row - lo, tails.get(sid))) is not None:
            shifted.append((sid, data_stamp(stamps[s], panel.date_format),
                            data_stamp(panel.time[row + off], panel.date_format)))
            continue
        typical = np.nan_to_num(naive_scale(panel.target[max(lo, row - MOVES_READ) : row + 1]))
        if trained_move is not None and np.isfinite(trained_move):  # as ``bundle`` keeps it
            typical = min(typical, trained_move)
        # a rate held flat moves by nothing: its rounding (8.2765 as 8.28) is no new history
        if abs(now - was) > max(MOVED_STEPS * typical, MOVED_SHARE * max(abs(now), abs(was))):
            moved.append((sid, f"{data_stamp(stamps[s], panel.date_format)}: {now:.6g}, "
                               f"trained on {was:.6g}"))
    why = ("by more than the series' usual moves (another column under its name, a history "
           "adjusted or revised?); the model was fitted on the old values: retrain on these")
    said = [(f"series {sid!r}" + (f" and {len(shifted) - 1} more" if len(shifted) > 1 else "")
             + ": ") * (bundle.data.get("layout", "single") != "single")
            + f"the value trained on at {then} is dated {here} in this file: its rows are dated "
            "a step off the training data's (times written in another zone?), and so are the "
            "forecasts" for sid, then, here in shifted[:1]]
    if not moved:
        return said
    if bundle.data.get("layout", "single") == "single":  # one series, unnamed
        return said + [f"the value at {moved[0][1]}, differs {why}"]
    named = ", ".join(f"{sid!r} (at {what})" for sid, what in moved[:3])
    more = f" and {len(moved) - 3} more" if len(moved) > 3 else ""
    return said + [f"series {named}{more}: the value{'s' * (len(moved) > 1)} at the last "
                   f"training row differ{'s' * (len(moved) == 1)} from the training data's {why}"]


def _shifted(y: np.ndarray, row: int, tail) -> int | None:
    """-1 or 1 where the values ``tail`` (the last a model was trained on, up to its row
    ``row`` of the series ``y``) stand that many rows away in ``y``; None where they do not,
    or are too few or too alike to tell (a flat run matches any shift)."""
    if not tail or len(tail) < 3 or len(set(tail)) < 3:
        return None
    n = len(tail)
    for off in (-1, 1):
        start = row + off - n + 1
        if 0 <= start and row + off < len(y) and np.array_equal(y[start : row + off + 1], tail):
            return off
    return None
