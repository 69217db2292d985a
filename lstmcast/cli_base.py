"""The command line's frame: the Typer app, its one error boundary and how messages reach people.
Data goes to stdout, people's messages to stderr; every failure is one line ``error: …`` and a
non-zero exit code."""

from __future__ import annotations

import gc
import os
import signal
import sys
import traceback
from contextlib import contextmanager

import typer
from typer.core import TyperGroup

from .errors import InputError, LstmcastError, behind
from .interrupts import heard_within, interrupt_heard

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EPILOG_EXIT = ("Exit codes: 0 ok, 1 failure, 2 bad input or usage, 130 interrupted, 143 "
               "stopped by SIGTERM.")


LISTS = ("--id", "--target", "--features", "--id-col")  # a flag whose one value lists names


class _Interrupted(Exception):
    """Ctrl-C in a command: Typer would turn its KeyboardInterrupt into a silent exit 130."""


def _program_name() -> str:
    """The command as Click names it in its own advice: 'python -m lstmcast' where run so."""
    from click.utils import _detect_program_name

    return _detect_program_name()


class OneLineErrors(TyperGroup):
    """Runs the commands and turns every failure into one ``error:`` line and an exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        show_traceback = "--traceback" in args or os.environ.get("LSTMCAST_TRACEBACK") == "1"
        args = [a for a in args if a != "--traceback"]
        # SIGTERM (``timeout``, systemd, a scheduler stopping a job) is handled as Ctrl-C is:
        # the run stops cleanly, writes nothing half-done (or keeps what --on-interrupt keep
        # keeps) and says so; the exit code is then 143
        with heard_within() as heard:
            code = self._run(args, prog_name, complete_var, show_traceback, **extra)
        if signal.SIGTERM in heard and code == EXIT_INTERRUPTED:
            code = 128 + signal.SIGTERM  # as a process the signal ended: 143
        if standalone_mode:
            sys.exit(code or 0)
        return code

    def _run(self, args, prog_name, complete_var, show_traceback, **extra) -> int:
        from .cli_options import FROM_CONFIG

        FROM_CONFIG.clear()  # this run's file's, not a run before it in this process
        if (repeated := self._repeated(args, prog_name)) is not None:
            _err(f"error: {repeated}")
            return EXIT_USAGE
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            _err("error: interrupted")
            code = EXIT_INTERRUPTED
        except LstmcastError as err:
            if show_traceback:  # the details, then the same line and exit code as without
                traceback.print_exc()
            _err(f"error: {_one_line(_as_config_says(err.describe(self._flags_of(args))))}")
            code = err.exit_code
        except (KeyboardInterrupt, _Interrupted):
            _err("error: interrupted")
            code = EXIT_INTERRUPTED
        except Exception as err:
            if behind(err) is not None or interrupt_heard():  # Ctrl-C, whose interrupt a
                # lock's error took the place of, or an import it broke ('numba' without 'core')
                _err("error: interrupted")
                return EXIT_INTERRUPTED
            if hasattr(err, "format_message") and hasattr(err, "exit_code"):
                # Typer's (Click's) own usage errors: bad option values, unknown options.
                ctx = getattr(err, "ctx", None)
                hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
                _err(f"error: {_one_line(err.format_message())}{hint}")
                return err.exit_code
            # Anything else is a bug: say so in one line, details with --traceback.
            if show_traceback:
                raise
            _err(f"error: internal error: {type(err).__name__}: {_one_line(str(err))} "
                 "(run again with --traceback and report it)")
            code = EXIT_FAILURE
        return code

    def _repeated(self, args: list[str], prog_name: str | None) -> str | None:
        """The error for an option of one value given twice, which Click would read as its
        last: '--id Japan --id Canada' forecast Canada alone."""
        name, command = self._command_of(args)
        if command is None:
            return None
        args = args[: args.index("--")] if "--" in args else args
        for param in command.params:
            if getattr(param, "multiple", True) or getattr(param, "is_flag", True):
                continue
            # '--model=m', and a short flag's value attached ('-mm.lstmcast', as Click reads it)
            given = [a for a in args if a in param.opts or a.startswith(
                tuple(f"{o}=" if o.startswith("--") else o for o in param.opts))]
            if len(given) > 1:
                flag = max(param.opts, key=len)
                several = " (several comma-separated: A,B)" if flag in LISTS else ""
                return (f"{flag} given {len(given)} times; it takes one value{several} "
                        f"(see '{prog_name or _program_name()} {name} --help')")
        return None

    def _flags_of(self, args: list[str]) -> set[str]:
        """The flags the command being run accepts: the advice an error may give."""
        command = self._command_of(args)[1]
        if command is None:
            return set()
        return {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}

    def _command_of(self, args: list[str]):
        """(name, command) of the command ``args`` run; (None, None) for none."""
        name = next((a for a in args if a in self.commands), None)
        return name, self.commands.get(name) if name else None


def _as_config_says(message: str) -> str:
    """``message`` naming the --config file's key where it starts with a flag whose value the
    file gave: '--horizon must be ...' of '[predict] steps = 10' names the file and the key."""
    from .cli_options import FROM_CONFIG

    flag = message.split(" ", 1)[0]
    if flag in FROM_CONFIG:
        message = FROM_CONFIG[flag] + message[len(flag):]
    for flag, key in FROM_CONFIG.items():  # '... fix the name given to --target'
        message = message.replace(f"given to {flag}", f"given to {key.split(': ', 1)[1]}")
    return message


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


app = typer.Typer(
    cls=OneLineErrors,
    add_completion=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Forecast a time series from a CSV with an LSTM.\n\n"
    "  lstmcast train prices.csv     learn a model, report its accuracy against baselines\n\n"
    "  lstmcast predict > fc.csv     forecast the next steps (e.g. from cron)\n\n"
    "  lstmcast backtest prices.csv  how it would have done at past cutoffs\n\n"
    "  lstmcast plot --out fc.png    a picture of the forecast and its intervals\n\n"
    "  lstmcast info                 show what a model file holds\n\n"
    "Add --traceback to any command to see the Python traceback of an error.",
    epilog=EPILOG_EXIT,
)


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"lstmcast {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _show_help_without_a_command(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and exit."),
):
    if ctx.invoked_subcommand is None:
        sys.stdout.write(ctx.get_help() + "\n")
        raise typer.Exit(EXIT_OK)


_own_process = False  # set by ``in_own_process``: the ``lstmcast`` script, one command, then exit


def in_own_process() -> None:
    """Say that this process runs one command and exits (the console script, ``console.main``)."""
    global _own_process
    _own_process = True
    sys.stderr = _MessagesTillClosed(sys.stderr)


class _MessagesTillClosed:
    """stderr that falls silent once its reader has gone (``train 2>&1 | head``): the
    messages are not the job, so training goes on and writes its model, where the first
    message after ``head`` exits would have ended the run with no model."""

    def __init__(self, stream):
        self._stream, self._gone = stream, False

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._gone = True
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._gone = True

    def __getattr__(self, name):
        return getattr(self._stream, name)


@contextmanager
def importing():
    """Around a command's own imports. In a process of its own, the garbage collector is held
    off while they load, and what they leave (~500k objects of pandas, numpy and the modules,
    alive until exit) is frozen out of every later collection: collecting them over and over,
    and again at exit, took ~0.15 s of a 0.8 s 'predict'. Other callers (tests, a program
    running ``app``) keep their collector as it is."""
    if not _own_process or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _say(console, text: str, quiet: bool, style: str | None = None) -> None:
    if not quiet:
        console.print(text, markup=False, style=style, soft_wrap=True)


def _warn(*texts: str) -> None:
    for text in texts:
        _err(f"warning: {_one_line(text)}")


def _deliver(text: str, path: str | None) -> None:
    """``text`` to the file ``path`` (atomically), or to stdout (also for ``-``)."""
    if path and path != "-":
        from .fsio import atomic_write_text

        atomic_write_text(path, text)
        return
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as err:  # a full disk, a closed pipe
        raise LstmcastError(f"cannot write to standard output ({err.strerror or err})",
                            fallback="check where the output goes") from None


def data_not_model(data: str | None) -> None:
    """Refuse a model file given as DATA ('predict M' for 'predict --model M')."""
    if data is not None and data.endswith(".lstmcast"):
        raise InputError(f"{data} is a model file, not data",
                         advice=[(("--model",), f"pass it as --model {data} (DATA is the CSV "
                                  "of fresh rows, by default the training CSV)")],
                         fallback="pass the model file as the model")


def _check_outputs(metrics_out: str | None, output: str | None, reads=(),
                   plot: str | None = None, appends: bool = False) -> None:
    """Refuse, before any work, --metrics-out - beside rows that go to stdout too (one stream,
    two documents), and an output that cannot be written or is one of the files the command
    ``reads`` (``fsio.check_writable``), or a file of another kind (``fsio.
    check_replaces_its_kind``; rows that ``appends`` go after their own, checked then)."""
    stdout = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")  # (a path of fd 1 too)
    if metrics_out in stdout and (output is None or output in stdout):
        raise InputError(f"--metrics-out {metrics_out} and the rows cannot both go to standard "
                         "output", fallback="pass --output FILE for the rows")
    from .bundle import check_not_replacing
    from .fsio import check_apart, check_png, check_replaces_its_kind, check_writable

    check_apart({"--metrics-out": metrics_out, "--output": output, "--plot": plot})
    if plot:
        check_png(plot)
    for target, kind in ((metrics_out, "metrics"), (output, "rows"), (plot, "plot")):
        if target is not None and target != "-":
            check_writable(target, reads)
            check_not_replacing(target, model=False)
            if not (appends and kind == "rows"):
                check_replaces_its_kind(target, kind)
