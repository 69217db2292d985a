"""Faults around a training run: killed, interrupted, diverging, racing on a cold Numba cache,
reading from a pipe. The model file on disk is always either the old one or a complete new one."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from lstmcast.cli import app

ROOT = Path(__file__).resolve().parent.parent
BTC = ROOT / "sample_data" / "btc_usd_daily.csv"
SCRIPT = Path(sys.executable).with_name("lstmcast")
TINY = ["--hidden", "4", "--epochs", "2", "--patience", "1", "--no-refit"]
ENDLESS = ["--hidden", "4", "--epochs", "100000", "--patience", "100000"]


def run(args):
    return CliRunner().invoke(app, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def random_walk(path: Path, n=120, seed=0) -> str:
    rng = np.random.default_rng(seed)
    pd.DataFrame({"Date": pd.date_range("2020-01-01", periods=n).strftime("%Y-%m-%d"),
                  "Close": 100 + np.cumsum(rng.normal(size=n))}).to_csv(path, index=False)
    return path.name


@pytest.fixture
def old_model(tmp_path, monkeypatch):
    """A folder with a complete model (and metrics) from an earlier, successful run."""
    monkeypatch.chdir(tmp_path)
    random_walk(tmp_path / "old.csv")
    result = run(["train", "old.csv", *TINY, "-q", "-o", "m.lstmcast"])
    assert result.exit_code == 0, result.stderr
    return tmp_path


def _ctrl_c_heard() -> None:
    """A shell's background job (``pytest &``) ignores Ctrl-C, and so would the training it
    starts: Python installs its KeyboardInterrupt only where SIGINT is not ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_training(folder: Path, *flags) -> subprocess.Popen:
    """``lstmcast train`` on the BTC sample for 'ever', once it has finished its first epoch."""
    proc = subprocess.Popen([str(SCRIPT), "train", str(BTC), *ENDLESS, "-o", "m.lstmcast", *flags],
                            cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_ctrl_c_heard)
    seen = []
    deadline = time.monotonic() + 240
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("fit epoch 1/"):
            return proc
        assert time.monotonic() < deadline, "".join(seen)
    proc.kill()
    pytest.fail("training ended before its first epoch line:\n" + "".join(seen))


def finish(proc: subprocess.Popen, sig) -> tuple[int, str, str]:
    proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    return proc.returncode, out, err


def assert_loadable(folder: Path, name="m.lstmcast") -> dict:
    info = run(["info", folder / name, "--json"])
    assert info.exit_code == 0, info.stderr
    return json.loads(info.stdout)


# ----------------------------------------------------------------------------------- kill, Ctrl-C


