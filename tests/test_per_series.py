"""One model per series: a series too short for its own model is skipped with a warning, a series
without a model is skipped at predict with a warning, and the metrics aggregate the series."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from lstmcast.cli import app
from lstmcast.persist import load_model

FLAGS = ["--hidden", "8", "--epochs", "2", "--patience", "1", "--seed", "2"]
SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "btc_usd_daily.csv"


def long_file(path: Path, lengths: dict[str, int]) -> Path:
    btc = pd.read_csv(SAMPLE)
    parts = [pd.DataFrame({"date": btc["Date"].iloc[-n:], "symbol": sid,
                           "close": btc["Closing Price (USD)"].iloc[-n:] * (k + 1)})
             for k, (sid, n) in enumerate(lengths.items())]
    pd.concat(parts).to_csv(path, index=False)
    return path


def test_short_series_skipped_unseen_series_warned(runner, tmp_path):
    data = long_file(tmp_path / "p.csv", {"LONG": 300, "ALSO": 250, "TINY": 4})
    model = tmp_path / "m.lstmcast"
    done = runner.invoke(app, ["train", str(data), "--per-series", "--horizon", "3", "--out",
                               str(model), "-q", *FLAGS])
    assert done.exit_code == 0, done.stderr
    assert "series 'TINY': skipped" in done.stderr
    metrics = json.loads((tmp_path / "m.metrics.json").read_text())
    assert metrics["series_count"] == 2 and set(metrics["series"]) == {"LONG", "ALSO"}
    assert set(metrics["intervals"]["coverage"]) == {"80", "95"}
    # where it ran is in the metrics, not in the model file (the same bytes wherever it ran)
    assert metrics["execution"]["engine"] == "local"
    assert "execution" not in load_model(model)[1]["metrics"]

    fresh = long_file(tmp_path / "fresh.csv", {"LONG": 300, "NEW": 300})
    done = runner.invoke(app, ["predict", str(fresh), "--model", str(model)])
    assert done.exit_code == 0, done.stderr
    assert "'NEW': no model of its own" in done.stderr
    rows = done.stdout.splitlines()
    assert rows[0] == "symbol,date,forecast,lo_80,hi_80,lo_95,hi_95"
    assert {r.split(",")[0] for r in rows[1:]} == {"LONG"} and len(rows) == 4
    frame = pd.read_csv(fresh)  # NEW ends 10 days early: skipped, not said to be forecast
    frame.drop(frame.index[frame["symbol"].eq("NEW")][-10:]).to_csv(fresh, index=False)
    done = runner.invoke(app, ["predict", str(fresh), "--model", str(model)])
    assert "'NEW': no model of its own" in done.stderr and "end before" not in done.stderr


def test_a_one_row_series_is_said_too_short_at_train_and_at_predict(runner, tmp_path):
    # before: "--season 1 is as long as the data", then "it was not in training"
    data = long_file(tmp_path / "p.csv", {"LONG": 300, "ONE": 1})
    model = tmp_path / "m.lstmcast"
    done = runner.invoke(app, ["train", str(data), "--per-series", "--horizon", "3", "--out",
                               str(model), "-q", *FLAGS])
    assert done.exit_code == 0, done.stderr
    assert ("series 'ONE': skipped: 1 row, too few to train a model of its own (2 at least; a "
            "global model forecasts it by its last value)") in done.stderr
    done = runner.invoke(app, ["predict", str(data), "--model", str(model)])
    assert done.exit_code == 0, done.stderr
    assert ("series 'ONE': no model of its own (it was too short to train on); skipped"
            in done.stderr)
    # many such series: a few named, the rest counted (18 of 300 were a line each, twice)
    many = long_file(tmp_path / "many.csv", {"LONG": 300, **{f"S{k}": 1 for k in range(6)}})
    done = runner.invoke(app, ["train", str(many), "--per-series", "--horizon", "3", "--out",
                               str(model), *FLAGS])
    assert done.exit_code == 0, done.stderr
    assert done.stderr.count("too few to train a model of its own") == 3
    assert "... and 3 more warning(s) like these for 3 series ('S3', 'S4', 'S5')" in done.stderr
    done = runner.invoke(app, ["predict", str(many), "--model", str(model)])
    assert done.stderr.count("no model of its own") == 3 and "and 3 more" in done.stderr


def test_info_describes_a_per_series_model(runner, tmp_path):
    data = long_file(tmp_path / "p.csv", {"A": 200, "B": 300})
    model = tmp_path / "m.lstmcast"
    assert runner.invoke(app, ["train", str(data), "--per-series", "--horizon", "2", "--out",
                               str(model), "-q", *FLAGS]).exit_code == 0
    shown = runner.invoke(app, ["info", str(model)])
    assert shown.exit_code == 0, shown.stderr
    assert "one model per series (6 networks" in shown.stdout  # the median of 3 each
    # the settings each series' model resolved, not the unset ones it was given
    assert "None" not in shown.stdout and "season 7," in shown.stdout
    assert "test_size 20 / 30 (per series)" in shown.stdout


def test_a_setting_training_would_ignore_is_refused_once_not_per_series(runner, tmp_path):
    """--dropout with one layer: each series was said skipped for it, then 'no series could
    be trained on its own'."""
    data = long_file(tmp_path / "p.csv", {"A": 120, "B": 120})
    done = runner.invoke(app, ["train", str(data), "--per-series", "--dropout", "0.2",
                               "--out", str(tmp_path / "m.lstmcast"), *FLAGS])
    assert done.exit_code == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "error: --dropout 0.2 acts between stacked layers, and --layers 1 has none; pass "
        "--layers 2 or more, or leave --dropout out")
    assert "skipped" not in done.stderr


