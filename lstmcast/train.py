"""Training, top to bottom: size → preprocess → window → fit → evaluate → calibrate → refit →
manifest (loading the file and writing the model are ``jobs.train_file``'s).

    result = train_panel(load_panel("prices.csv", spec), Settings.build(horizon=7))

One global model learns from the windows of every series of the panel (a file of one series is
a panel of one). The library never prints: progress goes to ``on_epoch``, notes to ``on_note``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .bundle import build_manifest
from .calendar import format_stamp, holidays_of
from .calibrate import base_origins, errors_at
from .combine import with_theta_if_better
from .config import MIN_TRAIN_WINDOWS, Settings
from .data.gaps import after_outages
from .disown import SET_ASIDE, set_aside
from .engine import LSTMForecaster, compile_kernels, kernels_cached
from .errors import TrainingError
from .evaluate import forecast_levels, saved_states, test_period
from .fit import MemberTask, fit_members
from .holiday_words import holidays_note_of
from .interrupts import held_interrupts, stopped_while_held
from .panel import Panel
from .preprocess import Recipe, check_values, panel_rows
from .sizing import long_enough, resolve, rows_needed, season_from_values, sized_on, unseasoned_why
from .state_words import additive_why, describe_states
from .states import averaged_bases, averages_seasons, base_rows, series_states
from .trust import halved_correction
from .windows import Windows, panel_origins, require_windows

SAID_SERIES = 200  # series from which the work between the fit and the scores is said (414
# hourly series: 37 s of silence, after a Ctrl-C too)


@dataclass
class TrainResult:
    models: list[LSTMForecaster]  # the ensemble's members
    manifest: dict
    metrics: dict
    calibration: np.ndarray  # (n, K) scaled out-of-sample errors: the prediction intervals
    test_paths: dict  # test-period forecasts one horizon apart, for plots (bundle.TEST_PATHS)
    notes: list[str] = field(default_factory=list)
    interrupted: bool = False

    @property
    def model(self) -> LSTMForecaster:
        return self.models[0]


def train_panel(panel: Panel, settings: Settings, on_epoch=None, on_note=None,
                on_compile=None, on_warning=None, executor=None) -> TrainResult:
    """Everything but the file I/O.

    Notes (the loader's first) reach ``on_note`` only once the data has passed every check, so
    a bad file or flag gives one ``error:`` line and nothing else; warnings among them (rows
    dropped, values filled, series skipped) go to ``on_warning`` instead. ``on_compile`` is
    called then too, when the kernels are about to be compiled (a long pause, once per machine).
    """
    notes: list[str] = []
    held: list[str] | None = list(panel.notes)

    def tell(text: str) -> None:
        if text.startswith("warning: ") or text in panel.warnings:
            if on_warning is not None:
                on_warning(text.removeprefix("warning: "))
        elif on_note is not None:
            on_note(text)

    def note(text: str) -> None:
        notes.append(text)
        if held is not None:
            held.append(text)
        else:
            tell(text)

    check_values(panel)
    panel, outages = after_outages(panel.by_id())  # trained on the rows after a long gap
    for text in outages:
        note(text)
    closed = holidays_of(panel.freq, panel.held_times, panel.shut_stamps,
                         one=panel.layout == "single")
    if closed:  # (of every series: one too short to train on trades on the days it did)
        note(holidays_note_of(closed, panel.freq, (panel.time.min(), panel.time.max())))
    settings = season_from_values(settings.validate(), panel, note)  # numbered steps' (no calendar)
    median_rows = int(np.median(sized_on(settings, panel.lengths, panel.freq, panel.path)))
    settings = resolve(settings, panel.lengths, panel.freq, panel.path)
    m, ev, ft = settings.model, settings.eval, settings.fit
    recipe = Recipe(m.lookback, m.horizon, ev.season, m.patch)
    skipped: list[str] = []  # series too short to train on, said to predict
    if len(panel) > 1:
        panel, skipped = long_enough(panel, rows_needed(settings), note,
                                      rows_needed(settings, network=False))
    ends = panel.lengths
    train_end = ends - ev.test_size - ev.val_size
    averaged = averages_seasons(len(panel), learned=True)  # few series: the better base
    seen = base_rows(train_end, ends - ev.test_size, recipe)
    states = series_states(panel, seen, m.transform, recipe, averaged)
    rows = panel_rows(panel, states)
    L, K = recipe.lookback, recipe.horizon
    first = np.where(rows.base_kind > 0, recipe.season, 0)  # a seasonal base reads a season
    train_o = panel_origins(panel.indptr, L, K, first, train_end)
    val_o = panel_origins(panel.indptr, L, K, train_end, ends - ev.test_size)
    test_o = panel_origins(panel.indptr, L, K, ends - ev.test_size, ends)
    note(describe_states(states))
    if m.transform == "auto" and (why := additive_why(panel, states)):
        note(why)
    window_count = f"{len(train_o)} training window{'s' * (len(train_o) != 1)}"
    note(f"windows: lookback {L} ({recipe.steps} step{'s' * (recipe.steps != 1)} of "
         f"{recipe.patch}), horizon {K}, season "
         f"{recipe.season}{unseasoned_why(panel.freq, recipe.season, median_rows)}; per "
         f"series: last {ev.test_size} rows test, {ev.val_size} validation; {window_count}"
         + (f" (an epoch: every {ft.stride} rows, from an offset drawn anew)"
            if ft.stride > 1 else ""))
    learn = len(train_o) >= MIN_TRAIN_WINDOWS  # else too few rows to learn from: the base alone
    if not learn:
        note(f"too few rows to train a network ({window_count}, {MIN_TRAIN_WINDOWS} needed): the "
             "base forecasts alone")
        settings = settings.replace(ensemble=1)  # one member: the manifest says what was built
        ft = settings.fit
    require_windows(panel.path, val_o if ev.val_size else None, test_o)
    for text in held:
        tell(text)
    held = None  # from here on, notes go out as they come
    if not kernels_cached(m.dtype):
        if on_compile is not None:
            on_compile()
        compile_kernels(m.dtype)

    # Fit each member with early stopping on the validation windows; score the test period.
    D = recipe.input_size(len(panel.feature_cols))
    train_w = Windows(rows, train_o, recipe, ft.stride)  # bases once, not per member
    val_w = Windows(rows, val_o, recipe)
    tasks = [MemberTask(m, ft, D, train_w, val_w, ft.seed + k, epochs=None if learn else 0)
             for k in range(ft.ensemble)]
    fits, interrupted = fit_members(tasks, executor, settings, note, on_epoch)
    if len(panel) >= SAID_SERIES or interrupted:  # (a minute's silence on 20,000 series)
        note(f"weighing the networks against each series' base alone ({len(panel):,} series)")
    with held_interrupts() as pressed:  # every member fitted: a Ctrl-C waits for their scores
        for text in set_aside(fits, val_w, Windows(rows, test_o, recipe), panel, states, seen):
            note(text)
        models, learned = [f.model for f in fits], any(f.best_epoch for f in fits)
        # No network learned (best epoch 0): the base forecasts alone, may average the seasons.
        if not learned and (alone := averaged_bases(panel, states, seen, recipe, True)) != states:
            states, rows = alone, panel_rows(panel, alone)
            note(f"base alone (no network learned more than it); {describe_states(states)}")
        recipe, made = with_theta_if_better(models, panel, rows, val_o, test_o, recipe, note)
        metrics, calibration, test_paths = test_period(models, panel, rows, recipe, val_o, test_o,
                                                       train_end, ends - ev.test_size, made)
        metrics["validation"] = {"best_epoch": [f.best_epoch for f in fits],
                                 "best_loss": [f.best_val_loss for f in fits]}
    interrupted = interrupted or stopped_while_held(pressed, settings, note)
    refit = False
    if ft.refit and not interrupted:
        # The saved members learn from all rows, for as many epochs as validation chose, so a
        # cron job's forecasts start from the latest history; the metrics stay the test's.
        every = Windows(rows, panel_origins(panel.indptr, L, K, first, ends), recipe, ft.stride)
        tasks = [MemberTask(m, ft, D, every, None, ft.seed + k,
                            lr=f.lr, epochs=f.best_epoch, phase="refit")
                 for k, f in enumerate(fits)]
        refitted, interrupted = fit_members(tasks, executor, settings, note, on_epoch)
        if not interrupted:
            for f, r in zip(fits, refitted, strict=True):
                if f.hedged:  # as validation kept it
                    r.model.set_params(halved_correction(r.model, r.model.theta))
            models, refit = [f.model for f in refitted], True
    said = ""  # what the model file's base is, where not the one the test period scored
    if not learned:  # the base chosen on every row, or seasonal naive, if no worse on the test
        alone = series_states(panel, ends, m.transform, recipe, True, True) if refit else states
        alone, said, rescored = saved_states(models, panel, states, alone, test_o, recipe, metrics)
        if said:
            states, rows = alone, panel_rows(panel, alone)
            note(said)
        if rescored:  # the figures say what the saved model did on the test period
            scores, calibration, test_paths = test_period(models, panel, rows, recipe, val_o,
                                                          test_o, train_end, ends - ev.test_size)
            metrics.update(scores)
    if not learned and len(held := base_origins(panel, rows, recipe, train_end)):
        calibration = errors_at(panel, rows, held, forecast_levels(models, rows, held, recipe),
                                recipe)  # the saved base's own errors, not the test's base's
    if not all(np.all(np.isfinite(model.theta)) for model in models):
        raise TrainingError("training produced non-finite weights; nothing was saved",
                            advice=[(("--lr",), "lower --lr or check the data for extreme "
                                     "values")], fallback="check the data for extreme values")
    fitted_until = panel.time if refit else panel.time[panel.indptr[:-1] + train_end - 1]
    training = {"epochs_run": [f.epochs_run for f in fits],
                "best_epoch": [f.best_epoch for f in fits], "lr": [f.lr for f in fits],
                "refit_on_all_data": refit, "base_alone": not learn, "interrupted": interrupted,
                "members": len(models), "networks_kept": learned, "windows": int(len(train_o)),
                "hedged": [f.hedged for f in fits], "skipped_short": skipped,
                **{flag: [getattr(f, flag) for f in fits] for flag in SET_ASIDE},
                "fitted_until": format_stamp(fitted_until.max()), "saved_base": said}
    manifest = build_manifest(panel, settings, recipe, models, states, training, metrics, closed)
    return TrainResult(models, manifest, metrics, calibration, test_paths, [*panel.notes, *notes],
                       interrupted=bool(interrupted))
