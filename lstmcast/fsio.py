"""Atomic, durable file writes: every output lstmcast writes is either complete or absent.

A write goes to a temp file ``.{name}.{pid}.{random}.tmp`` next to the target, is flushed and
fsynced, then renamed over the target with ``os.replace`` and the directory is fsynced. A reader
therefore sees the old file or the new one, never a half-written mix, even after a crash. A
device, a named pipe or a descriptor of this process (/dev/null, a FIFO, /dev/stdout) cannot be
replaced: it is appended to as it is.

A process killed with SIGKILL cannot clean up, so it leaves its temp file behind. Every write to a
target first removes that target's temp files whose writer pid is no longer alive. Temps of live
processes are kept: two processes may be writing the same target at the same moment, and the last
``os.replace`` wins. (Liveness is judged with ``os.kill(pid, 0)`` on this machine; a directory
shared with another host or pid namespace is not supported, and a reused pid merely keeps a stale
temp around a little longer.)
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from lstmcast.errors import InputError, LstmcastError

__all__ = ["atomic_append_rows", "atomic_open", "atomic_write_bytes", "atomic_write_text"]

_TEMP_TAIL = re.compile(r"(?P<pid>[0-9]+)\.[0-9a-f]{16}\.tmp")
_MODES = {"wb": "wb", "w": "w", "wt": "w"}
_IS_POSIX = os.name == "posix"


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably."""
    with atomic_open(path, "wb") as f:
        try:
            f.write(data)
        except OSError as err:
            raise write_error(path, err) from err


def _through_link(path: str | os.PathLike[str]) -> str:
    """The file an output path names: through a symbolic link, the file it points to (a cron
    job's 'latest.csv' linked into a web folder), which is replaced while the link stays."""
    target = os.fspath(path)
    return os.path.realpath(target) if os.path.islink(target) else target


