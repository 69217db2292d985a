"""A real Dask cluster for tests: ``dask scheduler`` and ``dask worker`` started as processes.

The embedded LocalCluster shares our process and sys.path; a cluster started from the command
line does not, which is how users run one: workers that cannot import the test modules, their own
environment (NUMBA_NUM_THREADS=1), and processes we can kill. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT = 60.0  # seconds for the scheduler and every worker to be connected
# One thread per worker for Numba and the BLAS: two workers on a small machine already fill it.
WORKER_ENV = {"NUMBA_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
              "MKL_NUM_THREADS": "1"}


def dask_cli() -> Path | None:
    """The ``dask`` command installed beside this Python (not whichever is first on PATH)."""
    path = Path(sys.executable).with_name("dask")
    return path if path.exists() else None


@contextmanager
def running_cluster(n_workers: int = 2, nanny: bool = True
                    ) -> Iterator[tuple[str, str, subprocess.Popen, subprocess.Popen]]:
    """Start a scheduler and one ``dask worker --nworkers n_workers``; yield (address,
    scheduler_file, worker_process, scheduler_process) once all workers are connected; stop
    both at the end.

    With ``nanny=False`` (and one worker) the worker runs in worker_process itself: killing it
    leaves the cluster without workers; with Nannies, a killed worker is restarted."""
    dask = dask_cli()
    if dask is None:
        raise FileNotFoundError(f"no dask command beside {sys.executable}")
    folder = Path(tempfile.mkdtemp(prefix="lstmcast-dask-"))
    scheduler_file = str(folder / "scheduler.json")
    processes: list[subprocess.Popen] = []
    try:
        processes.append(_start(folder / "scheduler.log", [
            dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
            # It serves HTTP (health checks) even with --no-dashboard, on 0.0.0.0:8787 by default.
            "--dashboard-address", "127.0.0.1:0", "--scheduler-file", scheduler_file]))
        processes.append(_start(folder / "worker.log", [
            dask, "worker", "--nworkers", str(n_workers), "--nthreads", "1", "--no-dashboard",
            "--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0",
            "--local-directory", str(folder), "--nanny" if nanny else "--no-nanny",
            "--scheduler-file", scheduler_file]))
        address = _wait_until_ready(scheduler_file, n_workers, processes, folder)
        yield address, scheduler_file, processes[1], processes[0]
    finally:
        for process in reversed(processes):  # workers first: they would try to reconnect
            stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def _start(log: Path, command: list) -> subprocess.Popen:
    env = {**os.environ, **WORKER_ENV}
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    with open(log, "wb") as out:  # the child keeps its own descriptor
        # A session of its own: a Ctrl-C meant for pytest does not reach the cluster first.
        return subprocess.Popen([str(part) for part in command], stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True)


def _wait_until_ready(scheduler_file: str, n_workers: int, processes: list, folder: Path) -> str:
    """The scheduler's address once n_workers are connected; raises with the logs if not."""
    from distributed import Client

    deadline = time.monotonic() + START_TIMEOUT
    while not Path(scheduler_file).exists():
        _check_alive(processes, folder, deadline)
        time.sleep(0.1)
    with Client(scheduler_file=scheduler_file, timeout="10s", set_as_default=False) as client:
        while len(client.nthreads()) < n_workers:
            _check_alive(processes, folder, deadline)
            time.sleep(0.2)
        return client.scheduler.address


def _check_alive(processes: list, folder: Path, deadline: float) -> None:
    dead = [p for p in processes if p.poll() is not None]
    if dead or time.monotonic() > deadline:
        logs = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
                         for log in sorted(folder.glob("*.log")))
        why = "a process exited" if dead else f"not ready after {START_TIMEOUT:g} s"
        raise RuntimeError(f"the test Dask cluster did not start: {why}\n{logs}")


def stop(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Terminate a process by its pid, then kill it if it does not stop within ``timeout``."""
    if process.poll() is None:
        try:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:  # it ended between poll() and kill()
            pass
    process.wait()
