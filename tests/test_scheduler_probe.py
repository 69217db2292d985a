"""scheduler_probe.py: an address that answers without greeting is no Dask scheduler."""

from __future__ import annotations

import contextlib
import socket
import threading

import pytest

from lstmcast import scheduler_probe
from lstmcast.errors import InputError


def _server(greeting: bytes):
    """A TCP server on 127.0.0.1 that accepts one connection and sends ``greeting``."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve():
        conn, _ = listener.accept()
        with conn:
            if greeting:
                conn.sendall(greeting)
            with contextlib.suppress(OSError):
                conn.recv(1)  # until the client hangs up
        listener.close()

    threading.Thread(target=serve, daemon=True).start()
    return port


def test_a_silent_port_is_no_scheduler_and_a_greeting_one_may_be(monkeypatch):
    """A dashboard or web server waits for a request: refused at once with one line, where
    the Dask client hung for ever. A port that greets is left to the client, as are refused
    connections and addresses that are no tcp host:port."""
    monkeypatch.setattr(scheduler_probe, "GREETING_SECONDS", 0.5)
    silent = _server(b"")
    with pytest.raises(InputError, match="answers but is no Dask scheduler"):
        scheduler_probe.check_greets(f"tcp://127.0.0.1:{silent}")
    scheduler_probe.check_greets(f"127.0.0.1:{_server(b'dask')}")
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    scheduler_probe.check_greets(f"tcp://127.0.0.1:{port}")  # refused: the client says so
    scheduler_probe.check_greets("tls://127.0.0.1:1")
    scheduler_probe.check_greets("nonsense")
