"""What a Ctrl-C keeps: the best model so far (--on-interrupt keep) or nothing (discard);
and a Ctrl-C held while the fitted members are evaluated, a few seconds between their fits and
their refit, which stopped there had kept nothing of a whole ensemble."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


def keep_or_stop(settings, note, phase: str, kept: str, anything: bool) -> None:
    """Say what a run stopped by Ctrl-C in ``phase`` keeps (``kept`` of the fit); re-raise the
    interrupt where nothing can be kept or --on-interrupt discard says to keep nothing."""
    if settings.fit.on_interrupt == "discard" or (phase == "fit" and not anything):
        raise KeyboardInterrupt
    note(f"interrupted; keeping the {kept}, not refitted" if phase == "fit" else
         "interrupted during the refit on all data; keeping the models evaluated on the test "
         "period")


_HEARD: list[int] = []  # the signals ``heard`` (the command line's); none in library use


def heard(signum, frame) -> None:
    """The command line's handler of Ctrl-C and SIGTERM: a KeyboardInterrupt, and a record
    of it that the training loops read (``stop_if_heard``). Python drops a KeyboardInterrupt
    raised where it can only print 'Exception ignored' (an import's module lock, llvmlite's
    callbacks while Numba loads its kernels): a backtest of 100,000 epochs went on after
    one (4 in 200 Ctrl-Cs on a loaded machine)."""
    _HEARD.append(signum)
    raise KeyboardInterrupt


def interrupt_heard() -> bool:
    """Whether the command line heard a Ctrl-C (or SIGTERM) in this command."""
    return bool(_HEARD)


def stop_if_heard() -> None:
    """Raise KeyboardInterrupt again where a Ctrl-C (or SIGTERM) was heard: a run it stopped
    stays stopped, wherever its interrupt was lost."""
    if _HEARD:
        raise KeyboardInterrupt


@contextmanager
def heard_within():
    """``heard`` as the handler of SIGTERM and of Ctrl-C (unless Ctrl-C is ignored: a
    background job's) within; yields a list that gets, at the end, what was heard. The
    record is this command's alone: a later training in the same process (a library call
    after an interrupted command) is not stopped by it."""
    _HEARD.clear()
    said: list[int] = []
    before = {} if threading.current_thread() is not threading.main_thread() else {
        signum: signal.signal(signum, heard) for signum in (signal.SIGINT, signal.SIGTERM)
        if signal.getsignal(signum) is not signal.SIG_IGN or signum == signal.SIGTERM}
    try:
        yield said
    finally:
        said += _HEARD
        _HEARD.clear()
        for signum, handler in before.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


_HELD = (signal.SIGINT, signal.SIGTERM)  # the command line stops on SIGTERM as on Ctrl-C


@contextmanager
def held_interrupts():
    """Ctrl-C (and SIGTERM) held within: yields a list that gets each signal that came, for
    ``stopped_while_held``; a handler of the caller's still keeps its books (the command
    line's exit 143 after SIGTERM). Off the main thread, where no signal is handled, nothing
    is held."""
    pressed: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pressed
        return
    before: dict = {}

    def hold(signum, frame):
        pressed.append(signum)
        if callable(before[signum]) and before[signum] is not signal.default_int_handler:
            try:
                before[signum](signum, frame)
            except KeyboardInterrupt:
                pass  # raised after the held step, by ``stopped_while_held``

    for signum in _HELD:  # SIGTERM only where a handler turns it into an interrupt (the CLI)
        handler = signal.getsignal(signum)  # and Ctrl-C unless ignored (a background job's)
        if signum == signal.SIGINT and handler is not signal.SIG_IGN or callable(handler):
            before[signum] = signal.signal(signum, hold)
    try:
        yield pressed
    finally:
        for signum, handler in before.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def stopped_while_held(pressed: list[int], settings, note) -> str | None:
    """"fit" where a Ctrl-C came while held (every member fitted: kept, not refitted), said;
    None where none came."""
    if not pressed:
        return None
    keep_or_stop(settings, note, "fit", "networks, every one fitted", True)
    return "fit"


@contextmanager
def starting_children():
    """Threads and processes started within inherit Ctrl-C blocked (a signal mask survives fork
    and exec), so a terminal's Ctrl-C, which reaches every process of its group, stops only
    this one, which tears them down; one that came meanwhile (held, ``held_interrupts``) is
    raised once they exist. A Dask cluster stopped half-started printed its workers' tracebacks
    (a worker's own handler comes only after its imports) and, at exit, its close's."""
    mask = getattr(signal, "pthread_sigmask", None)  # (not on Windows)
    if mask:
        from multiprocessing import resource_tracker

        # Started now, not by a thread started within, which it would leave taking Ctrl-C
        # again (it unblocks Ctrl-C after its own spawn) for the processes that thread spawns.
        resource_tracker.ensure_running()
    with held_interrupts() as pressed:
        before = mask(signal.SIG_BLOCK, {signal.SIGINT}) if mask else None
        try:
            yield
        finally:
            if mask:
                mask(signal.SIG_SETMASK, before)  # a pending Ctrl-C arrives here: held
    if pressed:
        raise KeyboardInterrupt
