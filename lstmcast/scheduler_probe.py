"""Whether an address given as a Dask scheduler's is one: a scheduler greets a new connection
at once, a dashboard or a web server waits for a request, and a Dask client would wait with
it, past its own timeout, for ever."""

from __future__ import annotations

import socket

from .errors import InputError

GREETING_SECONDS = 5.0  # a scheduler's greeting comes in milliseconds


def check_greets(address: str) -> None:
    """Raise InputError when ``address`` (tcp://host:port or host:port) accepts a connection
    but says nothing within GREETING_SECONDS; any other address (refused, unknown host, TLS)
    is left to the Dask client, whose errors say why."""
    bare = address.removeprefix("tcp://")
    if "://" in bare or ":" not in bare:
        return
    host, _, port = bare.rpartition(":")
    try:
        conn = socket.create_connection((host.strip("[]"), int(port)), timeout=GREETING_SECONDS)
    except (OSError, ValueError):
        return
    with conn:
        conn.settimeout(GREETING_SECONDS)
        try:
            if conn.recv(1):
                return
        except TimeoutError:
            pass
        except OSError:
            return
    raise InputError(f"{address} answers but is no Dask scheduler (it said nothing in "
                     f"{GREETING_SECONDS:g} s: a dashboard or a web server?)",
                     fallback="give the scheduler's own address (port 8786 unless it was "
                     "started with another)")
