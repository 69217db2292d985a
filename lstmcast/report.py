"""Tables for people: test-period metrics against the baselines with a plain verdict (does the
model beat them by more than noise?), the warning when it does not beat naive, and a model file
summary.

Tables never cut a number or a name: no column wraps or ends a cell with an ellipsis, and the
table is compact enough for the usual 80 columns; only a terminal too narrow for a cell makes
rich fold it onto a second line, still whole.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .verdict import BETTER, WORSE, claimed_p, count_words, p_text, sentence

COLUMNS = (("mae", "MAE"), ("rmse", "RMSE"), ("mape", "MAPE %"), ("smape", "sMAPE %"),
           ("mase", "MASE"), ("directional_accuracy", "Dir.\nacc. %"))
NOT_APPLICABLE = "—"
# Flat by construction; metrics written before "flat_forecasts" existed still get the dash.
ALWAYS_FLAT = ("naive",)
NAIVE_WORDS = "the naive forecast (last value)"
TABLE_MIN_WIDTH = 78

if TYPE_CHECKING:  # rich's tables are imported where drawn: 'predict' only needs the warning
    from rich.table import Table


def format_number(value) -> str:
    """4 significant digits without an exponent for ordinary magnitudes (0.0002613, 12.35),
    whole numbers with thousands separators from 1000 on (61,234); "n/a" when undefined."""
    if value is None or isinstance(value, bool) or math.isnan(value := float(value)):
        return "n/a"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    rounded = float(f"{value:.4g}")
    if abs(rounded) >= 1000:
        return f"{value:,.0f}"
    if abs(rounded) < 1e-6:  # not an ordinary magnitude: an exponent reads better than zeros
        return f"{value:.3e}"
    decimals = 3 - math.floor(math.log10(abs(rounded)))
    return f"{rounded:.{decimals}f}"


def metrics_table(metrics: dict, manifest: dict) -> Table:
    """The test period of one series: every method's scores, skill against naive, the verdict
    against the baselines underneath (and a caveat when few origins were scored)."""
    if "series" in metrics:
        return panel_table(metrics, manifest)
    period = metrics["test_period"]
    title = (f"Test period: {period['origins']} forecast origin"
             f"{'' if period['origins'] == 1 else 's'} scored, "
             f"{period['horizon']} step(s) each, from {period['first_origin']} to "
             f"{period['last_origin']} ({manifest['data']['target']})")
    table = _table(title, ["method", *(label for _, label in COLUMNS), "skill"])
    flat = set(metrics.get("flat_forecasts", ())) | set(ALWAYS_FLAT)
    for name, scores in _in_order(metrics["methods"]):
        overall = scores["overall"]
        cells = [NOT_APPLICABLE if key == "directional_accuracy" and name in flat
                 else format_number(overall.get(key)) for key, _ in COLUMNS]
        skill = metrics["skill"].get(name)
        table.add_row(name, *cells, NOT_APPLICABLE if name == "naive" else format_number(skill))
    notes = [verdict_line(metrics), caveat_line(metrics), interval_line(metrics),
             "skill = 1 - MAE / MAE of naive (> 0: lower error); "
             f"{NOT_APPLICABLE} = a flat forecast has no direction"]
    return _captioned(table, notes)


def panel_table(metrics: dict, manifest: dict) -> Table:
    """A panel's test period: each method's mean sMAPE and MASE over the series, OWA against
    Naive2 and skill, the verdict across series, then the worst few series."""
    period = metrics["test_period"]
    title = (f"Test period: {metrics['series_count']} series, {period['origins']} forecast "
             f"origins scored in all, {period['horizon']} step(s) each, from "
             f"{period['first_origin']} to {period['last_origin']}")
    # The last two columns are the model's against the row's method (one series' table has
    # each method's skill against naive instead): named so, the two never read alike.
    table = _table(title, ["method", "sMAPE %", "MASE", "model skill", "model rel. MAE"])
    for name, scores in _in_order(metrics["methods"]):
        against = [NOT_APPLICABLE if name == "model" else format_number(metrics[key].get(name))
                   for key in ("skill", "relative_mae")]
        table.add_row(name, format_number(scores["smape"]), format_number(scores["mase"]), *against)
    worst = ", ".join(f"{sid} (MASE {format_number(metrics['series'][sid]['mase'])})"
                      for sid in metrics["worst"])
    notes = [verdict_line(metrics), caveat_line(metrics), interval_line(metrics),
             f"OWA {format_number(metrics['owa'])} (vs Naive2; < 1 beats it); model skill = 1 - "
             f"the model's MASE / the method's (> 0: the model's error is lower); model rel. MAE "
             f"= geometric mean over series of the model's MAE / the method's (< 1: lower); "
             f"worst: {worst}"]
    return _captioned(table, notes)


def _table(title: str, labels: list[str]) -> Table:
    """A compact table whose cells never wrap, wide enough (when the terminal is) for the title
    and the caption to read as lines; Text keeps '[' in names from reading as markup."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title), title_justify="left", caption_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True,
                  min_width=TABLE_MIN_WIDTH)
    for label in labels:
        table.add_column(Text(label), justify="left" if label in ("method", "cutoff") else "right",
                         no_wrap=True, overflow="fold")
    return table


