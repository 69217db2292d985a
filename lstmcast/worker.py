"""What runs on a Dask worker for ``parallel.Executor``: the task wrapper that reports where it ran
and sends an exception back as a value, rebuilt by the caller as the same class and message; and
the embedded cluster's worker preload (``dask_setup``)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable


def dask_setup(worker) -> None:
    """An embedded cluster's worker ignores SIGINT: a terminal's Ctrl-C reaches every process
    of its group, and each worker printed a KeyboardInterrupt traceback (and a warning for the
    task it was running, cancelled as the cluster closed) while the command that started them
    stops the cluster and says 'interrupted' once."""
    import logging
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("distributed.worker.state_machine").setLevel(logging.ERROR)


def run_on_worker(fn_bytes: bytes, threads: int | None, task):
    """(worker address, fn(task), None), or (address, None, Failure) when fn raised."""
    from distributed import get_worker

    _limit_numba_threads(threads)
    address = get_worker().address
    fn = load_function(fn_bytes)
    try:
        return address, fn(task), None
    except Exception as exc:
        return address, None, Failure.capture(exc)


@functools.lru_cache(maxsize=8)
def load_function(fn_bytes: bytes) -> Callable:
    """The function of a map, unpickled once per worker process (tasks of a map share it)."""
    import cloudpickle

    return cloudpickle.loads(fn_bytes)


def dump_function(fn: Callable) -> bytes:
    import cloudpickle

    return cloudpickle.dumps(fn)


def _limit_numba_threads(threads: int | None) -> None:
    # NUMBA_NUM_THREADS in the worker's environment does it when Numba loads after the worker
    # started; this covers a Numba loaded before (by the parent's __main__, re-run by spawn).
    if threads and "numba" in sys.modules:
        import numba

        if numba.get_num_threads() > threads:
            numba.set_num_threads(threads)  # per thread: this task's thread


class Failure:
    """An exception sent back as a value: class, args and attributes, rebuilt without __init__."""

    def __init__(self, cls: type, args: tuple, state: dict):
        self.cls, self.args, self.state = cls, args, state

    @classmethod
    def capture(cls, exc: BaseException) -> Failure:
        # Attributes that cannot travel are dropped: the message lives in args.
        state = {key: value for key, value in vars(exc).items() if _picklable(value)}
        if not _picklable((type(exc), exc.args)):
            return cls(RuntimeError, (f"{type(exc).__name__}: {exc}",), {})
        return cls(type(exc), exc.args, state)

    def rebuild(self) -> BaseException:
        exc = self.cls.__new__(self.cls)
        exc.args = self.args
        exc.__dict__.update(self.state)
        return exc


def _picklable(value) -> bool:
    import cloudpickle  # what Dask falls back to: classes of unimportable modules go by value

    try:
        cloudpickle.dumps(value)
        return True
    except Exception:
        return False