def is_stream(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a device, a named pipe or a socket (through its links), or names a
    descriptor of this process ('/dev/stdout', '/dev/fd/3', whatever it was redirected to):
    replacing it by a file would break it for everyone (as root, /dev/null), its reader would
    see nothing, and a log that stdout appends to ('>> log.csv') would be replaced."""
    if re.fullmatch(r"/dev/(?:stdout|stderr|fd/\d+)|/proc/self/fd/\d+", os.fspath(path)):
        return True
    try:
        kind = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(kind) or stat.S_ISFIFO(kind) or stat.S_ISSOCK(kind)


def _keep_mode(fd: int, target: str) -> None:
    """Give the new file the permissions and the group of the one it replaces, as an editor
    saving it does: a forecast a cron job keeps at 640 for a group stays so, not the umask's
    644 in the user's own group (the read, write and execute bits only: no setuid)."""
    try:
        old = os.stat(target)
    except OSError:  # no file yet: the umask decides, as open() lets it
        return
    os.fchmod(fd, stat.S_IMODE(old.st_mode) & 0o777)
    with contextlib.suppress(OSError):  # a group the user is not in: the file keeps theirs
        os.fchown(fd, -1, old.st_gid)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Replace ``path`` with ``text`` encoded as UTF-8, atomically and durably."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_append_rows(path: str | os.PathLike[str], header: str, rows: str) -> None:
    """Append the CSV ``rows`` (under ``header``, which is not written) to ``path``,
    atomically: the file is its old bytes then the rows (with its line ends), or unchanged.
    A file whose first line is another header, or a row of another number of fields, is
    refused (a history kept at other levels would take 50 % bounds under 'lo_80'); a missing
    or blank file gets the rows alone. Two runs appending at once take turns (a lock on the
    folder): each reads the other's rows before it replaces the file."""
    target = os.fspath(path)
    if is_stream(target):  # a pipe or /dev/stdout: appended to as it is (and not read)
        atomic_write_bytes(target, rows.encode("utf-8"))
        return
    with _folder_locked(target):
        _append_rows(target, header, rows)


@contextmanager
def _folder_locked(target: str) -> Iterator[None]:
    """Hold an exclusive lock on ``target``'s folder (flock; none where the system has none or
    the folder cannot be opened: the write then says what is wrong). The folder, not the file,
    since the file is replaced: a lock on it would guard the old copy."""
    try:
        import fcntl
    except ImportError:  # (Windows)
        yield
        return
    try:
        fd = os.open(os.path.dirname(os.path.realpath(target)), os.O_RDONLY)  # (a link's file's)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):  # a file system without locks: untaken
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # (releases the lock)


def _append_rows(target: str, header: str, rows: str) -> None:
    import csv

    try:
        with open(target, "rb") as f:
            old = f.read()
    except FileNotFoundError:
        old = b""
    except OSError as err:
        raise write_error(target, err) from err
    if old.strip():
        first = old.splitlines()[0].decode("utf-8", errors="replace")
        cells, fields = next(csv.reader([first]), []), next(csv.reader([header]))
        if first != header and (len(cells) != len(fields) or not _a_number(cells[-1])):
            raise InputError(f"cannot append to {target}: its first line is not a row of these "
                             f"columns ({header}): other --level values, or another model's "
                             "rows?", fallback="append to a file of the same columns")
        if b"\r\n" in old[: len(first) + 2]:  # a spreadsheet's CRLF file keeps its line ends
            rows = rows.replace("\n", "\r\n")
        old += b"" if old.endswith((b"\n", b"\r")) else b"\r\n" if b"\r\n" in old else b"\n"
    else:
        old = b""
    atomic_write_bytes(target, old + rows.encode("utf-8"))


def _a_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO]:
    """Yield a file object whose contents replace ``path`` only when the block ends normally.

    ``mode`` is ``"wb"`` (bytes) or ``"w"`` (UTF-8 text). On normal exit the file is flushed,
    fsynced and renamed over ``path``, then the directory is fsynced. If the block raises, the temp
    file is removed, ``path`` is left untouched and the exception propagates unchanged.

    Raises ``InputError`` when the parent directory is missing or not writable, when ``path`` is a
    directory, or when the disk refuses the write.
    """
    if mode not in _MODES:
        raise ValueError(f"atomic_open mode must be one of {sorted(_MODES)}, not {mode!r}")
    if is_stream(path):  # /dev/null, /dev/stdout, a named pipe: written to, never replaced;
        # appended to, as stdout redirected with '>>' to a file must not be truncated
        try:
            f = open(path, _MODES[mode].replace("w", "a"), **(  # noqa: SIM115
                {} if _MODES[mode] == "wb" else {"encoding": "utf-8", "newline": ""}))
            with f:
                yield f
        except OSError as err:  # /dev/full: no space left
            raise write_error(path, err) from err
        return
    check_writable(path)
    target = _through_link(path)
    folder, name = os.path.split(target)
    folder = folder or os.curdir
    _remove_stale_temps(folder, name)

    temp = os.path.join(folder, f".{name}.{os.getpid()}.{secrets.token_hex(8)}.tmp")
    try:
        # O_EXCL: never reuse or follow someone else's file; 0o666 lets the umask decide, as open().
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as err:
        raise write_error(target, err) from err
    try:
        if _MODES[mode] == "wb":
            f = os.fdopen(fd, "wb")
        else:
            f = os.fdopen(fd, "w", encoding="utf-8", newline="")
    except BaseException:
        os.close(fd)
        _unlink_quietly(temp)
        raise

    try:
        written = False
        try:
            yield f
            try:
                _keep_mode(f.fileno(), target)
                f.flush()
                os.fsync(f.fileno())
            except OSError as err:
                raise write_error(target, err) from err
            written = True
        finally:
            try:  # a full disk fails the close too: the write's own error is the one to say
                f.close()
            except OSError as err:
                if written:
                    raise write_error(target, err) from err
        try:
            os.replace(temp, target)
        except OSError as err:
            raise write_error(target, err) from err
    except BaseException:
        _unlink_quietly(temp)
        raise
    _fsync_directory(folder, target)


def check_writable(path: str | os.PathLike[str], reads=()) -> None:
    """Refuse now a path ``atomic_open`` would refuse later: before hours of training, and
    before a first output is written while a second one cannot be; and a file the command
    reads (``reads``: `train prices.csv --out prices.csv` would put a model in its place)."""
    target = _through_link(path)
    folder, name = os.path.split(target)
    _check_target(target, folder or os.curdir, name)
    for read in reads:
        if read and read != "-" and os.path.isfile(target) and os.path.isfile(read) and \
                os.path.samefile(target, read):
            raise InputError(f"cannot write {target}: it is {read}, which this command reads; "
                             "choose another output path")


def _check_target(target: str, folder: str, name: str) -> None:
    """Refuse up front what would only fail later with a cryptic OSError."""
    if not target:  # (a cron line's unset $OUT: predict wrote to stdout, --metrics-out nowhere)
        raise InputError("cannot write '': the path is empty (an unset variable?); give a file "
                         "name, or leave the flag out")
    if not name or name in (os.curdir, os.pardir):
        raise InputError(f"cannot write {target!r}: give a file name, not a directory")
    if not os.path.isdir(folder):
        if os.path.exists(folder):
            raise InputError(f"cannot write {target}: {folder} is not a directory")
        raise InputError(
            f"cannot write {target}: directory {folder} does not exist; create it first "
            f"(mkdir -p {folder}) or choose another output path"
        )
    if os.path.isdir(target):
        raise InputError(f"cannot write {target}: it is a directory; give a file name instead")
    if not os.access(folder, os.W_OK | os.X_OK):  # read-only, or a read-only file system
        raise InputError(f"cannot write {target}: directory {folder} is not writable; choose "
                         "another output path")
    # A rename would replace a read-only file, as the shell's > does not, its owner made ours
    if os.path.isfile(target) and not os.access(target, os.W_OK):
        raise InputError(f"cannot write {target}: the file is read-only; make it writable or "
                         "choose another output path")