def print_table(console, table: Table) -> None:
    """``table`` on ``console``, its cells at their full width: a narrower console (80 columns
    where stderr is no terminal, as in a cron job's log) cut numbers short, '34,135,648,14' for
    34,135,648,148 (a terminal narrower still wraps the lines, and no digit is lost). In a
    log, the title and caption are lines of their own: rich wraps them at the table's width,
    mid-phrase, and pads every line to it."""
    from rich.measure import Measurement

    width = console.width
    console.width = max(width, Measurement.get(console, console.options.update_width(1 << 16),
                                               table).maximum)
    title, caption = table.title, table.caption
    try:
        if console.is_terminal:
            console.print(table)
        else:
            table.title = table.caption = None  # (rendered, not printed: a summary captures)
            rows = ["".join(s.text for s in line) for line in console.render_lines(table)]
            lines = [*_plain_lines(title), *rows, *_plain_lines(caption)]
            console.out("".join(line.rstrip() + "\n" for line in lines), end="",
                        highlight=False)
    finally:
        console.width, table.title, table.caption = width, title, caption


def _plain_lines(text) -> list[str]:
    """The lines of a table's title or caption (None: none), as plain text."""
    return [] if text is None else str(text).splitlines()


def _captioned(table: Table, notes: list[str | None]) -> Table:
    """``table`` with the notes that are not None as its caption, one a line."""
    from rich.text import Text

    table.caption = Text("\n".join(note for note in notes if note))
    return table


def verdict_line(metrics: dict) -> str | None:
    """ "verdict: beats naive (p = 0.003) · no clear difference from seasonal naive (p = 0.41)"
    ("verdict across 40 series: ..." for a panel); None for metrics from before verdicts."""
    verdicts = metrics.get("verdict")
    if not verdicts:
        return None
    first = next(iter(verdicts.values()))
    across = f" across {count_words(first)}" if first.get("series") is not None else ""
    return f"verdict{across}: " + " · ".join(sentence(v, counts=False) for v in verdicts.values())


def interval_line(metrics: dict) -> str | None:
    """How often the actuals fell inside the prediction intervals (calibrated without them),
    and MSIS; None without interval figures."""
    figures = metrics.get("intervals") or {}
    coverage = figures.get("coverage") or {}
    if not coverage:
        return None
    shown = ", ".join(f"{level} % interval held {100 * value:.1f} % of the actuals"
                      if isinstance(value, (int, float)) and value == value
                      else f"{level} % interval: n/a"
                      for level, value in coverage.items())
    msis = figures.get("msis")
    return f"intervals: {shown}" + (f"; MSIS {format_number(msis)}" if msis is not None else "")


