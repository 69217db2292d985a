"""Tables for people: numbers and names printed whole at 80 columns, readable digits, no direction
for flat forecasts, the origins counted in the title, the caveat, the verdict line and the
warning when the model does not beat naive by more than noise."""

from __future__ import annotations

import pytest
from rich.console import Console

from lstmcast.report import (
    backtest_table,
    format_number,
    interval_line,
    metrics_table,
    trained_line,
    verdict_warning,
)

MANIFEST = {"data": {"target": "Closing Price (USD) [daily]"}}


def scores(mae, direction=48.72):
    return {"overall": {"mae": mae, "rmse": mae * 1.3, "mape": 2.345, "smape": 2.341,
                        "mase": 1.0123, "directional_accuracy": direction}, "per_step": []}


def verdict(baseline, p, kind, origins=120, **extra):
    return {"baseline": baseline, "p_value": p, "mean_loss_diff": -1.0, "origins": origins,
            "verdict": kind, **extra}


def single_metrics(**changes):
    metrics = {
        "points": 360,
        "methods": {"model": scores(61234.0), "naive": scores(61250.0, 0.0),
                    "seasonal_naive": scores(70123.0), "drift": scores(61300.0),
                    "naive2": scores(61250.0, 0.0)},
        "skill": {"model": -0.00026134, "seasonal_naive": -0.1449, "drift": -0.0011,
                  "naive2": 0.0},
        "test_period": {"first_origin": "2024-01-01", "last_origin": "2024-04-29",
                        "origins": 120, "horizon": 3, "few_origins": False},
        "verdict": {"naive": verdict("naive", 0.003, "better"),
                    "seasonal_naive": verdict("seasonal_naive", 0.41, "no clear difference")},
        "beats_naive": True,
        "flat_forecasts": ["naive", "naive2"],
    }
    metrics.update(changes)
    return metrics


def panel_metrics(**changes):
    methods = {name: {"smape": 12.3456, "mase": 1.0234, "mae": 5.0}
               for name in ("model", "naive", "seasonal_naive", "naive2")}
    metrics = {
        "series_count": 40, "points": 2400, "methods": methods, "owa": 0.9123,
        "skill": {"naive": 0.02, "seasonal_naive": -0.00026134, "naive2": 0.01},
        "relative_mae": {"naive": 0.98, "seasonal_naive": 1.0002, "naive2": 0.99},
        "series": {"AAPL": {"mase": 2.5}, "MSFT": {"mase": 1.5}}, "worst": ["AAPL", "MSFT"],
        "test_period": {"first_origin": "2024-01-01", "last_origin": "2024-04-29",
                        "origins": 800, "horizon": 3, "few_origins": False},
        "verdict": {"naive": verdict("naive", 0.41, "no clear difference", 800, series=40),
                    "seasonal_naive": verdict("seasonal_naive", 0.998, "worse", 800,
                                              series=40)},
        "beats_naive": False,
    }
    metrics.update(changes)
    return metrics


def rendered(metrics, width=80) -> str:
    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(metrics_table(metrics, MANIFEST))
    return console.export_text()


def row_of(text: str, name: str) -> list[str]:
    return next(line.split() for line in text.splitlines() if line.split()[:1] == [name])


# ---------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(("value", "text"), [
    (0.00026134, "0.0002613"), (-0.00026134, "-0.0002613"), (61234.0, "61,234"),
    (1234567.8, "1,234,568"), (12.345678, "12.35"), (0.5, "0.5000"), (999.96, "1,000"),
    (48.0, "48.00"), (0.0, "0"), (None, "n/a"), (float("nan"), "n/a"), (3.2e-9, "3.200e-09")])
def test_numbers_have_four_significant_digits_and_no_exponent_when_ordinary(value, text):
    assert format_number(value) == text


# ----------------------------------------------------------------------------- tables


def test_single_series_table_cuts_nothing_at_80_columns():
    text = rendered(single_metrics())
    assert "…" not in text
    for whole in ("seasonal_naive", "-0.0002613", "61,234", "70,123", "79,604"):
        assert whole in text, whole
    assert max(len(line) for line in text.splitlines()) <= 80
    assert row_of(text, "seasonal_naive") == [
        "seasonal_naive", "70,123", "91,160", "2.345", "2.341", "1.012", "48.72", "-0.1449"]