def test_sigkill_while_training_leaves_the_old_model_intact(old_model):
    before = snapshot(old_model)
    proc = start_training(old_model)
    code, _, _ = finish(proc, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert snapshot(old_model) == before  # byte-identical, and no temp file left behind
    assert assert_loadable(old_model)["data"]["path"].endswith("old.csv")
    info = run(["info", "m.lstmcast"])
    assert info.exit_code == 0 and "old.csv" in info.stdout


def test_sigint_keeps_the_best_model_so_far(old_model):
    proc = start_training(old_model)
    code, out, err = finish(proc, signal.SIGINT)
    assert code == 130, err
    assert out == ""
    assert "Traceback" not in err
    errors = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert errors == ["error: interrupted; the best model so far was saved to m.lstmcast"]
    assert err.splitlines()[-1] == errors[0]
    manifest = assert_loadable(old_model)
    assert manifest["data"]["path"] == str(BTC)
    assert manifest["training"]["interrupted"] == "fit"
    assert manifest["training"]["epochs_run"][0] >= 1
    assert manifest["training"]["refit_on_all_data"] is False
    fc = run(["predict", "--model", "m.lstmcast"])
    assert fc.exit_code == 0, fc.stderr
    assert len(fc.stdout.splitlines()) == 2
    # said wherever the model is used (was: in `info --json` alone, a cron job none the wiser)
    partial = "warning: the model was saved from an interrupted training: its networks as far"
    assert partial in fc.stderr
    assert partial.removeprefix("warning: ") in run(["info", "m.lstmcast"]).stdout


def test_sigterm_stops_training_as_ctrl_c_does_and_exits_143(old_model):
    """``timeout`` and systemd stop a job with SIGTERM: before, the process died at once,
    silently (exit 143), even under --on-interrupt keep. Now it stops as Ctrl-C does, keeps
    the best model so far, says so, and exits 143."""
    proc = start_training(old_model)
    code, out, err = finish(proc, signal.SIGTERM)
    assert code == 143, err
    assert out == "" and "Traceback" not in err
    assert err.splitlines()[-1] == \
        "error: interrupted; the best model so far was saved to m.lstmcast"
    assert assert_loadable(old_model)["training"]["interrupted"] == "fit"


def test_sigint_with_discard_writes_nothing(old_model):
    before = snapshot(old_model)
    proc = start_training(old_model, "--on-interrupt", "discard")
    code, out, err = finish(proc, signal.SIGINT)
    assert code == 130, err
    assert out == ""
    assert "Traceback" not in err
    assert [ln for ln in err.splitlines() if ln.startswith("error:")] == [
        "error: interrupted; no model was written"]
    assert snapshot(old_model) == before
    assert_loadable(old_model)



@pytest.mark.parametrize("command", [
    ["backtest", str(BTC), *ENDLESS, "--folds", "2", "-o", "bt.csv"],
    ["train", "panel.csv", "--per-series", *ENDLESS, "-o", "m.lstmcast"]])
def test_sigint_in_a_backtest_or_per_series_training_stops_it_and_writes_nothing(
        old_model, command):
    """A fold's (or one series') best-so-far network is no result: before, Ctrl-C ended that
    fit early, the run went on, and it exited 0 with a fold forecast by a half-trained model."""
    walks = [pd.read_csv(old_model / random_walk(old_model / f"w{k}.csv", seed=k)).assign(
        symbol=f"S{k}") for k in range(2)]
    pd.concat(walks).to_csv(old_model / "panel.csv", index=False)
    before = snapshot(old_model)
    proc = subprocess.Popen([str(SCRIPT), *command], cwd=old_model, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_ctrl_c_heard)
    watchdog = threading.Timer(300, proc.kill)  # a run that never says it started: no hang
    watchdog.start()
    try:
        for line in proc.stderr:
            if line.startswith(("fold 1/", "per-series models:")):
                break
        time.sleep(2)  # into the first fit (an interrupt before it must end the run all the same)
        code, out, err = finish(proc, signal.SIGINT)
    finally:
        watchdog.cancel()
    assert code == 130, err
    assert err.splitlines()[-1].startswith("error: interrupted") and "Traceback" not in err
    assert snapshot(old_model) == before  # no forecasts, no model

# ----------------------------------------------------------------------------------- divergence


def test_the_learning_rate_really_makes_the_loss_non_finite():
    """The engine itself, without lstmcast's retries: lr 1e30 without clipping overflows."""
    from lstmcast.engine import LSTMForecaster

    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 20, 1)).astype(np.float32)
    y = rng.standard_normal((16, 1)).astype(np.float32)
    for lr, finite in ((1e30, False), (3e-3, True)):
        model = LSTMForecaster(1, 4, 1, 1, lr=lr, clip=0.0, seed=0)
        losses = [model.step(x, y) for _ in range(8)]
        assert bool(np.all(np.isfinite(losses))) is finite, (lr, losses)


@pytest.mark.parametrize("existing", [True, False])
def test_diverging_training_writes_no_model(tmp_path, monkeypatch, existing):
    monkeypatch.chdir(tmp_path)
    name = random_walk(tmp_path / "walk.csv")
    if existing:
        assert run(["train", name, *TINY, "-q"]).exit_code == 0
    before = snapshot(tmp_path)
    result = run(["train", name, *TINY, "--lr", "1e30", "--clip", "0"])
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.splitlines()
    assert [ln for ln in lines if ln.startswith("error:")] == [lines[-1]]
    assert re.match(r"error: training diverged \(loss became (inf|nan)", lines[-1])
    assert "nothing was saved" in lines[-1] and "--lr" in lines[-1]
    assert sum("retrying with" in ln for ln in lines) == 2  # it did try smaller rates first
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before
    assert (tmp_path / "model.lstmcast").exists() is existing


# ----------------------------------------------------------------------------------- pipes