def backtest_table(metrics: dict) -> Table:
    """A backtest: each method's MASE over all folds and in each fold, a fold a row (a column
    a fold cut the cutoffs short in a narrow terminal); the MAE (of one series) and sMAPE over
    all below."""
    folds, overall = metrics["folds"], metrics["overall"]
    title = (f"Backtest: {len(folds)} fold{'s' * (len(folds) != 1)}, {metrics['origins']} "
             "forecast origins, "
             f"{metrics['points']} points scored; MASE, each series weighing alike")
    table = _table(title, ["cutoff", *overall])
    table.add_row("all folds", *(format_number(scores["mase"]) for scores in overall.values()))
    for fold in folds:
        table.add_row(fold["cutoff"], *(format_number(fold[name]["mase"]) for name in overall))
    skill = ", ".join(f"{format_number(v)} vs {k}" for k, v in metrics.get("skill", {}).items())
    # no MAE of a panel: its series' units mixed, one yen in 100 weighs as a pound (MASE above)
    shown = (("sMAPE %", "smape"),) if len(metrics.get("series", ())) > 1 else (
        ("MAE", "mae"), ("sMAPE %", "smape"))
    notes = [f"{label} over all folds: " + ", ".join(
                 f"{name} {format_number(scores[key])}" for name, scores in overall.items())
             for label, key in shown]
    notes += [f"skill (1 - MASE / MASE of the baseline): {skill}" if skill else None,
              interval_line(metrics)]
    return _captioned(table, notes)


SET_ASIDE_WORDS = (("worse_on_test", "the test period"),  # (a manifest's flags, and why)
                   ("gain_was_noise", "their gains over the base taken for noise"),
                   ("beaten_by_bases", "the bases alone forecast validation better"),
                   ("outvoted", "outvoted by the members left at the base"))


def set_aside_why(training: dict, reasons=SET_ASIDE_WORDS) -> str:
    """Why ``training``'s (a manifest's) networks forecast their base: each of ``reasons``
    whose flag is set, '; '-joined ('' where none was set aside)."""
    return "; ".join(reason for key, reason in reasons if any(training.get(key) or []))


def trained_line(training: dict, validated: bool) -> str:
    """What became of the networks ``training`` (the manifest's) trained: refit, or none kept
    and why (their test period, a gain taken for noise, or none beat the base)."""
    members = training["members"]
    learned = any(training["best_epoch"]) or not validated
    why = set_aside_why(training)
    disowned = why and f"{why}, above"
    # a disowned network's best epoch is recorded as 0, the base's: "best validation epoch 0"
    # beside "networks beat the last value" read as a contradiction
    best = ("" if disowned and not learned else " (no validation period)" if not validated else
            f" (best validation epoch {', '.join(map(str, training['best_epoch']))})")
    kept = (f"; none is kept ({disowned})" if disowned else
            "; none beat the base forecast, which forecasts alone")
    return (f"trained {members} network{'s' if members > 1 else ''}: "
            f"{', '.join(map(str, training['epochs_run']))} epochs{best}"
            + ((", then refit on all rows" if training["refit_on_all_data"] else "")
               if learned else kept))


def caveat_line(metrics: dict) -> str | None:
    """The caveat when few origins were scored: the verdict and the scores are shaky."""
    period = metrics.get("test_period", {})
    if not period.get("few_origins"):
        return None
    scored = (metrics.get("verdict") or {}).get("naive", {}).get("origins") or period["origins"]
    horizon = period.get("horizon", 1)
    overlap = (f" whose {horizon}-step forecasts overlap"
               if horizon > 1 and scored != 1 and "series" not in metrics else "")
    if "series" not in metrics and scored < period["origins"]:  # the test takes scored ones
        overlap = (f" of the {period['origins']} ha{'s' if scored == 1 else 've'} a step every "
                   "forecast is scored at (the others reach only missing rows, or a baseline "
                   f"had too little history){', and they overlap' if overlap else ''}")
    return (f"caveat: only {scored} origin{'' if scored == 1 else 's'}{overlap}: too few for a "
            "reliable verdict; a longer test period (--test-size) or a shorter --horizon gives "
            "a firmer one")


