"""Prediction, the training pipeline run backwards: model file + fresh CSV → same cleaning →
each series' last window → the ensemble → the target's units → future timestamps."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .bundle import Bundle
from .calendar import (
    closes_on_holidays,
    data_stamp,
    follows,
    future_timestamps,
    holidays_of,
    periods_between,
    stamp_of,
    step_slack,
)
from .calibrate import borrows_width, interval_bands
from .closures import without_closed_days
from .covered import absent, behind, for_ids
from .data.columns import show_list
from .data.panels import summarise_notes
from .errors import InputError
from .evaluate import forecast_levels
from .fresh import changed_history, read_like_training, training_data
from .holidays import closed_days, closed_through, series_holidays
from .intervals import DEFAULT_LEVELS, check_levels, rows_scaled
from .live import filled_windows_warning
from .origin import (
    as_of_stamp,
    cut_history,
    cut_warning,
    first_trained_rows,
    interpolated,
    no_origin,
    origin_row,
    rows_apart,
    trained_from,
    trained_until,
)
from .panel import Panel
from .preprocess import in_target_units, panel_rows, require_positive, window_bases
from .sessions import session_of
from .states import averaged_base, averages_seasons, choose_state, with_day_effects_of
from .told import file_warnings, told_by
from .zones import in_zone, sub_daily_step, trained_zone, wall_clock_zone

# data this many periods past the model's last timestamp, and this long past it, or a year:
# suggest retraining (an hourly model's 30 hours, a monthly one's 30 months are no measure)
STALE_PERIODS, STALE_SPAN, STALE_YEAR = 30, pd.Timedelta(days=14), pd.Timedelta(days=366)


@dataclass
class Forecast:
    time_col: str
    target: str  # the target column, or "value" for a wide file's columns
    times: pd.DatetimeIndex  # (k,) future timestamps
    values: np.ndarray  # (k,) forecasts in the target's units
    as_of: pd.Timestamp  # the latest forecast origin
    warnings: list[str] = field(default_factory=list)
    id_col: str | None = None  # None for a file of one series
    ids: list[str] = field(default_factory=list)  # (k,) the series of each row of a panel
    date_format: str | None = None  # how the data wrote its times, e.g. "%Y" for bare years
    decimals: int | None = None  # decimals the data writes its values with
    levels: tuple[float, ...] = ()  # prediction interval levels, in percent
    lower: np.ndarray | None = None  # (V, k) lower bounds, one row per level
    upper: np.ndarray | None = None  # (V, k) upper bounds
    origins: dict[str, pd.Timestamp] = field(default_factory=dict)  # a panel's, by series
    zone: str | None = None  # stamps written with this zone's offsets (``zones``)
    fold: np.ndarray | None = None  # (rows,) each the second of a time an autumn change repeats
    series_decimals: dict | None = None  # a panel's series' own decimals, by id


def forecast(bundle: Bundle, path: str, data_path: str | None = None,
             horizon: int | None = None, as_of: str | None = None,
             ids: list[str] | None = None, levels=DEFAULT_LEVELS) -> Forecast:
    """Forecast the steps after the last row of each series of ``data_path`` (default: the
    training CSV), or after the row at ``as_of``, with prediction intervals at ``levels``
    percent (none when empty); ``ids`` restricts the series; ``path``: the model file's."""
    data_path = data_path or training_data(bundle, path)
    panel = read_like_training(bundle, path, data_path, ids)
    return forecast_panel(bundle, path, panel, data_path, horizon, as_of, ids, levels)


def steps_of(bundle: Bundle, horizon: int | None) -> int:
    """The steps to forecast: ``horizon``, checked against the model's (all of them: None)."""
    if (K := bundle.recipe.horizon) and horizon is None:  # (every horizon is 1 or more)
        return K
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not 1 <= horizon <= K:
        raise InputError((f"--horizon must be between 1 and {K} (the model forecasts {K} "
                          "steps at once)" if K > 1 else "--horizon must be 1 (the model "
                          "forecasts 1 step)") + f", got {horizon!r}")
    return horizon


