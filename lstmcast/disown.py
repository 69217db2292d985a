"""Networks set aside for the base they correct: where they forecast the test period worse
than it, where a base alone forecast the validation windows better (a single series' weekly
base; the averaged bases of a panel of many), and where the members left at the base outvote
them.

Each is reset to forecast its base (output 0, best epoch 0), as one that learned nothing; the
bases then forecast alone."""

from __future__ import annotations

import numpy as np

from .clocks import sub_daily
from .evaluate import forecast_levels
from .fit import FitResult, trust_notes
from .panel import Panel
from .preprocess import SeriesState, closed_steps, in_target_units, panel_rows, window_bases
from .states import FEW_SERIES, averaged_bases
from .trust import base_output, evidence
from .windows import Windows

MIN_TEST_EVIDENCE = 1.5  # independent test forecasts that can overrule validation: more than one
# FitResult's flags of why a network forecasts its base, as the manifest records them
SET_ASIDE = ("worse_on_test", "gain_was_noise", "beaten_by_bases", "outvoted")


def set_aside(fits: list[FitResult], val: Windows, test: Windows, panel: Panel,
              states: list[SeriesState], seen: np.ndarray) -> list[str]:
    """The networks of ``fits`` set aside by each check below in turn (``seen``: the rows
    each series' states were chosen on); what to say of them."""
    disown_if_worse_on_test(fits, val, test, panel.filled)
    said = ["the bases alone forecast the validation windows better than the networks: they "
            "forecast alone"] if disown_for_the_averages(fits, val, panel, states, seen) else []
    if disown_for_the_weeks(fits, val, panel, states, seen):
        said.append("a base of the same hour a week back forecast the validation windows "
                    "better than the networks: it forecasts alone")
    outvoted = disown_if_outvoted(fits)  # (before the notes: not a half kept, then none)
    said += trust_notes(fits, val)
    if outvoted:
        said.append(f"{outvoted} network(s) that beat the base are outvoted by the "
                    f"{len(fits) - outvoted} left at it (the ensemble's median is the base): "
                    "the base forecasts alone")
    return said


def disown_if_outvoted(fits: list[FitResult]) -> int:
    """How many networks of ``fits`` that learned (best epoch > 0) are outvoted by more than
    half the members left at the base, whose median is then the base's output, 0, in every
    window; each is reset to forecast the base (0 where none is). The ensemble then is a base
    that forecasts alone, and is saved as one (``averaged_bases``, ``saved_states``): before,
    best epochs 22, 0, 0 of US apparel-store employment kept a base the test period found
    worse than seasonal naive (p = 0.0001), and refit the outvoted network for nothing."""
    learned = [f for f in fits if f.best_epoch]
    if not learned or 2 * (len(fits) - len(learned)) <= len(fits):
        return 0
    for f in learned:
        f.outvoted = True
        forecast_the_base(f)
    return len(learned)


