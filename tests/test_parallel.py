"""The executor gives the in-process results anywhere: here, on an embedded LocalCluster, and on
a real cluster started with the ``dask`` command; and it fails in one line when Dask cannot run.

The task functions below run on workers. A ``dask worker`` started from the command line cannot
import this file (tests/ is on pytest's sys.path, not on theirs), so the module is registered with
cloudpickle to be pickled by value, the way functions of a user's ``__main__`` travel; a test
checks that those workers indeed cannot import it.
"""

from __future__ import annotations

import _thread
import os
import re
import signal
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import cloudpickle
import numpy as np
import pytest

from lstmcast.errors import ColumnNotFound, InputError, LstmcastError, StoppedMidway
from lstmcast.parallel import Executor, stable_seed

cloudpickle.register_pickle_by_value(sys.modules[__name__])

SLEEP = 0.3  # long enough that 8 tasks spread over two single-threaded workers
NUMBA_THREADS_HERE = os.environ.get("NUMBA_NUM_THREADS")


# -- task functions (module level: pickled by value to the workers) ------------------------------


def make_arrays(task: dict) -> dict:
    """Arrays whose every bit depends on the task alone (seeded by stable_seed)."""
    time.sleep(task.get("sleep", 0.0))
    rng = np.random.default_rng(stable_seed(7, task["name"], task["i"]))
    x = rng.standard_normal((4, 3)).astype(np.float32)
    return {"i": task["i"], "x": x, "y": np.cumsum(x.astype(np.float64), axis=0)}


def tasks_for(n: int, sleep: float = 0.0) -> list[dict]:
    return [{"name": f"series-{i}", "i": i, "sleep": sleep} for i in range(n)]


def fail_on(task: dict) -> int:
    """Raises an error whose __init__ takes other arguments than its args (plain pickling of it
    fails); task 2 fails late and task 5 early, so the first to fail is not the first in order."""
    if task["i"] == 2:
        time.sleep(1.0)
        raise ColumnNotFound("prices.csv", "close", "target", "date, open", "--target")
    if task["i"] == 5:
        raise ValueError("task 5 is bad")
    return task["i"]


def die_once(task: dict) -> int:
    """Task 2 kills its own worker process the first time it runs (a marker file remembers)."""
    time.sleep(SLEEP)
    marker = Path(task["marker"])
    if task["i"] == 2 and not marker.exists():
        marker.write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)
    return task["i"] * 10


def die_always(task: dict) -> int:
    """Task 1 kills every worker that runs it (like a task that always exhausts memory)."""
    if task["i"] == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(SLEEP)
    return task["i"]


def sleep_long(task: int) -> int:
    time.sleep(30)
    return task


def worker_env(_task) -> tuple[str | None, int, bool]:
    """(NUMBA_NUM_THREADS, the threads Numba uses, can this worker import this module by name?)"""
    import importlib.util

    import numba

    return (os.environ.get("NUMBA_NUM_THREADS"), numba.get_num_threads(),
            importlib.util.find_spec(__name__) is not None)


def quick_or_slow(task: dict) -> int:
    """Task 0 ends at once (leaving a marker file), the others after 5 s."""
    if task["i"] == 0:
        Path(task["marker"]).write_text("done")
    else:
        time.sleep(5)
    return task["i"] + 100


def sigint_handling(_task) -> tuple[bool, bool]:
    """Whether this process ignores SIGINT, and whether this thread blocks it."""
    import signal

    return (signal.getsignal(signal.SIGINT) is signal.SIG_IGN,
            signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []))


# -- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_ambient_scheduler(monkeypatch):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)


@pytest.fixture(scope="module")
def local_cluster():
    """One embedded LocalCluster of 2 workers for this file (starting one takes ~4 s)."""
    notes: list[str] = []
    before = {key: os.environ.get(key) for key in ("OMP_NUM_THREADS", "PYTHONHASHSEED",
                                                  "__DASK_PARENT_PID")}
    with Executor(workers=2, on_note=notes.append) as ex:
        ex.notes = notes
        yield ex
    # The Nanny writes these into our environment before spawning workers: undone on close.
    assert {key: os.environ.get(key) for key in before} == before


def assert_same(results: list, expected: list) -> None:
    assert len(results) == len(expected)
    for got, want in zip(results, expected, strict=True):
        assert got["i"] == want["i"]
        for key in ("x", "y"):
            assert got[key].dtype == want[key].dtype
            assert np.array_equal(got[key], want[key])  # exactly, bit for bit