def forecast_panel(bundle: Bundle, path: str, panel: Panel, data_path: str,
                   horizon: int | None = None, as_of: str | None = None,
                   ids: list[str] | None = None, levels=DEFAULT_LEVELS,
                   say_behind: bool = True, instants: bool = True) -> Forecast:
    """``forecast`` of a panel already read like the training data; ``say_behind``: warn of
    the series that end before the data's latest row (not a backtest's, cut at a cutoff);
    ``instants``: stamped in a zone of changing offsets, rows one real step apart, the hour an
    autumn change repeats twice (``zones.in_zone``; not a backtest's, scored against the
    data's one row of that wall-clock hour)."""
    say_behind = say_behind and as_of is None
    if bundle.parts is not None:
        fc = _forecast_each(bundle, path, panel, data_path, horizon, as_of, ids, levels,
                            instants)
        fc.warnings.extend(behind(panel.select(list(dict.fromkeys(fc.ids))), panel.time.max())
                           if say_behind else [])  # of the series forecast
        return fc
    levels, data, recipe = check_levels(levels), bundle.data, bundle.recipe
    K, horizon = recipe.horizon, steps_of(bundle, horizon)
    if not follows(panel.freq, data["freq"]):
        raise InputError(f"{data_path}: the data is {panel.freq_label} ({panel.freq}) but the "
                         f"model was trained on {data['freq_label']} data ({data['freq']}); "
                         "use data at the model's frequency or retrain")
    every_time, held = panel.time, panel.held_times  # every series', --id's or not
    panel, lost = for_ids(panel, ids, data_path, bundle.series_ids)
    single = len(panel) == 1 and data.get("layout", "single") == "single"
    # Rows newer than training's (a cron job's): what training said is not said again each run
    newer = panel.time.max() > stamp_of(data["last_timestamp"])
    warnings = file_warnings(panel, told_by(data) if newer else (), stamp_of(
        data["last_timestamp"]) if newer else None, ids) + lost  # (not what training said)
    stamp = as_of_stamp(as_of, panel)
    fitted = stamp_of(bundle.manifest["training"].get("fitted_until") or "NaT")
    if stamp is not None and stamp < fitted:  # never so when not recorded (NaT)
        warnings.append(f"--as-of {as_of}: the origin lies inside the data the saved model was "
                        f"fitted on (up to {data_stamp(fitted, panel.date_format)}); this "
                        "forecast is in-sample, not a test")
    known = dict(zip(bundle.series_ids, bundle.states, strict=True))
    learned = any(bundle.manifest["training"].get("best_epoch", [1]))
    # one series forecast by its base alone (no network, no Theta): no window read, the rows
    # its base reads suffice (a cron job's short export), and the base forecasts them all
    # (Theta's base reads every row: its window's rows still needed, as a network's)
    by_base = single and not learned and not recipe.theta_mean and bundle.states[0].base != "theta"
    averages = averages_seasons(len(known), learned)
    origins, states, kept, short, ended, at_stamp = [], [], [], [], [], False
    stepped = []  # the series skipped as their rows came farther apart since training
    unseen_ids, alone_notes = [], []  # said once for all such series, after the loop
    skipped = set(bundle.manifest["training"].get("skipped_short", []))  # as too short
    L, slack = recipe.lookback, step_slack(data["freq"])  # weeks on several weekdays: 6 days
    trained, first = trained_until(bundle, panel), trained_from(bundle, panel)
    cut = []  # series whose file starts after their training rows did, too late for the bases
    warnings += changed_history(bundle, panel, trained)
    past = panel.up_to(stamp)  # the calendar as of --as-of: no later Christmas, clock change
    shared = holidays_of(panel.freq, held if stamp is None else held[held <= stamp],
                         past.shut_stamps, data.get("holidays", ()),  # (closures: of one
                         single and (bundle.format_version or 17) >= 17)  # series, format 17)
    rules = (series_holidays(past.time, past.indptr, range(len(panel)), shared, bundle.own_holidays(
        panel.ids)) if closes_on_holidays(panel.freq) else [shared] * len(panel))  # (days: each's)
    # days a series was shut while others traded (of days: a session's bars may stop mid-day)
    shut = rules if panel.freq == "B" else [()] * len(panel)
    for s, sid in enumerate(panel.ids):
        lo, hi = int(panel.indptr[s]), int(panel.indptr[s + 1])
        end = origin_row(panel.time[lo:hi], stamp, as_of, data_path, single, slack, shut[s])
        if end is None and stamp > panel.time[hi - 1]:  # it ended before: from its last row,
            end = hi - lo - 1  # as a forecast without --as-of starts it
        elif end is None:
            warnings.append(f"series {sid!r} skipped: no row at --as-of {as_of}")
            continue
        if stamp is not None and interpolated(panel, data.get("fill"), lo + end):
            why = (f"--as-of {as_of}: that row was a gap filled by interpolation, from the row "
                   "after it (the future of this origin)")
            if single:
                raise InputError(f"{data_path}: {why}",
                                 fallback="give the time of a row the file has")
            warnings.append(f"series {sid!r} skipped: {why}")
            continue
        if stamp is not None and panel.filled is not None and panel.filled[lo + end]:
            warnings.append(("" if single else f"series {sid!r}: ") + f"--as-of {as_of}: the "
                            f"file has no value there; the forecast starts from the one "
                            f"--fill {data.get('fill')} put there")
        apart, before = rows_apart(panel, lo, end, trained[s])
        if apart >= 2 * before:  # a day's outage, a holiday leave the median alone
            why = (f"its rows since the model's last ({data_stamp(trained[s], panel.date_format)})"
                   f" are {apart} steps apart, its training rows {before} (the model's steps: "
                   f"{data['freq_label']})")
            if single:
                raise InputError(f"{data_path}: {why}", fallback="use data at the model's "
                                 "frequency or retrain")
            warnings.append(f"series {sid!r} skipped: {why}")
            stepped.append((sid, why))
            continue
        state = known.get(sid) if not single else bundle.states[0]
        if unseen := state is None:
            history = panel.target[lo : lo + end + 1]
            state = choose_state(history, "auto", recipe.season, K,
                                 bool(np.all(history > 0)))
            if averages:  # as training chose the bases of the series it saw
                state = averaged_base(state, history, recipe.season, K, L, not learned,
                                      panel.freq, len(known))
            state = with_day_effects_of(state, panel, lo, end + 1, len(known))  # as training
        season = recipe.base_season(state.base)  # a week of seasons for a weekly base
        need = season if by_base else recipe.rows_read(state.base)
        alone = end + 1 < need
        if alone:
            why = (f"lookback {L}" + (f", season {season}" if need > L else "") if need >= L
                   else ("a week of seasons" if state.base.startswith("weekly") else "a season")
                   + ", which its base reads: no network of the model forecasts")
            if single:
                raise InputError(f"{data_path}: {_rows(end + 1)} up to the forecast origin, but "
                                 f"the model needs {need} ({why}); give more history")
            last = state.base == "last" or end + 1 < season  # a panel's: its base, no refusal
            new = unseen and sid not in skipped
            alone_notes.append((sid, f"{_rows(end + 1)} up to its forecast origin, fewer than "
                                     f"the model reads ({need}: {why}); forecast by its base "
                                     "alone" + (" (the last value)" if last else "")
                                + ("; it was not in training" if new else "")))
            need = 1 if last else season  # the rows its base reads
        elif unseen:
            unseen_ids.append(sid)
        elif (reads := cut_history(panel, lo, end, (first[s], trained[s]), recipe.rows_reached(
                state.base, not by_base), rows_scaled(L, recipe.season))) is not None:
            cut.append((sid, reads))
        if state.mode == "log":
            try:
                require_positive(panel, slice(lo + end + 1 - need, lo + end + 1), sid,
                                 data_path)
            except InputError as err:
                if single:
                    raise
                warnings.append(f"series {sid!r} skipped: {err.describe(())}")
                continue
        if stamp is not None and panel.time[lo + end] < stamp - slack and not closed_through(
                panel.time[lo + end], stamp, shut[s]):
            ended.append(sid)
        else:
            at_stamp = stamp is not None
        origins.append(lo + end)
        states.append(state)
        kept.append(s)
        short.append(alone)
    # numbered steps share no calendar: a series that ends early is only a shorter one
    if not origins and stepped:  # the reason, not 'too little history'
        raise InputError(f"{data_path}: series {stepped[0][0]!r}: {stepped[0][1]}" + (
            f" (and {len(stepped) - 1} more series so)" if len(stepped) > 1 else ""),
            fallback="use data at the model's frequency or retrain")
    warnings += summarise_notes(alone_notes, kind="warning") + (
        behind(panel.select([panel.ids[s] for s in kept]), every_time.max(),
               [shut[s] for s in kept])
        if say_behind and panel.freq != "ns" and kept else [])
    if not (single or ids or data.get("layout", "single") == "single"):
        warnings += absent(bundle.series_ids, panel, data_path)
    for ids_, why in (([s for s in unseen_ids if s not in skipped], "not in training"),
                      ([s for s in unseen_ids if s in skipped],
                       "too short to train on when the model was trained")):
        if ids_:
            one, by = len(ids_) == 1, ("the global model" if learned else
                                       "a base alone (the model kept no network)")
            warnings.append((f"series {ids_[0]!r} was" if one else
                             f"{len(ids_)} series ({show_list(ids_, 8)}) were")
                            + f" {why}: forecast by {by} from "
                            + ("its" if one else "their") + " own history")
    warnings += cut_warning(cut, single)
    if ended:
        warnings.append(f"{len(ended)} series ended before --as-of {as_of}, each forecast "
                        f"from its last row: {show_list(ended, 8)}")
    if not origins or (all(short) and not ids) or (stamp is not None and not at_stamp and not
                                                    every_time.isin([stamp]).any()):  # --id's
        raise no_origin(panel, data_path, as_of, stamp, L)

    origins = np.asarray(origins, dtype=np.int64)
    warnings += filled_windows_warning(panel, origins, L, single, trained, rules)
    starts = first_trained_rows(panel, kept, origins, first)
    every = [bundle.states[0]] * len(panel)  # series skipped above: never read
    for s, state in zip(kept, states, strict=True):
        every[s] = state
    rows = panel_rows(panel, every)
    short = np.asarray(short, dtype=bool) | by_base  # (the networks would add 0: the same)
    values = np.empty((len(origins), K))
    values[~short] = forecast_levels(bundle.models, rows, origins[~short], recipe,
                                     compiled=False)
    values[short] = in_target_units(window_bases(rows, origins[short], recipe), rows,
                                    origins[short], recipe.season)
    lower = upper = None
    if levels and bundle.calibration is not None:
        if not len(bundle.calibration):
            warnings.append("no out-of-sample error of the model could be scaled (a constant "
                            "series?): its intervals have no width")
        lower, upper = interval_bands(rows, origins, starts, recipe, values, bundle.calibration,
                                      levels, bundle.metrics_of("intervals").get("typical_scales"))
        flat = [panel.ids[kept[i]] for i in np.flatnonzero(np.all(lower == upper, axis=(0, 2)))]
        borrowed = [panel.ids[kept[i]] for i in np.flatnonzero(borrows_width(
            rows, origins, starts, recipe)) if panel.ids[kept[i]] not in flat]
        if borrowed:  # (one row, or a few equal ones; a base alone's one row: no name)
            warnings.append("the series has no change in the file yet, so its intervals take "
                            "the training data's typical width" if single else
                            f"series {show_list(borrowed, 5)}: no change of its own yet, so "
                            "its intervals take the other series' typical width")
        if flat and len(bundle.calibration) and not np.nanmax(bundle.calibration) > 0:
            warnings.append("every out-of-sample error the intervals are calibrated on was 0 "
                            "(validation and test periods without a change): they have no width")
        elif flat and len(bundle.calibration):
            named = (f"series {', '.join(map(repr, flat[:5]))}"
                     f"{' and others' if len(flat) > 5 else ''}" if not single else "the series")
            warnings.append(f"{named}: no variation in the rows before the forecast origin, so "
                            "the intervals have no width")
        lower, upper = (b[:, :, :horizon].reshape(len(levels), -1) for b in (lower, upper))
    elif levels:
        warnings.append(f"the model file {path} holds no interval calibration (trained by an "
                        "older lstmcast); no intervals: retrain to get them")
        levels = ()
    values = values[:, :horizon]
    if (bad := np.flatnonzero(~np.all(np.isfinite(values), axis=1))).size:
        raise InputError(f"{data_path}: the forecast is not finite (the data near "
                         f"{panel.time[origins[bad[0]]]} is far outside what the model saw); "
                         "retrain")
    ends = [(panel.time[o], rules[s]) for o, s in zip(origins, kept, strict=True)]
    ahead = {end: future_timestamps(end[0], panel.freq, horizon, end[1])  # series that end
             for end in dict.fromkeys(ends)}  # together on one calendar share them
    stamps = [ahead[end] for end in ends]
    last_origin = max(panel.time[o] for o in origins)
    # the model's series' own last training rows (one that ended early is not stale; none: no end)
    mine = [k for k, s in enumerate(kept) if single or panel.ids[s] in known]
    latest = [(panel.time[origins[k]], trained[kept[k]]) for k in mine or range(len(kept))]
    warnings += _staleness(max(o for o, _ in latest), max(t for _, t in latest), data["freq"],
                           as_of is not None or not mine, shared or (), panel.date_format)
    times = pd.DatetimeIndex(np.concatenate([t.asi8 for t in stamps]).view("datetime64[ns]"))
    return in_zone(without_closed_days(Forecast(
        panel.time_col, panel.value_label, times, values.reshape(-1), last_origin, warnings,
        None if single else panel.id_col, [panel.ids[s] for s in kept for _ in range(horizon)],
        panel.date_format, panel.decimals, levels, lower, upper, {} if single else {
            panel.ids[s]: panel.time[o] for s, o in zip(kept, origins, strict=True)},
        series_decimals=None if single else panel.series_decimals), panel.freq, shared),
        trained_zone(data.get("zone"), panel.zone, last_origin), None if panel.zone else (
            data.get("clock_zone") or wall_clock_zone(past.time, past.indptr, past.filled)),
        sub_daily_step(panel.freq) if instants else None)


