"""Shared fixtures for the CLI-level tests: a CliRunner, tiny-model training flags, data paths."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).resolve().parent
# Tiny models: these tests check plumbing, not forecast quality.
FAST_FLAGS = ("--hidden", "8", "--epochs", "3", "--patience", "2")


@pytest.fixture(autouse=True)
def ctrl_c_raises():
    """Python's own Ctrl-C in every test: a run started in the background (``pytest &`` in a
    script, ``nohup``) inherits SIGINT ignored, and the tests of Ctrl-C failed there."""
    before = signal.getsignal(signal.SIGINT)
    if before is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.fixture(scope="session", autouse=True)
def nothing_written_beside_the_tests():
    """No test writes a file in the checkout's top folder, where a default output
    (model.lstmcast, its metrics) of a test that forgot ``in_tmp`` or ``out=`` lands: none
    appears, none changes (CI's quick start leaves a model.lstmcast there before the tests)."""

    def visible():  # (not the tools' own: .hypothesis, .pytest_cache)
        return {(p.name, p.stat().st_mtime_ns, p.stat().st_size)
                for p in TESTS.parent.iterdir() if not p.name.startswith(".")}

    before = visible()
    yield
    left = sorted({name for name, *_ in visible() - before})
    assert not left, f"tests wrote {left} into {TESTS.parent}"


@pytest.fixture
def runner() -> CliRunner:
    """stdout and stderr captured separately; fixed width; no traceback env leaking in."""
    return CliRunner(env={"COLUMNS": "120", "LSTMCAST_TRACEBACK": None, "NO_COLOR": "1"})


@pytest.fixture
def fast() -> list[str]:
    return list(FAST_FLAGS)


@pytest.fixture
def data_dir() -> Path:
    return TESTS / "data"


@pytest.fixture
def sample_dir() -> Path:
    return TESTS.parent / "sample_data"


@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    """Run in an empty temporary folder, so default outputs (model.lstmcast) land there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def dask_cluster():
    """A real Dask cluster on 127.0.0.1 (``dask scheduler`` + ``dask worker --nworkers 2``),
    shared by the session: yields (address, scheduler_file, worker_process,
    scheduler_process)."""
    from cluster import dask_cli, running_cluster  # imports distributed: only when asked for

    if dask_cli() is None:
        pytest.skip("no dask command beside this Python")
    with running_cluster(n_workers=2) as cluster:
        yield cluster