def test_a_table_of_numbers_too_wide_for_80_columns_is_printed_whole():
    """Eleven-digit errors (a GDP's) do not fit 80 columns: printed wider, no digit cut."""
    from lstmcast.report import print_table

    metrics = single_metrics()
    for name, mae in (("model", 6_081_983_634.2), ("naive", 34_135_648_148.3),
                      ("seasonal_naive", 7_822_574_074.0)):
        metrics["methods"][name] = scores(mae)
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    print_table(console, metrics_table(metrics, MANIFEST))
    text = console.export_text()
    assert row_of(text, "naive")[:3] == ["naive", "34,135,648,148", "44,376,342,593"]
    assert "seasonal_naive" in text and console.width == 80


def test_flat_forecasts_show_a_dash_for_direction():
    text = rendered(single_metrics())
    # columns: method, MAE, RMSE, MAPE, sMAPE, MASE, direction, skill
    assert row_of(text, "naive")[6:] == ["—", "—"]  # no direction, no skill against itself
    assert row_of(text, "naive2")[6] == "—"
    assert row_of(text, "model")[6] == "48.72" and row_of(text, "drift")[6] == "48.72"


def test_metrics_from_before_verdicts_still_render_and_naive_still_has_no_direction():
    old = single_metrics()
    for key in ("verdict", "flat_forecasts"):
        del old[key]
    del old["test_period"]["few_origins"]
    text = rendered(old)
    assert row_of(text, "naive")[6] == "—" and row_of(text, "naive2")[6] == "0"
    assert "verdict" not in text and "Test period: 120 forecast origins scored" in text


def test_title_counts_origins_and_the_caption_holds_the_verdict():
    text = " ".join(rendered(single_metrics(), width=120).split())  # the caption may wrap
    assert "Test period: 120 forecast origins scored, 3 step(s) each" in text
    assert "Closing Price (USD) [daily]" in text  # brackets from the data are not markup
    assert ("verdict: beats naive (p = 0.003) · no clear difference from seasonal naive "
            "(p = 0.41)") in text
    assert "caveat" not in text


def test_title_counts_the_origins_scored_when_the_verdict_could_test_none():
    # A 140-step horizon on 144 rows: one origin scored, but no step of it has every
    # baseline (seasonal naive needs a season of history), so the test has none.
    metrics = single_metrics()
    metrics["test_period"].update(origins=1, few_origins=True)
    for v in metrics["verdict"].values():
        v["origins"] = 0
    text = " ".join(rendered(metrics, width=200).split())
    assert "Test period: 1 forecast origin scored" in text


def test_few_origins_add_a_caveat():
    metrics = single_metrics()
    metrics["test_period"].update(origins=11, few_origins=True)
    for v in metrics["verdict"].values():
        v["origins"] = 11
    text = " ".join(rendered(metrics, width=200).split())
    assert "Test period: 11 forecast origins scored" in text
    assert "caveat: only 11 origins whose 3-step forecasts overlap: too few for a reliable " \
           "verdict" in text
    # a test period with missing rows: its verdict tests the origins with a step scored (car
    # park occupancy, 87 scored: "only 26 origins" read as a contradiction)
    metrics["test_period"].update(origins=87)
    text = " ".join(rendered(metrics, width=200).split())
    assert "Test period: 87 forecast origins scored" in text
    assert "caveat: only 11 origins of the 87 have a step every forecast is scored at (the " \
           "others reach only missing rows, or a baseline had too little history), and they " \
           "overlap: too few" in text


def test_panel_table_cuts_nothing_and_gives_the_verdict_across_series():
    text = rendered(panel_metrics())
    assert "…" not in text
    assert row_of(text, "seasonal_naive") == ["seasonal_naive", "12.35", "1.023", "-0.0002613",
                                              "1.000"]
    wide = " ".join(rendered(panel_metrics(), width=200).split())
    assert ("verdict across 40 series: no clear difference from naive (p = 0.41) · worse than "
            "seasonal naive (p = 0.002)") in wide
    assert "Test period: 40 series, 800 forecast origins scored in all" in wide


