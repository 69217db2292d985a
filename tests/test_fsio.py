"""Atomic writes: the target is always the old file or the complete new one, never a mix."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lstmcast.errors import InputError, LstmcastError
from lstmcast.fsio import (
    atomic_append_rows,
    atomic_open,
    atomic_write_bytes,
    atomic_write_text,
    check_apart,
    check_replaces_its_kind,
    check_writable,
)

REPO = Path(__file__).resolve().parents[1]


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_write_bytes_creates_and_replaces(tmp_path):
    target = tmp_path / "out.bin"
    atomic_write_bytes(target, b"first")
    assert target.read_bytes() == b"first"
    atomic_write_bytes(str(target), b"second, longer")
    assert target.read_bytes() == b"second, longer"
    assert temp_files(tmp_path) == []


def test_write_text_is_utf8(tmp_path):
    target = tmp_path / "out.csv"
    atomic_write_text(target, "date,close\n2024-01-02,3.5 €\n")
    assert target.read_bytes() == "date,close\n2024-01-02,3.5 €\n".encode()


def test_atomic_open_text_mode(tmp_path):
    target = tmp_path / "out.json"
    with atomic_open(target, "w") as f:
        f.write('{"é": 1}\n')
    assert target.read_bytes() == '{"é": 1}\n'.encode()


def test_temp_file_lives_next_to_target_with_documented_name(tmp_path):
    target = tmp_path / "model.lstmcast"
    with atomic_open(target) as f:
        f.write(b"x")
        (temp,) = temp_files(tmp_path)
        prefix = f".model.lstmcast.{os.getpid()}."
        assert temp.startswith(prefix) and temp.endswith(".tmp")
        assert not target.exists()  # nothing visible until the block ends
    assert target.read_bytes() == b"x"
    assert temp_files(tmp_path) == []


def test_exception_keeps_old_file_and_removes_temp(tmp_path):
    target = tmp_path / "model.lstmcast"
    target.write_bytes(b"old model bytes")

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with atomic_open(target) as f:
            f.write(b"half of a new mod")
            raise Boom
    assert target.read_bytes() == b"old model bytes"
    assert temp_files(tmp_path) == []


def test_exception_without_old_file_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with atomic_open(tmp_path / "new.csv", "w") as f:
            f.write("a,b\n")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_missing_parent_directory_is_an_input_error(tmp_path):
    target = tmp_path / "no_such_dir" / "model.lstmcast"
    with pytest.raises(InputError, match="no_such_dir.*does not exist"):
        atomic_write_bytes(target, b"x")


def test_parent_that_is_a_file_is_an_input_error(tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(InputError, match="plain is not a directory"):
        atomic_write_bytes(tmp_path / "plain" / "model.lstmcast", b"x")


def test_target_that_is_a_directory_is_an_input_error(tmp_path):
    (tmp_path / "model.lstmcast").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        atomic_write_bytes(tmp_path / "model.lstmcast", b"x")
    assert temp_files(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unwritable_directory_is_an_input_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(InputError, match="directory .*locked is not writable"):
            atomic_write_bytes(folder / "model.lstmcast", b"x")
    finally:
        folder.chmod(0o700)


def test_a_directory_refused_by_access_is_refused_before_any_work(tmp_path, monkeypatch):
    """A read-only file system (or root-owned folder): refused up front, as a missing folder
    is, not after hours of training with the model written and its metrics not."""
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == tmp_path
                        else real_access(path, mode))
    with pytest.raises(InputError, match="is not writable; choose another output path"):
        check_writable(tmp_path / "m.json")


def test_a_read_only_file_is_not_replaced(tmp_path, monkeypatch):
    """A user round: -o replaced a 0444 forecast (renamed over it, its owner and group became
    the user's), where the shell's > refuses; the README says a replaced file keeps both."""
    target = tmp_path / "fc.csv"
    target.write_text("kept\n")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == target
                        else real_access(path, mode))  # (root may write any file)
    with pytest.raises(InputError, match="fc.csv: the file is read-only; make it writable"):
        check_writable(target)
    assert target.read_text() == "kept\n"


def test_two_outputs_on_one_path_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="--out and --metrics-out both name .*m.lstmcast; "
                       "give each"):
        check_apart({"--out": "m.lstmcast", "--metrics-out": str(tmp_path / "m.lstmcast")})
    check_apart({"--output": "-", "--metrics-out": "-", "--plot": None, "--out": "a"})


def test_a_new_file_gets_the_umask_s_permissions_a_replaced_one_keeps_its_own(tmp_path):
    old_umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.csv"
        atomic_write_text(fresh, "new")
        assert fresh.stat().st_mode & 0o777 == 0o644
        target = tmp_path / "out.csv"
        target.write_text("old")
        target.chmod(0o640)  # a forecast kept from others, read by a group
        atomic_write_text(target, "new")
        assert target.read_text() == "new"
        assert target.stat().st_mode & 0o777 == 0o640
        target.chmod(0o4755)  # a setuid bit is no permission a CSV carries on
        atomic_write_text(target, "newer")
        assert target.stat().st_mode & 0o7777 == 0o755
    finally:
        os.umask(old_umask)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="needs to own a file in a group of another")
def test_a_replaced_file_keeps_its_group(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    os.chown(target, -1, 4242)  # the readers' group of a shared forecast
    atomic_write_text(target, "new")
    assert target.stat().st_gid == 4242


def test_unsupported_mode_is_refused(tmp_path):
    with pytest.raises(ValueError, match="mode"):
        with atomic_open(tmp_path / "x", "ab"):
            pass


@pytest.mark.skipif(os.name != "posix", reason="stale-temp cleanup is POSIX only")
def test_stale_temp_of_dead_pid_is_removed_live_ones_kept(tmp_path):
    gone = dead_pid()
    stale = tmp_path / f".model.lstmcast.{gone}.0123456789abcdef.tmp"
    live = tmp_path / f".model.lstmcast.{os.getpid()}.fedcba9876543210.tmp"
    other_target = tmp_path / f".model.lstmcast.bak.{gone}.0123456789abcdef.tmp"
    not_ours = tmp_path / f".model.lstmcast.{gone}.notarandomtoken.tmp"
    for p in (stale, live, other_target, not_ours):
        p.write_bytes(b"partial")

    atomic_write_bytes(tmp_path / "model.lstmcast", b"new")

    assert not stale.exists()
    assert live.exists()  # another writer of the same target may still be running
    assert other_target.exists()  # a temp of model.lstmcast.bak, not of this target
    assert not_ours.exists()  # not named like our temps
    assert (tmp_path / "model.lstmcast").read_bytes() == b"new"


WRITER = textwrap.dedent(
    """
    import sys, time
    from lstmcast.fsio import atomic_open

    with atomic_open(sys.argv[1]) as f:
        for _ in range(64):
            f.write(b"n" * 65536)
        f.flush()
        sys.stdout.write("ready\\n")
        sys.stdout.flush()
        time.sleep(60)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX only")
def test_sigkill_mid_write_leaves_old_target_and_next_write_cleans_up(tmp_path):
    target = tmp_path / "model.lstmcast"
    target.write_bytes(b"old model bytes")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, env=env, text=True
    )
    try:
        assert child.stdout.readline() == "ready\n"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()

    assert target.read_bytes() == b"old model bytes"
    (leftover,) = temp_files(tmp_path)
    assert leftover.startswith(f".model.lstmcast.{child.pid}.")
    assert (tmp_path / leftover).stat().st_size == 64 * 65536

    atomic_write_bytes(target, b"new model bytes")
    assert target.read_bytes() == b"new model bytes"
    assert temp_files(tmp_path) == []


