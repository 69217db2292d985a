"""A model file's summary for ``info``: its series' windows, why no network forecasts where
none does, its settings and its stored test period."""

from __future__ import annotations

import json
import sys

from test_report import MANIFEST, single_metrics, verdict

from lstmcast.persist import json_safe
from lstmcast.summary import manifest_summary


def print_summary(manifest: dict, path: str) -> None:
    """``info``'s text to stdout, as ``info`` writes it."""
    sys.stdout.write(manifest_summary(manifest, path))


def test_manifest_summary_prints_stored_metrics_with_nulls(capsys):
    stored = json.loads(json.dumps(json_safe(single_metrics(
        verdict={"naive": verdict("naive", 0.5, "no clear difference", 2)},
        skill={"model": float("nan")}))))
    stored["verdict"]["naive"]["mean_loss_diff"] = None
    print_summary({**MANIFEST, "metrics": stored}, "m.lstmcast")
    out = capsys.readouterr().out
    assert "no clear difference from naive (p = 0.5)" in " ".join(out.split())


def test_manifest_summary_says_what_forecasts_when_no_network_does(capsys):
    """The shape memory of a mean of the seasons is shown where it is not the default; a model
    whose members all kept their untrained weights says the base forecasts alone, and one that
    trained no network says its [fit] settings went unused."""
    series = [{"id": "a", "mode": "log", "base": "seasonal_mean"},
              {"id": "b", "mode": "log", "base": "seasonal_trend", "shape_memory": 0.5},
              {"id": "c", "mode": "additive", "base": "last"}]
    settings = {"fit": {"epochs": 40}}
    trained = {"epochs_run": [11, 12], "best_epoch": [0, 0], "base_alone": False}
    print_summary({**MANIFEST, "series": series, "settings": settings,
                      "training": trained}, "m.lstmcast")
    out = capsys.readouterr().out
    assert ("series: 3; windows: log ratios to mean of the seasons, log ratios to the seasons "
            "along their trend (shape memory 0.5), scaled differences to last value") in out
    assert "reading: fill " in out  # how the data is read, as predict reads it
    assert "best epoch 0 in every member): the base forecasts alone" in out
    assert "settings [fit]: epochs 40\n" in out
    print_summary({**MANIFEST, "series": series[2:], "settings": settings,
                      "training": {**trained, "best_epoch": [3, 0]}}, "m.lstmcast")
    out = capsys.readouterr().out  # kept networks are said to be, not left to be inferred
    assert "base forecasts alone" not in out
    assert "networks kept: 1 of 2 kept over the base on validation; the median of all " \
        "corrects the base\n" in out
    print_summary({**MANIFEST, "series": series[2:], "settings": {"eval": {"val_size": 0}},
                   "training": {**trained, "best_epoch": [3, 3]}}, "m.lstmcast")
    assert "networks kept: 2 (no validation period: trained the epochs asked for); the median " \
        "of all corrects the base\n" in capsys.readouterr().out  # no validation: said so
    print_summary({**MANIFEST, "series": series[2:], "settings": settings, "training": {
        **trained, "best_epoch": [3, 3], "hedged": [True] * 2}}, "m.lstmcast")
    out = capsys.readouterr().out  # the hedge on the same line
    assert "networks kept: 2 of 2 kept over the base on validation; the median of all " \
        "corrects the base, by half (trusted on too few validation forecasts to test)\n" in out
    assert "keep half their correction" not in out
    # series too short to train on are no series of the model's, yet counted (55 of 57)
    data = {**MANIFEST["data"], "path": "p.csv", "rows": 1846}
    print_summary({**MANIFEST, "data": data, "series": series, "training": {
        **trained, "skipped_short": ["d", "e"]}}, "m.lstmcast")
    out = capsys.readouterr().out  # the rows are the trained series' (1,846 of a file's 3,429)
    assert "series: 3 and 2 too short to train on; windows: " in out
    assert "data: p.csv (1846 rows of the series trained on, " in out
    print_summary({**MANIFEST, "data": data, "training": trained}, "m.lstmcast")
    assert "data: p.csv (1846 rows, " in capsys.readouterr().out
    print_summary({**MANIFEST, "series": series[2:], "settings": settings,
                      "training": {**trained, "worse_on_test": [True] * 2}}, "m.lstmcast")
    out = capsys.readouterr().out
    assert ("2 network(s) beat the base on validation but erred more than it on the test "
            "period: the base forecasts alone") in out and "best epoch 0 in every" not in out
    assert "training: 11, 12 epochs, refit on all data: " in out  # no 'best 0, 0' above it
    print_summary({**MANIFEST, "series": series[2:], "settings": settings, "training": {
        **trained, "gain_was_noise": [True] * 2}}, "m.lstmcast")
    out = capsys.readouterr().out
    assert "no network kept: their gains over the base taken for noise" in out
    assert "training: 11, 12 epochs, refit on all data: " in out
    per_series = {"per_series": True, "series": 2, "members": 2, "worse_on_test": [True, False]}
    print_summary({**MANIFEST, "series": series[2:], "settings": settings,
                      "training": per_series}, "m.lstmcast")
    assert "1 network(s) beat the base on validation but erred more" in capsys.readouterr().out
    print_summary({**MANIFEST, "series": series[2:], "settings": settings,
                      "training": {"base_alone": True}}, "m.lstmcast")
    out = capsys.readouterr().out
    assert "network: none trained (too few rows)" in out
    assert "settings [fit]: epochs 40 (unused: no network trained)" in out
    # a walk's networks, their gains taken for noise, are no networks that learned nothing;
    # and the holidays the model skips, which info did not list
    holidays = {**MANIFEST["data"], "freq": "B",
                "holidays": [["date", 1, 1, "monday"], ["easter", -2]]}
    print_summary({**MANIFEST, "data": holidays, "series": series[2:], "settings": settings,
                   "training": {**trained, "gain_was_noise": [True, True]}}, "m.lstmcast")
    out = capsys.readouterr().out
    assert "no network kept: their gains over the base taken for noise" in out
    print_summary({**MANIFEST, "series": series[2:], "settings": settings,
                   "training": {**trained, "beaten_by_bases": [True, True]}}, "m.lstmcast")
    assert ("no network kept: the bases alone forecast validation better; the base forecasts "
            "alone") in capsys.readouterr().out
    assert ("holidays (weekdays closed every year; forecasts skip them too): Jan 1 (weekend's "
            "on Monday), Easter -2 days\n") in out
    print_summary({**MANIFEST, "series": series[2:], "settings": settings, "training": {
        **trained, "worse_on_test": [True, False], "outvoted": [False, True]}}, "m.lstmcast")
    out = capsys.readouterr().out  # each reason said (the outvoted one was dropped: a review)
    assert "no network kept: outvoted by the members left at the base" in out
    assert "1 network(s) beat the base on validation but erred more" in out