def disown_if_worse_on_test(fits: list[FitResult], val: Windows, test: Windows,
                            filled: np.ndarray | None = None) -> bool:
    """Whether the networks of ``fits``, which the ``val`` windows kept, forecast the ``test``
    windows worse than their bases (``relative_error`` of their median in the normalised space
    they learn in, against the base's, whose output is 0); if so each is reset to forecast the
    base (best epoch 0).

    Validation chose each network's epoch, so its gain there flatters it: three stocks' network
    passed the noise test and forecast the test period 1.3 % worse than the last value (2.0
    times naive's MAE at the next origin), and a network trusted on one validation forecast
    carried a spring's climb of daily hotel rates on into a fall (1.98 of naive's MAE; reset,
    1.01). On a seasonal base too: a half-hourly demand series' network learned from weeks
    before Christmas (3.1 times its base's MAE after it). Checked on the last value alone, 17
    unseen single series scored 0.837 of seasonal naive's MAE; on every base 0.793, with 19
    more, the 12 M4 Hourly series and the classic set unchanged and the fresh set 0.625 ->
    0.637 (one quarterly series). A test period of fewer than MIN_TEST_EVIDENCE independent
    forecasts is no check (two yearly series' trends lost: Nile 0.701 -> 1.025 of naive's
    MAE). The figures scored on the test period then flatter the choice between network and
    base (the notes say so), not the forecasts of either. Without validation (``--val-size
    0``: the epochs asked for) the networks are kept as trained. ``filled`` (the panel's, per
    row): cells the loader filled are not scored, as the metrics leave them out (a forward-
    filled cell repeats the last value: the base's error there is 0), nor counted as evidence."""
    if not (len(val) and len(test) and any(f.best_epoch for f in fits)):
        return False
    K = test.recipe.horizon
    actual = (np.ones((len(test), K), dtype=bool) if filled is None else
              ~filled[test.origins[:, None] + np.arange(1, K + 1)])
    actual &= ~closed_steps(test.rows, test.origins, test.recipe.season, K)  # (0 either way)
    if evidence(test, actual.any(axis=1)) < MIN_TEST_EVIDENCE:
        return False
    x, y = test.batch(np.arange(len(test)))
    output = np.median([f.model.predict(x) for f in fits], axis=0)
    # Per series the errors' sums are compared: a cell left out of both is left out.
    if relative_error(np.abs(output - y) * actual, np.abs(y) * actual,
                      test.rows.series_of[test.origins]) <= 1:
        return False
    for f in fits:
        f.worse_on_test = bool(f.best_epoch)
        forecast_the_base(f)
    return True


def forecast_the_base(f: FitResult) -> None:
    """``f``'s network reset to forecast its base (output 0), as one that learned nothing."""
    f.model.set_params(base_output(f.model, f.model.theta))
    f.best_epoch, f.hedged = 0, False


WEEK_OVER_NETWORKS = 0.1  # validation error a weekly base alone must save over the networks


def disown_for_the_weeks(fits: list[FitResult], val: Windows, panel: Panel,
                         states: list[SeriesState], seen: np.ndarray) -> bool:
    """Whether the weekly base a single series' base alone would take (``averaged_bases``,
    ``states.weekly_instead``; chosen on its first ``seen`` rows) forecast the ``val`` windows
    better than the networks of ``fits`` on the daily base did (mean absolute error in the
    target's units); if so each network is reset (best epoch 0), and the base forecasts
    alone, as when no network learned.

    A network on the daily base reads a week of rows and may learn the weekdays itself, or
    not: two of 12 M4 Hourly series went 0.634 -> 0.402 and 0.370 -> 0.359 of seasonal naive's
    MAE with the weekly base alone, which had erred 0.47 to 0.68 times as much as the networks
    on validation. The weekly base must err WEEK_OVER_NETWORKS less: half-hourly demand's
    networks (taylor) erred 0.99 times as much at one origin of 3, whose held-out day they then
    forecast with 0.478 of seasonal naive's MAE, the weekly base 0.631."""
    if len(panel) != 1 or not (len(val) and any(f.best_epoch for f in fits)):
        return False
    weekly = averaged_bases(panel, states, seen, val.recipe, True)
    if not weekly[0].base.startswith("weekly"):
        return False
    actual, mine, base = _on_validation(fits, val, panel, weekly)
    if not np.nanmean(np.abs(base - actual)) < (1 - WEEK_OVER_NETWORKS) * np.nanmean(
            np.abs(mine - actual)):
        return False
    for f in fits:
        f.beaten_by_bases = bool(f.best_epoch)
        forecast_the_base(f)
    return True


AVERAGES_OVER_NETWORKS = 0.02  # validation error a panel's averaged bases must save over them
JUDGED_SERIES = 1_000  # series of a panel, spread over it, that judge them (a base costs ~5 ms)