def test_relative_path_in_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    atomic_write_text("forecast.csv", "x\n")
    assert (tmp_path / "forecast.csv").read_text() == "x\n"
    assert temp_files(tmp_path) == []


def test_permission_denied_is_an_input_error(tmp_path, monkeypatch):
    real_open = os.open

    def refuse_temp(path, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_temp)
    with pytest.raises(InputError, match=f"permission denied in {tmp_path}"):
        atomic_write_bytes(tmp_path / "model.lstmcast", b"x")


def test_disk_full_keeps_old_file_and_removes_temp(tmp_path, monkeypatch):
    target = tmp_path / "model.lstmcast"
    target.write_bytes(b"old")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(LstmcastError, match="no space left") as caught:
        atomic_write_bytes(target, b"new")
    assert caught.value.exit_code == 1  # the machine's, not the input's: as under a redirect
    assert target.read_bytes() == b"old"
    assert temp_files(tmp_path) == []


def test_writing_through_a_link_replaces_the_file_it_points_to_and_keeps_the_link(tmp_path):
    # a cron job's 'latest.csv' linked into a web folder: the link stays, its file is new
    (tmp_path / "target.csv").write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to("target.csv")
    atomic_write_text(link, "new")
    assert link.is_symlink() and (tmp_path / "target.csv").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "target.csv"]


