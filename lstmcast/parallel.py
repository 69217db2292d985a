"""One executor for independent work: in-process, an embedded Dask LocalCluster, or a Dask cluster.

    with Executor(workers=2, on_note=print) as ex:      # or scheduler="tcp://host:8786"
        results = ex.map(fit_chunk, chunks, name="fit", warm=compile_kernels)

``map`` returns exactly what ``[fn(t) for t in tasks]`` returns in this process, in task order:
a result never depends on which worker computed it, so a forecast made on a cluster is the one
made on a laptop. Seeds come from :func:`stable_seed` (sha256), never from ``hash()``, whose value
changes from process to process. The details, and why:

* Dask is imported inside the methods only: ``import lstmcast.parallel`` stays cheap for the
  in-process path, which is what almost every run uses.
* The function runs on the worker inside :func:`run_on_worker`, which returns the worker's
  address (for :meth:`Executor.info`) and turns an exception raised by ``fn`` into a value. The
  caller re-raises it rebuilt without calling ``__init__``: the same class, message and attributes
  as in-process, even for errors whose ``__init__`` takes other arguments than their ``args``
  (plain pickling cannot rebuild those), and Dask's ``retries`` never re-run a task that failed on
  its data (that would fail again, three times slower).
* A worker that dies mid-task is not covered by ``retries``: the scheduler reruns the task on
  another worker on its own, until ``distributed.scheduler.allowed-failures`` workers died with it
  (we set 2 for the embedded cluster); then the task errs with ``KilledWorker``, reported here as a
  one-line :class:`LstmcastError` naming the task and the last worker.
* When several tasks fail, the failure of the first in task order is raised, once every task
  before it has finished: the error that running them in order here would have raised.
* Embedded workers are spawned, never forked (a fork of a process whose Numba threading layer
  runs can deadlock), and each gets ``cpu_count // workers`` threads through environment
  variables read when Numba and the BLAS load in the worker.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import numbers
import os
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

from .errors import InputError, LstmcastError, StoppedMidway, behind
from .interrupts import starting_children
from .scheduler_probe import check_greets
from .worker import dump_function, run_on_worker

# Seconds allowed to reach a scheduler, and to see its first worker; a scheduler file may take
# FILE_WAIT more to appear (a scheduler started just before us writes it): under 30 s in all.
CONNECT_TIMEOUT = 10
FILE_WAIT = 5
# How long a run may wait with no worker in the cluster (the scheduler keeps such tasks waiting
# forever; workers restarted come back within seconds)
NO_WORKERS_GRACE = 30.0
RETRIES = 2  # reruns after a task raised outside ``fn`` (its own errors come back as values)
# Workers allowed to die while running one task before it errs with KilledWorker (embedded
# cluster only: a remote scheduler's own configuration decides for it).
ALLOWED_FAILURES = 2
THREAD_VARS = ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
IN_PROCESS = {"engine": "local", "scheduler": None, "workers": []}  # info() of in-process runs
_POLL = 1.0  # seconds between checks that the cluster still has workers


def stable_seed(base: int, *keys) -> int:
    """A seed in [0, 2**31 - 1) from ``base`` and ``keys`` (str or int), the same in every process,
    Python version and machine; ``stable_seed(0, "AAPL", 3) != stable_seed(0, "AAPL", 4)``."""
    parts = [_seed_part(base)] + [_seed_part(key) for key in keys]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % (2**31 - 1)


def _seed_part(key) -> str:  # tagged by type: 1 and "1" give different seeds
    if isinstance(key, str):
        return "s" + key
    if isinstance(key, numbers.Integral):  # int, bool, numpy integers
        return "i" + str(int(key))
    raise TypeError(f"stable_seed keys must be str or int, not {type(key).__name__}")


class Executor:
    """Runs ``fn`` over a list of tasks, in-process or on Dask; a context manager.

    ``workers=0`` with no scheduler (and no ``DASK_SCHEDULER_ADDRESS``): in this process, in order.
    ``workers=N``: an embedded LocalCluster of N single-threaded worker processes on 127.0.0.1.
    ``scheduler="tcp://host:port"`` or ``scheduler_file=path``: an existing cluster (its workers
    set their own thread counts and Numba cache; start them with ``NUMBA_NUM_THREADS`` set).
    ``on_note(text)`` hears one line when a cluster is started or connected.
    """

    def __init__(self, workers: int = 0, scheduler: str | None = None,
                 scheduler_file: str | None = None, on_note: Callable[[str], Any] | None = None):
        if workers < 0:
            raise InputError(f"the number of Dask workers must be 0 or more, not {workers}")
        if workers and (scheduler or scheduler_file):
            raise InputError("give either a number of local Dask workers or a Dask scheduler, "
                             "not both")
        if scheduler and scheduler_file:
            raise InputError("give either a Dask scheduler address or a scheduler file, not both")
        # the environment's scheduler, said in its errors: a shell's leftover export is no
        # cluster the user meant to ask for
        self._from_env = not (workers or scheduler or scheduler_file)
        if self._from_env:
            scheduler = os.environ.get("DASK_SCHEDULER_ADDRESS") or None
        self.workers = workers
        self.scheduler = scheduler
        self.scheduler_file = scheduler_file
        self.on_note = on_note
        self.engine = "dask" if (workers or scheduler or scheduler_file) else "local"
        self._client = None
        self._cluster = None
        self._address: str | None = None
        self._threads: int | None = None  # per-worker thread limit, embedded cluster only
        self._ran_on: set[str] = set()
        self._warmed: set = set()
        self._stack = ExitStack()

    # -- lifetime -----------------------------------------------------------------------------

    def __enter__(self) -> Executor:
        if self.engine == "local":
            return self
        self._quiet()
        try:
            if self.workers:
                self._start_local_cluster()
            else:
                self._connect()
        except BaseException:
            self.close()
            raise
        return self

    def _quiet(self) -> None:
        """distributed's log silenced until ``close`` (under -q too): a lost scheduler is said
        in one line (``_dask_error``), not in the client's 30-line log; a worker that died, in a
        task run again or in our error, not as 'Restarting worker', 'marked as failed'; our
        cluster's tear-down, its nannies' 'still alive after 4.0 seconds, killing', not at all."""
        import distributed  # noqa: F401  (which sets its loggers' levels: then overridden)

        for name in ("distributed", "distributed.client"):  # (the client's level is its own)
            log = logging.getLogger(name)
            self._stack.callback(log.setLevel, log.level)
            log.setLevel(logging.CRITICAL)

    def __exit__(self, kind, *exc_info) -> None:
        self.close()  # quiet (``_quiet``): 'still alive after 4.0 seconds' is no news

    def close(self) -> None:
        """Close the client, then the embedded cluster; safe to call twice, never raises over the
        error that brought us here."""
        client, cluster, self._client, self._cluster = self._client, self._cluster, None, None
        for thing in (client, cluster):
            if thing is not None:
                with suppress(Exception):  # half torn down by the failure being reported
                    thing.close()
        self._stack.close()

    def _start_local_cluster(self) -> None:
        import dask
        from distributed import Client, LocalCluster

        self._threads = max(1, (os.cpu_count() or 1) // self.workers)
        # Spawn (never fork) also when a worker is restarted, so the setting lives as long as the
        # cluster; the Nanny writes its "pre-spawn" variables into our environment: undo on close.
        self._stack.callback(_restore_environ, dict(os.environ))
        self._stack.enter_context(dask.config.set({
            "distributed.worker.multiprocessing-method": "spawn",
            "distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
        }))
        with starting_children():  # the terminal's Ctrl-C is ours, from their first import
            self._cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, env=_worker_env(self._threads),
                preload=["lstmcast.worker"],  # and ignored by a worker started otherwise
                # Even without a dashboard the scheduler serves HTTP (health checks) on port
                # 8787, and warns on stderr when another cluster holds it: any free port.
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
        self._client = Client(self._cluster, timeout=f"{CONNECT_TIMEOUT}s", set_as_default=False)
        self._address = self._cluster.scheduler_address
        self._note(f"dask: {self.workers} local worker{'s' * (self.workers != 1)}")

    def _connect(self) -> None:
        from distributed import Client

        address = self.scheduler or _read_scheduler_file(self.scheduler_file)
        check_greets(address)
        # Built in two steps so that a Client whose connection failed can still be closed: left
        # to the garbage collector, its __del__ can hang 20 s at interpreter exit.
        client = Client.__new__(Client)
        try:
            client.__init__(address, timeout=f"{CONNECT_TIMEOUT}s", set_as_default=False)
        except Exception as exc:  # OSError, TimeoutError, ValueError (bad address), ...
            with suppress(Exception):
                client.close(timeout=1)
            env = self._from_env and self.scheduler
            raise InputError(f"cannot reach the Dask scheduler at {address}"
                             f"{' (from DASK_SCHEDULER_ADDRESS)' if env else ''}: "
                             f"{_one_line(exc)}", fallback="check the address and that the "
                             "scheduler runs" + (", or unset DASK_SCHEDULER_ADDRESS to run in "
                                                 "this process" if env else "")) from None
        self._client = client
        self._address = self._client.scheduler.address
        try:
            self._client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except Exception:
            raise InputError(f"the Dask scheduler at {address} has no workers "
                             f"(none connected within {CONNECT_TIMEOUT} s)",
                             fallback="start workers with `dask worker ADDRESS`") from None
        count = len(self._client.nthreads())
        self._note(f"dask: scheduler {self._address}, {count} worker{'s' * (count != 1)}")

    def _note(self, text: str) -> None:
        if self.on_note is not None:
            self.on_note(text)

    # -- work ---------------------------------------------------------------------------------

    def map(self, fn: Callable, tasks: list, name: str = "task",
            warm: Callable[[], Any] | None = None,
            on_done: Callable[[int], Any] | None = None) -> list:
        """``[fn(t) for t in tasks]``, computed here or on the cluster; results in task order.

        ``fn`` must be a module-level function and each task a picklable value. An exception
        raised by ``fn`` reaches the caller with its class and message, as in-process.
        ``warm`` (Dask only) is called once, here, before anything is sent: use it to compile
        (or load from the cache) the Numba kernels, so that workers load the compiled code from
        the cache instead of each compiling it at once into the same files. ``on_done(n)``
        (Dask only) hears how many tasks have finished, as they do: progress on long work.
        """
        tasks = list(tasks)
        if self.engine == "local":
            return [fn(task) for task in tasks]
        if self._client is None:
            raise RuntimeError("Executor.map on Dask needs `with Executor(...) as ex:`")
        if not tasks:
            return []
        if warm is not None and warm not in self._warmed:
            warm()
            self._warmed.add(warm)
        token = uuid.uuid4().hex[:12]  # two runs (or two maps) never share a key
        keys = [f"{name}-{i}-{token}" for i in range(len(tasks))]
        # fn travels as cloudpickle bytes: nested in our wrapper, a graph pickled plainly would
        # send it by reference, and the scheduler and the workers would import its module.
        run = functools.partial(run_on_worker, dump_function(fn), self._threads)
        import dask  # a task carries its data (a fold's panel): Dask's "large graph" advice
        with dask.config.set({"distributed.admin.large-graph-warning-threshold": "1TiB"}):
            futures = self._client.map(run, tasks, key=keys, retries=RETRIES, pure=False)
        try:
            return self._gather(futures, [f"{name}-{i}" for i in range(len(tasks))], on_done)
        finally:
            # Releases what was gathered; stops the rest after an error or Ctrl-C.
            with suppress(Exception):  # a lost client must not hide the error being raised
                self._client.cancel(futures)

    def _gather(self, futures: list, labels: list[str], on_done=None) -> list:
        """Results in order; raises the failure with the lowest index once every task before it
        has finished (what running them in order here would have raised)."""
        changed = threading.Event()
        for future in futures:
            future.add_done_callback(lambda _f: changed.set())
        results: dict[int, Any] = {}
        waiting = set(range(len(futures)))
        first_failure: tuple[int, BaseException] | None = None
        no_workers_since: float | None = None
        try:
            while waiting and (first_failure is None or min(waiting) < first_failure[0]):
                changed.wait(_POLL)
                changed.clear()
                outcomes = self._outcomes(futures, labels, waiting)
                for i, outcome in outcomes.items():
                    waiting.discard(i)
                    if isinstance(outcome, BaseException):
                        if first_failure is None or i < first_failure[0]:
                            first_failure = (i, outcome)
                    else:
                        results[i] = outcome
                if not outcomes:
                    no_workers_since = self._check_workers(no_workers_since, labels, waiting)
                elif on_done is not None:
                    on_done(len(futures) - len(waiting))
        except BaseException as err:  # Ctrl-C (in ``wait``'s lock: 'cannot release un-acquired')
            if not isinstance(err, KeyboardInterrupt) and behind(err) is None:
                raise
            raise StoppedMidway(results) from None
        if first_failure is not None:
            raise first_failure[1]
        return [results[i] for i in range(len(futures))]

    def _outcomes(self, futures: list, labels: list[str], waiting: set[int]) -> dict[int, Any]:
        """{index: result, or the exception to raise for it} for the tasks that ended since."""
        # Status read once: "lost" (its worker died after finishing; the scheduler computes it
        # again) and "pending" are left waiting.
        status = {i: futures[i].status for i in waiting}
        finished = sorted(i for i in waiting if status[i] == "finished")
        values = self._client.gather([futures[i] for i in finished]) if finished else []
        outcomes: dict[int, Any] = {}
        for i, (address, value, failure) in zip(finished, values, strict=True):
            self._ran_on.add(address)
            outcomes[i] = failure.rebuild() if failure is not None else value
        for i in waiting:
            if status[i] in ("error", "cancelled"):
                outcomes[i] = self._dask_error(futures[i], labels[i])
        return outcomes

    def _dask_error(self, future, label: str) -> LstmcastError:
        """The one-line error for a task that Dask itself could not run."""
        if future.status == "cancelled":
            return LstmcastError(f"lost the connection to the Dask scheduler at {self._address} "
                                 f"while running {label}")
        exc = future.exception()
        if type(exc).__name__ == "KilledWorker":
            # last_worker: the scheduler's record of the worker that died last (also one the
            # Nanny killed over its memory limit); allowed_failures: its setting (or ours)
            worker = getattr(getattr(exc, "last_worker", None), "address", None)
            where = f" ({worker})" if worker else ""
            tries = getattr(exc, "allowed_failures", ALLOWED_FAILURES) + 1
            return LstmcastError(
                f"a Dask worker died while running {label}{where}; {tries} workers in a row "
                "died running it (out of memory?)",
                fallback="see the workers' logs, or give the workers more memory")
        return LstmcastError(f"Dask could not run {label}: {type(exc).__name__}: "
                             f"{_one_line(exc)}")

    def _check_workers(self, since: float | None, labels: list[str], waiting: set) -> float | None:
        """Raise once the cluster has had no worker for NO_WORKERS_GRACE seconds (its tasks would
        wait forever); returns when the cluster was first seen empty, or None."""
        try:
            n_workers = len(self._client.nthreads())
        except Exception:  # scheduler unreachable: the futures will be cancelled, seen next turn
            return since
        if n_workers:
            return None
        now = time.monotonic()
        if since is not None and now - since > NO_WORKERS_GRACE:
            label = labels[min(waiting)]
            raise LstmcastError(f"all Dask workers left the scheduler at {self._address} while "
                                f"running {label}; none came back within {NO_WORKERS_GRACE:g} s")
        return now if since is None else since

    def info(self) -> dict:
        """{"engine": "local" | "dask", "scheduler": address or None, "workers": sorted distinct
        addresses of the workers that ran tasks so far (empty for local)}."""
        return {"engine": self.engine, "scheduler": self._address,
                "workers": sorted(self._ran_on)}


# -- helpers ------------------------------------------------------------------------------------


def _worker_env(threads: int) -> dict[str, str]:
    """Thread limits for each worker process, and the parent's Numba cache (workers load the
    kernels the parent compiled; without it, Numba uses its own default, beside the package)."""
    env = {var: str(threads) for var in THREAD_VARS}
    if os.environ.get("NUMBA_CACHE_DIR"):
        env["NUMBA_CACHE_DIR"] = os.environ["NUMBA_CACHE_DIR"]
    return env


def _read_scheduler_file(path: str) -> str:
    """The address in a scheduler file written by ``dask scheduler --scheduler-file``; waits up to
    FILE_WAIT seconds for it to appear (a scheduler started just before us)."""
    deadline = time.monotonic() + FILE_WAIT
    while not Path(path).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    try:
        address = json.loads(Path(path).read_text())["address"]
        if not isinstance(address, str) or not address:
            raise ValueError("empty address")
    except FileNotFoundError:
        raise InputError(f"cannot reach the Dask scheduler at {path}: no such scheduler file "
                         f"(waited {FILE_WAIT} s)") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {path}: not a Dask scheduler file "
                         f"({type(exc).__name__}: {_one_line(exc)})") from None
    return address


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _restore_environ(before: dict[str, str]) -> None:
    """Undo what the Nanny wrote into this process's environment before spawning workers
    (``distributed.nanny.pre-spawn-environ``: OMP_NUM_THREADS=1, PYTHONHASHSEED, ...)."""
    import dask

    for key in dask.config.get("distributed.nanny.pre-spawn-environ", {}) or {}:
        _reset(key, before)
    for key in ("PYTHONHASHSEED", "__DASK_PARENT_PID"):  # (distributed's own mark, left too)
        _reset(key, before)


def _reset(key: str, before: dict[str, str]) -> None:
    if key in before:
        os.environ[key] = before[key]
    else:
        os.environ.pop(key, None)