def interrupted_warning(training: dict) -> str | None:
    """One line for stderr when the model was saved from a training stopped by Ctrl-C or
    SIGTERM (--on-interrupt keep): the networks of its best epoch so far, not refitted on the
    latest rows; None for a whole training."""
    phase = training.get("interrupted")
    if not phase:
        return None
    kept = ("its networks as far as they were trained, not refitted on all rows" if phase ==
            "fit" else "the networks evaluated on the test period, not refitted on all rows")
    return (f"the model was saved from an interrupted training: {kept} (fitted up to "
            f"{training.get('fitted_until')}); train again for a whole model")


def verdict_warning(metrics: dict, manifest: dict | None = None) -> str | None:
    """One line for stderr when the model did not beat naive by more than noise on the test
    period; None when it did. Works for one series and for panels, and for metrics written
    before verdicts existed (then from beats_naive and skill). A series whose model forecast
    the last value on the test period, and is saved so (``manifest``; most members untrained,
    best epoch 0: their median is the base), is told that, not that it "does not beat" the
    naive forecast it is (each predict of a price said so)."""
    verdict = (metrics.get("verdict") or {}).get("naive")
    if verdict is None:
        if metrics.get("beats_naive", True):
            return None
        skill = metrics.get("skill", {})
        skill = skill.get("model", skill.get("naive"))
        shown = f" (skill {skill:+.3f})" if isinstance(skill, (int, float)) else ""
        return (f"the model does not beat {NAIVE_WORDS} on the test period{shown}; treat its "
                f"forecasts with care")
    kind = verdict.get("verdict")
    if kind == BETTER:
        return None
    panel, methods = "series" in metrics, metrics.get("methods", {})
    as_naive = "naive" in methods and methods.get("model") == methods["naive"]  # (a panel's)
    tested_flat = as_naive if panel else "model" in metrics.get("flat_forecasts", ())
    epochs = manifest["training"].get("best_epoch", [1]) if manifest else [1]
    last = manifest and all(s.get("base") == "last" and not s.get("day_effects")  # (a day
                            for s in manifest.get("series", [{}]))  # apart is no last value)
    if last and tested_flat and 2 * sum(not e for e in epochs) > len(epochs):
        return (f"the model forecasts the last value, as {NAIVE_WORDS} does: nothing it "
                f"learned beat that on {'any' if panel else 'this'} series")
    few = " only" if metrics.get("test_period", {}).get("few_origins") else ""
    detail = f"{p_text(claimed_p(verdict))},{few} {count_words(verdict)}"
    if kind == WORSE:
        return (f"the model is worse than {NAIVE_WORDS} on the test period ({detail}); treat its "
                f"forecasts with care")
    if few:
        return (f"the test period is too short to tell whether the model beats {NAIVE_WORDS} "
                f"({detail}); treat its forecasts with care")
    return (f"the model does not beat {NAIVE_WORDS} by more than noise on the test period "
            f"({detail}); treat its forecasts with care")


# Methods in the order training reports them: the model, then the baselines
METHOD_ORDER = ("model", "naive", "seasonal_naive", "drift", "naive2")


def _in_order(methods: dict) -> list[tuple[str, dict]]:
    """``methods``' items in METHOD_ORDER, then any other (a model file's JSON sorts them)."""
    rank = {name: k for k, name in enumerate(METHOD_ORDER)}
    return sorted(methods.items(), key=lambda item: rank.get(item[0], len(rank)))