def test_a_named_pipe_is_written_to_not_replaced(tmp_path):
    """`-o` onto a FIFO (or /dev/null, /dev/stdout): its reader gets the bytes and the pipe
    stays a pipe (before: replaced by a regular file, its reader waiting for ever; as root,
    `-o /dev/null` replaced the system's null device)."""
    import stat
    import threading

    from lstmcast.fsio import is_stream

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    atomic_write_text(fifo, "time,forecast\n")
    reader.join(timeout=10)
    assert got == [b"time,forecast\n"] and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert is_stream("/dev/null") and not is_stream(tmp_path) and not is_stream(tmp_path / "x")


def test_a_full_disk_failing_the_close_too_is_said_once_as_the_write_s_error(tmp_path,
                                                                              monkeypatch):
    """A full disk fails the write, then the close that flushes its buffer: the write's own
    one-line error reaches the user, not the close's bare OSError (an 'internal error'), and
    nothing is left in the folder."""
    import io

    from lstmcast import fsio

    real = os.fdopen

    class Full(io.BufferedWriter):
        def close(self):
            super().close()
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd, mode="r", **kw):
        return Full(real(fd, "wb", buffering=0)) if mode == "wb" else real(fd, mode, **kw)

    monkeypatch.setattr(fsio.os, "fdopen", fdopen)
    target = tmp_path / "m.lstmcast"
    with pytest.raises(LstmcastError, match="no space left on device; free some space"):
        with fsio.atomic_open(target, "wb") as f:
            f.write(b"x")
            raise fsio.write_error(target, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(LstmcastError, match="no space left on device"):  # the close alone
        with fsio.atomic_open(target, "wb") as f:
            f.write(b"x")
    assert os.listdir(tmp_path) == []


def test_a_stream_is_appended_to_and_its_write_errors_are_one_line(tmp_path):
    """`predict -o /dev/stdout >> log.csv` appends (before: the log was truncated); /dev/full
    says 'no space left' in one line (before: an internal error); train's metrics go nowhere
    beside a model sent to a pipe (before: a '/dev/null.metrics.json' appeared)."""
    from lstmcast.jobs import default_metrics_path

    log = tmp_path / "log.csv"
    log.write_text("old\n")
    with open(log, "a") as out:
        subprocess.run([sys.executable, "-c", "from lstmcast.fsio import atomic_write_text; "
                        "atomic_write_text('/dev/stdout', 'new\\n')"], stdout=out, check=True)
    assert log.read_text() == "old\nnew\n"
    if os.path.exists("/dev/full"):
        with pytest.raises(LstmcastError, match="no space left on device"):
            atomic_write_text("/dev/full", "x" * 100_000)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert default_metrics_path(str(fifo)) is None
    assert default_metrics_path(str(tmp_path / "m.lstmcast")) == str(tmp_path / "m.metrics.json")


def test_rows_appended_after_the_file_s_own_atomically(tmp_path):
    """'predict --no-header -o history.csv' (a user round: it replaced the history): the file's
    bytes, a line end where its last line had none, then the rows; a file of other columns is
    refused and left as it was; a missing file gets the rows alone."""
    history = tmp_path / "history.csv"
    history.write_bytes(b"Date,forecast,lo_80\n2019-01-01,1,0.5")
    atomic_append_rows(history, "Date,forecast,lo_80", "2019-01-02,2,1.5\n")
    assert history.read_bytes() == b"Date,forecast,lo_80\n2019-01-01,1,0.5\n2019-01-02,2,1.5\n"
    for other in ("Date,forecast", "Date,forecast,lo_50"):  # fewer columns; other levels
        with pytest.raises(InputError, match=r"its first line is not a row of these columns"):
            atomic_append_rows(history, other, "2019-01-03,3,2\n")
    assert history.read_bytes().endswith(b"2019-01-02,2,1.5\n")
    atomic_append_rows(tmp_path / "new.csv", "Date,forecast", "2019-01-03,3\n")
    assert (tmp_path / "new.csv").read_text() == "2019-01-03,3\n"
    atomic_append_rows(tmp_path / "new.csv", "Date,forecast", "2019-01-04,4\n")  # rows alone
    assert (tmp_path / "new.csv").read_text() == "2019-01-03,3\n2019-01-04,4\n"
    crlf = tmp_path / "crlf.csv"  # a spreadsheet's: its line ends kept
    crlf.write_bytes(b"Date,forecast\r\n2019-01-01,1\r\n")
    atomic_append_rows(crlf, "Date,forecast", "2019-01-02,2\n")
    assert crlf.read_bytes() == b"Date,forecast\r\n2019-01-01,1\r\n2019-01-02,2\r\n"
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\n")
    atomic_append_rows(blank, "Date,forecast", "2019-01-02,2\n")
    assert blank.read_text() == "2019-01-02,2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blank.csv", "crlf.csv", "history.csv",
                                                          "new.csv"]


