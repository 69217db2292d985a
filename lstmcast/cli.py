"""The command line: thin Typer commands over the library. Data goes to stdout, people's
messages to stderr; every failure is one line ``error: …`` and a non-zero exit code."""

from __future__ import annotations

import json
import os
import sys

import typer
from typer.core import TyperGroup

from .cli_options import config_option, option, settings_from
from .errors import LstmcastError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EPILOG_EXIT = "Exit codes: 0 ok, 1 failure, 2 bad input or usage, 130 interrupted."


class OneLineErrors(TyperGroup):
    """Runs the commands and turns every failure into one ``error:`` line and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        show_traceback = "--traceback" in args or os.environ.get("LSTMCAST_TRACEBACK") == "1"
        args = [a for a in args if a != "--traceback"]
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            _err("error: interrupted")
            code = EXIT_INTERRUPTED
        except LstmcastError as err:
            if show_traceback:
                raise
            _err(f"error: {_one_line(err.describe(self._flags_of(args)))}")
            code = err.exit_code
        except KeyboardInterrupt:
            _err("error: interrupted")
            code = EXIT_INTERRUPTED
        except Exception as err:
            if hasattr(err, "format_message") and hasattr(err, "exit_code"):
                # Typer's (Click's) own usage errors: bad option values, unknown options.
                ctx = getattr(err, "ctx", None)
                hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
                _err(f"error: {_one_line(err.format_message())}{hint}")
                code = err.exit_code
                if standalone_mode:
                    sys.exit(code)
                return code
            # Anything else is a bug: say so in one line, details with --traceback.
            if show_traceback:
                raise
            _err(f"error: internal error: {type(err).__name__}: {_one_line(str(err))} "
                 "(run again with --traceback and report it)")
            code = EXIT_FAILURE
        if standalone_mode:
            sys.exit(code or 0)
        return code


    def _flags_of(self, args: list[str]) -> set[str]:
        """The flags the command being run accepts: the advice an error may give."""
        name = next((a for a in args if a in self.commands), None)
        command = self.commands.get(name) if name else None
        if command is None:
            return set()
        return {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}


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


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _say(console, text: str, quiet: bool, style: str | None = None) -> None:
    if not quiet:
        console.print(text, markup=False, style=style, soft_wrap=True)


def _warn(text: str) -> None:
    _err(f"warning: {_one_line(text)}")


def default_metrics_path(model_path: str) -> str:
    root, ext = os.path.splitext(model_path)
    return (root if ext == ".lstmcast" else model_path) + ".metrics.json"


@app.command(epilog="Example: lstmcast train sample_data/btc_usd_daily.csv --horizon 7 "
             "--out btc.lstmcast\n\nMany series: lstmcast train stocks.csv --id-col symbol "
             "--horizon 5\n\n" + EPILOG_EXIT)
def train(
    ctx: typer.Context,
    data: str = typer.Argument(..., help="CSV file with a time column and the series ('-' for "
                                "stdin)."),
    target: str | None = option("target"),
    id_col: str | None = option("id_col"),
    time_col: str | None = option("time_col"),
    features: str | None = option("features"),
    date_format: str | None = option("date_format"),
    fill: str = option("fill"),
    duplicates: str = option("duplicates"),
    transform: str = option("transform"),
    lookback: int | None = option("lookback"),
    horizon: int = option("horizon"),
    patch: int | None = option("patch"),
    test_size: int | None = option("test_size"),
    val_size: int | None = option("val_size"),
    season: int | None = option("season"),
    hidden: int = option("hidden"),
    layers: int = option("layers"),
    dropout: float = option("dropout"),
    epochs: int | None = option("epochs"),
    batch_size: int | None = option("batch_size"),
    stride: int | None = option("stride"),
    ensemble: int = option("ensemble"),
    lr: float = option("lr"),
    weight_decay: float = option("weight_decay"),
    clip: float = option("clip"),
    loss: str = option("loss"),
    patience: int = option("patience"),
    seed: int = option("seed"),
    refit: bool = option("refit"),
    on_interrupt: str = option("on_interrupt"),
    out: str = option("out", "-o"),
    metrics_out: str | None = option("metrics_out"),
    quiet: bool = option("quiet", "-q"),
    config: str | None = config_option(),
):
    """Train a model on DATA and report its accuracy on a held-out test period.

    Reads the CSV, picks the time, target and (for many series) id columns and says which on
    stderr, cleans each series, trains one LSTM on windows of every series (each normalised by
    its own level, relative to a naive or seasonal naive base) with early stopping, scores
    rolling-origin forecasts of the last rows against naive, seasonal naive, drift and Naive2,
    then refits on all data and writes the model file and a metrics JSON.
    """
    from .progress import EpochProgress
    from .report import metrics_table
    from .train import train_file

    settings = settings_from(ctx, config)
    out = settings.output.out
    metrics_path = settings.output.metrics_out or default_metrics_path(out)
    settings = settings.replace(metrics_out=metrics_path)
    quiet = settings.output.quiet
    console = _console()
    try:
        with EpochProgress(console, enabled=not quiet) as progress:
            result = train_file(data, settings, on_epoch=progress.update,
                                on_note=lambda note: _say(console, note, quiet, "dim"),
                                on_compile=lambda: _err("compiling the LSTM kernels for this "
                                                        "CPU (first run only)…"),
                                on_warning=_warn)
    except KeyboardInterrupt:
        _err("error: interrupted; no model was written")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    training = result.manifest["training"]
    members = training["members"]
    _say(console, f"trained {members} network{'s' if members > 1 else ''}: "
         f"{', '.join(map(str, training['epochs_run']))} epochs (best validation epoch "
         f"{', '.join(map(str, training['best_epoch']))})"
         + (", then refit on all rows" if training["refit_on_all_data"] else ""), quiet)
    if not quiet:
        console.print(metrics_table(result.metrics, result.manifest))
    skill = result.metrics["skill"].get("model", result.metrics["skill"].get("naive"))
    if not result.metrics["beats_naive"]:
        _warn(f"the model does not beat the naive forecast (last value) on the test period "
              f"(skill {skill:+.3f}); treat its forecasts with care")
    _say(console, f"model: {out}\nmetrics: {metrics_path}", quiet)
    if result.interrupted:
        _err(f"error: interrupted; the best model so far was saved to {out}")
        raise typer.Exit(EXIT_INTERRUPTED)


@app.command(epilog="Example: lstmcast predict --model btc.lstmcast --format json "
             "--output forecast.json\n\nCron: 0 7 * * 1-5 cd /data && lstmcast predict "
             "prices.csv > forecast.csv\n\n" + EPILOG_EXIT)
def predict(
    ctx: typer.Context,
    data: str | None = typer.Argument(None, help="CSV with fresh data, '-' for stdin "
                                         "(default: the training CSV recorded in the model)."),
    model: str = option("model", "-m"),
    steps: int | None = typer.Option(None, "--horizon", help="Steps to output (at most "
                                        "the model's horizon; default: all)."),
    fmt: str = option("format", "-f"),
    output: str | None = option("output", "-o"),
    as_of: str | None = typer.Option(None, "--as-of", help="Forecast from the row at this "
                                        "timestamp instead of the last row (backtesting)."),
    only: str | None = typer.Option(None, "--id", help="Forecast only these series of a panel, "
                                       "comma-separated, e.g. 'AAPL,MSFT'."),
    decimals: int | None = option("decimals"),
    header: bool = option("header"),
    config: str | None = config_option(),
):
    """Forecast the steps after the last row of DATA with a trained model.

    Cleans the data as training did, takes the last window and writes one row per future step:
    the time column (continuing the series' frequency) and 'forecast', in the target's units.
    Only the forecast goes to stdout.
    """
    from .bundle import load_bundle
    from .forecast import forecast
    from .render import render

    run = settings_from(ctx, config, fmt="format").predict
    bundle = load_bundle(run.model)
    ids = [i.strip() for i in only.split(",") if i.strip()] if only else None
    fc = forecast(bundle, run.model, data, steps, as_of, ids)
    for warning in fc.warnings:
        _warn(warning)
    text = render(fc, run.format, run.decimals, run.header)
    if run.output:
        from .fsio import atomic_write_text

        atomic_write_text(run.output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


@app.command(epilog="Example: lstmcast info btc.lstmcast --json | jq .metrics.skill\n\n"
             + EPILOG_EXIT)
def info(
    ctx: typer.Context,
    model: str = typer.Argument("model.lstmcast", help="Model file."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole manifest as JSON."),
    config: str | None = config_option(),
):
    """Show what a model file holds: data, the settings it was trained with, training and test
    metrics."""
    from .bundle import load_bundle
    from .persist import FORMAT_VERSION

    model = settings_from(ctx, config).predict.model
    manifest = load_bundle(model).manifest  # the checks of predict: a file info shows works
    manifest = {"format_version": FORMAT_VERSION, **manifest}
    if as_json:
        sys.stdout.write(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        return
    from .report import manifest_summary

    manifest_summary(manifest, model)