def test_the_order_of_the_file_s_series_changes_no_byte_of_the_model(runner, tmp_path):
    """Each series' arrays are stored by its place in the id order, and the metrics summed in
    it: a file listing the series in another order gave other array names and metrics that
    differed in their last digits. Progress is said as series are trained."""
    import numpy as np

    from lstmcast.persist import load_model

    files = [long_file(tmp_path / "ab.csv", {"AAA": 200, "BBB": 180}), tmp_path / "ba.csv"]
    frame = pd.read_csv(files[0])  # the same series, listed BBB first
    frame.sort_values("symbol", ascending=False, kind="stable").to_csv(files[1], index=False)
    saved = []
    for k, data in enumerate(files):
        model = tmp_path / f"m{k}.lstmcast"
        done = runner.invoke(app, ["train", str(data), "--per-series", "--horizon", "3",
                                   "--out", str(model), *FLAGS])
        assert done.exit_code == 0, done.stderr
        assert "per-series models: 1 of 2 series trained" in done.stderr
        saved.append(load_model(model))
    (arrays_ab, manifest_ab), (arrays_ba, manifest_ba) = saved[0][:2], saved[1][:2]
    assert sorted(arrays_ab) == sorted(arrays_ba)
    assert all(np.array_equal(arrays_ab[name], arrays_ba[name]) for name in arrays_ab)
    assert manifest_ab["metrics"] == manifest_ba["metrics"]


def test_a_warning_of_one_series_own_model_names_the_series(runner, tmp_path):
    """Each series' model speaks of "the series": among 600 models, "every out-of-sample
    error the intervals are calibrated on was 0" did not say of which series."""
    data = long_file(tmp_path / "p.csv", {"LONG": 300})
    frame = pd.read_csv(data)
    flat = frame.assign(symbol="PEG", close=7.75)  # a currency pegged at 7.75
    pd.concat([frame, flat]).to_csv(data, index=False)
    model = tmp_path / "m.lstmcast"
    done = runner.invoke(app, ["train", str(data), "--per-series", "--horizon", "3", "--out",
                               str(model), "-q", *FLAGS])
    assert done.exit_code == 0, done.stderr
    done = runner.invoke(app, ["predict", str(data), "--model", str(model)])
    assert done.exit_code == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if "have no width" in line]
    assert said and all(line.startswith("warning: series 'PEG': ") for line in said), said