def _append_many(path: str, tag: str, n: int) -> None:
    for i in range(n):
        atomic_append_rows(path, "id,forecast", f"{tag},{i}\n")


def test_two_runs_appending_at_once_keep_each_other_s_rows(tmp_path):
    """Two cron jobs ('predict --id A --no-header -o all.csv' and --id B's) appending at once:
    each read the file, and the last to replace it dropped the other's rows. They take turns
    on the folder's lock: every row of both is in the file, none twice."""
    import multiprocessing

    path = str(tmp_path / "all.csv")
    context = multiprocessing.get_context("fork")
    runs = [context.Process(target=_append_many, args=(path, tag, 150)) for tag in "AB"]
    for run in runs:
        run.start()
    for run in runs:
        run.join(60)
        assert run.exitcode == 0
    lines = Path(path).read_text().splitlines()
    assert sorted(lines) == sorted(f"{tag},{i}" for tag in "AB" for i in range(150))
    assert [p.name for p in tmp_path.iterdir()] == ["all.csv"]


@pytest.mark.parametrize("kind, ours, theirs", [
    ("rows", "date,forecast,lo_80\n2024-01-01,1,0\n", "date,sales,promo\n2024-01-01,5,0\n"),
    ("rows", '{"forecast": []}', "id,value\n"),
    ("rows", "\ufeffcutoff,date,actual,forecast\n", "just notes\n"),
    ("metrics", '{"live": null}', "date,sales\n2024-01-01,5\n"),
    ("plot", "\x89PNG\r\n\x1a\n....", "date,sales\n"),
])
def test_an_output_replaces_only_what_such_an_output_wrote(tmp_path, kind, ours, theirs):
    """`predict -o prices.csv` replaced 800 rows of data with two forecast lines, and
    `--metrics-out history.csv` a CSV with a JSON document, in silence (a user round): an
    output over a file of another kind is refused before any work; its own kind, an empty
    file or none is written."""
    own, other = tmp_path / "own", tmp_path / "other"
    own.write_bytes(ours.encode("latin-1" if kind == "plot" else "utf-8"))
    other.write_text(theirs)
    check_replaces_its_kind(own, kind)
    check_replaces_its_kind(tmp_path / "absent", kind)
    (tmp_path / "empty").write_text("")
    check_replaces_its_kind(tmp_path / "empty", kind)
    with pytest.raises(InputError, match="it holds other data .*give another path"):
        check_replaces_its_kind(other, kind)