_PNG = b"\x89PNG\r\n\x1a\n"


def check_replaces_its_kind(path: str | os.PathLike[str], kind: str) -> None:
    """Refuse, before any work, an output ``kind`` ("rows", "metrics" or "plot") over a file
    no such output wrote: `predict -o prices.csv` put two forecast lines where 800 rows of data
    were, `--metrics-out history.csv` a JSON document. What an earlier run wrote (rows with a
    'forecast' column, or JSON; a metrics document; a PNG) is replaced, as a cron job's is."""
    target = os.fspath(path)
    if not os.path.isfile(target) or os.path.getsize(target) == 0:
        return  # nothing to lose: absent, empty, /dev/null, a pipe
    with open(target, "rb") as f:
        head = f.read(4096)
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    ours = {"rows": text[:1] in (b"{", b"[") or b"forecast" in text.split(b"\n", 1)[0],
            "metrics": text[:1] == b"{", "plot": head.startswith(_PNG)}[kind]
    if not ours:
        first = text.split(b"\n", 1)[0][:60].decode("utf-8", "replace").strip()
        raise InputError(f"cannot write {target}: it holds other data ({first!r}), which this "
                         "output would replace; give another path, or delete the file first")


def check_png(path: str | os.PathLike[str]) -> None:
    """Refuse a plot's path that does not name a PNG file, before any work."""
    target = os.fspath(path)
    if not target.lower().endswith(".png"):
        raise InputError(f"cannot write {target}: plots are PNG images; give a name ending in .png")


def check_apart(outputs: dict[str, str | None]) -> None:
    """Refuse two outputs of one command on one path ({flag: path}; '-' and None left out):
    the second written would replace the first (a model by its metrics)."""
    seen: dict[str, str] = {}
    for flag, path in outputs.items():
        if not path or path == "-":
            continue
        key = os.path.normcase(os.path.realpath(path))
        if key in seen:
            raise InputError(f"{seen[key]} and {flag} both name {path}; give each its own path")
        seen[key] = flag


def _remove_stale_temps(folder: str, name: str) -> None:
    """Remove temp files of this target left by writers that are no longer running."""
    if not _IS_POSIX:
        return  # os.kill(pid, 0) would terminate the process on Windows.
    prefix = f".{name}."
    try:
        entries = os.listdir(folder)
    except OSError:
        return  # Cleanup is best effort; the write itself will report real problems.
    for entry in entries:
        if not entry.startswith(prefix):
            continue
        match = _TEMP_TAIL.fullmatch(entry, len(prefix))
        if match is None or _pid_alive(int(match["pid"])):
            continue
        _unlink_quietly(os.path.join(folder, entry))


def _pid_alive(pid: int) -> bool:
    """True unless ``pid`` certainly names no running process."""
    if pid <= 0:
        return True  # os.kill would address a process group; never ours to judge.
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OverflowError:
        return False  # Larger than any pid the kernel can hand out.
    except OSError:
        return True  # EPERM: alive, owned by someone else.
    return True


def _fsync_directory(folder: str, target: str) -> None:
    """Make the rename itself durable; some filesystems cannot fsync a directory."""
    if not _IS_POSIX:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as err:
        raise write_error(target, err) from err
    try:
        os.fsync(fd)
    except OSError as err:
        if err.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF):
            raise write_error(target, err) from err
    finally:
        os.close(fd)


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def write_error(path: str | os.PathLike[str], err: OSError) -> LstmcastError:
    """The one-line error of a write to ``path`` that failed with ``err``: the user's to change
    (exit 2) but where the machine failed (a full disk, an I/O error: exit 1, as a full disk
    under a redirected stdout exits)."""
    target = os.fspath(path)
    reason = err.strerror or str(err)
    if isinstance(err, PermissionError):
        folder = os.path.dirname(target) or os.curdir
        return InputError(
            f"cannot write {target}: permission denied in {folder}; choose a writable location"
        )
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return LstmcastError(f"cannot write {target}: no space left on device; free some space")
    if err.errno == errno.EIO:
        return LstmcastError(f"cannot write {target}: {reason}")
    return InputError(f"cannot write {target}: {reason}")
