"""The ``lstmcast`` console script: nothing heavy is imported before a Ctrl-C can be handled,
and none is heard once the command is done."""

from __future__ import annotations

import signal
import sys


def main() -> None:
    """Import the command line (numpy, pandas, Typer: a few tenths of a second), run it, exit.
    A Ctrl-C while it imports said 'error: interrupted' (130), not a traceback; one while the
    interpreter shuts down (joining the engine's threads) is ignored, the command being done."""
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        raise SystemExit(130) from None
    try:
        run()
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
