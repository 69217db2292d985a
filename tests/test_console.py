"""The console script: a Ctrl-C while the command line is imported, and one after it is done."""

from __future__ import annotations

import signal
import sys

import pytest

from lstmcast import console


class _InterruptedImport:
    """A finder that, as a Ctrl-C during ``import numpy`` does, interrupts the import."""

    def find_spec(self, name, path=None, target=None):
        if name == "lstmcast.cli":
            raise KeyboardInterrupt
        return None


def test_a_ctrl_c_while_the_command_line_is_imported_is_one_error_line(monkeypatch, capsys):
    """Before, the first few tenths of a second of any command printed a traceback."""
    monkeypatch.delitem(sys.modules, "lstmcast.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_InterruptedImport(), *sys.meta_path])
    with pytest.raises(SystemExit) as stopped:
        console.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "error: interrupted\n"


def test_once_the_command_is_done_its_engine_threads_are_ended(monkeypatch):
    """The interpreter's exit joined them, where a Ctrl-C printed a traceback and the exit
    code stayed 0; Ctrl-C is left as it was (ignored, it stayed ignored in a host process)."""
    import threading

    import numpy as np

    from lstmcast.engine import LSTMForecaster

    def command():
        LSTMForecaster(1, 3).forward(np.zeros((64, 5, 1), np.float32))  # starts the pool

    monkeypatch.setattr("lstmcast.cli.main", command)
    before = signal.getsignal(signal.SIGINT)
    console.main()
    assert not [t for t in threading.enumerate() if t.name.startswith("lstmcast_")]
    assert signal.getsignal(signal.SIGINT) is before
