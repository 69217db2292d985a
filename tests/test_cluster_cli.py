"""The command line on a real Dask cluster (``dask scheduler`` and ``dask worker`` processes on
127.0.0.1, from the ``dask_cluster`` fixture): the same bytes as in this process, work spread
over the workers, and a scheduler that cannot be reached is one error line."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lstmcast.cli import app

FLAGS = ["--hidden", "8", "--epochs", "2", "--patience", "1", "--seed", "5"]
SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "btc_usd_daily.csv"


def invoke(runner, *args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def panel_csv(tmp_path) -> Path:
    """Four daily series of 300 rows: the bitcoin sample, scaled and shifted per symbol."""
    btc = pd.read_csv(SAMPLE).tail(300)
    parts = []
    for k, symbol in enumerate(["AAA", "BBB", "CCC", "DDD"]):
        parts.append(pd.DataFrame({"date": btc["Date"], "symbol": symbol,
                                   "close": btc["Closing Price (USD)"] * (1 + k) + 10 * k}))
    path = tmp_path / "panel.csv"
    pd.concat(parts).to_csv(path, index=False)
    return path


def test_backtest_on_the_cluster_is_byte_identical(runner, dask_cluster, tmp_path):
    address = dask_cluster[0]
    here = invoke(runner, "backtest", SAMPLE, "--folds", "4", "--horizon", "5", "-q", *FLAGS)
    there = invoke(runner, "backtest", SAMPLE, "--folds", "4", "--horizon", "5", "-q", *FLAGS,
                   "--scheduler", address, "--metrics-out", tmp_path / "bt.json")
    assert there.stdout == here.stdout and here.stdout.count("\n") == 1 + 4 * 5
    execution = json.loads((tmp_path / "bt.json").read_text())["execution"]
    assert execution["engine"] == "dask" and execution["scheduler"] == address
    assert len(set(execution["workers"])) >= 2


def test_per_series_training_on_the_cluster_is_byte_identical(runner, dask_cluster, panel_csv,
                                                              tmp_path):
    address = dask_cluster[0]
    common = [panel_csv, "--per-series", "--horizon", "3", "-q", *FLAGS]
    invoke(runner, "train", *common, "--out", tmp_path / "here.lstmcast")
    invoke(runner, "train", *common, "--out", tmp_path / "there.lstmcast",
           "--scheduler", address, "--metrics-out", tmp_path / "there.json")
    here = invoke(runner, "predict", panel_csv, "--model", tmp_path / "here.lstmcast").stdout
    there = invoke(runner, "predict", panel_csv, "--model", tmp_path / "there.lstmcast").stdout
    assert here == there
    assert sorted({line.split(",")[0] for line in here.splitlines()[1:]}) == [
        "AAA", "BBB", "CCC", "DDD"]
    metrics = json.loads((tmp_path / "there.json").read_text())
    assert len(set(metrics["execution"]["workers"])) >= 2
    local = json.loads((tmp_path / "here.metrics.json").read_text())
    assert local["execution"] == {"engine": "local", "scheduler": None, "workers": []}
    assert {k: v for k, v in metrics.items() if k != "execution"} == {
        k: v for k, v in local.items() if k != "execution"}


def test_a_series_model_is_the_same_alone_or_in_a_panel(runner, panel_csv, tmp_path):
    """Per-series models do not depend on the other series of the file (their seeds come from
    the series id): the panel's model of BBB forecasts as the model of BBB's rows alone."""
    invoke(runner, "train", panel_csv, "--per-series", "--horizon", "3", "-q", *FLAGS,
           "--out", tmp_path / "all.lstmcast")
    frame = pd.read_csv(panel_csv)
    frame[frame["symbol"].isin(["BBB", "DDD"])].to_csv(tmp_path / "two.csv", index=False)
    invoke(runner, "train", tmp_path / "two.csv", "--per-series", "--horizon", "3", "-q", *FLAGS,
           "--out", tmp_path / "two.lstmcast")
    full = invoke(runner, "predict", panel_csv, "--model", tmp_path / "all.lstmcast",
                  "--id", "BBB,DDD").stdout
    two = invoke(runner, "predict", tmp_path / "two.csv", "--model",
                 tmp_path / "two.lstmcast").stdout
    assert full == two


def test_an_unreachable_scheduler_is_one_line_and_exit_2_within_30_s(panel_csv, tmp_path):
    exe = Path(sys.executable).parent / "lstmcast"
    start = time.monotonic()
    done = subprocess.run([str(exe), "train", str(panel_csv), "--per-series", "--scheduler",
                           "tcp://127.0.0.1:9", "--out", str(tmp_path / "m.lstmcast")],
                          capture_output=True, text=True, timeout=120)
    took = time.monotonic() - start
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach the Dask scheduler")
    assert took <= 30
    assert not (tmp_path / "m.lstmcast").exists()


def test_metrics_of_one_series_do_not_change_with_workers(runner, tmp_path):
    """Backtest folds on two local workers give the in-process figures, to the bit."""
    args = ["backtest", SAMPLE, "--folds", "2", "--horizon", "3", "-q", *FLAGS]
    invoke(runner, *args, "--metrics-out", tmp_path / "a.json")
    invoke(runner, *args, "--workers", "2", "--metrics-out", tmp_path / "b.json")
    a, b = (json.loads((tmp_path / n).read_text()) for n in ("a.json", "b.json"))
    assert a.pop("execution")["engine"] == "local" and b.pop("execution")["engine"] == "dask"
    assert a == b
    assert np.isfinite(a["overall"]["model"]["mae"])


def test_ensemble_members_on_the_cluster_are_byte_identical(runner, dask_cluster, tmp_path):
    """A global model's members are independent tasks: fitted on the workers, the same bits."""
    common = [SAMPLE, "--horizon", "3", "--ensemble", "2", "-q", *FLAGS]
    invoke(runner, "train", *common, "--out", tmp_path / "here.lstmcast")
    invoke(runner, "train", *common, "--out", tmp_path / "there.lstmcast",
           "--scheduler", dask_cluster[0])
    here = invoke(runner, "predict", "--model", tmp_path / "here.lstmcast").stdout
    there = invoke(runner, "predict", "--model", tmp_path / "there.lstmcast").stdout
    assert here == there
    metrics = json.loads((tmp_path / "there.metrics.json").read_text())
    assert metrics["execution"]["engine"] == "dask" and metrics["execution"]["workers"]
