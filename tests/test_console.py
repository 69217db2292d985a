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


def test_once_the_command_is_done_a_ctrl_c_is_not_heard(monkeypatch):
    """A Ctrl-C while the interpreter shuts down (joining the engine's threads) printed a
    traceback, and the exit code stayed 0."""
    ran = []
    monkeypatch.setattr("lstmcast.cli.main", lambda: ran.append(True))
    before = signal.getsignal(signal.SIGINT)
    try:
        console.main()
        assert ran and signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