def _forecast_each(bundle: Bundle, path: str, panel: Panel, data_path: str, horizon, as_of,
                   ids, levels, instants: bool = True) -> Forecast:
    """A per-series model file: each series forecast by its own model, in the panel's order."""
    own = {part.series_ids[0]: part for part in bundle.parts}
    panel, lost = for_ids(panel, ids, data_path, list(own))
    pieces, warnings = [], lost if ids else absent(list(own), panel, data_path)
    short = set(bundle.manifest["training"].get("skipped_short", []))
    warnings += summarise_notes([(sid, "no model of its own (it was " + (  # (a few, and a count)
        "too short to train on" if sid in short else "not in training") + "); skipped")
        for sid in panel.ids if sid not in own], kind="warning")
    for sid in [sid for sid in panel.ids if sid in own]:
        try:
            pieces.append(forecast_panel(own[sid], path, panel.select([sid]), data_path, horizon,
                                         as_of, None, levels, instants=instants))
        except InputError as err:
            warnings.append(f"series {sid!r} skipped: {err.describe(())}")
    if not pieces:
        raise InputError(f"{data_path}: no series could be forecast ({warnings[0]})")
    first = pieces[0]
    levels = first.levels if all(p.levels == first.levels for p in pieces) else ()
    bands = [np.concatenate([getattr(p, side) for p in pieces], axis=1) if levels else None
             for side in ("lower", "upper")]
    # a series' own model says "the series": each warning names the series that said it, or all
    said: dict[str, list] = {}
    for piece in pieces:
        for text in piece.warnings:
            said.setdefault(text, []).extend(dict.fromkeys(piece.ids))
    warnings += [text if text.startswith("series ") or len(sids) == len(pieces) else
                 f"series {show_list(sids, 5)}: {text}" for text, sids in said.items()]
    return Forecast(first.time_col, first.target,
                    pd.DatetimeIndex(np.concatenate([p.times.asi8 for p in pieces])
                                     .view("datetime64[ns]")),
                    np.concatenate([p.values for p in pieces]), max(p.as_of for p in pieces),
                    list(dict.fromkeys(warnings)), first.id_col,
                    [i for p in pieces for i in p.ids], first.date_format, first.decimals,
                    levels, *bands, {k: t for p in pieces for k, t in p.origins.items()},
                    series_decimals=first.series_decimals, zone=first.zone,
                    fold=None if all(p.fold is None for p in pieces) else np.concatenate([
                        np.zeros(len(p.times), bool) if p.fold is None else p.fold
                        for p in pieces]))