def disown_for_the_averages(fits: list[FitResult], val: Windows, panel: Panel,
                            states: list[SeriesState], seen: np.ndarray) -> bool:
    """Whether the bases a panel of many series (FEW_SERIES or more) would forecast with alone
    (``averaged_bases``, chosen on each one's first ``seen`` rows: the mean of its seasons, its
    seasons' blend, ...) forecast the ``val`` windows better than the networks of ``fits`` on
    seasonal naive did, by AVERAGES_OVER_NETWORKS in the geometric mean over series (at most
    JUDGED_SERIES, spread over the panel) of the ratio of their errors (``relative_error``); if
    so each network is reset, and the bases forecast alone, as when no network learned.

    183 monthly series of the 2010 tourism competition: the networks beat seasonal naive on
    validation, the averaged bases beat them (0.973 of their error), and forecast the held-out
    18 months with OWA 0.718 where the networks had 0.756 (AutoETS 0.726). The real panels'
    networks were kept (their averaged bases erred 0.98 to 1.33 times as much). Not of
    sub-daily data: M4 Hourly's averaged bases erred 1.02 times as much as its networks, a
    margin too thin beside what they cost as its networks' base (OWA 0.432 -> 0.460)."""
    if len(panel) < FEW_SERIES or sub_daily(panel.freq) or not (
            len(val) and any(f.best_epoch for f in fits)):
        return False
    judged = np.unique(np.linspace(0, len(panel) - 1, min(len(panel), JUDGED_SERIES)).round()
                       .astype(np.int64))  # (48,000 monthly series: 4 min for all of them)
    alone = averaged_bases(panel, states, seen, val.recipe, True, judged)
    if alone == states:
        return False
    actual, mine, base = _on_validation(fits, val, panel, alone)
    known = ~np.isnan(actual) & np.isin(val.rows.series_of[val.origins], judged)[:, None]
    errors = [np.where(known, np.abs(f - np.where(known, actual, 0.0)), 0.0) for f in (base, mine)]
    if not relative_error(*errors, val.rows.series_of[val.origins]) < 1 - AVERAGES_OVER_NETWORKS:
        return False
    for f in fits:
        f.beaten_by_bases = bool(f.best_epoch)
        forecast_the_base(f)
    return True


def _on_validation(fits: list[FitResult], val: Windows, panel: Panel,
                   alone: list[SeriesState]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the actuals of the ``val`` windows, NaN where filled; the networks' forecasts of them;
    the forecasts of the bases ``alone``, never below 0 where the networks' are not)."""
    K = val.recipe.horizon
    actual = panel.actuals(val.origins[:, None] + np.arange(1, K + 1))
    # a step the series is shut at is forecast 0 by both: scored by neither
    actual[closed_steps(val.rows, val.origins, val.recipe.season, K)] = np.nan
    mine = forecast_levels([f.model for f in fits], val.rows, val.origins, val.recipe)
    rows = panel_rows(panel, alone)
    return actual, mine, in_target_units(window_bases(rows, val.origins, val.recipe), rows,
                                         val.origins, val.recipe.season)


def relative_error(errors: np.ndarray, base_errors: np.ndarray, series: np.ndarray) -> float:
    """Geometric mean over series of a forecast's mean absolute error (``errors``, (B, K), of
    windows of the ``series`` (B,)) relative to the base's (``base_errors``); 1 where no
    series' base erred. Each series weighs alike, as in a panel's relative MAE: three stocks'
    network erred less in all in log ratios (VIX's large swings) but more on two of three,
    1.013 of naive's MAE. A series either forecast without error is left out, as the metrics'
    relative MAE leaves it: 7 pegged currencies of 20,000 monthly series, forecast exactly by
    their bases, made the mean 0 and the bases "better" than networks they trailed by 7 %."""
    mine, base = (np.bincount(series, e.mean(axis=1)) for e in (errors, base_errors))
    judged = (base > 0) & (mine > 0)
    return float(np.exp(np.mean(np.log(mine[judged] / base[judged])))) if judged.any() else 1.0


# (not 'as in prices' of weekly CD sales; nor 'none' of a lag-1 autocorrelation of 0.29,
# which ``trust.random_walk`` leaves to a walk's averages)