def test_training_from_a_named_pipe(tmp_path):
    """A FIFO (like 'lstmcast train <(zcat prices.csv.gz)') is read once; fingerprinting it
    afterwards used to wait forever for a second writer."""
    random_walk(tmp_path / "walk.csv")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as fh:
            fh.write((tmp_path / "walk.csv").read_bytes())

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        proc = subprocess.run([str(SCRIPT), "train", "pipe.csv", *TINY, "-q"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
    finally:
        if writer.is_alive():  # release the writer if the reader never came
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
    assert proc.returncode == 0, proc.stderr
    manifest = assert_loadable(tmp_path, "model.lstmcast")
    # The fingerprint is of the bytes that were read through the pipe.
    assert manifest["data"]["fingerprint"] == "sha256:" + hashlib.sha256(
        (tmp_path / "walk.csv").read_bytes()).hexdigest()
    same = run(["predict", tmp_path / "walk.csv", "--model", tmp_path / "model.lstmcast"])
    assert same.exit_code == 0, same.stderr


# ----------------------------------------------------------------------------------- cold cache


@pytest.mark.slow
def test_two_predicts_and_a_train_at_once_on_an_empty_numba_cache(tmp_path):
    """Three processes start together on a fresh NUMBA_CACHE_DIR (as for a read-only install):
    all succeed, the forecasts are identical, and the compiled kernels land in that folder.

    The model for the predicts is trained beforehand in another folder with the usual cache, so
    the shared cache folder is empty when the three start."""
    random_walk(tmp_path / "walk.csv")
    made = run(["train", tmp_path / "walk.csv", *TINY, "-q", "-o", tmp_path / "m.lstmcast"])
    assert made.exit_code == 0, made.stderr
    expected = run(["predict", "--model", tmp_path / "m.lstmcast"])
    assert expected.exit_code == 0, expected.stderr

    cache = tmp_path / "cache"
    cache.mkdir()
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache)}
    cmds = [
        [str(SCRIPT), "predict", "--model", "m.lstmcast", "-o", "fc1.csv"],
        [str(SCRIPT), "predict", "--model", "m.lstmcast", "-o", "fc2.csv"],
        [str(SCRIPT), "train", "walk.csv", *TINY, "-q", "-o", "new.lstmcast"],
    ]
    procs = [subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for cmd in cmds]
    results = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            results.append((proc.returncode, out, err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    for (code, _, err), cmd in zip(results, cmds, strict=True):
        assert code == 0, (cmd, err)
        assert "Traceback" not in err
    fc1, fc2 = (tmp_path / "fc1.csv").read_bytes(), (tmp_path / "fc2.csv").read_bytes()
    assert fc1 == fc2 == expected.stdout.encode()
    assert assert_loadable(tmp_path, "new.lstmcast")["training"]["epochs_run"][0] in (1, 2)
    assert any(cache.rglob("*.nbi")), "the kernels were not cached in NUMBA_CACHE_DIR"
    # The train said why it paused, once, before anything else it printed.
    train_err = results[2][2].splitlines()
    assert train_err[0] == "compiling the LSTM kernels for this CPU (first run only)…"
    assert not any("compiling" in line for line in results[0][2].splitlines())  # predicts: no
    warm = subprocess.run([str(SCRIPT), "train", "walk.csv", *TINY, "-q", "-o", "warm.lstmcast"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert warm.returncode == 0 and "compiling" not in warm.stderr
    # The new model forecasts like the one trained with the usual cache: same data, flags, seed.
    again = run(["predict", "--model", tmp_path / "new.lstmcast"])
    assert again.exit_code == 0 and again.stdout == expected.stdout


def test_a_diverging_run_prints_no_numpy_warnings(tmp_path):
    """Its one error line only: before, each thread's 'RuntimeWarning: invalid value
    encountered in matmul' and its source line came first (a real process: pytest would
    record the warnings rather than print them)."""
    name = random_walk(tmp_path / "walk.csv")
    done = subprocess.run([str(SCRIPT), "train", name, *TINY, "--lr", "1e30", "--clip", "0",
                           "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "Warning" not in done.stderr and done.stderr.startswith("error: training diverged")


def test_an_interrupt_behind_a_locks_error_exits_as_interrupted(tmp_path, monkeypatch):
    """Ctrl-C landing inside a wait on a lock (a Dask future's, an event's) can surface as
    'cannot release un-acquired lock': the command line says 'interrupted' and exits 130, as
    for the interrupt itself, not 'internal error' and 1."""
    from helpers import lock_left_unheld_by_an_interrupt

    from lstmcast import backtest

    monkeypatch.setattr(backtest, "backtest_panel", lock_left_unheld_by_an_interrupt)
    result = run(["backtest", BTC, *TINY, "--folds", "2", "-o", tmp_path / "bt.csv"])
    assert result.exit_code == 130, result.stderr
    assert result.stderr.splitlines()[-1] == "error: interrupted"
    assert not (tmp_path / "bt.csv").exists()


def test_a_full_disk_leaves_the_old_model_and_metrics_together(old_model, monkeypatch):
    """On a nearly full disk the model was replaced, then the metrics failed: a new model
    beside the old metrics. The metrics are now on the disk before the model replaces the old
    one, and put in place after it: either file failing leaves the old pair."""
    import errno

    real = os.fsync

    def fsync(fd):
        if "metrics" in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    before = snapshot(old_model)
    result = run(["train", "old.csv", *TINY, "--seed", "5", "-q", "-o", "m.lstmcast"])
    assert result.exit_code == 1, result.stderr
    assert "no space left on device" in result.stderr
    assert snapshot(old_model) == before


def test_metrics_to_dev_null_still_write_the_model(tmp_path, monkeypatch):
    """/dev/null takes no fsync: the metrics written before the model (so that a full disk
    leaves the old pair) failed there after the whole training, and no model was written."""
    monkeypatch.chdir(tmp_path)
    random_walk(tmp_path / "w.csv")
    result = run(["train", "w.csv", *TINY, "-q", "-o", "m.lstmcast", "--metrics-out",
                  "/dev/null"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "m.lstmcast").exists()
