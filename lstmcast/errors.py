"""One error family: every problem a user can fix, with the text they will read.

An error's message describes the problem. Advice that names a command-line flag travels beside
it, in ``advice``, because only the command line knows which flags the running command accepts:
``err.describe(flags)`` picks the first piece of advice whose flags are all accepted, else the
``fallback`` (advice without flags, also what ``str(err)`` shows a Python caller).
"""

from __future__ import annotations

from collections.abc import Container, Iterable


class LstmcastError(Exception):
    """Base of all lstmcast errors; ``describe()`` is the one-line message shown to the user."""

    exit_code = 1

    def __init__(self, message: str, *, advice: Iterable[tuple[tuple[str, ...], str]] = (),
                 fallback: str | None = None):
        self.message = message
        self.advice = tuple(advice)  # ((flag, ...), sentence naming those flags)
        self.fallback = fallback
        super().__init__(self.describe(()))

    def describe(self, flags: Container[str] | None = None) -> str:
        """The message and the first advice whose flags are all in ``flags`` (None: any)."""
        for needed, text in self.advice:
            if flags is None or all(flag in flags for flag in needed):
                return f"{self.message}; {text}"
        return f"{self.message}; {self.fallback}" if self.fallback else self.message


class InputError(LstmcastError):
    """Bad data, bad flags or bad usage: the user must change what they passed in."""

    exit_code = 2


class ColumnNotFound(InputError):
    """A column named by the user (or by a model file) is not in the file."""

    def __init__(self, path: str, column: str, role: str, available: str, flag: str,
                 searched=()):
        self.path, self.column, self.role = path, column, role
        self.searched = tuple(searched)  # the columns it was looked for among
        super().__init__(f"{path}: no column {column!r} for the {role}; available: {available}",
                         advice=[((flag,), f"fix the name given to {flag}")],
                         fallback="check the column names")


class FeatureWithoutValues(InputError):
    """A feature column that holds no value for a series (a panel skips the series)."""

    def __init__(self, where: str, column: str):
        self.column = column
        super().__init__(f"{where}: feature column {column!r} holds no value",
                         advice=[(("--features",), f"leave {column!r} out of --features")],
                         fallback="fill the column or leave it out of the features")


class SeveralSeries(InputError):
    """Rows that repeat their timestamps with columns that may name several series: a long
    file read without its id column."""

    def __init__(self, message: str, columns: list[str], why: str = "its timestamps repeat",
                 **advice):
        self.columns, self.why = columns, why
        super().__init__(message, **advice)


class DatesNotInFormat(InputError):
    """A time column that the date format given (by the user, or by a model file) does not
    read."""


class ModelFileError(LstmcastError):
    """A model file that is missing, truncated, tampered with or from another format version."""

    exit_code = 2


class TrainingError(LstmcastError):
    """Training could not produce a usable model (for instance it diverged)."""

    exit_code = 1


class StoppedMidway(KeyboardInterrupt):
    """Ctrl-C while tasks ran on a cluster: the results of those that had finished, by their
    index in the map, so a run can keep what was done as it does in one process."""

    def __init__(self, finished: dict):
        super().__init__()
        self.finished = finished


def behind(err: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl-C behind ``err``, if one is: a KeyboardInterrupt landing inside
    ``threading.Condition.wait`` (a future's ``result()``, an event's ``wait()``) between its
    release of the lock and its ``try`` leaves the lock unheld, and the ``with`` around it then
    raises 'cannot release un-acquired lock' in the interrupt's place."""
    seen = err
    while seen is not None and not isinstance(seen, KeyboardInterrupt):
        seen = seen.__context__
    return seen
