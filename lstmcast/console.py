"""The ``lstmcast`` console script: nothing heavy is imported before a Ctrl-C can be handled,
and the engine's threads are ended before the interpreter's exit would join them."""

from __future__ import annotations

import sys


def main() -> None:
    """Import the command line (numpy, pandas, Typer: a few tenths of a second), run it, end
    the engine's threads. A Ctrl-C while it imports said 'error: interrupted' (130), not a
    traceback; one while the interpreter's exit joined the engine's threads printed a
    traceback and the exit code stayed 0: they are joined here, where a Ctrl-C, the command
    being done, is let go."""
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        raise SystemExit(130) from None
    try:
        run()
    finally:
        if (engine := sys.modules.get("lstmcast.engine.model")) is not None:
            try:
                engine.shutdown_threads()
            except KeyboardInterrupt:
                pass