def test_a_panel_backtest_gives_no_mae_over_series_of_other_units():
    """The yen's errors made 'MAE over all folds' a panel's of USD rates (0.159, the yen's own
    0.468, the pound's 0.0013): its folds' MASE, and sMAPE, say it; one series' MAE stays."""
    def figures(mae, mase):
        return {"mae": mae, "smape": 1.25, "mase": mase}

    overall = {"model": figures(0.159, 1.01), "naive": figures(0.158, 1.0)}
    single = {"folds": [{"cutoff": "2024-01-05", **overall}], "overall": overall, "origins": 2,
              "points": 4, "skill": {"naive": -0.01}}
    panel = {**single, "series": {"Japan": overall, "UK": overall}}
    one = {**single, "series": {"Japan": overall}}  # (a long file of one series)
    texts = []
    for metrics in (single, panel, one):
        console = Console(width=100, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(backtest_table(metrics))
        texts.append(console.export_text())
    assert "MAE over all folds: model 0.1590, naive 0.1580" in texts[0]
    assert "MAE over all" not in texts[1] and "sMAPE % over all folds: model 1.250" in texts[1]
    assert "MAE over all folds: model 0.1590" in texts[2]


def test_the_trained_line_says_why_no_network_is_kept():
    """A random walk's networks that beat the last value untested were said, in one line, to
    be noise, and in the next to have beaten nothing (best epoch 0 both ways)."""
    training = {"members": 3, "best_epoch": [0, 0, 0], "epochs_run": [20, 25, 17],
                "refit_on_all_data": False, "worse_on_test": [False] * 3}
    start = "trained 3 networks: 20, 25, 17 epochs (best validation epoch 0, 0, 0); "
    assert trained_line(training, True) == start + ("none beat the base forecast, which "
                                                    "forecasts alone")
    # (nor "best validation epoch 0" where the networks did beat the base, then were disowned)
    disowned = "trained 3 networks: 20, 25, 17 epochs; none is kept "
    assert trained_line({**training, "gain_was_noise": [True, True, False]}, True) == (
        disowned + "(their gains over the base taken for noise, above)")
    assert trained_line({**training, "worse_on_test": [True] * 3}, True) == (
        disowned + "(the test period, above)")
    # the bases alone beat the networks on validation: not "none beat the base forecast"
    beaten = {**training, "beaten_by_bases": [True] * 3}
    assert trained_line(beaten, True) == disowned + (
        "(the bases alone forecast validation better, above)")
    outvoted = {**training, "outvoted": [True, False, False], "gain_was_noise": [0, 1, 1]}
    assert trained_line(outvoted, True) == disowned + (  # (each reason there is)
        "(their gains over the base taken for noise; outvoted by the members left at the base, "
        "above)")
    assert trained_line({**training, "best_epoch": [4, 0, 2], "refit_on_all_data": True},
                        True).endswith("(best validation epoch 4, 0, 2), then refit on all rows")


# ---------------------------------------------------------------------------- warning


def test_no_warning_when_the_model_beats_naive():
    assert verdict_warning(single_metrics()) is None


def test_warning_when_the_difference_is_within_noise():
    metrics = single_metrics(verdict={"naive": verdict("naive", 0.41, "no clear difference")},
                             beats_naive=False)
    assert verdict_warning(metrics) == (
        "the model does not beat the naive forecast (last value) by more than noise on the "
        "test period (p = 0.41, 120 origins); treat its forecasts with care")


def test_a_model_saved_as_the_last_value_is_said_to_be_it():
    """A price's model that forecast the last value on the test period, and is saved so, was
    warned at each train and predict that it "does not beat" the naive forecast it is."""
    metrics = single_metrics(verdict={"naive": verdict("naive", 0.5, "no clear difference")},
                             beats_naive=False, flat_forecasts=["model", "naive", "naive2"])
    saved = {"training": {"best_epoch": [0, 0, 0]}, "series": [{"id": "close", "base": "last"}]}
    assert verdict_warning(metrics, saved) == (
        "the model forecasts the last value, as the naive forecast (last value) does: nothing "
        "it learned beat that on this series")
    # saved otherwise than tested (a base chosen on all rows, networks kept): as before
    effects = [{"id": "close", "base": "last", "day_effects": [[["date", 12, 25], 1.4]]}]
    for other in ({**saved, "series": [{"id": "close", "base": "seasonal_mean"}]},
                  {**saved, "series": effects},  # (its last day one apart: not its value)
                  {**saved, "training": {"best_epoch": [0, 3, 4]}},
                  {**saved, "training": {"best_epoch": [0, 3]}}):  # (the mean of two)
        assert verdict_warning(metrics, other).startswith("the model does not beat")
    # one network of three kept, outvoted by two at the base: their median is the base (it
    # was said to be too short a test to tell)
    outvoted = {**saved, "training": {"best_epoch": [0, 0, 10]}}
    assert verdict_warning(metrics, outvoted).startswith("the model forecasts the last value")
    assert verdict_warning(metrics).startswith("the model does not beat")
    # a panel of stocks, every one saved as its last value, scored as naive is
    scores = {"smape": 1.25, "mase": 1.0, "mae": 2.5}
    panel = panel_metrics(methods={"model": dict(scores), "naive": dict(scores)})
    saved = {**saved, "series": [{"id": s, "base": "last"} for s in ("SPX", "VIX", "CAD")]}
    assert verdict_warning(panel, saved) == (
        "the model forecasts the last value, as the naive forecast (last value) does: nothing "
        "it learned beat that on any series")
    moved = panel_metrics(methods={"model": {**scores, "mae": 2.4}, "naive": dict(scores)})
    assert verdict_warning(moved, saved).startswith("the model does not beat")


def test_warning_when_worse_and_with_few_origins():
    metrics = single_metrics(verdict={"naive": verdict("naive", 0.9991, "worse", 12)},
                             beats_naive=False)
    metrics["test_period"]["few_origins"] = True
    assert verdict_warning(metrics) == (
        "the model is worse than the naive forecast (last value) on the test period "
        "(p = 0.0009, only 12 origins); treat its forecasts with care")


def test_warning_when_too_few_origins_to_tell():
    metrics = single_metrics(verdict={"naive": verdict("naive", None, "no clear difference", 32)},
                             beats_naive=False)
    metrics["test_period"]["few_origins"] = True
    assert verdict_warning(metrics) == (
        "the test period is too short to tell whether the model beats the naive forecast (last "
        "value) (too few to test, only 32 origins); treat its forecasts with care")


def test_warning_for_a_panel_counts_series():
    assert verdict_warning(panel_metrics()) == (
        "the model does not beat the naive forecast (last value) by more than noise on the "
        "test period (p = 0.41, 40 series); treat its forecasts with care")
    better = panel_metrics(verdict={"naive": verdict("naive", 0.01, "better", 800, series=40)})
    assert verdict_warning(better) is None


def test_warning_from_metrics_written_before_verdicts():
    old = single_metrics(beats_naive=False, skill={"model": -0.0123})
    del old["verdict"]
    assert verdict_warning(old) == ("the model does not beat the naive forecast (last value) "
                                    "on the test period (skill -0.012); treat its forecasts "
                                    "with care")
    old_panel = panel_metrics(skill={"naive": -0.05})
    del old_panel["verdict"]
    assert "(skill -0.050)" in verdict_warning(old_panel)
    del old["beats_naive"]  # nothing to go by: say nothing
    assert verdict_warning(old) is None
    assert verdict_warning(single_metrics(verdict={}, beats_naive=True)) is None


def test_interval_line_says_the_share_of_actuals_held_in_percent():
    line = interval_line({"intervals": {"coverage": {"80": 0.5667, "95": 0.9}, "msis": 8.85}})
    assert line == ("intervals: 80 % interval held 56.7 % of the actuals, 95 % interval held "
                    "90.0 % of the actuals; MSIS 8.850")
    assert interval_line({"intervals": {}}) is None


def test_methods_are_listed_as_training_lists_them():
    """A model file's JSON sorts its keys (drift first): info lists the model, then naive,
    seasonal naive, drift and Naive2, as train does, then any other."""
    from lstmcast.report import _in_order

    stored = dict.fromkeys(sorted(["naive2", "model", "drift", "other", "naive",
                                   "seasonal_naive"]), {})
    assert [name for name, _ in _in_order(stored)] == ["model", "naive", "seasonal_naive",
                                                       "drift", "naive2", "other"]


def test_a_table_in_a_log_has_no_trailing_spaces():
    """stderr that is no terminal (a cron job's log): rich padded the title and the caption to
    the table's width, 7 lines ending in spaces in a panel's report (a user round)."""
    import io

    from lstmcast.report import print_table

    out = io.StringIO()
    print_table(Console(width=80, file=out), metrics_table(single_metrics(), MANIFEST))
    lines = out.getvalue().splitlines()
    assert len(lines) > 5 and lines[0].startswith("Test period")
    assert not [line for line in lines if line != line.rstrip()]


def test_a_table_in_a_log_keeps_its_title_and_caption_whole_and_in_place():
    """In a log the title and each caption line are one line each, not wrapped mid-phrase at
    the table's width; a summary that captures the console (``info``) keeps its lines before
    the table's title."""
    import io

    from lstmcast.report import print_table

    table = metrics_table(single_metrics(), MANIFEST)
    title, caption = str(table.title), str(table.caption).splitlines()
    out = io.StringIO()
    console = Console(width=80, file=out)
    with console.capture() as captured:
        console.print("model: m.lstmcast")
        print_table(console, table)
    lines = captured.get().splitlines()
    assert len(title) > 80 and lines[:2] == ["model: m.lstmcast", title]
    assert lines[-len(caption):] == caption and max(map(len, caption)) > 80
    assert str(table.title) == title  # the table is left as it was