# -- seeds and the in-process engine -----------------------------------------------------------


def test_stable_seed_is_the_same_in_another_process():
    keys = [(0,), (0, "AAPL"), (0, "AAPL", 3), (42, "ÉTF", -1), (2**40, "x" * 100)]
    here = [stable_seed(*k) for k in keys]
    code = (f"from lstmcast.parallel import stable_seed; "
            f"print([stable_seed(*k) for k in {keys!r}])")
    # A different PYTHONHASHSEED: hash() would change, the seeds must not.
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert out.strip() == repr(here)
    assert all(0 <= s < 2**31 - 1 for s in here)


def test_stable_seed_depends_on_every_key():
    seeds = {stable_seed(0), stable_seed(1), stable_seed(0, "a"), stable_seed(0, "b"),
             stable_seed(0, 1), stable_seed(0, "1"), stable_seed(0, "a", "b"),
             stable_seed(0, "b", "a"), stable_seed(0, "ab")}
    assert len(seeds) == 9
    assert stable_seed(0, np.int64(3)) == stable_seed(0, 3)
    with pytest.raises(TypeError):
        stable_seed(0, 1.5)


def test_import_does_not_load_dask():
    code = ("import sys, lstmcast.parallel; "
            "print(sorted(m for m in ('dask', 'distributed', 'numba') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_in_process_map_keeps_order_and_values():
    calls = []
    with Executor() as ex:
        assert ex.map(calls.append, [3, 1, 2]) == [None, None, None]
        results = ex.map(make_arrays, tasks_for(5))
        assert ex.info() == {"engine": "local", "scheduler": None, "workers": []}
    assert calls == [3, 1, 2]  # one after another, in order, in this process
    assert [r["i"] for r in results] == list(range(5))


def test_in_process_errors_propagate_as_raised():
    with Executor() as ex, pytest.raises(ColumnNotFound):
        ex.map(fail_on, tasks_for(6))


def test_bad_arguments_are_input_errors():
    with pytest.raises(InputError, match="not both"):
        Executor(workers=2, scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(InputError):
        Executor(workers=-1)


# -- the embedded LocalCluster ----------------------------------------------------------------


def test_local_cluster_gives_the_in_process_results(local_cluster):
    expected = [make_arrays(t) for t in tasks_for(8)]
    warmed, done = [], []
    results = local_cluster.map(make_arrays, tasks_for(8, sleep=SLEEP), name="fit",
                                warm=lambda: warmed.append(os.getpid()), on_done=done.append)
    local_cluster.map(make_arrays, tasks_for(2), warm=lambda: warmed.append(0))  # another one
    assert_same(results, expected)
    info = local_cluster.info()
    assert info["engine"] == "dask" and info["scheduler"].startswith("tcp://127.0.0.1:")
    assert len(info["workers"]) >= 2  # 8 tasks of 0.3 s were shared
    assert warmed[0] == os.getpid() and len(warmed) == 2  # here, once per callable
    assert local_cluster.notes == ["dask: 2 local workers"]
    assert local_cluster.map(make_arrays, []) == []
    # progress, as the tasks finish: counts that grow to all of them
    assert done[-1] == 8 and done == sorted(set(done)) and len(done) >= 2


def total(values):
    return float(values.sum())


def test_tasks_that_carry_their_data_raise_no_large_graph_advice(local_cluster):
    """A backtest's folds each carry their panel (15 MB of 300 hourly columns): distributed's
    six-line "Sending large graph ... Consider loading the data with Dask directly" reached the
    user's stderr, advice no user of the CLI can take."""
    tasks = [np.full(1_600_000, float(k)) for k in range(2)]  # 12.8 MB each
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert local_cluster.map(total, tasks) == [0.0, 1_600_000.0]
    assert not [w for w in caught if "large graph" in str(w.message)]


def test_local_workers_get_their_thread_limit(local_cluster):
    threads = max(1, (os.cpu_count() or 1) // 2)
    envs = local_cluster.map(worker_env, [0, 1])
    assert [env[:2] for env in envs] == [(str(threads), threads)] * 2
    # Given to the workers only: here, Numba may already run with another thread count.
    assert os.environ.get("NUMBA_NUM_THREADS") == NUMBA_THREADS_HERE


def test_local_workers_leave_ctrl_c_to_the_command(local_cluster):
    """A terminal's Ctrl-C reaches the whole process group: the workers ignore it (each printed
    a KeyboardInterrupt traceback) and the command stops the cluster; from their first import
    (blocked), not only once their preload ran (ignored): one pressed while they started
    printed the tracebacks of their imports."""
    assert local_cluster.map(sigint_handling, [0, 1]) == [(True, True)] * 2
    assert sigint_handling(None) == (False, False)


def test_ctrl_c_during_a_map_hands_over_what_had_finished(local_cluster, tmp_path):
    """So training keeps the members that had finished, as it does in one process (before,
    Ctrl-C with --workers 2 kept nothing of an ensemble)."""
    marker = tmp_path / "quick"

    def ctrl_c_once_task_0_ended():
        while not marker.exists():
            time.sleep(0.05)
        time.sleep(1.0)  # its result back here
        _thread.interrupt_main()

    threading.Thread(target=ctrl_c_once_task_0_ended, daemon=True).start()
    with pytest.raises(StoppedMidway) as caught:
        local_cluster.map(quick_or_slow, [{"i": i, "marker": str(marker)} for i in range(3)])
    assert caught.value.finished == {0: 100}


def test_task_errors_arrive_unchanged_and_in_task_order(local_cluster):
    with pytest.raises(ColumnNotFound) as caught:
        local_cluster.map(fail_on, tasks_for(6))
    err = caught.value
    want = ColumnNotFound("prices.csv", "close", "target", "date, open", "--target")
    assert type(err) is ColumnNotFound and str(err) == str(want)
    assert (err.path, err.column, err.message, err.advice) == (
        want.path, want.column, want.message, want.advice)
    assert err.describe(["--target"]) == want.describe(["--target"])


def test_a_killed_worker_is_replaced_and_the_run_finishes(local_cluster, tmp_path):
    marker = tmp_path / "killed"
    tasks = [{"i": i, "marker": str(marker)} for i in range(6)]
    results = local_cluster.map(die_once, tasks, name="fit")
    assert marker.exists()  # a worker did die, running task 2
    assert results == [i * 10 for i in range(6)]  # rerun elsewhere: the same results


def test_a_task_that_kills_every_worker_is_one_line_error(local_cluster):
    start = time.monotonic()
    with pytest.raises(LstmcastError) as caught:
        local_cluster.map(die_always, [{"i": i} for i in range(4)], name="fit")
    err = caught.value
    assert type(err) is LstmcastError and err.exit_code == 1
    # the killer, or a task that shared its worker each time it died (on a busy machine: fit-0)
    assert re.match(r"a Dask worker died while running fit-[01] \(tcp://127\.0\.0\.1:", str(err))
    assert "\n" not in str(err)
    # Three spawned workers died in turn (and two were restarted): seconds, not a hang; the bound
    # is loose because a restart is slow on a busy machine.
    assert time.monotonic() - start < 120


# -- a real cluster (dask scheduler + dask worker) ----------------------------------------------


def test_real_cluster_gives_the_in_process_results(dask_cluster):
    address, scheduler_file, _, _ = dask_cluster
    expected = [make_arrays(t) for t in tasks_for(8)]
    notes: list[str] = []
    with Executor(scheduler=address, on_note=notes.append) as ex:
        results = ex.map(make_arrays, tasks_for(8, sleep=SLEEP))
        envs = ex.map(worker_env, [0, 1, 2, 3])
        info = ex.info()
    assert_same(results, expected)
    assert info["engine"] == "dask" and info["scheduler"] == address
    assert len(info["workers"]) >= 2
    assert notes == [f"dask: scheduler {address}, 2 workers"]
    # The workers run with their own environment and cannot import this file by name: the
    # functions travelled by value.
    assert envs == [("1", 1, False)] * 4


def test_scheduler_file_and_environment_variable_reach_the_cluster(dask_cluster, monkeypatch):
    address, scheduler_file, _, _ = dask_cluster
    with Executor(scheduler_file=scheduler_file) as ex:
        assert ex.map(fail_on, [{"i": 0}, {"i": 1}]) == [0, 1]
        assert ex.info()["scheduler"] == address
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
    with Executor() as ex:
        assert ex.info()["engine"] == "dask"
        with pytest.raises(ValueError, match="^task 5 is bad$"):
            ex.map(fail_on, [{"i": 5}])


def test_real_cluster_task_errors_arrive_unchanged(dask_cluster):
    with Executor(scheduler=dask_cluster[0]) as ex, pytest.raises(ColumnNotFound) as caught:
        ex.map(fail_on, tasks_for(6))
    assert caught.value.column == "close" and "no column 'close'" in str(caught.value)


# -- failures to connect, and a cluster that loses every worker ----------------------------------


def test_unreachable_scheduler_is_an_input_error_within_30_s():
    # In a process of its own, as the CLI would run: the 30 s include the interpreter's exit (a
    # half-built Client left to the garbage collector used to hang there for 20 s).
    code = """if True:
        from lstmcast.errors import InputError
        from lstmcast.parallel import Executor
        for address in ("tcp://127.0.0.1:9", "nonsense://127.0.0.1:9"):
            try:
                Executor(scheduler=address).__enter__()
            except InputError as err:
                print(err.exit_code, err)
        """
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout.splitlines()
    assert time.monotonic() - start < 30
    assert len(out) == 2
    assert out[0].startswith("2 cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert out[1].startswith("2 cannot reach the Dask scheduler at nonsense://127.0.0.1:9: ")


def test_a_scheduler_from_the_environment_is_named_so_in_its_error(monkeypatch):
    # a shell's leftover export, which --workers 0 (the default) follows: said, with the way out
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "nonsense://127.0.0.1:9")
    with pytest.raises(InputError) as err:
        Executor(workers=0).__enter__()
    assert str(err.value).startswith("cannot reach the Dask scheduler at nonsense://127.0.0.1:9 "
                                      "(from DASK_SCHEDULER_ADDRESS): ")
    assert "unset DASK_SCHEDULER_ADDRESS to run in this process" in err.value.describe(())


def test_bad_scheduler_file_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.setattr("lstmcast.parallel.FILE_WAIT", 0.2)
    garbage = tmp_path / "scheduler.json"
    garbage.write_text("{not json")
    for path in (garbage, tmp_path / "missing.json"):
        with pytest.raises(InputError, match=f"^cannot reach the Dask scheduler at {path}: "):
            Executor(scheduler_file=str(path)).__enter__()


def test_losing_every_worker_is_one_line_error(monkeypatch):
    from cluster import dask_cli, running_cluster

    if dask_cli() is None:
        pytest.skip("no dask command beside this Python")
    monkeypatch.setattr("lstmcast.parallel.NO_WORKERS_GRACE", 1.0)
    with running_cluster(n_workers=1, nanny=False) as (address, _, worker_process, _):
        with Executor(scheduler=address) as ex:
            # The worker (no Nanny: nobody restarts it) dies while both tasks wait.
            threading.Timer(1.0, os.kill, (worker_process.pid, signal.SIGKILL)).start()
            with pytest.raises(LstmcastError, match="^all Dask workers left the scheduler at "):
                ex.map(sleep_long, [0, 1])


def test_losing_the_scheduler_is_one_line_not_the_client_s_log(caplog):
    """The scheduler killed mid-run: distributed's client logged 30 lines of traceback on
    stderr (even under -q) before the one error line."""
    from cluster import dask_cli, running_cluster

    if dask_cli() is None:
        pytest.skip("no dask command beside this Python")
    with running_cluster(n_workers=1) as (address, _, _, scheduler_process):
        with Executor(scheduler=address) as ex:
            threading.Timer(1.0, os.kill, (scheduler_process.pid, signal.SIGKILL)).start()
            with pytest.raises(LstmcastError, match="^lost the connection to the Dask scheduler"):
                ex.map(sleep_long, [0, 1])
    assert not [r for r in caplog.records if r.name == "distributed.client"]


def test_our_clusters_tear_down_says_nothing(caplog, monkeypatch):
    """A nanny's 'Worker process still alive after 4.0 seconds, killing' while the embedded
    cluster closed reached stderr under -q (2 runs in 8 of a README example); so did a dead
    worker's 'Restarting worker' mid-run: distributed's log is quiet from start to close."""
    import logging

    import distributed  # noqa: F401  (its import sets the levels the run changes)

    log = logging.getLogger("distributed")
    monkeypatch.setattr(log, "level", logging.WARNING)  # (as the next test finds it, after)
    executor = Executor(workers=2)
    executor._quiet()  # as __enter__ leaves it, before it starts the cluster
    logging.getLogger("distributed.nanny").warning("Worker process still alive after 4.0 "
                                                   "seconds, killing")  # (while it closes)
    logging.getLogger("distributed.client").error("Failed to reconnect to scheduler")
    executor.__exit__(None, None, None)
    assert "still alive" not in caplog.text and "reconnect" not in caplog.text
    assert log.level == logging.WARNING  # as it was