def _staleness(origin: pd.Timestamp, last_seen: pd.Timestamp, freq: str,
               as_of_given: bool, holidays=(), written: str | None = None) -> list[str]:
    """A warning where the data ends before the model's, or runs STALE_PERIODS of its own
    calendar (``holidays`` no periods) and STALE_SPAN past it, or a year and two periods;
    times as the data writes them (``written``: its date format)."""
    if not as_of_given and origin + step_slack(freq) < last_seen:
        return [f"the data ends at {data_stamp(origin, written)}, before the last timestamp the "
                f"model was trained on ({data_stamp(last_seen, written)}); forecasting from there"]
    if origin < last_seen:
        return []
    closed = len(closed_days(holidays, last_seen + pd.Timedelta(days=1), origin)) \
        if closes_on_holidays(freq) else 0  # a trading session's: each day its bars
    ahead = periods_between(last_seen, origin, freq) - closed * getattr(session_of(freq),
                                                                         "bars", 1)
    span = origin - last_seen if freq != "ns" else STALE_YEAR  # numbered steps: no time
    if (ahead > STALE_PERIODS and span > STALE_SPAN) or (span > STALE_YEAR and ahead >= 2):
        return [f"the data runs {ahead} periods past what the model was trained on (up to "
                f"{data_stamp(last_seen, written)}); consider retraining"]
    return []


def _rows(n: int) -> str:
    return f"{n} row{'' if n == 1 else 's'}"
