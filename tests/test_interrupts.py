"""What a Ctrl-C keeps: between the members' fits and their refit it waits for their scores,
and the run keeps them, as it keeps a fit stopped midway."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import load_series

import lstmcast.evaluate as evaluate_module
from lstmcast.config import Settings
from lstmcast.interrupts import (
    heard,
    heard_within,
    held_interrupts,
    interrupt_heard,
    starting_children,
)
from lstmcast.train import train_panel

BTC = Path(__file__).resolve().parent / "data" / "btc_head200.csv"


def test_a_held_ctrl_c_is_counted_and_the_handler_is_back_after():
    with held_interrupts() as pressed:
        signal.raise_signal(signal.SIGINT)  # no KeyboardInterrupt here
    assert pressed == [signal.SIGINT]
    with pytest.raises(KeyboardInterrupt):
        signal.raise_signal(signal.SIGINT)


def _sigint_blocked_in_a_child() -> bool:
    code = "import signal; print(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "True"


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks")
def test_children_started_meanwhile_leave_ctrl_c_to_us_and_ours_comes_after():
    """A Dask cluster stopped half-started printed its workers' tracebacks: a process started
    within inherits Ctrl-C blocked, and a Ctrl-C that came meanwhile is raised once they are."""
    with pytest.raises(KeyboardInterrupt):
        with starting_children():
            assert _sigint_blocked_in_a_child()
            signal.raise_signal(signal.SIGINT)  # no KeyboardInterrupt here
            done = True
    assert done and not _sigint_blocked_in_a_child()
    with starting_children():
        pass  # nothing pressed, nothing raised
    with pytest.raises(KeyboardInterrupt):  # the handler is back
        signal.raise_signal(signal.SIGINT)
    # an ignored Ctrl-C (a background job's, `trap '' INT`) stays ignored: it stopped the run
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with starting_children():
            signal.raise_signal(signal.SIGINT)
        with held_interrupts() as pressed:
            signal.raise_signal(signal.SIGINT)
        assert pressed == [] and signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


def _ctrl_c_while_scoring(monkeypatch):
    score = evaluate_module.score_test_period

    def pressed_then_scored(*args, **kwargs):
        signal.raise_signal(signal.SIGINT)
        return score(*args, **kwargs)

    monkeypatch.setattr(evaluate_module, "score_test_period", pressed_then_scored)


def test_ctrl_c_once_every_member_is_fitted_keeps_them_all(monkeypatch):
    """Ctrl-C while the fitted members were scored (before the refit) wrote no model at all."""
    _ctrl_c_while_scoring(monkeypatch)
    notes: list[str] = []
    settings = Settings.build(hidden=8, epochs=3, patience=3, ensemble=2)
    result = train_panel(load_series(BTC), settings, on_note=notes.append)
    assert result.interrupted and len(result.models) == 2
    training = result.manifest["training"]
    assert training["interrupted"] == "fit" and training["refit_on_all_data"] is False
    assert training["epochs_run"] == [3, 3]
    assert "interrupted; keeping the networks, every one fitted, not refitted" in notes


def test_ctrl_c_while_scoring_under_discard_keeps_nothing(monkeypatch):
    _ctrl_c_while_scoring(monkeypatch)
    settings = Settings.build(hidden=8, epochs=2, patience=2, on_interrupt="discard")
    with pytest.raises(KeyboardInterrupt):
        train_panel(load_series(BTC), settings)


def test_sigterm_is_held_only_where_a_handler_makes_it_an_interrupt():
    """The command line turns SIGTERM into an interrupt (its handler keeps the exit code 143):
    held, that handler still runs. A library's caller with SIGTERM at its default keeps it:
    the process ends."""
    with held_interrupts():
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    came = []

    def stop(signum, frame):
        came.append(signum)
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, stop)
    try:
        with held_interrupts() as pressed:
            signal.raise_signal(signal.SIGTERM)
        assert pressed == came == [signal.SIGTERM]
        assert signal.getsignal(signal.SIGTERM) is stop
    finally:
        signal.signal(signal.SIGTERM, before)


def _dropped_ctrl_c() -> None:
    """A Ctrl-C heard, whose KeyboardInterrupt Python then dropped, as it does one raised
    where it can only print 'Exception ignored' (an import's lock, llvmlite's callbacks)."""
    try:
        heard(signal.SIGINT, None)
    except KeyboardInterrupt:
        pass


def test_a_ctrl_c_whose_interrupt_was_dropped_still_stops_the_next_training():
    """Before, a backtest of 100,000 epochs went on after one (4 Ctrl-Cs in 200 on a loaded
    machine, CI's test then timed out); the command line heard it, so the training loop
    stops at its next batch, and the run's book says interrupted."""
    settings = Settings.build(hidden=8, epochs=3, patience=3, ensemble=2)
    with heard_within() as heard_so_far:
        _dropped_ctrl_c()
        assert interrupt_heard()
        with pytest.raises(KeyboardInterrupt):  # no member fitted: nothing to keep
            train_panel(load_series(BTC), settings)
    assert heard_so_far == [signal.SIGINT] and not interrupt_heard()
    assert not train_panel(load_series(BTC), settings).interrupted  # a later library call


def test_a_command_broken_by_a_dropped_ctrl_c_exits_as_interrupted(runner, monkeypatch):
    """A Ctrl-C in the lazy import of Numba ended the run in 'internal error: AttributeError:
    module 'numba' has no attribute 'core'', exit 1."""
    from lstmcast import backtest
    from lstmcast.cli import app

    def broken(*args, **kwargs):
        _dropped_ctrl_c()
        raise AttributeError("module 'numba' has no attribute 'core'")

    monkeypatch.setattr(backtest, "backtest_panel", broken)
    result = runner.invoke(app, ["backtest", str(BTC), "--epochs", "1", "--folds", "2"])
    assert result.exit_code == 130 and result.stderr.splitlines()[-1] == "error: interrupted"
